import { SimpleGrid, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal';
import { useFieldErrors } from '../../components/fieldErrors';
import { formatLocalDate, type LateDossier, localToday, useIssueLetter } from './api';
import { DateInput } from '../../components/DateInput';

const FIELDS = ['reason', 'newAppointmentDate', 'issuedOn'] as const;

/** Issue the letter of one dossier, or edit it (reason, new appointment date, the letter's date). */
export function IssueLetterModal({ dossier, onClose }: { dossier: LateDossier | null; onClose: () => void }) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const issue = useIssueLetter();
  // The parent gives each dossier its own modal (key), so the fields start from that dossier's letter.
  const [reason, setReason] = useState(dossier?.letter?.reason ?? '');
  const [date, setDate] = useState(dossier?.letter?.newAppointmentDate ?? '');
  const [issuedOn, setIssuedOn] = useState(dossier?.letter?.issuedOn ?? localToday());
  if (!dossier) return null;
  const errors = fieldErrorsOf(issue.error);
  const submit = () =>
    issue.mutate(
      { code: dossier.code, body: { reason, newAppointmentDate: date, issuedOn } },
      {
        onSuccess: (r) => {
          notifications.show({ color: 'green', message: t(r.created ? 'apology.issued' : 'apology.updated', { code: r.dossierCode }) });
          onClose();
        },
      },
    );
  return (
    <FormModal
      opened
      onClose={onClose}
      title={dossier.letter ? t('apology.editTitle') : t('apology.issueTitle')}
      size="lg"
      onSubmit={submit}
      submitLabel={dossier.letter ? t('common.save') : t('apology.issue')}
      loading={issue.isPending}
      error={issue.error}
      fieldNames={FIELDS}
      testId="letter"
    >
      <Text size="sm">
        <b>{dossier.code}</b> · {dossier.procedureName}
      </Text>
      <Text size="sm" c="dimmed">
        {t('apology.received')}: {formatLocalDate(dossier.receivedDate)} · {t('apology.due')}: {formatLocalDate(dossier.dueDate)}
        {dossier.resolvedDate ? ` · ${t('apology.resolved')}: ${formatLocalDate(dossier.resolvedDate)}` : ''}
      </Text>
      <Textarea
        label={t('apology.reason')}
        description={t('apology.reasonHint')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={errors.reason}
        required
        autosize
        minRows={3}
        maxLength={2000}
        data-testid="letter-reason"
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <DateInput
          label={t('apology.newAppointmentDate')}
          description={t('apology.newDateHint')}
          value={date}
          onChange={setDate}
          error={errors.newAppointmentDate}
          required
          data-testid="letter-date"
        />
        <DateInput
          label={t('apology.issuedOn')}
          description={t('apology.issuedOnHint')}
          value={issuedOn}
          onChange={setIssuedOn}
          error={errors.issuedOn}
          data-testid="letter-issued-on"
        />
      </SimpleGrid>
    </FormModal>
  );
}
