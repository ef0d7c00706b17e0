import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal';
import { formatDecimal } from '../../format';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorAlert, useErrorText } from '../../components/ErrorAlert';
import { useFieldErrors } from '../../components/fieldErrors';
import { useSaveScore, type SheetCriterion } from './api';
import { parsePoints } from './format';

/** The score forms of a criterion on the sheet, one per stage; the sheet shows each where the criterion's `can` says so. */

type Points = number | string;

/** A points field: 0 – max, step 0.25, a decimal comma in Vietnamese (a point is accepted too). */
function PointsInput(props: {
  label: string;
  value: Points;
  onChange: (v: Points) => void;
  max: number;
  min?: number;
  error?: ReactNode;
  description?: ReactNode;
  testId: string;
  disabled?: boolean;
}) {
  const { i18n } = useTranslation();
  const comma = i18n.language !== 'en';
  return (
    <NumberInput
      label={props.label}
      description={props.description}
      value={props.value}
      onChange={props.onChange}
      min={props.min ?? 0}
      max={props.max}
      step={0.25}
      decimalScale={2}
      decimalSeparator={comma ? ',' : '.'}
      allowedDecimalSeparators={['.', ',']}
      clampBehavior="none"
      error={props.error}
      disabled={props.disabled}
      inputMode="decimal"
      data-testid={props.testId}
    />
  );
}

/** The server's field errors, or the deadline reason of a 409 deadline_passed, in the user's language. */
function useFieldError(error: unknown) {
  const errors = useFieldErrors()(error);
  const errorText = useErrorText();
  const deadline = error instanceof ApiError && error.code === 'deadline_passed' ? errorText(error).message || errorText(error).title : undefined;
  return { errors, deadline, other: error && Object.keys(errors).length === 0 && !deadline ? error : null };
}

export function ErrorsBelow({ error }: { error: unknown }) {
  const { deadline, other } = useFieldError(error);
  if (deadline)
    return (
      <Alert color="red" data-testid="deadline-passed">
        {deadline}
      </Alert>
    );
  return other ? <ErrorAlert error={other} /> : null;
}

