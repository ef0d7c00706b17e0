import { ActionIcon, Badge, Box, Group, Paper, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDecimal } from '../../format';
import type { Sheet, SheetCriterion } from './api';
import { EvidenceList, EvidenceUpload } from './Evidence';
import { signedPoints } from '../../format';
import { AppraisalForm, ExplanationForm, ScoreReasonForm, SelfForm } from './ScoreForms';
import { fieldTotalText } from './SheetTotals';
import { SurveySourceLine } from '../results/SurveySourceLine';

/** One criterion of the sheet: its title and badges, its evidence, its score at every stage, and the forms its `can` allows. */

type FieldTotal = Sheet['totals']['fields'][number];

/** Survey, bonus and penalty points are the organizer's: not self-scored. */
const ORGANIZER_METHODS = ['survey', 'bonus', 'penalty'];

function Stages({ c }: { c: SheetCriterion }) {
  const { t, i18n } = useTranslation();
  const s = c.score;
  if (!s) return null;
  const pts = (v: number | null) => signedPoints(c.method, v, i18n.language);
  const organizer = ORGANIZER_METHODS.includes(c.method);
  const cell = (title: string, value: ReactNode, lines: (string | null | false)[], testId: string) => (
    <Box data-testid={testId}>
      <Text size="xs" c="dimmed">
        {title}
      </Text>
      <Text fw={600} c={c.method === 'penalty' && value !== '—' ? 'red.7' : undefined}>
        {value}
      </Text>
      {lines.filter(Boolean).map((l, i) => (
        <Text key={i} size="xs">
          {l}
        </Text>
      ))}
    </Box>
  );
  return (
    <SimpleGrid cols={{ base: 1, xs: organizer ? 2 : 3 }} spacing="xs">
      {!organizer &&
        cell(
          t('cycle.stage.self'),
          s.notApplicable ? t('cycle.sheet.na') : pts(s.selfScore),
          [
            s.notApplicableReason && `${t('cycle.reason')}: ${s.notApplicableReason}`,
            s.selfNote && `${t('cycle.sheet.note')}: ${s.selfNote}`,
            // Not applicable: no evidence is needed, so no reason why it is missing.
            !s.notApplicable && s.missingEvidenceReason && `${t('cycle.sheet.missingEvidenceReason')}: ${s.missingEvidenceReason}`,
          ],
          `stage-self-${c.code}`,
        )}
      {cell(
        organizer ? t(`cycle.organizerPoints.${c.method}`) : t('cycle.stage.appraisal'),
        organizer && s.notApplicable ? (
          t('cycle.sheet.na')
        ) : (
          <>
            {pts(s.appraisedScore)}{' '}
            {s.appraisalFinal && (
              <Badge size="xs" color="teal">
                {t('cycle.sheet.finalized')}
              </Badge>
            )}
          </>
        ),
        [
          s.appraisalReason && `${t('cycle.reason')}: ${s.appraisalReason}`,
          s.explanationRequest && `${t('cycle.sheet.explanationRequest')}: ${s.explanationRequest}`,
          s.explanationAnswer && `${t('cycle.sheet.explanationAnswer')}: ${s.explanationAnswer}`,
        ],
        `stage-appraisal-${c.code}`,
      )}
      {cell(t('cycle.stage.council'), pts(s.councilScore), [s.councilReason && `${t('cycle.reason')}: ${s.councilReason}`], `stage-council-${c.code}`)}
    </SimpleGrid>
  );
}

