import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useUnits } from '../../api/queries';
import type { UnitDetail } from '../../api/types';
import { currentYear } from '../../format';
import { ErrorAlert } from '../ErrorAlert';
import { useUnitMutation } from './useUnitMutation';
import { SearchSelect, unitOption } from '../SearchSelect';
import { useFieldErrors } from '../fieldErrors';

interface Props {
  unit: UnitDetail;
  opened: boolean;
  onClose: () => void;
}

export function EditUnitModal({ unit, opened, onClose }: Props) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const units = useUnits();
  const [name, setName] = useState(unit.name);
  const [year, setYear] = useState<number | string>(currentYear());
  const [parentCode, setParentCode] = useState<string | null>(unit.parentCode);

  useEffect(() => {
    if (opened) {
      setName(unit.name);
      setParentCode(unit.parentCode);
      setYear(currentYear());
    }
  }, [opened, unit]);

  const save = useUnitMutation(
    (body: Record<string, unknown>) => api.patch<UnitDetail>(`/units/${encodeURIComponent(unit.code)}`, body, { ifMatch: unit.version }),
    t('units.saved'),
  );
  const close = () => {
    save.reset();
    onClose();
  };

  const renamed = name.trim() !== unit.name;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    if (renamed) {
      body.name = name.trim();
      if (typeof year === 'number') body.year = year;
    }
    if (parentCode !== unit.parentCode) body.parentCode = parentCode; // null clears
    if (Object.keys(body).length === 0) return close();
    save.mutate(body, { onSuccess: close });
  };

  const errors = fieldErrorsOf(save.error);
  return (
    <Modal opened={opened} onClose={close} title={t('unitDetail.editTitle', { code: unit.code })}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {save.error && <ErrorAlert error={save.error} hideFieldIssues={['name', 'year', 'parentCode']} />}
          <TextInput
            label={t('units.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            data-testid="unit-edit-name"
          />
          <NumberInput
            label={t('unitDetail.renameFromYear')}
            description={t('unitDetail.renameFromYearHint')}
            value={year}
            onChange={setYear}
            error={errors.year}
            min={2000}
            max={2100}
            disabled={!renamed}
          />
          <SearchSelect
            label={t('units.parent')}
            data={(units.data?.items ?? [])
              .filter((u) => u.code !== unit.code)
              .map(unitOption)}
            value={parentCode}
            onChange={setParentCode}
            error={errors.parentCode}
            clearable
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="unit-edit-submit">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
