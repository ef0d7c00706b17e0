import { Alert, Button, Group, Modal, NumberInput, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { downloadLinksCsv, type IssuedLinks, useCampaignMutations } from './api';

interface Props {
  campaign: string;
  /** For whom: an officials' group or a unit. */
  target: { group: string } | { unit: string };
  onClose: () => void;
}

/**
 * Issues single-use personal links, one per recipient (a name, e-mail or phone a line) or a number of them. The
 * links are shown once: only their hashes are kept, so the CSV must be downloaded now.
 */
export function IssueLinksModal({ campaign, target, onClose }: Props) {
  const { t } = useTranslation();
  const m = useCampaignMutations(campaign);
  const [mode, setMode] = useState<'labels' | 'count'>('labels');
  const [labels, setLabels] = useState('');
  const [count, setCount] = useState<number | string>(10);
  const [issued, setIssued] = useState<IssuedLinks | null>(null);
  const meta = { campaign, group: 'group' in target ? target.group : null, unit: 'unit' in target ? target.unit : null };
  const submit = () => {
    const who = 'group' in target ? { groupCode: target.group } : { unitCode: target.unit };
    const lines = labels
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    m.issueLinks.mutate(mode === 'labels' ? { ...who, labels: lines } : { ...who, count: Number(count) }, {
      onSuccess: (result) => {
        setIssued(result);
        downloadLinksCsv(result, meta);
      },
    });
  };
  return (
    <Modal opened onClose={onClose} title={t('surveyCampaigns.issueLinksTitle', { who: meta.group ?? meta.unit })} size="lg">
      <Stack>
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
          {t('surveyCampaigns.linksOnce')}
        </Alert>
        {issued ? (
          <>
            <Text size="sm">{t('surveyCampaigns.linksIssued', { count: issued.items.length })}</Text>
            <Table.ScrollContainer minWidth={400} mah={260}>
              <Table withTableBorder data-testid="issued-links">
                <Table.Tbody>
                  {issued.items.map((l, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>{l.label ?? '—'}</Table.Td>
                      <Table.Td style={{ wordBreak: 'break-all' }}>
                        {window.location.origin}
                        {l.url}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="flex-end">
              <Button leftSection={<IconDownload size={16} />} variant="default" onClick={() => downloadLinksCsv(issued, meta)} data-testid="links-download">
                {t('surveyCampaigns.downloadCsv')}
              </Button>
              <Button onClick={onClose}>{t('common.done')}</Button>
            </Group>
          </>
        ) : (
          <>
            {m.issueLinks.error ? <ErrorAlert error={m.issueLinks.error} /> : null}
            <SegmentedControl
              value={mode}
              onChange={(v) => setMode(v as 'labels' | 'count')}
              data={[
                { value: 'labels', label: t('surveyCampaigns.byLabels') },
                { value: 'count', label: t('surveyCampaigns.byCount') },
              ]}
            />
            {mode === 'labels' ? (
              <Textarea
                label={t('surveyCampaigns.labels')}
                description={t('surveyCampaigns.labelsHint')}
                autosize
                minRows={4}
                maxRows={12}
                value={labels}
                onChange={(e) => setLabels(e.currentTarget.value)}
                data-testid="links-labels"
              />
            ) : (
              <NumberInput
                label={t('surveyCampaigns.count')}
                min={1}
                max={2000}
                allowDecimal={false}
                value={count}
                onChange={setCount}
                data-testid="links-count"
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button onClick={submit} loading={m.issueLinks.isPending} data-testid="links-issue">
                {t('surveyCampaigns.issue')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
