import { Paper, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import { usePublications } from './api';

/** The published revisions of the round, newest first, with the reason of each correction. */
export function Publications({ year, block }: { year: number; block: string }) {
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
