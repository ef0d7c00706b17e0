import { type SQL, sql } from 'drizzle-orm';
import type { DossierChannel } from '../../../db/schema.js';
import type { LocalDate } from '../../../domain/deadlines.js';
import { BARE_COLUMNS, overdueInProcessingSql } from '../overdue.js';

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
    parts.push(
      filter.unitIds.length === 0
        ? sql`false`
        : sql`unit_id in (${sql.join(
            filter.unitIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
  }
  if (filter.field !== null) parts.push(sql`field = ${filter.field}`);
  if (filter.channel !== null) parts.push(sql`channel = ${filter.channel}`);
  return sql.join(
    parts.map((p) => sql` and ${p}`),
    sql``,
  );
}

/**
 * The rollup rows of the period's counts within the scope, as `from … where …`: from dossier_yearly_rollups when the
 * period is whole years (every report and dashboard: ~30 times fewer rows), else from the monthly rollups. Both have
 * unit_id, field, channel and the five counts; only the monthly one has procedure_id and month.
 */
export function countsSource(filter: RollupFilter): SQL {
  const years = /^(\d{4})-01-01$/.exec(filter.from);
  const toYears = /^(\d{4})-01-01$/.exec(filter.to);
  if (years && toYears) {
    return sql`dossier_yearly_rollups where year >= ${Number(years[1])} and year < ${Number(toYears[1])}${scopeConditions(filter)}`;
  }
  return sql`dossier_monthly_rollups where ${monthlyWhere(filter)}`;
}

/** Monthly rollup rows of the period within the scope. */
export const monthlyWhere = (filter: RollupFilter): SQL => sql`month >= ${filter.from}::date and month < ${filter.to}::date${scopeConditions(filter)}`;

/** Overdue rollup rows overdue at the report date within the scope (withdrawn and rejected dossiers are never in it). */
export const overdueWhere = (filter: RollupFilter): SQL => sql`${overdueInProcessingSql(BARE_COLUMNS, filter.asOf)}${scopeConditions(filter)}`;
