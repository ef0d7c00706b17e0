import { Group, NumberInput, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';
import { SearchSelect, blockOption, unitOption } from '../../components/SearchSelect';
import { useFieldErrors } from '../../components/fieldErrors';
import { currentYear } from '../../format';
import { useBlocks } from '../blocks/api';
import { unitsApi, useUnitMutation, useUnits } from './api';

const FIELDS = ['code', 'name', 'parentCode', 'blockCode', 'year'];

export function UnitCreateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const blocks = useBlocks();
  const units = useUnits();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [parentCode, setParentCode] = useState<string | null>(null);
  const [blockCode, setBlockCode] = useState<string | null>(null);
  const [year, setYear] = useState<number | string>(currentYear());

  const create = useUnitMutation(
    () =>
      unitsApi.create({
        code: code.trim(),
        name: name.trim(),
        ...(parentCode ? { parentCode } : {}),
        ...(blockCode ? { blockCode, year: typeof year === 'number' ? year : undefined } : {}),
      }),
    t('units.created', { name: name.trim() }),
  );

  const close = () => {
    create.reset();
    setCode('');
    setName('');
    setParentCode(null);
    setBlockCode(null);
    setYear(currentYear());
    onClose();
  };

  const errors = fieldErrorsOf(create.error);
  return (
    <FormModal
      opened={opened}
      title={t('units.createTitle')}
      onClose={close}
      onSubmit={() => create.mutate(undefined, { onSuccess: close })}
      loading={create.isPending}
      error={create.error}
      fieldNames={FIELDS}
      testId="unit-create-form"
    >
      <TextInput
        label={t('units.code')}
        value={code}
        onChange={(e) => setCode(e.currentTarget.value)}
        error={errors.code}
        required
        data-autofocus
        data-testid="unit-form-code"
      />
      <TextInput
        label={t('units.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        required
        data-testid="unit-form-name"
      />
      <SearchSelect
        label={t('units.parent')}
        data={(units.data?.items ?? []).map(unitOption)}
        value={parentCode}
        onChange={setParentCode}
        error={errors.parentCode}
        clearable
        data-testid="unit-form-parent"
      />
      <Group grow align="flex-start">
        <SearchSelect
          label={t('units.block')}
          data={(blocks.data ?? []).map(blockOption)}
          value={blockCode}
          onChange={setBlockCode}
          error={errors.blockCode}
          clearable
          data-testid="unit-form-block"
        />
        <NumberInput
          label={t('units.year')}
          value={year}
          onChange={setYear}
          error={errors.year}
          min={2000}
          max={2100}
          disabled={!blockCode}
          data-testid="unit-form-year"
        />
      </Group>
    </FormModal>
  );
}
