import type { LocalDate } from './deadlines.js';
import { quote } from './text.js';

/**
 * The working-day calendar (domain.md "Dossiers and timeliness"): Monday–Friday are working days, minus the
 * configured holidays, plus the configured make-up working days (a Saturday worked in exchange for a bridge
 * holiday). Dates are local calendar dates 'YYYY-MM-DD'; internally a date is its day number since 1970-01-01,
 * so that a million due dates cost a few integer steps each.
 */

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDay {
  day: LocalDate;
  kind: CalendarDayKind;
  name?: string;
}

const MS_PER_DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Why a date, a range or a configured day is refused: a reason of the calendar (src/modules/calendar/reasons.ts,
 * where each has its Vietnamese and English text) with its parameters.
 */
export type CalendarRefusal =
  | { reason: 'not_a_date_value' | 'not_a_calendar_date'; params: { value: string } }
  | { reason: 'range_dates_reversed'; params: { from: LocalDate; to: LocalDate } }
  | { reason: 'range_too_long'; params: { from: LocalDate; to: LocalDate; days: number; maximum: number } }
  | { reason: MakeupWorkdayReason; params: { date: LocalDate } };

export type MakeupWorkdayReason =
  'makeup_workday_on_monday' | 'makeup_workday_on_tuesday' | 'makeup_workday_on_wednesday' | 'makeup_workday_on_thursday' | 'makeup_workday_on_friday';

/** A refused date or range; `refusal` says why as a reason, `message` in English (logs, programming errors). */
export class CalendarDateError extends Error {
  constructor(
    message: string,
    readonly refusal?: CalendarRefusal,
  ) {
    super(message);
  }
}

/** The day number of a well-formed, real date; null otherwise. */
function dayNumberOrNull(date: string): number | null {
  const m = DATE_PATTERN.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return ms / MS_PER_DAY;
}

/** Why `date` is not a 'YYYY-MM-DD' calendar date (2025-02-30 is not one); null for a good date. */
export function dateRefusal(date: string): CalendarRefusal | null {
  if (!DATE_PATTERN.test(date)) return { reason: 'not_a_date_value', params: { value: quote(date) } };
  if (dayNumberOrNull(date) === null) return { reason: 'not_a_calendar_date', params: { value: quote(date) } };
  return null;
}

/** Day number of a 'YYYY-MM-DD' date (1970-01-01 = 0); refuses impossible dates such as 2025-02-30. */
export function dayNumber(date: LocalDate): number {
  const n = dayNumberOrNull(date);
  if (n !== null) return n;
  const refusal = dateRefusal(date)!;
  const message = refusal.reason === 'not_a_date_value' ? `"${date}" is not a date (YYYY-MM-DD)` : `"${date}" is not a calendar date`;
  throw new CalendarDateError(message, refusal);
}

export function dateOfDayNumber(n: number): LocalDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

export function isWeekend(date: LocalDate): boolean {
  const w = weekdayOf(dayNumber(date));
  return w === 0 || w === 6;
}

export class WorkingCalendar {
  private readonly holidays = new Set<number>();
  private readonly workdays = new Set<number>();
  private readonly addCache = new Map<number, number>();

  constructor(days: readonly CalendarDay[] = []) {
    for (const d of days) {
      const n = dayNumber(d.day);
      if (d.kind === 'holiday') this.holidays.add(n);
      else this.workdays.add(n);
    }
  }

  private isWorkingDayNumber(n: number): boolean {
    if (this.workdays.has(n)) return true;
    if (this.holidays.has(n)) return false;
    const w = weekdayOf(n);
    return w !== 0 && w !== 6;
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.isWorkingDayNumber(dayNumber(date));
  }

  /**
   * The n-th working day after `date` (the day itself is not counted, whether or not it is a working day);
   * n = 0 gives `date` itself. This is the due date of a dossier received on `date` with a limit of n days.
   */
  addWorkingDaysToDayNumber(start: number, n: number): number {
    if (!Number.isInteger(n) || n < 0) throw new CalendarDateError(`working days must be a whole number ≥ 0, got ${n}`);
    if (n === 0) return start;
    // Dossier files repeat the same (date, limit) pairs many times: remember them.
    const key = start * 1024 + n;
    const cached = n < 1024 ? this.addCache.get(key) : undefined;
    if (cached !== undefined) return cached;
    let day = start;
    let left = n;
    while (left > 0) {
      day += 1;
      if (this.isWorkingDayNumber(day)) left -= 1;
    }
    if (n < 1024) this.addCache.set(key, day);
    return day;
  }

  addWorkingDays(date: LocalDate, n: number): LocalDate {
    return dateOfDayNumber(this.addWorkingDaysToDayNumber(dayNumber(date), n));
  }

