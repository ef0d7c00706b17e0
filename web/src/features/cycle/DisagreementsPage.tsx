import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import type { Disagreement } from '@server/modules/assessments/schemas';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useDisagreements, useRound } from './api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { formatDecimal } from '../../format';
import { COUNCIL_WORK_PATH, criterionPath } from './worklistApi';

/** For the council and the organizer: every criterion whose appraised score differs from the self-score. */
export function DisagreementsPage() {
  const { t } = useTranslation();
  const roundId = Number(useParams().id);
  const round = useRound(roundId);
  const items = useDisagreements(roundId);
  return (
    <Stack>
      <Anchor component={Link} to={`${COUNCIL_WORK_PATH}?round=${roundId}`} size="sm" data-testid="disagreements-back">
        ← {t('worklists.council.title')}
      </Anchor>
      <Title order={2}>{t('cycle.disagreements.title')}</Title>
      {round.data && (
        <Text c="dimmed" size="sm">
          {round.data.year} · {round.data.blockName}
        </Text>
      )}
      {items.error && <ErrorAlert error={items.error} />}
      <DisagreementsTable roundId={roundId} items={items.data ?? []} loaded={items.isSuccess} />
    </Stack>
  );
}

/** The disagreements of a round, each criterion linked to the sheet at that criterion (also on the council's work list). */
export function DisagreementsTable({
  roundId,
  items,
  loaded,
}: {
  roundId: number;
  items: (Disagreement & { title?: string; unitName?: string })[];
  loaded: boolean;
}) {
  const { t, i18n } = useTranslation();
  const pts = (v: number | null) => formatDecimal(v, i18n.language);
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped data-testid="disagreements-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('cycle.units.unit')}</Table.Th>
            <Table.Th>{t('cycle.disagreements.criterion')}</Table.Th>
            <Table.Th>{t('cycle.stage.self')}</Table.Th>
            <Table.Th>{t('cycle.stage.appraisal')}</Table.Th>
            <Table.Th>{t('cycle.reason')}</Table.Th>
            <Table.Th>{t('cycle.stage.council')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <EmptyRow colSpan={6} show={loaded && items.length === 0} />
          {items.map((d) => (
            <Table.Tr key={`${d.unitCode}-${d.criterionCode}`} data-testid={`disagreement-${d.unitCode}-${d.criterionCode}`}>
              <Table.Td>
                {d.unitCode}
                {d.unitName && (
                  <Text size="xs" c="dimmed">
                    {d.unitName}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={criterionPath(roundId, d.unitCode, d.criterionCode)}>
                  {d.criterionCode}
                </Anchor>
                {d.title && (
                  <Text size="xs" c="dimmed">
                    {d.title}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{pts(d.selfScore)}</Table.Td>
              <Table.Td>{pts(d.appraisedScore)}</Table.Td>
              <Table.Td>{d.appraisalReason ?? '—'}</Table.Td>
              <Table.Td>
                {pts(d.councilScore)}
                {d.councilReason ? ` · ${d.councilReason}` : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
