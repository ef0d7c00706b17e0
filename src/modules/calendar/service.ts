import { asc, between, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { calendarDays, calendarYears } from '../../db/schema.js';
import {
  type CalendarDay,
  type CalendarDayKind,
  type CalendarRange,
  datesInRange,
  dayNumber,
  fixedHolidaysOf,
  groupIntoRanges,
  MAX_RANGE_DAYS,
  VIETNAM_MOVABLE_HOLIDAYS,
  weekdayOfDate,
  WorkingCalendar,
  workingDaysInYear,
  yearOfDate,
} from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { type MessageParams, reasonText } from '../../errors.js';
import { quote } from '../../domain/text.js';
import { checkRow } from '../../io/row-schema.js';
import { readTable, RowErrors, type TableFormat, writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { type AuditChange, recordAudit, recordAuditMany } from '../audit/service.js';
import { CALENDAR_FILE_ROW_COLUMNS, CalendarFileRow, MAX_DAY_NAME } from './schemas.js';
import { fail, invalid, reasons } from './reasons.js';

/** The province's working-day calendar: every configured holiday and make-up working day. */
export async function loadWorkingCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const rows = await db.select({ day: calendarDays.day, kind: calendarDays.kind }).from(calendarDays).orderBy(asc(calendarDays.day));
  return new WorkingCalendar(rows);
}

export const MIN_CALENDAR_YEAR = 1990;
export const MAX_CALENDAR_YEAR = 2100;
// The longest day name is the API's (schemas.ts), so the import and the API refuse the same names.
export { MAX_DAY_NAME } from './schemas.js';

export type CalendarWarningCode = 'year_not_set_up' | 'movable_holidays_unconfirmed';

export interface CalendarWarning {
  code: CalendarWarningCode;
  message: string;
  /** The movable holidays to check (Tết, Hùng Kings' day, the second National Day holiday). */
  holidays?: string[];
}

export interface CalendarDayView {
  date: LocalDate;
  kind: CalendarDayKind;
  name: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export interface CalendarYearView {
  year: number;
  setUp: boolean;
  movableConfirmed: boolean;
  warnings: CalendarWarning[];
  /** Working days from 1 January to 31 December under this calendar. */
  workingDays: number;
  days: CalendarDayView[];
  ranges: CalendarRange[];
  movableHolidays: string[];
}

const snapshot = (d: { day: string; kind: CalendarDayKind; name: string }) => ({ date: d.day, kind: d.kind, name: d.name });

function yearBounds(year: number): [LocalDate, LocalDate] {
  return [`${year}-01-01`, `${year}-12-31`];
}

function checkYear(year: number) {
  if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
    throw invalid('year', 'calendar_year_out_of_range', { min: MIN_CALENDAR_YEAR, max: MAX_CALENDAR_YEAR });
  }
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

export async function getCalendarYear(db: DbOrTx, year: number): Promise<CalendarYearView> {
  checkYear(year);
  const [from, to] = yearBounds(year);
  const [yearRow] = await db.select().from(calendarYears).where(eq(calendarYears.year, year));
  const rows = await db.select().from(calendarDays).where(between(calendarDays.day, from, to)).orderBy(asc(calendarDays.day));
  // Working days in (31 Dec of the year before, 31 Dec of the year] depend on the year's own days only.
  const days: CalendarDay[] = rows.map((r) => ({ day: r.day, kind: r.kind, name: r.name }));
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

/**
 * Sets a year up once: records it and pre-fills Vietnam's fixed-date holidays on the days that have no entry yet.
 * A year already set up is left as it is (a fixed holiday the admin removed stays removed). Audited.
 */
async function ensureYearSetUp(tx: DbOrTx, actor: Actor, year: number): Promise<{ created: boolean; prefilled: CalendarDay[] }> {
  checkYear(year);
  const inserted = await tx.insert(calendarYears).values({ year }).onConflictDoNothing().returning();
  if (inserted.length === 0) return { created: false, prefilled: [] };
  const fixed = fixedHolidaysOf(year);
  const added = await tx
    .insert(calendarDays)
    .values(fixed.map((d) => ({ day: d.day, kind: d.kind, name: d.name ?? '' })))
    .onConflictDoNothing()
    .returning();
  const prefilled = added.map((r) => ({ day: r.day, kind: r.kind, name: r.name }));
  await recordAudit(tx, actor, {
    action: 'create',
    entityType: 'calendar_year',
    entityId: year,
    after: { year, movableConfirmed: false, prefilled: prefilled.map((d) => d.day) },
  });
  await recordAuditMany(
    tx,
    actor,
    added.map((r) => ({ action: 'create', entityType: 'calendar_day', entityId: r.day, after: snapshot(r) })),
  );
  return { created: true, prefilled };
}

export async function setUpYear(db: Db, actor: Actor, year: number): Promise<{ created: boolean; prefilled: number; calendar: CalendarYearView }> {
  return db.transaction(async (tx) => {
    const { created, prefilled } = await ensureYearSetUp(tx, actor, year);
    return { created, prefilled: prefilled.length, calendar: await getCalendarYear(tx, year) };
  });
}

export async function confirmMovableHolidays(db: Db, actor: Actor, year: number): Promise<CalendarYearView> {
  return db.transaction(async (tx) => {
    await ensureYearSetUp(tx, actor, year);
    const [before] = await tx.select().from(calendarYears).where(eq(calendarYears.year, year)).for('update');
    if (!before!.movableConfirmed) {
      await tx.update(calendarYears).set({ movableConfirmed: true, updatedAt: new Date() }).where(eq(calendarYears.year, year));
      await recordAudit(tx, actor, {
        action: 'update',
        entityType: 'calendar_year',
        entityId: year,
        before: { year, movableConfirmed: false },
        after: { year, movableConfirmed: true },
      });
    }
    return getCalendarYear(tx, year);
  });
}

export interface DaysInput {
  from: LocalDate;
  /** Defaults to `from` (a single day). */
  to?: LocalDate;
  kind: CalendarDayKind;
  name: string;
}

export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** Writes days (set up their years first), auditing each creation and change. Rows are checked before. */
async function writeDays(tx: DbOrTx, actor: Actor, days: readonly { day: LocalDate; kind: CalendarDayKind; name: string }[]) {
  const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
  const years = [...new Set(days.map((d) => yearOfDate(d.day)))].sort();
  const setUpNow: number[] = [];
  for (const year of years) if ((await ensureYearSetUp(tx, actor, year)).created) setUpNow.push(year);
  const existing = new Map<string, { day: string; kind: CalendarDayKind; name: string }>();
  const dates = days.map((d) => d.day);
  for (let i = 0; i < dates.length; i += 1000) {
    for (const r of await tx.select().from(calendarDays).where(inArray(calendarDays.day, dates.slice(i, i + 1000)))) existing.set(r.day, r);
  }
  const audits: AuditChange[] = [];
  const now = new Date();
  for (const d of days) {
    const before = existing.get(d.day);
    if (!before) {
      await tx.insert(calendarDays).values({ day: d.day, kind: d.kind, name: d.name });
      audits.push({ action: 'create', entityType: 'calendar_day', entityId: d.day, after: snapshot(d) });
      counts.created++;
    } else if (before.kind !== d.kind || before.name !== d.name) {
      await tx.update(calendarDays).set({ kind: d.kind, name: d.name, updatedAt: now }).where(eq(calendarDays.day, d.day));
      audits.push({ action: 'update', entityType: 'calendar_day', entityId: d.day, before: snapshot(before), after: snapshot(d) });
      counts.updated++;
    } else {
      counts.unchanged++;
    }
  }
  await recordAuditMany(tx, actor, audits);
  return { ...counts, yearsSetUp: setUpNow };
}

type CalendarReason = keyof typeof reasons;
type Refusal = { reason: CalendarReason; params: MessageParams };

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why `date` is not a date (the domain's dayNumber rules), as a reason; null for a good date. */
function dateRefusal(date: string): Refusal | null {
  if (!LOCAL_DATE.test(date)) return { reason: 'not_a_date_value', params: { value: quote(date) } };
  try {
    dayNumber(date);
  } catch {
    return { reason: 'not_a_calendar_date', params: { value: quote(date) } };
  }
  return null;
}

/** Why `from`..`to` is not a range one entry may cover (the domain's datesInRange rules); null when it is. */
function rangeRefusal(from: LocalDate, to: LocalDate): Refusal | null {
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days < 1) return { reason: 'range_dates_reversed', params: { from, to } };
  if (days > MAX_RANGE_DAYS) return { reason: 'range_too_long', params: { from, to, days, maximum: MAX_RANGE_DAYS } };
  return null;
}

const MAKEUP_ON_WEEKDAY: Record<number, CalendarReason> = {
  1: 'makeup_workday_on_monday',
  2: 'makeup_workday_on_tuesday',
  3: 'makeup_workday_on_wednesday',
  4: 'makeup_workday_on_thursday',
  5: 'makeup_workday_on_friday',
};

/** Why a day may not be configured as asked (the domain's refusalOf rule), as a reason; null when it may. */
function dayRefusal(day: { day: LocalDate; kind: CalendarDayKind }): Refusal | null {
  const reason = day.kind === 'workday' ? MAKEUP_ON_WEEKDAY[weekdayOfDate(day.day)] : undefined;
  return reason ? { reason, params: { date: day.day } } : null;
}

const refused = (path: string, refusal: Refusal) => invalid(path, refusal.reason, refusal.params);
const rowText = (refusal: Refusal) => reasonText(reasons, refusal.reason, refusal.params);

function checkDate(path: string, date: LocalDate) {
  const refusal = dateRefusal(date);
  if (refusal) throw refused(path, refusal);
  const year = Number(date.slice(0, 4));
  if (year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) throw invalid(path, 'calendar_date_year_out_of_range', { min: MIN_CALENDAR_YEAR, max: MAX_CALENDAR_YEAR });
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('name', 'day_name_empty');
  if (trimmed.length > MAX_DAY_NAME) throw invalid('name', 'day_name_too_long', { maximum: MAX_DAY_NAME });
  return trimmed;
}

/**
 * Sets one day or a range (both ends included) to a holiday or a make-up working day with a name. Days already
 * configured take the new kind and name. A make-up working day on Monday–Friday is refused.
 */
export async function setDays(db: Db, actor: Actor, input: DaysInput): Promise<WriteCounts & { yearsSetUp: number[] }> {
  checkDate('from', input.from);
  const to = input.to ?? input.from;
  checkDate('to', to);
  const rangeRefused = rangeRefusal(input.from, to);
  if (rangeRefused) throw refused('to', rangeRefused);
  const dates = datesInRange(input.from, to);
  const name = checkedName(input.name);
  const days = dates.map((day) => ({ day, kind: input.kind, name }));
  for (const d of days) {
    const refusal = dayRefusal(d);
    if (refusal) throw refused('kind', refusal);
  }
  return db.transaction((tx) => writeDays(tx, actor, days));
}

export async function updateDay(db: Db, actor: Actor, date: LocalDate, input: { kind?: CalendarDayKind; name?: string }): Promise<CalendarDayView> {
  checkDate('date', date);
  const name = input.name === undefined ? undefined : checkedName(input.name);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.day, date)).for('update');
    if (!before) throw fail('calendar_day_not_found', { date });
    const after = { day: date, kind: input.kind ?? before.kind, name: name ?? before.name };
    const refusal = dayRefusal(after);
    if (refusal) throw refused('kind', refusal);
    if (after.kind !== before.kind || after.name !== before.name) {
      await tx.update(calendarDays).set({ kind: after.kind, name: after.name, updatedAt: new Date() }).where(eq(calendarDays.day, date));
      await recordAudit(tx, actor, { action: 'update', entityType: 'calendar_day', entityId: date, before: snapshot(before), after: snapshot(after) });
    }
    return { date, kind: after.kind, name: after.name, weekday: weekdayOfDate(date) };
  });
}

