import { Anchor, Button, Grid, Group, Menu, Modal, Paper, Stack, Table, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconExternalLink, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, buildUrl } from '../api/client';
import { resultKeys, useBlocks, usePublications, useResults } from '../api/queries';
import type { BlockResults, VisibleResults } from '../api/types';
import { isAdmin, useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { EmptyRow } from '../components/TableParts';
import { RankingOverview } from '../components/results/RankingOverview';
import { RankingTable } from '../components/results/RankingTable';
import { ResultsError, YearSelect, defaultResultsYear } from '../components/results/parts';
import { formatDateTime } from '../format';
import { SearchSelect, blockOption } from '../components/SearchSelect';
import { useFieldErrors } from '../components/fieldErrors';

export function unitResultsHref(year: number, block: string, unitCode: string): string {
  return `/results/${year}/${encodeURIComponent(block)}/${encodeURIComponent(unitCode)}`;
}

function PublishModal({ opened, onClose, data }: { opened: boolean; onClose: () => void; data: VisibleResults }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const { year, blockCode, blockName } = data.results;
  const correction = data.revision !== null;
  const publish = useMutation({
    mutationFn: () => api.post<{ revision: number; results: BlockResults }>('/results/publish', { year, block: blockCode, ...(correction ? { reason: reason.trim() } : {}) }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: resultKeys.all });
      notifications.show({ color: 'green', message: t('results.published', { revision: r.revision }) });
      setReason('');
      onClose();
    },
  });
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

function Publications({ year, block }: { year: number; block: string }) {
  const { t } = useTranslation();
  const list = usePublications(year, block);
  return (
    <Paper withBorder p="md" data-testid="publications">
      <Title order={4} mb="sm">
        {t('results.revisions')}
      </Title>
      {list.error ? (
        <ErrorAlert error={list.error} />
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('results.revision')}</Table.Th>
                <Table.Th>{t('results.publishedAt')}</Table.Th>
                <Table.Th>{t('results.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(list.data ?? []).map((p) => (
                <Table.Tr key={p.revision} data-testid={`publication-${p.revision}`}>
                  <Table.Td>{p.revision}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(p.publishedAt)}</Table.Td>
                  <Table.Td>{p.reason ?? (p.revision === 1 ? t('results.firstPublication') : '—')}</Table.Td>
                </Table.Tr>
              ))}
              <EmptyRow colSpan={3} show={!list.isPending && (list.data ?? []).length === 0} />
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

export function ResultsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = isAdmin(user);
  const [params, setParams] = useSearchParams();
  const blocks = useBlocks();
  const [publishOpened, publishModal] = useDisclosure(false);

  const year = Number(params.get('year')) || defaultResultsYear();
  const block = (params.get('block') ?? '').toUpperCase();
  const setParam = (values: Record<string, string>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(values)) next.set(key, value);
        return next;
      },
      { replace: true },
    );

  // Without a block in the address, the first block is shown; the address then names both, so it can be shared.
  const firstBlock = blocks.data?.[0]?.code;
  useEffect(() => {
    if (!block && firstBlock) setParam({ block: firstBlock, year: String(year) });
  }, [block, firstBlock]);

  const results = useResults(year, block);
  const data = results.data;
  const status = data?.results.status;
  const blockCodes = (blocks.data ?? []).map((b) => b.code).join(',');
  const publicHref = `/public/results?${new URLSearchParams({ year: String(year), block, ...(blockCodes ? { blocks: blockCodes } : {}) }).toString()}`;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('results.title')}</Title>
        <Group gap="xs">
          <Anchor component={Link} to={publicHref} size="sm" data-testid="results-public-link">
            <Group gap={4} wrap="nowrap">
              <IconExternalLink size={16} />
              {t('results.publicPage')}
            </Group>
          </Anchor>
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />} disabled={!data} data-testid="results-export">
                {t('common.export')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(['csv', 'xlsx', 'json'] as const).map((format) => (
                <Menu.Item key={format} component="a" href={buildUrl('/results/export', { year, block, format })} download data-testid={`results-export-${format}`}>
                  {format.toUpperCase()}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          {admin && data && (
            <Tooltip label={t('results.notApproved')} disabled={status !== 'open'}>
              <Button leftSection={<IconSend size={16} />} onClick={publishModal.open} disabled={status === 'open'} data-testid="results-publish">
                {data.revision === null ? t('results.publish') : t('results.correct')}
              </Button>
            </Tooltip>
          )}
        </Group>
      </Group>

      <Grid gap="sm" rowGap="xs">
        <Grid.Col span={{ base: 5, sm: 3, md: 2 }}>
          <YearSelect label={t('results.year')} value={year} onChange={(y) => setParam({ year: String(y) })} testId="results-year" />
        </Grid.Col>
        <Grid.Col span={{ base: 7, sm: 6, md: 4 }}>
          <SearchSelect
            label={t('results.block')}
            data={(blocks.data ?? []).map(blockOption)}
            value={block || null}
            onChange={(v) => v && setParam({ block: v })}
            allowDeselect={false}
            data-testid="results-block"
          />
        </Grid.Col>
      </Grid>

      {blocks.error && <ErrorAlert error={blocks.error} />}
      {results.error && <ResultsError error={results.error} year={year} block={block} />}

      {data && (
        <>
          <RankingOverview data={data} />
          <RankingTable results={data.results} unitHref={(u) => unitResultsHref(year, block, u.unitCode)} />
          <Publications year={year} block={block} />
          {admin && <PublishModal opened={publishOpened} onClose={publishModal.close} data={data} />}
        </>
      )}
    </Stack>
  );
}
