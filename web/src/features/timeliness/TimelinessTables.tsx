import { Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyRow } from '../../components/TableParts';
import { useLang } from '../../components/YearSelect';
import { formatDecimal } from '../../format';
import type { TimelinessDashboard, TimelinessFigures } from './api';

export function useFormat() {
  const lang = useLang();
  const locale = lang === 'en' ? 'en-US' : 'vi-VN';
  return useMemo(() => {
    const count = new Intl.NumberFormat(locale);
    return {
      count: (n: number) => count.format(n),
      /** "86,21 %" in Vietnamese, "86.21 %" in English; "—" when there is no rate. */
      rate: (r: string | null) => (r === null ? '—' : `${formatDecimal(Number(r), lang)} %`),
    };
  }, [lang, locale]);
}

function Kpi({ label, value, color, testId }: { label: string; value: string; color?: string; testId: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lh={1.2}>
        {label}
      </Text>
      <Text fw={700} fz={{ base: 'lg', sm: 'xl' }} c={color} data-testid={`${testId}-value`}>
        {value}
      </Text>
    </Paper>
  );
}

export function KpiCards({ totals }: { totals: TimelinessFigures }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" data-testid="timeliness-kpis">
      <Kpi label={t('timeliness.kpi.received')} value={f.count(totals.received)} testId="kpi-received" />
      <Kpi label={t('timeliness.kpi.resolved')} value={f.count(totals.resolved)} testId="kpi-resolved" />
      <Kpi label={t('timeliness.kpi.early')} value={f.count(totals.early)} color="teal" testId="kpi-early" />
      <Kpi label={t('timeliness.kpi.onTime')} value={f.count(totals.onTime)} color="lime.8" testId="kpi-on-time" />
      <Kpi label={t('timeliness.kpi.late')} value={f.count(totals.late)} color="red" testId="kpi-late" />
      <Kpi label={t('timeliness.kpi.overdue')} value={f.count(totals.overdue)} color="orange" testId="kpi-overdue" />
      <Kpi label={t('timeliness.kpi.onTimeRate')} value={f.rate(totals.onTimeRate)} testId="kpi-on-time-rate" />
      <Kpi label={t('timeliness.kpi.onlineShare')} value={f.rate(totals.onlineShare)} testId="kpi-online-share" />
    </SimpleGrid>
  );
}

export function WorstProcedures({ data }: { data: TimelinessDashboard }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }} h="100%">
      <Title order={4} mb="xs">
        {t('timeliness.worst.title')}
      </Title>
      <Table.ScrollContainer minWidth={520}>
        <Table striped withTableBorder data-testid="worst-procedures">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('timeliness.worst.procedure')}</Table.Th>
              <Table.Th>{t('timeliness.worst.unit')}</Table.Th>
              <Table.Th ta="right">{t('timeliness.worst.late')}</Table.Th>
              <Table.Th ta="right">{t('timeliness.worst.resolved')}</Table.Th>
              <Table.Th ta="right">{t('timeliness.worst.rate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.worstProcedures.map((p) => (
              <Table.Tr key={`${p.procedureCode}-${p.unitCode}`} data-testid={`worst-${p.procedureCode}-${p.unitCode}`}>
                <Table.Td>
                  <Text size="sm">{p.procedureName}</Text>
                  <Text size="xs" c="dimmed">
                    {p.procedureCode}
                  </Text>
                </Table.Td>
                <Table.Td>{p.unitName || p.unitCode}</Table.Td>
                <Table.Td ta="right" c="red" fw={600}>
                  {f.count(p.late)}
                </Table.Td>
                <Table.Td ta="right">{f.count(p.resolved)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {f.rate(p.onTimeRate)}
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={5} show={data.worstProcedures.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** A table of figures per unit or per field. */
export function FiguresTable<T extends TimelinessFigures>({
  title,
  head,
  rows,
  label,
  rowKey,
  testId,
}: {
  title: string;
  head: string;
  rows: T[];
  label: (r: T) => string;
  rowKey: (r: T) => string;
  testId: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
      <Title order={4} mb="xs">
        {title}
      </Title>
      <Table.ScrollContainer minWidth={760}>
        <Table striped withTableBorder data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{head}</Table.Th>
              {(['received', 'resolved', 'early', 'onTime', 'late', 'overdue', 'onTimeRate', 'onlineShare'] as const).map((k) => (
                <Table.Th key={k} ta="right">
                  {t(`timeliness.kpi.${k}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={rowKey(r)} data-testid={`${testId}-${rowKey(r)}`}>
                <Table.Td>{label(r)}</Table.Td>
                <Table.Td ta="right">{f.count(r.received)}</Table.Td>
                <Table.Td ta="right">{f.count(r.resolved)}</Table.Td>
                <Table.Td ta="right">{f.count(r.early)}</Table.Td>
                <Table.Td ta="right">{f.count(r.onTime)}</Table.Td>
                <Table.Td ta="right">{f.count(r.late)}</Table.Td>
                <Table.Td ta="right">{f.count(r.overdue)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {f.rate(r.onTimeRate)}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {f.rate(r.onlineShare)}
                </Table.Td>
              </Table.Tr>
            ))}
            <EmptyRow colSpan={9} show={rows.length === 0} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
