import { Paper, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart, type ChartOption } from '../../components/EChart';
import { formatDecimal } from '../../format';
import { signedPoints } from '../../format';
import type { BlockResults, UnitRanking } from './api';
import { escapeHtml } from './RankingChart';
import { pointsOnlyFields } from './RankingTable';

const num: CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' };

/** Mean index of each field over the ranked units of the block (null when no unit has one). */
export function fieldAverages(results: BlockResults): (number | null)[] {
  const ranked = results.units.filter((u) => u.rank !== null);
  return results.fields.map((_, at) => {
    const values = ranked.map((u) => u.fields[at]?.index).filter((v): v is number => typeof v === 'number');
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  });
}

/** A unit's fields against the block average: a bar chart and the table of scores, indices and differences. */
export function UnitFields({ results, unit, unitCode, lang }: { results: BlockResults; unit: UnitRanking; unitCode: string; lang: string }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  const averages = useMemo(() => fieldAverages(results), [results]);
  const pointsOnly = useMemo(() => pointsOnlyFields(results), [results]);
  const fieldRows = useMemo(
    () => results.fields.map((f, at) => ({ ...f, at, mine: unit.fields[at], average: averages[at] ?? null })),
    [results, unit, averages],
  );
  const chartFields = useMemo(() => fieldRows.filter((f) => !pointsOnly.has(f.code)), [fieldRows, pointsOnly]);

  const fieldOption = useMemo<ChartOption>(
    () => ({
      animationDuration: 400,
      legend: { top: 0 },
      grid: { left: 8, right: 48, top: 32, bottom: 24, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        formatter: (raw: unknown) => {
          const items = raw as { dataIndex: number; seriesName: string; value: number | null; marker: string }[];
          const f = chartFields[items[0]?.dataIndex ?? -1];
          if (!f) return '';
          return [
            `<b>${escapeHtml(`${f.code}. ${f.title}`)}</b>`,
            ...items.map((i) => `${i.marker}${escapeHtml(i.seriesName)}: ${formatDecimal(i.value, lang)}`),
          ].join('<br/>');
        },
      },
      xAxis: { type: 'value', min: 0, max: 100, interval: phone ? 25 : 10 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: chartFields.map((f) => `${f.code}. ${f.title}`),
        axisTick: { show: false },
        axisLabel: { width: phone ? 110 : 260, overflow: 'truncate', fontSize: 12 },
      },
      series: [
        {
          name: unit.unitName ?? unitCode,
          type: 'bar',
          barMaxWidth: 14,
          itemStyle: { color: '#4c6ef5' },
          data: chartFields.map((f) => f.mine?.index ?? null),
          label: { show: true, position: 'right', fontSize: 10, formatter: (p: unknown) => formatDecimal((p as { value: number }).value, lang) },
        },
        {
          name: t('unitResults.blockAverage'),
          type: 'bar',
          barMaxWidth: 14,
          itemStyle: { color: '#adb5bd' },
          data: chartFields.map((f) => (f.average === null ? null : Math.round(f.average * 100) / 100)),
        },
      ],
    }),
    [chartFields, unit, unitCode, lang, phone, t],
  );

  return (
    <>
      <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
        <Title order={4} mb="xs">
          {t('unitResults.fieldsTitle')}
        </Title>
        <EChart option={fieldOption} height={Math.max(180, chartFields.length * 40 + 64)} ariaLabel={t('unitResults.fieldsTitle')} testId="unit-fields-chart" />
      </Paper>

      <Table.ScrollContainer minWidth={620}>
        <Table withTableBorder striped data-testid="unit-fields-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('unitResults.field')}</Table.Th>
              <Table.Th style={num}>{t('unitResults.score')}</Table.Th>
              <Table.Th style={num}>{t('results.index')}</Table.Th>
              <Table.Th style={num}>{t('unitResults.blockAverage')}</Table.Th>
              <Table.Th style={num}>{t('unitResults.difference')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fieldRows.map((f) => {
              const diff = f.mine?.index != null && f.average !== null ? f.mine.index - f.average : null;
              return (
                <Table.Tr key={f.code} data-testid={`unit-field-${f.code}`}>
                  <Table.Td style={{ minWidth: 220 }}>
                    {f.code}. {f.title}
                  </Table.Td>
                  <Table.Td style={num}>
                    {/* Bonus and penalty fields: their points signed (a penalty takes points away: negative). */}
                    {pointsOnly.has(f.code) ? (
                      <Text span inherit c={f.method === 'penalty' && (f.mine?.score ?? 0) > 0 ? 'red.7' : undefined}>
                        {t('results.points', { value: signedPoints(f.method, f.mine?.score, lang) })}
                      </Text>
                    ) : (
                      `${formatDecimal(f.mine?.score, lang)} / ${formatDecimal(f.mine?.maxScore, lang)}`
                    )}
                  </Table.Td>
                  <Table.Td style={num} data-testid="field-index">
                    {pointsOnly.has(f.code) ? '—' : formatDecimal(f.mine?.index, lang)}
                  </Table.Td>
                  <Table.Td style={num} data-testid="field-average">
                    {formatDecimal(f.average, lang)}
                  </Table.Td>
                  <Table.Td style={num}>
                    {diff === null ? (
                      '—'
                    ) : (
                      <Text span inherit c={diff > 0.005 ? 'green.7' : diff < -0.005 ? 'red.7' : undefined}>
                        {diff > 0.005 ? '+' : ''}
                        {formatDecimal(diff, lang)}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
