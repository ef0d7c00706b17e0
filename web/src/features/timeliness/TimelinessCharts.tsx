import { Paper, Text, Title } from '@mantine/core';
import { PieChart, type PieSeriesOption } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type ChartOption, EChart } from '../../components/EChart';
import { useLang } from '../../components/YearSelect';
import { formatDecimal } from '../../format';
import type { Channel, TimelinessDashboard } from './api';

// The channel chart is a pie: registered here, beside the bars and lines EChart.tsx registers for every page.
echarts.use([PieChart]);

const COLORS = { received: '#228be6', resolved: '#40c057', early: '#12b886', onTime: '#82c91e', late: '#fa5252', overdue: '#fd7e14' };
const CHANNEL_COLORS: Record<Channel, string> = { direct: '#228be6', online: '#12b886', postal: '#fab005' };
/** The stacked per-unit chart shows the units with the lowest on-time rate, so it stays readable on a phone. */
const MAX_CHART_UNITS = 20;

export function TrendChart({ data }: { data: TimelinessDashboard }) {
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
        {
          name: t('timeliness.kpi.late'),
          type: 'line',
          data: data.months.map((m) => m.late),
          itemStyle: { color: COLORS.late },
          lineStyle: { color: COLORS.late },
        },
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

export function UnitsChart({ data }: { data: TimelinessDashboard }) {
  const { t } = useTranslation();
  const withResolved = useMemo(() => data.units.filter((u) => u.resolved > 0), [data.units]);
  // Lowest on-time rate first (the ones to look at), at most MAX_CHART_UNITS; drawn bottom-up so the worst is on top.
  const shown = useMemo(
    () =>
      [...withResolved]
        .sort((a, b) => Number(a.onTimeRate) - Number(b.onTimeRate) || a.unitCode.localeCompare(b.unitCode))
        .slice(0, MAX_CHART_UNITS)
        .reverse(),
    [withResolved],
  );
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

export function ChannelChart({ data }: { data: TimelinessDashboard }) {
  const { t } = useTranslation();
  const lang = useLang();
  const series: PieSeriesOption = {
    type: 'pie',
    radius: ['35%', '65%'],
    top: 24,
    // The names are in the legend; the slice shows its share ("71,9 %").
    label: { formatter: (p) => `${formatDecimal(p.percent ?? 0, lang, 1)} %` },
    data: data.channels
      .filter((c) => c.received > 0)
      .map((c) => ({ name: t(`timeliness.channel.${c.channel}`), value: c.received, itemStyle: { color: CHANNEL_COLORS[c.channel] } })),
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
