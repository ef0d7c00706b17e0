import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { keys, useBlocks, useUnits } from '../api/queries';
import type { UnitDetail } from '../api/types';
import { currentYear } from '../format';
import { ErrorAlert } from './ErrorAlert';
import { SearchSelect, unitOption, blockOption } from './SearchSelect';
import { useFieldErrors } from './fieldErrors';

const FIELDS = ['code', 'name', 'parentCode', 'blockCode', 'year'];

export function UnitCreateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const blocks = useBlocks();
  const units = useUnits();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [parentCode, setParentCode] = useState<string | null>(null);
  const [blockCode, setBlockCode] = useState<string | null>(null);
  const [year, setYear] = useState<number | string>(currentYear());

  const create = useMutation({
    mutationFn: () =>
      api.post<UnitDetail>('/units', {
        code: code.trim(),
        name: name.trim(),
        ...(parentCode ? { parentCode } : {}),
        ...(blockCode ? { blockCode, year: typeof year === 'number' ? year : undefined } : {}),
      }),
    onSuccess: (unit) => {
      void qc.invalidateQueries({ queryKey: keys.unitsAll });
      void qc.invalidateQueries({ queryKey: keys.blocks });
      notifications.show({ color: 'green', message: t('units.created', { name: unit.name }) });
      close();
    },
  });

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
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <Modal opened={opened} onClose={close} title={t('units.createTitle')}>
      <form onSubmit={onSubmit} noValidate data-testid="unit-create-form">
        <Stack>
          {create.error && <ErrorAlert error={create.error} hideFieldIssues={FIELDS} />}
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
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="unit-form-submit">
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
