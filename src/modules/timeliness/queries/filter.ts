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

/** Monthly rollup rows of the period within the scope. */
export const monthlyWhere = (filter: RollupFilter): SQL => sql`month >= ${filter.from}::date and month < ${filter.to}::date${scopeConditions(filter)}`;

/** Overdue rollup rows overdue at the report date within the scope (withdrawn and rejected dossiers are never in it). */
export const overdueWhere = (filter: RollupFilter): SQL => sql`${overdueInProcessingSql(BARE_COLUMNS, filter.asOf)}${scopeConditions(filter)}`;
