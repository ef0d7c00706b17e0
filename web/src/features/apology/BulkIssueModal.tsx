import { Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';
import { useBulkIssue } from './api';
import { DateInput } from '../../components/DateInput';

/** One reason and one new appointment date for the letters of several dossiers (all or nothing). */
export function BulkIssueModal({ codes, onClose }: { codes: string[] | null; onClose: () => void }) {
  const { t } = useTranslation();
  const bulk = useBulkIssue();
  const [reason, setReason] = useState('');
  const [date, setDate] = useState('');
  useEffect(() => bulk.reset(), [codes]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!codes) return null;
  const submit = () =>
    bulk.mutate(
      { reason, newAppointmentDate: date, letters: codes.map((dossierCode) => ({ dossierCode })) },
      {
        onSuccess: (r) => {
          notifications.show({ color: 'green', message: t('apology.bulkIssued', { count: r.items.length }) });
          setReason('');
          setDate('');
          onClose();
        },
      },
    );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={t('apology.bulkTitle', { count: codes.length })}
      size="lg"
      onSubmit={submit}
      submitLabel={t('apology.issueAll', { count: codes.length })}
      loading={bulk.isPending}
      error={bulk.error}
      testId="bulk"
    >
      <Text size="sm" c="dimmed">
        {t('apology.bulkHint')}
      </Text>
      <Text size="sm">{codes.join(', ')}</Text>
      <Text size="sm" fw={500} data-testid="bulk-consequence">
        {t('confirmations.bulkConsequence', { count: codes.length })}
      </Text>
      <Textarea
        label={t('apology.reason')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        required
        autosize
        minRows={3}
        maxLength={2000}
        data-testid="bulk-reason"
      />
      <DateInput label={t('apology.newAppointmentDate')} value={date} onChange={setDate} required data-testid="bulk-date" />
    </FormModal>
  );
}
