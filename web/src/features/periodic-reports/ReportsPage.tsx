import { Anchor, Button, Card, Group, ScrollArea, Select, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayDate } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { YearSelect } from '../../components/YearSelect';
import { currentYear } from '../../format';
import { useSession } from '../auth/api';
import { type ReportPeriod, reportUrls, useDeadlines, useReportStatus, useUnitReports } from './api';
import { DeadlinesEditor } from './DeadlinesEditor';
import { ReportEditor } from './ReportEditor';
import { StateBadge } from './StateBadge';
import { TemplateEditor } from './TemplateEditor';

type Open = { unit: string; period: ReportPeriod } | null;

/**
 * Periodic reports (báo cáo định kỳ CCHC): unit staff see their unit's reports of the year and write them; the
 * organizer sets the due dates and the template and follows who reported on time; other roles read the status and the
 * submitted reports.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [year, setYear] = useState(currentYear());
  const [open, setOpen] = useState<Open>(null);
  const [tab, setTab] = useState<string | null>('status');
  const unitStaff = user?.role === 'unit_officer' || user?.role === 'unit_leader';
  const admin = user?.role === 'admin';

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('periodicReports.title')}</Title>
        <YearSelect
          value={year}
          onChange={(y) => {
            setYear(y);
            setOpen(null);
          }}
          label={t('periodicReports.year')}
          testId="reports-year"
        />
      </Group>
      {open ? (
        <ReportEditor unit={open.unit} year={year} period={open.period} onBack={() => setOpen(null)} />
      ) : unitStaff ? (
        <UnitPeriods unit={user?.unitCode ?? null} year={year} onOpen={(period) => setOpen({ unit: user!.unitCode!, period })} />
      ) : (
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List>
            <Tabs.Tab value="status" data-testid="reports-tab-status">
              {t('periodicReports.tabs.status')}
            </Tabs.Tab>
            {admin && (
              <Tabs.Tab value="deadlines" data-testid="reports-tab-deadlines">
                {t('periodicReports.tabs.deadlines')}
              </Tabs.Tab>
            )}
            {admin && (
              <Tabs.Tab value="template" data-testid="reports-tab-template">
                {t('periodicReports.tabs.template')}
              </Tabs.Tab>
            )}
          </Tabs.List>
          <Tabs.Panel value="status" pt="md">
            <StatusView year={year} drafts={admin} onOpen={(unit, period) => setOpen({ unit, period })} />
          </Tabs.Panel>
          {admin && (
            <Tabs.Panel value="deadlines" pt="md">
              <DeadlinesEditor year={year} />
            </Tabs.Panel>
          )}
          {admin && (
            <Tabs.Panel value="template" pt="md">
              {tab === 'template' && <TemplateEditor />}
            </Tabs.Panel>
          )}
        </Tabs>
      )}
    </Stack>
  );
}

/** The unit's periods of the year: one card each with its due date and state. */
function UnitPeriods({ unit, year, onOpen }: { unit: string | null; year: number; onOpen: (period: ReportPeriod) => void }) {
  const { t } = useTranslation();
  const list = useUnitReports(unit, year);
  if (list.error) return <ErrorAlert error={list.error} />;
  if (!list.data) return null;
  if (list.data.periods.length === 0) return <Text c="dimmed">{t('periodicReports.noPeriods', { year })}</Text>;
  return (
    <Stack data-testid="reports-unit-periods">
      {list.data.periods.map((p) => (
        <Card key={p.period} withBorder padding="sm" data-testid={`reports-period-${p.period}`}>
          <Group justify="space-between" wrap="wrap">
            <div>
              <Text fw={700}>{t(`periodicReports.periods.${p.period}`)}</Text>
              <Text size="sm" c={p.overdue ? 'red' : 'dimmed'}>
                {t('periodicReports.dueOn', { date: displayDate(p.dueOn) })}
                {p.submittedOn ? ` · ${t('periodicReports.submittedShort', { date: displayDate(p.submittedOn) })}` : ''}
              </Text>
            </div>
            <Group gap="xs">
              <StateBadge state={p.state} overdue={p.overdue} />
              <Button size="xs" onClick={() => onOpen(p.period)} data-testid={`reports-open-${p.period}`}>
                {p.state === 'not_submitted' ? t('periodicReports.write') : t('periodicReports.view')}
              </Button>
            </Group>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

/** Who reported a period: "18/21 đúng hạn", each unit's state, the province summary. */
function StatusView({ year, drafts, onOpen }: { year: number; drafts: boolean; onOpen: (unit: string, period: ReportPeriod) => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  const deadlines = useDeadlines(year);
  const [chosen, setChosen] = useState<ReportPeriod | null>(null);
  const period = chosen ?? deadlines.data?.deadlines[0]?.period ?? 'q1';
  const status = useReportStatus(year, period);
  const data = status.data;
  // A draft is seen by its unit and the organizer only: other readers open submitted reports.
  const unitName = (u: { unitCode: string; unitName: string; state: string }) =>
    drafts || u.state !== 'not_submitted' ? (
      <Anchor size="sm" onClick={() => onOpen(u.unitCode, period)}>
        {u.unitName}
      </Anchor>
    ) : (
      <Text size="sm">{u.unitName}</Text>
    );
  const periodOptions = (deadlines.data?.deadlines ?? []).map((d) => ({ value: d.period, label: t(`periodicReports.periods.${d.period}`) }));
  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('periodicReports.period')}
          data={periodOptions.length ? periodOptions : [{ value: 'q1', label: t('periodicReports.periods.q1') }]}
          value={period}
          onChange={(v) => v && setChosen(v as ReportPeriod)}
          allowDeselect={false}
          maw={220}
          data-testid="reports-period"
        />
        <Button component="a" href={reportUrls.summary(year, period)} variant="default" leftSection={<IconDownload size={16} />} data-testid="reports-summary">
          {t('periodicReports.summaryDocx')}
        </Button>
      </Group>
      {status.error ? <ErrorAlert error={status.error} /> : null}
      {data && (
        <>
          <Text fw={700} data-testid="reports-counts">
            {data.dueOn ? t('periodicReports.dueOn', { date: displayDate(data.dueOn) }) + ' · ' : t('periodicReports.noDeadline') + ' · '}
            {t('periodicReports.counts', { onTime: data.counts.onTime, units: data.counts.units, late: data.counts.late, missing: data.counts.notSubmitted })}
          </Text>
          {phone ? (
            <Stack gap="xs" data-testid="reports-status">
              {data.units.map((u) => (
                <Card key={u.unitCode} withBorder padding="xs">
                  <Group justify="space-between" wrap="nowrap">
                    {unitName(u)}
                    <StateBadge state={u.state} />
                  </Group>
                  {u.submittedOn && <Text size="xs">{t('periodicReports.submittedShort', { date: displayDate(u.submittedOn) })}</Text>}
                </Card>
              ))}
            </Stack>
          ) : (
            <ScrollArea>
              <Table striped miw={560} data-testid="reports-status">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('periodicReports.unit')}</Table.Th>
                    <Table.Th>{t('periodicReports.state')}</Table.Th>
                    <Table.Th>{t('periodicReports.submittedAt')}</Table.Th>
                    <Table.Th>{t('periodicReports.documentNo')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.units.map((u) => (
                    <Table.Tr key={u.unitCode} data-testid={`reports-status-${u.unitCode}`}>
                      <Table.Td>{unitName(u)}</Table.Td>
                      <Table.Td>
                        <StateBadge state={u.state} />
                      </Table.Td>
                      <Table.Td>{displayDate(u.submittedOn)}</Table.Td>
                      <Table.Td>{u.documentNo ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </>
      )}
    </Stack>
  );
}
