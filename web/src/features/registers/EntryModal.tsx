import { NumberInput, Select, TextInput } from '@mantine/core';
import { registerFieldSpecs } from '@server/domain/registers';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateInput } from '../../components/DateInput';
import { FormModal } from '../../components/FormModal';
import { useFieldErrors } from '../../components/fieldErrors';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { useUnits } from '../units/api';
import { type EntryInput, type RegisterEntry, type RegisterKind, useSaveEntry } from './api';

type FieldValue = string | number;

/**
 * Adds an entry to a register or edits one: code, title, date, and the register's own fields (a choice from its
 * options, a count as a whole number, a text). Mounted per entry (the page gives it a key).
 */
export function EntryModal(props: {
  onClose: () => void;
  year: number;
  register: RegisterKind;
  /** The unit of a new entry; null: the user picks one (the organizer looking at every unit). */
  unit: string | null;
  entry: RegisterEntry | null;
}) {
  const { t } = useTranslation();
  const save = useSaveEntry();
  const fieldErrors = useFieldErrors();
  const units = useUnits({ status: 'active' });
  const specs = registerFieldSpecs(props.register);
  const [unitCode, setUnitCode] = useState<string | null>(props.entry?.unitCode ?? props.unit);
  const [code, setCode] = useState(props.entry?.code ?? '');
  const [title, setTitle] = useState(props.entry?.title ?? '');
  const [entryDate, setEntryDate] = useState<string | null>(props.entry?.entryDate ?? null);
  const [data, setData] = useState<Record<string, FieldValue>>(() =>
    Object.fromEntries(specs.map(([field, spec]) => [field, props.entry?.data[field] ?? (spec.type === 'count' ? 0 : '')])),
  );
  const errors = fieldErrors(save.error);
  const fixedUnit = props.entry !== null || props.unit !== null;
  const body = (): EntryInput => ({
    year: props.year,
    unitCode: unitCode ?? '',
    register: props.register,
    code,
    title,
    entryDate: entryDate || null,
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'number' ? v : String(v)])),
  });
  const fieldNames = ['unitCode', 'code', 'title', 'entryDate', ...specs.map(([field]) => `data.${field}`)];
  return (
    <FormModal
      opened
      title={props.entry ? t('registers.editEntry') : t('registers.newEntry')}
      onClose={props.onClose}
      submitLabel={props.entry ? t('common.save') : t('common.create')}
      loading={save.isPending}
      error={save.error}
      fieldNames={fieldNames}
      testId="register-form"
      onSubmit={() => save.mutate({ entry: props.entry, body: body() }, { onSuccess: props.onClose })}
    >
      {!fixedUnit && (
        <SearchSelect
          label={t('registers.unit')}
          placeholder={t('registers.unitRequired')}
          data={(units.data?.items ?? []).map(unitOption)}
          value={unitCode}
          onChange={setUnitCode}
          error={errors.unitCode}
          data-testid="register-unit"
        />
      )}
      <TextInput label={t('registers.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} error={errors.code} data-testid="register-code" />
      <TextInput
        label={t('registers.entryTitle')}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={errors.title}
        data-testid="register-title"
      />
      <DateInput
        label={t('registers.date')}
        value={entryDate}
        onChange={(v) => setEntryDate(v || null)}
        error={errors.entryDate}
        clearable
        data-testid="register-date"
      />
      {specs.map(([field, spec]) => {
        const label = t(`registers.fields.${field}`);
        const error = errors[`data.${field}`];
        const testId = `register-field-${field}`;
        if (spec.type === 'choice')
          return (
            <Select
              key={field}
              label={label}
              data={spec.options.map((o) => ({ value: o, label: t(`registers.choices.${o}`) }))}
              value={data[field] ? String(data[field]) : null}
              onChange={(v) => setData((d) => ({ ...d, [field]: v ?? '' }))}
              allowDeselect={false}
              error={error}
              data-testid={testId}
            />
          );
        if (spec.type === 'count')
          return (
            <NumberInput
              key={field}
              label={label}
              value={data[field]}
              onChange={(v) => setData((d) => ({ ...d, [field]: v }))}
              min={0}
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator="."
              decimalSeparator=","
              error={error}
              data-testid={testId}
            />
          );
        return (
          <TextInput
            key={field}
            label={label}
            value={String(data[field] ?? '')}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setData((d) => ({ ...d, [field]: value }));
            }}
            error={error}
            data-testid={testId}
          />
        );
      })}
    </FormModal>
  );
}
