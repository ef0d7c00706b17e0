import { Anchor, Badge, Button, Card, Group, Pagination, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAddressParams } from '../../components/addressParams';
import { ErrorAlert } from '../../components/ErrorAlert';
import { foldedFilter } from '../../components/selectFilter';
import { EmptyRow } from '../../components/TableParts';
import { NotSubmittedBadge } from '../../components/NotSubmittedBadge';
import { formatDecimal } from '../../format';
import { criterionPath, STATUS_COLOR, STATUS_ORDER, useAppraisalWork, type AppraisalWorkItem, type WorkStatus } from './worklistApi';

const PAGE_SIZE = 50;

/**
 * The appraiser's work list: every unit × criterion of their department in the open rounds, with its status; counts
 * per status; filters by round, unit, field and status kept in the address. Each row opens the sheet at its criterion.
 */
export function AppraiserWorkPage() {
  const { t } = useTranslation();
  const { params, setParam, setParams } = useAddressParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filters = Object.fromEntries(['round', 'unit', 'field', 'status', 'department'].flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))) as Record<
    string,
    string
  >;
  const work = useAppraisalWork({ ...filters, limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  const data = work.data;
  const status = (params.get('status') as WorkStatus | null) ?? null;
  const filter = (key: string) => (value: string | null) => setParams({ [key]: value, page: null });
  const all = data ? STATUS_ORDER.reduce((s, k) => s + data.counts[k], 0) : 0;

  return (
    <Stack>
      <div>
        <Title order={2}>{t('worklists.appraisal.title')}</Title>
        <Text c="dimmed" size="sm" data-testid="work-department">
          {data?.department ? t('worklists.appraisal.department', { department: data.department }) : data ? t('worklists.appraisal.allDepartments') : ''}
        </Text>
      </div>
      {work.error && <ErrorAlert error={work.error} />}
      <Group gap="xs" data-testid="work-counts">
        <Button size="compact-sm" variant={status ? 'default' : 'filled'} onClick={() => filter('status')(null)} data-testid="work-count-all">
          {t('worklists.status.all')} · {all}
        </Button>
        {STATUS_ORDER.map((s) => (
          <Button
            key={s}
            size="compact-sm"
            color={STATUS_COLOR[s]}
            variant={status === s ? 'filled' : 'light'}
            onClick={() => filter('status')(status === s ? null : s)}
            data-testid={`work-count-${s}`}
          >
            {t(`worklists.status.${s}`)} · {data?.counts[s] ?? 0}
          </Button>
        ))}
      </Group>
      <Group gap="xs" grow preventGrowOverflow={false} wrap="wrap">
        <Select
          label={t('worklists.filters.round')}
          placeholder={t('worklists.filters.all')}
          clearable
          data={(data?.rounds ?? []).map((r) => ({ value: String(r.id), label: `${r.year} · ${r.blockName}` }))}
          value={params.get('round')}
          onChange={filter('round')}
          miw={180}
          data-testid="work-filter-round"
        />
        <Select
          label={t('worklists.filters.unit')}
          placeholder={t('worklists.filters.all')}
          clearable
          searchable
          filter={foldedFilter}
          data={(data?.units ?? []).map((u) => ({ value: u.code, label: `${u.code} · ${u.name}` }))}
          value={params.get('unit')}
          onChange={filter('unit')}
          miw={180}
          data-testid="work-filter-unit"
        />
        <Select
          label={t('worklists.filters.field')}
          placeholder={t('worklists.filters.all')}
          clearable
          data={(data?.fields ?? []).map((f) => ({ value: f.code, label: `${f.code}. ${f.title}` }))}
          value={params.get('field')}
          onChange={filter('field')}
          miw={180}
          data-testid="work-filter-field"
        />
        {data?.can.chooseDepartment && (
          <Select
            label={t('worklists.filters.department')}
            placeholder={t('worklists.filters.all')}
            clearable
            data={data.departments}
            value={params.get('department')}
            onChange={filter('department')}
            miw={140}
            data-testid="work-filter-department"
          />
        )}
      </Group>
      {data && (
        <Text size="sm" c="dimmed" data-testid="work-total">
          {t('worklists.appraisal.total', { count: data.total })}
        </Text>
      )}
      <WorkRows items={data?.items ?? []} loaded={work.isSuccess} showDepartment={Boolean(data?.can.chooseDepartment)} />
      {data && data.total > PAGE_SIZE && (
        <Pagination total={Math.ceil(data.total / PAGE_SIZE)} value={page} onChange={(p) => setParam('page', p === 1 ? null : String(p))} size="sm" />
      )}
    </Stack>
  );
}

function StatusBadge({ status }: { status: WorkStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" data-testid="work-status">
      {t(`worklists.status.${status}`)}
    </Badge>
  );
}

/** The criterion, linked to the sheet at that criterion when the caller may open it (after the unit's submission). */
function CriterionLink({ item }: { item: AppraisalWorkItem }) {
  const { t } = useTranslation();
  const label = `${item.criterionCode} ${item.title}`;
  if (!item.can.openSheet)
    return (
      <Text size="sm" title={t('worklists.appraisal.notSubmitted')}>
        {label}
      </Text>
    );
  return (
    <Anchor component={Link} to={criterionPath(item.roundId, item.unitCode, item.criterionCode)} size="sm" data-testid="work-open">
      {label}
    </Anchor>
  );
}

/** A table on a wide screen; one card per row on a phone, so nothing scrolls sideways. */
function WorkRows({ items, loaded, showDepartment }: { items: AppraisalWorkItem[]; loaded: boolean; showDepartment: boolean }) {
  const { t, i18n } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  const pts = (v: number | null) => formatDecimal(v, i18n.language);
  const rowId = (i: AppraisalWorkItem) => `work-row-${i.roundId}-${i.unitCode}-${i.criterionCode}`;
  if (phone)
    return (
      <Stack gap="xs" data-testid="work-list">
        {loaded && items.length === 0 && <Text c="dimmed">{t('common.noRows')}</Text>}
        {items.map((i) => (
          <Card key={rowId(i)} withBorder padding="xs" data-testid={rowId(i)}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={600}>
                {i.unitCode} · {i.unitName}
              </Text>
              <Group gap={4} wrap="nowrap">
                {i.missedSubmission && <NotSubmittedBadge size="sm" />}
                <StatusBadge status={i.status} />
              </Group>
            </Group>
            <CriterionLink item={i} />
            <Text size="xs" c="dimmed">
              {showDepartment ? `${t('worklists.appraisal.by', { department: i.department })} · ` : ''}
              {i.year} · {i.blockCode} · {t('worklists.columns.self')}: {pts(i.selfScore)} · {t('worklists.columns.appraised')}: {pts(i.appraisedScore)} /{' '}
              {pts(i.maxPoints)}
            </Text>
          </Card>
        ))}
      </Stack>
    );
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover data-testid="work-list">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('worklists.columns.round')}</Table.Th>
            <Table.Th>{t('worklists.columns.unit')}</Table.Th>
            <Table.Th>{t('worklists.columns.criterion')}</Table.Th>
            <Table.Th ta="right">{t('worklists.columns.self')}</Table.Th>
            <Table.Th ta="right">{t('worklists.columns.appraised')}</Table.Th>
            <Table.Th>{t('worklists.columns.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <EmptyRow colSpan={6} show={loaded && items.length === 0} />
          {items.map((i) => (
            <Table.Tr key={rowId(i)} data-testid={rowId(i)}>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {i.year} · {i.blockCode}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{i.unitCode}</Text>
                <Text size="xs" c="dimmed">
                  {i.unitName}
                </Text>
                {i.missedSubmission && <NotSubmittedBadge size="sm" />}
              </Table.Td>
              <Table.Td>
                <CriterionLink item={i} />
                {showDepartment && (
                  <Text size="xs" c="dimmed">
                    {t('worklists.appraisal.by', { department: i.department })}
                  </Text>
                )}
                {i.status === 'explanation_asked' || i.status === 'answered' ? (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {i.explanationAnswer ?? i.explanationRequest}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td ta="right">{i.notApplicable ? t('worklists.notApplicable') : pts(i.selfScore)}</Table.Td>
              <Table.Td ta="right">
                {pts(i.appraisedScore)} / {pts(i.maxPoints)}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={i.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
