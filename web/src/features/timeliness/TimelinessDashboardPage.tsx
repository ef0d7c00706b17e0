import { Button, Grid, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { currentYear } from '../../format';
import { CHANNELS, type Channel, type DashboardParams, timelinessReportUrl, useTimelinessDashboard } from './api';
import { ChannelChart, TrendChart, UnitsChart } from './TimelinessCharts';
import { TimelinessFilters } from './TimelinessFilters';
import { FiguresTable, KpiCards, WorstProcedures } from './TimelinessTables';
import { useAddressParams } from '../../components/addressParams';

const DOWNLOADS = [
  ['csv', 'unit', 'downloadCsv'],
  ['xlsx', 'unit', 'downloadXlsx'],
  ['csv', 'field', 'downloadCsvByField'],
  ['xlsx', 'field', 'downloadXlsxByField'],
] as const;

/**
 * The timeliness dashboard. What the caller may see comes from the server: unit staff get their own unit (the
 * answer's `scope`), and the unit and block filters are then locked.
 */
export function TimelinessDashboardPage() {
  const { t } = useTranslation();
  const { params: search, setParam } = useAddressParams();
  const year = Number(search.get('year')) || currentYear();
  const get = (key: string) => search.get(key) || undefined;
  const channelParam = get('channel');
  const base = {
    year,
    block: get('block'),
    field: get('field'),
    channel: CHANNELS.includes(channelParam as Channel) ? (channelParam as Channel) : undefined,
    asOf: get('asOf'),
  };
  // The unit of the address, until the server says the caller sees one unit only (then the server picks it).
  const firstTry = useTimelinessDashboard({ ...base, unit: get('unit') });
  const unitLocked = firstTry.data?.scope.kind === 'unit';
  const params: DashboardParams = { ...base, unit: unitLocked ? undefined : get('unit') };
  const dashboard = useTimelinessDashboard(params);
  // The field list comes from the same figures without a field filter (the cached query when none is chosen).
  const allFields = useTimelinessDashboard({ ...params, field: undefined });
  const data = dashboard.data;
  const fieldOptions = (allFields.data?.fields ?? []).map((f) => f.field);
  if (params.field && !fieldOptions.includes(params.field)) fieldOptions.push(params.field);
  const empty = data && data.totals.received + data.totals.resolved + data.totals.overdue === 0;

  // Unit staff asking for another unit in the address are refused: the unit is dropped, they get their own.
  const ownUnitOnly = firstTry.error instanceof ApiError && firstTry.error.reason === 'timeliness_own_unit_only';
  useEffect(() => {
    if (ownUnitOnly) setParam('unit', null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ownUnitOnly]);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>{t('timeliness.title')}</Title>
          {data && (
            <Text size="sm" c="dimmed" data-testid="timeliness-subtitle">
              {t('timeliness.subtitle', { year: data.year, asOf: data.asOf.split('-').reverse().join('/') })}
              {data.view === 'unit' && data.filters.unit ? ` · ${t('timeliness.unitView', { unit: data.units[0]?.unitName || data.filters.unit })}` : ''}
            </Text>
          )}
        </Stack>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="timeliness-download">
              {t('timeliness.download')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {DOWNLOADS.map(([format, by, label]) => (
              <Menu.Item
                key={`${format}-${by}`}
                component="a"
                href={timelinessReportUrl({ year, unit: params.unit, asOf: params.asOf, by, format })}
                download
                data-testid={`timeliness-download-${format}-${by}`}
              >
                {t(`timeliness.${label}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>

      <TimelinessFilters params={params} scope={data?.scope ?? firstTry.data?.scope} fieldOptions={fieldOptions} setParam={setParam} />

      {dashboard.error && !ownUnitOnly && <ErrorAlert error={dashboard.error} />}
      {data && (
        <Stack data-testid="timeliness-dashboard" data-view={data.view}>
          <KpiCards totals={data.totals} />
          {empty && (
            <Text c="dimmed" data-testid="timeliness-empty">
              {t('timeliness.empty')}
            </Text>
          )}
          <TrendChart data={data} />
          {data.view === 'province' && <UnitsChart data={data} />}
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, md: 5 }}>
              <ChannelChart data={data} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7 }}>
              <WorstProcedures data={data} />
            </Grid.Col>
          </Grid>
          {data.view === 'province' && (
            <FiguresTable
              title={t('timeliness.units.title')}
              head={t('timeliness.units.unit')}
              rows={data.units}
              label={(u) => `${u.unitName} (${u.unitCode})`}
              rowKey={(u) => u.unitCode}
              testId="timeliness-units"
            />
          )}
          <FiguresTable
            title={t('timeliness.fields.title')}
            head={t('timeliness.fields.field')}
            rows={data.fields}
            label={(f) => f.field}
            rowKey={(f) => f.field}
            testId="timeliness-fields"
          />
        </Stack>
      )}
    </Stack>
  );
}
