import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.js';

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
        where unit_id = any(${`{${unitIds.join(',')}}`}::int[])
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

/** Whether any unit has dossiers counted in the year: without any, the reason says the year's data was not imported. */
export async function hasDossierData(db: DbOrTx, year: number): Promise<boolean> {
  const [row] = await queryRows<{ found: boolean }>(
    db,
    sql`select exists (select 1 from dossier_monthly_rollups where month >= ${yearStart(year)}::date and month < ${nextYearStart(year)}::date) as found`,
  );
  return row?.found === true;
}

/**
 * Published procedures per unit and how many of them are fully online (`online_level = 'full'`), as the catalogue
 * stands now (the catalogue has no history).
 * TODO(procedures): read it through `onlineProcedureCounts` of src/modules/procedures/service.ts once it lands.
 */
export async function procedureCounts(db: DbOrTx, unitIds: readonly number[]): Promise<Map<number, { published: number; full: number }>> {
  if (unitIds.length === 0) return new Map();
  const rows = await queryRows<{ unit_id: number; published: number; full: number }>(
    db,
    sql`select unit_id, count(*)::int as published, (count(*) filter (where online_level = 'full'))::int as full
        from procedures where published and unit_id = any(${`{${unitIds.join(',')}}`}::int[])
        group by unit_id`,
  );
  return new Map(rows.map((r) => [Number(r.unit_id), { published: r.published, full: r.full }]));
}

/**
 * Late dossiers resolved in the year (local resolution date) without an apology letter, per unit.
 * TODO(apology): read it through `lateWithoutLetterCounts` of src/modules/apology/service.ts once it lands.
 */
export async function lateWithoutLetterByUnit(db: DbOrTx, year: number, unitIds: readonly number[]): Promise<Map<number, number>> {
  if (unitIds.length === 0) return new Map();
  const rows = await queryRows<{ unit_id: number; count: number }>(
    db,
    sql`select d.unit_id, count(*)::int as count
        from dossiers d left join apology_letters a on a.dossier_code = d.code
        where d.timeliness = 'late' and a.id is null and d.unit_id = any(${`{${unitIds.join(',')}}`}::int[])
          and d.resolved_date >= ${yearStart(year)}::date and d.resolved_date < ${nextYearStart(year)}::date
        group by d.unit_id`,
  );
  return new Map(rows.map((r) => [Number(r.unit_id), r.count]));
}
