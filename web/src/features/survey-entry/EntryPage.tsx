import { Alert, Anchor, Button, Center, Group, Loader, Menu, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconDownload, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportModal } from '../../components/ImportModal';
import { entryUrls, type ImportResult, useEntryForm, useEntryMutations } from './api';
import { PaperEntryForm } from './PaperEntryForm';
import { PaperFormsList } from './PaperFormsList';
import { ResponsesList } from './ResponsesList';

/** /surveys/campaigns/:code/entry — paper entry, the double-entry state, the responses with re-check, import and export. */
export function EntryPage() {
  const { t } = useTranslation();
  const code = useParams().code ?? '';
  const query = useEntryForm(code);
  const m = useEntryMutations(code);
  const [tab, setTab] = useState<string | null>('entry');
  const [importing, setImporting] = useState(false);
  if (query.isLoading)
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  if (query.error || !query.data) return <ErrorAlert error={query.error} />;
  const form = query.data;
  const { campaign, can } = form;
  const questionColumns =
    campaign.kind === 'officials'
      ? 'response_id,group_code,rated_unit_code,<question_code>…'
      : `response_id,unit_code,${form.questions.map((q) => q.code).join(',')}`;

  return (
    <Stack>
      <Anchor component={Link} to={`/surveys/campaigns/${encodeURIComponent(code)}`} size="sm">
        <Group gap={4}>
          <IconChevronLeft size={14} />
          {campaign.name}
        </Group>
      </Anchor>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('surveyEntry.title')}</Title>
        <Group gap="xs">
          {can.import && (
            <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setImporting(true)} data-testid="responses-import">
              {t('surveyEntry.import')}
            </Button>
          )}
          {can.export && (
            <Menu>
              <Menu.Target>
                <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="responses-export">
                  {t('surveyEntry.export')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {(['csv', 'xlsx'] as const).flatMap((format) =>
                  (['codes', 'labels'] as const).map((values) => (
                    <Menu.Item key={`${format}-${values}`} component="a" href={entryUrls.exportUrl(code, format, values)}>
                      {t(`surveyEntry.exportAs.${values}`, { format: format.toUpperCase() })}
                    </Menu.Item>
                  )),
                )}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {campaign.doubleEntry ? t('surveyEntry.doubleEntryOn') : t('surveyEntry.doubleEntryOff')}
      </Text>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="entry" data-testid="tab-entry">
            {t('surveyEntry.tabs.entry')}
          </Tabs.Tab>
          <Tabs.Tab value="forms" data-testid="tab-forms">
            {t('surveyEntry.tabs.forms')}
          </Tabs.Tab>
          <Tabs.Tab value="responses" data-testid="tab-responses">
            {t('surveyEntry.tabs.responses')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="entry" pt="md">
          {!can.enterPaper ? (
            <Alert color="gray">{campaign.channels.includes('paper') ? t('surveyEntry.cannotEnter') : t('surveyEntry.paperOff')}</Alert>
          ) : campaign.kind === 'officials' ? (
            <Alert color="gray">{t('surveyEntry.officialsUseImport')}</Alert>
          ) : (
            <PaperEntryForm code={code} form={form} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="forms" pt="md">
          <PaperFormsList code={code} form={form} />
        </Tabs.Panel>
        <Tabs.Panel value="responses" pt="md">
          <ResponsesList code={code} form={form} />
        </Tabs.Panel>
      </Tabs>
      <ImportModal<ImportResult>
        opened={importing}
        onClose={() => setImporting(false)}
        title={t('surveyEntry.importTitle')}
        path={entryUrls.importPath(code)}
        columns={questionColumns}
        onImported={(r) => {
          setImporting(false);
          void m.refresh();
          notifications.show({ color: 'green', message: t('surveyEntry.imported', { ...r }) });
        }}
      />
    </Stack>
  );
}
