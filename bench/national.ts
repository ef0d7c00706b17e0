/**
 * The national benchmark (issue 14, item 7): 34 provinces, ~4,500 units, five years of dossiers in one database,
 * partitioned by year of receipt; then, on that database, the figures a national deployment lives by:
 *   - import: a 1,000,000-dossier file of one province-year through the real path (importDossierFile: streaming parse,
 *     rules, COPY into staging, merge, rollups) into the full table, against `\copy` of the same file into a table
 *     keyed on `code` (the baseline, same run);
 *   - reports: the timeliness report of the nation and of one province, `--by field`, the dashboard (nation and one
 *     province), one unit's report, against a unit × month summary of the same rollups (baseline), p50/p95;
 *   - recompute: the results of every province's round (4,500 units × 120 criteria) through computeRoundResults;
 *   - ranking: the results API's answer of one province (visibleResultsJson), p50;
 *   - with a streaming replica (pg_basebackup of the server into a second cluster, as test/http/replica.test.ts
 *     does): the same reports read on the replica, and its lag while the import runs on the primary;
 *   - sizes: the database, each year's partition, the rollups.
 * Exits 1 if a count is wrong (rows generated, rollups, import). Figures: docs/scale.md "The national benchmark".
 *   npx tsx bench/national.ts [--size small|full] [--provinces N] [--units N] [--years N] [--dossiers N] [--import-rows N]
 *                             [--runs R] [--skip-replica] [--keep]
 *   --units: per province; --dossiers: per year. Full (default): 34 provinces × 132 units, 5 years × 6,000,000 dossiers
 *   (30 million), a 1,000,000-row import, 20 runs. Small (CI): 2 × 10 units, 2 years × 10,000, 2,000 rows, 3 runs.
 *   DATABASE_URL names the server (default the local one; a superuser, for the replica); a scratch database is
 *   created and dropped (kept with --keep).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { type Db, openReplica, queryRows } from '../src/db/client.js';
import { ReadRouting } from '../src/db/replica.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { importDossierFile } from '../src/modules/dossiers/import.js';
import { rebuildAllRollups, ROLLUP_TABLES } from '../src/modules/dossiers/merge.js';
import { computeRoundResults, visibleResultsJson } from '../src/modules/results/service.js';
import { findRound } from '../src/modules/results/queries.js';
import { timelinessDashboard, timelinessReport } from '../src/modules/timeliness/service.js';
import { startReplica } from '../test/helpers/replica.js';
import { benchDatabase, benchFailure, benchOptions, fmt, median, percentile, timeIt } from './lib.js';

const options = benchOptions({
  usage:
    'npx tsx bench/national.ts [--size small|full] [--provinces N] [--units N] [--years N] [--dossiers N] [--import-rows N] [--runs R] [--skip-replica] [--keep]',
  numbers: {
    provinces: { full: 34, small: 2 },
    units: { full: 132, small: 10 },
    years: { full: 5, small: 2 },
    dossiers: { full: 6_000_000, small: 10_000 },
    'import-rows': { full: 1_000_000, small: 2_000 },
    runs: { full: 20, small: 3 },
  },
  flags: ['skip-replica', 'keep'],
});
const PROVINCES = options.n.provinces;
const UNITS_PER_PROVINCE = options.n.units;
const DEPARTMENTS = Math.min(20, Math.floor(UNITS_PER_PROVINCE / 3));
const UNITS = PROVINCES * UNITS_PER_PROVINCE;
const YEARS = options.n.years;
const LAST_YEAR = 2025;
const FIRST_YEAR = LAST_YEAR - YEARS + 1;
const PER_YEAR = options.n.dossiers;
const IMPORT_ROWS = options.n['import-rows'];
const RUNS = options.n.runs;
const PROCEDURES_PER_UNIT = 20;
const FIELDS = 12;
const CRITERIA_FIELDS = 10;
const LEAVES_PER_FIELD = 12;
const BATCH = 1_000_000;
const TODAY = '2026-11-28';
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const DOSSIER_COLUMNS = sql.raw(
  'code, unit_id, procedure_id, field, channel, status, received_at, due_at, due_computed, resolved_at, returned_at, received_date, due_date, resolved_date, timeliness',
);

const province = (p: number) => `T${String(p).padStart(2, '0')}`;

const bench = await benchDatabase('parindex_bench_national');
const { db } = bench.database;
const printed: string[] = [];
const say = (line: string) => {
  printed.push(line);
  console.log(line);
};
try {
  say(
    `national benchmark: ${PROVINCES} provinces × ${UNITS_PER_PROVINCE} units = ${UNITS.toLocaleString('en')} units, ` +
      `${YEARS} years (${FIRST_YEAR}–${LAST_YEAR}) × ${PER_YEAR.toLocaleString('en')} dossiers = ${(YEARS * PER_YEAR).toLocaleString('en')}; ` +
      `${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  await setUp();
  await generateDossiers();
  await generateScores();
  await sizes();
  const primary = await timeReads(db, 'primary');
  const imported = await timeImport();
  await timeResults();
  if (!options.flag('skip-replica')) await withReplica(primary, imported.file);
  fs.rmSync(path.dirname(imported.file), { recursive: true, force: true });
} finally {
  if (options.flag('keep')) {
    console.log(`kept: ${bench.url}`);
    await bench.database.close();
  } else await bench.drop();
}

/** Provinces as blocks (a province's departments and communes rank together), units, memberships and procedures. */
async function setUp() {
  const setup = await timeIt(async () => {
    await db.execute(sql`insert into blocks (code, name)
      select 'T' || lpad(p::text, 2, '0'), 'Tỉnh ' || p from generate_series(1, ${PROVINCES}::int) p order by p`);
    await db.execute(sql`insert into units (code, name, search_key, status, valid_from_year)
      select 'T' || lpad(p::text, 2, '0') || case when i <= ${DEPARTMENTS} then 'S' else 'X' end || lpad(i::text, 3, '0'),
             case when i <= ${DEPARTMENTS} then 'Sở ' else 'Xã ' end || i || ' tỉnh ' || p, 'don vi ' || p || ' ' || i, 'active', ${FIRST_YEAR}
      from generate_series(1, ${PROVINCES}::int) p, generate_series(1, ${UNITS_PER_PROVINCE}::int) i order by p, i`);
    await db.execute(sql`insert into unit_memberships (unit_id, year, block_id)
      select u.id, y, b.id from units u join blocks b on b.code = left(u.code, 3), generate_series(${FIRST_YEAR}::int, ${LAST_YEAR}::int) y`);
    await db.execute(sql`insert into procedures (code, name, search_key, field, unit_id, legal_days, internal_days, online_level)
      select u.code || '.' || k, 'Thủ tục ' || k || ' của ' || u.name, 'thu tuc ' || k, 'Lĩnh vực ' || (k % ${FIELDS}), u.id,
             3 + k % 10, 2 + k % 8, case when k % 3 = 0 then 'full' when k % 3 = 1 then 'partial' else 'none' end
      from units u, generate_series(0, ${PROCEDURES_PER_UNIT - 1}::int) k order by u.id, k`);
  });
  say(`setup: ${PROVINCES} blocks (provinces), ${UNITS} units, ${UNITS * PROCEDURES_PER_UNIT} procedures in ${fmt(setup.ms)}`);
}

