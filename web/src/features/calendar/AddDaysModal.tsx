import { Group, SegmentedControl, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarDayKind } from '../../../../src/domain/vocabulary';
import { FormModal } from '../../components/FormModal';
import { useFieldErrors } from '../../components/fieldErrors';
import { useSetDays } from './api';
import { DateInput } from '../../components/DateInput';

const FIELDS = ['from', 'to', 'kind', 'name'] as const;

/** Set one day or a range to a holiday or a make-up working day. */
export function AddDaysModal({ opened, onClose, year }: { opened: boolean; onClose: () => void; year: number }) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<CalendarDayKind>('holiday');
  const [name, setName] = useState('');
  const save = useSetDays();
  const close = () => {
    save.reset();
    setFrom('');
    setTo('');
    setName('');
    setKind('holiday');
    onClose();
  };
  const submit = () =>
    save.mutate(
      { from, ...(to && to !== from ? { to } : {}), kind, name: name.trim() },
      {
        onSuccess: (r) => {
          notifications.show({ color: 'green', message: t('calendar.saved', r) });
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
      title={t('calendar.addTitle')}
      submitLabel={t('common.save')}
      loading={save.isPending}
      error={save.error}
      fieldNames={FIELDS}
      testId="calendar-form"
    >
      <SegmentedControl
        value={kind}
        onChange={(v) => setKind(v as CalendarDayKind)}
        data={[
          { value: 'holiday', label: t('calendar.kind.holiday') },
          { value: 'workday', label: t('calendar.kind.workday') },
        ]}
        data-testid="calendar-form-kind"
      />
      {errors.kind && (
        <Text c="red" size="sm" data-testid="calendar-form-kind-error">
          {errors.kind}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {kind === 'holiday' ? t('calendar.holidayHint') : t('calendar.workdayHint')}
      </Text>
      <Group grow align="flex-start">
        <DateInput
          label={t('calendar.from')}
          value={from}
          minDate={`${year - 1}-01-01`}
          onChange={setFrom}
          error={errors.from}
          required
          data-testid="calendar-form-from"
        />
        <DateInput label={t('calendar.to')} description={t('calendar.toHint')} value={to} onChange={setTo} error={errors.to} data-testid="calendar-form-to" />
      </Group>
      <TextInput
        label={t('calendar.name')}
        placeholder={kind === 'holiday' ? t('calendar.namePlaceholderHoliday') : t('calendar.namePlaceholderWorkday')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors.name}
        required
        data-testid="calendar-form-name"
      />
    </FormModal>
  );
}
