import { Anchor, Loader, Paper, Table, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EChart, type ChartOption } from '../../components/EChart';
import { ClassBadge } from './parts';
import { formatDecimal } from '../../format';
import { type ClassBand, resultsQuery, type UnitRanking } from './api';

const HISTORY_YEARS = 5;
const num: CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' };

interface YearPoint {
  year: number;
  unit: UnitRanking;
  /** Ranked units of the block that year. */
  of: number;
  classes: ClassBand[];
}

/** The unit in the same block this year and the four before (a year without results is left out). */
export function useUnitHistory(year: number, block: string, unitCode: string) {
  // The same block in this year and the four before; a year without (published) results answers 404 and is left out.
  const years = Array.from({ length: HISTORY_YEARS }, (_, i) => year - HISTORY_YEARS + 1 + i);
  const history = useQueries({
    queries: years.map((y) => resultsQuery(y, block)),
    combine: (rs) => ({ data: rs.map((r) => r.data?.results), pending: rs.some((r) => r.isPending && r.fetchStatus !== 'idle') }),
  });
  const historyPending = history.pending;

  const points: YearPoint[] = useMemo(
    () =>
      history.data.flatMap((r) => {
        const u = r?.units.find((x) => x.unitCode === unitCode);
        return r && u ? [{ year: r.year, unit: u, of: r.units.filter((x) => x.rank !== null).length, classes: r.classes }] : [];
      }),
    [history.data, unitCode],
  );
  const rankIn = (y: number) => points.find((p) => p.year === y)?.unit.rank ?? null;
  // The chart runs from the first year with results to this one; a year without results stays an empty slot.
  const timeline = useMemo(() => {
    const first = points[0]?.year ?? year;
    return Array.from({ length: year - first + 1 }, (_, i) => first + i).map((y) => ({ year: y, point: points.find((p) => p.year === y) }));
  }, [points, year]);

  const firstThreeYears = rankIn(year) === 1 && rankIn(year - 1) === 1 && rankIn(year - 2) === 1;
  return { points, timeline, pending: historyPending, firstThreeYears };
}

/** Index and rank over the years: a chart and a table. */
export function UnitHistory({ history, block, lang }: { history: ReturnType<typeof useUnitHistory>; block: string; lang: string }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  const { points, timeline, pending: historyPending } = history;
  const historyOption = useMemo<ChartOption>(
    () => ({
      animationDuration: 400,
      legend: { bottom: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 32, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      tooltip: { trigger: 'axis', confine: true },
      xAxis: { type: 'category', data: timeline.map((p) => String(p.year)) },
      yAxis: [
        { type: 'value', name: t('results.index'), min: 0, max: 100, nameTextStyle: { align: 'left' } },
        {
          type: 'value',
          name: t('results.rank'),
          // Rank 1 at the top; the axis starts there, so its name goes there too.
          inverse: true,
          nameLocation: 'start',
          min: 1,
          max: Math.max(2, ...points.map((p) => p.of)),
          minInterval: 1,
          splitLine: { show: false },
          nameTextStyle: { align: 'right' },
        },
      ],
      series: [
        {
          name: t('results.index'),
          type: 'bar',
          barMaxWidth: 36,
          itemStyle: { color: '#4c6ef5' },
          data: timeline.map((p) => p.point?.unit.index ?? null),
          label: { show: true, position: 'top', fontSize: 11, formatter: (p: unknown) => formatDecimal((p as { value: number }).value, lang) },
        },
        {
          name: t('results.rank'),
          type: 'line',
          yAxisIndex: 1,
          itemStyle: { color: '#f76707' },
          symbolSize: 9,
          data: timeline.map((p) => p.point?.unit.rank ?? null),
          label: { show: true, position: 'bottom', fontSize: 11, formatter: (p: unknown) => `#${(p as { value: number }).value}` },
        },
      ],
    }),
    [points, timeline, lang, t],
  );

  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }} data-testid="unit-history">
      <Title order={4} mb="xs">
        {t('unitResults.historyTitle')}
      </Title>
      {historyPending ? (
        <Loader size="sm" />
      ) : (
        <>
          <EChart option={historyOption} height={phone ? 240 : 280} ariaLabel={t('unitResults.historyTitle')} testId="unit-history-chart" />
          <Table.ScrollContainer minWidth={360}>
            <Table withTableBorder mt="sm" data-testid="unit-history-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('results.year')}</Table.Th>
                  <Table.Th style={num}>{t('results.index')}</Table.Th>
                  <Table.Th style={num}>{t('results.rank')}</Table.Th>
                  <Table.Th>{t('results.class')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...points].reverse().map((p) => (
                  <Table.Tr key={p.year} data-testid={`history-${p.year}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/results?year=${p.year}&block=${encodeURIComponent(block)}`} size="sm">
                        {p.year}
                      </Anchor>
                    </Table.Td>
                    <Table.Td style={num}>{formatDecimal(p.unit.index, lang)}</Table.Td>
                    <Table.Td style={num} data-testid="history-rank">
                      {p.unit.rank ?? '—'} / {p.of}
                    </Table.Td>
                    <Table.Td>
                      <ClassBadge label={p.unit.class} classes={p.classes} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Paper>
  );
}
