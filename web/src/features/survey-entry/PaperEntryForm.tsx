import { Alert, Button, Card, Group, Kbd, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Answers, isShown, readAnswer, type SurveyQuestion } from '@server/domain/surveys';
import { fieldErrors } from '../../api/client';
import { ErrorAlert, useReasonText } from '../../components/ErrorAlert';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { type EntryForm, type PaperEntryResult, useEntryMutations } from './api';
import { DifferencesTable } from './DifferencesTable';

/** The text as sent: trimmed; a multi-choice may be typed "1 3" or "1,3" as well as "1;3". */
const typed = (q: SurveyQuestion, text: string) => (q.type === 'multi' ? text.trim().replace(/[\s,]+/g, ';') : text.trim());

/** What a clerk types in one question's box, read as the question wants it (the domain's readAnswer); null when empty. */
function interpret(q: SurveyQuestion, text: string): { value: Answers[string] | null; reason?: string; params?: Record<string, string | number> } {
  const raw = typed(q, text);
  if (raw === '') return { value: null };
  const read = readAnswer(q, raw);
  if ('issue' in read) return { value: null, reason: read.issue.reason, params: read.issue.params ?? {} };
  return { value: read.value };
}

/** An answer as the summary shows it: option numbers and labels, scale values, text. */
export function answerLabel(q: SurveyQuestion | undefined, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (!q) return Array.isArray(value) ? value.join('; ') : String(value);
  const option = (code: string) => {
    const i = q.options.findIndex((o) => o.code === code);
    return i < 0 ? code : `${i + 1}. ${q.options[i]!.label}`;
  };
  if (Array.isArray(value)) return value.map((v) => option(String(v))).join('; ');
  if (q.type === 'single') return option(String(value));
  if (q.type === 'scale') {
    const label = q.options.find((o) => o.code === String(value))?.label;
    return label ? `${value} (${label})` : String(value);
  }
  return String(value);
}

/** The next form's number: the digits at the end counted up, keeping their width ("P-009" → "P-010"). */
export function nextFormNo(formNo: string): string {
  const m = /^(.*?)(\d+)$/.exec(formNo);
  if (!m) return formNo;
  const next = String(Number(m[2]) + 1).padStart(m[2]!.length, '0');
  return `${m[1]}${next}`;
}

/**
 * Keyboard-only entry of one paper form: the unit, the form's number, then one box per question where the option's
 * number or code (or 1–5) is typed and Enter moves on (Tab and Shift-Tab too). The summary below is what will be saved;
 * Ctrl+Enter saves and starts the next form with the same unit and the next number.
 */
