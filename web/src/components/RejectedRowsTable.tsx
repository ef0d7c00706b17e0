import { Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RowError } from '../api/client';
import { useReasonText } from './ErrorAlert';

interface Props {
  rows: readonly RowError[];
  /** How many rows were refused in all, when the answer lists only the first ones. */
  total?: number;
  testId?: string;
}

/** The rows an import refused: row, column and the reason in the user's language. */
export function RejectedRowsTable({ rows, total = rows.length, testId = 'import-rejected-rows' }: Props) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  return (
    <Stack gap="xs" data-testid={testId}>
      {total > rows.length && (
        <Text size="sm" c="dimmed">
          {t('import.firstRowsOnly', { shown: rows.length, total })}
        </Text>
      )}
      <Table.ScrollContainer minWidth={420} maxHeight={360}>
        <Table striped withTableBorder stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('import.row')}</Table.Th>
              <Table.Th>{t('import.column')}</Table.Th>
              <Table.Th>{t('import.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={i}>
                <Table.Td>{r.row}</Table.Td>
                <Table.Td>{r.column ?? '—'}</Table.Td>
                <Table.Td>{reasonText(r)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
