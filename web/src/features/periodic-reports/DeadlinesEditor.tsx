import { Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateInput } from '../../components/DateInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type Deadlines, PERIODS, type ReportPeriod, useDeadlines, useSaveDeadlines } from './api';

/** The organizer's due dates of a year: tick the periods asked for and pick each due date (dd/mm/yyyy). */
export function DeadlinesEditor({ year }: { year: number }) {
  const deadlines = useDeadlines(year);
  if (deadlines.error) return <ErrorAlert error={deadlines.error} />;
  if (!deadlines.data) return null;
  return <DeadlinesForm key={year} year={year} data={deadlines.data} />;
}

function DeadlinesForm({ year, data }: { year: number; data: Deadlines }) {
  const { t } = useTranslation();
  const save = useSaveDeadlines(year);
  const [dates, setDates] = useState<Partial<Record<ReportPeriod, string>>>(Object.fromEntries(data.deadlines.map((d) => [d.period, d.dueOn])));
  const [asked, setAsked] = useState<Set<ReportPeriod>>(new Set(data.deadlines.map((d) => d.period)));
  const rows = PERIODS.filter((p) => asked.has(p)).map((period) => ({ period, dueOn: dates[period] ?? '' }));
  const missing = rows.some((r) => !r.dueOn);
  return (
    <Stack maw={560}>
      <Text size="sm" c="dimmed">
        {t('periodicReports.deadlinesHelp')}
      </Text>
      <Table data-testid="reports-deadlines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('periodicReports.period')}</Table.Th>
            <Table.Th>{t('periodicReports.dueDate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {PERIODS.map((period) => (
            <Table.Tr key={period}>
              <Table.Td>
                <Checkbox
                  label={t(`periodicReports.periods.${period}`)}
                  checked={asked.has(period)}
                  onChange={(e) => {
                    const next = new Set(asked);
                    if (e.currentTarget.checked) next.add(period);
                    else next.delete(period);
                    setAsked(next);
                  }}
                  data-testid={`deadline-ask-${period}`}
                />
              </Table.Td>
              <Table.Td>
                <DateInput
                  value={dates[period] ?? ''}
                  onChange={(value) => setDates((prev) => ({ ...prev, [period]: value }))}
                  disabled={!asked.has(period)}
                  aria-label={t('periodicReports.dueDate')}
                  data-testid={`deadline-date-${period}`}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Group>
        <Button
          leftSection={<IconDeviceFloppy size={16} />}
          disabled={missing}
          loading={save.isPending}
          onClick={() => save.mutate(rows)}
          data-testid="deadlines-save"
        >
          {t('periodicReports.save')}
        </Button>
        {missing && (
          <Text size="sm" c="orange">
            {t('periodicReports.deadlineMissing')}
          </Text>
        )}
        {save.isSuccess && (
          <Text size="sm" c="green">
            {t('periodicReports.saved')}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