/**
 * Dossiers numbered from `first` to `last`, received in `year`, as rows of `dossiers` (pseudo-random but repeatable
 * from hashes of the number): units skewed (a few take most), the procedure's time limit, 70 % early, 20 % on the due
 * date, 10 % late, some still open at the data date, 3 % withdrawn or rejected.
 */
function dossierRows(first: number, last: number, year: number, codePrefix: string) {
  const r = (salt: number) => sql.raw(`((hashint8(i * 8 + ${salt})::bigint + 2147483648) / 4294967296.0)`);
  const dataDate = `${year + 1}-01-10`;
  return sql`select ${codePrefix} || lpad(i::text, 9, '0') as code, u as unit_id, (u - 1) * ${PROCEDURES_PER_UNIT} + k + 1 as procedure_id,
           'Lĩnh vực ' || (k % ${FIELDS}) as field,
           case when k % 3 = 0 and ${r(3)} < 0.85 then 'online' when ${r(3)} < 0.97 then 'direct' else 'postal' end as channel,
           case when gone = 1 then 'withdrawn' when gone = 2 then 'rejected' when res is null then 'processing' else 'resolved' end as status,
           (rec + time '07:30' + minutes * interval '1 minute') at time zone 'Asia/Ho_Chi_Minh' as received_at,
           (due + time '17:00') at time zone 'Asia/Ho_Chi_Minh' as due_at, false as due_computed,
           (res + time '17:30') at time zone 'Asia/Ho_Chi_Minh' as resolved_at, null::timestamptz as returned_at,
           rec as received_date, due as due_date, res as resolved_date,
           case when res is null then null when res < due then 'early' when res = due then 'on_time' else 'late' end as timeliness
    from (
      select i, u, k, gone, rec, due, minutes, case when gone > 0 or rec + taken > ${dataDate}::date then null else rec + taken end as res
      from (
        select i, u, k, rec, minutes, rec + limit_days as due,
               case when ${r(4)} < 0.02 then 1 when ${r(4)} < 0.03 then 2 else 0 end as gone,
               case when ${r(5)} < 0.70 then floor(limit_days * ${r(6)})::int when ${r(5)} < 0.90 then limit_days
                    else limit_days + 1 + floor(limit_days * 1.5 * ${r(6)})::int end as taken
        from (
          select i, u, k, make_date(${year}, 1, 1) + floor(365 * ${r(2)})::int as rec, floor(540 * ${r(7)})::int as minutes,
                 ceil((3 + k % 10) * 1.4)::int as limit_days
          from (
            select i, 1 + floor(${UNITS} * power(${r(0)}, 2))::int as u, floor(${PROCEDURES_PER_UNIT} * power(${r(1)}, 3))::int as k
            from generate_series(${first}::bigint, ${last}::bigint) i
          ) a
        ) b
      ) c
    ) d`;
}

