import { Anchor, Button, Grid, Group, Menu, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconPlus, IconSearch, IconUpload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { matchesSearch } from '../../../../src/domain/text';
import { UNIT_STATUSES } from '../../../../src/domain/vocabulary';
import { useBlocks } from '../blocks/api';
import { type UnitImportResult, unitsApi, useRefreshUnits, useUnits } from './api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportModal } from '../../components/ImportModal';
import { StatusBadge } from '../../components/StatusBadge';
import { UnitCreateModal } from './UnitCreateModal';
import { EmptyRow } from '../../components/TableParts';
import { currentYear } from '../../format';
import { SearchSelect, blockOption } from '../../components/SearchSelect';

export function UnitsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshUnits();
  const [search, setSearch] = useState('');
  const [year, setYear] = useState<number | string>(currentYear());
  const [block, setBlock] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [createOpened, createModal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  const [importYear, setImportYear] = useState<number | string>(currentYear());

  const yearParam = typeof year === 'number' ? year : undefined;
  const units = useUnits({ year: yearParam, block: block ?? undefined, status: status ?? undefined });
  const blocks = useBlocks();
  const can = units.data?.can;

  // Search is local and diacritic-insensitive, so typing "so noi vu" finds "Sở Nội vụ" instantly.
  const rows = useMemo(
    () => (units.data?.items ?? []).filter((u) => matchesSearch(`${u.code} ${u.name} ${u.blockName ?? ''} ${u.parentCode ?? ''}`, search)),
    [units.data, search],
  );

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('units.title')}</Title>
        <Group gap="xs">
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="units-export">
                {t('common.export')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(['csv', 'xlsx'] as const).map((format) => (
                <Menu.Item key={format} component="a" href={unitsApi.exportUrl(format, yearParam)} download>
                  {format.toUpperCase()}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          {can?.import && (
            <Button variant="default" leftSection={<IconUpload size={16} />} onClick={importModal.open} data-testid="units-import">
              {t('common.import')}
            </Button>
          )}
          {can?.create && (
            <Button leftSection={<IconPlus size={16} />} onClick={createModal.open} data-testid="unit-create-button">
              {t('units.create')}
            </Button>
          )}
        </Group>
      </Group>

      <Grid gap="sm" rowGap="xs">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <TextInput
            label={t('common.search')}
            placeholder={t('units.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-testid="units-search"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 4, md: 2 }}>
          <NumberInput label={t('units.year')} value={year} onChange={setYear} min={2000} max={2100} data-testid="units-year" />
        </Grid.Col>
        <Grid.Col span={{ base: 8, md: 3 }}>
          <Select
            label={t('units.status')}
            data={UNIT_STATUSES.map((s) => ({ value: s, label: t(`unitStatus.${s}`) }))}
            value={status}
            onChange={setStatus}
            clearable
            placeholder={t('common.all')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <SearchSelect
            label={t('units.block')}
            data={(blocks.data ?? []).map(blockOption)}
            value={block}
            onChange={setBlock}
            clearable
            placeholder={t('common.all')}
          />
        </Grid.Col>
      </Grid>

      {units.error && <ErrorAlert error={units.error} />}

      <Text size="sm" c="dimmed" data-testid="units-count">
        {t('units.count', { count: rows.length })}
      </Text>

      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover withTableBorder data-testid="units-table">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('units.code')}</Table.Th>
              <Table.Th>{t('units.name')}</Table.Th>
              <Table.Th>{t('units.block')}</Table.Th>
              <Table.Th>{t('units.parent')}</Table.Th>
              <Table.Th>{t('units.status')}</Table.Th>
              <Table.Th>{t('units.validity')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((u) => (
              <Table.Tr
                key={u.code}
                style={{ cursor: 'pointer' }}
                onClick={() => navigate(`/units/${encodeURIComponent(u.code)}`)}
                data-testid={`unit-row-${u.code}`}
              >
                <Table.Td>
                  <Anchor component={Link} to={`/units/${encodeURIComponent(u.code)}`} onClick={(e) => e.stopPropagation()}>
                    {u.code}
                  </Anchor>
                </Table.Td>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td>{u.blockName ?? u.blockCode ?? '—'}</Table.Td>
                <Table.Td>{u.parentCode ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <StatusBadge status={u.status} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {u.validFromYear ?? '…'}–{u.validToYear ?? ''}
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={6} show={rows.length === 0 && !units.isPending} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {can?.create && <UnitCreateModal opened={createOpened} onClose={createModal.close} />}
      {can?.import && (
        <ImportModal<UnitImportResult>
          opened={importOpened}
          onClose={importModal.close}
          title={t('units.importTitle')}
          path={unitsApi.importPath}
          query={{ year: typeof importYear === 'number' ? importYear : undefined }}
          columns="code, name, block, parent_code"
          onImported={(r) => {
            refresh();
            notifications.show({ color: 'green', message: t('units.imported', r) });
            importModal.close();
          }}
        >
          <NumberInput label={t('units.importYear')} value={importYear} onChange={setImportYear} min={2000} max={2100} />
        </ImportModal>
      )}
    </Stack>
  );
}
