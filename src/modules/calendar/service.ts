import { asc, between, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { calendarDays, calendarYears } from '../../db/schema.js';
import {
  CalendarDateError,
  type CalendarDay,
  type CalendarDayKind,
  type CalendarRange,
  datesInRange,
  dayNumber,
  fixedHolidaysOf,
  groupIntoRanges,
  refusalOf,
  VIETNAM_MOVABLE_HOLIDAYS,
  weekdayOfDate,
  WorkingCalendar,
  workingDaysInYear,
  yearOfDate,
} from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { AppError, notFound } from '../../errors.js';
import { quote } from '../../domain/text.js';
import { checkRow } from '../../io/row-schema.js';
import { readTable, RowErrors, type TableFormat, writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { type AuditChange, recordAudit, recordAuditMany } from '../audit/service.js';
import { CALENDAR_FILE_ROW_COLUMNS, CalendarFileRow, MAX_DAY_NAME } from './schemas.js';

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
    throw new AppError('validation_failed', `year must be from ${MIN_CALENDAR_YEAR} to ${MAX_CALENDAR_YEAR}`, { issues: [{ path: 'year', message: 'out of range' }] });
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

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', `${path}: ${message}`, { issues: [{ path, message }] });
}

function checkDate(path: string, date: LocalDate) {
  try {
    dayNumber(date);
  } catch (error) {
    throw invalid(path, (error as Error).message);
  }
  const year = Number(date.slice(0, 4));
  if (year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) throw invalid(path, `the year must be from ${MIN_CALENDAR_YEAR} to ${MAX_CALENDAR_YEAR}`);
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('name', 'the name is empty');
  if (trimmed.length > MAX_DAY_NAME) throw invalid('name', `at most ${MAX_DAY_NAME} characters`);
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
  let dates: LocalDate[];
  try {
    dates = datesInRange(input.from, to);
  } catch (error) {
    throw invalid('to', (error as CalendarDateError).message);
  }
  const name = checkedName(input.name);
  const days = dates.map((day) => ({ day, kind: input.kind, name }));
  for (const d of days) {
    const refusal = refusalOf(d);
    if (refusal) throw invalid('kind', refusal);
  }
  return db.transaction((tx) => writeDays(tx, actor, days));
}

export async function updateDay(db: Db, actor: Actor, date: LocalDate, input: { kind?: CalendarDayKind; name?: string }): Promise<CalendarDayView> {
  checkDate('date', date);
  const name = input.name === undefined ? undefined : checkedName(input.name);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.day, date)).for('update');
    if (!before) throw notFound(`Calendar day ${date}`);
    const after = { day: date, kind: input.kind ?? before.kind, name: name ?? before.name };
    const refusal = refusalOf(after);
    if (refusal) throw invalid('kind', refusal);
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
    try {
      datesInRange(from, to);
    } catch (error) {
      throw invalid('to', (error as CalendarDateError).message);
    }
  }
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(calendarDays)
      .where(to === undefined ? eq(calendarDays.day, from) : between(calendarDays.day, from, to))
      .returning();
    if (removed.length === 0) throw notFound(to === undefined ? `Calendar day ${from}` : `Calendar days from ${from} to ${to}`);
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
    errors.add(1, 'the file needs a column "date", or the columns "date_from" and "date_to"', headerColumns.has('date_from') ? 'date_to' : 'date');
    errors.throwIfAny('Calendar import rejected');
  }
  const days: { day: LocalDate; kind: CalendarDayKind; name: string }[] = [];
  const firstRowOf = new Map<string, number>();

  const parseDate = (row: number, column: string, text: string): LocalDate | null => {
    const date = normaliseDateCell(text);
    if (!date) {
      errors.add(row, `${column} is empty`, column);
      return null;
    }
    try {
      dayNumber(date);
    } catch {
      errors.add(row, `${quote(text.trim())} is not a date (YYYY-MM-DD or DD/MM/YYYY)`, column);
      return null;
    }
    const year = Number(date.slice(0, 4));
    if (year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
      errors.add(row, `${date}: the year must be from ${MIN_CALENDAR_YEAR} to ${MAX_CALENDAR_YEAR}`, column);
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
      errors.add(row, 'give either date or date_from and date_to, not both', 'date');
    } else if (single || (!fromText && !toText && headerColumns.has('date'))) {
      const d = parseDate(row, 'date', single);
      if (d) dates = [d];
    } else {
      const from = parseDate(row, 'date_from', fromText);
      const to = parseDate(row, 'date_to', toText);
      if (from && to) {
        try {
          dates = datesInRange(from, to);
        } catch (error) {
          errors.add(row, (error as Error).message, 'date_to');
        }
      }
    }

    // The kind in any case; then kind and name with the API's own schema (a name of at most 200 characters).
    const kindText = (values.kind ?? '').trim().toLowerCase();
    const kindKnown = kindText === 'holiday' || kindText === 'workday';
    if (!kindKnown) errors.add(row, kindText ? `unknown kind ${quote((values.kind ?? '').trim())}; use holiday or workday` : 'kind is empty; use holiday or workday', 'kind');
    const checked = checkRow(errors, row, CalendarFileRow, { kind: kindText, name: values.name ?? '' }, CALENDAR_FILE_ROW_COLUMNS, new Set(kindKnown ? [] : ['kind']));
    const kind = checked.ok ? checked.value.kind : null;
    const name = checked.ok ? checked.value.name : '';
    if (!dates) continue;

    for (const day of dates) {
      const first = firstRowOf.get(day);
      if (first !== undefined) {
        errors.add(row, `${day} is already given on row ${first}`, single ? 'date' : 'date_from');
        continue;
      }
      firstRowOf.set(day, row);
      if (!kind || !name) continue;
      const refusal = refusalOf({ day, kind });
      if (refusal) errors.add(row, refusal, 'kind');
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
