import { Autocomplete, Grid, NumberInput, Select, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ONLINE_LEVELS, type OnlineLevel } from '../../../../src/domain/vocabulary';
import { FormModal } from '../../components/FormModal';
import { SearchSelect, unitOption } from '../../components/SearchSelect';
import { useFieldErrors } from '../../components/fieldErrors';
import { useUnits } from '../units/api';
import { type Procedure, useSaveProcedure } from './api';

type ProcedureForm = Omit<Procedure, 'id' | 'unitName' | 'updatedAt' | 'version'>;

const emptyForm = (): ProcedureForm => ({
  code: '',
  name: '',
  field: '',
  unitCode: '',
  legalDays: 0,
  internalDays: 0,
  onlineLevel: 'none',
  fee: null,
  published: true,
});

/** The values of a procedure the form edits (none of its id, unit name, time of change or version). */
const formOf = ({ code, name, field, unitCode, legalDays, internalDays, onlineLevel, fee, published }: Procedure): ProcedureForm => ({
  code,
  name,
  field,
  unitCode,
  legalDays,
  internalDays,
  onlineLevel,
  fee,
  published,
});

const FIELDS = ['code', 'name', 'field', 'unitCode', 'legalDays', 'internalDays', 'onlineLevel', 'fee', 'published'] as const;

/** Create when `procedure` is null, otherwise edit (the code of a procedure never changes). */
export function ProcedureFormModal({
  procedure,
  opened,
  onClose,
  fields,
}: {
  procedure: Procedure | null;
  opened: boolean;
  onClose: () => void;
  fields: string[];
}) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const units = useUnits({ status: 'active' });
  const [form, setForm] = useState(emptyForm);
  const [last, setLast] = useState<Procedure | null | undefined>(undefined);
  if (opened && last !== procedure) {
    setLast(procedure);
    setForm(procedure ? formOf(procedure) : emptyForm());
  }
  const set = <K extends keyof ProcedureForm>(key: K, value: ProcedureForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  const save = useSaveProcedure(procedure);
  const close = () => {
    save.reset();
    setLast(undefined);
    onClose();
  };
  const submit = () =>
    save.mutate(
      { ...form, code: form.code.trim(), name: form.name.trim(), field: form.field.trim() },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'green', message: t(procedure ? 'procedures.saved' : 'procedures.created', { code: saved.code }) });
          close();
        },
      },
    );
  const errors = fieldErrorsOf(save.error);

  return (
    <FormModal
      opened={opened}
      onClose={close}
      onSubmit={submit}
      title={procedure ? t('procedures.editTitle', { code: procedure.code }) : t('procedures.createTitle')}
      submitLabel={procedure ? t('common.save') : t('common.create')}
      loading={save.isPending}
      error={save.error}
      fieldNames={FIELDS}
      size="lg"
      testId="procedure-form"
    >
      <TextInput
        label={t('procedures.code')}
        value={form.code}
        onChange={(e) => set('code', e.currentTarget.value)}
        error={errors.code}
        disabled={!!procedure}
        required
        data-testid="procedure-form-code"
      />
      <TextInput
        label={t('procedures.name')}
        value={form.name}
        onChange={(e) => set('name', e.currentTarget.value)}
        error={errors.name}
        required
        data-testid="procedure-form-name"
      />
      <Autocomplete
        label={t('procedures.field')}
        data={fields}
        value={form.field}
        onChange={(v) => set('field', v)}
        error={errors.field}
        required
        data-testid="procedure-form-field"
      />
      <SearchSelect
        label={t('procedures.unit')}
        data={(units.data?.items ?? []).map(unitOption)}
        value={form.unitCode || null}
        onChange={(v) => set('unitCode', v ?? '')}
        error={errors.unitCode}
        required
        data-testid="procedure-form-unit"
      />
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, xs: 6 }}>
          <NumberInput
            label={t('procedures.legalDays')}
            description={t('procedures.daysUnit')}
            value={form.legalDays}
            onChange={(v) => set('legalDays', typeof v === 'number' ? v : 0)}
            min={0}
            max={1000}
            allowDecimal={false}
            error={errors.legalDays}
            data-testid="procedure-form-legal"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, xs: 6 }}>
          <NumberInput
            label={t('procedures.internalDays')}
            description={t('procedures.internalHint')}
            value={form.internalDays}
            onChange={(v) => set('internalDays', typeof v === 'number' ? v : 0)}
            min={0}
            max={1000}
            allowDecimal={false}
            error={errors.internalDays}
            data-testid="procedure-form-internal"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, xs: 6 }}>
          <Select
            label={t('procedures.online')}
            data={ONLINE_LEVELS.map((l) => ({ value: l, label: t(`procedures.level.${l}`) }))}
            value={form.onlineLevel}
            onChange={(v) => v && set('onlineLevel', v as OnlineLevel)}
            allowDeselect={false}
            error={errors.onlineLevel}
            data-testid="procedure-form-online"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, xs: 6 }}>
          <NumberInput
            label={t('procedures.fee')}
            description={t('procedures.feeHint')}
            value={form.fee ?? ''}
            onChange={(v) => set('fee', typeof v === 'number' ? v : null)}
            min={0}
            allowDecimal={false}
            thousandSeparator="."
            decimalSeparator=","
            error={errors.fee}
            data-testid="procedure-form-fee"
          />
        </Grid.Col>
      </Grid>
      <Switch
        label={t('procedures.published')}
        checked={form.published}
        onChange={(e) => set('published', e.currentTarget.checked)}
        data-testid="procedure-form-published"
      />
    </FormModal>
  );
}
