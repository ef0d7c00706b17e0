import { Grid, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ChartOption, EChart } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { defaultCountsPeriod, type LetterCountRow, useLetterCounts } from './api';
import { DateInput } from '../../components/DateInput';

/** Late and overdue dossiers of a period with and without a letter, by unit or by field, with a chart. */
export function LetterCountsTab() {
  const { t } = useTranslation();
  const period = defaultCountsPeriod();
  const [by, setBy] = useState<'unit' | 'field'>('unit');
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const counts = useLetterCounts(by, from, to, Boolean(from && to));
  const rows = useMemo(() => counts.data?.rows ?? [], [counts.data]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => (by === 'unit' ? r.key : r.name)) },
      series: [
        { name: t('apology.letters'), type: 'bar', stack: 'all', data: rows.map((r) => r.letters), itemStyle: { color: '#2f9e44' } },
        { name: t('apology.missing'), type: 'bar', stack: 'all', data: rows.map((r) => r.missing), itemStyle: { color: '#e03131' } },
      ],
    }),
    [rows, by, t],
  );
  const line = (r: LetterCountRow, testId?: string, bold = false) => (
    <Table.Tr key={r.key || 'total'} data-testid={testId} fw={bold ? 700 : undefined}>
      <Table.Td>{r.key === '' ? t('apology.total') : r.name}</Table.Td>
      <Table.Td ta="right">{r.late}</Table.Td>
      <Table.Td ta="right">{r.overdue}</Table.Td>
      <Table.Td ta="right">{r.letters}</Table.Td>
      <Table.Td ta="right">{r.missing}</Table.Td>
      <Table.Td ta="right">{r.issued}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack>
      <Grid gap="sm" rowGap="xs" align="flex-end">
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <DateInput label={t('apology.from')} value={from} onChange={setFrom} data-testid="counts-from" />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 3 }}>
          <DateInput label={t('apology.to')} value={to} onChange={setTo} data-testid="counts-to" />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <SegmentedControl
            value={by}
            onChange={(v) => setBy(v === 'field' ? 'field' : 'unit')}
            data={[
              { value: 'unit', label: t('apology.byUnit') },
              { value: 'field', label: t('apology.byField') },
            ]}
            data-testid="counts-by"
          />
        </Grid.Col>
      </Grid>
      <Text size="xs" c="dimmed">
        {t('apology.countsHint')}
      </Text>
      {counts.error && <ErrorAlert error={counts.error} />}
      <Table.ScrollContainer minWidth={560}>
        <Table withTableBorder striped data-testid="letter-counts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{by === 'unit' ? t('apology.unit') : t('apology.field')}</Table.Th>
              <Table.Th ta="right">{t('apology.lateCount')}</Table.Th>
              <Table.Th ta="right">{t('apology.overdueCount')}</Table.Th>
              <Table.Th ta="right">{t('apology.letters')}</Table.Th>
              <Table.Th ta="right">{t('apology.missing')}</Table.Th>
              <Table.Th ta="right">{t('apology.issuedInPeriod')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => line(r, `count-${r.key}`))}
            {counts.data && rows.length > 0 && line(counts.data.total, 'count-total', true)}
            <EmptyRow colSpan={6} show={!counts.isPending && rows.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length > 0 && (
        <EChart option={option} height={Math.max(160, rows.length * 28 + 60)} ariaLabel={t('apology.chartLabel')} testId="letter-counts-chart" />
      )}
    </Stack>
  );
}