export function PaperEntryForm({ code, form }: { code: string; form: EntryForm }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const m = useEntryMutations(code);
  const [unitCode, setUnitCode] = useState<string | null>(form.units.length === 1 ? form.units[0]!.code : null);
  const [formNo, setFormNo] = useState('');
  const [raw, setRaw] = useState<Record<string, string>>({});
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<PaperEntryResult | null>(null);
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const formNoRef = useRef<HTMLInputElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const questions = form.questions as SurveyQuestion[];

  const read = useMemo(() => {
    const answers: Answers = {};
    const issues: Record<string, string> = {};
    for (const q of questions) {
      if (!isShown(q, answers)) continue;
      const r = interpret(q, raw[q.code] ?? '');
      if (r.reason) issues[q.code] = reasonText({ code: r.reason, params: r.params ?? {}, message: r.reason });
      else if (r.value !== null) answers[q.code] = r.value;
    }
    return { answers, issues };
  }, [questions, raw, reasonText]);
  const visible = questions.filter((q) => isShown(q, read.answers));
  const serverErrors = fieldErrors(m.enter.error);
  const errorOf = (q: string) => localErrors[q] ?? serverErrors[`answers.${q}`];

  const focus = (el: HTMLElement | null | undefined) => {
    el?.focus();
    if (el instanceof HTMLInputElement) el.select();
  };
  const focusAfter = (index: number) => {
    const next = visible[index + 1];
    focus(next ? inputs.current.get(next.code) : saveRef.current);
  };

  const onQuestionKey = (event: KeyboardEvent<HTMLInputElement>, q: SurveyQuestion, index: number) => {
    if (event.key !== 'Enter' || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const issue = read.issues[q.code];
    setLocalErrors((e) => {
      const { [q.code]: _, ...rest } = e;
      return issue ? { ...rest, [q.code]: issue } : rest;
    });
    if (!issue) focusAfter(index);
  };

  const save = () => {
    const firstBad = visible.find((q) => read.issues[q.code]);
    if (firstBad) {
      setLocalErrors(read.issues);
      focus(inputs.current.get(firstBad.code));
      return;
    }
    const answers: Record<string, string> = {};
    for (const q of visible) {
      const text = typed(q, raw[q.code] ?? '');
      if (text !== '') answers[q.code] = text;
    }
    m.enter.mutate(
      { formNo: formNo.trim(), ...(unitCode ? { unitCode } : {}), answers },
      {
        onSuccess: (saved) => {
          setResult(saved);
          setRaw({});
          setLocalErrors({});
          setFormNo(nextFormNo(saved.formNo));
          setTimeout(() => focus(formNoRef.current), 0);
        },
      },
    );
  };

  const onFormKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    }
  };

  const question = (q: SurveyQuestion) => questions.find((x) => x.code === q.code);
  const hint = (q: SurveyQuestion) => {
    if (q.type === 'scale') return t('surveyEntry.hintScale');
    if (q.type === 'number') return t('surveyEntry.hintNumber');
    if (q.type === 'text') return t('surveyEntry.hintText');
    const options = q.options.map((o, i) => `${i + 1} = ${o.label}`).join(' · ');
    return q.type === 'multi' ? `${options} — ${t('surveyEntry.hintMulti')}` : options;
  };

  return (
    <Stack onKeyDown={onFormKey} data-testid="paper-entry">
      <Text size="sm" c="dimmed">
        {t('surveyEntry.keyboardHelp')} <Kbd>Enter</Kbd> · <Kbd>Tab</Kbd> / <Kbd>Shift+Tab</Kbd> · <Kbd>Ctrl+Enter</Kbd>
      </Text>
      {result && (
        <Alert
          color={result.state === 'differences' ? 'orange' : 'green'}
          title={t(`surveyEntry.result.${result.state}`, { formNo: result.formNo })}
          data-testid="entry-result"
        >
          {result.warnings.length > 0 && (
            <Text size="sm">
              {t('surveyEntry.warnings', { questions: result.warnings.map((w) => (w.unit ? `${w.question} (${w.unit})` : w.question)).join(', ') })}
            </Text>
          )}
          {result.differences.length > 0 && <DifferencesTable differences={result.differences} questions={questions} />}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <SearchSelect
          label={t('surveyEntry.unit')}
          data={form.units.map(unitOption)}
          value={unitCode}
          onChange={(value) => {
            setUnitCode(value);
            if (value) setTimeout(() => focus(formNoRef.current), 0);
          }}
          error={serverErrors.unitCode}
          disabled={form.units.length <= 1}
          autoFocus={unitCode === null}
          data-testid="entry-unit"
        />
        <TextInput
          ref={formNoRef}
          label={t('surveyEntry.formNo')}
          value={formNo}
          onChange={(e) => setFormNo(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
              e.preventDefault();
              focus(visible[0] ? inputs.current.get(visible[0].code) : saveRef.current);
            }
          }}
          error={serverErrors.formNo}
          autoComplete="off"
          autoFocus={unitCode !== null}
          data-testid="entry-form-no"
        />
      </SimpleGrid>
      <Stack gap="xs">
        {visible.map((q, index) => (
          <TextInput
            key={q.code}
            ref={(el) => {
              if (el) inputs.current.set(q.code, el);
              else inputs.current.delete(q.code);
            }}
            label={`${index + 1}. ${q.text}${q.required ? ' *' : ''}`}
            description={hint(q)}
            value={raw[q.code] ?? ''}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setRaw((r) => ({ ...r, [q.code]: value }));
            }}
            onKeyDown={(e) => onQuestionKey(e, q, index)}
            error={errorOf(q.code)}
            autoComplete="off"
            inputMode={q.type === 'text' ? 'text' : q.type === 'scale' || q.type === 'number' ? 'decimal' : 'text'}
            data-testid={`entry-q-${q.code}`}
          />
        ))}
      </Stack>
      <Card withBorder padding="sm">
        <Title order={5} mb="xs">
          {t('surveyEntry.summary')}
        </Title>
        <Table.ScrollContainer minWidth={320}>
          <Table striped data-testid="entry-summary">
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>{t('surveyEntry.unit')}</Table.Td>
                <Table.Td>{unitCode ?? '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t('surveyEntry.formNo')}</Table.Td>
                <Table.Td>{formNo || '—'}</Table.Td>
              </Table.Tr>
              {visible.map((q) => (
                <Table.Tr key={q.code} data-testid={`entry-summary-${q.code}`}>
                  <Table.Td>{q.code}</Table.Td>
                  <Table.Td>
                    {read.issues[q.code] ? (
                      <Text c="red" size="sm">
                        {read.issues[q.code]}
                      </Text>
                    ) : (
                      answerLabel(question(q), read.answers[q.code])
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {m.enter.error ? <ErrorAlert error={m.enter.error} hideFieldIssues={['unitCode', 'formNo', ...visible.map((q) => `answers.${q.code}`)]} /> : null}
        <Group justify="flex-end" mt="sm">
          <Button ref={saveRef} onClick={save} loading={m.enter.isPending} disabled={!form.can.enterPaper} data-testid="entry-save">
            {t('surveyEntry.save')}
          </Button>
        </Group>
      </Card>
    </Stack>
  );
}
