import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../../db/client.js';
import type { DossierChannel } from '../../../db/schema.js';
import { monthlyWhere, overdueWhere, type RollupFilter } from './filter.js';

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

interface RawRow {
  received: number;
  received_online: number;
  resolved: number;
  early: number;
  on_time: number;
  late: number;
  overdue: number;
}

/**
 * Timeliness counts grouped by none, one or several dimensions, from the two rollup tables only: every group
 * that has a count in either table (a full join, so a unit with only overdue dossiers is there too). With no
 * dimension, one row of totals (zeros when nothing matches).
 */
export async function timelinessCounts<D extends CountsDimension>(
  db: DbOrTx,
  filter: RollupFilter,
  dimensions: readonly D[],
): Promise<CountsRow<D>[]> {
  const keys = sql.raw(dimensions.join(', '));
  const select = dimensions.length ? sql`${keys}, ` : sql``;
  const groupBy = dimensions.length ? sql` group by ${keys}` : sql``;
  const join = dimensions.length ? sql`using (${keys})` : sql`on true`;
  const rows = await queryRows<RawRow & Record<string, unknown>>(
    db,
    sql`with m as (
          select ${select}sum(received)::int as received,
                 coalesce(sum(received) filter (where channel = 'online'), 0)::int as received_online,
                 sum(resolved)::int as resolved, sum(early)::int as early, sum(on_time)::int as on_time, sum(late)::int as late
          from dossier_monthly_rollups where ${monthlyWhere(filter)}${groupBy}
        ), o as (
          select ${select}sum(count)::int as overdue
          from dossier_overdue_rollups where ${overdueWhere(filter)}${groupBy}
        )
        select ${select}coalesce(m.received, 0) as received, coalesce(m.received_online, 0) as received_online,
               coalesce(m.resolved, 0) as resolved, coalesce(m.early, 0) as early, coalesce(m.on_time, 0) as on_time,
               coalesce(m.late, 0) as late, coalesce(o.overdue, 0) as overdue
        from m full join o ${join}`,
  );
  return rows
    .map((r) => {
      const key = Object.fromEntries(dimensions.map((d) => [d, r[d]])) as Pick<CountsKey, D>;
      return {
        ...key,
        received: r.received,
        receivedOnline: r.received_online,
        resolved: r.resolved,
        early: r.early,
        onTime: r.on_time,
        late: r.late,
        overdue: r.overdue,
      };
    })
    .filter((r) => dimensions.length === 0 || r.received + r.resolved + r.overdue > 0);
}
