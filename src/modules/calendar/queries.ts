import { asc, between, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendarDays, calendarYears } from '../../db/schema.js';
import {
  type CalendarDay as DomainDay,
  dateRefusal,
  groupIntoRanges,
  VIETNAM_MOVABLE_HOLIDAYS,
  weekdayOfDate,
  WorkingCalendar,
  workingDaysInYear,
} from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { type TableFormat, writeTable } from '../../io/tabular.js';
import { invalid } from './reasons.js';
import type { CalendarWarning, CalendarYear } from './schemas.js';

/** The years a calendar may hold (the API's Year: http/schemas.ts). */
export const MIN_CALENDAR_YEAR = 1990;
export const MAX_CALENDAR_YEAR = 2100;

/** The columns of a calendar file as exported (the import also takes `date_from,date_to` instead of `date`). */
export const CALENDAR_COLUMNS = ['date', 'kind', 'name'] as const;

/** The province's working-day calendar: every configured holiday and make-up working day. */
export async function loadWorkingCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const rows = await db.select({ day: calendarDays.day, kind: calendarDays.kind }).from(calendarDays).orderBy(asc(calendarDays.day));
  return new WorkingCalendar(rows);
}

export function yearBounds(year: number): [LocalDate, LocalDate] {
  return [`${year}-01-01`, `${year}-12-31`];
}

export const yearInRange = (year: number) => Number.isInteger(year) && year >= MIN_CALENDAR_YEAR && year <= MAX_CALENDAR_YEAR;

export function checkYear(year: number) {
  if (!yearInRange(year)) throw invalid('year', 'calendar_year_out_of_range', { min: MIN_CALENDAR_YEAR, max: MAX_CALENDAR_YEAR });
}

/** Refuses a bad or impossible date (the domain's rule), or one outside the calendar's years; `path` names the field. */
export function checkDate(path: string, date: LocalDate) {
  const refusal = dateRefusal(date);
  if (refusal) throw invalid(path, refusal.reason, refusal.params);
  if (!yearInRange(Number(date.slice(0, 4)))) throw invalid(path, 'calendar_date_year_out_of_range', { min: MIN_CALENDAR_YEAR, max: MAX_CALENDAR_YEAR });
}

function warningsOf(year: number, setUp: boolean, movableConfirmed: boolean): CalendarWarning[] {
  const warnings: CalendarWarning[] = [];
  if (!setUp) {
    warnings.push({
      code: 'year_not_set_up',
      message: `The calendar of ${year} is not set up: due dates in ${year} count Monday–Friday only, without holidays`,
    });
  }
  if (!movableConfirmed) {
    warnings.push({
      code: 'movable_holidays_unconfirmed',
      message: `The movable holidays of ${year} (${VIETNAM_MOVABLE_HOLIDAYS.join(', ')}) are not confirmed: enter the dates the government announced, then confirm`,
      holidays: [...VIETNAM_MOVABLE_HOLIDAYS],
    });
  }
  return warnings;
}

export async function getCalendarYear(db: DbOrTx, year: number): Promise<CalendarYear> {
  checkYear(year);
  const [from, to] = yearBounds(year);
  const [yearRow] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
  const rows = await db
    .select()
    .from(calendarDays)
    .where(between(calendarDays.day, from, to))
    .orderBy(asc(calendarDays.day));
  // Working days in (31 Dec of the year before, 31 Dec of the year] depend on the year's own days only.
  const days: DomainDay[] = rows.map((r) => ({ day: r.day, kind: r.kind, name: r.name }));
  const setUp = !!yearRow;
  const movableConfirmed = yearRow?.movableConfirmed ?? false;
  return {
    year,
    setUp,
    movableConfirmed,
    warnings: warningsOf(year, setUp, movableConfirmed),
    workingDays: workingDaysInYear(new WorkingCalendar(days), year),
    days: rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name, weekday: weekdayOfDate(r.day) })),
    ranges: groupIntoRanges(days),
    movableHolidays: [...VIETNAM_MOVABLE_HOLIDAYS],
  };
}

/** The configured days of a year as `date,kind,name`, one row per day, in date order: the file imports back unchanged. */
export async function exportCalendar(db: DbOrTx, year: number, format: TableFormat): Promise<Buffer> {
  checkYear(year);
  const [from, to] = yearBounds(year);
  const rows = await db
    .select()
    .from(calendarDays)
    .where(between(calendarDays.day, from, to))
    .orderBy(asc(calendarDays.day));
  return writeTable(
    format,
    CALENDAR_COLUMNS,
    rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name })),
    `calendar-${year}`,
  );
}
