import { Alert, Anchor, Badge, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconCrown } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import { useMemo, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { resultsQuery, useResults } from '../api/queries';
import type { BlockResults, ClassBand, UnitRanking } from '../api/types';
import { EChart, type ChartOption } from '../components/EChart';
import { escapeHtml } from '../components/results/RankingChart';
import { pointsOnlyFields } from '../components/results/RankingTable';
import { ClassBadge, RankChange, ResultsError, ResultsStatus, useLang } from '../components/results/parts';
import { CriteriaDrillDown } from '../components/results/CriteriaDrillDown';
import { formatDecimal } from '../format';

const HISTORY_YEARS = 5;
const num: CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' };

/** Mean index of each field over the ranked units of the block (null when no unit has one). */
export function fieldAverages(results: BlockResults): (number | null)[] {
  const ranked = results.units.filter((u) => u.rank !== null);
  return results.fields.map((_, at) => {
    const values = ranked.map((u) => u.fields[at]?.index).filter((v): v is number => typeof v === 'number');
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  });
}

interface YearPoint {
  year: number;
  unit: UnitRanking;
  /** Ranked units of the block that year. */
  of: number;
  classes: ClassBand[];
}

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} component="div">
        {children}
      </Text>
    </Paper>
  );
}

export function UnitResultsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const phone = useMediaQuery('(max-width: 48em)');
  const params = useParams();
  const year = Number(params.year);
  const block = (params.block ?? '').toUpperCase();
  const unitCode = (params.unitCode ?? '').toUpperCase();

  const current = useResults(year, block);
  // The same block in this year and the four before; a year without (published) results answers 404 and is left out.
  const years = Array.from({ length: HISTORY_YEARS }, (_, i) => year - HISTORY_YEARS + 1 + i);
  const history = useQueries({
    queries: years.map((y) => resultsQuery(y, block)),
    combine: (rs) => ({ data: rs.map((r) => r.data?.results), pending: rs.some((r) => r.isPending && r.fetchStatus !== 'idle') }),
  });
  const historyPending = history.pending;

  const results = current.data?.results;
  const unit = results?.units.find((u) => u.unitCode === unitCode);
  const averages = useMemo(() => (results ? fieldAverages(results) : []), [results]);
  const pointsOnly = useMemo(() => (results ? pointsOnlyFields(results) : new Set<string>()), [results]);

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

  const fieldRows = useMemo(
    () => (results ? results.fields.map((f, at) => ({ ...f, at, mine: unit?.fields[at], average: averages[at] ?? null })) : []),
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
          return [`<b>${escapeHtml(`${f.code}. ${f.title}`)}</b>`, ...items.map((i) => `${i.marker}${escapeHtml(i.seriesName)}: ${formatDecimal(i.value, lang)}`)].join('<br/>');
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
          name: unit?.unitName ?? unitCode,
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

  const back = `/results?${new URLSearchParams({ year: String(year), block }).toString()}`;

  return (
    <Stack>
      <Anchor component={Link} to={back} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={16} />
          {t('unitResults.back')}
        </Group>
      </Anchor>

      {current.isPending && <Loader />}
      {current.error && <ResultsError error={current.error} year={year} block={block} />}
      {results && !unit && (
        <Alert color="gray" data-testid="unit-results-missing">
          {t('unitResults.notInRanking', { unit: unitCode, block: results.blockName, year })}
        </Alert>
      )}

      {results && unit && current.data && (
        <>
          <Stack gap={4}>
            <Group gap="sm" align="center">
              <Title order={2} data-testid="unit-results-title">
                {unit.unitName}
              </Title>
              {firstThreeYears && (
                <Badge size="lg" color="yellow" variant="filled" leftSection={<IconCrown size={16} />} data-testid="first-three-years">
                  {t('unitResults.firstThreeYears')}
                </Badge>
              )}
            </Group>
            <Text c="dimmed">{t('results.heading', { block: results.blockName, year })}</Text>
            <ResultsStatus data={current.data} />
          </Stack>

          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <Stat label={t('results.index')} testId="unit-index">
              {formatDecimal(unit.index, lang)}
            </Stat>
            <Stat label={t('results.rank')} testId="unit-rank">
              <Group gap="xs" align="baseline">
                <span>{unit.rank ?? '—'}</span>
                <Text size="sm" c="dimmed" span>
                  / {results.units.filter((u) => u.rank !== null).length}
                </Text>
                <Text size="sm" span>
                  <RankChange rank={unit.rank} previousRank={unit.previousRank} />
                </Text>
              </Group>
            </Stat>
            <Stat label={t('results.finalScore')}>
              {formatDecimal(unit.score, lang)}
              <Text size="sm" c="dimmed" span>
                {' '}
                / {formatDecimal(unit.maxScore, lang)}
              </Text>
            </Stat>
            <Stat label={t('results.class')}>
              <ClassBadge label={unit.class} classes={results.classes} />
            </Stat>
          </SimpleGrid>
          {unit.problem && <Alert color="red">{unit.problem}</Alert>}

          <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
            <Title order={4} mb="xs">
              {t('unitResults.fieldsTitle')}
            </Title>
            <EChart
              option={fieldOption}
              height={Math.max(180, chartFields.length * 40 + 64)}
              ariaLabel={t('unitResults.fieldsTitle')}
              testId="unit-fields-chart"
            />
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
                        {pointsOnly.has(f.code)
                          ? t('results.points', { value: formatDecimal(f.mine?.score, lang) })
                          : `${formatDecimal(f.mine?.score, lang)} / ${formatDecimal(f.mine?.maxScore, lang)}`}
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

          <CriteriaDrillDown year={year} block={block} unitCode={unitCode} lang={lang} />

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
        </>
      )}
    </Stack>
  );
}
