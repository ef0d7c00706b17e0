import { Modal, Pagination, Stack, Table, Text, Title, Card, Group } from '@mantine/core';
import { IconListDetails } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RejectedRowsTable } from '../../components/RejectedRowsTable';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { type ImportRun, RUNS_PAGE_SIZE, useImportRun, useImportRuns } from './api';
import { ImportCounts, RunStatusBadge } from './DossierParts';

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
          <ImportCounts result={run.data} />
          {run.data.errors.length > 0 ? (
            <RejectedRowsTable rows={run.data.errors} total={Math.max(run.data.rejected, run.data.errors.length)} testId="dossier-rejected-rows" />
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

export function RunsCard() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [detail, setDetail] = useState<number | null>(null);
  const runs = useImportRuns(page);
  const items = runs.data?.items ?? [];
  const pages = Math.max(1, Math.ceil((runs.data?.total ?? 0) / RUNS_PAGE_SIZE));
  const progressText = (r: ImportRun) => (r.status === 'running' && r.bytesTotal ? ` (${Math.min(100, Math.round((r.bytesRead / r.bytesTotal) * 100))}%)` : '');
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
