import { Badge, Group, Table } from '@mantine/core';
import { IconKey, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../src/domain/vocabulary';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { formatDateTime } from '../../format';
import type { User } from './api';

const ROLE_COLORS: Record<Role, string> = {
  admin: 'red',
  unit_officer: 'blue',
  unit_leader: 'indigo',
  appraiser: 'teal',
  council: 'orange',
  viewer: 'gray',
};

interface Props {
  users: User[];
  loading: boolean;
  onEdit: (user: User) => void;
  onResetPassword: (user: User) => void;
}

/** The accounts; each row offers what the caller may do with it (`can`). */
export function UsersTable({ users, loading, onEdit, onResetPassword }: Props) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover withTableBorder data-testid="users-table" style={{ whiteSpace: 'nowrap' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.username')}</Table.Th>
            <Table.Th>{t('users.displayName')}</Table.Th>
            <Table.Th>{t('users.role')}</Table.Th>
            <Table.Th>{t('users.unit')}</Table.Th>
            <Table.Th>{t('users.state')}</Table.Th>
            <Table.Th>{t('users.lastLogin')}</Table.Th>
            <Table.Th w={90} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((u) => (
            <Table.Tr key={String(u.id)} data-testid={`user-row-${u.username}`}>
              <Table.Td>{u.username}</Table.Td>
              <Table.Td>{u.displayName}</Table.Td>
              <Table.Td>
                <Badge color={ROLE_COLORS[u.role] ?? 'gray'} variant="light">
                  {t(`roles.${u.role}`, { defaultValue: u.role })}
                </Badge>
              </Table.Td>
              <Table.Td>{u.unitName ?? u.unitCode ?? '—'}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {u.disabled ? (
                    <Badge color="gray">{t('users.disabledBadge')}</Badge>
                  ) : (
                    <Badge color="green" variant="light">
                      {t('users.activeBadge')}
                    </Badge>
                  )}
                  {u.mustChangePassword && (
                    <Badge color="yellow" variant="light">
                      {t('users.mustChangeBadge')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{formatDateTime(u.lastLoginAt)}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  {u.can.edit && (
                    <RowAction label={t('common.edit')} onClick={() => onEdit(u)}>
                      <IconPencil size={16} />
                    </RowAction>
                  )}
                  {u.can.resetPassword && (
                    <RowAction label={t('users.resetPassword')} color="orange" onClick={() => onResetPassword(u)}>
                      <IconKey size={16} />
                    </RowAction>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
          <EmptyRow colSpan={7} show={users.length === 0 && !loading} />
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
