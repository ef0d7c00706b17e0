import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  FileInput,
  Group,
  Modal,
  Pagination,
  Progress,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconFileSpreadsheet, IconKey, IconListDetails, IconPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  type ApiToken,
  createApiToken,
  currentCsrfToken,
  type DossierImportResult,
  dossierKeys,
  findRunningUpload,
  type ImportRun,
  type ImportStatus,
  revokeApiToken,
  RUNS_PAGE_SIZE,
  uploadDossierFile,
  useApiTokens,
  useImportRun,
  useImportRuns,
} from '../../api/dossiers';
import type { ImportRowError } from '../../api/types';
import { isAdmin, useSession } from '../../auth/session';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert, useReasonText } from '../../components/ErrorAlert';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { formatDateTime } from '../../format';

const CSV_XLSX = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COLUMNS = 'code, unit_code, procedure_code, field, channel, received_at, due_at, resolved_at, returned_at, status';
const STATUS_COLORS: Record<ImportStatus, string> = { running: 'blue', done: 'green', rejected: 'red', failed: 'orange' };

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; sent: number; total: number; read: ServerRead }
  | { kind: 'processing'; read: ServerRead }
  | { kind: 'finished'; result: DossierImportResult }
  | { kind: 'failed'; error: unknown };

/** What the server has read of the file so far (the run's saved progress). */
interface ServerRead {
  rowsRead: number;
  bytesRead: number;
}
const NOTHING_READ: ServerRead = { rowsRead: 0, bytesRead: 0 };

