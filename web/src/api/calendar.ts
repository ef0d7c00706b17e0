import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

/** The working-day calendar (docs/calendar.md): a year's holidays and make-up working days. */

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export interface CalendarRange {
  from: string;
  to: string;
  kind: CalendarDayKind;
  name: string;
  days: number;
}

export interface CalendarWarning {
  code: 'year_not_set_up' | 'movable_holidays_unconfirmed';
  message: string;
  holidays?: string[];
}

export interface CalendarYear {
  year: number;
  setUp: boolean;
  movableConfirmed: boolean;
  warnings: CalendarWarning[];
  workingDays: number;
  days: CalendarDay[];
  ranges: CalendarRange[];
  movableHolidays: string[];
}

export interface CalendarImportResult {
  days: number;
  created: number;
  updated: number;
  unchanged: number;
  years: { year: number; setUpNow: boolean; movableConfirmed: boolean }[];
}

export const calendarKeys = {
  all: ['calendar'] as const,
  year: (year: number) => ['calendar', year] as const,
};

export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: calendarKeys.year(year),
    queryFn: () => api.get<CalendarYear>('/calendar', { year }),
    placeholderData: keepPreviousData,
  });
}
