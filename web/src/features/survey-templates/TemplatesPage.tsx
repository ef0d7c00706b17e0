import { ActionIcon, Anchor, Badge, Button, Group, Menu, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportModal } from '../../components/ImportModal';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { type TemplateImportResult, type TemplateListItem, templatesApi, useDeleteTemplate, useRefreshTemplates, useTemplates } from './api';

/** /surveys/templates: the survey templates, with import, export and (for the organizer) create and delete. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const templates = useTemplates();
  const refresh = useRefreshTemplates();
  const can = templates.data?.can;
  const [importOpened, importModal] = useDisclosure(false);
  const [deleting, setDeleting] = useState<TemplateListItem | null>(null);
  const remove = useDeleteTemplate();
  const items = templates.data?.items ?? [];

  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Anchor component={Link} to="/surveys" size="sm">
            {t('surveyTemplates.back')}
          </Anchor>
          <Title order={2}>{t('surveyTemplates.title')}</Title>
        </Stack>
        <Group gap="xs">
          {can?.import && (
            <Button variant="default" leftSection={<IconUpload size={16} />} onClick={importModal.open} data-testid="templates-import">
              {t('common.import')}
            </Button>
          )}
          {can?.create && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('/surveys/templates/new')} data-testid="templates-create">
              {t('surveyTemplates.create')}
            </Button>
          )}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('surveyTemplates.intro')}
      </Text>
      {templates.error && <ErrorAlert error={templates.error} />}
      <Table.ScrollContainer minWidth={360}>
        <Table striped highlightOnHover withTableBorder data-testid="templates-table">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('surveyTemplates.template')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('surveyTemplates.kind')}</Table.Th>
              <Table.Th ta="right">{t('surveyTemplates.questions')}</Table.Th>
              <Table.Th w={90} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.code} data-testid={`template-row-${item.code}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/surveys/templates/${encodeURIComponent(item.code)}`} fw={500}>
                    {item.code}
                  </Anchor>
                  <Text size="sm">{item.name}</Text>
                  <Group gap={4} hiddenFrom="sm">
                    <Badge size="xs" variant="light">
                      {t(`surveyTemplates.kinds.${item.kind}`)}
                    </Badge>
                  </Group>
                  {item.campaigns > 0 && (
                    <Text size="xs" c="dimmed">
                      {t('surveyTemplates.usedBy', { count: item.campaigns })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Badge variant="light">{t(`surveyTemplates.kinds.${item.kind}`)}</Badge>
                </Table.Td>
                <Table.Td ta="right">{item.questions}</Table.Td>
                <Table.Td>
                  <Group gap={0} wrap="nowrap" justify="flex-end">
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon variant="subtle" aria-label={t('surveyTemplates.export')} data-testid={`template-export-${item.code}`}>
                          <IconDownload size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item component="a" href={templatesApi.exportUrl(item.code, 'xlsx')} data-testid={`template-export-xlsx-${item.code}`}>
                          XLSX
                        </Menu.Item>
                        <Menu.Item component="a" href={templatesApi.exportUrl(item.code, 'json')} data-testid={`template-export-json-${item.code}`}>
                          JSON
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                    {can?.delete && item.campaigns === 0 && (
                      <RowAction label={t('common.delete')} color="red" onClick={() => setDeleting(item)}>
                        <IconTrash size={16} />
                      </RowAction>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={4} show={!templates.isLoading && items.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <ImportModal<TemplateImportResult>
        opened={importOpened}
        onClose={importModal.close}
        title={t('surveyTemplates.importTitle')}
        path={templatesApi.importPath}
        columns=""
        description={t('surveyTemplates.importHelp')}
        accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onImported={(result) => {
          importModal.close();
          refresh();
          notifications.show({ color: 'green', message: t(`surveyTemplates.imported.${result.outcome}`, { code: result.code, count: result.questions }) });
        }}
      />
      <ConfirmModal
        opened={deleting !== null}
        title={t('surveyTemplates.deleteTitle')}
        message={t('surveyTemplates.deleteMessage', { code: deleting?.code ?? '', name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onClose={closeDelete}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.code, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: t('surveyTemplates.deleted', { code: deleting.code }) });
              closeDelete();
            },
          })
        }
      />
    </Stack>
  );
}
