import { Alert, Button, Card, FileInput, Group, Progress, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RejectedRowsTable } from '../../components/RejectedRowsTable';
import { currentCsrfToken, type DossierImportResult, findRunningUpload, uploadDossierFile, useRefreshRuns } from './api';
import { formatBytes, ImportCounts } from './DossierParts';

const CSV_XLSX = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COLUMNS = 'code, unit_code, procedure_code, field, channel, received_at, due_at, resolved_at, returned_at, status';

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

/** The upload of a dossier file: two progress bars (bytes sent, bytes read by the server), then the outcome. */
export function UploadCard() {
  const { t } = useTranslation();
  const refreshRuns = useRefreshRuns();
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
      refreshRuns();
    }
  };

  // Two bars: the bytes the browser has sent, and the bytes the server has read (its rows go into the database as
  // they are read; the merge at the end is shown as a full, animated bar).
  const uploadPercent =
    phase.kind === 'uploading' && phase.total > 0 ? Math.min(100, Math.round((phase.sent / phase.total) * 100)) : phase.kind === 'idle' ? 0 : 100;
  const read = phase.kind === 'uploading' || phase.kind === 'processing' ? phase.read : null;
  const readPercent = phase.kind === 'finished' ? 100 : read && file && file.size > 0 ? Math.min(100, Math.round((read.bytesRead / file.size) * 100)) : 0;
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
          <Button
            leftSection={<IconUpload size={16} />}
            onClick={() => void start()}
            disabled={!file || busy}
            loading={busy}
            data-testid="dossier-upload-submit"
          >
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
                t('dossiers.upload.uploading', {
                  sent: formatBytes(phase.sent),
                  total: formatBytes(phase.total),
                  rows: phase.read.rowsRead.toLocaleString('vi-VN'),
                })}
              {phase.kind === 'processing' &&
                t(merging ? 'dossiers.upload.merging' : 'dossiers.upload.processing', { rows: phase.read.rowsRead.toLocaleString('vi-VN') })}
              {phase.kind === 'finished' && t(phase.result.rejected > 0 ? 'dossiers.upload.finishedWithRejected' : 'dossiers.upload.finished')}
            </Text>
          </Stack>
        )}

        {phase.kind === 'finished' && (
          <Stack data-testid="dossier-upload-result">
            <ImportCounts result={phase.result} />
            {phase.result.errors.length > 0 && <RejectedRowsTable rows={phase.result.errors} total={phase.result.rejected} testId="dossier-rejected-rows" />}
          </Stack>
        )}
        {rejected && (
          <Stack data-testid="dossier-upload-rejected">
            <Alert color="red" title={t('dossiers.upload.rejectedTitle')}>
              {t('dossiers.upload.rejectedText', { count: rejectedCount })}
            </Alert>
            <RejectedRowsTable rows={rejected.rows} total={rejectedCount} testId="dossier-rejected-rows" />
          </Stack>
        )}
        {phase.kind === 'failed' && !rejected && <ErrorAlert error={phase.error} />}
      </Stack>
    </Card>
  );
}