async function generateDossiers() {
  const total = YEARS * PER_YEAR;
  const generate = await timeIt(async () => {
    // Loading is faster without the secondary indexes (each partition keeps its unique index on code).
    const secondary = await queryRows<{ name: string; definition: string }>(
      db,
      sql`select indexname as name, indexdef as definition from pg_indexes where schemaname = current_schema() and tablename = 'dossiers'`,
    );
    for (const index of secondary) await db.execute(sql`drop index ${sql.identifier(index.name)}`);
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      await db.execute(sql`select dossier_year_partition(${year})`);
      const base = (year - FIRST_YEAR) * PER_YEAR;
      for (let start = 1; start <= PER_YEAR; start += BATCH) {
        const end = Math.min(PER_YEAR, start + BATCH - 1);
        await db.execute(sql`insert into dossiers (${DOSSIER_COLUMNS}) ${dossierRows(base + start, base + end, year, 'HS')}`);
        process.stdout.write(`\r  dossiers: ${(base + end).toLocaleString('en')} / ${total.toLocaleString('en')}`);
      }
    }
    process.stdout.write('\n');
    // pg_indexes gives a partitioned table's index as ON ONLY (the parent alone): made again on every partition.
    for (const index of secondary) await db.execute(sql.raw(index.definition.replace(' ON ONLY ', ' ON ')));
  });
  const rebuild = await timeIt(() => rebuildAllRollups(db));
  await db.execute(sql`analyze`);
  const [counts] = await queryRows<{ dossiers: number; received: number; monthly: number; overdue: number }>(
    db,
    sql`select (select count(*)::int from dossiers) as dossiers, (select sum(received)::int from dossier_monthly_rollups) as received,
               (select count(*)::int from dossier_monthly_rollups) as monthly, (select count(*)::int from dossier_overdue_rollups) as overdue`,
  );
  say(
    `generated ${total.toLocaleString('en')} dossiers in ${fmt(generate.ms)}; rollups rebuilt in ${fmt(rebuild.ms)}: ` +
      `${counts!.monthly.toLocaleString('en')} monthly rows, ${counts!.overdue.toLocaleString('en')} overdue rows`,
  );
  if (counts!.dossiers !== total || counts!.received !== total)
    benchFailure(`${counts!.dossiers} dossiers and ${counts!.received} in the rollups, not ${total}`);
}

