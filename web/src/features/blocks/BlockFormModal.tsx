import { TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';
import { useFieldErrors } from '../../components/fieldErrors';
import { type Block, useSaveBlock } from './api';

const FIELDS = ['code', 'name'];

/** Create when `block` is null, otherwise rename (the code of a block never changes). */
export function BlockFormModal({ block, opened, onClose }: { block: Block | null; opened: boolean; onClose: () => void }) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [lastBlock, setLastBlock] = useState<Block | null | undefined>(undefined);
  // Reset the fields whenever the modal opens for another block.
  if (opened && lastBlock !== block) {
    setLastBlock(block);
    setCode(block?.code ?? '');
    setName(block?.name ?? '');
  }

  const save = useSaveBlock();
  const close = () => {
    save.reset();
    setLastBlock(undefined);
    onClose();
  };
  const submit = () =>
    save.mutate(
      { code: block?.code ?? null, body: { code: code.trim(), name: name.trim() } },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'green', message: t(block ? 'blocks.saved' : 'blocks.created', { name: saved.name }) });
          close();
        },
      },
    );
  const errors = fieldErrorsOf(save.error);

  return (
    <FormModal
      opened={opened}
      title={block ? t('blocks.editTitle', { code: block.code }) : t('blocks.createTitle')}
      onClose={close}
      onSubmit={submit}
      submitLabel={block ? t('common.save') : t('common.create')}
      loading={save.isPending}
      error={save.error}
      fieldNames={FIELDS}
      testId="block-form"
    >
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
    </FormModal>
  );
}
