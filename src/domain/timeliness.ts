import { dateOfDayNumber, dayNumber, type WorkingCalendar } from './calendar.js';
import type { LocalDate } from './deadlines.js';
import { divideRoundHalfUp } from './points.js';
import type { DossierStatus } from './vocabulary.js';

/**
 * Dossier timeliness (domain.md "Dossiers and timeliness"). Instants are epoch milliseconds; the rules compare
 * local calendar dates in Asia/Ho_Chi_Minh, which has been UTC+7 all year (no daylight saving) since 1975, so the
 * local date of an instant is plain arithmetic and a million rows cost nothing in time-zone look-ups.
 */

export const LOCAL_OFFSET_MS = 7 * 3_600_000;
const MS_PER_DAY = 86_400_000;

// 2025-03-14, 2025-03-14T16:30, 2025-03-14 16:30:05.123, each optionally followed by Z, +07:00, +0700 or +07.
const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date-time with or without an offset; without one it is local time (Asia/Ho_Chi_Minh).
 * A date alone is local midnight. Returns epoch milliseconds, or null when the text is not such a time or names
 * an impossible date or time (2025-02-30, 24:30).
 */
export function parseLocalInstant(text: string): number | null {
  const fast = parseLocalWallClock(text);
  if (fast !== undefined) return fast;
  const m = INSTANT_PATTERN.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const dayMs = Date.UTC(year, month - 1, day);
  if (new Date(dayMs).getUTCDate() !== day) return null;
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  let offsetMs = LOCAL_OFFSET_MS;
  const zone = m[8];
  if (zone && zone.toUpperCase() === 'Z') offsetMs = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2) || 0);
    if (hours > 14 || minutes > 59) return null;
    offsetMs = sign * (hours * 3_600_000 + minutes * 60_000);
  }
  return dayMs + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis - offsetMs;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const d = text.charCodeAt(at + k) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The shapes a million-row file mostly has, `YYYY-MM-DDTHH:MM[:SS]` without an offset or followed by `Z` or
 * `±HH:MM`, read without a regular expression; undefined for anything else (the general parser decides).
 */
function parseLocalWallClock(text: string): number | null | undefined {
  let len = text.length;
  let offsetMs = LOCAL_OFFSET_MS;
  const last = text.charCodeAt(len - 1);
  if (last === 90) {
    // Z
    len -= 1;
    offsetMs = 0;
  } else if (len >= 22 && text.charCodeAt(len - 3) === 58) {
    const sign = text.charCodeAt(len - 6);
    if (sign !== 43 && sign !== 45) return undefined;
    const hours = digitsAt(text, len - 5, 2);
    const minutes = digitsAt(text, len - 2, 2);
    if (hours < 0 || minutes < 0) return undefined;
    if (hours > 14 || minutes > 59) return null;
    offsetMs = (sign === 45 ? -1 : 1) * (hours * 3_600_000 + minutes * 60_000);
    len -= 6;
  }
  if (len !== 16 && len !== 19) return undefined;
  const sep = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32) || text.charCodeAt(13) !== 58) return undefined;
  if (len === 19 && text.charCodeAt(16) !== 58) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = len === 19 ? digitsAt(text, 17, 2) : 0;
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second) - offsetMs;
}

/** The local calendar day number (days since 1970-01-01) of an instant. */
export function localDayNumberOf(ms: number): number {
  return Math.floor((ms + LOCAL_OFFSET_MS) / MS_PER_DAY);
}

export function localDateOf(ms: number): LocalDate {
  return dateOfDayNumber(localDayNumberOf(ms));
}

/** The instant that starts a local day (00:00 in Asia/Ho_Chi_Minh). */
export function startOfLocalDay(date: LocalDate): number {
  return dayNumber(date) * MS_PER_DAY - LOCAL_OFFSET_MS;
}

/** The instant that starts the local day with this day number. */
export function startOfLocalDayNumber(day: number): number {
  return day * MS_PER_DAY - LOCAL_OFFSET_MS;
}

/**
 * The due date of a dossier received on local day `receivedDay` with a time limit of `workingDays`: the
 * N-th working day after the day of receipt (that day is not counted, nor is a weekend or holiday of receipt).
 */
export function dueDayOf(calendar: WorkingCalendar, receivedDay: number, workingDays: number): number {
  return calendar.addWorkingDaysToDayNumber(receivedDay, workingDays);
}

