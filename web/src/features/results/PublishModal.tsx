import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFieldErrors } from '../../components/fieldErrors';
import { usePublishResults, type VisibleResults } from './api';

/** Publish the results, or a correction with its reason (the revision after the latest). */
export function PublishModal({ opened, onClose, data }: { opened: boolean; onClose: () => void; data: VisibleResults }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { year, blockCode, blockName } = data.results;
  const correction = data.revision !== null;
  const notSubmitted = data.results.units.filter((u) => u.notSubmitted).map((u) => u.unitCode);
  const publishing = usePublishResults(year, blockCode);
  const publish = {
    ...publishing,
    mutate: () =>
      publishing.mutate(correction ? reason.trim() : null, {
        onSuccess: (r) => {
          notifications.show({ color: 'green', message: t('results.published', { revision: r.revision }) });
          setReason('');
          onClose();
        },
      }),
  };
  const close = () => {
    publish.reset();
    onClose();
  };
  const reasonError = useFieldErrors()(publish.error).reason;
  return (
    <Modal opened={opened} onClose={close} title={correction ? t('results.correctTitle') : t('results.publishTitle')}>
      <Stack>
        <Text size="sm">
          {correction
            ? t('results.confirmCorrect', { block: blockName, year, revision: (data.revision ?? 0) + 1 })
            : t('results.confirmPublish', { block: blockName, year })}
        </Text>
        {notSubmitted.length > 0 && (
          <Text size="sm" data-testid="publish-not-submitted">
            {t('confirmations.publishNotSubmitted', { count: notSubmitted.length, units: notSubmitted.join(', ') })}
          </Text>
        )}
        {correction && (
          <Textarea
            label={t('results.reason')}
            description={t('results.reasonHint')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonError}
            required
            autosize
            minRows={3}
            maxLength={2000}
            data-testid="publish-reason"
          />
        )}
        {publish.error ? <ErrorAlert error={publish.error} hideFieldIssues={['reason']} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            leftSection={<IconSend size={16} />}
            loading={publish.isPending}
            disabled={correction && !reason.trim()}
            onClick={() => publish.mutate()}
            data-testid="publish-confirm"
          >
            {correction ? t('results.correct') : t('results.publish')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
