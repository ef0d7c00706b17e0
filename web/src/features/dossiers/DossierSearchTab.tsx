import { Anchor, Badge, Card, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useAddressParams } from '../../components/addressParams';
import { displayDate } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { type DossierListItem, type DossierSearchQuery, useDossierSearch } from './api';
import { DossierFilters } from './DossierFilters';
import { FILTER_KEYS, type FilterKey, STANDING_COLORS } from './labels';

const PAGE_SIZE = 20;

/** "dd/mm/yyyy" of an instant in the province's time zone. */
const dateOf = (instant: string | null) => (instant ? formatDateTime(instant).slice(0, 10) : '—');

export function StandingBadge({ dossier }: { dossier: Pick<DossierListItem, 'code' | 'timeliness'> }) {
  const { t } = useTranslation();
  if (!dossier.timeliness)
    return (
      <Badge color="gray" variant="light" data-testid={`timeliness-${dossier.code}`}>
        {t('dossiers.timeliness.none')}
      </Badge>
    );
  return (
    <Badge color={STANDING_COLORS[dossier.timeliness]} variant="light" data-testid={`timeliness-${dossier.code}`}>
      {t(`dossiers.timeliness.${dossier.timeliness}`)}
    </Badge>
  );
}

const detailPath = (code: string, search: string) => `/dossiers/${encodeURIComponent(code)}${search ? `?back=${encodeURIComponent(search)}` : ''}`;

/** A dossier as a card: the phone's list (no sideways scrolling). */
function DossierCard({ d, search }: { d: DossierListItem; search: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" component={Link} to={detailPath(d.code, search)} data-testid={`dossier-${d.code}`}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={600} size="sm" style={{ wordBreak: 'break-all' }}>
          {d.code}
        </Text>
        <StandingBadge dossier={d} />
      </Group>
      <Text size="sm">{d.procedureName}</Text>
      <Text size="xs" c="dimmed">
        {d.unitName} · {t(`dossiers.channel.${d.channel}`)} · {t(`dossiers.dossierStatus.${d.status}`)}
      </Text>
      <Text size="xs" c="dimmed">
        {t('dossiers.search.received')} {dateOf(d.receivedAt)} · {t('dossiers.search.due')} {displayDate(d.dueDate)}
        {d.resolvedAt ? ` · ${t('dossiers.search.resolved')} ${dateOf(d.resolvedAt)}` : ''}
        {d.hasLetter ? ` · ${t('dossiers.search.letter')} ✓` : ''}
      </Text>
    </Card>
  );
}

/** The dossier list and search (every role; unit staff see their own unit): filters kept in the address. */
export function DossierSearchTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 48em)');
  const { params, setParams } = useAddressParams();
  const value = (key: FilterKey) => params.get(key) ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: DossierSearchQuery = { page, pageSize: PAGE_SIZE };
  for (const key of FILTER_KEYS) {
    const v = params.get(key);
    if (v) (query as Record<string, string>)[key] = v;
  }
  const list = useDossierSearch(query);
  const data = list.data;
  // A new filter starts again at page 1.
  const update = (patch: Partial<Record<FilterKey, string | null>>) => setParams({ ...patch, page: null });
  const clear = () => setParams(Object.fromEntries([...FILTER_KEYS, 'page'].map((k) => [k, null])));
  const items = data?.items ?? [];
  const reachable = Math.min(data?.total ?? 0, 10_000);
  const pages = Math.ceil(reachable / PAGE_SIZE);
  const search = params.toString();

  return (
    <Stack>
      <DossierFilters value={value} update={update} clear={clear} chooseUnit={data ? data.scopeUnitCode === null : false} />
      {list.error && <ErrorAlert error={list.error} />}
      {data && (
        <Group justify="space-between" gap="xs">
          <Text size="sm" fw={500} data-testid="dossier-total">
            {data.totalIsLowerBound ? t('dossiers.search.totalMore', { count: data.total }) : t('dossiers.search.total', { count: data.total })}
            {data.scopeUnitCode ? ` · ${t('dossiers.search.scopeUnit', { unit: data.scopeUnitName ?? data.scopeUnitCode })}` : ''}
          </Text>
          <Text size="xs" c="dimmed">
            {t('dossiers.search.asOf', { date: displayDate(data.asOf) })}
          </Text>
        </Group>
      )}
      {phone ? (
        <Stack gap="xs" data-testid="dossier-list">
          {items.map((d) => (
            <DossierCard key={d.code} d={d} search={search} />
          ))}
          {!list.isPending && items.length === 0 && (
            <Text c="dimmed" ta="center" py="md">
              {t('dossiers.search.empty')}
            </Text>
          )}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table withTableBorder striped highlightOnHover data-testid="dossier-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dossiers.search.code')}</Table.Th>
                <Table.Th>{t('dossiers.search.unit')}</Table.Th>
                <Table.Th>{t('dossiers.detail.procedure')}</Table.Th>
                <Table.Th>{t('dossiers.search.channel')}</Table.Th>
                <Table.Th>{t('dossiers.search.status')}</Table.Th>
                <Table.Th>{t('dossiers.search.received')}</Table.Th>
                <Table.Th>{t('dossiers.search.due')}</Table.Th>
                <Table.Th>{t('dossiers.search.resolved')}</Table.Th>
                <Table.Th>{t('dossiers.search.timeliness')}</Table.Th>
                <Table.Th>{t('dossiers.search.letter')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.code} data-testid={`dossier-${d.code}`} style={{ cursor: 'pointer' }} onClick={() => navigate(detailPath(d.code, search))}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Anchor
                      component={Link}
                      to={detailPath(d.code, search)}
                      size="sm"
                      aria-label={t('dossiers.search.open', { code: d.code })}
                      onClick={(e) => e.stopPropagation()}
                    >
                      {d.code}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{d.unitName}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.procedureName}</Text>
                    <Text size="xs" c="dimmed">
                      {d.field}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(`dossiers.channel.${d.channel}`)}</Table.Td>
                  <Table.Td>{t(`dossiers.dossierStatus.${d.status}`)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateOf(d.receivedAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{displayDate(d.dueDate)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateOf(d.resolvedAt)}</Table.Td>
                  <Table.Td>
                    <StandingBadge dossier={d} />
                  </Table.Td>
                  <Table.Td>
                    {d.hasLetter ? (
                      <Badge color="green" variant="light">
                        {t('dossiers.search.hasLetter')}
                      </Badge>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
              <EmptyRow colSpan={10} show={!list.isPending && items.length === 0} />
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages > 1 && (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={(p) => setParams({ page: p > 1 ? String(p) : null })}
          size="sm"
          siblings={phone ? 0 : 1}
          data-testid="dossier-pages"
        />
      )}
    </Stack>
  );
}
