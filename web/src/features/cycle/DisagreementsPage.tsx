import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { sheetPath, useDisagreements, useRound } from './api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { formatDecimal } from '../../format';

/** For the council and the organizer: every criterion whose appraised score differs from the self-score. */
export function DisagreementsPage() {
  const { t, i18n } = useTranslation();
  const roundId = Number(useParams().id);
  const round = useRound(roundId);
  const items = useDisagreements(roundId);
  const pts = (v: number | null) => formatDecimal(v, i18n.language);
  return (
    <Stack>
      <Anchor component={Link} to="/rounds" size="sm">
        ← {t('cycle.rounds.title')}
      </Anchor>
      <Title order={2}>{t('cycle.disagreements.title')}</Title>
      {round.data && (
        <Text c="dimmed" size="sm">
          {round.data.year} · {round.data.blockName}
        </Text>
      )}
      {items.error && <ErrorAlert error={items.error} />}
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
            <EmptyRow colSpan={6} show={items.isSuccess && items.data.length === 0} />
            {(items.data ?? []).map((d) => (
              <Table.Tr key={`${d.unitCode}-${d.criterionCode}`} data-testid={`disagreement-${d.unitCode}-${d.criterionCode}`}>
                <Table.Td>{d.unitCode}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`${sheetPath(roundId, d.unitCode)}#criterion-${d.criterionCode}`}>
                    {d.criterionCode}
                  </Anchor>
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
    </Stack>
  );
}