/** A framework of 120 criteria per province for the last year, a round per province, every unit scored. */
async function generateScores() {
  const setup = await timeIt(async () => {
    const classes = JSON.stringify([
      { label: 'A', min: 90 },
      { label: 'B', min: 80 },
      { label: 'C', min: 70 },
      { label: 'D', min: 0 },
    ]);
    await db.execute(
      sql`insert into frameworks (year, block_id, name, classes) select ${LAST_YEAR}, id, 'Bộ tiêu chí ' || code, ${classes}::jsonb from blocks`,
    );
    await db.execute(sql`insert into criteria (framework_id, code, position, title, max_points, method)
      select fw.id, f::text, f * 100, 'Lĩnh vực ' || f, 10, 'manual' from frameworks fw, generate_series(1, ${CRITERIA_FIELDS}::int) f
      union all
      select fw.id, f || '.' || l, f * 100 + l, 'Tiêu chí ' || f || '.' || l, case when l <= 8 then 0.75 else 1 end, 'manual'
      from frameworks fw, generate_series(1, ${CRITERIA_FIELDS}::int) f, generate_series(1, ${LEAVES_PER_FIELD}::int) l`);
    await db.execute(sql`insert into rounds (framework_id, year, block_id, status, historical) select id, year, block_id, 'approved', true from frameworks`);
    await db.execute(sql`insert into unit_assessments (round_id, unit_id)
      select r.id, m.unit_id from rounds r join unit_memberships m on m.block_id = r.block_id and m.year = r.year`);
    await db.execute(sql`insert into scores (round_id, unit_id, criterion_id, not_applicable, self_score, appraised_score, council_score)
      select a.round_id, a.unit_id, c.id, (a.unit_id * 7 + c.id * 13) % 31 = 0,
        round((c.max_points * ((a.unit_id * 31 + c.id * 17) % 101) / 100)::numeric, 2),
        case when (a.unit_id + c.id) % 5 < 2 then round((c.max_points * ((a.unit_id * 13 + c.id * 7) % 101) / 100)::numeric, 2) end,
        case when (a.unit_id * 3 + c.id) % 10 = 0 then round((c.max_points * ((a.unit_id * 11 + c.id * 5) % 101) / 100)::numeric, 2) end
      from unit_assessments a join rounds r on r.id = a.round_id join criteria c on c.framework_id = r.framework_id and c.code like '%.%'`);
    await db.execute(sql`analyze`);
  });
  const [{ n }] = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from scores`)) as [{ n: number }];
  say(`scores: ${PROVINCES} rounds, ${n.toLocaleString('en')} scores in ${fmt(setup.ms)}`);
}

async function sizes() {
  const rows = await queryRows<{ name: string; bytes: string }>(
    db,
    sql`select c.relname as name, pg_total_relation_size(c.oid)::text as bytes from pg_class c
        where c.relkind in ('r', 'p') and (c.relname like 'dossiers_y%' or c.relname in ('dossiers_default', ${sql.raw(ROLLUP_TABLES.map((table) => `'${table}'`).join(', '))}, 'scores'))
        order by c.relname`,
  );
  const [{ total }] = (await queryRows<{ total: string }>(db, sql`select pg_database_size(current_database())::text as total`)) as [{ total: string }];
  const mb = (bytes: string | number) => `${(Number(bytes) / 1024 ** 2).toFixed(0)} MB`;
  say(`sizes: database ${mb(total)}; ${rows.map((r) => `${r.name} ${mb(r.bytes)}`).join(', ')}`);
}

interface ReadTimes {
  p50: Map<string, number>;
}

/** The reports and dashboards of the last year on `reader`, p50 and p95 over RUNS runs after 2 warm-ups. */
async function timeReads(reader: Db, label: string): Promise<ReadTimes> {
  const year = LAST_YEAR;
  const provinceCode = province(1);
  const unitCode = `${provinceCode}X${String(UNITS_PER_PROVINCE).padStart(3, '0')}`;
  await db.execute(sql`create table if not exists bench_unit_month as
    select unit_id, month, sum(received)::int as received, sum(resolved)::int as resolved, sum(early)::int as early,
           sum(on_time)::int as on_time, sum(late)::int as late
    from dossier_monthly_rollups group by unit_id, month`);
  await db.execute(sql`analyze bench_unit_month`);
  const cases: [string, () => Promise<unknown>][] = [
    ['report, nation (every unit)', () => timelinessReport(reader, { year, unit: null, asOf: null, by: 'unit' }, TODAY)],
    ['report --by field, nation', () => timelinessReport(reader, { year, unit: null, asOf: null, by: 'field' }, TODAY)],
    [`report --unit ${unitCode}`, () => timelinessReport(reader, { year, unit: unitCode, asOf: null, by: 'unit' }, TODAY)],
    [
      'dashboard, nation',
      () => timelinessDashboard(reader, { year, block: null, unit: null, field: null, channel: null, asOf: null }, TODAY, { kind: 'province' }),
    ],
    [
      `dashboard, province ${provinceCode}`,
      () => timelinessDashboard(reader, { year, block: provinceCode, unit: null, field: null, channel: null, asOf: null }, TODAY, { kind: 'province' }),
    ],
    [
      'baseline: unit × month summary',
      () =>
        queryRows(
          reader,
          sql`select unit_id, sum(received), sum(resolved), sum(early), sum(on_time), sum(late) from bench_unit_month
              where month >= ${`${year}-01-01`}::date and month < ${`${year + 1}-01-01`}::date group by unit_id`,
        ),
    ],
  ];
  say(`\nreads on the ${label}, ${RUNS} runs each:`);
  const p50 = new Map<string, number>();
  for (const [name, run] of cases) {
    for (let i = 0; i < 2; i++) await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push((await timeIt(run)).ms);
    p50.set(name, percentile(times, 50));
    say(`  ${name.padEnd(36)} p50 ${percentile(times, 50).toFixed(1)} ms   p95 ${percentile(times, 95).toFixed(1)} ms`);
  }
  const baseline = p50.get('baseline: unit × month summary')!;
  const nation = p50.get('report, nation (every unit)')!;
  say(
    `  report, nation / baseline: ${(nation / baseline).toFixed(1)} (target ≤ 3: ${nation <= 3 * baseline ? 'met' : 'not met'}); ` +
      `--by field ${p50.get('report --by field, nation')!.toFixed(0)} ms and the nation's dashboard ${p50.get('dashboard, nation')!.toFixed(0)} ms ` +
      `(target < 100 ms: ${p50.get('report --by field, nation')! < 100 && p50.get('dashboard, nation')! < 100 ? 'met' : 'not met'})`,
  );
  return { p50 };
}

