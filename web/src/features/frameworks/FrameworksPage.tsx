import { Anchor, Badge, Button, Grid, Group, NumberInput, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportModal } from '../../components/ImportModal';
import { EmptyRow } from '../../components/TableParts';
import { useLang, yearOptions } from '../../components/YearSelect';
import { SearchSelect, blockOption } from '../../components/SearchSelect';
import { currentYear, formatPoints } from '../../format';
import { useBlocks } from '../blocks/api';
import { frameworkImportPath, type FrameworkSummary, type ImportResponse, useFrameworks, useRefreshFrameworks } from './api';
import { useAddressParams } from '../../components/addressParams';

export const FRAMEWORK_COLUMNS = 'code, title, max_points, method, evidence_required, appraiser, guidance, formula, survey';
export const FRAMEWORK_FILE_TYPES = '.json,.csv,.xlsx,application/json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function InUseBadge({ inUse }: { inUse: boolean }) {
  const { t } = useTranslation();
  return inUse ? (
    <Badge color="teal" variant="light" data-testid="in-use-badge">
      {t('frameworks.inUse')}
    </Badge>
  ) : (
    <Badge color="gray" variant="outline">
      {t('frameworks.draft')}
    </Badge>
  );
}

export function FrameworksPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const refresh = useRefreshFrameworks();
  const { params, setParam } = useAddressParams();
  const year = Number(params.get('year')) || undefined;
  const block = params.get('block') || undefined;

  const frameworks = useFrameworks({ year, block });
  const blocks = useBlocks();
  const [importOpened, importModal] = useDisclosure(false);
  const [importYear, setImportYear] = useState<number | string>(currentYear());
  const [importBlock, setImportBlock] = useState<string | null>(null);
  const rows = frameworks.data?.items ?? [];
  const mayImport = frameworks.data?.can.import ?? false;
  const href = (f: FrameworkSummary) => `/frameworks/${f.id}`;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('frameworks.title')}</Title>
        {mayImport && (
          <Button leftSection={<IconUpload size={16} />} onClick={importModal.open} data-testid="frameworks-import">
            {t('frameworks.import')}
          </Button>
        )}
      </Group>

      <Grid gap="sm" rowGap="xs">
        <Grid.Col span={{ base: 5, sm: 3, md: 2 }}>
          <Select
            label={t('results.year')}
            data={yearOptions(year)}
            value={year ? String(year) : null}
            onChange={(v) => setParam('year', v)}
            clearable
            placeholder={t('common.all')}
            data-testid="frameworks-year"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 7, sm: 6, md: 4 }}>
          <SearchSelect
            label={t('results.block')}
            data={(blocks.data ?? []).map(blockOption)}
            value={block ?? null}
            onChange={(v) => setParam('block', v)}
            clearable
            placeholder={t('common.all')}
          />
        </Grid.Col>
      </Grid>

      {frameworks.error && <ErrorAlert error={frameworks.error} />}

      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover withTableBorder data-testid="frameworks-table">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('results.year')}</Table.Th>
              <Table.Th>{t('results.block')}</Table.Th>
              <Table.Th>{t('frameworks.revision')}</Table.Th>
              <Table.Th>{t('frameworks.name')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('frameworks.criterionCount')}</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>{t('frameworks.totalMax')}</Table.Th>
              <Table.Th>{t('frameworks.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((f) => (
              <Table.Tr
                key={f.id}
                style={{ cursor: 'pointer' }}
                onClick={() => navigate(href(f))}
                data-testid={`framework-row-${f.blockCode}-${f.year}-${f.revision}`}
              >
                <Table.Td>{f.year}</Table.Td>
                <Table.Td>
                  <Text size="sm">{f.blockName}</Text>
                  <Text size="xs" c="dimmed">
                    {f.blockCode}
                  </Text>
                </Table.Td>
                <Table.Td>{f.revision}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={href(f)} onClick={(e) => e.stopPropagation()} size="sm">
                    {f.name}
                  </Anchor>
                </Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{f.criterionCount}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{formatPoints(f.totalMax, lang)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <InUseBadge inUse={f.inUse} />
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={7} show={rows.length === 0 && !frameworks.isPending} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {mayImport && (
        <ImportModal<ImportResponse>
          opened={importOpened}
          onClose={importModal.close}
          title={t('frameworks.importTitle')}
          path={frameworkImportPath}
          query={{ year: typeof importYear === 'number' ? importYear : undefined, block: importBlock ?? undefined }}
          columns={FRAMEWORK_COLUMNS}
          description={t('frameworks.importHint', { columns: FRAMEWORK_COLUMNS })}
          accept={FRAMEWORK_FILE_TYPES}
          placeholder={t('frameworks.importChoose')}
          onImported={(r) => {
            void refresh();
            notifications.show({
              color: 'green',
              message: t('frameworks.imported', {
                name: r.framework.name,
                revision: r.framework.revision,
                classes: t(`frameworks.classesSource.${r.classesSource}`),
              }),
            });
            importModal.close();
            navigate(`/frameworks/${r.framework.id}`);
          }}
        >
          <Group grow align="flex-start">
            <NumberInput label={t('results.year')} value={importYear} onChange={setImportYear} min={2000} max={2100} data-testid="framework-import-year" />
            <SearchSelect
              label={t('results.block')}
              data={(blocks.data ?? []).map((b) => ({ value: b.code, label: `${b.code} · ${b.name}` }))}
              value={importBlock}
              onChange={setImportBlock}
              clearable
              data-testid="framework-import-block"
            />
          </Group>
        </ImportModal>
      )}
    </Stack>
  );
}
