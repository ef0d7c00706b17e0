/**
 * The timeliness report over a year of 10,000,000 dossiers, answered from the rollup tables on PostgreSQL.
 * Generates the dossiers with SQL (generate_series: ~500 units × 40 procedures each × 3 channels × every day of
 * 2025, skewed like real one-stop-shop data — a few units and procedures take most dossiers, the channel follows the
 * procedure's online level (full / partial / none), ~10 %
 * late, some still open at the data date 2026-01-10, 3 % withdrawn or rejected), fills the rollups with the
 * import's own `rebuildAllRollups`, then times the report as the CLI and API build it (p50 / p95 over --runs runs):
 * the whole province, one unit, and by field; and the dashboard; against the same per-unit sums from a unit × month
 * summary (the baseline of the printed ratio). Target: p50 under 100 ms. Exits 1 if the rollups or the report are wrong.
 *   npx tsx bench/timeliness-report.ts [--size small|full] [--dossiers N] [--runs R] [--keep | --reuse URL]
 *   (DATABASE_URL optional; a bench database is created and dropped.) Full (default): 10,000,000 dossiers, 50 runs;
 *   small (CI): 20,000 dossiers, 5 runs. --keep leaves the generated database in place and prints its URL;
 *   --reuse URL times such a database again without generating anything (e.g. once the machine is quieter).
 * Figures: docs/performance.md.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.js';
import { rebuildAllRollups } from '../src/modules/dossiers/merge.js';
import { reportFile, timelinessDashboard, timelinessReport } from '../src/modules/timeliness/service.js';
import { benchDatabase, benchFailure, benchOptions, fmt, percentile, timeIt } from './lib.js';

const options = benchOptions({
  usage: 'npx tsx bench/timeliness-report.ts [--size small|full] [--dossiers N] [--runs R] [--keep | --reuse URL]',
  numbers: { dossiers: { full: 10_000_000, small: 20_000 }, runs: { full: 50, small: 5 } },
  flags: ['keep'],
  strings: ['reuse'],
});
const DOSSIERS = options.n.dossiers;
const RUNS = options.n.runs;
const UNITS = 500;
const PROCEDURES_PER_UNIT = 40;
const FIELDS = 12;
const BATCH = 1_000_000;
const YEAR = 2025;
const TODAY = '2026-11-28';

const reuseUrl = options.text('reuse');
const keep = options.flag('keep');
const bench = reuseUrl
  ? await (async () => {
      const database = await openDatabase({ kind: 'postgres', url: reuseUrl });
      return { database, url: reuseUrl, drop: () => database.close() };
    })()
  : await benchDatabase('parindex_bench_timeliness');
const { db } = bench.database;
try {
  if (!reuseUrl) await generate();
  await timeReports();
} finally {
  if (keep && !reuseUrl) {
    console.log(`kept: ${bench.url}  (time it again with --reuse ${bench.url}; drop it with: dropdb)`);
    await bench.database.close();
  } else await bench.drop();
}

async function generate() {
  const setup = await timeIt(async () => {
    await db.execute(sql`insert into blocks (code, name) values ('SO', 'Khối sở'), ('HUYEN', 'Khối huyện'), ('XA', 'Khối xã')`);
    // 30 departments, 20 districts, 450 communes (each under a district).
    await db.execute(sql`insert into units (code, name, search_key, status)
      select case when i <= 30 then 'S' when i <= 50 then 'H' else 'X' end || lpad(i::text, 3, '0'), 'Đơn vị ' || i, 'don vi ' || i, 'active'
      from generate_series(1, ${UNITS}) i order by i`);
    await db.execute(sql`update units set parent_id = 31 + (id % 20) where id > 50`);
    await db.execute(sql`insert into unit_memberships (unit_id, year, block_id)
      select id, ${YEAR}, case when id <= 30 then 1 when id <= 50 then 2 else 3 end from units`);
    await db.execute(sql`insert into procedures (code, name, search_key, field, unit_id, legal_days, internal_days, online_level)
      select 'P' || u || '.' || k, 'Thủ tục ' || k || ' của đơn vị ' || u, 'thu tuc ' || k, 'Lĩnh vực ' || (k % ${FIELDS}), u,
             3 + k % 10, 2 + k % 8, case when k % 3 = 0 then 'full' when k % 3 = 1 then 'partial' else 'none' end
      from generate_series(1, ${UNITS}) u, generate_series(0, ${PROCEDURES_PER_UNIT - 1}) k order by u, k`);
  });
  console.log(`setup: ${UNITS} units, ${UNITS * PROCEDURES_PER_UNIT} procedures in ${fmt(setup.ms)}`);

  // Pseudo-random but repeatable: uniform numbers in [0, 1) from hashes of the dossier number.
  const r = (salt: number) => sql.raw(`((hashint8(i * 8 + ${salt})::bigint + 2147483648) / 4294967296.0)`);
  const generate = await timeIt(async () => {
    // Loading is faster without the secondary indexes; they are built again afterwards. Whatever indexes the
    // migrations give the table today (read from the catalogue, so a migration that adds or drops one cannot break this).
    const secondary = await queryRows<{ name: string; definition: string }>(
      db,
      sql`select i.indexname as name, i.indexdef as definition from pg_indexes i
          where i.schemaname = current_schema() and i.tablename = 'dossiers'
            and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.conrelid = 'dossiers'::regclass)`,
    );
    for (const index of secondary) await db.execute(sql`drop index ${sql.identifier(index.name)}`);
    // The year's partition first (dossiers are partitioned by year of receipt), as an import would make it.
    await db.execute(sql`select dossier_year_partition(${YEAR})`);
    for (let start = 1; start <= DOSSIERS; start += BATCH) {
      const end = Math.min(DOSSIERS, start + BATCH - 1);
      await db.transaction(async (tx) => {
        // Foreign keys are known to hold (units and procedures above); skip their per-row checks while loading.
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`insert into dossiers (code, unit_id, procedure_id, field, channel, status, received_at, due_at, due_computed,
                                resolved_at, returned_at, received_date, due_date, resolved_date, timeliness)
          select 'HS' || lpad(i::text, 9, '0'), u, (u - 1) * ${PROCEDURES_PER_UNIT} + k + 1, 'Lĩnh vực ' || (k % ${FIELDS}), channel,
                 case when gone = 1 then 'withdrawn' when gone = 2 then 'rejected' when res is null then 'processing' else 'resolved' end,
                 (rec + time '07:30' + minutes * interval '1 minute') at time zone 'Asia/Ho_Chi_Minh',
                 (due + time '17:00') at time zone 'Asia/Ho_Chi_Minh', false,
                 (res + time '15:00') at time zone 'Asia/Ho_Chi_Minh', null, rec, due, res,
                 case when res is null then null when res < due then 'early' when res = due then 'on_time' else 'late' end
          from (
            select i, u, k, channel, gone, rec, due, minutes,
                   case when gone > 0 or rec + taken > date '2026-01-10' then null else rec + taken end as res
            from (
              select i, u, k, rec, minutes, rec + limit_days as due,
                     -- The channel follows the procedure's online level (k % 3: 0 full, 1 partial, 2 none).
                     case when k % 3 = 0 then case when ${r(3)} < 0.85 then 'online' when ${r(3)} < 0.98 then 'direct' else 'postal' end
                          when k % 3 = 1 then case when ${r(3)} < 0.45 then 'online' when ${r(3)} < 0.97 then 'direct' else 'postal' end
                          else case when ${r(3)} < 0.96 then 'direct' else 'postal' end end as channel,
                     case when ${r(4)} < 0.02 then 1 when ${r(4)} < 0.03 then 2 else 0 end as gone,
                     -- 70 % early, 20 % on the due date, 10 % late by up to 1.5 × the time limit.
                     case when ${r(5)} < 0.70 then floor(limit_days * ${r(6)})::int
                          when ${r(5)} < 0.90 then limit_days
                          else limit_days + 1 + floor(limit_days * 1.5 * ${r(6)})::int end as taken
              from (
                select i, u, k, date '2025-01-01' + floor(365 * ${r(2)})::int as rec, floor(540 * ${r(7)})::int as minutes,
                       ceil((3 + k % 10) * 1.4)::int as limit_days
                from (
                  select i, 1 + floor(${UNITS} * power(${r(0)}, 2))::int as u, floor(${PROCEDURES_PER_UNIT} * power(${r(1)}, 3))::int as k
                  from generate_series(${start}::bigint, ${end}::bigint) i
                ) a
              ) b
            ) c
          ) d`);
      });
      process.stdout.write(`\r  dossiers: ${end.toLocaleString('en')} / ${DOSSIERS.toLocaleString('en')}`);
    }
    process.stdout.write('\n');
    // pg_indexes gives a partitioned table's index as ON ONLY (the parent alone): made again on every partition.
    for (const index of secondary) await db.execute(sql.raw(index.definition.replace(' ON ONLY ', ' ON ')));
    return secondary.map((index) => index.name);
  });
  console.log(
    `generated ${DOSSIERS.toLocaleString('en')} dossiers of ${YEAR} in ${fmt(generate.ms)} (indexes ${generate.value.join(', ') || 'none'} dropped and rebuilt)`,
  );

  const rebuild = await timeIt(() => rebuildAllRollups(db));
  // What autovacuum does on a running server (off on some, e.g. this project's CI): statistics, and the visibility map
  // that lets the reports read the rollups' covering indexes without visiting the heap.
  await db.execute(sql`vacuum analyze`);
  const [counts] = await queryRows<{ monthly: number; overdue: number; received: number; late: number; open: number }>(
    db,
    sql`select (select count(*)::int from dossier_monthly_rollups) as monthly, (select count(*)::int from dossier_overdue_rollups) as overdue,
               (select sum(received)::int from dossier_monthly_rollups) as received, (select sum(late)::int from dossier_monthly_rollups) as late,
               (select sum(count)::int from dossier_overdue_rollups where resolved_date is null) as open`,
  );
  console.log(
    `rollups (rebuildAllRollups) in ${fmt(rebuild.ms)}: dossier_monthly_rollups ${counts!.monthly.toLocaleString('en')} rows, ` +
      `dossier_overdue_rollups ${counts!.overdue.toLocaleString('en')} rows (received ${counts!.received.toLocaleString('en')}, ` +
      `late ${counts!.late.toLocaleString('en')}, unresolved ${counts!.open.toLocaleString('en')})`,
  );
  if (counts!.received !== DOSSIERS) benchFailure(`the rollups count ${counts!.received} dossiers received, not the ${DOSSIERS} generated`);
}

async function timeReports() {
  const [counts] = await queryRows<{ monthly: number; overdue: number }>(
    db,
    sql`select (select count(*)::int from dossier_monthly_rollups) as monthly, (select count(*)::int from dossier_overdue_rollups) as overdue`,
  );
  console.log(
    `timing over dossier_monthly_rollups ${counts!.monthly.toLocaleString('en')} rows, dossier_overdue_rollups ${counts!.overdue.toLocaleString('en')} rows`,
  );
  const cases: [string, () => Promise<unknown>][] = [
    ['report, whole province (CSV)', async () => reportFile(await timelinessReport(db, { year: YEAR, unit: null, asOf: null, by: 'unit' }, TODAY), 'csv')],
    ['report --unit S001 (CSV)', async () => reportFile(await timelinessReport(db, { year: YEAR, unit: 'S001', asOf: null, by: 'unit' }, TODAY), 'csv')],
    ['report --unit X250 (CSV)', async () => reportFile(await timelinessReport(db, { year: YEAR, unit: 'X250', asOf: null, by: 'unit' }, TODAY), 'csv')],
    ['report --by field (CSV)', async () => reportFile(await timelinessReport(db, { year: YEAR, unit: null, asOf: null, by: 'field' }, TODAY), 'csv')],
    [
      'report --as-of 2025-06-30 (CSV)',
      async () => reportFile(await timelinessReport(db, { year: YEAR, unit: null, asOf: '2025-06-30', by: 'unit' }, TODAY), 'csv'),
    ],
    [
      'report --as-of 2025-06-16 (CSV)',
      async () => reportFile(await timelinessReport(db, { year: YEAR, unit: null, asOf: '2025-06-16', by: 'unit' }, TODAY), 'csv'),
    ],
    [
      'report --as-of 2026-01-10 (CSV)',
      async () => reportFile(await timelinessReport(db, { year: YEAR, unit: null, asOf: '2026-01-10', by: 'unit' }, TODAY), 'csv'),
    ],
    [
      'dashboard, province (all figures)',
      () => timelinessDashboard(db, { year: YEAR, block: null, unit: null, field: null, channel: null, asOf: null }, TODAY, { kind: 'province' }),
    ],
  ];
  // For comparison only (not in the schema): the same per-unit sums from a unit × month summary of the rollups,
  // what a coarser rollup kept by the import would cost the report.
  await db.execute(sql`create table if not exists bench_unit_month as
    select unit_id, month, sum(received)::int as received, sum(resolved)::int as resolved, sum(early)::int as early,
           sum(on_time)::int as on_time, sum(late)::int as late
    from dossier_monthly_rollups group by unit_id, month`);
  await db.execute(sql`analyze bench_unit_month`);
  cases.push([
    'for comparison: unit × month summary',
    () =>
      queryRows(
        db,
        sql`select unit_id, sum(received), sum(resolved), sum(early), sum(on_time), sum(late) from bench_unit_month
            where month >= '2025-01-01' and month < '2026-01-01' group by unit_id`,
      ),
  ]);
  const first = await timelinessReport(db, { year: YEAR, unit: null, asOf: null, by: 'unit' }, TODAY);
  console.log(`report rows: ${first.rows.length} units, as of ${first.as_of}; first: ${JSON.stringify(first.rows[0])}`);
  if (first.rows.length === 0) benchFailure('the whole-province report has no rows');
  // At a month end the report by unit reads the month-end overdue rollup, by field it never does: the same overdue.
  for (const asOf of [first.as_of, '2025-06-30']) {
    const byUnit = await timelinessReport(db, { year: YEAR, unit: null, asOf, by: 'unit' }, TODAY);
    const byField = await timelinessReport(db, { year: YEAR, unit: null, asOf, by: 'field' }, TODAY);
    const perUnit = new Map<string, number>();
    for (const r of byField.rows) perUnit.set(r.unit_code, (perUnit.get(r.unit_code) ?? 0) + r.overdue_processing);
    const differ = byUnit.rows.filter((r) => r.overdue_processing !== (perUnit.get(r.unit_code) ?? 0));
    if (differ.length > 0) benchFailure(`overdue at ${asOf}: ${differ.length} units differ between the report by unit and by field`);
  }
  console.log(`\n${RUNS} runs each (after 3 warm-up runs):`);
  const p50 = new Map<string, number>();
  for (const [label, run] of cases) {
    for (let i = 0; i < 3; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push((await timeIt(run)).ms);
    p50.set(label, percentile(times, 50));
    console.log(
      `  ${label.padEnd(36)} p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms   max ${Math.max(...times).toFixed(1)} ms`,
    );
  }
  const province = p50.get(cases[0]![0])!;
  const summary = p50.get(cases.at(-1)![0])!;
  const midMonth = p50.get('report --as-of 2025-06-16 (CSV)')!;
  const dataDate = p50.get('report --as-of 2026-01-10 (CSV)')!;
  console.log(
    `ratio whole-province report (as of ${first.as_of}) / unit × month summary (p50): ${(province / summary).toFixed(1)} (target ≤ 3); ` +
      `as of 2025-06-16, not a month end: ${(midMonth / summary).toFixed(1)}; as of the data date 2026-01-10 (like today in a running year): ${(dataDate / summary).toFixed(1)}; target p50 < 100 ms: ${province < 100 ? 'met' : 'not met'} (${province.toFixed(1)} ms)`,
  );
}
