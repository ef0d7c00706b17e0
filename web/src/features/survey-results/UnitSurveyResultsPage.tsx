import { Anchor, Badge, Button, Group, Loader, Paper, Progress, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { type CSSProperties, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { EChart } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLang } from '../../components/YearSelect';
import { formatDecimal } from '../../format';
import { type QuestionDistribution, SIPAS_ELEMENTS, TEXTS_PAGE, type UnitResults, useUnitResults, useUnitTexts } from './api';
import { chartHeight, ResultsDownloads, useBarOption } from './CampaignResultsPage';

const num: CSSProperties = { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' };

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} style={num}>
        {value}
      </Text>
    </Paper>
  );
}

function Elements({ results, lang }: { results: UnitResults; lang: string }) {
  const { t } = useTranslation();
  const bars = SIPAS_ELEMENTS.map((e) => ({ label: t(`surveyResults.element.${e}`), value: results.unit.elements[e] }));
  const option = useBarOption(bars, lang);
  const shown = bars.filter((b) => b.value !== null).length;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
        <Stat label={t('surveyResults.sipasIndex')} value={formatDecimal(results.unit.sipas, lang)} testId="survey-unit-sipas" />
        {SIPAS_ELEMENTS.map((e) => (
          <Stat key={e} label={t(`surveyResults.element.${e}`)} value={formatDecimal(results.unit.elements[e], lang)} testId={`survey-unit-${e}`} />
        ))}
      </SimpleGrid>
      {shown > 0 && (
        <Paper withBorder p="xs">
          <EChart option={option} height={chartHeight(shown)} ariaLabel={t('surveyResults.chartElementsLabel')} testId="survey-unit-chart" />
        </Paper>
      )}
    </Stack>
  );
}

function Profiles({ results, lang }: { results: UnitResults; lang: string }) {
  const { t } = useTranslation();
  if (results.profiles.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={4}>{t('surveyResults.profiles')}</Title>
      {results.profiles.map((p) => (
        <Table.ScrollContainer key={p.question} minWidth={760}>
          <Table withTableBorder withColumnBorders verticalSpacing={4} data-testid={`survey-profile-${p.question}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{p.text}</Table.Th>
                <Table.Th style={num}>{t('surveyResults.responses')}</Table.Th>
                {SIPAS_ELEMENTS.map((e) => (
                  <Table.Th key={e} style={num}>
                    {t(`surveyResults.element.${e}`)}
                  </Table.Th>
                ))}
                <Table.Th style={num}>{t('surveyResults.sipas')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.options.map((o) => (
                <Table.Tr key={o.option}>
                  <Table.Td>{o.label}</Table.Td>
                  <Table.Td style={num}>{o.responses}</Table.Td>
                  {SIPAS_ELEMENTS.map((e) => (
                    <Table.Td key={e} style={num}>
                      {formatDecimal(o.elements[e], lang)}
                    </Table.Td>
                  ))}
                  <Table.Td style={{ ...num, fontWeight: 700 }}>{formatDecimal(o.sipas, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ))}
    </Stack>
  );
}

/** One question's answers as small bars: each option's count and share of the answers. */
function Distribution({ q, lang }: { q: QuestionDistribution; lang: string }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" data-testid={`survey-question-${q.code}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text size="sm" fw={600}>
          {q.code}. {q.text}
        </Text>
        <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
          {t(`surveyResults.role.${q.role}`)}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t('surveyResults.answered', { count: q.answered })}
        {q.mean !== null && ` · ${t('surveyResults.mean', { value: formatDecimal(q.mean, lang) })}`}
        {q.meanWeight !== null && ` · ${t('surveyResults.meanWeight', { value: formatDecimal(q.meanWeight, lang) })}`}
      </Text>
      {q.counts.length > 0 && (
        <Stack gap={4} mt={6}>
          {q.counts.map((c) => {
            const share = q.answered > 0 ? (c.count / q.answered) * 100 : 0;
            return (
              <div key={c.value}>
                <Group justify="space-between" gap={4} wrap="nowrap">
                  <Text size="xs">{q.type === 'scale' && c.label !== c.value ? `${c.value}. ${c.label}` : c.label}</Text>
                  <Text size="xs" style={num}>
                    {c.count} ({formatDecimal(share, lang, 1)}%)
                  </Text>
                </Group>
                <Progress value={share} size="sm" aria-label={c.label} />
              </div>
            );
          })}
        </Stack>
      )}
    </Paper>
  );
}

/** The unit's free-text answers, paged; shown as text (React escapes them), never as HTML. */
function Texts({ code, unit, results, lang }: { code: string; unit: string; results: UnitResults; lang: string }) {
  const { t } = useTranslation();
  const [question, setQuestion] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const texts = useUnitTexts(code, unit, question, offset);
  const page = texts.data;
  if (page && page.questions.length === 0) return null;
  const label = (q: string) => results.questions.find((x) => x.code === q)?.text ?? q;
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <Title order={4}>{t('surveyResults.texts')}</Title>
        {page && page.questions.length > 1 && (
          <Select
            size="xs"
            value={question ?? ''}
            allowDeselect={false}
            data={[{ value: '', label: t('surveyResults.allQuestions') }, ...page.questions.map((q) => ({ value: q.code, label: q.text }))]}
            onChange={(value) => {
              setQuestion(value ? value : null);
              setOffset(0);
            }}
          />
        )}
      </Group>
      {texts.error && <ErrorAlert error={texts.error} />}
      {page && page.total === 0 && <Text c="dimmed">{t('surveyResults.noTexts')}</Text>}
      {page?.items.map((item) => (
        <Paper key={`${item.responseId}-${item.question}`} withBorder p="sm" data-testid="survey-text">
          <Text size="xs" c="dimmed">
            {t('surveyResults.response', { id: item.responseId })} · {label(item.question)}
            {item.submittedAt && ` · ${new Date(item.submittedAt).toLocaleDateString(lang === 'en' ? 'en-GB' : 'vi-VN')}`}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {item.text}
          </Text>
        </Paper>
      ))}
      {page && page.total > TEXTS_PAGE && (
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {t('surveyResults.textsCount', { from: offset + 1, to: Math.min(offset + TEXTS_PAGE, page.total), total: page.total })}
          </Text>
          <Group gap="xs">
            <Button size="xs" variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - TEXTS_PAGE))}>
              {t('surveyResults.previous')}
            </Button>
            <Button size="xs" variant="default" disabled={offset + TEXTS_PAGE >= page.total} onClick={() => setOffset(offset + TEXTS_PAGE)}>
              {t('surveyResults.next')}
            </Button>
          </Group>
        </Group>
      )}
    </Stack>
  );
}

