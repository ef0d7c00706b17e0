import { Alert, Anchor, Button, Group, Loader, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { fieldErrors, isStaleVersion } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type TemplateContent, type TemplateQuestion, useSaveTemplate, useTemplate } from './api';
import { QuestionCard } from './QuestionCard';

const KINDS = ['sipas', 'officials', 'custom'] as const;

const blankQuestion = (): TemplateQuestion => ({ code: '', section: '', text: '', type: 'scale', role: 'satisfaction', required: false, options: [] });
const blankTemplate = (): TemplateContent => ({ code: '', name: '', kind: 'custom', questions: [blankQuestion()] });

/** The server's issues of question i, by the field inside it (`questions.3.options.0.code` → `options.0.code`). */
function questionErrors(errors: Record<string, string>, i: number): Record<string, string> {
  const prefix = `questions.${i}.`;
  return Object.fromEntries(Object.entries(errors).flatMap(([path, message]) => (path.startsWith(prefix) ? [[path.slice(prefix.length), message]] : [])));
}

/** /surveys/templates/:code (and /surveys/templates/new): a template's name and questions, edited in order. */
export function TemplateEditorPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useParams<{ code: string }>();
  const isNew = params.code === undefined || params.code === 'new';
  const loaded = useTemplate(isNew ? null : params.code!);
  const save = useSaveTemplate();
  const [draft, setDraft] = useState<TemplateContent | null>(isNew ? blankTemplate() : null);
  const [version, setVersion] = useState<number | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);

  // Take the server's template when it arrives (or after a reload), unless editing has started on this version.
  if (!isNew && loaded.data && version !== loaded.data.version) {
    setVersion(loaded.data.version);
    setDraft(structuredClone(loaded.data.content));
  }

  const can = loaded.data?.can;
  const editable = isNew || !!can?.edit;
  const errors = fieldErrors(save.error);

  if (!isNew && loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!draft) return <Loader />;

  const setQuestions = (questions: TemplateQuestion[]) => setDraft({ ...draft, questions });
  const move = (i: number, delta: -1 | 1) => {
    const next = [...draft.questions];
    const [q] = next.splice(i, 1);
    next.splice(i + delta, 0, q!);
    setQuestions(next);
  };
  const submit = () =>
    save.mutate(
      { code: isNew ? null : params.code!, version, content: draft },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'green', message: t('surveyTemplates.saved', { code: saved.content.code }) });
          setVersion(saved.version);
          setDraft(structuredClone(saved.content));
          if (isNew) navigate(`/surveys/templates/${encodeURIComponent(saved.content.code)}`, { replace: true });
        },
      },
    );
  const reload = () => {
    save.reset();
    setVersion(null);
    void loaded.refetch();
  };
  const withErrors = draft.questions.map((_, i) => Object.keys(questionErrors(errors, i)).length > 0);
  const firstBad = withErrors.indexOf(true);

  return (
    <Stack>
      <Stack gap={2}>
        <Anchor component={Link} to="/surveys/templates" size="sm">
          {t('surveyTemplates.backToList')}
        </Anchor>
        <Title order={2}>{isNew ? t('surveyTemplates.createTitle') : t('surveyTemplates.editTitle', { code: draft.code })}</Title>
        {loaded.data && loaded.data.campaigns.length > 0 && (
          <Text size="sm" c="dimmed">
            {t('surveyTemplates.campaignsKeepCopy', { campaigns: loaded.data.campaigns.join(', ') })}
          </Text>
        )}
      </Stack>
      <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <TextInput
              label={t('surveyTemplates.code')}
              value={draft.code}
              onChange={(e) => setDraft({ ...draft, code: e.currentTarget.value })}
              disabled={!isNew}
              error={errors.code}
              required
              data-testid="template-code"
            />
            <TextInput
              label={t('surveyTemplates.name')}
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
              error={errors.name}
              required
              data-testid="template-name"
            />
            <Select
              label={t('surveyTemplates.kind')}
              data={KINDS.map((value) => ({ value, label: t(`surveyTemplates.kinds.${value}`) }))}
              value={draft.kind}
              onChange={(value) => value && setDraft({ ...draft, kind: value as TemplateContent['kind'] })}
              error={errors.kind}
              allowDeselect={false}
            />
          </SimpleGrid>
          {errors.questions && <Alert color="red">{errors.questions}</Alert>}
          {firstBad >= 0 && (
            <Alert color="red" data-testid="template-question-errors">
              {t('surveyTemplates.questionsWithErrors', { list: withErrors.flatMap((bad, i) => (bad ? [i + 1] : [])).join(', ') })}
            </Alert>
          )}
          {draft.questions.map((q, i) => (
            <QuestionCard
              key={i}
              index={i}
              count={draft.questions.length}
              question={q}
              earlier={draft.questions.slice(0, i)}
              errors={questionErrors(errors, i)}
              onChange={(next) => setQuestions(draft.questions.map((old, k) => (k === i ? next : old)))}
              onMove={(delta) => move(i, delta)}
              onRemove={() => setRemoving(i)}
            />
          ))}
          <Group justify="space-between">
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={() => setQuestions([...draft.questions, blankQuestion()])}
              data-testid="template-add-question"
            >
              {t('surveyTemplates.addQuestion')}
            </Button>
          </Group>
        </Stack>
      </fieldset>
      {save.error && !Object.keys(errors).length && <ErrorAlert error={save.error} />}
      {isStaleVersion(save.error) && (
        <Button variant="default" onClick={reload}>
          {t('surveyTemplates.reload')}
        </Button>
      )}
      {editable && (
        <Group justify="flex-end" pos="sticky" bottom={0} py="xs" bg="var(--mantine-color-body)">
          <Button leftSection={<IconDeviceFloppy size={16} />} onClick={submit} loading={save.isPending} data-testid="template-save">
            {isNew ? t('common.create') : t('common.save')}
          </Button>
        </Group>
      )}
      <ConfirmModal
        opened={removing !== null}
        title={t('surveyTemplates.removeTitle')}
        message={t('surveyTemplates.removeMessage', { code: removing !== null ? draft.questions[removing]?.code || removing + 1 : '' })}
        confirmLabel={t('surveyTemplates.removeQuestion')}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          if (removing !== null) setQuestions(draft.questions.filter((_, k) => k !== removing));
          setRemoving(null);
        }}
      />
    </Stack>
  );
}
