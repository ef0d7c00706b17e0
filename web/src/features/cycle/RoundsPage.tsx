import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRounds } from './api';
import { OpenRoundForm } from './OpenRoundForm';
import { RoundCard } from './RoundCard';

/** The rounds, newest year first; the organizer opens new ones here. */
export function RoundsPage() {
  const { t } = useTranslation();
  const rounds = useRounds();
  const items = [...(rounds.data?.items ?? [])].sort((a, b) => b.year - a.year || a.blockCode.localeCompare(b.blockCode));
  return (
    <Stack>
      <Title order={2}>{t('cycle.rounds.title')}</Title>
      {rounds.data?.can.open && <OpenRoundForm />}
      {rounds.error && <ErrorAlert error={rounds.error} />}
      {rounds.data && items.length === 0 && <Text c="dimmed">{t('cycle.rounds.none')}</Text>}
      <Stack data-testid="rounds-list">
        {items.map((r) => (
          <RoundCard key={r.id} round={r} />
        ))}
      </Stack>
    </Stack>
  );
}
