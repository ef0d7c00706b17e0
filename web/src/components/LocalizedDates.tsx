import { DatesProvider } from '@mantine/dates';
import 'dayjs/locale/vi';
import type { ReactNode } from 'react';
import { useLang } from './YearSelect';

/** Calendars (month and day names, first day of the week) in the interface language: Vietnamese or English. */
export function LocalizedDates({ children }: { children: ReactNode }) {
  const lang = useLang();
  return <DatesProvider settings={{ locale: lang === 'en' ? 'en' : 'vi', firstDayOfWeek: 1 }}>{children}</DatesProvider>;
}
