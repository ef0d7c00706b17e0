import { ActionIcon, Anchor, Badge, Group, Paper, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowLeft, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type UnitDetail, type UnitLink, useUnitAccounts } from './api';

/** The parts of a unit's page: its history tables and its accounts. */

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

export function unitHref(code: string) {
  return `/units/${encodeURIComponent(code)}`;
}

export function LinksTable({ links }: { links: UnitLink[] }) {
  const { t } = useTranslation();
  if (links.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {t('common.none')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('units.code')}</Table.Th>
            <Table.Th>{t('unitDetail.kind')}</Table.Th>
            <Table.Th>{t('units.year')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {links.map((l) => (
            <Table.Tr key={`${l.code}-${l.kind}-${l.year}`}>
              <Table.Td>
                <Anchor component={Link} to={unitHref(l.code)}>
                  {l.code}
                </Anchor>
              </Table.Td>
              <Table.Td>{t(`linkKind.${l.kind}`, { defaultValue: l.kind })}</Table.Td>
              <Table.Td>{l.year}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The names a unit had, newest first. */
export function NamesTable({ names }: { names: UnitDetail['names'] }) {
  const { t } = useTranslation();
  const unit = { names };
  return (
    <Table.ScrollContainer minWidth={280}>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('unitDetail.fromYear')}</Table.Th>
            <Table.Th>{t('units.name')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...unit.names]
            .sort((a, b) => b.fromYear - a.fromYear)
            .map((n) => (
              <Table.Tr key={`${n.fromYear}-${n.name}`}>
                <Table.Td>{n.fromYear}</Table.Td>
                <Table.Td>{n.name}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The unit's block by year, newest first; `onRemove` (when the caller may edit) offers to remove one. */
export function MembershipsTable({
  unit,
  blockName,
  onRemove,
}: {
  unit: UnitDetail;
  blockName: (code: string | null) => string;
  onRemove?: (year: number) => void;
}) {
  const { t } = useTranslation();
  return unit.memberships.length === 0 ? (
    <Text c="dimmed" size="sm">
      {t('common.none')}
    </Text>
  ) : (
    <Table.ScrollContainer minWidth={280}>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('units.year')}</Table.Th>
            <Table.Th>{t('units.block')}</Table.Th>
            {onRemove && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...unit.memberships]
            .sort((a, b) => b.year - a.year)
            .map((m) => (
              <Table.Tr key={m.year}>
                <Table.Td>{m.year}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{m.blockCode}</Badge> {blockName(m.blockCode)}
                </Table.Td>
                {onRemove && (
                  <Table.Td w={40}>
                    <Tooltip label={t('unitDetail.removeMembership')}>
                      <ActionIcon variant="subtle" color="red" aria-label={t('unitDetail.removeMembership')} onClick={() => onRemove(m.year)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function BackLink() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/units" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('unitDetail.back')}
      </Group>
    </Anchor>
  );
}

export function UnitAccounts({ code }: { code: string }) {
  const { t } = useTranslation();
  const accounts = useUnitAccounts(code);
  if (accounts.error) return <ErrorAlert error={accounts.error} />;
  const items = accounts.data ?? [];
  if (items.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {t('common.none')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table withTableBorder style={{ whiteSpace: 'nowrap' }} data-testid="unit-accounts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('users.username')}</Table.Th>
            <Table.Th>{t('users.displayName')}</Table.Th>
            <Table.Th>{t('users.role')}</Table.Th>
            <Table.Th>{t('users.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={String(a.id)}>
              <Table.Td>{a.username}</Table.Td>
              <Table.Td>{a.displayName}</Table.Td>
              <Table.Td>{t(`roles.${a.role}`, { defaultValue: a.role })}</Table.Td>
              <Table.Td>{a.disabled ? t('users.disabledBadge') : t('users.activeBadge')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
