import { Anchor, Badge, Button, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFieldErrors } from '../../components/fieldErrors';
import { EmptyRow } from '../../components/TableParts';
import { useUnits } from '../units/api';
import { ROUND_STAGES, sheetPath, useExtendDeadline, useRound, useSheets, type Round } from './api';
import { localDate } from './format';
import { DateInput } from '../../components/DateInput';

/** The organizer's view of a round: every unit's progress, a later deadline for one unit, the extensions granted. */

export function RoundUnits({ round }: { round: Round }) {
  const { t } = useTranslation();
  const units = useUnits({ year: round.year, block: round.blockCode });
  const list = units.data?.items ?? [];
  const sheets = useSheets(
    round.id,
    list.map((u) => u.code),
    list.length > 0,
  );
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped data-testid={`round-${round.id}-units`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('cycle.units.unit')}</Table.Th>
            <Table.Th>{t('cycle.units.progress')}</Table.Th>
            <Table.Th>{t('cycle.units.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <EmptyRow colSpan={3} show={!units.isPending && list.length === 0} />
          {list.map((u, i) => {
            const sheet = sheets[i]?.data;
            return (
              <Table.Tr key={u.code} data-testid={`round-unit-${u.code}`}>
                <Table.Td>
                  <Anchor component={Link} to={sheetPath(round.id, u.code)}>
                    {u.code} · {u.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{sheet ? t('cycle.sheet.progress', { scored: sheet.progress.scored, total: sheet.progress.total }) : '…'}</Table.Td>
                <Table.Td>
                  {sheet && (
                    <Badge color={sheet.submittedAt ? 'green' : 'gray'} variant="light">
                      {sheet.submittedAt ? t('cycle.units.submitted') : t('cycle.units.notSubmitted')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ExtensionForm({ round }: { round: Round }) {
  const { t } = useTranslation();
  const units = useUnits({ year: round.year, block: round.blockCode });
  const [unitCode, setUnitCode] = useState<string | null>(null);
  const [stage, setStage] = useState<string | null>('self_assessment');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const extend = useExtendDeadline(round.id, () => notifications.show({ color: 'green', message: t('cycle.extension.saved') }));
  const errors = useFieldErrors()(extend.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        extend.mutate({ unitCode, stage, until, reason });
      }}
    >
      <Stack gap="xs">
        <Text fw={600}>{t('cycle.extension.title')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <Select
            label={t('cycle.extension.unit')}
            data={(units.data?.items ?? []).map((u) => ({ value: u.code, label: `${u.code} · ${u.name}` }))}
            value={unitCode}
            onChange={setUnitCode}
            searchable
            error={errors.unitCode}
          />
          <Select
            label={t('cycle.extension.stage')}
            data={ROUND_STAGES.map((s) => ({ value: s, label: t(`cycle.stage.${s}`) }))}
            value={stage}
            onChange={setStage}
            error={errors.stage}
          />
          <DateInput label={t('cycle.extension.until')} value={until} onChange={setUntil} error={errors.until} />
          <TextInput label={t('cycle.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        </SimpleGrid>
        {extend.error && <ErrorAlert error={extend.error} hideFieldIssues={['unitCode', 'stage', 'until', 'reason']} />}
        <Group>
          <Button type="submit" variant="light" loading={extend.isPending} data-testid={`round-${round.id}-extend`}>
            {t('cycle.extension.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export /** The extensions granted in a round, one row per unit and stage (the organizer's view). */
function RoundExtensions({ round }: { round: Round }) {
  const { t } = useTranslation();
  const detail = useRound(round.id);
  const items = detail.data?.extensions ?? [];
  return (
    <Stack gap={4}>
      <Text fw={600}>{t('cycle.extension.granted')}</Text>
      {detail.error && <ErrorAlert error={detail.error} />}
      <Table.ScrollContainer minWidth={520}>
        <Table striped data-testid={`round-${round.id}-extensions`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cycle.extension.unit')}</Table.Th>
              <Table.Th>{t('cycle.extension.stage')}</Table.Th>
              <Table.Th>{t('cycle.extension.until')}</Table.Th>
              <Table.Th>{t('cycle.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((e) => (
              <Table.Tr key={`${e.unitCode}-${e.stage}`}>
                <Table.Td>{e.unitCode}</Table.Td>
                <Table.Td>{t(`cycle.stage.${e.stage}`)}</Table.Td>
                <Table.Td>{localDate(e.until)}</Table.Td>
                <Table.Td>{e.reason}</Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={4} show={detail.isSuccess && items.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
