import { Badge, Table } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { type CalendarRange, useDeleteDays } from './api';
import { formatDay } from './CalendarGrid';

/** The configured days of the year as ranges; each removable when the caller may edit the calendar. */
export function CalendarRangesTable({ ranges, edit, loading }: { ranges: CalendarRange[]; edit: boolean; loading: boolean }) {
  const { t } = useTranslation();
  const [deleting, setDeleting] = useState<CalendarRange | null>(null);
  const remove = useDeleteDays();
  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };
  const confirmDelete = (range: CalendarRange) =>
    remove.mutate(range, {
      onSuccess: (r) => {
        notifications.show({ color: 'green', message: t('calendar.deleted', { count: r.deleted }) });
        closeDelete();
      },
    });
  const span = (r: CalendarRange) => (r.from === r.to ? formatDay(r.from) : `${formatDay(r.from)} – ${formatDay(r.to)}`);
  const cols = edit ? 5 : 4;
  return (
    <>
      <Table.ScrollContainer minWidth={520}>
        <Table striped withTableBorder data-testid="calendar-days-table">
          <Table.Thead style={{ whiteSpace: 'nowrap' }}>
            <Table.Tr>
              <Table.Th>{t('calendar.dates')}</Table.Th>
              <Table.Th>{t('calendar.kindLabel')}</Table.Th>
              <Table.Th>{t('calendar.name')}</Table.Th>
              <Table.Th ta="right">{t('calendar.dayCount')}</Table.Th>
              {edit && <Table.Th w={60} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ranges.map((r) => (
              <Table.Tr key={r.from} data-testid={`calendar-range-${r.from}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{span(r)}</Table.Td>
                <Table.Td>
                  <Badge color={r.kind === 'holiday' ? 'red' : 'teal'} variant="light">
                    {t(`calendar.kind.${r.kind}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td ta="right">{r.days}</Table.Td>
                {edit && (
                  <Table.Td>
                    <RowAction label={t('common.delete')} color="red" onClick={() => setDeleting(r)}>
                      <IconTrash size={16} />
                    </RowAction>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            <EmptyRow colSpan={cols} show={ranges.length === 0 && !loading} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmModal
        opened={deleting !== null}
        title={t('calendar.deleteTitle')}
        message={deleting ? t('calendar.confirmDelete', { name: deleting.name, dates: span(deleting) }) : ''}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && confirmDelete(deleting)}
        onClose={closeDelete}
      />
    </>
  );
}
