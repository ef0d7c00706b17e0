import { Button, Group, Menu, Paper, Stack, Table, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDecimal } from '../../format';
import { type ProcedureStats, proceduresApi, useProcedureStats } from './api';

function StatsRow({ code, name, s, lang, testId }: { code: string; name: string; s: ProcedureStats; lang: string; testId: string }) {
  const pct = (v: number | null) => formatDecimal(v, lang);
  return (
    <Table.Tr data-testid={testId}>
      <Table.Td>
        <Text size="sm" fw={code ? undefined : 700}>
          {name}
          {code ? ` (${code})` : ''}
        </Text>
      </Table.Td>
      <Table.Td ta="right">{s.total}</Table.Td>
      <Table.Td ta="right">{s.published}</Table.Td>
      <Table.Td ta="right">{s.full}</Table.Td>
      <Table.Td ta="right">{s.partial}</Table.Td>
      <Table.Td ta="right">{s.none}</Table.Td>
      <Table.Td ta="right">{pct(s.fullSharePercent)}</Table.Td>
      <Table.Td ta="right">{s.cut}</Table.Td>
      <Table.Td ta="right">{pct(s.averageCutPercent)}</Table.Td>
      <Table.Td ta="right">{s.cutAtLeast30}</Table.Td>
      <Table.Td ta="right">{pct(s.cutAtLeast30SharePercent)}</Table.Td>
    </Table.Tr>
  );
}

/** The statistics tab: per unit and for the province, online levels and the time cut, with a chart. */
export function ProcedureStatistics() {
  const { t, i18n } = useTranslation();
  const stats = useProcedureStats();
  const data = stats.data;
  const option = data
    ? {
        tooltip: { trigger: 'axis' as const },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 36, bottom: 60 },
        xAxis: { type: 'category' as const, data: data.units.map((u) => u.unitCode), axisLabel: { rotate: data.units.length > 8 ? 45 : 0 } },
        yAxis: { type: 'value' as const, minInterval: 1 },
        series: (['full', 'partial', 'none'] as const).map((level) => ({
          name: t(`procedures.level.${level}`),
          type: 'bar' as const,
          stack: 'online',
          data: data.units.map((u) => u[level]),
          color: { full: '#40c057', partial: '#fab005', none: '#adb5bd' }[level],
        })),
      }
    : null;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={760}>
          {t('procedures.statsNote')}
        </Text>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button variant="default" leftSection={<IconDownload size={16} />} data-testid="procedure-stats-export">
              {t('common.export')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {(['csv', 'xlsx'] as const).map((format) => (
              <Menu.Item key={format} component="a" href={proceduresApi.statsExportUrl(format)} download>
                {format.toUpperCase()}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      {stats.error && <ErrorAlert error={stats.error} />}
      {option && data && data.units.length > 0 && (
        <Paper withBorder p="xs">
          <EChart option={option} height={300} ariaLabel={t('procedures.chartLabel')} testId="procedure-stats-chart" />
        </Paper>
      )}
      <Table.ScrollContainer minWidth={960}>
        <Table striped withTableBorder data-testid="procedure-stats-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('procedures.statsUnit')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsTotal')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsPublished')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsFull')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsPartial')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsNone')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsFullShare')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsCut')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsAverageCut')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsCut30')}</Table.Th>
              <Table.Th ta="right">{t('procedures.statsCut30Share')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.units.map((u) => (
              <StatsRow key={u.unitCode} code={u.unitCode} name={u.unitName} s={u} lang={i18n.language} testId={`procedure-stats-${u.unitCode}`} />
            ))}
            {data && <StatsRow code="" name={t('procedures.statsProvince')} s={data.province} lang={i18n.language} testId="procedure-stats-province" />}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
