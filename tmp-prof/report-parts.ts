import { openDatabase, queryRows } from '../src/db/client.js';
import { timelinessCounts } from '../src/modules/timeliness/queries/timeliness-counts.js';
import { unitCodesById } from '../src/modules/units/queries.js';
import { timelinessReport, reportFile } from '../src/modules/timeliness/service.js';
import { percentile, timeIt } from '../bench/lib.js';
import { sql } from 'drizzle-orm';
const db = (await openDatabase({ kind: 'postgres', url: process.argv[2]! })).db;
const filter = { from: '2025-01-01', to: '2026-01-01', asOf: '2025-12-31', unitIds: null, field: null, channel: null };
const cases: [string, () => Promise<unknown>][] = [
  ['counts', () => timelinessCounts(db, filter, ['unit_id'] as const, { withOnline: false })],
  ['codes', () => unitCodesById(db, Array.from({ length: 500 }, (_, i) => i + 1))],
  ['report', () => timelinessReport(db, { year: 2025, unit: null, asOf: null, by: 'unit' }, '2026-11-28')],
  ['report+csv', async () => reportFile(await timelinessReport(db, { year: 2025, unit: null, asOf: null, by: 'unit' }, '2026-11-28'), 'csv')],
  ['select 1', () => queryRows(db, sql`select 1`)],
  ['monthend only', () => queryRows(db, sql`select unit_id, sum(count) from dossier_overdue_month_end_rollups where month_end = '2025-12-31' group by unit_id`)],
  ['unresolved only', () => queryRows(db, sql`select unit_id, sum(count) from dossier_overdue_rollups where resolved_date is null and due_date < '2025-12-31' group by unit_id`)],
  ['summary', () => queryRows(db, sql`select unit_id, sum(received), sum(resolved), sum(early), sum(on_time), sum(late) from bench_unit_month where month >= '2025-01-01' and month < '2026-01-01' group by unit_id`)],
];
for (const [label, run] of cases) {
  for (let i = 0; i < 5; i++) await run();
  const t: number[] = [];
  for (let i = 0; i < 60; i++) t.push((await timeIt(run)).ms);
  console.log(label.padEnd(20), percentile(t, 50).toFixed(2));
}
process.exit(0);