function RejectedRowsTable({ rows, total }: { rows: ImportRowError[]; total: number }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  return (
    <Stack gap="xs" data-testid="dossier-rejected-rows">
      {total > rows.length && (
        <Text size="sm" c="dimmed">
          {t('dossiers.upload.firstRowsOnly', { shown: rows.length, total })}
        </Text>
      )}
      <Table.ScrollContainer minWidth={420} maxHeight={360}>
        <Table striped withTableBorder stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('import.row')}</Table.Th>
              <Table.Th>{t('import.column')}</Table.Th>
              <Table.Th>{t('import.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={i}>
                <Table.Td>{r.row}</Table.Td>
                <Table.Td>{r.column ?? '—'}</Table.Td>
                <Table.Td>{reasonText(r)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function Counts({ result }: { result: Pick<DossierImportResult, 'rowsRead' | 'inserted' | 'updated' | 'unchanged' | 'rejected'> }) {
  const { t } = useTranslation();
  const items = [
    ['rowsRead', result.rowsRead],
    ['inserted', result.inserted],
    ['updated', result.updated],
    ['unchanged', result.unchanged],
    ['rejected', result.rejected],
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs" data-testid="dossier-result-counts">
      {items.map(([key, value]) => (
        <Card key={key} withBorder padding="xs" data-testid={`dossier-count-${key}`}>
          <Text size="xs" c="dimmed">
            {t(`dossiers.counts.${key}`)}
          </Text>
          <Text fw={700} size="lg" c={key === 'rejected' && value > 0 ? 'red' : undefined}>
            {value.toLocaleString('vi-VN')}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function UploadCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const abortRef = useRef<(() => void) | null>(null);
  const busy = phase.kind === 'uploading' || phase.kind === 'processing';

  useEffect(() => () => abortRef.current?.(), []);

  const start = async () => {
    if (!file) return;
    const startedAt = Date.now();
    setPhase({ kind: 'uploading', sent: 0, total: file.size, read: NOTHING_READ });
    let finished = false;
    let runId: number | null = null;
    const setRead = (read: ServerRead) => setPhase((p) => (p.kind === 'uploading' || p.kind === 'processing' ? { ...p, read } : p));
    // The run's rows read, polled while the file is read and merged on the server.
    const poll = async () => {
      while (!finished) {
        await new Promise((r) => setTimeout(r, 400));
        if (finished) break;
        try {
          const run = await findRunningUpload(file.name, startedAt);
          if (run && (runId === null || run.id === runId)) {
            runId = run.id;
            setRead({ rowsRead: run.rowsRead, bytesRead: run.bytesRead });
          }
        } catch {
          // Polling is a nicety; the upload's own answer is what counts.
        }
      }
    };
    try {
      const csrfToken = await currentCsrfToken();
      const handle = uploadDossierFile(file, {
        skipInvalid,
        csrfToken,
        onUploadProgress: (sent, total) => setPhase((p) => (p.kind === 'uploading' ? { ...p, sent, total } : p)),
        onUploaded: () => setPhase((p) => (p.kind === 'uploading' ? { kind: 'processing', read: p.read } : p)),
      });
      abortRef.current = handle.abort;
      void poll();
      const result = await handle.done;
      setPhase({ kind: 'finished', result });
      notifications.show({ color: 'green', message: t('dossiers.upload.doneToast', { inserted: result.inserted, updated: result.updated }) });
    } catch (error) {
      setPhase({ kind: 'failed', error });
    } finally {
      finished = true;
      abortRef.current = null;
      void qc.invalidateQueries({ queryKey: dossierKeys.runsAll });
    }
  };

  // Two bars: the bytes the browser has sent, and the bytes the server has read (its rows go into the database as
  // they are read; the merge at the end is shown as a full, animated bar).
  const uploadPercent = phase.kind === 'uploading' && phase.total > 0 ? Math.min(100, Math.round((phase.sent / phase.total) * 100)) : phase.kind === 'idle' ? 0 : 100;
  const read = phase.kind === 'uploading' || phase.kind === 'processing' ? phase.read : null;
  const readPercent =
    phase.kind === 'finished' ? 100 : read && file && file.size > 0 ? Math.min(100, Math.round((read.bytesRead / file.size) * 100)) : 0;
  const merging = phase.kind === 'processing' && readPercent >= 100;
  const barColor = phase.kind === 'failed' ? 'red' : phase.kind === 'finished' ? 'green' : 'blue';
  const rejected = phase.kind === 'failed' && phase.error instanceof ApiError && phase.error.code === 'import_rejected' ? phase.error : null;
  const rejectedCount = rejected ? Number((rejected.details as { rejected?: number } | null)?.rejected ?? rejected.rows.length) : 0;

  return (
    <Card withBorder padding="md">
      <Stack>
        <Title order={4}>{t('dossiers.upload.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('dossiers.upload.description', { columns: COLUMNS })}
        </Text>
        <FileInput
          label={t('import.file')}
          placeholder={t('import.choose')}
          accept={CSV_XLSX}
          value={file}
          onChange={(f) => {
            setFile(f);
            if (!busy) setPhase({ kind: 'idle' });
          }}
          leftSection={<IconFileSpreadsheet size={16} />}
          clearable
          disabled={busy}
          data-testid="dossier-file"
        />
        <Switch
          checked={skipInvalid}
          onChange={(e) => setSkipInvalid(e.currentTarget.checked)}
          label={t('dossiers.upload.skipInvalid')}
          description={t('dossiers.upload.skipInvalidHint')}
          disabled={busy}
          data-testid="dossier-skip-invalid"
        />
        <Group justify="flex-end">
          {busy && (
            <Button variant="default" onClick={() => abortRef.current?.()} data-testid="dossier-upload-cancel">
              {t('common.cancel')}
            </Button>
          )}
          <Button leftSection={<IconUpload size={16} />} onClick={() => void start()} disabled={!file || busy} loading={busy} data-testid="dossier-upload-submit">
            {t('dossiers.upload.submit')}
          </Button>
        </Group>

        {phase.kind !== 'idle' && (
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              {t('dossiers.upload.barUpload')}
            </Text>
            <Progress.Root size="lg" aria-label={t('dossiers.upload.barUpload')}>
              <Progress.Section
                value={uploadPercent}
                striped={phase.kind === 'uploading'}
                color={barColor}
                aria-valuenow={uploadPercent}
                aria-valuemin={0}
                aria-valuemax={100}
                data-testid="dossier-upload-progress"
              >
                <Progress.Label>{uploadPercent}%</Progress.Label>
              </Progress.Section>
            </Progress.Root>
            <Text size="xs" c="dimmed" mt="xs">
              {t('dossiers.upload.barRead')}
            </Text>
            <Progress.Root size="lg" aria-label={t('dossiers.upload.barRead')}>
              <Progress.Section
                value={readPercent}
                striped={busy}
                animated={merging}
                color={barColor}
                aria-valuenow={readPercent}
                aria-valuemin={0}
                aria-valuemax={100}
                data-testid="dossier-read-progress"
              >
                <Progress.Label>{readPercent}%</Progress.Label>
              </Progress.Section>
            </Progress.Root>
            <Text size="sm" c="dimmed" data-testid="dossier-upload-phase">
              {phase.kind === 'uploading' &&
                t('dossiers.upload.uploading', { sent: formatBytes(phase.sent), total: formatBytes(phase.total), rows: phase.read.rowsRead.toLocaleString('vi-VN') })}
              {phase.kind === 'processing' &&
                t(merging ? 'dossiers.upload.merging' : 'dossiers.upload.processing', { rows: phase.read.rowsRead.toLocaleString('vi-VN') })}
              {phase.kind === 'finished' && t(phase.result.rejected > 0 ? 'dossiers.upload.finishedWithRejected' : 'dossiers.upload.finished')}
            </Text>
          </Stack>
        )}

        {phase.kind === 'finished' && (
          <Stack data-testid="dossier-upload-result">
            <Counts result={phase.result} />
            {phase.result.errors.length > 0 && <RejectedRowsTable rows={phase.result.errors} total={phase.result.rejected} />}
          </Stack>
        )}
        {rejected && (
          <Stack data-testid="dossier-upload-rejected">
            <Alert color="red" title={t('dossiers.upload.rejectedTitle')}>
              {t('dossiers.upload.rejectedText', { count: rejectedCount })}
            </Alert>
            <RejectedRowsTable rows={rejected.rows} total={rejectedCount} />
          </Stack>
        )}
        {phase.kind === 'failed' && !rejected && <ErrorAlert error={phase.error} />}
      </Stack>
    </Card>
  );
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

function RunStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light">
      {t(`dossiers.status.${status}`)}
    </Badge>
  );
}

function RunDetailModal({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const run = useImportRun(id);
  return (
    <Modal opened={id !== null} onClose={onClose} title={t('dossiers.runs.detailTitle', { id })} size="xl">
      {run.error && <ErrorAlert error={run.error} />}
      {run.data && (
        <Stack data-testid="dossier-run-detail">
          <Group gap="xs">
            <RunStatusBadge status={run.data.status} />
            <Text size="sm">
              {run.data.fileName ?? t(`dossiers.source.${run.data.source}`)} · {run.data.startedBy} · {formatDateTime(run.data.startedAt)}
            </Text>
          </Group>
          <Counts result={run.data} />
          {run.data.errors.length > 0 ? (
            <RejectedRowsTable rows={run.data.errors} total={Math.max(run.data.rejected, run.data.errors.length)} />
          ) : (
            <Text size="sm" c="dimmed">
              {t('dossiers.runs.noRejected')}
            </Text>
          )}
        </Stack>
      )}
    </Modal>
  );
}

function RunsCard() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [detail, setDetail] = useState<number | null>(null);
  const runs = useImportRuns(page);
  const items = runs.data?.items ?? [];
  const pages = Math.max(1, Math.ceil((runs.data?.total ?? 0) / RUNS_PAGE_SIZE));
  const progressText = (r: ImportRun) =>
    r.status === 'running' && r.bytesTotal ? ` (${Math.min(100, Math.round((r.bytesRead / r.bytesTotal) * 100))}%)` : '';
  return (
    <Card withBorder padding="md">
      <Stack>
        <Title order={4}>{t('dossiers.runs.title')}</Title>
        {runs.error && <ErrorAlert error={runs.error} />}
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover withTableBorder data-testid="dossier-runs-table">
            <Table.Thead style={{ whiteSpace: 'nowrap' }}>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('dossiers.runs.startedAt')}</Table.Th>
                <Table.Th>{t('dossiers.runs.startedBy')}</Table.Th>
                <Table.Th>{t('dossiers.runs.source')}</Table.Th>
                <Table.Th>{t('dossiers.runs.status')}</Table.Th>
                <Table.Th ta="right">{t('dossiers.counts.rowsRead')}</Table.Th>
                <Table.Th ta="right">{t('dossiers.counts.inserted')}</Table.Th>
                <Table.Th ta="right">{t('dossiers.counts.updated')}</Table.Th>
                <Table.Th ta="right">{t('dossiers.counts.unchanged')}</Table.Th>
                <Table.Th ta="right">{t('dossiers.counts.rejected')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-testid={`dossier-run-${r.id}`}>
                  <Table.Td>{r.id}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.startedAt)}</Table.Td>
                  <Table.Td>{r.startedBy}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`dossiers.source.${r.source}`)}</Text>
                    {r.fileName && (
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {r.fileName}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <RunStatusBadge status={r.status} />
                    {progressText(r)}
                  </Table.Td>
                  <Table.Td ta="right">{r.rowsRead.toLocaleString('vi-VN')}</Table.Td>
                  <Table.Td ta="right">{r.inserted.toLocaleString('vi-VN')}</Table.Td>
                  <Table.Td ta="right">{r.updated.toLocaleString('vi-VN')}</Table.Td>
                  <Table.Td ta="right">{r.unchanged.toLocaleString('vi-VN')}</Table.Td>
                  <Table.Td ta="right" c={r.rejected > 0 ? 'red' : undefined}>
                    {r.rejected.toLocaleString('vi-VN')}
                  </Table.Td>
                  <Table.Td>
                    <RowAction label={t('dossiers.runs.details')} onClick={() => setDetail(r.id)}>
                      <IconListDetails size={16} />
                    </RowAction>
                  </Table.Td>
                </Table.Tr>
              ))}
              <EmptyRow colSpan={11} show={!runs.isLoading && items.length === 0} />
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} data-testid="dossier-runs-pagination" />}
      </Stack>
      <RunDetailModal id={detail} onClose={() => setDetail(null)} />
    </Card>
  );
}

function TokensCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const tokens = useApiTokens();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ token: string; item: ApiToken } | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const create = useMutation({
    mutationFn: () => createApiToken(name.trim()),
    onSuccess: (res) => {
      setCreated(res);
      setName('');
      void qc.invalidateQueries({ queryKey: dossierKeys.tokens });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: number) => revokeApiToken(id),
    onSuccess: (token) => {
      notifications.show({ color: 'green', message: t('dossiers.tokens.revoked', { name: token.name }) });
      void qc.invalidateQueries({ queryKey: dossierKeys.tokens });
      setRevoking(null);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

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
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => {
          revoke.reset();
          setRevoking(null);
        }}
      />
    </Card>
  );
}

export function DossiersPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = isAdmin(user);
  return (
    <Stack>
      <Title order={2}>{t('dossiers.title')}</Title>
      {admin ? (
        <>
          <UploadCard />
          <RunsCard />
          <TokensCard />
        </>
      ) : (
        <Alert color="blue" data-testid="dossier-admin-only">
          {t('dossiers.adminOnly')}
        </Alert>
      )}
    </Stack>
  );
}
