import { Button, Grid, Group, Menu, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { PieChart, type PieSeriesOption } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useBlocks, useUnits } from '../../api/queries';
import { CHANNELS, type Channel, type DashboardParams, type TimelinessDashboard, type TimelinessFigures, timelinessReportUrl, useTimelinessDashboard } from '../../api/timeliness';
import { useSession } from '../../auth/session';
import { type ChartOption, EChart } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchSelect, blockOption, unitOption } from '../../components/SearchSelect';
import { EmptyRow } from '../../components/TableParts';
import { YearSelect, useLang } from '../../components/results/parts';
import { currentYear, formatDecimal } from '../../format';

// The channel chart is a pie: registered here, beside the bars and lines EChart.tsx registers for every page.
echarts.use([PieChart]);

const COLORS = { received: '#228be6', resolved: '#40c057', early: '#12b886', onTime: '#82c91e', late: '#fa5252', overdue: '#fd7e14' };
const CHANNEL_COLORS: Record<Channel, string> = { direct: '#228be6', online: '#12b886', postal: '#fab005' };
/** The stacked per-unit chart shows the units with the lowest on-time rate, so it stays readable on a phone. */
const MAX_CHART_UNITS = 20;

function useFormat() {
  const lang = useLang();
  const locale = lang === 'en' ? 'en-US' : 'vi-VN';
  return useMemo(() => {
    const count = new Intl.NumberFormat(locale);
    return {
      count: (n: number) => count.format(n),
      /** "86,21 %" in Vietnamese, "86.21 %" in English; "—" when there is no rate. */
      rate: (r: string | null) => (r === null ? '—' : `${formatDecimal(Number(r), lang)} %`),
    };
  }, [lang, locale]);
}

function Kpi({ label, value, color, testId }: { label: string; value: string; color?: string; testId: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lh={1.2}>
        {label}
      </Text>
      <Text fw={700} fz={{ base: 'lg', sm: 'xl' }} c={color} data-testid={`${testId}-value`}>
        {value}
      </Text>
    </Paper>
  );
}

function KpiCards({ totals }: { totals: TimelinessFigures }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" data-testid="timeliness-kpis">
      <Kpi label={t('timeliness.kpi.received')} value={f.count(totals.received)} testId="kpi-received" />
      <Kpi label={t('timeliness.kpi.resolved')} value={f.count(totals.resolved)} testId="kpi-resolved" />
      <Kpi label={t('timeliness.kpi.early')} value={f.count(totals.early)} color="teal" testId="kpi-early" />
      <Kpi label={t('timeliness.kpi.onTime')} value={f.count(totals.onTime)} color="lime.8" testId="kpi-on-time" />
      <Kpi label={t('timeliness.kpi.late')} value={f.count(totals.late)} color="red" testId="kpi-late" />
      <Kpi label={t('timeliness.kpi.overdue')} value={f.count(totals.overdue)} color="orange" testId="kpi-overdue" />
      <Kpi label={t('timeliness.kpi.onTimeRate')} value={f.rate(totals.onTimeRate)} testId="kpi-on-time-rate" />
      <Kpi label={t('timeliness.kpi.onlineShare')} value={f.rate(totals.onlineShare)} testId="kpi-online-share" />
    </SimpleGrid>
  );
}

function TrendChart({ data }: { data: TimelinessDashboard }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.months.map((m) => t('timeliness.charts.month', { month: m.month })) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('timeliness.kpi.received'), type: 'bar', data: data.months.map((m) => m.received), itemStyle: { color: COLORS.received } },
        { name: t('timeliness.kpi.resolved'), type: 'bar', data: data.months.map((m) => m.resolved), itemStyle: { color: COLORS.resolved } },
        { name: t('timeliness.kpi.late'), type: 'line', data: data.months.map((m) => m.late), itemStyle: { color: COLORS.late }, lineStyle: { color: COLORS.late } },
      ],
    }),
    [data, t],
  );
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
      <Title order={4} mb="xs">
        {t('timeliness.charts.trend')}
      </Title>
      <EChart option={option} height={300} ariaLabel={t('timeliness.charts.trendAria')} testId="chart-trend" />
    </Paper>
  );
}

function UnitsChart({ data }: { data: TimelinessDashboard }) {
  const { t } = useTranslation();
  const withResolved = data.units.filter((u) => u.resolved > 0);
  // Lowest on-time rate first (the ones to look at), at most MAX_CHART_UNITS; drawn bottom-up so the worst is on top.
  const shown = [...withResolved]
    .sort((a, b) => Number(a.onTimeRate) - Number(b.onTimeRate) || a.unitCode.localeCompare(b.unitCode))
    .slice(0, MAX_CHART_UNITS)
    .reverse();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: shown.map((u) => u.unitCode) },
      series: (
        [
          ['early', COLORS.early],
          ['onTime', COLORS.onTime],
          ['late', COLORS.late],
        ] as const
      ).map(([key, color]) => ({
        name: t(`timeliness.kpi.${key}`),
        type: 'bar' as const,
        stack: 'resolved',
        data: shown.map((u) => u[key]),
        itemStyle: { color },
      })),
    }),
    [shown, t],
  );
  if (shown.length === 0) return null;
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
      <Title order={4}>{t('timeliness.charts.byUnit')}</Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('timeliness.charts.byUnitHint', { shown: shown.length, total: withResolved.length })}
      </Text>
      <EChart option={option} height={Math.max(220, 60 + shown.length * 26)} ariaLabel={t('timeliness.charts.byUnitAria')} testId="chart-units" />
    </Paper>
  );
}

