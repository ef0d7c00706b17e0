import { Box, Group, Paper, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CalendarDay } from './api';

/** 'YYYY-MM-DD' → 'DD/MM/YYYY', as dates are written in Vietnam. */
export function formatDay(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

const COLORS = {
  holiday: { bg: 'var(--mantine-color-red-6)', fg: 'white' },
  workday: { bg: 'var(--mantine-color-teal-6)', fg: 'white' },
  weekend: { bg: 'var(--mantine-color-gray-2)', fg: 'var(--mantine-color-gray-7)' },
} as const;

export function Legend() {
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
export function MonthGrid({ year, month, byDate }: { year: number; month: number; byDate: Map<string, CalendarDay> }) {
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
