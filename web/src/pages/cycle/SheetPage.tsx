import { ActionIcon, Alert, Anchor, Badge, Box, Button, FileInput, Group, List, NumberInput, Paper, Progress, SimpleGrid, Stack, Switch, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileUpload, IconSend, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, buildUrl, isStaleVersion } from '../../api/client';
import { cycleKeys, parsePoints, sheetPath, useRound, useSheet, type Evidence, type Score, type Sheet, type SheetCriterion } from '../../api/cycle';
import { useSession } from '../../auth/session';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert, useErrorText, useReasonText } from '../../components/ErrorAlert';
import { formatDateTime, formatDecimal } from '../../format';
import { useFieldErrors } from '../../components/fieldErrors';

type Points = number | string;

/** A points field: 0 – max, step 0.25, a decimal comma in Vietnamese (a point is accepted too). */
function PointsInput(props: { label: string; value: Points; onChange: (v: Points) => void; max: number; min?: number; error?: ReactNode; testId: string; disabled?: boolean }) {
  const { i18n } = useTranslation();
  const comma = i18n.language !== 'en';
  return (
    <NumberInput
      label={props.label}
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

function useSaveScore(roundId: number, unitCode: string) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  // `version`: the score as loaded with the sheet. If someone saved it meanwhile the server answers 409
  // stale_version (shown by ErrorAlert) and the sheet is reloaded, so the next save is made on what is stored now.
  return (stage: string, code: string, version: number | undefined) => ({
    mutationFn: (body: unknown) => api.put<Score>(`${sheetPath(roundId, unitCode)}/scores/${code}/${stage}`, body, { ifMatch: version }),
    onSuccess: (saved: Score) => {
      notifications.show({ color: 'green', message: t('cycle.sheet.saved', { code }) });
      // The saved score (and its new version) at once, so that a second save right away is not stale.
      qc.setQueryData<Sheet>(cycleKeys.sheet(roundId, unitCode), (sheet) => sheet && { ...sheet, criteria: sheet.criteria.map((c) => (c.code === code ? { ...c, score: saved } : c)) });
      void qc.invalidateQueries({ queryKey: cycleKeys.sheet(roundId, unitCode) });
      void qc.invalidateQueries({ queryKey: cycleKeys.notifications });
    },
    onError: (error: unknown) => {
      if (isStaleVersion(error)) void qc.invalidateQueries({ queryKey: cycleKeys.sheet(roundId, unitCode) });
    },
  });
}

function ErrorsBelow({ error }: { error: unknown }) {
  const { deadline, other } = useFieldError(error);
  if (deadline) return <Alert color="red" data-testid="deadline-passed">{deadline}</Alert>;
  return other ? <ErrorAlert error={other} /> : null;
}

function SelfForm({ roundId, unitCode, c }: { roundId: number; unitCode: string; c: SheetCriterion }) {
  const { t } = useTranslation();
  const s = c.score;
  const [score, setScore] = useState<Points>(s?.selfScore ?? '');
  const [note, setNote] = useState(s?.selfNote ?? '');
  const [na, setNa] = useState(s?.notApplicable ?? false);
  const [naReason, setNaReason] = useState(s?.notApplicableReason ?? '');
  const [missing, setMissing] = useState(s?.missingEvidenceReason ?? '');
  const save = useMutation(useSaveScore(roundId, unitCode)('self', c.code, c.score?.version));
  const { errors } = useFieldError(save.error);
  return (
    <Stack gap="xs" data-testid={`self-form-${c.code}`}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <PointsInput label={t('cycle.sheet.selfScore', { max: c.maxPoints })} value={score} onChange={setScore} max={c.maxPoints} error={errors.score} testId={`self-score-${c.code}`} disabled={na} />
        <TextInput label={t('cycle.sheet.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} data-testid={`self-note-${c.code}`} />
      </SimpleGrid>
      <Switch label={t('cycle.sheet.notApplicable')} checked={na} onChange={(e) => setNa(e.currentTarget.checked)} data-testid={`self-na-${c.code}`} />
      {na && <TextInput label={t('cycle.sheet.notApplicableReason')} value={naReason} onChange={(e) => setNaReason(e.currentTarget.value)} error={errors.notApplicableReason} data-testid={`self-na-reason-${c.code}`} />}
      {c.evidenceRequired && c.evidence.length === 0 && (
        <TextInput label={t('cycle.sheet.missingEvidenceReason')} value={missing} onChange={(e) => setMissing(e.currentTarget.value)} error={errors.missingEvidenceReason} data-testid={`self-missing-${c.code}`} />
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
              ...(c.evidenceRequired && c.evidence.length === 0 ? { missingEvidenceReason: missing || null } : {}),
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

function EvidenceUpload({ roundId, unitCode, c }: { roundId: number; unitCode: string; c: SheetCriterion }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const fieldErrors = useFieldErrors();
  const upload = useMutation({
    mutationFn: (f: File) => api.upload(`${sheetPath(roundId, unitCode)}/scores/${c.code}/evidence`, f),
    onSuccess: () => {
      setFile(null);
      notifications.show({ color: 'green', message: t('cycle.evidence.uploaded') });
      void qc.invalidateQueries({ queryKey: cycleKeys.sheet(roundId, unitCode) });
    },
  });
  const uploadErrors = fieldErrors(upload.error);
  return (
    <Stack gap={4}>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <FileInput
          label={t('cycle.evidence.add')}
          placeholder={t('cycle.evidence.choose')}
          value={file}
          onChange={setFile}
          accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.webp,.gif"
          leftSection={<IconFileUpload size={16} />}
          error={uploadErrors.file}
          style={{ flex: 1, minWidth: 200 }}
          data-testid={`evidence-file-${c.code}`}
        />
        <Button size="sm" variant="light" disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file)} data-testid={`evidence-upload-${c.code}`}>
          {t('cycle.evidence.upload')}
        </Button>
      </Group>
      <ErrorsBelow error={upload.error} />
    </Stack>
  );
}

/** The criterion's evidence files; while the unit may still change its self-assessment, each can be removed. */
function EvidenceList({ roundId, unitCode, c, removable }: { roundId: number; unitCode: string; c: SheetCriterion; removable: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [target, setTarget] = useState<Evidence | null>(null);
  const remove = useMutation({
    mutationFn: (e: Evidence) => api.delete(`${sheetPath(roundId, unitCode)}/evidence/${e.id}`),
    onSuccess: (_, e) => {
      notifications.show({ color: 'green', message: t('cycle.evidence.removed', { name: e.fileName }) });
      setTarget(null);
      void qc.invalidateQueries({ queryKey: cycleKeys.sheet(roundId, unitCode) });
      void qc.invalidateQueries({ queryKey: cycleKeys.notifications });
    },
  });
  const close = () => {
    remove.reset();
    setTarget(null);
  };
  return (
    <>
      <List size="xs" data-testid={`evidence-list-${c.code}`}>
        {c.evidence.map((e) => (
          <List.Item key={e.id} data-testid={`evidence-${e.id}`}>
            <Anchor href={buildUrl(`${sheetPath(roundId, unitCode)}/evidence/${e.id}`)} download={e.fileName} style={{ wordBreak: 'break-word' }}>
              {e.fileName}
            </Anchor>{' '}
            <Text span size="xs" c="dimmed">
              ({Math.ceil(e.size / 1024)} KB · {formatDateTime(e.uploadedAt)})
            </Text>
            {removable && (
              <Tooltip label={t('cycle.evidence.remove')}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="sm"
                  ml={4}
                  style={{ verticalAlign: 'middle' }}
                  aria-label={`${t('cycle.evidence.remove')}: ${e.fileName}`}
                  onClick={() => setTarget(e)}
                  data-testid={`evidence-remove-${e.id}`}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Tooltip>
            )}
          </List.Item>
        ))}
      </List>
      <ConfirmModal
        opened={target !== null}
        title={t('cycle.evidence.removeTitle')}
        message={t('cycle.evidence.confirmRemove', { name: target?.fileName ?? '', code: c.code })}
        confirmLabel={t('cycle.evidence.remove')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => target && remove.mutate(target)}
        onClose={close}
      />
    </>
  );
}

function AppraisalForm({ roundId, unitCode, c }: { roundId: number; unitCode: string; c: SheetCriterion }) {
  const { t } = useTranslation();
  const s = c.score;
  const [score, setScore] = useState<Points>(s?.appraisedScore ?? s?.selfScore ?? '');
  const [reason, setReason] = useState(s?.appraisalReason ?? '');
  const [question, setQuestion] = useState('');
  const save = useMutation(useSaveScore(roundId, unitCode)('appraisal', c.code, c.score?.version));
  const { errors } = useFieldError(save.error);
  return (
    <Stack gap="xs" data-testid={`appraisal-form-${c.code}`}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <PointsInput label={t('cycle.sheet.appraisedScore')} value={score} onChange={setScore} max={c.maxPoints} error={errors.score} testId={`appraisal-score-${c.code}`} />
        <TextInput label={t('cycle.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-testid={`appraisal-reason-${c.code}`} />
      </SimpleGrid>
      {!s?.explanationRequest && (
        <TextInput label={t('cycle.sheet.explanationRequest')} value={question} onChange={(e) => setQuestion(e.currentTarget.value)} error={errors.explanationRequest} data-testid={`appraisal-question-${c.code}`} />
      )}
      <ErrorsBelow error={save.error} />
      <Group gap="xs">
        <Button size="xs" loading={save.isPending} onClick={() => save.mutate({ score: parsePoints(score) ?? undefined, reason: reason || null })} data-testid={`appraisal-save-${c.code}`}>
          {t('common.save')}
        </Button>
        {!s?.explanationRequest && (
          <Button size="xs" variant="light" disabled={!question.trim()} onClick={() => save.mutate({ explanationRequest: question })} data-testid={`appraisal-ask-${c.code}`}>
            {t('cycle.sheet.askExplanation')}
          </Button>
        )}
        {!s?.appraisalFinal && (
          <Button size="xs" variant="outline" color="teal" onClick={() => save.mutate({ score: parsePoints(score) ?? undefined, reason: reason || null, final: true })} data-testid={`appraisal-final-${c.code}`}>
            {t('cycle.sheet.final')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function ExplanationForm({ roundId, unitCode, c }: { roundId: number; unitCode: string; c: SheetCriterion }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState('');
  const save = useMutation(useSaveScore(roundId, unitCode)('explanation', c.code, c.score?.version));
  const { errors } = useFieldError(save.error);
  return (
    <Stack gap="xs">
      <Textarea label={t('cycle.sheet.explanationAnswer')} value={answer} onChange={(e) => setAnswer(e.currentTarget.value)} error={errors.answer} autosize minRows={2} data-testid={`explanation-answer-${c.code}`} />
      <ErrorsBelow error={save.error} />
      <Group>
        <Button size="xs" loading={save.isPending} onClick={() => save.mutate({ answer })} data-testid={`explanation-save-${c.code}`}>
          {t('cycle.sheet.answer')}
        </Button>
      </Group>
    </Stack>
  );
}

function ScoreReasonForm({ roundId, unitCode, c, stage, initial, initialReason, allowNa }: { roundId: number; unitCode: string; c: SheetCriterion; stage: 'council' | 'organizer'; initial: number | null; initialReason: string | null; allowNa?: boolean }) {
  const { t } = useTranslation();
  const [score, setScore] = useState<Points>(initial ?? '');
  const [reason, setReason] = useState(initialReason ?? '');
  const [na, setNa] = useState(false);
  const save = useMutation(useSaveScore(roundId, unitCode)(stage, c.code, c.score?.version));
  const { errors } = useFieldError(save.error);
  // Penalty points are entered as a positive amount to subtract, up to the criterion's maximum.
  return (
    <Stack gap="xs" data-testid={`${stage}-form-${c.code}`}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <PointsInput label={t(`cycle.sheet.${stage}Score`)} value={score} onChange={setScore} max={c.maxPoints} error={errors.score} testId={`${stage}-score-${c.code}`} disabled={na} />
        <TextInput label={t('cycle.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} data-testid={`${stage}-reason-${c.code}`} />
      </SimpleGrid>
      {allowNa && <Switch label={t('cycle.sheet.surveyNotHeld')} checked={na} onChange={(e) => setNa(e.currentTarget.checked)} />}
      <ErrorsBelow error={save.error} />
      <Group>
        <Button size="xs" loading={save.isPending} onClick={() => save.mutate(na ? { notApplicable: true, reason } : { score: parsePoints(score), reason })} data-testid={`${stage}-save-${c.code}`}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

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
        [s.notApplicableReason && `${t('cycle.reason')}: ${s.notApplicableReason}`, s.selfNote && `${t('cycle.sheet.note')}: ${s.selfNote}`, s.missingEvidenceReason && `${t('cycle.sheet.missingEvidenceReason')}: ${s.missingEvidenceReason}`],
        `stage-self-${c.code}`,
      )}
      {cell(
        t('cycle.stage.appraisal'),
        <>
          {pts(s.appraisedScore)} {s.appraisalFinal && <Badge size="xs" color="teal">{t('cycle.sheet.finalized')}</Badge>}
        </>,
        [s.appraisalReason && `${t('cycle.reason')}: ${s.appraisalReason}`, s.explanationRequest && `${t('cycle.sheet.explanationRequest')}: ${s.explanationRequest}`, s.explanationAnswer && `${t('cycle.sheet.explanationAnswer')}: ${s.explanationAnswer}`],
        `stage-appraisal-${c.code}`,
      )}
      {cell(t('cycle.stage.council'), pts(s.councilScore), [s.councilReason && `${t('cycle.reason')}: ${s.councilReason}`], `stage-council-${c.code}`)}
    </SimpleGrid>
  );
}

const ORGANIZER_METHODS = ['survey', 'bonus', 'penalty'];

function CriterionRow({ c, roundId, unitCode, submitted, open }: { c: SheetCriterion; roundId: number; unitCode: string; submitted: boolean; open: boolean }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const depth = c.code.split('.').length - 1;
  const staff = (user?.role === 'unit_officer' || user?.role === 'unit_leader') && user.unitCode === unitCode;
  const manual = c.method === 'manual';
  const s = c.score;
  const selfEditable = staff && manual && !submitted && open;
  const scored = s && (s.selfScore !== null || s.notApplicable);
  return (
    <Paper withBorder={c.leaf} p={c.leaf ? 'sm' : 'xs'} ml={{ base: Math.min(depth, 2) * 8, sm: depth * 20 }} id={`criterion-${c.code}`} data-testid={`criterion-${c.code}`} bg={c.leaf ? undefined : 'gray.0'}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={c.leaf ? 500 : 700} size="sm">
            {c.leaf && manual && (scored ? '☑ ' : '☐ ')}
            {c.code}. {c.title}
          </Text>
          <Group gap={4} wrap="nowrap">
            {c.method !== 'manual' && <Badge size="xs" variant="light">{t(`cycle.method.${c.method}`)}</Badge>}
            <Badge size="xs" variant="outline" color="gray">
              {t('cycle.sheet.max', { max: c.maxPoints })}
            </Badge>
          </Group>
        </Group>
        {c.leaf && (
          <>
            <Group gap="xs">
              {c.appraiser && <Text size="xs" c="dimmed">{t('cycle.sheet.appraiser', { unit: c.appraiser })}</Text>}
              {c.evidenceRequired && <Badge size="xs" color="orange" variant="light">{t('cycle.sheet.evidenceRequired')}</Badge>}
            </Group>
            {c.guidance && <Text size="xs" c="dimmed">{c.guidance}</Text>}
            {c.evidence.length > 0 && <EvidenceList roundId={roundId} unitCode={unitCode} c={c} removable={selfEditable} />}
            {selfEditable ? (
              <>
                <SelfForm roundId={roundId} unitCode={unitCode} c={c} />
                <EvidenceUpload roundId={roundId} unitCode={unitCode} c={c} />
              </>
            ) : (
              <Stages c={c} />
            )}
            {staff && open && s?.explanationRequest && !s.explanationAnswer && <ExplanationForm roundId={roundId} unitCode={unitCode} c={c} />}
            {user?.role === 'appraiser' && c.appraiser === user.unitCode && submitted && open && manual && !s?.appraisalFinal && <AppraisalForm roundId={roundId} unitCode={unitCode} c={c} />}
            {user?.role === 'council' && open && <ScoreReasonForm roundId={roundId} unitCode={unitCode} c={c} stage="council" initial={s?.councilScore ?? null} initialReason={s?.councilReason ?? null} />}
            {user?.role === 'admin' && open && ORGANIZER_METHODS.includes(c.method) && (
              <ScoreReasonForm roundId={roundId} unitCode={unitCode} c={c} stage="organizer" initial={s?.appraisedScore ?? null} initialReason={s?.appraisalReason ?? null} allowNa={c.method === 'survey'} />
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

export function SheetPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const qc = useQueryClient();
  const params = useParams();
  const roundId = Number(params.id);
  const unitCode = (params.unitCode ?? '').toUpperCase();
  const sheet = useSheet(roundId, unitCode);
  const round = useRound(roundId);
  const submit = useMutation({
    mutationFn: () => api.post<{ submittedAt: string }>(`${sheetPath(roundId, unitCode)}/submit`),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('cycle.sheet.submittedToast') });
      void qc.invalidateQueries({ queryKey: cycleKeys.sheet(roundId, unitCode) });
      void qc.invalidateQueries({ queryKey: cycleKeys.notifications });
    },
  });
  const data = sheet.data;
  const open = round.data?.status === 'open';
  const submitted = Boolean(data?.submittedAt);
  const leader = user?.role === 'unit_leader' && user.unitCode === unitCode;
  const issues = submit.error instanceof ApiError ? submit.error.issues : [];
  const reasonText = useReasonText();
  const pct = data && data.progress.total > 0 ? (data.progress.scored / data.progress.total) * 100 : 0;

  return (
    <Stack>
      <Anchor component={Link} to="/rounds" size="sm">
        ← {t('cycle.rounds.title')}
      </Anchor>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2} data-testid="sheet-title">
            {t('cycle.sheet.title', { unit: unitCode })}
          </Title>
          {round.data && (
            <Text c="dimmed" size="sm">
              {round.data.year} · {round.data.blockName}
            </Text>
          )}
        </div>
        {data && (
          <Badge size="lg" color={submitted ? 'green' : 'gray'} variant="light" data-testid="sheet-state">
            {submitted ? t('cycle.sheet.submittedAt', { at: formatDateTime(data.submittedAt) }) : t('cycle.units.notSubmitted')}
          </Badge>
        )}
      </Group>
      {sheet.error && <ErrorAlert error={sheet.error} />}
      {data && (
        <>
          <Paper withBorder p="sm">
            <Text size="sm" fw={600} data-testid="sheet-progress">
              {t('cycle.sheet.progress', { scored: data.progress.scored, total: data.progress.total })}
            </Text>
            <Progress value={pct} mt={4} />
          </Paper>
          {leader && !submitted && open && (
            <Paper withBorder p="sm">
              <Stack gap="xs">
                <Group>
                  <Button leftSection={<IconSend size={16} />} loading={submit.isPending} onClick={() => submit.mutate()} data-testid="sheet-submit">
                    {t('cycle.sheet.submit')}
                  </Button>
                </Group>
                {submit.error && issues.length === 0 && <ErrorsBelow error={submit.error} />}
                {issues.length > 0 && (
                  <Alert color="red" title={t('cycle.sheet.notReady', { count: issues.length })} data-testid="submit-issues">
                    <List size="sm">
                      {issues.map((i) => (
                        <List.Item key={`${i.path}-${i.message}`}>
                          <Anchor href={`#criterion-${i.path}`}>{i.path}</Anchor>: {reasonText(i)}
                        </List.Item>
                      ))}
                    </List>
                  </Alert>
                )}
              </Stack>
            </Paper>
          )}
          <Stack gap="xs" data-testid="sheet-criteria">
            {data.criteria.map((c) => (
              <CriterionRow key={c.code} c={c} roundId={roundId} unitCode={unitCode} submitted={submitted} open={open} />
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
