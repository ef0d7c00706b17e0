import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../../db/client.js';
import type { DossierChannel } from '../../../db/schema.js';
import { countsSource, overdueRows, type RollupFilter } from './filter.js';

/** The figures of one group: counts of the period and overdue in processing at the report date. */
export interface TimelinessCounts {
  received: number;
  /** Received online (channel = online), for the online share. */
  receivedOnline: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  overdue: number;
}

/** The dimensions the counts can be grouped by (rollup columns). */
export type CountsDimension = 'unit_id' | 'field' | 'channel';

export interface CountsKey {
  unit_id: number;
  field: string;
  channel: DossierChannel;
}

export type CountsRow<D extends CountsDimension> = Pick<CountsKey, D> & TimelinessCounts;

/** The counts of a row as the queries select them. */
export interface RawCounts {
  received: number;
  received_online: number;
  resolved: number;
  early: number;
  on_time: number;
  late: number;
  overdue: number;
}

export const countsOf = (r: RawCounts): TimelinessCounts => ({
  received: r.received,
  receivedOnline: r.received_online,
  resolved: r.resolved,
  early: r.early,
  onTime: r.on_time,
  late: r.late,
  overdue: r.overdue,
});

/**
 * Timeliness counts grouped by none, one or several dimensions, from the two rollup tables only: every group
 * that has a count in either table (a unit with only overdue dossiers is there too). With no dimension, one row
 * of totals (zeros when nothing matches). `withOnline: false` skips the online count (the report needs none);
 * `withUnitCode` (grouped by unit_id) gives each row its unit's code from the same statement.
 */
export async function timelinessCounts<D extends CountsDimension>(
  db: DbOrTx,
  filter: RollupFilter,
  dimensions: readonly D[],
  { withOnline = true, withUnitCode = false }: { withOnline?: boolean; withUnitCode?: boolean } = {},
): Promise<(CountsRow<D> & { unitCode?: string })[]> {
  const keys = sql.raw(dimensions.join(', '));
  const select = dimensions.length ? sql`${keys}, ` : sql``;
  const groupBy = dimensions.length ? sql` group by ${keys}` : sql``;
  // Both tables summed apart and then together (union all + group by): hash aggregation only, no join or sort.
  // The columns read besides unit_id: they choose the rollup (filter.ts countsSource).
  const grouped = (dimensions as readonly CountsDimension[]).flatMap((d) => (d === 'unit_id' ? [] : [d]));
  const columns = withOnline ? [...grouped, 'channel' as const] : grouped;
  const online = withOnline ? sql`coalesce(sum(received) filter (where channel = 'online'), 0)` : sql`0`;
  const counts = sql`select ${select}coalesce(sum(received), 0)::int as received, coalesce(sum(received_online), 0)::int as received_online,
               coalesce(sum(resolved), 0)::int as resolved, coalesce(sum(early), 0)::int as early, coalesce(sum(on_time), 0)::int as on_time,
               coalesce(sum(late), 0)::int as late, coalesce(sum(overdue), 0)::int as overdue
        from (
          select ${select}sum(received) as received, ${online} as received_online, sum(resolved) as resolved,
                 sum(early) as early, sum(on_time) as on_time, sum(late) as late, 0 as overdue
          from ${countsSource(filter, columns)}${groupBy}
          union all
          select ${select}0, 0, 0, 0, 0, 0, sum(count)
          from ${overdueRows(filter, grouped)}${groupBy}
        ) t${groupBy}`;
  const rows = await queryRows<RawCounts & Record<string, unknown>>(
    db,
    withUnitCode ? sql`select c.*, u.code as unit_code from (${counts}) c left join units u on u.id = c.unit_id` : counts,
  );
  const result: (CountsRow<D> & { unitCode?: string })[] = [];
  for (const r of rows) {
    // Groups with nothing to count are left out; with no dimension, the one row of totals stays.
    if (dimensions.length > 0 && r.received + r.resolved + r.overdue === 0) continue;
    const row = countsOf(r) as CountsRow<D> & { unitCode?: string };
    for (const d of dimensions) (row as Record<string, unknown>)[d] = r[d];
    if (withUnitCode && typeof r.unit_code === 'string') row.unitCode = r.unit_code;
    result.push(row);
  }
  return result;
}