export function SelfForm({ roundId, unitCode, c }: { roundId: number; unitCode: string; c: SheetCriterion }) {
  const { t } = useTranslation();
  const s = c.score;
  const [score, setScore] = useState<Points>(s?.selfScore ?? '');
  const [note, setNote] = useState(s?.selfNote ?? '');
  const [na, setNa] = useState(s?.notApplicable ?? false);
  const [naReason, setNaReason] = useState(s?.notApplicableReason ?? '');
  const [missing, setMissing] = useState(s?.missingEvidenceReason ?? '');
  const save = useSaveScore(roundId, unitCode, 'self', c.code, c.score?.version);
  const { errors } = useFieldError(save.error);
  return (
    <Stack gap="xs" data-testid={`self-form-${c.code}`}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <PointsInput
          label={t('cycle.sheet.selfScore', { max: c.maxPoints })}
          value={score}
          onChange={setScore}
          max={c.maxPoints}
          error={errors.score}
          testId={`self-score-${c.code}`}
          disabled={na}
        />
        <TextInput
          label={t('cycle.sheet.note')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={errors.note}
          data-testid={`self-note-${c.code}`}
        />
      </SimpleGrid>
      <Switch label={t('cycle.sheet.notApplicable')} checked={na} onChange={(e) => setNa(e.currentTarget.checked)} data-testid={`self-na-${c.code}`} />
      {na && (
        <TextInput
          label={t('cycle.sheet.notApplicableReason')}
          value={naReason}
          onChange={(e) => setNaReason(e.currentTarget.value)}
          error={errors.notApplicableReason}
          data-testid={`self-na-reason-${c.code}`}
        />
      )}
      {/* A criterion that does not apply needs no evidence: no reason is asked why it is missing. */}
      {c.evidenceRequired && c.evidence.length === 0 && !na && (
        <TextInput
          label={t('cycle.sheet.missingEvidenceReason')}
          value={missing}
          onChange={(e) => setMissing(e.currentTarget.value)}
          error={errors.missingEvidenceReason}
          data-testid={`self-missing-${c.code}`}
        />
      )}
      <ErrorsBelow error={save.error} />
      <Group>
        <Button
          size="xs"
          loading={save.isPending}
          onClick={() =>
            save.mutate({
              score: na ? null : parsePoints(score),
              note: note || null,
              notApplicable: na,
              notApplicableReason: na ? naReason : null,
              ...(c.evidenceRequired && c.evidence.length === 0 && !na ? { missingEvidenceReason: missing || null } : {}),
            })
          }
          data-testid={`self-save-${c.code}`}
        >
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

export function AppraisalForm({ roundId, unitCode, c }: { roundId: number; unitCode: string; c: SheetCriterion }) {
  const { t } = useTranslation();
  const s = c.score;
  const [score, setScore] = useState<Points>(s?.appraisedScore ?? s?.selfScore ?? '');
  const [reason, setReason] = useState(s?.appraisalReason ?? '');
  const [question, setQuestion] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [asking, setAsking] = useState(false);
  const { i18n } = useTranslation();
  const save = useSaveScore(roundId, unitCode, 'appraisal', c.code, c.score?.version);
  const { errors } = useFieldError(save.error);
  const finalScore = parsePoints(score);
  return (
    <Stack gap="xs" data-testid={`appraisal-form-${c.code}`}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <PointsInput
          label={t('cycle.sheet.appraisedScore')}
          value={score}
          onChange={setScore}
          max={c.maxPoints}
          error={errors.score}
          testId={`appraisal-score-${c.code}`}
        />
        <TextInput
          label={t('cycle.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
          data-testid={`appraisal-reason-${c.code}`}
        />
      </SimpleGrid>
      {!s?.explanationRequest && (
        <TextInput
          label={t('cycle.sheet.explanationRequest')}
          value={question}
          onChange={(e) => setQuestion(e.currentTarget.value)}
          error={errors.explanationRequest}
          data-testid={`appraisal-question-${c.code}`}
        />
      )}
      <ErrorsBelow error={save.error} />
      <Group gap="xs">
        <Button
          size="xs"
          loading={save.isPending}
          onClick={() => save.mutate({ score: parsePoints(score) ?? undefined, reason: reason || null })}
          data-testid={`appraisal-save-${c.code}`}
        >
          {t('common.save')}
        </Button>
        {!s?.explanationRequest && (
          <Button size="xs" variant="light" disabled={!question.trim()} onClick={() => setAsking(true)} data-testid={`appraisal-ask-${c.code}`}>
            {t('cycle.sheet.askExplanation')}
          </Button>
        )}
        {!s?.appraisalFinal && (
          <Button size="xs" variant="outline" color="teal" onClick={() => setConfirming(true)} data-testid={`appraisal-final-${c.code}`}>
            {t('cycle.sheet.final')}
          </Button>
        )}
      </Group>
      <ConfirmModal
        opened={confirming}
        title={t('cycle.confirm.finalTitle', { code: c.code })}
        message={t('cycle.confirm.final', {
          code: c.code,
          unit: unitCode,
          score: typeof finalScore === 'number' ? formatDecimal(finalScore, i18n.language) : '—',
          max: formatDecimal(c.maxPoints, i18n.language),
        })}
        confirmLabel={t('cycle.sheet.final')}
        color="teal"
        loading={save.isPending}
        onConfirm={() => save.mutate({ score: finalScore ?? undefined, reason: reason || null, final: true }, { onSettled: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
      <ConfirmModal
        opened={asking}
        title={t('cycle.confirm.askTitle', { code: c.code, unit: unitCode })}
        message={t('cycle.confirm.ask')}
        confirmLabel={t('cycle.sheet.askExplanation')}
        color="blue"
        loading={save.isPending}
        onConfirm={() => save.mutate({ explanationRequest: question }, { onSettled: () => setAsking(false) })}
        onClose={() => setAsking(false)}
      />
    </Stack>
  );
}

/** The unit's answer to an explanation, once; `children`: the upload of evidence that comes with the answer. */
export function ExplanationForm({ roundId, unitCode, c, children }: { roundId: number; unitCode: string; c: SheetCriterion; children?: ReactNode }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState('');
  const [confirming, setConfirming] = useState(false);
  const save = useSaveScore(roundId, unitCode, 'explanation', c.code, c.score?.version);
  const { errors } = useFieldError(save.error);
  return (
    <Stack gap="xs" data-testid={`explanation-form-${c.code}`}>
      <Textarea
        label={t('cycle.sheet.explanationAnswer')}
        value={answer}
        onChange={(e) => setAnswer(e.currentTarget.value)}
        error={errors.answer}
        autosize
        minRows={2}
        data-testid={`explanation-answer-${c.code}`}
      />
      {children}
      <ErrorsBelow error={save.error} />
      <Group>
        <Button size="xs" loading={save.isPending} onClick={() => setConfirming(true)} data-testid={`explanation-save-${c.code}`}>
          {t('cycle.sheet.answer')}
        </Button>
      </Group>
      <ConfirmModal
        opened={confirming}
        title={t('cycle.confirm.answerTitle', { code: c.code })}
        message={t('cycle.confirm.answer')}
        confirmLabel={t('cycle.sheet.answer')}
        color="blue"
        loading={save.isPending}
        onConfirm={() => save.mutate({ answer }, { onSettled: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
    </Stack>
  );
}

export function ScoreReasonForm({
  roundId,
  unitCode,
  c,
  stage,
  initial,
  initialReason,
  allowNa,
}: {
  roundId: number;
  unitCode: string;
  c: SheetCriterion;
  stage: 'council' | 'organizer';
  initial: number | null;
  initialReason: string | null;
  allowNa?: boolean;
}) {
  const { t } = useTranslation();
  const [score, setScore] = useState<Points>(initial ?? '');
  const [reason, setReason] = useState(initialReason ?? '');
  const [na, setNa] = useState(false);
  const { i18n } = useTranslation();
  const save = useSaveScore(roundId, unitCode, stage, c.code, c.score?.version);
  const { errors } = useFieldError(save.error);
  // Penalty points are entered as a positive amount to subtract, up to the criterion's maximum.
  const organizerLabel = stage === 'organizer' && ['survey', 'bonus', 'penalty'].includes(c.method);
  return (
    <Stack gap="xs" data-testid={`${stage}-form-${c.code}`}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <PointsInput
          label={organizerLabel ? t(`cycle.organizerPoints.${c.method}`) : t(`cycle.sheet.${stage}Score`)}
          description={c.method === 'penalty' ? t('cycle.organizerPoints.penaltyHint', { max: formatDecimal(c.maxPoints, i18n.language) }) : undefined}
          value={score}
          onChange={setScore}
          max={c.maxPoints}
          error={errors.score}
          testId={`${stage}-score-${c.code}`}
          disabled={na}
        />
        <TextInput
          label={t('cycle.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
          data-testid={`${stage}-reason-${c.code}`}
        />
      </SimpleGrid>
      {allowNa && <Switch label={t('cycle.sheet.surveyNotHeld')} checked={na} onChange={(e) => setNa(e.currentTarget.checked)} />}
      <ErrorsBelow error={save.error} />
      <Group>
        <Button
          size="xs"
          loading={save.isPending}
          onClick={() => save.mutate(na ? { notApplicable: true, reason } : { score: parsePoints(score), reason })}
          data-testid={`${stage}-save-${c.code}`}
        >
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}