/** Removes the configured day `from`, or every configured day from `from` to `to`; the days become ordinary again. */
export async function deleteDays(db: Db, actor: Actor, from: LocalDate, to?: LocalDate): Promise<{ deleted: number }> {
  checkDate('date', from);
  if (to !== undefined) {
    checkDate('to', to);
    const rangeRefused = rangeRefusal(from, to);
    if (rangeRefused) throw refused('to', rangeRefused);
  }
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(calendarDays)
      .where(to === undefined ? eq(calendarDays.day, from) : between(calendarDays.day, from, to))
      .returning();
    if (removed.length === 0) throw to === undefined ? fail('calendar_day_not_found', { date: from }) : fail('calendar_days_not_found', { from, to });
    await recordAuditMany(
      tx,
      actor,
      removed.map((r) => ({ action: 'delete', entityType: 'calendar_day', entityId: r.day, before: snapshot(r) })),
    );
    return { deleted: removed.length };
  });
}

// ---------------------------------------------------------------------------------------------
// Files: import `date,kind,name` or `date_from,date_to,kind,name` (CSV or XLSX), export `date,kind,name`.

export const CALENDAR_COLUMNS = ['date', 'kind', 'name'] as const;
const XLSX_MIDNIGHT = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.000)?Z$/;
const DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** 'YYYY-MM-DD'; also 'DD/MM/YYYY' as Excel writes dates in a Vietnamese locale, and XLSX date cells. */
function normaliseDateCell(text: string): string {
  const t = text.trim();
  const xlsx = XLSX_MIDNIGHT.exec(t);
  if (xlsx) return xlsx[1]!;
  const dmy = DAY_FIRST.exec(t);
  if (dmy) return `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  return t;
}

export interface CalendarImportResult extends WriteCounts {
  /** Days the file names, ranges expanded. */
  days: number;
  /** The years the file touches, and what they look like now. */
  years: { year: number; setUpNow: boolean; movableConfirmed: boolean }[];
}

/**
 * Imports holidays and make-up working days, all or nothing: every row is checked first (bad or impossible date,
 * a range that ends before it starts or is longer than 31 days, unknown kind, empty name, a make-up working day on
 * Monday–Friday, the same date twice), then everything is written in one transaction. Days already configured take
 * the file's kind and name; days the file does not name are kept. The years the file touches are set up (fixed
 * holidays pre-filled) if they were not; with `confirmMovable` their movable holidays are confirmed too.
 */
export async function importCalendar(db: Db, actor: Actor, file: Buffer, options: { confirmMovable?: boolean } = {}): Promise<CalendarImportResult> {
  const rows = await readTable(file, { required: ['kind', 'name'], optional: ['date', 'date_from', 'date_to'] });
  const errors = new RowErrors();
  const headerColumns = new Set(Object.keys(rows[0]!.values));
  if (!headerColumns.has('date') && !(headerColumns.has('date_from') && headerColumns.has('date_to'))) {
    errors.add(1, reasonText(reasons, 'calendar_file_needs_date_columns'), headerColumns.has('date_from') ? 'date_to' : 'date');
    errors.throwIfAny('Calendar import rejected');
  }
  const days: { day: LocalDate; kind: CalendarDayKind; name: string }[] = [];
  const firstRowOf = new Map<string, number>();

  const parseDate = (row: number, column: string, text: string): LocalDate | null => {
    const date = normaliseDateCell(text);
    if (!date) {
      errors.add(row, reasonText(reasons, 'calendar_cell_empty', { column }), column);
      return null;
    }
    if (dateRefusal(date)) {
      errors.add(row, reasonText(reasons, 'calendar_cell_not_a_date', { value: quote(text.trim()) }), column);
      return null;
    }
    const year = Number(date.slice(0, 4));
    if (year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
      errors.add(row, reasonText(reasons, 'calendar_date_cell_year_out_of_range', { date, min: MIN_CALENDAR_YEAR, max: MAX_CALENDAR_YEAR }), column);
      return null;
    }
    return date;
  };

  for (const { row, values } of rows) {
    const single = values.date ?? '';
    const fromText = values.date_from ?? '';
    const toText = values.date_to ?? '';
    let dates: LocalDate[] | null = null;
    if (single && (fromText || toText)) {
      errors.add(row, reasonText(reasons, 'calendar_date_and_range'), 'date');
    } else if (single || (!fromText && !toText && headerColumns.has('date'))) {
      const d = parseDate(row, 'date', single);
      if (d) dates = [d];
    } else {
      const from = parseDate(row, 'date_from', fromText);
      const to = parseDate(row, 'date_to', toText);
      if (from && to) {
        const rangeRefused = rangeRefusal(from, to);
        if (rangeRefused) errors.add(row, rowText(rangeRefused), 'date_to');
        else dates = datesInRange(from, to);
      }
    }

    // The kind in any case; then kind and name with the API's own schema (a name of at most 200 characters).
    const kindText = (values.kind ?? '').trim().toLowerCase();
    const kindKnown = kindText === 'holiday' || kindText === 'workday';
    if (!kindKnown) errors.add(row, kindText ? reasonText(reasons, 'calendar_kind_unknown', { value: quote((values.kind ?? '').trim()) }) : reasonText(reasons, 'calendar_kind_empty'), 'kind');
    const checked = checkRow(errors, row, CalendarFileRow, { kind: kindText, name: values.name ?? '' }, CALENDAR_FILE_ROW_COLUMNS, new Set(kindKnown ? [] : ['kind']));
    const kind = checked.ok ? checked.value.kind : null;
    const name = checked.ok ? checked.value.name : '';
    if (!dates) continue;

    for (const day of dates) {
      const first = firstRowOf.get(day);
      if (first !== undefined) {
        errors.add(row, reasonText(reasons, 'calendar_day_repeated', { date: day, row: first }), single ? 'date' : 'date_from');
        continue;
      }
      firstRowOf.set(day, row);
      if (!kind || !name) continue;
      const refusal = dayRefusal({ day, kind });
      if (refusal) errors.add(row, rowText(refusal), 'kind');
      else days.push({ day, kind, name });
    }
  }
  errors.throwIfAny('Calendar import rejected');

  return db.transaction(async (tx) => {
    const written = await writeDays(tx, actor, days);
    const years = [...new Set(days.map((d) => yearOfDate(d.day)))].sort();
    const result: CalendarImportResult = { days: days.length, created: written.created, updated: written.updated, unchanged: written.unchanged, years: [] };
    for (const year of years) {
      const [row] = await tx.select().from(calendarYears).where(eq(calendarYears.year, year)).for('update');
      let confirmed = row!.movableConfirmed;
      if (options.confirmMovable && !confirmed) {
        await tx.update(calendarYears).set({ movableConfirmed: true, updatedAt: new Date() }).where(eq(calendarYears.year, year));
        await recordAudit(tx, actor, {
          action: 'update',
          entityType: 'calendar_year',
          entityId: year,
          before: { year, movableConfirmed: false },
          after: { year, movableConfirmed: true },
        });
        confirmed = true;
      }
      result.years.push({ year, setUpNow: written.yearsSetUp.includes(year), movableConfirmed: confirmed });
    }
    return result;
  });
}

/** The configured days of a year as `date,kind,name`, one row per day, in date order: the file imports back unchanged. */
export async function exportCalendar(db: DbOrTx, year: number, format: TableFormat): Promise<Buffer> {
  checkYear(year);
  const [from, to] = yearBounds(year);
  const rows = await db.select().from(calendarDays).where(between(calendarDays.day, from, to)).orderBy(asc(calendarDays.day));
  return writeTable(
    format,
    CALENDAR_COLUMNS,
    rows.map((r) => ({ date: r.day, kind: r.kind, name: r.name })),
    `calendar-${year}`,
  );
}