function Areas({ results, lang }: { results: UnitResults; lang: string }) {
  const { t } = useTranslation();
  return (
    <Table withTableBorder withColumnBorders verticalSpacing={4} data-testid="survey-unit-areas">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('surveyResults.area')}</Table.Th>
          <Table.Th style={num}>{t('surveyResults.answers')}</Table.Th>
          <Table.Th style={num}>{t('surveyResults.score')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {results.areas.map((a) => (
          <Table.Tr key={a.area}>
            <Table.Td>{a.area}</Table.Td>
            <Table.Td style={num}>{a.answers}</Table.Td>
            <Table.Td style={num}>{formatDecimal(a.score, lang)}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr style={{ fontWeight: 700 }}>
          <Table.Td>{t('surveyResults.overall')}</Table.Td>
          <Table.Td />
          <Table.Td style={num}>{formatDecimal(results.overall, lang)}</Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** /surveys/campaigns/:code/results/:unit: a unit's indices, by respondent profile, each question's answers and the free texts. */
export function UnitSurveyResultsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const params = useParams();
  const code = params.code ?? '';
  const unit = (params.unit ?? '').toUpperCase();
  const query = useUnitResults(code, unit);
  const results = query.data;
  const officials = results?.campaign.kind === 'officials';

  return (
    <Stack>
      <Anchor component={Link} to={`/surveys/campaigns/${encodeURIComponent(code)}/results`} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={16} />
          {t('surveyResults.backToCampaign')}
        </Group>
      </Anchor>
      {query.isPending && <Loader />}
      {query.error && <ErrorAlert error={query.error} />}
      {results && (
        <>
          <Group justify="space-between" align="flex-end">
            <div>
              <Title order={2}>{results.unit.unitName}</Title>
              <Text c="dimmed" size="sm">
                {results.campaign.name} · {t('surveyResults.responsesOfTarget', { responses: results.unit.responses, target: results.unit.target })}
              </Text>
            </div>
            <ResultsDownloads code={results.campaign.code} kind={results.campaign.kind} />
          </Group>
          {officials ? <Areas results={results} lang={lang} /> : <Elements results={results} lang={lang} />}
          {!officials && <Profiles results={results} lang={lang} />}
          <Title order={4}>{t('surveyResults.distributions')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {results.questions.map((q) => (
              <Distribution key={q.code} q={q} lang={lang} />
            ))}
          </SimpleGrid>
          <Texts code={code} unit={unit} results={results} lang={lang} />
        </>
      )}
    </Stack>
  );
}
