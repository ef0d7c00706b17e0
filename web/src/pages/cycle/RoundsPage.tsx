import { Anchor, Badge, Button, Card, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChartBar, IconCheck, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { DATE_FIELDS, ROUND_STAGES, cycleKeys, sheetPath, useRound, useRounds, useSheets, type Round, type RoundDates } from '../../api/cycle';
import { useBlocks, useUnits } from '../../api/queries';
import { isAdmin, useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { currentYear } from '../../format';
import { useFieldErrors } from '../../components/fieldErrors';

/** "2026-11-22" → "22/11/2026". */
export function localDate(value: string | null | undefined): string {
  if (!value) return '—';
  const [y, m, d] = value.split('-');
  return `${d}/${m}/${y}`;
}

function statusColor(status: Round['status']) {
  return status === 'open' ? 'blue' : status === 'approved' ? 'teal' : 'green';
}

function OpenRoundForm() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const blocks = useBlocks();
  const [year, setYear] = useState<number | string>(currentYear());
  const [blockCode, setBlockCode] = useState<string | null>(null);
  const [dates, setDates] = useState<Record<string, string>>({});
  const open = useMutation({
    mutationFn: () => api.post<Round>('/rounds', { year, blockCode, ...dates }),
    onSuccess: (round) => {
      notifications.show({ color: 'green', message: t('cycle.rounds.opened', { year: round.year, block: round.blockName }) });
      void qc.invalidateQueries({ queryKey: cycleKeys.rounds });
    },
  });
  const errors = useFieldErrors()(open.error);
  return (
    <Paper withBorder p="md" data-testid="round-open-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          open.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={4}>{t('cycle.rounds.openTitle')}</Title>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
            <NumberInput label={t('cycle.rounds.year')} value={year} onChange={setYear} min={2000} max={2100} error={errors.year} data-testid="round-year" />
            <Select
              label={t('cycle.rounds.block')}
              data={(blocks.data ?? []).map((b) => ({ value: b.code, label: `${b.code} · ${b.name}` }))}
              value={blockCode}
              onChange={setBlockCode}
              error={errors.blockCode}
              data-testid="round-block"
            />
            {DATE_FIELDS.map((f) => (
              <TextInput
                key={f}
                type="date"
                label={t(`cycle.dates.${f}`)}
                value={dates[f] ?? ''}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setDates((d) => ({ ...d, [f]: value }));
                }}
                error={errors[f]}
                data-testid={`round-${f}`}
              />
            ))}
          </SimpleGrid>
          {open.error && <ErrorAlert error={open.error} hideFieldIssues={['year', 'blockCode', ...DATE_FIELDS]} />}
          <Group>
            <Button type="submit" leftSection={<IconPlus size={16} />} loading={open.isPending} data-testid="round-open-submit">
              {t('cycle.rounds.open')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function ExtensionForm({ round }: { round: Round }) {
  const { t } = useTranslation();
  const units = useUnits({ year: round.year, block: round.blockCode });
  const [unitCode, setUnitCode] = useState<string | null>(null);
  const [stage, setStage] = useState<string | null>('self_assessment');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const qc = useQueryClient();
  const extend = useMutation({
    mutationFn: () => api.post(`/rounds/${round.id}/extensions`, { unitCode, stage, until, reason }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('cycle.extension.saved') });
      void qc.invalidateQueries({ queryKey: cycleKeys.round(round.id) });
    },
  });
  const errors = useFieldErrors()(extend.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        extend.mutate();
      }}
    >
      <Stack gap="xs">
        <Text fw={600}>{t('cycle.extension.title')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <Select label={t('cycle.extension.unit')} data={(units.data?.items ?? []).map((u) => ({ value: u.code, label: `${u.code} · ${u.name}` }))} value={unitCode} onChange={setUnitCode} searchable error={errors.unitCode} />
          <Select label={t('cycle.extension.stage')} data={ROUND_STAGES.map((s) => ({ value: s, label: t(`cycle.stage.${s}`) }))} value={stage} onChange={setStage} error={errors.stage} />
          <TextInput type="date" label={t('cycle.extension.until')} value={until} onChange={(e) => setUntil(e.currentTarget.value)} error={errors.until} />
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

/** The extensions granted in a round, one row per unit and stage (the organizer's view). */
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

function RoundUnits({ round }: { round: Round }) {
  const { t } = useTranslation();
  const units = useUnits({ year: round.year, block: round.blockCode });
  const list = units.data?.items ?? [];
  const sheets = useSheets(round.id, list.map((u) => u.code), list.length > 0);
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

function RoundCard({ round }: { round: Round }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { user } = useSession();
  const admin = isAdmin(user);
  const council = user?.role === 'council';
  const unitStaff = (user?.role === 'unit_officer' || user?.role === 'unit_leader') && user.unitCode;
  const [expanded, setExpanded] = useState(false);
  const approve = useMutation({
    mutationFn: () => api.post<Round>(`/rounds/${round.id}/approve`),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('cycle.rounds.approved') });
      void qc.invalidateQueries({ queryKey: cycleKeys.rounds });
      void qc.invalidateQueries({ queryKey: cycleKeys.notifications });
    },
  });
  const d = round.dates as RoundDates | null;
  return (
    <Card withBorder data-testid={`round-${round.year}-${round.blockCode}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <Title order={4}>
              {round.year} · {round.blockName}
            </Title>
            <Badge color={statusColor(round.status)} variant="light" data-testid="round-status">
              {t(`cycle.status.${round.status}`)}
            </Badge>
          </Group>
          <Group gap="xs">
            {unitStaff && round.status === 'open' && (
              <Button component={Link} to={sheetPath(round.id, user.unitCode!)} size="xs" data-testid="round-my-sheet">
                {t('cycle.rounds.mySheet')}
              </Button>
            )}
            {(admin || council) && (
              <Button component={Link} to={`/rounds/${round.id}/disagreements`} size="xs" variant="default" data-testid="round-disagreements">
                {t('cycle.disagreements.title')}
              </Button>
            )}
            <Button component={Link} to={`/results?year=${round.year}&block=${round.blockCode}`} size="xs" variant="default" leftSection={<IconChartBar size={14} />} data-testid="round-results">
              {t('cycle.rounds.results')}
            </Button>
            {council && round.status === 'open' && (
              <Button size="xs" color="teal" leftSection={<IconCheck size={14} />} loading={approve.isPending} onClick={() => approve.mutate()} data-testid="round-approve">
                {t('cycle.rounds.approve')}
              </Button>
            )}
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {t('cycle.rounds.unitCount', { count: round.unitCount })}
          {round.historical ? ` · ${t('cycle.rounds.historical')}` : ''}
        </Text>
        {d && (
          <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
            {DATE_FIELDS.map((f) => (
              <div key={f}>
                <Text size="xs" c="dimmed">
                  {t(`cycle.dates.${f}`)}
                </Text>
                <Text size="sm">{localDate(d[f])}</Text>
              </div>
            ))}
          </SimpleGrid>
        )}
        {approve.error && <ErrorAlert error={approve.error} />}
        {admin && (
          <>
            <Group>
              <Button size="xs" variant="subtle" onClick={() => setExpanded((v) => !v)} data-testid={`round-${round.id}-toggle`}>
                {expanded ? t('cycle.rounds.hideUnits') : t('cycle.rounds.showUnits')}
              </Button>
            </Group>
            {expanded && (
              <Stack>
                <RoundUnits round={round} />
                {round.status === 'open' && <ExtensionForm round={round} />}
                <RoundExtensions round={round} />
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

export function RoundsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const rounds = useRounds();
  const items = [...(rounds.data ?? [])].sort((a, b) => b.year - a.year || a.blockCode.localeCompare(b.blockCode));
  return (
    <Stack>
      <Title order={2}>{t('cycle.rounds.title')}</Title>
      {isAdmin(user) && <OpenRoundForm />}
      {rounds.error && <ErrorAlert error={rounds.error} />}
      {rounds.data && items.length === 0 && <Text c="dimmed">{t('cycle.rounds.none')}</Text>}
      <Stack data-testid="rounds-list">
        {items.map((r) => (
          <RoundCard key={r.id} round={r} />
        ))}
      </Stack>
    </Stack>
  );
}
