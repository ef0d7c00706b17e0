import { type SQL, sql } from 'drizzle-orm';
import type { DossierChannel } from '../../../db/schema.js';
import type { LocalDate } from '../../../domain/deadlines.js';
import { dayNumber } from '../../../domain/calendar.js';
import { isMonthEnd } from '../../../domain/timeliness.js';
import { BARE_COLUMNS, overdueInProcessingRangesSql, overdueLongAfterSql } from '../overdue.js';
import { intArray } from '../../../db/arrays.js';

/**
 * What every timeliness query reads from the rollups: the months of the period (received by the month of
 * receipt, resolved by the month of resolution), the report date for overdue in processing, and the scope.
 */
export interface RollupFilter {
  /** First day of the period (1 January of the year). */
  from: LocalDate;
  /** First day after the period (1 January of the next year), exclusive. */
  to: LocalDate;
  /** The report date D: overdue = due_date < D and not resolved on or before D. */
  asOf: LocalDate;
  /** null = every unit; [] = none (e.g. a block without units that year). */
  unitIds: readonly number[] | null;
  field: string | null;
  channel: DossierChannel | null;
}

/** The scope conditions (unit, field, channel) shared by both rollup tables, each preceded by `and`. */
export function scopeConditions(filter: RollupFilter): SQL {
  const parts: SQL[] = [];
  if (filter.unitIds !== null) {
    parts.push(filter.unitIds.length === 0 ? sql`false` : sql`unit_id = any(${intArray(filter.unitIds)})`);
  }
  if (filter.field !== null) parts.push(sql`field = ${filter.field}`);
  if (filter.channel !== null) parts.push(sql`channel = ${filter.channel}`);
  return sql.join(
    parts.map((p) => sql` and ${p}`),
    sql``,
  );
}

/** The years of a period of whole years (1 January to 1 January), or null. */
function wholeYears(filter: RollupFilter): { from: number; to: number } | null {
  const from = /^(\d{4})-01-01$/.exec(filter.from);
  const to = /^(\d{4})-01-01$/.exec(filter.to);
  return from && to ? { from: Number(from[1]), to: Number(to[1]) } : null;
}

/**
 * The rollup rows of the period's counts within the scope, as `from … where …`, from the smallest rollup that has
 * what the query reads: unit_id and the five counts, plus `columns` (field, channel) and the columns the filter
 * names. Per unit alone: dossier_unit_monthly_rollups (a few rows per unit and year); with a field or a channel,
 * dossier_yearly_rollups for whole years (every report and dashboard), else the monthly rollups.
 */
export function countsSource(filter: RollupFilter, columns: readonly ('field' | 'channel')[]): SQL {
  if (columns.length === 0 && filter.field === null && filter.channel === null) return sql`dossier_unit_monthly_rollups where ${monthlyWhere(filter)}`;
  const years = wholeYears(filter);
  if (years) return sql`dossier_yearly_rollups where year >= ${years.from} and year < ${years.to}${scopeConditions(filter)}`;
  return sql`dossier_monthly_rollups where ${monthlyWhere(filter)}`;
}

/**
 * The rollup rows of the period's counts per procedure within the scope, as `from … where …`: from
 * dossier_procedure_yearly_rollups when the period is whole years, else from the monthly rollups. Both have
 * unit_id, field, procedure_id, channel and the five counts.
 */
export function procedureCountsSource(filter: RollupFilter): SQL {
  const years = wholeYears(filter);
  if (years) return sql`dossier_procedure_yearly_rollups where year >= ${years.from} and year < ${years.to}${scopeConditions(filter)}`;
  return sql`dossier_monthly_rollups where ${monthlyWhere(filter)}`;
}

/** Monthly rollup rows of the period within the scope (of any of the monthly rollups that has the scope's columns). */
export const monthlyWhere = (filter: RollupFilter): SQL => sql`month >= ${filter.from}::date and month < ${filter.to}::date${scopeConditions(filter)}`;

/**
 * The overdue rollup rows overdue at the report date within the scope (withdrawn and rejected dossiers are never in
 * it), as a subquery giving unit_id, `columns` (field, channel) and count: the two ranges of the rule read apart
 * (union all). At a month end, per unit and without a field or channel, the late dossiers resolved after D come from
 * the month-end rollup (one row per unit) and the far later ones through their partial index; the unresolved ones
 * are read as always.
 */
export function overdueRows(filter: RollupFilter, columns: readonly ('field' | 'channel')[]): SQL {
  const [unresolved, resolvedAfter] = overdueInProcessingRangesSql(BARE_COLUMNS, filter.asOf);
  const byUnit = columns.length === 0 && filter.field === null && filter.channel === null;
  const read = sql.raw(['unit_id', ...columns, 'count'].join(', '));
  const part = (range: SQL) => sql`select ${read} from dossier_overdue_rollups where ${range}${scopeConditions(filter)}`;
  if (!byUnit || !isMonthEnd(dayNumber(filter.asOf))) return sql`(${part(unresolved)} union all ${part(resolvedAfter)}) overdue`;
  return sql`(select unit_id, count from dossier_overdue_month_end_rollups where month_end = ${filter.asOf}::date${scopeConditions(filter)}
              union all ${part(unresolved)} union all ${part(overdueLongAfterSql(BARE_COLUMNS, filter.asOf))}) overdue`;
}
