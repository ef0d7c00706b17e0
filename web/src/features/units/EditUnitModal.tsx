import { NumberInput, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UnitPatchBody } from '@server/modules/units/schemas';
import { FormModal } from '../../components/FormModal';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { useFieldErrors } from '../../components/fieldErrors';
import { currentYear } from '../../format';
import { type UnitDetail, unitsApi, useUnitMutation, useUnits } from './api';

const FIELDS = ['name', 'year', 'parentCode'];

interface Props {
  unit: UnitDetail;
  opened: boolean;
  onClose: () => void;
}

/** Rename a unit (from a year on) or move it in the tree; sends the version it shows (If-Match). */
export function EditUnitModal({ unit, opened, onClose }: Props) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const units = useUnits();
  const [name, setName] = useState(unit.name);
  const [year, setYear] = useState<number | string>(currentYear());
  const [parentCode, setParentCode] = useState<string | null>(unit.parentCode);

  // Fill the fields each time the dialog opens (or shows a newer version of the unit).
  const [shownFor, setShownFor] = useState<UnitDetail | null>(null);
  if (opened && shownFor !== unit) {
    setShownFor(unit);
    setName(unit.name);
    setParentCode(unit.parentCode);
    setYear(currentYear());
  }
  if (!opened && shownFor !== null) setShownFor(null);

  const save = useUnitMutation((body: UnitPatchBody) => unitsApi.update(unit, body), t('units.saved'));
  const close = () => {
    save.reset();
    onClose();
  };

  const renamed = name.trim() !== unit.name;
  const submit = () => {
    const body: UnitPatchBody = {};
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
    <FormModal
      opened={opened}
      title={t('unitDetail.editTitle', { code: unit.code })}
      onClose={close}
      onSubmit={submit}
      submitLabel={t('common.save')}
      loading={save.isPending}
      error={save.error}
      fieldNames={FIELDS}
      testId="unit-edit-form"
    >
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
        data={(units.data?.items ?? []).filter((u) => u.code !== unit.code).map(unitOption)}
        value={parentCode}
        onChange={setParentCode}
        error={errors.parentCode}
        clearable
      />
    </FormModal>
  );
}
