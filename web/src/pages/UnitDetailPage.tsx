import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconArrowLeft,
  IconArrowsJoin,
  IconArrowsSplit,
  IconCategory,
  IconPencil,
  IconTrash,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api } from '../api/client';
import { useBlocks, useUnit, useUnitAccounts } from '../api/queries';
import type { UnitDetail, UnitLink } from '../api/types';
import { isAdmin, useSession } from '../auth/session';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { StatusBadge } from '../components/StatusBadge';
import { EditUnitModal } from '../components/unit/EditUnitModal';
import { MembershipModal } from '../components/unit/MembershipModal';
import { MergeModal } from '../components/unit/MergeModal';
import { SplitModal } from '../components/unit/SplitModal';
import { useUnitMutation } from '../components/unit/useUnitMutation';

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function unitHref(code: string) {
  return `/units/${encodeURIComponent(code)}`;
}

function LinksTable({ links }: { links: UnitLink[] }) {
  const { t } = useTranslation();
  if (links.length === 0) return <Text c="dimmed" size="sm">{t('common.none')}</Text>;
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

export function UnitDetailPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const { user } = useSession();
  const admin = isAdmin(user);
  const unit = useUnit(code);
  const blocks = useBlocks();

  if (unit.isPending) return <Loader />;
  if (unit.error) {
    const notFound = unit.error instanceof ApiError && unit.error.code === 'not_found';
    return (
      <Stack align="flex-start">
        <BackLink />
        {notFound ? <Text>{t('unitDetail.notFound', { code })}</Text> : <ErrorAlert error={unit.error} />}
      </Stack>
    );
  }

  const blockName = (c: string | null) => (c ? (blocks.data?.find((b) => b.code === c)?.name ?? c) : '—');
  // Mirrors canSeeUnitAccounts on the server: admin, or the unit's own leader/officer.
  const seesAccounts =
    admin || ((user?.role === 'unit_leader' || user?.role === 'unit_officer') && user.unitCode === unit.data.code);
  return <UnitDetailView unit={unit.data} admin={admin} seesAccounts={seesAccounts} blockName={blockName} />;
}

function BackLink() {
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

function UnitAccounts({ code }: { code: string }) {
  const { t } = useTranslation();
  const accounts = useUnitAccounts(code);
  if (accounts.error) return <ErrorAlert error={accounts.error} />;
  const items = accounts.data ?? [];
  if (items.length === 0) return <Text c="dimmed" size="sm">{t('common.none')}</Text>;
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

function UnitDetailView({
  unit,
  admin,
  seesAccounts,
  blockName,
}: {
  unit: UnitDetail;
  admin: boolean;
  seesAccounts: boolean;
  blockName: (code: string | null) => string;
}) {
  const { t } = useTranslation();
  const [editOpened, edit] = useDisclosure(false);
  const [blockOpened, block] = useDisclosure(false);
  const [mergeOpened, merge] = useDisclosure(false);
  const [splitOpened, split] = useDisclosure(false);
  const removeMembership = useUnitMutation(
    (year: number) => api.delete<UnitDetail>(`/units/${encodeURIComponent(unit.code)}/memberships/${year}`),
    t('unitDetail.membershipRemoved'),
  );
  const [removeYear, setRemoveYear] = useState<number | null>(null);
  const active = unit.status === 'active';
  const closeRemove = () => {
    removeMembership.reset();
    setRemoveYear(null);
  };

  const facts: [string, ReactNode][] = [
    [t('units.code'), unit.code],
    [t('units.block'), blockName(unit.blockCode)],
    [
      t('units.parent'),
      unit.parentCode ? (
        <Anchor component={Link} to={unitHref(unit.parentCode)}>
          {unit.parentCode}
        </Anchor>
      ) : (
        '—'
      ),
    ],
    [t('units.validity'), `${unit.validFromYear ?? '…'}–${unit.validToYear ?? ''}`],
  ];

  return (
    <Stack>
      <BackLink />
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs">
            <Title order={2} data-testid="unit-title">
              {unit.name}
            </Title>
            <StatusBadge status={unit.status} />
          </Group>
          <Text c="dimmed">{unit.code}</Text>
        </div>
        {admin && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open} data-testid="unit-edit">
              {t('unitDetail.edit')}
            </Button>
            <Button variant="default" leftSection={<IconCategory size={16} />} onClick={block.open} data-testid="unit-set-block">
              {t('unitDetail.setBlock')}
            </Button>
            <Button
              variant="default"
              leftSection={<IconArrowsJoin size={16} />}
              onClick={merge.open}
              disabled={!active}
              data-testid="unit-merge"
            >
              {t('unitDetail.merge')}
            </Button>
            <Button
              variant="default"
              leftSection={<IconArrowsSplit size={16} />}
              onClick={split.open}
              disabled={!active}
              data-testid="unit-split"
            >
              {t('unitDetail.split')}
            </Button>
          </Group>
        )}
      </Group>

      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          {facts.map(([label, value]) => (
            <div key={label}>
              <Text size="xs" c="dimmed">
                {label}
              </Text>
              <Text>{value}</Text>
            </div>
          ))}
        </SimpleGrid>
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={t('unitDetail.names')} testId="unit-names">
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
        </Section>

        <Section title={t('unitDetail.memberships')} testId="unit-memberships">
          {unit.memberships.length === 0 ? (
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
                    {admin && <Table.Th />}
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
                        {admin && (
                          <Table.Td w={40}>
                            <Tooltip label={t('unitDetail.removeMembership')}>
                              <ActionIcon
                                variant="subtle"
                                color="red"
                                aria-label={t('unitDetail.removeMembership')}
                                onClick={() => setRemoveYear(m.year)}
                              >
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
          )}
        </Section>

        <Section title={t('unitDetail.predecessors')} testId="unit-predecessors">
          <LinksTable links={unit.predecessors} />
        </Section>
        <Section title={t('unitDetail.successors')} testId="unit-successors">
          <LinksTable links={unit.successors} />
        </Section>
      </SimpleGrid>

      {unit.children.length > 0 && (
        <Section title={t('unitDetail.children')}>
          <Group gap="xs">
            {unit.children.map((c) => (
              <Anchor key={c.code} component={Link} to={unitHref(c.code)}>
                <Badge variant="outline" style={{ cursor: 'pointer', textTransform: 'none' }}>
                  {c.name} ({c.code})
                </Badge>
              </Anchor>
            ))}
          </Group>
        </Section>
      )}

      {seesAccounts && (
        <Section title={t('unitDetail.accounts')}>
          <UnitAccounts code={unit.code} />
        </Section>
      )}

      {admin && (
        <>
          <EditUnitModal unit={unit} opened={editOpened} onClose={edit.close} />
          <MembershipModal unit={unit} opened={blockOpened} onClose={block.close} />
          <MergeModal unit={unit} opened={mergeOpened} onClose={merge.close} />
          <SplitModal unit={unit} opened={splitOpened} onClose={split.close} />
          <ConfirmModal
            opened={removeYear !== null}
            title={t('unitDetail.removeMembership')}
            message={t('unitDetail.confirmRemoveMembership', { year: removeYear })}
            confirmLabel={t('common.remove')}
            loading={removeMembership.isPending}
            error={removeMembership.error}
            onConfirm={() => removeYear !== null && removeMembership.mutate(removeYear, { onSuccess: closeRemove })}
            onClose={closeRemove}
          />
        </>
      )}
    </Stack>
  );
}
