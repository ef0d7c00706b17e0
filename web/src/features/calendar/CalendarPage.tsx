import { Box, Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconDownload, IconUpload } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ImportModal } from '../../components/ImportModal';
import { YearSelect } from '../../components/YearSelect';
import { currentYear } from '../../format';
import { AddDaysModal } from './AddDaysModal';
import { calendarApi, type CalendarImportResult, useCalendarYear, useRefreshCalendar } from './api';
import { Legend, MonthGrid } from './CalendarGrid';
import { CalendarRangesTable } from './CalendarRangesTable';
import { CalendarWarnings } from './CalendarWarnings';

/** A year's working-day calendar: twelve months, the configured days, and for whoever may (`can.edit`) the edits. */
export function CalendarPage() {
  const { t } = useTranslation();
  const refresh = useRefreshCalendar();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || currentYear();
  const calendar = useCalendarYear(year);
  const [addOpened, addModal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  const data = calendar.data?.year === year ? calendar.data : undefined;
  const edit = calendar.data?.can.edit ?? false;
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
            href={calendarApi.exportUrl(year)}
            download
            leftSection={<IconDownload size={16} />}
            data-testid="calendar-export"
          >
            {t('common.export')}
          </Button>
          {edit && (
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
      {data && <CalendarWarnings data={data} />}
      <Legend />
      <SimpleGrid cols={{ base: 2, md: 3, xl: 4 }} spacing="sm" data-testid="calendar-grid">
        {Array.from({ length: 12 }, (_, i) => (
          <MonthGrid key={i} year={year} month={i + 1} byDate={byDate} />
        ))}
      </SimpleGrid>
      <Title order={3} size="h4">
        {t('calendar.configured', { year })}
      </Title>
      <CalendarRangesTable ranges={data?.ranges ?? []} edit={edit} loading={calendar.isPending} />
      <Text size="xs" c="dimmed">
        {t('calendar.dossierNote')}
      </Text>

      {edit && <AddDaysModal opened={addOpened} onClose={addModal.close} year={year} />}
      {edit && (
        <ImportModal<CalendarImportResult>
          opened={importOpened}
          onClose={importModal.close}
          title={t('calendar.importTitle')}
          path={calendarApi.importPath}
          columns="date, kind, name"
          description={t('calendar.importHelp')}
          onImported={(r) => {
            refresh();
            notifications.show({
              color: 'green',
              message: t('calendar.imported', { days: r.days, created: r.created, updated: r.updated, unchanged: r.unchanged }),
            });
            importModal.close();
          }}
        />
      )}
    </Stack>
  );
}
