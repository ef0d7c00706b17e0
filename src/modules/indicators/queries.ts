import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { intArray } from '../../db/arrays.js';

/**
 * The counts behind the formula variables, per unit and year, read from the rollup tables (never the raw dossiers).
 * Each figure counts the unit's own dossiers and procedures (`unit_id` = the unit): a district's figures do not
 * include its communes', which are units of their own.
 */

const yearStart = (year: number) => `${year}-01-01`;
const nextYearStart = (year: number) => `${year + 1}-01-01`;

export interface DossierYearCounts {
  received: number;
  receivedOnline: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
}

/**
 * Dossiers of the year per unit from dossier_monthly_rollups (`month` = first day of the local month): received
 * (and received online) by month of receipt, resolved/early/on time/late by month of resolution.
 */
export async function dossierYearCounts(db: DbOrTx, year: number, unitIds: readonly number[]): Promise<Map<number, DossierYearCounts>> {
  if (unitIds.length === 0) return new Map();
  const rows = await queryRows<{ unit_id: number; received: number; received_online: number; resolved: number; early: number; on_time: number; late: number }>(
    db,
    sql`select unit_id,
               sum(received)::int as received,
               coalesce(sum(received) filter (where channel = 'online'), 0)::int as received_online,
               sum(resolved)::int as resolved, sum(early)::int as early, sum(on_time)::int as on_time, sum(late)::int as late
        from dossier_monthly_rollups
        where unit_id = any(${intArray(unitIds)})
          and month >= ${yearStart(year)}::date and month < ${nextYearStart(year)}::date
        group by unit_id`,
  );
  return new Map(
    rows.map((r) => [
      Number(r.unit_id),
      { received: r.received, receivedOnline: r.received_online, resolved: r.resolved, early: r.early, onTime: r.on_time, late: r.late },
    ]),
  );
}
