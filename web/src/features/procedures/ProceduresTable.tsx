import { Badge, Group, Table } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ProceduresCan } from '@server/modules/procedures/schemas';
import { EmptyRow, RowAction } from '../../components/TableParts';
import type { Procedure } from './api';
import { cutText, OnlineLevelBadge, useFeeText } from './ProcedureParts';

interface Props {
  items: Procedure[];
  loading: boolean;
  can: ProceduresCan | undefined;
  onEdit: (procedure: Procedure) => void;
  onDelete: (procedure: Procedure) => void;
}

/** A page of the catalogue; the edit and delete actions when the caller may use them. */
export function ProceduresTable({ items, loading, can, onEdit, onDelete }: Props) {
  const { t, i18n } = useTranslation();
  const feeText = useFeeText();
  const actions = !!(can?.edit || can?.delete);
  return (
    <Table.ScrollContainer minWidth={1080}>
      <Table striped highlightOnHover withTableBorder data-testid="procedures-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('procedures.code')}</Table.Th>
            <Table.Th miw={240}>{t('procedures.name')}</Table.Th>
            <Table.Th>{t('procedures.field')}</Table.Th>
            <Table.Th>{t('procedures.unit')}</Table.Th>
            <Table.Th ta="right">{t('procedures.legalDaysShort')}</Table.Th>
            <Table.Th ta="right">{t('procedures.internalDaysShort')}</Table.Th>
            <Table.Th ta="right">{t('procedures.cut')}</Table.Th>
            <Table.Th>{t('procedures.online')}</Table.Th>
            <Table.Th ta="right">{t('procedures.fee')}</Table.Th>
            <Table.Th>{t('procedures.published')}</Table.Th>
            {actions && <Table.Th w={80} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => (
            <Table.Tr key={p.code} data-testid={`procedure-row-${p.code}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.code}</Table.Td>
              <Table.Td>{p.name}</Table.Td>
              <Table.Td>{p.field}</Table.Td>
              <Table.Td title={p.unitName}>{p.unitCode}</Table.Td>
              <Table.Td ta="right">{p.legalDays}</Table.Td>
              <Table.Td ta="right">{p.internalDays}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {cutText(p, i18n.language)}
              </Table.Td>
              <Table.Td>
                <OnlineLevelBadge level={p.onlineLevel} />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {feeText(p.fee)}
              </Table.Td>
              <Table.Td>
                <Badge color={p.published ? 'blue' : 'gray'} variant={p.published ? 'light' : 'outline'}>
                  {p.published ? t('procedures.publishedYes') : t('procedures.publishedNo')}
                </Badge>
              </Table.Td>
              {actions && (
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {can?.edit && (
                      <RowAction label={t('common.edit')} onClick={() => onEdit(p)}>
                        <IconPencil size={16} />
                      </RowAction>
                    )}
                    {can?.delete && (
                      <RowAction label={t('common.delete')} color="red" onClick={() => onDelete(p)}>
                        <IconTrash size={16} />
                      </RowAction>
                    )}
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
          <EmptyRow colSpan={actions ? 11 : 10} show={items.length === 0 && !loading} />
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
