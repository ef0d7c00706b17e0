import { Button, Group, Modal, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconSearch, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { matchesSearch } from '../../../src/domain/text';
import { api } from '../api/client';
import { keys, useBlocks } from '../api/queries';
import type { Block } from '../api/types';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { EmptyRow, RowAction } from '../components/TableParts';
import { ImportModal } from '../components/ImportModal';
import { useFieldErrors } from '../components/fieldErrors';

/** Create when `block` is null, otherwise rename (the code of a block never changes). */
function BlockFormModal({ block, opened, onClose }: { block: Block | null; opened: boolean; onClose: () => void }) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [lastBlock, setLastBlock] = useState<Block | null | undefined>(undefined);
  // Reset the fields whenever the modal opens for another block.
  if (opened && lastBlock !== block) {
    setLastBlock(block);
    setCode(block?.code ?? '');
    setName(block?.name ?? '');
  }

  const save = useMutation({
    mutationFn: () =>
      block
        ? api.patch<Block>(`/blocks/${encodeURIComponent(block.code)}`, { name: name.trim() })
        : api.post<Block>('/blocks', { code: code.trim(), name: name.trim() }),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: keys.blocks });
      void qc.invalidateQueries({ queryKey: keys.unitsAll });
      notifications.show({ color: 'green', message: t(block ? 'blocks.saved' : 'blocks.created', { name: saved.name }) });
      close();
    },
  });
  const close = () => {
    save.reset();
    setLastBlock(undefined);
    onClose();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const errors = fieldErrorsOf(save.error);

  return (
    <Modal opened={opened} onClose={close} title={block ? t('blocks.editTitle', { code: block.code }) : t('blocks.createTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {save.error && <ErrorAlert error={save.error} hideFieldIssues={['code', 'name']} />}
          <TextInput
            label={t('blocks.code')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={errors.code}
            disabled={!!block}
            required
            data-testid="block-form-code"
          />
          <TextInput
            label={t('blocks.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            data-testid="block-form-name"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="block-form-submit">
              {block ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function BlocksPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const blocks = useBlocks();
  const [search, setSearch] = useState('');
  const [formOpened, formModal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  const [editing, setEditing] = useState<Block | null>(null);
  const [deleting, setDeleting] = useState<Block | null>(null);

  const remove = useMutation({
    mutationFn: (code: string) => api.delete(`/blocks/${encodeURIComponent(code)}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.blocks });
      notifications.show({ color: 'green', message: t('blocks.deleted') });
      closeDelete();
    },
  });
  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };

  const rows = useMemo(
    () => (blocks.data ?? []).filter((b) => matchesSearch(`${b.code} ${b.name}`, search)),
    [blocks.data, search],
  );

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('blocks.title')}</Title>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconUpload size={16} />} onClick={importModal.open} data-testid="blocks-import">
            {t('common.import')}
          </Button>
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
                    <RowAction label={t('common.edit')} onClick={() => {
                          setEditing(b);
                          formModal.open();
                        }}>
<IconPencil size={16} />
</RowAction>
                    <RowAction label={t('common.delete')} color="red" onClick={() => setDeleting(b)}>
<IconTrash size={16} />
</RowAction>
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
        onConfirm={() => deleting && remove.mutate(deleting.code)}
        onClose={closeDelete}
      />
      <ImportModal<{ created: number; updated: number }>
        opened={importOpened}
        onClose={importModal.close}
        title={t('blocks.importTitle')}
        path="/blocks/import"
        columns="code, name"
        onImported={(r) => {
          void qc.invalidateQueries({ queryKey: keys.blocks });
          notifications.show({ color: 'green', message: t('blocks.imported', r) });
          importModal.close();
        }}
      />
    </Stack>
  );
}
