import { Anchor, Grid, Group, Loader, Pagination, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicPage } from '../../components/PublicPage';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { EmptyRow } from '../../components/TableParts';
import { type PublicProcedure, usePublicProcedureFacets, usePublicProcedures } from './api';
import { OnlineLevelBadge, useFeeText } from './ProcedureParts';
import { useAddressParams } from '../../components/addressParams';

const PAGE_SIZE = 20;

/** One procedure as a card: the phone layout. */
function ProcedureCard({ p }: { p: PublicProcedure }) {
  const { t } = useTranslation();
  const feeText = useFeeText();
  return (
    <Paper withBorder p="sm" data-testid={`public-procedure-${p.code}`}>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text fw={600} size="sm">
            {p.name}
          </Text>
          <OnlineLevelBadge level={p.onlineLevel} />
        </Group>
        <Text size="xs" c="dimmed">
          {p.code} · {p.field}
        </Text>
        <Text size="sm">
          {t('procedures.publicResolvedBy')}: {p.unitName}
        </Text>
        <Group gap="md">
          <Text size="sm">
            {t('procedures.publicTimeLimit')}: {t('procedures.days', { count: p.internalDays })}
          </Text>
          <Text size="sm">
            {t('procedures.fee')}: {feeText(p.fee)}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}

/**
 * The published procedure catalogue without signing in: a search that ignores diacritics ("thuong mai" finds
 * "thương mại"), filters by unit and field, pages of 20. The search and filters live in the address, so a
 * search can be shared as a link.
 */
export function PublicProceduresPage() {
  const { t } = useTranslation();
  const feeText = useFeeText();
  const phone = useMediaQuery('(max-width: 48em)');
  const { params, setParams } = useAddressParams();
  const q = params.get('q') ?? '';
  const unit = params.get('unit');
  const field = params.get('field');
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [typed, setTyped] = useState(q);
  const [debounced] = useDebouncedValue(typed, 300);

  // A new filter starts again on page 1.
  const setParam = (values: Record<string, string | null>) => setParams('page' in values ? values : { ...values, page: null });
  // Only the debounced typing writes the address; the address changing (back, a link) must not re-run it.
  useEffect(() => {
    if (debounced.trim() !== q) setParam({ q: debounced.trim() || null });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const facets = usePublicProcedureFacets();
  const list = usePublicProcedures({ q: q || undefined, unit: unit ?? undefined, field: field ?? undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;

  return (
    <PublicPage title={t('procedures.publicTitle')} subtitle={t('procedures.publicSubtitle')}>
      <Paper withBorder p="sm">
        <Grid gap="sm" rowGap="xs" align="flex-end">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput
              label={t('procedures.publicSearch')}
              placeholder={t('procedures.publicSearchPlaceholder')}
              leftSection={<IconSearch size={16} />}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              type="search"
              data-testid="public-procedures-search"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <SearchSelect
              label={t('procedures.unit')}
              data={(facets.data?.units ?? []).map(unitOption)}
              value={unit}
              onChange={(v) => setParam({ unit: v })}
              clearable
              placeholder={t('procedures.all')}
              data-testid="public-procedures-unit"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <SearchSelect
              label={t('procedures.field')}
              data={facets.data?.fields ?? []}
              value={field}
              onChange={(v) => setParam({ field: v })}
              clearable
              placeholder={t('procedures.all')}
              data-testid="public-procedures-field"
            />
          </Grid.Col>
        </Grid>
      </Paper>

      {list.error && <ErrorAlert error={list.error} />}
      <Group gap="xs">
        <Text size="sm" c="dimmed" data-testid="public-procedures-count">
          {t('procedures.publicFound', { count: total })}
        </Text>
        {list.isFetching && <Loader size="xs" />}
      </Group>

      {phone ? (
        <Stack gap="xs" data-testid="public-procedures-cards">
          {items.map((p) => (
            <ProcedureCard key={p.code} p={p} />
          ))}
          {items.length === 0 && !list.isPending && (
            <Text c="dimmed" ta="center" py="md">
              {t('common.noRows')}
            </Text>
          )}
        </Stack>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover data-testid="public-procedures-table">
              <Table.Thead style={{ whiteSpace: 'nowrap' }}>
                <Table.Tr>
                  <Table.Th>{t('procedures.code')}</Table.Th>
                  <Table.Th>{t('procedures.name')}</Table.Th>
                  <Table.Th>{t('procedures.field')}</Table.Th>
                  <Table.Th>{t('procedures.publicResolvedBy')}</Table.Th>
                  <Table.Th ta="right">{t('procedures.publicTimeLimit')}</Table.Th>
                  <Table.Th>{t('procedures.online')}</Table.Th>
                  <Table.Th ta="right">{t('procedures.fee')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => (
                  <Table.Tr key={p.code} data-testid={`public-procedure-${p.code}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.code}</Table.Td>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>{p.field}</Table.Td>
                    <Table.Td>{p.unitName}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {t('procedures.days', { count: p.internalDays })}
                    </Table.Td>
                    <Table.Td>
                      <OnlineLevelBadge level={p.onlineLevel} />
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {feeText(p.fee)}
                    </Table.Td>
                  </Table.Tr>
                ))}
                <EmptyRow colSpan={7} show={items.length === 0 && !list.isPending} />
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {total > PAGE_SIZE && (
        <Group justify="center">
          <Pagination
            total={Math.ceil(total / PAGE_SIZE)}
            value={page}
            onChange={(p) => setParam({ page: p > 1 ? String(p) : null })}
            size="sm"
            siblings={phone ? 0 : 1}
            data-testid="public-procedures-pages"
          />
        </Group>
      )}

      <Group justify="center" gap="lg">
        <Anchor component={Link} to="/public/results" size="xs">
          {t('procedures.publicResultsLink')}
        </Anchor>
        <Anchor component={Link} to="/login" size="xs">
          {t('procedures.staffSignIn')}
        </Anchor>
      </Group>
    </PublicPage>
  );
}
