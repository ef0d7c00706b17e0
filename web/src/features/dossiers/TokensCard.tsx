import { Alert, Badge, Button, Card, Code, CopyButton, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { type ApiToken, useApiTokens, useCreateApiToken, useRevokeApiToken } from './api';

/** Machine tokens for the batch push: create (shown once), list, revoke. */
export function TokensCard() {
  const { t } = useTranslation();
  const tokens = useApiTokens();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ token: string; item: ApiToken } | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name.trim(), {
      onSuccess: (res) => {
        setCreated(res);
        setName('');
      },
    });
  };
  const onRevoke = (id: number) =>
    revoke.mutate(id, {
      onSuccess: (token) => {
        notifications.show({ color: 'green', message: t('dossiers.tokens.revoked', { name: token.name }) });
        setRevoking(null);
      },
    });

  return (
    <Card withBorder padding="md" data-testid="dossier-tokens">
      <Stack>
        <Title order={4}>{t('dossiers.tokens.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('dossiers.tokens.description')}
        </Text>
        <Code block>{'POST /api/v1/dossiers:batch\nAuthorization: Bearer pdx_…\n{ "dossiers": [ … ], "skipInvalid": false }'}</Code>
        <form onSubmit={onSubmit} noValidate>
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('dossiers.tokens.name')}
              placeholder={t('dossiers.tokens.namePlaceholder')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              style={{ flex: '1 1 240px' }}
              data-testid="dossier-token-name"
            />
            <Button type="submit" leftSection={<IconPlus size={16} />} disabled={!name.trim()} loading={create.isPending} data-testid="dossier-token-create">
              {t('dossiers.tokens.create')}
            </Button>
          </Group>
        </form>
        {create.error && <ErrorAlert error={create.error} />}
        {tokens.error && <ErrorAlert error={tokens.error} />}
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder data-testid="dossier-tokens-table">
            <Table.Thead style={{ whiteSpace: 'nowrap' }}>
              <Table.Tr>
                <Table.Th>{t('dossiers.tokens.name')}</Table.Th>
                <Table.Th>{t('dossiers.tokens.createdBy')}</Table.Th>
                <Table.Th>{t('dossiers.tokens.createdAt')}</Table.Th>
                <Table.Th>{t('dossiers.tokens.lastUsedAt')}</Table.Th>
                <Table.Th>{t('dossiers.tokens.state')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(tokens.data ?? []).map((token) => (
                <Table.Tr key={token.id}>
                  <Table.Td>{token.name}</Table.Td>
                  <Table.Td>{token.createdBy ?? '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(token.createdAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(token.lastUsedAt)}</Table.Td>
                  <Table.Td>
                    {token.revokedAt ? (
                      <Badge color="gray" variant="light">
                        {t('dossiers.tokens.revokedAt', { at: formatDateTime(token.revokedAt) })}
                      </Badge>
                    ) : (
                      <Badge color="green" variant="light">
                        {t('dossiers.tokens.active')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!token.revokedAt && (
                      <RowAction label={t('dossiers.tokens.revoke')} color="red" onClick={() => setRevoking(token)}>
                        <IconTrash size={16} />
                      </RowAction>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
              <EmptyRow colSpan={6} show={!tokens.isLoading && (tokens.data ?? []).length === 0} />
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>

      <Modal opened={created !== null} onClose={() => setCreated(null)} title={t('dossiers.tokens.createdTitle', { name: created?.item.name })} size="lg">
        {created && (
          <Stack>
            <Alert color="yellow" icon={<IconKey size={18} />}>
              {t('dossiers.tokens.showOnce')}
            </Alert>
            <Code block data-testid="dossier-token-value" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
              {created.token}
            </Code>
            <Group justify="flex-end">
              <CopyButton value={created.token}>
                {({ copied, copy }) => (
                  <Button
                    variant={copied ? 'light' : 'filled'}
                    color={copied ? 'green' : undefined}
                    leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    onClick={copy}
                    data-testid="dossier-token-copy"
                  >
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
              <Button variant="default" onClick={() => setCreated(null)}>
                {t('common.close')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      <ConfirmModal
        opened={revoking !== null}
        title={t('dossiers.tokens.revokeTitle')}
        message={t('dossiers.tokens.revokeMessage', { name: revoking?.name })}
        confirmLabel={t('dossiers.tokens.revoke')}
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && onRevoke(revoking.id)}
        onClose={() => {
          revoke.reset();
          setRevoking(null);
        }}
      />
    </Card>
  );
}
