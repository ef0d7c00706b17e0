import { Badge, Group } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart, type ChartOption } from '../../components/EChart';
import { useLang } from '../../components/YearSelect';
import { classColor, classHex } from './parts';
import { formatDecimal, formatPoints } from '../../format';
import type { BlockResults } from './api';

const ROW = 30;

/** Horizontal bars of the index per ranked unit, best at the top, coloured by class. */
export function RankingChart({ results }: { results: BlockResults }) {
  const { t } = useTranslation();
  const lang = useLang();
  const phone = useMediaQuery('(max-width: 48em)');
  const ranked = useMemo(() => results.units.filter((u) => u.index !== null), [results]);

  const option = useMemo<ChartOption>(
    () => ({
      animationDuration: 400,
      grid: { left: 8, right: 56, top: 8, bottom: 24, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: unknown) => {
          const u = ranked[(p as { dataIndex: number }).dataIndex];
          if (!u) return '';
          return `<b>${escapeHtml(u.unitName)}</b><br/>${escapeHtml(t('results.index'))}: ${formatDecimal(u.index, lang)}<br/>${escapeHtml(t('results.rank'))}: ${u.rank ?? '—'} · ${escapeHtml(u.class ?? '')}`;
        },
      },
      xAxis: { type: 'value', min: 0, max: 100, interval: phone ? 25 : 10, axisLabel: { fontSize: 11 } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: ranked.map((u) => `${u.rank}. ${u.unitName}`),
        axisTick: { show: false },
        axisLabel: { width: phone ? 110 : 240, overflow: 'truncate', fontSize: 12 },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 20,
          data: ranked.map((u) => ({ value: u.index ?? 0, itemStyle: { color: classHex(u.class, results.classes) } })),
          label: {
            show: true,
            position: 'right',
            fontSize: 11,
            formatter: (p: unknown) => formatDecimal((p as { value: number }).value, lang),
          },
        },
      ],
    }),
    [ranked, results.classes, lang, phone, t],
  );

  const sortedBands = [...results.classes].sort((a, b) => b.min - a.min);
  return (
    <div>
      <EChart
        option={option}
        height={Math.max(140, ranked.length * ROW + 40)}
        ariaLabel={t('results.chartLabel', { block: results.blockName, year: results.year })}
        testId="ranking-chart"
      />
      <Group gap={6} mt={4}>
        {sortedBands.map((band) => (
          <Badge key={band.label} size="sm" variant="light" color={classColor(band.label, results.classes)}>
            {band.label} ≥ {formatPoints(band.min, lang)}
          </Badge>
        ))}
      </Group>
    </div>
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
