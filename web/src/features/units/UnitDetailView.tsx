import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowsJoin, IconArrowsSplit, IconCategory, IconPencil } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ConfirmModal } from '../../components/ConfirmModal';
import { StatusBadge } from '../../components/StatusBadge';
import { type UnitDetail, unitsApi, useUnitMutation } from './api';
import { EditUnitModal } from './EditUnitModal';
import { MembershipModal } from './MembershipModal';
import { MergeModal } from './MergeModal';
import { SplitModal } from './SplitModal';
import { BackLink, LinksTable, MembershipsTable, NamesTable, Section, UnitAccounts, unitHref } from './UnitParts';

/** A unit: its facts, names and blocks by year, lineage, children and accounts; the actions its `can` allows. */
export function UnitDetailView({ unit, blockName }: { unit: UnitDetail; blockName: (code: string | null) => string }) {
  const { t } = useTranslation();
  const [editOpened, edit] = useDisclosure(false);
  const [blockOpened, block] = useDisclosure(false);
  const [mergeOpened, merge] = useDisclosure(false);
  const [splitOpened, split] = useDisclosure(false);
  const removeMembership = useUnitMutation((year: number) => unitsApi.removeMembership(unit.code, year), t('unitDetail.membershipRemoved'));
  const [removeYear, setRemoveYear] = useState<number | null>(null);
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
        {unit.can.edit && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={edit.open} data-testid="unit-edit">
              {t('unitDetail.edit')}
            </Button>
            <Button variant="default" leftSection={<IconCategory size={16} />} onClick={block.open} data-testid="unit-set-block">
              {t('unitDetail.setBlock')}
            </Button>
            <Button variant="default" leftSection={<IconArrowsJoin size={16} />} onClick={merge.open} disabled={!unit.can.merge} data-testid="unit-merge">
              {t('unitDetail.merge')}
            </Button>
            <Button variant="default" leftSection={<IconArrowsSplit size={16} />} onClick={split.open} disabled={!unit.can.split} data-testid="unit-split">
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
          <NamesTable names={unit.names} />
        </Section>

        <Section title={t('unitDetail.memberships')} testId="unit-memberships">
          <MembershipsTable unit={unit} blockName={blockName} onRemove={unit.can.edit ? setRemoveYear : undefined} />
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

      {unit.can.seeAccounts && (
        <Section title={t('unitDetail.accounts')}>
          <UnitAccounts code={unit.code} />
        </Section>
      )}

      {unit.can.edit && (
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