/** One province-year file of new dossiers (CSV, the import format), written by the database itself. */
async function writeImportFile(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-bench-national-'));
  const file = path.join(dir, 'dossiers.csv');
  await db.execute(sql`create unlogged table bench_import as ${dossierRows(1, IMPORT_ROWS, LAST_YEAR, 'NEW')}`);
  const client = new pg.Client({ connectionString: bench.url });
  await client.connect();
  try {
    const local = (column: string) => `to_char(${column} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI')`;
    const stream = client.query(
      copyTo(`copy (select b.code as code, u.code as unit_code, p.code as procedure_code, '' as field, b.channel, ${local('b.received_at')} as received_at,
                     ${local('b.due_at')} as due_at, coalesce(${local('b.resolved_at')}, '') as resolved_at, '' as returned_at, b.status
              from bench_import b join units u on u.id = b.unit_id join procedures p on p.id = b.procedure_id order by b.code)
              to stdout with (format csv, header)`),
    );
    await pipeline(stream, fs.createWriteStream(file));
  } finally {
    await client.end();
  }
  await db.execute(sql`drop table bench_import`);
  return file;
}

async function timeImport(): Promise<{ file: string }> {
  const file = await writeImportFile();
  const size = fs.statSync(file).size;
  const phases: string[] = [];
  const imported = await timeIt(() =>
    importDossierFile(bench.database, systemActor('bench:national'), {
      stream: fs.createReadStream(file, { highWaterMark: 64 * 1024 }),
      fileName: 'dossiers.csv',
      bytesTotal: size,
      skipInvalid: false,
      source: 'cli',
      onPhase: (phase, ms) => phases.push(`${phase} ${(ms / 1000).toFixed(2)} s`),
    }),
  );
  if (imported.value.status !== 'done' || imported.value.inserted !== IMPORT_ROWS) {
    benchFailure(`the import did not insert ${IMPORT_ROWS} rows: ${JSON.stringify(imported.value).slice(0, 500)}`);
  }
  await db.execute(sql`create table keyed_dossiers (code text primary key, unit_code text, procedure_code text, field text, channel text,
    received_at text, due_at text, resolved_at text, returned_at text, status text)`);
  const copied = spawnSync('psql', [bench.url, '-q', '-c', `\\copy keyed_dossiers from '${file}' with (format csv, header)`], { encoding: 'utf8' });
  if (copied.status !== 0) benchFailure(`psql \\copy failed: ${copied.stderr}`);
  const started = process.hrtime.bigint();
  await db.execute(sql`truncate keyed_dossiers`);
  const again = spawnSync('psql', [bench.url, '-q', '-c', `\\copy keyed_dossiers from '${file}' with (format csv, header)`], { encoding: 'utf8' });
  const copyMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (again.status !== 0) benchFailure(`psql \\copy failed: ${again.stderr}`);
  await db.execute(sql`drop table keyed_dossiers`);
  say(
    `\nimport of ${IMPORT_ROWS.toLocaleString('en')} new dossiers of ${LAST_YEAR} (${(size / 1e6).toFixed(0)} MB) into ${(YEARS * PER_YEAR).toLocaleString('en')}: ` +
      `${fmt(imported.ms)} (${phases.join(', ')}); psql \\copy into a table keyed on code: ${fmt(copyMs)}; ` +
      `ratio ${(imported.ms / copyMs).toFixed(1)} (target ≤ 3: ${imported.ms <= 3 * copyMs ? 'met' : 'not met'})`,
  );
  return { file };
}

