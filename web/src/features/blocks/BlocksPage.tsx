import { Button, Group, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconSearch, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchesSearch } from '../../../../src/domain/text';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportModal } from '../../components/ImportModal';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { type Block, type BlockImportResult, blocksApi, useBlockList, useDeleteBlock, useRefreshBlocks } from './api';
import { BlockFormModal } from './BlockFormModal';

export function BlocksPage() {
  const { t } = useTranslation();
  const blocks = useBlockList();
  const refresh = useRefreshBlocks();
  const can = blocks.data?.can;
  const [search, setSearch] = useState('');
  const [formOpened, formModal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  const [editing, setEditing] = useState<Block | null>(null);
  const [deleting, setDeleting] = useState<Block | null>(null);

  const remove = useDeleteBlock();
  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };

  const rows = useMemo(() => (blocks.data?.items ?? []).filter((b) => matchesSearch(`${b.code} ${b.name}`, search)), [blocks.data, search]);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('blocks.title')}</Title>
        <Group gap="xs">
          {can?.import && (
            <Button variant="default" leftSection={<IconUpload size={16} />} onClick={importModal.open} data-testid="blocks-import">
              {t('common.import')}
            </Button>
          )}
          {can?.create && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => {
                setEditing(null);
                formModal.open();
              }}
              data-testid="block-create-button"
            >
              {t('blocks.create')}
            </Button>
          )}
        </Group>
      </Group>
      <TextInput
        placeholder={t('blocks.searchPlaceholder')}
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={400}
        data-testid="blocks-search"
      />
      {blocks.error && <ErrorAlert error={blocks.error} />}
      <Table.ScrollContainer minWidth={480}>
        <Table striped highlightOnHover withTableBorder data-testid="blocks-table">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('blocks.code')}</Table.Th>
              <Table.Th>{t('blocks.name')}</Table.Th>
              <Table.Th ta="right">{t('blocks.unitCount')}</Table.Th>
              <Table.Th w={90} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((b) => (
              <Table.Tr key={b.code} data-testid={`block-row-${b.code}`}>
                <Table.Td>{b.code}</Table.Td>
                <Table.Td>{b.name}</Table.Td>
                <Table.Td ta="right">{b.unitCount}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {can?.edit && (
                      <RowAction
                        label={t('common.edit')}
                        onClick={() => {
                          setEditing(b);
                          formModal.open();
                        }}
                      >
                        <IconPencil size={16} />
                      </RowAction>
                    )}
                    {can?.delete && (
                      <RowAction label={t('common.delete')} color="red" onClick={() => setDeleting(b)}>
                        <IconTrash size={16} />
                      </RowAction>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={4} show={rows.length === 0 && !blocks.isPending} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <BlockFormModal block={editing} opened={formOpened} onClose={formModal.close} />
      <ConfirmModal
        opened={deleting !== null}
        title={t('blocks.deleteTitle')}
        message={t('blocks.confirmDelete', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.code, {
            onSuccess: () => {
              notifications.show({ color: 'green', message: t('blocks.deleted') });
              closeDelete();
            },
          })
        }
        onClose={closeDelete}
      />
      <ImportModal<BlockImportResult>
        opened={importOpened}
        onClose={importModal.close}
        title={t('blocks.importTitle')}
        path={blocksApi.importPath}
        columns="code, name"
        onImported={(r) => {
          refresh();
          notifications.show({ color: 'green', message: t('blocks.imported', r) });
          importModal.close();
        }}
      />
    </Stack>
  );
}
