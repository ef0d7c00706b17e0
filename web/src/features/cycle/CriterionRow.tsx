import { Badge, Box, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDecimal } from '../../format';
import type { SheetCriterion } from './api';
import { EvidenceList, EvidenceUpload } from './Evidence';
import { AppraisalForm, ExplanationForm, ScoreReasonForm, SelfForm } from './ScoreForms';

/** One criterion of the sheet: its title and badges, its evidence, its score at every stage, and the forms its `can` allows. */

function Stages({ c }: { c: SheetCriterion }) {
  const { t, i18n } = useTranslation();
  const s = c.score;
  if (!s) return null;
  const pts = (v: number | null) => formatDecimal(v, i18n.language);
  const cell = (title: string, value: ReactNode, lines: (string | null)[], testId: string) => (
    <Box data-testid={testId}>
      <Text size="xs" c="dimmed">
        {title}
      </Text>
      <Text fw={600}>{value}</Text>
      {lines.filter(Boolean).map((l, i) => (
        <Text key={i} size="xs">
          {l}
        </Text>
      ))}
    </Box>
  );
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
      {cell(
        t('cycle.stage.self'),
        s.notApplicable ? t('cycle.sheet.na') : pts(s.selfScore),
        [
          s.notApplicableReason && `${t('cycle.reason')}: ${s.notApplicableReason}`,
          s.selfNote && `${t('cycle.sheet.note')}: ${s.selfNote}`,
          s.missingEvidenceReason && `${t('cycle.sheet.missingEvidenceReason')}: ${s.missingEvidenceReason}`,
        ],
        `stage-self-${c.code}`,
      )}
      {cell(
        t('cycle.stage.appraisal'),
        <>
          {pts(s.appraisedScore)}{' '}
          {s.appraisalFinal && (
            <Badge size="xs" color="teal">
              {t('cycle.sheet.finalized')}
            </Badge>
          )}
        </>,
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

export function CriterionRow({ c, roundId, unitCode }: { c: SheetCriterion; roundId: number; unitCode: string }) {
  const { t } = useTranslation();
  const depth = c.code.split('.').length - 1;
  const manual = c.method === 'manual';
  const s = c.score;
  const scored = s && (s.selfScore !== null || s.notApplicable);
  return (
    <Paper
      withBorder={c.leaf}
      p={c.leaf ? 'sm' : 'xs'}
      ml={{ base: Math.min(depth, 2) * 8, sm: depth * 20 }}
      id={`criterion-${c.code}`}
      data-testid={`criterion-${c.code}`}
      bg={c.leaf ? undefined : 'gray.0'}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={c.leaf ? 500 : 700} size="sm">
            {c.leaf && manual && (scored ? '☑ ' : '☐ ')}
            {c.code}. {c.title}
          </Text>
          <Group gap={4} wrap="nowrap">
            {c.method !== 'manual' && (
              <Badge size="xs" variant="light">
                {t(`cycle.method.${c.method}`)}
              </Badge>
            )}
            <Badge size="xs" variant="outline" color="gray">
              {t('cycle.sheet.max', { max: c.maxPoints })}
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
              {c.evidenceRequired && (
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
            {c.evidence.length > 0 && <EvidenceList roundId={roundId} unitCode={unitCode} c={c} removable={c.can.removeEvidence} />}
            {c.can.selfAssess ? <SelfForm roundId={roundId} unitCode={unitCode} c={c} /> : <Stages c={c} />}
            {c.can.uploadEvidence && <EvidenceUpload roundId={roundId} unitCode={unitCode} c={c} />}
            {c.can.explain && <ExplanationForm roundId={roundId} unitCode={unitCode} c={c} />}
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