function ChannelChart({ data }: { data: TimelinessDashboard }) {
  const { t } = useTranslation();
  const lang = useLang();
  const series: PieSeriesOption = {
    type: 'pie',
    radius: ['35%', '65%'],
    top: 24,
    // The names are in the legend; the slice shows its share ("71,9 %").
    label: { formatter: (p) => `${formatDecimal(p.percent ?? 0, lang, 1)} %` },
    data: data.channels.filter((c) => c.received > 0).map((c) => ({ name: t(`timeliness.channel.${c.channel}`), value: c.received, itemStyle: { color: CHANNEL_COLORS[c.channel] } })),
  };
  // EChart's option type lists bars and lines; the pie series is registered above.
  const option = { tooltip: { trigger: 'item' }, legend: { top: 0 }, series: [series] } as unknown as ChartOption;
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }} h="100%">
      <Title order={4} mb="xs">
        {t('timeliness.charts.channels')}
      </Title>
      <EChart option={option} height={280} ariaLabel={t('timeliness.charts.channelsAria')} testId="chart-channels" />
    </Paper>
  );
}

function WorstProcedures({ data }: { data: TimelinessDashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }} h="100%">
      <Title order={4} mb="xs">
        {t('timeliness.worst.title')}
      </Title>
      <Table.ScrollContainer minWidth={520}>
        <Table striped withTableBorder data-testid="worst-procedures">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('timeliness.worst.procedure')}</Table.Th>
              <Table.Th>{t('timeliness.worst.unit')}</Table.Th>
              <Table.Th ta="right">{t('timeliness.worst.late')}</Table.Th>
              <Table.Th ta="right">{t('timeliness.worst.resolved')}</Table.Th>
              <Table.Th ta="right">{t('timeliness.worst.rate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.worstProcedures.map((p) => (
              <Table.Tr key={`${p.procedureCode}-${p.unitCode}`} data-testid={`worst-${p.procedureCode}-${p.unitCode}`}>
                <Table.Td>
                  <Text size="sm">{p.procedureName}</Text>
                  <Text size="xs" c="dimmed">
                    {p.procedureCode}
                  </Text>
                </Table.Td>
                <Table.Td>{p.unitName || p.unitCode}</Table.Td>
                <Table.Td ta="right" c="red" fw={600}>
                  {f.count(p.late)}
                </Table.Td>
                <Table.Td ta="right">{f.count(p.resolved)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {f.rate(p.onTimeRate)}
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={5} show={data.worstProcedures.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** A table of figures per unit or per field. */
function FiguresTable<T extends TimelinessFigures>({ title, head, rows, label, rowKey, testId }: { title: string; head: string; rows: T[]; label: (r: T) => string; rowKey: (r: T) => string; testId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
      <Title order={4} mb="xs">
        {title}
      </Title>
      <Table.ScrollContainer minWidth={760}>
        <Table striped withTableBorder data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{head}</Table.Th>
              {(['received', 'resolved', 'early', 'onTime', 'late', 'overdue', 'onTimeRate', 'onlineShare'] as const).map((k) => (
                <Table.Th key={k} ta="right">
                  {t(`timeliness.kpi.${k}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={rowKey(r)} data-testid={`${testId}-${rowKey(r)}`}>
                <Table.Td>{label(r)}</Table.Td>
                <Table.Td ta="right">{f.count(r.received)}</Table.Td>
                <Table.Td ta="right">{f.count(r.resolved)}</Table.Td>
                <Table.Td ta="right">{f.count(r.early)}</Table.Td>
                <Table.Td ta="right">{f.count(r.onTime)}</Table.Td>
                <Table.Td ta="right">{f.count(r.late)}</Table.Td>
                <Table.Td ta="right">{f.count(r.overdue)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {f.rate(r.onTimeRate)}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {f.rate(r.onlineShare)}
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={9} show={rows.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

const UNIT_ROLES = new Set(['unit_officer', 'unit_leader']);

export function TimelinessDashboardPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const unitUser = !!user && UNIT_ROLES.has(user.role);
  const [search, setSearch] = useSearchParams();
  const year = Number(search.get('year')) || currentYear();
  const get = (key: string) => search.get(key) || undefined;
  const channelParam = get('channel');
  const params: DashboardParams = {
    year,
    block: get('block'),
    unit: unitUser ? (user?.unitCode ?? undefined) : get('unit'),
    field: get('field'),
    channel: CHANNELS.includes(channelParam as Channel) ? (channelParam as Channel) : undefined,
    asOf: get('asOf'),
  };
  const setParam = (key: string, value: string | null) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const blocks = useBlocks();
  const units = useUnits({ year, block: params.block });
  const dashboard = useTimelinessDashboard(params);
  // The field list comes from the same figures without a field filter (the cached query when none is chosen).
  const allFields = useTimelinessDashboard({ ...params, field: undefined });
  const data = dashboard.data;
  const fieldOptions = (allFields.data?.fields ?? []).map((f) => f.field);
  if (params.field && !fieldOptions.includes(params.field)) fieldOptions.push(params.field);
  const empty = data && data.totals.received + data.totals.resolved + data.totals.overdue === 0;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>{t('timeliness.title')}</Title>
          {data && (
            <Text size="sm" c="dimmed" data-testid="timeliness-subtitle">
              {t('timeliness.subtitle', { year: data.year, asOf: data.asOf.split('-').reverse().join('/') })}
              {data.view === 'unit' && data.filters.unit ? ` · ${t('timeliness.unitView', { unit: data.units[0]?.unitName || data.filters.unit })}` : ''}
            </Text>
          )}
        </Stack>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="timeliness-download">
              {t('timeliness.download')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(
              [
                ['csv', 'unit', 'downloadCsv'],
                ['xlsx', 'unit', 'downloadXlsx'],
                ['csv', 'field', 'downloadCsvByField'],
                ['xlsx', 'field', 'downloadXlsxByField'],
              ] as const
            ).map(([format, by, label]) => (
              <Menu.Item
                key={`${format}-${by}`}
                component="a"
                href={timelinessReportUrl({ year, unit: params.unit, asOf: params.asOf, by, format })}
                download
                data-testid={`timeliness-download-${format}-${by}`}
              >
                {t(`timeliness.${label}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>

      <Grid gap="sm" rowGap="xs">
        <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
          <YearSelect label={t('timeliness.filters.year')} value={year} onChange={(y) => setParam('year', String(y))} testId="timeliness-year" />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
          <TextInput
            type="date"
            label={t('timeliness.filters.asOf')}
            value={params.asOf ?? ''}
            onChange={(e) => setParam('asOf', e.currentTarget.value || null)}
            data-testid="timeliness-as-of"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
          <SearchSelect
            label={t('timeliness.filters.block')}
            placeholder={t('timeliness.filters.all')}
            data={(blocks.data ?? []).map(blockOption)}
            value={params.block ?? null}
            onChange={(v) => setParam('block', v)}
            clearable
            disabled={unitUser}
            data-testid="timeliness-block"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4, md: 2 }}>
          <SearchSelect
            label={t('timeliness.filters.channel')}
            placeholder={t('timeliness.filters.all')}
            data={CHANNELS.map((c) => ({ value: c, label: t(`timeliness.channel.${c}`) }))}
            value={params.channel ?? null}
            onChange={(v) => setParam('channel', v)}
            clearable
            data-testid="timeliness-channel"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4, md: 2 }}>
          <SearchSelect
            label={t('timeliness.filters.unit')}
            placeholder={t('timeliness.filters.all')}
            data={unitUser && user?.unitCode ? [unitOption({ code: user.unitCode, name: user.unitName ?? user.unitCode })] : (units.data?.items ?? []).map(unitOption)}
            value={params.unit ?? null}
            onChange={(v) => setParam('unit', v)}
            clearable={!unitUser}
            disabled={unitUser}
            data-testid="timeliness-unit"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4, md: 2 }}>
          <SearchSelect
            label={t('timeliness.filters.field')}
            placeholder={t('timeliness.filters.all')}
            data={fieldOptions}
            value={params.field ?? null}
            onChange={(v) => setParam('field', v)}
            clearable
            data-testid="timeliness-field"
          />
        </Grid.Col>
      </Grid>

      {dashboard.error && <ErrorAlert error={dashboard.error} />}
      {data && (
        <Stack data-testid="timeliness-dashboard" data-view={data.view}>
          <KpiCards totals={data.totals} />
          {empty && (
            <Text c="dimmed" data-testid="timeliness-empty">
              {t('timeliness.empty')}
            </Text>
          )}
          <TrendChart data={data} />
          {data.view === 'province' && <UnitsChart data={data} />}
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, md: 5 }}>
              <ChannelChart data={data} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <WorstProcedures data={data} />
            </Grid.Col>
          </Grid>
          {data.view === 'province' && (
            <FiguresTable
              title={t('timeliness.units.title')}
              head={t('timeliness.units.unit')}
              rows={data.units}
              label={(u) => `${u.unitName} (${u.unitCode})`}
              rowKey={(u) => u.unitCode}
              testId="timeliness-units"
            />
          )}
          <FiguresTable title={t('timeliness.fields.title')} head={t('timeliness.fields.field')} rows={data.fields} label={(f) => f.field} rowKey={(f) => f.field} testId="timeliness-fields" />
        </Stack>
      )}
    </Stack>
  );
}