async function timeResults() {
  const rounds = await queryRows<{ code: string }>(db, sql`select code from blocks order by code`);
  const perRound: number[] = [];
  const all = await timeIt(async () => {
    for (const { code } of rounds) {
      const round = await findRound(db, LAST_YEAR, code);
      if (!round) throw new Error(`no round for ${code}`);
      perRound.push((await timeIt(() => computeRoundResults(db, round))).ms);
    }
  });
  const ranking: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t = await timeIt(() => visibleResultsJson(db, LAST_YEAR, province(1), true));
    if (i >= 2) ranking.push(t.ms);
  }
  say(
    `\nrecompute: every province's round (${UNITS.toLocaleString('en')} units × ${CRITERIA_FIELDS * LEAVES_PER_FIELD} criteria) ${fmt(all.ms)} ` +
      `(median per province ${fmt(median(perRound))}); ranking of one province (results API, live) p50 ${percentile(ranking, 50).toFixed(1)} ms`,
  );
}

/** A real replica of the server: the same reads on it, and its lag while a second import runs on the primary. */
async function withReplica(primary: ReadTimes, file: string) {
  const started = await timeIt(() => startReplica(serverUrl));
  const replica = started.value;
  try {
    await replica.waitCaughtUp(600_000);
    say(`\nreplica: pg_basebackup and start in ${fmt(started.ms)} (port ${replica.port})`);
    const connection = openReplica(replica.urlOf(bench.url));
    const routing = new ReadRouting(db, connection, { maxLagMs: 30_000, readYourWritesMs: 5_000, checkEveryMs: 0 });
    try {
      const onReplica = await timeReads(connection.db, 'replica');
      for (const [name, ms] of onReplica.p50) say(`  ${name.padEnd(36)} replica / primary p50: ${(ms / primary.p50.get(name)!).toFixed(2)}`);
      // The lag while the primary imports the same province-year again, every row changed.
      const lags: number[] = [];
      let importing = true;
      const watcher = (async () => {
        while (importing) {
          const status = await routing.current();
          if (status.lagSeconds !== null) lags.push(status.lagSeconds);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      })();
      const changed = `${file}.changed.csv`;
      // Every row's field given (it was left to the procedure's; COPY writes the empty text as ""): every dossier changes.
      fs.writeFileSync(changed, fs.readFileSync(file, 'utf8').replace(/^([^,\n]*,[^,\n]*,[^,\n]*),"",/gm, '$1,Lĩnh vực khác,'));
      const reimport = await timeIt(() =>
        importDossierFile(bench.database, systemActor('bench:national'), {
          stream: fs.createReadStream(changed, { highWaterMark: 64 * 1024 }),
          fileName: 'changed.csv',
          bytesTotal: fs.statSync(changed).size,
          skipInvalid: false,
          source: 'cli',
        }),
      );
      importing = false;
      await watcher;
      if (reimport.value.status !== 'done' || reimport.value.updated !== IMPORT_ROWS) {
        benchFailure(`the re-import did not update ${IMPORT_ROWS} rows: ${JSON.stringify(reimport.value).slice(0, 500)}`);
      }
      const caughtUp = await timeIt(() => replica.waitCaughtUp(600_000));
      say(
        `  during a re-import on the primary (${fmt(reimport.ms)}, ${reimport.value.updated.toLocaleString('en')} updated): replica lag ` +
          `max ${Math.max(0, ...lags).toFixed(2)} s, median ${lags.length ? median(lags).toFixed(2) : '—'} s; caught up ${fmt(caughtUp.ms)} after the commit`,
      );
    } finally {
      await routing.close();
    }
  } finally {
    await replica.stop();
  }
}
