import { between, eq, inArray } from 'drizzle-orm';
import { type Db, inTransaction, type Tx } from '../../db/client.js';
import { calendarDays, calendarYears } from '../../db/schema.js';
import { type CalendarDayKind, datesInRange, fixedHolidaysOf, rangeRefusal, refusalOf, weekdayOfDate, yearOfDate } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import type { Actor } from '../auth/actor.js';
import { type AuditChange, recordAudit, recordAuditMany } from '../audit/service.js';
import { checkDate, checkYear, getCalendarYear } from './queries.js';
import { fail, invalid } from './reasons.js';
import type { CalendarDay, CalendarYear, DayPatchBody, DeleteDaysResult, SetDaysBody, SetDaysResult, SetUpResult, WriteCounts } from './schemas.js';

/** A configured day as the audit log keeps it. */
export interface DayValues {
  day: LocalDate;
  kind: CalendarDayKind;
  name: string;
}

const snapshot = (d: DayValues) => ({ date: d.day, kind: d.kind, name: d.name });

/**
 * Sets a year up once: records it and pre-fills Vietnam's fixed-date holidays on the days that have no entry yet.
 * A year already set up is left as it is (a fixed holiday the admin removed stays removed). Audited.
 */
async function ensureYearSetUp(tx: Tx, actor: Actor, year: number): Promise<{ created: boolean; prefilled: DayValues[] }> {
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
    prefilled.map((d) => ({ action: 'create', entityType: 'calendar_day', entityId: d.day, after: snapshot(d) })),
  );
  return { created: true, prefilled };
}

export async function setUpYear(db: Db, actor: Actor, year: number): Promise<SetUpResult> {
  return inTransaction(db, async (tx) => {
    const { created, prefilled } = await ensureYearSetUp(tx, actor, year);
    return { created, prefilled: prefilled.length, calendar: await getCalendarYear(tx, year) };
  });
}

/** Marks the movable holidays of a set-up year confirmed (audited when it changes). */
export async function confirmYear(tx: Tx, actor: Actor, year: number): Promise<void> {
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
}

export async function confirmMovableHolidays(db: Db, actor: Actor, year: number): Promise<CalendarYear> {
  return inTransaction(db, async (tx) => {
    await ensureYearSetUp(tx, actor, year);
    await confirmYear(tx, actor, year);
    return getCalendarYear(tx, year);
  });
}

/** Writes days (set up their years first), auditing each creation and change. Rows are checked before. */
export async function writeDays(tx: Tx, actor: Actor, days: readonly DayValues[]): Promise<SetDaysResult> {
  const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
  const years = [...new Set(days.map((d) => yearOfDate(d.day)))].sort();
  const setUpNow: number[] = [];
  for (const year of years) if ((await ensureYearSetUp(tx, actor, year)).created) setUpNow.push(year);
  const existing = new Map<string, DayValues>();
  const dates = days.map((d) => d.day);
  for (let i = 0; i < dates.length; i += 1000) {
    for (const r of await tx
      .select()
      .from(calendarDays)
      .where(inArray(calendarDays.day, dates.slice(i, i + 1000))))
      existing.set(r.day, r);
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

/** Refuses a range one entry may not cover (the domain's rule); `path` names the field of its end. */
function checkRange(path: string, from: LocalDate, to: LocalDate) {
  const refusal = rangeRefusal(from, to);
  if (refusal) throw invalid(path, refusal.reason, refusal.params);
}

/** Refuses a day that may not be configured as asked (the domain's rule: a make-up working day on Monday–Friday). */
function checkDay(day: DayValues) {
  const refusal = refusalOf(day);
  if (refusal) throw invalid('kind', refusal.reason, refusal.params);
}

/**
 * Sets one day or a range (both ends included) to a holiday or a make-up working day with a name (trimmed and
 * limited by the schema). Days already configured take the new kind and name. A make-up working day on
 * Monday–Friday is refused.
 */
export async function setDays(db: Db, actor: Actor, input: SetDaysBody): Promise<SetDaysResult> {
  checkDate('from', input.from);
  const to = input.to ?? input.from;
  checkDate('to', to);
  checkRange('to', input.from, to);
  const days = datesInRange(input.from, to).map((day) => ({ day, kind: input.kind, name: input.name }));
  for (const d of days) checkDay(d);
  return inTransaction(db, (tx) => writeDays(tx, actor, days));
}

export async function updateDay(db: Db, actor: Actor, date: LocalDate, input: DayPatchBody): Promise<CalendarDay> {
  checkDate('date', date);
  return inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.day, date)).for('update');
    if (!before) throw fail('calendar_day_not_found', { date });
    const after = { day: date, kind: input.kind ?? before.kind, name: input.name ?? before.name };
    checkDay(after);
    if (after.kind !== before.kind || after.name !== before.name) {
      await tx.update(calendarDays).set({ kind: after.kind, name: after.name, updatedAt: new Date() }).where(eq(calendarDays.day, date));
      await recordAudit(tx, actor, { action: 'update', entityType: 'calendar_day', entityId: date, before: snapshot(before), after: snapshot(after) });
    }
    return { date, kind: after.kind, name: after.name, weekday: weekdayOfDate(date) };
  });
}

/** Removes the configured day `from`, or every configured day from `from` to `to`; the days become ordinary again. */
export async function deleteDays(db: Db, actor: Actor, from: LocalDate, to?: LocalDate): Promise<DeleteDaysResult> {
  checkDate('date', from);
  if (to !== undefined) {
    checkDate('to', to);
    checkRange('to', from, to);
  }
  return inTransaction(db, async (tx) => {
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
