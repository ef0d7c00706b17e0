import { Button, Code, Grid, Group, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEye, IconFileText, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useFieldErrors } from '../../components/fieldErrors';
import { type ApologyTemplate, sampleLetterHref, useLetterTemplate, usePreviewTemplate, useResetTemplate, useSaveTemplate } from './api';
import { LetterPreview } from './LetterPreview';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
const paragraphsOf = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

interface TemplateForm {
  letterhead: string;
  place: string;
  applicant: string;
  dateLine: string;
  title: string;
  salutation: string;
  paragraphs: string;
  signatureTitle: string;
  signatureNote: string;
  signerName: string;
  recipients: string;
}

const toForm = (t: ApologyTemplate): TemplateForm => ({
  ...t,
  letterhead: t.letterhead.join('\n'),
  paragraphs: t.paragraphs.join('\n\n'),
  recipients: t.recipients.join('\n'),
});
const fromForm = (f: TemplateForm): ApologyTemplate => ({
  ...f,
  letterhead: lines(f.letterhead),
  paragraphs: paragraphsOf(f.paragraphs),
  recipients: lines(f.recipients),
});

/** The organizer's template editor: the texts, the placeholders, a preview, a sample DOCX, back to the built-in one. */
export function TemplateTab() {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const current = useLetterTemplate();
  const save = useSaveTemplate();
  const reset = useResetTemplate();
  const preview = usePreviewTemplate();
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [form, setForm] = useState<TemplateForm | null>(null);
  // Each template the server answers (loaded, saved, reset) becomes the form, adjusted during render.
  const [loaded, setLoaded] = useState<typeof current.data>(undefined);
  if (current.data && current.data !== loaded) {
    setLoaded(current.data);
    setForm(toForm(current.data.template));
  }
  if (current.error) return <ErrorAlert error={current.error} />;
  if (!form || !current.data) return null;
  const set = (key: keyof TemplateForm) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => (f ? { ...f, [key]: value } : f));
  };
  const error = save.error ?? preview.error;
  const issues = fieldErrorsOf(error);
  const issueFor = (prefix: string) => Object.entries(issues).find(([path]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];
  const onSave = () =>
    save.mutate(fromForm(form), {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('apology.templateSaved') });
        preview.mutate(fromForm(form));
      },
    });

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {current.data.isDefault ? t('apology.templateIsDefault') : t('apology.templateIsCustom')}
          </Text>
          <Textarea
            label={t('apology.tpl.letterhead')}
            description={t('apology.tpl.onePerLine')}
            value={form.letterhead}
            onChange={set('letterhead')}
            error={issueFor('letterhead')}
            autosize
            minRows={2}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label={t('apology.tpl.place')} value={form.place} onChange={set('place')} error={issueFor('place')} data-testid="tpl-place" />
            <TextInput label={t('apology.tpl.applicant')} value={form.applicant} onChange={set('applicant')} error={issueFor('applicant')} />
          </SimpleGrid>
          <TextInput label={t('apology.tpl.dateLine')} value={form.dateLine} onChange={set('dateLine')} error={issueFor('dateLine')} />
          <TextInput label={t('apology.tpl.title')} value={form.title} onChange={set('title')} error={issueFor('title')} />
          <TextInput label={t('apology.tpl.salutation')} value={form.salutation} onChange={set('salutation')} error={issueFor('salutation')} />
          <Textarea
            label={t('apology.tpl.paragraphs')}
            description={t('apology.tpl.paragraphsHint')}
            value={form.paragraphs}
            onChange={set('paragraphs')}
            error={issueFor('paragraphs')}
            autosize
            minRows={8}
            data-testid="tpl-paragraphs"
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label={t('apology.tpl.signatureTitle')}
              value={form.signatureTitle}
              onChange={set('signatureTitle')}
              error={issueFor('signatureTitle')}
            />
            <TextInput label={t('apology.tpl.signerName')} value={form.signerName} onChange={set('signerName')} error={issueFor('signerName')} />
          </SimpleGrid>
          <TextInput label={t('apology.tpl.signatureNote')} value={form.signatureNote} onChange={set('signatureNote')} error={issueFor('signatureNote')} />
          <Textarea
            label={t('apology.tpl.recipients')}
            description={t('apology.tpl.onePerLine')}
            value={form.recipients}
            onChange={set('recipients')}
            error={issueFor('recipients')}
            autosize
            minRows={2}
          />
          {error ? <ErrorAlert error={error} /> : null}
          <Group gap="xs">
            <Button onClick={onSave} loading={save.isPending} data-testid="tpl-save">
              {t('common.save')}
            </Button>
            <Button
              variant="default"
              leftSection={<IconEye size={16} />}
              onClick={() => preview.mutate(fromForm(form))}
              loading={preview.isPending}
              data-testid="tpl-preview"
            >
              {t('apology.preview')}
            </Button>
            <Button component="a" href={sampleLetterHref()} download variant="default" leftSection={<IconFileText size={16} />} data-testid="tpl-sample">
              {t('apology.sampleDocx')}
            </Button>
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconRestore size={16} />}
              disabled={current.data.isDefault}
              loading={reset.isPending}
              onClick={() => setConfirmingReset(true)}
              data-testid="tpl-reset"
            >
              {t('apology.resetTemplate')}
            </Button>
            <ConfirmModal
              opened={confirmingReset}
              title={t('confirmations.resetTemplateTitle')}
              message={t('confirmations.resetTemplate')}
              confirmLabel={t('confirmations.resetTemplateConfirm')}
              loading={reset.isPending}
              error={reset.error}
              onConfirm={() =>
                reset.mutate(undefined, {
                  onSuccess: () => {
                    setConfirmingReset(false);
                    notifications.show({ message: t('apology.templateReset') });
                  },
                })
              }
              onClose={() => {
                reset.reset();
                setConfirmingReset(false);
              }}
            />
          </Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="xs">
          <Title order={5}>{t('apology.placeholders')}</Title>
          <Stack gap={2}>
            {Object.entries(current.data.placeholders).map(([name, meaning]) => (
              <Text key={name} size="xs">
                <Code>{`{{${name}}}`}</Code> {meaning}
              </Text>
            ))}
          </Stack>
          {preview.data && <LetterPreview letter={preview.data} />}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
