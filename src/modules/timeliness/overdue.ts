import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { LocalDate } from '../../domain/deadlines.js';
import { ENDED_WITHOUT_RESULT, MONTH_END_SPREAD_MAX_DAYS } from '../../domain/timeliness.js';

/**
 * The overdue rule of src/domain/timeliness.ts as SQL conditions over a table's columns, built from the same
 * constant: the dossier merge (which rows the overdue rollup holds), the rollup reports (overdue at a report date)
 * and the apology letters (which dossiers need a letter) all use these, never their own copy.
 * test/db/overdue-rule.test.ts checks on a table of cases that each condition agrees with its TypeScript twin.
 */

/** The columns a condition reads: drizzle columns (`dossiers.status`), or bare names (`BARE_COLUMNS`). */
export interface OverdueColumns {
  status: SQLWrapper;
  resolvedDate: SQLWrapper;
  dueDate: SQLWrapper;
}

/** The columns by their plain names (`status`, `resolved_date`, `due_date`), for a statement over any row source. */
export const BARE_COLUMNS: OverdueColumns = { status: sql.raw('status'), resolvedDate: sql.raw('resolved_date'), dueDate: sql.raw('due_date') };

const endedWithoutResult = sql.raw(ENDED_WITHOUT_RESULT.map((status) => `'${status}'`).join(', '));

/** awaitsResult: not resolved, and neither withdrawn nor rejected. */
export const awaitsResultSql = (c: OverdueColumns): SQL => sql`(${c.resolvedDate} is null and ${c.status} not in (${endedWithoutResult}))`;

/** countsForOverdue: awaiting its result, or resolved after its due date (the rows of the overdue rollup). */
export const countsForOverdueSql = (c: OverdueColumns): SQL => sql`(${awaitsResultSql(c)} or ${c.resolvedDate} > ${c.dueDate})`;

/** isOverdueUnresolved: awaiting its result and due before `today`. */
export const overdueUnresolvedSql = (c: OverdueColumns, today: LocalDate): SQL => sql`(${awaitsResultSql(c)} and ${c.dueDate} < ${today}::date)`;

/** isOverdueInProcessing, for rows of the overdue rollup: due before the report date and not resolved on or before it. */
export const overdueInProcessingSql = (c: Pick<OverdueColumns, 'resolvedDate' | 'dueDate'>, asOf: LocalDate): SQL =>
  sql`(${c.dueDate} < ${asOf}::date and (${c.resolvedDate} is null or ${c.resolvedDate} > ${asOf}::date))`;

/**
 * isOverdueInProcessing as two disjoint conditions whose union is overdueInProcessingSql: unresolved and due before
 * D, or resolved after D and due before D. Each is one range of the overdue rollup's (resolved_date, due_date) index,
 * which a query reads as two index-only scans (union all) where the `or` would read the heap.
 */
export const overdueInProcessingRangesSql = (c: Pick<OverdueColumns, 'resolvedDate' | 'dueDate'>, asOf: LocalDate): [SQL, SQL] => [
  sql`(${c.resolvedDate} is null and ${c.dueDate} < ${asOf}::date)`,
  sql`(${c.resolvedDate} > ${asOf}::date and ${c.dueDate} < ${asOf}::date)`,
];

const spreadMaxDays = sql.raw(String(MONTH_END_SPREAD_MAX_DAYS));

/**
 * A row of the overdue rollup resolved late within MONTH_END_SPREAD_MAX_DAYS and across at least one month end (the
 * month after its due date's is not later than its resolution's): spread over the month-end overdue rollup. The last
 * condition leaves the many late rows within one month out before overdueMonthStartsSql is called for them (a set
 * function call per row cost an import of a million dossiers ~1 s).
 */
export const spreadOverMonthEndsSql = (c: Pick<OverdueColumns, 'resolvedDate' | 'dueDate'>): SQL =>
  sql`(${c.resolvedDate} > ${c.dueDate} and ${c.resolvedDate} - ${c.dueDate} <= ${spreadMaxDays}
       and date_trunc('month', (${c.dueDate} + 1)::timestamp) < date_trunc('month', ${c.resolvedDate}::timestamp))`;

/**
 * overdueMonthEnds in SQL: a set-returning expression of the first days of the months whose last day E has
 * due < E < resolved; `monthEndOf` turns such a first day into E. Computed on timestamps without a time zone, so the
 * session's time zone cannot move a day.
 */
export const overdueMonthStartsSql = (c: Pick<OverdueColumns, 'resolvedDate' | 'dueDate'>): SQL =>
  sql`generate_series(date_trunc('month', (${c.dueDate} + 1)::timestamp), date_trunc('month', ${c.resolvedDate}::timestamp) - interval '1 month', interval '1 month')`;
export const monthEndOf = (monthStart: SQLWrapper): SQL => sql`(${monthStart} + interval '1 month' - interval '1 day')::date`;

/**
 * At a month end D, the rows of the overdue rollup the month-end rollup does not hold: resolved after D, due before D
 * and resolved more than MONTH_END_SPREAD_MAX_DAYS late (a partial index holds just those).
 */
export const overdueLongAfterSql = (c: Pick<OverdueColumns, 'resolvedDate' | 'dueDate'>, asOf: LocalDate): SQL =>
  sql`(${c.resolvedDate} > ${asOf}::date and ${c.dueDate} < ${asOf}::date and ${c.resolvedDate} - ${c.dueDate} > ${spreadMaxDays})`;

const dialect = new PgDialect();

/** The text of a condition without parameters, for the statements the dossier merge writes as text. */
export function sqlText(condition: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(condition);
  if (params.length > 0) throw new Error('sqlText: the condition has parameters');
  return text;
}
