import { ActionIcon, Table, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The "no rows" line of a table, shown once loading is over and nothing matched. */
export function EmptyRow({ colSpan, show }: { colSpan: number; show: boolean }) {
  const { t } = useTranslation();
  if (!show) return null;
  return (
    <Table.Tr>
      <Table.Td colSpan={colSpan}>
        <Text c="dimmed" ta="center" py="md">
          {t('common.noRows')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** An icon button in a table row, labelled for screen readers and with a tooltip. */
export function RowAction({ label, color, onClick, children }: { label: string; color?: string; onClick: () => void; children: ReactNode }) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color={color} aria-label={label} onClick={onClick}>
        {children}
      </ActionIcon>
    </Tooltip>
  );
}
