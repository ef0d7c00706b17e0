import { ActionIcon, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconDeviceFloppy, IconPlus, IconRestore, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type ReportTemplate, type TemplateResponse, useReportTemplate, useResetTemplate, useSaveTemplate } from './api';

/** The organizer's report template: the title and letterhead, the sections units write, place, signature, recipients. */
export function TemplateEditor() {
  const template = useReportTemplate();
  if (template.error) return <ErrorAlert error={template.error} />;
  if (!template.data) return null;
  return <TemplateForm key={template.data.version} view={template.data} />;
}

const lines = (text: string) => text.split('\n').map((l) => l.trimEnd());

function TemplateForm({ view }: { view: TemplateResponse }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ReportTemplate>(view.template);
  const [resetting, setResetting] = useState(false);
  const save = useSaveTemplate();
  const reset = useResetTemplate();
  const set = <K extends keyof ReportTemplate>(key: K, value: ReportTemplate[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setSection = (i: number, patch: Partial<ReportTemplate['sections'][number]>) =>
    set(
      'sections',
      draft.sections.map((s, j) => (j === i ? { ...s, ...patch } : s)),
    );
  return (
    <Stack maw={860}>
      <Text size="sm" c="dimmed">
        {t('periodicReports.template.help')}{' '}
        {Object.keys(view.placeholders)
          .map((p) => `{{${p}}}`)
          .join(', ')}
      </Text>
      <TextInput
        label={t('periodicReports.template.title')}
        value={draft.title}
        onChange={(e) => set('title', e.currentTarget.value)}
        data-testid="template-title"
      />
      <Textarea label={t('periodicReports.template.intro')} autosize minRows={2} value={draft.intro} onChange={(e) => set('intro', e.currentTarget.value)} />
      <Textarea
        label={t('periodicReports.template.letterhead')}
        description={t('periodicReports.template.oneLine')}
        autosize
        minRows={2}
        value={draft.letterhead.join('\n')}
        onChange={(e) => set('letterhead', lines(e.currentTarget.value))}
      />
      <Group grow wrap="wrap">
        <TextInput label={t('periodicReports.template.place')} value={draft.place} onChange={(e) => set('place', e.currentTarget.value)} miw={200} />
        <TextInput label={t('periodicReports.template.dateLine')} value={draft.dateLine} onChange={(e) => set('dateLine', e.currentTarget.value)} miw={200} />
      </Group>
      <Title order={4}>{t('periodicReports.template.sections')}</Title>
      {draft.sections.map((s, i) => (
        <Card key={i} withBorder padding="sm" data-testid={`template-section-${i}`}>
          <Group align="flex-end" wrap="wrap">
            <TextInput label={t('periodicReports.template.key')} value={s.key} onChange={(e) => setSection(i, { key: e.currentTarget.value })} w={160} />
            <TextInput
              label={t('periodicReports.template.sectionTitle')}
              value={s.title}
              onChange={(e) => setSection(i, { title: e.currentTarget.value })}
              style={{ flex: 1 }}
              miw={200}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('periodicReports.template.removeSection')}
              disabled={draft.sections.length <= 1}
              onClick={() =>
                set(
                  'sections',
                  draft.sections.filter((_, j) => j !== i),
                )
              }
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
          <Textarea
            label={t('periodicReports.template.hint')}
            autosize
            minRows={1}
            value={s.hint}
            onChange={(e) => setSection(i, { hint: e.currentTarget.value })}
          />
        </Card>
      ))}
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlus size={16} />}
          onClick={() => set('sections', [...draft.sections, { key: `muc_${draft.sections.length + 1}`, title: '', hint: '' }])}
          data-testid="template-add-section"
        >
          {t('periodicReports.template.addSection')}
        </Button>
      </Group>
      <Group grow wrap="wrap">
        <TextInput
          label={t('periodicReports.template.signatureTitle')}
          value={draft.signatureTitle}
          onChange={(e) => set('signatureTitle', e.currentTarget.value)}
          miw={200}
        />
        <TextInput
          label={t('periodicReports.template.signerName')}
          value={draft.signerName}
          onChange={(e) => set('signerName', e.currentTarget.value)}
          miw={200}
        />
      </Group>
      <Textarea
        label={t('periodicReports.template.recipients')}
        description={t('periodicReports.template.oneLine')}
        autosize
        minRows={2}
        value={draft.recipients.join('\n')}
        onChange={(e) => set('recipients', lines(e.currentTarget.value))}
      />
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Group>
        <Button
          leftSection={<IconDeviceFloppy size={16} />}
          loading={save.isPending}
          onClick={() =>
            save.mutate({
              template: { ...draft, letterhead: draft.letterhead.filter(Boolean), recipients: draft.recipients.filter(Boolean) },
              version: view.version,
            })
          }
          data-testid="template-save"
        >
          {t('periodicReports.save')}
        </Button>
        {!view.isDefault && (
          <Button variant="default" color="orange" leftSection={<IconRestore size={16} />} onClick={() => setResetting(true)} data-testid="template-reset">
            {t('periodicReports.template.reset')}
          </Button>
        )}
      </Group>
      <ConfirmModal
        opened={resetting}
        title={t('periodicReports.template.reset')}
        message={t('periodicReports.template.resetConfirm')}
        confirmLabel={t('periodicReports.template.reset')}
        color="orange"
        loading={reset.isPending}
        error={reset.error}
        onConfirm={() => reset.mutate(view.version, { onSuccess: () => setResetting(false) })}
        onClose={() => {
          reset.reset();
          setResetting(false);
        }}
      />
    </Stack>
  );
}
