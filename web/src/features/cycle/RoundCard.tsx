import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconChartBar, IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/api';
import { ApprovalModal } from './ApprovalModal';
import { DATE_FIELDS, sheetPath, type Round } from './api';
import { localDate } from './format';
import { ExtensionForm, RoundExtensions, RoundUnits } from './RoundUnits';
import { WorkListLinks } from './WorkListLinks';

function statusColor(status: Round['status']) {
  return status === 'open' ? 'blue' : status === 'approved' ? 'teal' : 'green';
}

/** A round: its status and dates, and the actions its `can` allows the user. */
export function RoundCard({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const can = round.can;
  const [expanded, setExpanded] = useState(false);
  const [approving, setApproving] = useState(false);
  const d = round.dates;
  return (
    <Card withBorder data-testid={`round-${round.year}-${round.blockCode}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <Title order={4}>
              {round.year} · {round.blockName}
            </Title>
            <Badge color={statusColor(round.status)} variant="light" data-testid="round-status">
              {t(`cycle.status.${round.status}`)}
            </Badge>
          </Group>
          <Group gap="xs">
            <WorkListLinks round={round} />
            {can.openSheet && user?.unitCode && (
              <Button component={Link} to={sheetPath(round.id, user.unitCode)} size="xs" data-testid="round-my-sheet">
                {t('cycle.rounds.mySheet')}
              </Button>
            )}
            {can.viewDisagreements && (
              <Button component={Link} to={`/rounds/${round.id}/disagreements`} size="xs" variant="default" data-testid="round-disagreements">
                {t('cycle.disagreements.title')}
              </Button>
            )}
            <Button
              component={Link}
              to={`/results?year=${round.year}&block=${round.blockCode}`}
              size="xs"
              variant="default"
              leftSection={<IconChartBar size={14} />}
              data-testid="round-results"
            >
              {t('cycle.rounds.results')}
            </Button>
            {can.viewApproval && (
              <Button
                size="xs"
                color="teal"
                variant={can.approve ? 'filled' : 'light'}
                leftSection={<IconCheck size={14} />}
                onClick={() => setApproving(true)}
                data-testid="round-approve"
              >
                {can.approveWhenReady ? t('approval.approve') : t('approval.viewConditions')}
              </Button>
            )}
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {t('cycle.rounds.unitCount', { count: round.unitCount })}
          {round.historical ? ` · ${t('cycle.rounds.historical')}` : ''}
        </Text>
        {d && (
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
            {DATE_FIELDS.map((f) => (
              <div key={f}>
                <Text size="xs" c="dimmed">
                  {t(`cycle.dates.${f}`)}
                </Text>
                <Text size="sm">{localDate(d[f])}</Text>
              </div>
            ))}
          </SimpleGrid>
        )}
        {can.viewApproval && <ApprovalModal round={round} opened={approving} onClose={() => setApproving(false)} />}
        {can.viewUnits && (
          <>
            <Group>
              <Button size="xs" variant="subtle" onClick={() => setExpanded((v) => !v)} data-testid={`round-${round.id}-toggle`}>
                {expanded ? t('cycle.rounds.hideUnits') : t('cycle.rounds.showUnits')}
              </Button>
            </Group>
            {expanded && (
              <Stack>
                <RoundUnits round={round} />
                {can.extend && <ExtensionForm round={round} />}
                <RoundExtensions round={round} />
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