  /**
   * Working days in (from, to]: the days after `from` up to and including `to`; negative when `to` is before
   * `from`. The inverse of addWorkingDays: workingDaysBetween(d, addWorkingDays(d, n)) = n.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const a = dayNumber(from);
    const b = dayNumber(to);
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.isWorkingDayNumber(d)) count++;
    return count === 0 ? 0 : sign * count;
  }
}

/** Vietnam's public holidays on fixed solar dates (Labour Code 2019, art. 112), pre-filled for a new year. */
export const VIETNAM_FIXED_HOLIDAYS: readonly { monthDay: string; name: string }[] = [
  { monthDay: '01-01', name: 'Tết Dương lịch' },
  { monthDay: '04-30', name: 'Ngày Chiến thắng' },
  { monthDay: '05-01', name: 'Ngày Quốc tế Lao động' },
  { monthDay: '09-02', name: 'Quốc khánh' },
];

/**
 * Holidays whose date moves each year and must be confirmed by the organizer: the Lunar New Year week, the
 * Hùng Kings' day (10th of the 3rd lunar month) and the second day of the National Day holiday (1 or 3 September).
 */
export const VIETNAM_MOVABLE_HOLIDAYS: readonly string[] = ['Tết Nguyên đán', 'Giỗ Tổ Hùng Vương', 'Quốc khánh (ngày thứ hai)'];

export function fixedHolidaysOf(year: number): CalendarDay[] {
  return VIETNAM_FIXED_HOLIDAYS.map((h) => ({ day: `${year}-${h.monthDay}`, kind: 'holiday' as const, name: h.name }));
}

// ---------------------------------------------------------------------------------------------
// Editing the calendar: ranges, the rules a configured day must follow, and how the days read back.

/** The longest range one entry may cover: a typo such as 2025-01-25..2025-12-02 is refused, not stored. */
export const MAX_RANGE_DAYS = 31;

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDate(date: LocalDate): number {
  return weekdayOf(dayNumber(date));
}

export function yearOfDate(date: LocalDate): number {
  dayNumber(date);
  return Number(date.slice(0, 4));
}

/** Why `from`..`to` (both good dates) is not a range one entry may cover: reversed, or longer than MAX_RANGE_DAYS. */
export function rangeRefusal(from: LocalDate, to: LocalDate): CalendarRefusal | null {
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days < 1) return { reason: 'range_dates_reversed', params: { from, to } };
  if (days > MAX_RANGE_DAYS) return { reason: 'range_too_long', params: { from, to, days, maximum: MAX_RANGE_DAYS } };
  return null;
}

/** Every date from `from` to `to`, both included; refuses from > to and ranges longer than MAX_RANGE_DAYS. */
export function datesInRange(from: LocalDate, to: LocalDate): LocalDate[] {
  const a = dayNumber(from);
  const b = dayNumber(to);
  const refusal = rangeRefusal(from, to);
  if (refusal?.reason === 'range_dates_reversed') throw new CalendarDateError(`the range starts (${from}) after it ends (${to})`, refusal);
  if (refusal?.reason === 'range_too_long') throw new CalendarDateError(`the range ${from}..${to} has ${b - a + 1} days; at most ${MAX_RANGE_DAYS}`, refusal);
  const dates: LocalDate[] = [];
  for (let n = a; n <= b; n++) dates.push(dateOfDayNumber(n));
  return dates;
}

/** A make-up working day asked on Monday–Friday: one reason per weekday, so each language names the day its own way. */
const MAKEUP_ON_WEEKDAY: Partial<Record<number, MakeupWorkdayReason>> = {
  1: 'makeup_workday_on_monday',
  2: 'makeup_workday_on_tuesday',
  3: 'makeup_workday_on_wednesday',
  4: 'makeup_workday_on_thursday',
  5: 'makeup_workday_on_friday',
};

/**
 * Why a day may not be configured as it is asked, or null when it may. A make-up working day must fall on a
 * Saturday or Sunday: Monday–Friday already are working days, so such an entry would be a mistake (usually the
 * bridge day that was meant as a holiday). A holiday on a weekend is allowed: the government announces the Lunar
 * New Year break as one range with its weekends, and keeping the range as announced changes no count.
 */
export function refusalOf(day: Pick<CalendarDay, 'day' | 'kind'>): CalendarRefusal | null {
  const reason = day.kind === 'workday' ? MAKEUP_ON_WEEKDAY[weekdayOfDate(day.day)] : undefined;
  return reason ? { reason, params: { date: day.day } } : null;
}

export interface CalendarRange {
  from: LocalDate;
  to: LocalDate;
  kind: CalendarDayKind;
  name: string;
  /** Number of configured days in the range. */
  days: number;
}

/** Consecutive configured days of the same kind and name read as one range (the Tết week, a long weekend). */
export function groupIntoRanges(days: readonly CalendarDay[]): CalendarRange[] {
  const sorted = [...days].sort((x, y) => dayNumber(x.day) - dayNumber(y.day));
  const ranges: CalendarRange[] = [];
  let last = Number.NaN;
  for (const d of sorted) {
    const n = dayNumber(d.day);
    const name = d.name ?? '';
    const open = ranges[ranges.length - 1];
    if (open && n === last + 1 && open.kind === d.kind && open.name === name) {
      open.to = d.day;
      open.days += 1;
    } else {
      ranges.push({ from: d.day, to: d.day, kind: d.kind, name, days: 1 });
    }
    last = n;
  }
  return ranges;
}

/** Working days in a calendar year (1 January to 31 December). */
export function workingDaysInYear(calendar: WorkingCalendar, year: number): number {
  return calendar.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`);
}
