import { Anchor, Badge, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { useRound, useSheet } from './api';
import { CriterionRow } from './CriterionRow';
import { SubmitBar } from './SubmitBar';

/** A unit's sheet in a round: progress, the leader's submission, and every criterion with what the user may do on it. */
export function SheetPage() {
  const { t } = useTranslation();
  const params = useParams();
  const roundId = Number(params.id);
  const unitCode = (params.unitCode ?? '').toUpperCase();
  const sheet = useSheet(roundId, unitCode);
  const round = useRound(roundId);
  const data = sheet.data;
  const submitted = Boolean(data?.submittedAt);
  const pct = data && data.progress.total > 0 ? (data.progress.scored / data.progress.total) * 100 : 0;

  return (
    <Stack>
      <Anchor component={Link} to="/rounds" size="sm">
        ← {t('cycle.rounds.title')}
      </Anchor>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2} data-testid="sheet-title">
            {t('cycle.sheet.title', { unit: unitCode })}
          </Title>
          {round.data && (
            <Text c="dimmed" size="sm">
              {round.data.year} · {round.data.blockName}
            </Text>
          )}
        </div>
        {data && (
          <Badge size="lg" color={submitted ? 'green' : 'gray'} variant="light" data-testid="sheet-state">
            {submitted ? t('cycle.sheet.submittedAt', { at: formatDateTime(data.submittedAt) }) : t('cycle.units.notSubmitted')}
          </Badge>
        )}
      </Group>
      {sheet.error && <ErrorAlert error={sheet.error} />}
      {data && (
        <>
          <Paper withBorder p="sm">
            <Text size="sm" fw={600} data-testid="sheet-progress">
              {t('cycle.sheet.progress', { scored: data.progress.scored, total: data.progress.total })}
            </Text>
            <Progress value={pct} mt={4} />
          </Paper>
          {data.can.submit && <SubmitBar roundId={roundId} unitCode={unitCode} />}
          <Stack gap="xs" data-testid="sheet-criteria">
            {data.criteria.map((c) => (
              <CriterionRow key={c.code} c={c} roundId={roundId} unitCode={unitCode} />
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
