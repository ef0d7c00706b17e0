import { ActionIcon, Alert, Button, Code, CopyButton, Group, Modal, Stack, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** The temporary password is shown exactly once; the server never returns it again. */
export function TemporaryPasswordModal({ value, username, onClose }: { value: string | null; username: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={value !== null} onClose={onClose} title={t('users.tempPasswordTitle')} closeOnClickOutside={false}>
      <Stack>
        <Alert color="yellow">{t('users.tempPasswordOnce', { username })}</Alert>
        <Group wrap="nowrap">
          <Code fz="lg" p="sm" style={{ flex: 1, wordBreak: 'break-all' }} data-testid="temporary-password">
            {value}
          </Code>
          <CopyButton value={value ?? ''}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                <ActionIcon variant="light" size="lg" onClick={copy} color={copied ? 'teal' : undefined} aria-label={t('common.copy')}>
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="temporary-password-done">
            {t('common.done')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
