import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../../db/client.js';
import type { MonthTrend } from '../schemas.js';
import { monthlyWhere, type RollupFilter } from './filter.js';

/** Received (by month of receipt) and resolved / early / on time / late (by month of resolution) for each month of the period. */
export async function monthlyTrend(db: DbOrTx, filter: RollupFilter): Promise<MonthTrend[]> {
  // Per unit alone unless a field or channel is chosen (a year is then a few thousand rows, not a hundred thousand).
  const table = filter.field === null && filter.channel === null ? sql`dossier_unit_monthly_rollups` : sql`dossier_field_monthly_rollups`;
  const rows = await queryRows<{ month: number; received: number; resolved: number; early: number; on_time: number; late: number }>(
    db,
    sql`select extract(month from month)::int as month, sum(received)::int as received, sum(resolved)::int as resolved,
               sum(early)::int as early, sum(on_time)::int as on_time, sum(late)::int as late
        from ${table} where ${monthlyWhere(filter)}
        group by 1`,
  );
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return Array.from({ length: 12 }, (_, i) => {
    const r = byMonth.get(i + 1);
    return { month: i + 1, received: r?.received ?? 0, resolved: r?.resolved ?? 0, early: r?.early ?? 0, onTime: r?.on_time ?? 0, late: r?.late ?? 0 };
  });
}
