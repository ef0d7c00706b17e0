import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../../db/client.js';
import type { DossierChannel } from '../../../db/schema.js';
import { countsSource, overdueRows, type RollupFilter } from './filter.js';
import { countsOf, type RawCounts, type TimelinessCounts } from './timeliness-counts.js';

export interface TimelinessBreakdowns {
  totals: TimelinessCounts;
  byUnit: (TimelinessCounts & { unit_id: number })[];
  byChannel: (TimelinessCounts & { channel: DossierChannel })[];
  byField: (TimelinessCounts & { field: string })[];
}

interface RawRow extends RawCounts {
  g_unit: number;
  g_field: number;
  g_channel: number;
  unit_id: number | null;
  field: string | null;
  channel: DossierChannel | null;
}

/**
 * The dashboard's totals and its breakdowns by unit, by channel and by field in one pass over each rollup table:
 * both are first summed per unit × field × channel, then grouped by the four grouping sets. Groups without any
 * count are left out (the totals are always there).
 */
export async function timelinessBreakdowns(db: DbOrTx, filter: RollupFilter): Promise<TimelinessBreakdowns> {
  const rows = await queryRows<RawRow>(
    db,
    sql`with base as (
          select unit_id, field, channel, sum(received) as received, sum(resolved) as resolved, sum(early) as early,
                 sum(on_time) as on_time, sum(late) as late, 0 as overdue
          from ${countsSource(filter, ['field', 'channel'])} group by unit_id, field, channel
          union all
          select unit_id, field, channel, 0, 0, 0, 0, 0, sum(count)
          from ${overdueRows(filter, ['field', 'channel'])} group by unit_id, field, channel
        )
        select grouping(unit_id) as g_unit, grouping(field) as g_field, grouping(channel) as g_channel, unit_id, field, channel,
               coalesce(sum(received), 0)::int as received,
               coalesce(sum(case when channel = 'online' then received else 0 end), 0)::int as received_online,
               coalesce(sum(resolved), 0)::int as resolved, coalesce(sum(early), 0)::int as early, coalesce(sum(on_time), 0)::int as on_time,
               coalesce(sum(late), 0)::int as late, coalesce(sum(overdue), 0)::int as overdue
        from base
        group by grouping sets ((), (unit_id), (field), (channel))`,
  );
  const any = (r: RawRow) => r.received + r.resolved + r.overdue > 0;
  const result: TimelinessBreakdowns = {
    totals: { received: 0, receivedOnline: 0, resolved: 0, early: 0, onTime: 0, late: 0, overdue: 0 },
    byUnit: [],
    byChannel: [],
    byField: [],
  };
  for (const r of rows) {
    if (r.g_unit && r.g_field && r.g_channel) result.totals = countsOf(r);
    else if (!any(r)) continue;
    else if (!r.g_unit) result.byUnit.push({ unit_id: r.unit_id!, ...countsOf(r) });
    else if (!r.g_field) result.byField.push({ field: r.field!, ...countsOf(r) });
    else result.byChannel.push({ channel: r.channel!, ...countsOf(r) });
  }
  return result;
}