/**
 * The due time stored for a computed due date: the last second of that local day (23:59:59 in
 * Asia/Ho_Chi_Minh), so that the whole due day counts as on time whatever the hour of the result.
 */
export function dueInstantOfDay(dueDay: number): number {
  return startOfLocalDayNumber(dueDay + 1) - 1000;
}

/*
 * The overdue rule, written once. Its SQL twin (the same conditions over a table's columns) is
 * src/modules/timeliness/overdue.ts, built from the same constant; test/db/overdue-rule.test.ts checks that both
 * agree on a table of cases. Days are local day numbers (or any values that compare in date order).
 */

/** Statuses that end a dossier without a result: a withdrawn or rejected dossier is never overdue. */
export const ENDED_WITHOUT_RESULT = ['withdrawn', 'rejected'] as const satisfies readonly DossierStatus[];

/** Still awaiting its result: not resolved, and neither withdrawn nor rejected. */
export function awaitsResult(status: string, resolvedDay: number | null): boolean {
  return resolvedDay === null && !(ENDED_WITHOUT_RESULT as readonly string[]).includes(status);
}

/** Whether a dossier belongs to the overdue rollup: awaiting its result, or resolved late. */
export function countsForOverdue(status: string, resolvedDay: number | null, dueDay: number): boolean {
  return awaitsResult(status, resolvedDay) || (resolvedDay !== null && resolvedDay > dueDay);
}

/** Overdue and not yet resolved on `today` (what needs an apology letter before its result): awaiting its result and due before today. */
export function isOverdueUnresolved(status: string, resolvedDay: number | null, dueDay: number, today: number): boolean {
  return awaitsResult(status, resolvedDay) && dueDay < today;
}

export type Timeliness = 'early' | 'on_time' | 'late';

/** Resolved before the due date = early, on it = on time, after it = late (local calendar dates). */
export function classifyTimeliness(dueDay: number, resolvedDay: number): Timeliness {
  if (resolvedDay < dueDay) return 'early';
  if (resolvedDay === dueDay) return 'on_time';
  return 'late';
}

/**
 * Overdue in processing at the report date, for a row of the overdue rollup (which holds only dossiers that count
 * for overdue): due before the report date and not resolved on or before it.
 */
export function isOverdueInProcessing(dueDay: number, resolvedDay: number | null, reportDay: number): boolean {
  return dueDay < reportDay && (resolvedDay === null || resolvedDay > reportDay);
}

/**
 * A dossier resolved late is overdue in processing at every month end strictly between its due date and its
 * resolution. The month-end overdue rollup holds those counts per unit, so that a report at a month end (a past year
 * at 31 December, a quarter) adds up one row per unit instead of every late dossier straddling the date. Only
 * dossiers resolved at most this many days after their due date are spread over month ends (at most 14 each); the
 * rare later ones are read from the overdue rollup itself, so that no file can make one row cost hundreds.
 */
export const MONTH_END_SPREAD_MAX_DAYS = 400;

/** The day numbers of the month ends at which a dossier resolved late is overdue in processing (due < E < resolved). */
export function overdueMonthEnds(dueDay: number, resolvedDay: number): number[] {
  const ends: number[] = [];
  if (resolvedDay <= dueDay || resolvedDay - dueDay > MONTH_END_SPREAD_MAX_DAYS) return ends;
  const due = new Date(dueDay * MS_PER_DAY);
  // Day 0 of the next month is the last day of this one.
  for (let month = due.getUTCMonth() + 1; ; month++) {
    const end = Date.UTC(due.getUTCFullYear(), month, 0) / MS_PER_DAY;
    if (end >= resolvedDay) return ends;
    if (end > dueDay) ends.push(end);
  }
}

/** Whether a day is the last of its month (a report date the month-end overdue rollup answers). */
export function isMonthEnd(day: number): boolean {
  return new Date((day + 1) * MS_PER_DAY).getUTCDate() === 1;
}

/** On-time rate = (early + on time) / resolved × 100, in hundredths of a percent (half up); null when nothing was resolved. */
export function onTimeRateHundredths(early: number, onTime: number, resolved: number): number | null {
  if (resolved <= 0) return null;
  return divideRoundHalfUp((early + onTime) * 10_000, resolved);
}

/** "98.25" for 9825, "" for null: the report's two-decimal rate. */
export function formatRate(hundredths: number | null): string {
  if (hundredths === null) return '';
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}
