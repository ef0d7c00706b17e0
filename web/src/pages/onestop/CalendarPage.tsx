import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCalendarPlus, IconCheck, IconDownload, IconInfoCircle, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, buildUrl } from '../../api/client';
import { type CalendarDay, type CalendarDayKind, type CalendarImportResult, type CalendarRange, calendarKeys, type CalendarYear, useCalendarYear } from '../../api/calendar';
import { isAdmin, useSession } from '../../auth/session';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportModal } from '../../components/ImportModal';
import { YearSelect } from '../../components/results/parts';
import { EmptyRow, RowAction } from '../../components/TableParts';
import { currentYear } from '../../format';
import { useFieldErrors } from '../../components/fieldErrors';

/** 'YYYY-MM-DD' → 'DD/MM/YYYY', as dates are written in Vietnam. */
function formatDay(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

const COLORS = {
  holiday: { bg: 'var(--mantine-color-red-6)', fg: 'white' },
  workday: { bg: 'var(--mantine-color-teal-6)', fg: 'white' },
  weekend: { bg: 'var(--mantine-color-gray-2)', fg: 'var(--mantine-color-gray-7)' },
} as const;

function Legend() {
  const { t } = useTranslation();
  const item = (key: keyof typeof COLORS, label: string) => (
    <Group gap={6} wrap="nowrap">
      <Box w={14} h={14} style={{ background: COLORS[key].bg, borderRadius: 3, border: '1px solid var(--mantine-color-gray-4)' }} />
      <Text size="sm">{label}</Text>
    </Group>
  );
  return (
    <Group gap="md" data-testid="calendar-legend">
      {item('holiday', t('calendar.legend.holiday'))}
      {item('workday', t('calendar.legend.workday'))}
      {item('weekend', t('calendar.legend.weekend'))}
    </Group>
  );
}

/** One month as a Monday-first grid; weekends, holidays and make-up working days each have their colour. */
function MonthGrid({ year, month, byDate }: { year: number; month: number; byDate: Map<string, CalendarDay> }) {
  const { t } = useTranslation();
  const first = new Date(Date.UTC(year, month - 1, 1));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offset = (first.getUTCDay() + 6) % 7; // Monday = 0
  const cells: (number | null)[] = [...Array<null>(offset).fill(null), ...Array.from({ length: daysInMonth }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weekdayLabels = t('calendar.weekdaysShort').split(',');
  return (
    <Paper withBorder p="xs" data-testid={`calendar-month-${month}`}>
      <Text fw={600} size="sm" mb={4}>
        {t('calendar.month', { month })}
      </Text>
      <Box style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
        {weekdayLabels.map((w) => (
          <Text key={w} size="xs" c="dimmed" ta="center">
            {w}
          </Text>
        ))}
        {cells.map((d, i) => {
          if (d === null) return <Box key={`e${i}`} />;
          const date = `${year}-${pad(month)}-${pad(d)}`;
          const configured = byDate.get(date);
          const weekend = i % 7 >= 5;
          const style = configured ? COLORS[configured.kind] : weekend ? COLORS.weekend : null;
          const cell = (
            <Box
              data-testid={`calendar-day-${date}`}
              data-kind={configured?.kind ?? (weekend ? 'weekend' : 'working')}
              style={{
                textAlign: 'center',
                fontSize: 12,
                lineHeight: '22px',
                borderRadius: 3,
                background: style?.bg,
                color: style?.fg,
                fontWeight: configured ? 600 : undefined,
              }}
            >
              {d}
            </Box>
          );
          return configured ? (
            <Tooltip key={date} label={`${formatDay(date)} · ${configured.name}`} withArrow events={{ hover: true, focus: true, touch: true }}>
              {cell}
            </Tooltip>
          ) : (
            <Box key={date}>{cell}</Box>
          );
        })}
      </Box>
    </Paper>
  );
}

/** Set one day or a range to a holiday or a make-up working day. */
function AddDaysModal({ opened, onClose, year }: { opened: boolean; onClose: () => void; year: number }) {
  const fieldErrorsOf = useFieldErrors();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<CalendarDayKind>('holiday');
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.post<{ created: number; updated: number; unchanged: number }>('/calendar/days', {
        from,
        ...(to && to !== from ? { to } : {}),
        kind,
        name: name.trim(),
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: calendarKeys.all });
      notifications.show({ color: 'green', message: t('calendar.saved', r) });
      close();
    },
  });
  const close = () => {
    save.reset();
    setFrom('');
    setTo('');
    setName('');
    setKind('holiday');
    onClose();
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const errors = fieldErrorsOf(save.error);
  return (
    <Modal opened={opened} onClose={close} title={t('calendar.addTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {save.error && <ErrorAlert error={save.error} hideFieldIssues={['from', 'to', 'kind', 'name']} />}
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as CalendarDayKind)}
            data={[
              { value: 'holiday', label: t('calendar.kind.holiday') },
              { value: 'workday', label: t('calendar.kind.workday') },
            ]}
            data-testid="calendar-form-kind"
          />
          {errors.kind && (
            <Text c="red" size="sm" data-testid="calendar-form-kind-error">
              {errors.kind}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {kind === 'holiday' ? t('calendar.holidayHint') : t('calendar.workdayHint')}
          </Text>
          <Group grow align="flex-start">
            <TextInput
              type="date"
              label={t('calendar.from')}
              value={from}
              min={`${year - 1}-01-01`}
              onChange={(e) => setFrom(e.currentTarget.value)}
              error={errors.from}
              required
              data-testid="calendar-form-from"
            />
            <TextInput
              type="date"
              label={t('calendar.to')}
              description={t('calendar.toHint')}
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              error={errors.to}
              data-testid="calendar-form-to"
            />
          </Group>
          <TextInput
            label={t('calendar.name')}
            placeholder={kind === 'holiday' ? t('calendar.namePlaceholderHoliday') : t('calendar.namePlaceholderWorkday')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            data-testid="calendar-form-name"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!from || !name.trim()} data-testid="calendar-form-submit">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Warnings({ data, admin }: { data: CalendarYear; admin: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => void qc.invalidateQueries({ queryKey: calendarKeys.all });
  const setUp = useMutation({
    mutationFn: () => api.post<{ created: boolean; prefilled: number }>(`/calendar/years/${data.year}/setup`, {}),
    onSuccess: (r) => {
      refresh();
      notifications.show({ color: 'green', message: t('calendar.setUpDone', { year: data.year, count: r.prefilled }) });
    },
  });
  const confirm = useMutation({
    mutationFn: () => api.post<CalendarYear>(`/calendar/years/${data.year}/confirm-movable`, {}),
    onSuccess: () => {
      refresh();
      setConfirming(false);
      notifications.show({ color: 'green', message: t('calendar.confirmed', { year: data.year }) });
    },
  });
  const notSetUp = data.warnings.some((w) => w.code === 'year_not_set_up');
  const unconfirmed = data.warnings.find((w) => w.code === 'movable_holidays_unconfirmed');
  return (
    <>
      {notSetUp && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} title={t('calendar.notSetUpTitle', { year: data.year })} data-testid="calendar-warning-setup">
          <Stack gap="xs">
            <Text size="sm">{t('calendar.notSetUp', { year: data.year })}</Text>
            {setUp.error && <ErrorAlert error={setUp.error} />}
            {admin && (
              <Group>
                <Button size="xs" onClick={() => setUp.mutate()} loading={setUp.isPending} data-testid="calendar-setup">
                  {t('calendar.setUp', { year: data.year })}
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      {unconfirmed && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('calendar.movableTitle')} data-testid="calendar-warning-movable">
          <Stack gap="xs">
            <Text size="sm">{t('calendar.movable', { year: data.year, holidays: (unconfirmed.holidays ?? data.movableHolidays).join(', ') })}</Text>
            {admin ? (
              <Group>
                <Button size="xs" color="orange" leftSection={<IconCheck size={14} />} onClick={() => setConfirming(true)} data-testid="calendar-confirm-movable">
                  {t('calendar.confirmMovable')}
                </Button>
              </Group>
            ) : (
              <Text size="xs" c="dimmed">
                {t('calendar.movableReader')}
              </Text>
            )}
          </Stack>
        </Alert>
      )}
      <ConfirmModal
        opened={confirming}
        title={t('calendar.confirmMovableTitle', { year: data.year })}
        message={t('calendar.confirmMovableMessage', { year: data.year, holidays: data.movableHolidays.join(', ') })}
        confirmLabel={t('calendar.confirmMovable')}
        color="orange"
        loading={confirm.isPending}
        error={confirm.error}
        onConfirm={() => confirm.mutate()}
        onClose={() => {
          confirm.reset();
          setConfirming(false);
        }}
      />
    </>
  );
}

function RangesTable({ ranges, admin, loading }: { ranges: CalendarRange[]; admin: boolean; loading: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [deleting, setDeleting] = useState<CalendarRange | null>(null);
  const remove = useMutation({
    mutationFn: (r: CalendarRange) =>
      api.delete<{ deleted: number }>(`/calendar/days/${r.from}${r.to !== r.from ? `?to=${r.to}` : ''}`),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: calendarKeys.all });
      notifications.show({ color: 'green', message: t('calendar.deleted', { count: r.deleted }) });
      closeDelete();
    },
  });
  const closeDelete = () => {
    remove.reset();
    setDeleting(null);
  };
  const span = (r: CalendarRange) => (r.from === r.to ? formatDay(r.from) : `${formatDay(r.from)} – ${formatDay(r.to)}`);
  const cols = admin ? 5 : 4;
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
              {admin && <Table.Th w={60} />}
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
                {admin && (
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
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={closeDelete}
      />
    </>
  );
}

export function CalendarPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { user } = useSession();
  const admin = isAdmin(user);
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || currentYear();
  const calendar = useCalendarYear(year);
  const [addOpened, addModal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  const data = calendar.data?.year === year ? calendar.data : undefined;
  const byDate = useMemo(() => new Map((data?.days ?? []).map((d) => [d.date, d])), [data]);
  const counts = useMemo(() => {
    const days = data?.days ?? [];
    return { holidays: days.filter((d) => d.kind === 'holiday').length, workdays: days.filter((d) => d.kind === 'workday').length };
  }, [data]);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('calendar.title')}</Title>
        <Group gap="xs">
          <Button
            variant="default"
            component="a"
            href={buildUrl('/calendar/export', { year, format: 'csv' })}
            download
            leftSection={<IconDownload size={16} />}
            data-testid="calendar-export"
          >
            {t('common.export')}
          </Button>
          {admin && (
            <>
              <Button variant="default" leftSection={<IconUpload size={16} />} onClick={importModal.open} data-testid="calendar-import">
                {t('common.import')}
              </Button>
              <Button leftSection={<IconCalendarPlus size={16} />} onClick={addModal.open} data-testid="calendar-add">
                {t('calendar.add')}
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Group align="flex-end" gap="lg">
        <Box w={140}>
          <YearSelect label={t('calendar.year')} value={year} onChange={(y) => setParams({ year: String(y) })} testId="calendar-year" />
        </Box>
        {data && (
          <Text size="sm" data-testid="calendar-summary">
            {t('calendar.summary', { workingDays: data.workingDays, holidays: counts.holidays, workdays: counts.workdays })}
          </Text>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('calendar.intro')}
      </Text>
      {calendar.error && <ErrorAlert error={calendar.error} />}
      {data && <Warnings data={data} admin={admin} />}
      <Legend />
      <SimpleGrid cols={{ base: 2, md: 3, xl: 4 }} spacing="sm" data-testid="calendar-grid">
        {Array.from({ length: 12 }, (_, i) => (
          <MonthGrid key={i} year={year} month={i + 1} byDate={byDate} />
        ))}
      </SimpleGrid>
      <Title order={3} size="h4">
        {t('calendar.configured', { year })}
      </Title>
      <RangesTable ranges={data?.ranges ?? []} admin={admin} loading={calendar.isPending} />
      <Text size="xs" c="dimmed">
        {t('calendar.dossierNote')}
      </Text>

      {admin && <AddDaysModal opened={addOpened} onClose={addModal.close} year={year} />}
      {admin && (
        <ImportModal<CalendarImportResult>
          opened={importOpened}
          onClose={importModal.close}
          title={t('calendar.importTitle')}
          path="/calendar/import"
          columns="date, kind, name"
          description={t('calendar.importHelp')}
          onImported={(r) => {
            void qc.invalidateQueries({ queryKey: calendarKeys.all });
            notifications.show({ color: 'green', message: t('calendar.imported', { days: r.days, created: r.created, updated: r.updated, unchanged: r.unchanged }) });
            importModal.close();
          }}
        />
      )}
    </Stack>
  );
}
