import { Menu, ScrollArea, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { localDate } from '../cycle/format';
import { type Reminder, reminderTarget } from './api';

/** "Báo cáo CCHC quý I năm 2026" in the user's language (the server's title is Vietnamese). */
function reportName(t: TFunction, item: Reminder): string {
  if (item.year === null || item.period === null) return item.title;
  return item.period === 'year'
    ? t('reminders.reportOfYear', { year: item.year })
    : t('reminders.reportOf', { period: t(`reminders.period.${item.period}`), year: item.year });
}

/** What the line says: the task's or item's own title; for a report its period; for the organizer's counts, the count. */
export function reminderText(t: TFunction, item: Reminder): string {
  if (item.count !== null) {
    if (item.kind === 'report') return t('reminders.aggregate.report', { report: reportName(t, item), count: item.count });
    return t(`reminders.aggregate.${item.kind}`, { count: item.count });
  }
  if (item.kind === 'report') return reportName(t, item);
  return `${t(`reminders.kind.${item.kind}`)}: ${item.title}`;
}

export function reminderWhen(t: TFunction, item: Reminder): string {
  const date = localDate(item.deadline);
  if (item.daysLeft < 0) return t('reminders.overdue', { count: -item.daysLeft, date });
  if (item.daysLeft === 0) return t('reminders.dueToday', { date });
  return t('reminders.dueIn', { count: item.daysLeft, date });
}

/** The reminders under their own heading in the notifications menu, each a link to where it is worked on. */
export function ReminderItems({ items }: { items: Reminder[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <>
      <Menu.Divider />
      <Menu.Label>{t('reminders.title')}</Menu.Label>
      <ScrollArea.Autosize mah={360} type="auto">
        {items.map((item, i) => (
          <Menu.Item key={`${item.kind}-${i}`} component={Link} to={reminderTarget(item)} data-testid={`reminder-${item.kind}`}>
            <Text size="sm" lineClamp={2}>
              {reminderText(t, item)}
            </Text>
            <Text size="xs" c={item.state === 'overdue' ? 'red' : 'dimmed'}>
              {reminderWhen(t, item)}
              {item.unitCode ? ` · ${item.unitCode}` : ''}
            </Text>
          </Menu.Item>
        ))}
      </ScrollArea.Autosize>
    </>
  );
}
