import { Anchor, Alert, Button, Group, Loader, Menu, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconDownload } from '@tabler/icons-react';
import { type CSSProperties, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { EChart, type ChartOption } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { useLang } from '../../components/YearSelect';
import { formatDecimal } from '../../format';
import { type CampaignResults, SIPAS_ELEMENTS, surveyResultsUrls, type UnitResultRow, useCampaignResults } from './api';

const num: CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' };
const numHead: CSSProperties = { textAlign: 'right', verticalAlign: 'bottom', minWidth: 80, maxWidth: 120 };

/** The downloads of a campaign's results: the workbook, the DOCX summary and the SIPAS report. */
export function ResultsDownloads({ code, kind }: { code: string; kind: CampaignResults['campaign']['kind'] }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="survey-results-downloads">
          {t('surveyResults.downloads')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={surveyResultsUrls.export(code, 'xlsx')} download data-testid="survey-results-xlsx">
          {t('surveyResults.downloadXlsx')}
        </Menu.Item>
        <Menu.Item component="a" href={surveyResultsUrls.export(code, 'docx')} download data-testid="survey-results-docx">
          {t('surveyResults.downloadDocx')}
        </Menu.Item>
        {kind !== 'officials' && (
          <>
            <Menu.Item component="a" href={surveyResultsUrls.report(code, 'csv')} download data-testid="survey-results-csv">
              {t('surveyResults.downloadCsv')}
            </Menu.Item>
            <Menu.Item component="a" href={surveyResultsUrls.report(code, 'xlsx')} download>
              {t('surveyResults.downloadReportXlsx')}
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** A unit (or the province) on a phone: a card with its figures stacked. */
function UnitCard({ row, href, lang }: { row: Omit<UnitResultRow, 'unitCode' | 'unitName'> & { name: string }; href?: string; lang: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" data-testid="survey-results-card">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        {href ? (
          <Anchor component={Link} to={href} fw={600}>
            {row.name}
          </Anchor>
        ) : (
          <Text fw={700}>{row.name}</Text>
        )}
        <Text fw={700} style={num}>
          {t('surveyResults.sipas')} {formatDecimal(row.sipas, lang)}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {t('surveyResults.responsesOfTarget', { responses: row.responses, target: row.target })}
      </Text>
      <SimpleGrid cols={2} spacing={4} mt={4}>
        {SIPAS_ELEMENTS.map((e) => (
          <Group key={e} justify="space-between" gap={4} wrap="nowrap">
            <Text size="xs">{t(`surveyResults.element.${e}`)}</Text>
            <Text size="xs" style={num}>
              {formatDecimal(row.elements[e], lang)}
            </Text>
          </Group>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

function SipasTable({ results, lang }: { results: CampaignResults; lang: string }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  const unitHref = (u: UnitResultRow) => `/surveys/campaigns/${encodeURIComponent(results.campaign.code)}/results/${encodeURIComponent(u.unitCode)}`;
  if (phone) {
    return (
      <Stack gap="xs" data-testid="survey-results-cards">
        {results.units.map((u) => (
          <UnitCard key={u.unitCode} row={{ ...u, name: u.unitName }} href={unitHref(u)} lang={lang} />
        ))}
        {results.province && <UnitCard row={{ ...results.province, name: t('surveyResults.province') }} lang={lang} />}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table withTableBorder withColumnBorders highlightOnHover verticalSpacing={6} data-testid="survey-results-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={{ verticalAlign: 'bottom', minWidth: 160 }}>{t('surveyResults.unit')}</Table.Th>
            <Table.Th style={numHead}>{t('surveyResults.responses')}</Table.Th>
            <Table.Th style={numHead}>{t('surveyResults.target')}</Table.Th>
            {SIPAS_ELEMENTS.map((e) => (
              <Table.Th key={e} style={numHead}>
                {t(`surveyResults.element.${e}`)}
              </Table.Th>
            ))}
            <Table.Th style={numHead}>{t('surveyResults.sipas')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.units.map((u) => (
            <Table.Tr key={u.unitCode} data-testid={`survey-results-${u.unitCode}`}>
              <Table.Td>
                <Anchor component={Link} to={unitHref(u)} size="sm">
                  {u.unitName}
                </Anchor>
              </Table.Td>
              <Table.Td style={num}>{u.responses}</Table.Td>
              <Table.Td style={num}>{u.target}</Table.Td>
              {SIPAS_ELEMENTS.map((e) => (
                <Table.Td key={e} style={num}>
                  {formatDecimal(u.elements[e], lang)}
                </Table.Td>
              ))}
              <Table.Td style={{ ...num, fontWeight: 700 }}>{formatDecimal(u.sipas, lang)}</Table.Td>
            </Table.Tr>
          ))}
          <EmptyRow colSpan={9} show={results.units.length === 0} />
          {results.province && (
            <Table.Tr data-testid="survey-results-province" style={{ fontWeight: 700 }}>
              <Table.Td>{t('surveyResults.province')}</Table.Td>
              <Table.Td style={num}>{results.province.responses}</Table.Td>
              <Table.Td style={num}>{results.province.target}</Table.Td>
              {SIPAS_ELEMENTS.map((e) => (
                <Table.Td key={e} style={num}>
                  {formatDecimal(results.province!.elements[e], lang)}
                </Table.Td>
              ))}
              <Table.Td style={num}>{formatDecimal(results.province.sipas, lang)}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function OfficialsTable({ results, lang }: { results: CampaignResults; lang: string }) {
  const { t } = useTranslation();
  const unitHref = (code: string) => `/surveys/campaigns/${encodeURIComponent(results.campaign.code)}/results/${encodeURIComponent(code)}`;
  return (
    <Table.ScrollContainer minWidth={360 + results.areas.length * 100}>
      <Table withTableBorder withColumnBorders highlightOnHover verticalSpacing={6} data-testid="survey-officials-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={{ verticalAlign: 'bottom', minWidth: 160 }}>{t('surveyResults.unit')}</Table.Th>
            <Table.Th style={numHead}>{t('surveyResults.responses')}</Table.Th>
            {results.areas.map((area) => (
              <Table.Th key={area} style={numHead}>
                {area}
              </Table.Th>
            ))}
            <Table.Th style={numHead}>{t('surveyResults.overall')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(results.officials ?? []).map((u) => (
            <Table.Tr key={u.unitCode} data-testid={`survey-officials-${u.unitCode}`}>
              <Table.Td>
                <Anchor component={Link} to={unitHref(u.unitCode)} size="sm">
                  {u.unitName}
                </Anchor>
              </Table.Td>
              <Table.Td style={num}>{u.responses}</Table.Td>
              {u.areas.map((score, i) => (
                <Table.Td key={results.areas[i]} style={num}>
                  {formatDecimal(score, lang)}
                </Table.Td>
              ))}
              <Table.Td style={{ ...num, fontWeight: 700 }}>{formatDecimal(u.overall, lang)}</Table.Td>
            </Table.Tr>
          ))}
          <EmptyRow colSpan={3 + results.areas.length} show={(results.officials ?? []).length === 0} />
          {results.officialsProvince && (
            <Table.Tr style={{ fontWeight: 700 }} data-testid="survey-officials-province">
              <Table.Td>{t('surveyResults.province')}</Table.Td>
              <Table.Td />
              {results.officialsProvince.areas.map((score, i) => (
                <Table.Td key={results.areas[i]} style={num}>
                  {formatDecimal(score, lang)}
                </Table.Td>
              ))}
              <Table.Td style={num}>{formatDecimal(results.officialsProvince.overall, lang)}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A horizontal bar chart of labelled values in percent (null values left out). */
export function useBarOption(bars: { label: string; value: number | null }[], lang: string, max = 100): ChartOption {
  const phone = useMediaQuery('(max-width: 48em)');
  return useMemo<ChartOption>(() => {
    const shown = bars.filter((b) => b.value !== null);
    return {
      animationDuration: 300,
      grid: { left: 8, right: 48, top: 8, bottom: 24, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v: unknown) => formatDecimal(v as number, lang) },
      xAxis: { type: 'value', min: 0, max, interval: phone ? 25 : 10 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: shown.map((b) => b.label),
        axisTick: { show: false },
        axisLabel: { width: phone ? 110 : 240, overflow: 'truncate', fontSize: 12 },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 16,
          itemStyle: { color: '#1c7ed6' },
          data: shown.map((b) => b.value),
          label: { show: true, position: 'right', fontSize: 10, formatter: (p: unknown) => formatDecimal((p as { value: number }).value, lang) },
        },
      ],
    };
  }, [bars, lang, max, phone]);
}

export const chartHeight = (bars: number) => Math.min(1600, Math.max(160, 40 + bars * 28));

function Charts({ results, lang }: { results: CampaignResults; lang: string }) {
  const { t } = useTranslation();
  const officials = results.campaign.kind === 'officials';
  const unitBars = useMemo(
    () =>
      officials
        ? [...(results.officials ?? [])].sort((a, b) => (b.overall ?? -1) - (a.overall ?? -1)).map((u) => ({ label: u.unitName, value: u.overall }))
        : [...results.units].sort((a, b) => (b.sipas ?? -1) - (a.sipas ?? -1)).map((u) => ({ label: u.unitName, value: u.sipas })),
    [results, officials],
  );
  const elementBars = useMemo(() => {
    if (officials) return results.areas.map((area, i) => ({ label: area, value: results.officialsProvince?.areas[i] ?? null }));
    const source = results.province ?? results.units[0];
    return SIPAS_ELEMENTS.map((e) => ({ label: t(`surveyResults.element.${e}`), value: source?.elements[e] ?? null }));
  }, [results, officials, t]);
  const unitOption = useBarOption(unitBars, lang);
  const elementOption = useBarOption(elementBars, lang);
  const shownUnits = unitBars.filter((b) => b.value !== null).length;
  const shownElements = elementBars.filter((b) => b.value !== null).length;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {shownUnits > 0 && (
        <Paper withBorder p="xs">
          <Text size="sm" fw={600} mb={4}>
            {officials ? t('surveyResults.overall') : t('surveyResults.chartSipas')}
          </Text>
          <EChart option={unitOption} height={chartHeight(shownUnits)} ariaLabel={t('surveyResults.chartLabel')} testId="survey-results-chart" />
        </Paper>
      )}
      {shownElements > 0 && (
        <Paper withBorder p="xs">
          <Text size="sm" fw={600} mb={4}>
            {officials ? t('surveyResults.area') : t('surveyResults.chartElements')}
          </Text>
          <EChart option={elementOption} height={chartHeight(shownElements)} ariaLabel={t('surveyResults.chartElementsLabel')} testId="survey-elements-chart" />
        </Paper>
      )}
    </SimpleGrid>
  );
}

/** /surveys/campaigns/:code/results: every unit's responses against its target, elements and SIPAS (or the officials' areas). */
export function CampaignResultsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const code = useParams().code ?? '';
  const query = useCampaignResults(code);
  const results = query.data;

  return (
    <Stack>
      <Anchor component={Link} to={`/surveys/campaigns/${encodeURIComponent(code)}`} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={16} />
          {t('surveyResults.back')}
        </Group>
      </Anchor>
      {query.isPending && <Loader />}
      {query.error && <ErrorAlert error={query.error} />}
      {results && (
        <>
          <Group justify="space-between" align="flex-end">
            <div>
              <Title order={2}>{results.campaign.name}</Title>
              <Text c="dimmed" size="sm">
                {t('surveyResults.title')} · {t('surveyResults.campaign', { code: results.campaign.code, year: results.campaign.year })}
              </Text>
            </div>
            <ResultsDownloads code={results.campaign.code} kind={results.campaign.kind} />
          </Group>
          {!results.can.allUnits && (
            <Alert color="blue" variant="light">
              {t('surveyResults.ownUnitOnly')}
            </Alert>
          )}
          {results.units.length === 0 ? (
            <Alert color="gray">{t('surveyResults.noUnits')}</Alert>
          ) : (
            <>
              <Charts results={results} lang={lang} />
              {results.campaign.kind === 'officials' ? (
                <>
                  <Title order={4}>{t('surveyResults.officials')}</Title>
                  <OfficialsTable results={results} lang={lang} />
                </>
              ) : (
                <SipasTable results={results} lang={lang} />
              )}
            </>
          )}
        </>
      )}
    </Stack>
  );
}