export function CriterionRow({
  c,
  roundId,
  unitCode,
  submittedAt,
  total,
  showCurrent,
  collapsed,
  onToggle,
  highlighted,
}: {
  c: SheetCriterion;
  roundId: number;
  unitCode: string;
  submittedAt?: string | null;
  /** A field's running totals, shown on its row. */
  total?: FieldTotal;
  showCurrent?: boolean;
  collapsed?: boolean;
  /** A field with criteria under it folds and unfolds. */
  onToggle?: () => void;
  /** Reached by its address (#criterion-<code>): marked for a moment. */
  highlighted?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const depth = c.code.split('.').length - 1;
  const manual = c.method === 'manual';
  const s = c.score;
  const scored = s && (s.selfScore !== null || s.notApplicable);
  const maxLabel =
    c.method === 'penalty'
      ? t('cycle.sheet.maxPenalty', { max: formatDecimal(c.maxPoints, lang) })
      : c.method === 'bonus'
        ? t('cycle.sheet.maxBonus', { max: formatDecimal(c.maxPoints, lang) })
        : t('cycle.sheet.max', { max: c.maxPoints });
  return (
    <Paper
      withBorder={c.leaf}
      p={c.leaf ? 'sm' : 'xs'}
      ml={{ base: Math.min(depth, 2) * 8, sm: depth * 20 }}
      id={`criterion-${c.code}`}
      data-testid={`criterion-${c.code}`}
      data-highlighted={highlighted ? 'true' : undefined}
      bg={highlighted ? 'yellow.1' : c.leaf ? undefined : 'gray.0'}
      style={{
        scrollMarginTop: 80,
        transition: 'background-color 600ms ease, box-shadow 600ms ease',
        boxShadow: highlighted ? '0 0 0 2px var(--mantine-color-yellow-6)' : undefined,
      }}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap={4} wrap="nowrap" align="flex-start">
            {onToggle && (
              <Tooltip label={collapsed ? t('cycle.sheet.expand') : t('cycle.sheet.collapse')}>
                <ActionIcon
                  variant="subtle"
                  size="sm"
                  onClick={onToggle}
                  aria-expanded={!collapsed}
                  aria-label={`${collapsed ? t('cycle.sheet.expand') : t('cycle.sheet.collapse')}: ${c.code}`}
                  data-testid={`field-toggle-${c.code}`}
                >
                  {collapsed ? <IconChevronRight size={16} /> : <IconChevronDown size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
            <Text fw={c.leaf ? 500 : 700} size="sm">
              {c.leaf && manual && (scored ? '☑ ' : '☐ ')}
              {c.code}. {c.title}
            </Text>
          </Group>
          <Group gap={4} wrap="nowrap">
            {total && (
              <Badge size="sm" variant="light" color={total.current < 0 ? 'red' : 'blue'} data-testid={`field-points-${c.code}`}>
                {fieldTotalText(total, showCurrent ? total.current : total.self, lang)}
              </Badge>
            )}
            {c.method !== 'manual' && (
              <Badge size="xs" variant="light" color={c.method === 'penalty' ? 'red' : c.method === 'bonus' ? 'green' : undefined}>
                {t(`cycle.method.${c.method}`)}
              </Badge>
            )}
            <Badge size="xs" variant="outline" color="gray">
              {maxLabel}
            </Badge>
          </Group>
        </Group>
        {c.leaf && (
          <>
            <Group gap="xs">
              {c.appraiser && (
                <Text size="xs" c="dimmed">
                  {t('cycle.sheet.appraiser', { unit: c.appraiser })}
                </Text>
              )}
              {c.evidenceRequired && !s?.notApplicable && (
                <Badge size="xs" color="orange" variant="light">
                  {t('cycle.sheet.evidenceRequired')}
                </Badge>
              )}
            </Group>
            {c.guidance && (
              <Text size="xs" c="dimmed">
                {c.guidance}
              </Text>
            )}
            {c.evidence.length > 0 && (
              <EvidenceList
                roundId={roundId}
                unitCode={unitCode}
                c={c}
                removable={c.can.removeEvidence}
                submittedAt={submittedAt ?? null}
                withAnswerOpen={c.can.explain && c.can.uploadEvidence}
              />
            )}
            {c.survey && <SurveySourceLine source={c.survey} lang={lang} testId={`sheet-survey-${c.code}`} />}
            {c.can.selfAssess ? <SelfForm roundId={roundId} unitCode={unitCode} c={c} /> : <Stages c={c} />}
            {c.can.uploadEvidence && !c.can.explain && <EvidenceUpload roundId={roundId} unitCode={unitCode} c={c} />}
            {c.can.explain && (
              <ExplanationForm roundId={roundId} unitCode={unitCode} c={c}>
                {c.can.uploadEvidence && <EvidenceUpload roundId={roundId} unitCode={unitCode} c={c} label={t('cycle.evidence.withAnswer')} />}
              </ExplanationForm>
            )}
            {c.can.appraise && <AppraisalForm roundId={roundId} unitCode={unitCode} c={c} />}
            {c.can.council && (
              <ScoreReasonForm
                roundId={roundId}
                unitCode={unitCode}
                c={c}
                stage="council"
                initial={s?.councilScore ?? null}
                initialReason={s?.councilReason ?? null}
              />
            )}
            {c.can.organizerScore && (
              <ScoreReasonForm
                roundId={roundId}
                unitCode={unitCode}
                c={c}
                stage="organizer"
                initial={s?.appraisedScore ?? null}
                initialReason={s?.appraisalReason ?? null}
                allowNa={c.method === 'survey'}
              />
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
