import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAddressParams } from '../../components/addressParams';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { ApprovalModal } from './ApprovalModal';
import { sheetPath, useRound } from './api';
import { DisagreementsTable } from './DisagreementsPage';
import { useCouncilWork, type CouncilWorkBlock } from './worklistApi';
import { NotSubmittedBadge } from '../../components/NotSubmittedBadge';

/**
 * The council's work list: per open round (block), the progress of every unit — submitted, appraised, explanations —
 * and the disagreements; every unit's sheet opens from here. The round filter is kept in the address.
 */
export function CouncilWorkPage() {
  const { t } = useTranslation();
  const { params, setParam } = useAddressParams();
  const round = params.get('round');
  const work = useCouncilWork(round);
  const data = work.data;
  return (
    <Stack>
      <Title order={2}>{t('worklists.council.title')}</Title>
      {work.error && <ErrorAlert error={work.error} />}
      <Select
        label={t('worklists.filters.round')}
        placeholder={t('worklists.council.allOpen')}
        clearable
        data={(data?.rounds ?? []).map((r) => ({ value: String(r.id), label: `${r.year} · ${r.blockName}` }))}
        value={round}
        onChange={(v) => setParam('round', v)}
        maw={360}
        data-testid="council-filter-round"
      />
      {data && data.blocks.length === 0 && <Text c="dimmed">{t('worklists.council.none')}</Text>}
      {(data?.blocks ?? []).map((b) => (
        <BlockCard key={b.id} block={b} />
      ))}
    </Stack>
  );
}

/** The approval, where the council's notice leads: the same dialog as on the rounds page, with what it waits for. */
function ApproveFromWorkList({ roundId }: { roundId: number }) {
  const { t } = useTranslation();
  const [approving, setApproving] = useState(false);
  const round = useRound(roundId).data;
  if (!round?.can.viewApproval) return null;
  return (
    <>
      <Button
        size="xs"
        color="teal"
        variant={round.can.approve ? 'filled' : 'light'}
        leftSection={<IconCheck size={14} />}
        onClick={() => setApproving(true)}
        data-testid="council-approve"
      >
        {round.can.approveWhenReady ? t('approval.approve') : t('approval.viewConditions')}
      </Button>
      <ApprovalModal round={round} opened={approving} onClose={() => setApproving(false)} />
    </>
  );
}

function BlockCard({ block }: { block: CouncilWorkBlock }) {
  const { t } = useTranslation();
  const totals = block.totals;
  return (
    <Card withBorder data-testid={`council-block-${block.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} fz="h4">
            {block.year} · {block.blockName}
          </Title>
          <Group gap="xs">
            <Badge variant="light" color={block.status === 'open' ? 'blue' : 'teal'}>
              {t(`cycle.status.${block.status}`)}
            </Badge>
            {block.status === 'open' && <ApproveFromWorkList roundId={block.id} />}
          </Group>
        </Group>
        <Text size="sm" data-testid="council-totals">
          {t('worklists.council.totals', {
            submitted: totals.submitted,
            units: totals.units,
            disagreements: totals.disagreements,
            asked: totals.explanationsAsked,
            answered: totals.explanationsAnswered,
          })}
        </Text>
        <Title order={4} fz="md">
          {t('worklists.council.progress')}
        </Title>
        <Table.ScrollContainer minWidth={600}>
          <Table striped highlightOnHover data-testid="council-units">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('worklists.columns.unit')}</Table.Th>
                <Table.Th>{t('worklists.council.submitted')}</Table.Th>
                <Table.Th ta="right">{t('worklists.council.appraised')}</Table.Th>
                <Table.Th ta="right">{t('worklists.council.final')}</Table.Th>
                <Table.Th ta="right">{t('worklists.council.explanations')}</Table.Th>
                <Table.Th ta="right">{t('worklists.council.disagreements')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {block.units.map((u) => (
                <Table.Tr key={u.unitCode} data-testid={`council-unit-${u.unitCode}`}>
                  <Table.Td>
                    {u.can.openSheet ? (
                      <Anchor component={Link} to={sheetPath(block.id, u.unitCode)} size="sm" data-testid="council-open-sheet">
                        {u.unitCode}
                      </Anchor>
                    ) : (
                      <Text size="sm">{u.unitCode}</Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {u.unitName}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {u.submittedAt ? (
                      <Badge color="teal" variant="light" title={formatDateTime(u.submittedAt)}>
                        {t('worklists.council.yes')}
                      </Badge>
                    ) : u.missedSubmission ? (
                      <NotSubmittedBadge size="sm" />
                    ) : (
                      <Badge color="gray" variant="light">
                        {t('worklists.council.no')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {u.appraised}/{u.appraisable}
                  </Table.Td>
                  <Table.Td ta="right">
                    {u.final}/{u.appraisable}
                  </Table.Td>
                  <Table.Td ta="right">
                    {u.explanationsAnswered}/{u.explanationsAsked}
                  </Table.Td>
                  <Table.Td ta="right">{u.disagreements}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Title order={4} fz="md">
          {t('cycle.disagreements.title')}
        </Title>
        <DisagreementsTable roundId={block.id} items={block.disagreements} loaded />
      </Stack>
    </Card>
  );
}
