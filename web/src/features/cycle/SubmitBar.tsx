import { Alert, Anchor, Button, Group, List, Paper, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useReasonText } from '../../components/ErrorAlert';
import { useSubmitSheet } from './api';
import { ErrorsBelow } from './ScoreForms';

/**
 * The leader's submission: the button, a confirmation that says what submitting locks, and when the sheet is not
 * ready, one line per criterion with its reason (a link to the criterion).
 */
export function SubmitBar({ roundId, unitCode }: { roundId: number; unitCode: string }) {
  const { t } = useTranslation();
  const submit = useSubmitSheet(roundId, unitCode, () => notifications.show({ color: 'green', message: t('cycle.sheet.submittedToast') }));
  const issues = submit.error instanceof ApiError ? submit.error.issues : [];
  const reasonText = useReasonText();
  const [confirming, setConfirming] = useState(false);
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Group>
          <Button leftSection={<IconSend size={16} />} loading={submit.isPending} onClick={() => setConfirming(true)} data-testid="sheet-submit">
            {t('cycle.sheet.submit')}
          </Button>
        </Group>
        {submit.error && issues.length === 0 && <ErrorsBelow error={submit.error} />}
        {issues.length > 0 && (
          <Alert color="red" title={t('cycle.sheet.notReady', { count: issues.length })} data-testid="submit-issues">
            <List size="sm">
              {issues.map((i) => (
                <List.Item key={`${i.path}-${i.message}`}>
                  <Anchor href={`#criterion-${i.path}`}>{i.path}</Anchor>: {reasonText(i)}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('cycle.confirm.submitTitle', { unit: unitCode })}
        message={t('cycle.confirm.submit', { unit: unitCode })}
        confirmLabel={t('cycle.sheet.submit')}
        color="blue"
        loading={submit.isPending}
        onConfirm={() => submit.mutate(undefined, { onSettled: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
    </Paper>
  );
}
