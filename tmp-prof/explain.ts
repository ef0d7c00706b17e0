import { openDatabase } from '../src/db/client.js';
import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { countsSource, overdueRows } from '../src/modules/timeliness/queries/filter.js';
const database = await openDatabase({ kind: 'postgres', url: process.argv[2]! });
const filter = { from: '2025-01-01', to: '2026-01-01', asOf: process.argv[3] ?? '2025-12-31', unitIds: null, field: null, channel: null };
const q = sql`explain (analyze, buffers, timing) select unit_id, coalesce(sum(received), 0)::int as received, coalesce(sum(overdue), 0)::int as overdue
        from (
          select unit_id, sum(received) as received, 0 as received_online, sum(resolved) as resolved,
                 sum(early) as early, sum(on_time) as on_time, sum(late) as late, 0 as overdue
          from ${countsSource(filter, [])} group by unit_id
          union all
          select unit_id, 0, 0, 0, 0, 0, 0, sum(count)
          from ${overdueRows(filter, [])} group by unit_id
        ) t group by unit_id`;
const r = await database.db.execute(q) as unknown as { rows: Record<string, string>[] };
console.log(r.rows.map((x) => Object.values(x)[0]).join('\n'));
process.exit(0);
