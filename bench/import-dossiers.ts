import type { PGlite } from '@electric-sql/pglite';
/**
 * Dossier import against bare COPY. Generates a dossier CSV (default 1,000,000 rows: ~150 units, ~2,000 procedures,
 * 3 channels, some due_at empty, some unresolved, ~5 % late), then:
 *   PostgreSQL — imports it through the real path (`parindex import dossiers`: streaming parse, validation, due dates
 *   from the calendar, COPY into staging, merge, rollups) in a child process whose peak RSS is measured, and loads
 *   the same file with `psql \copy` into a table of the same ten columns keyed on code (the baseline) and into a bare
 *   one; prints the times side by side and the ratio to the keyed copy (issue 14: ≤ 3, stretch 2), a re-import of
 *   the unchanged file (≤ 2 × the keyed copy), the peak RSS (< 300 MB), and a re-import in which every open dossier
 *   is resolved (its unresolved overdue rows fall to zero and are deleted);
 *   PGlite — the same against PGlite's own raw `COPY … FROM '/dev/blob'` of the same file (fewer rows by default; ≤ 3).
 *
 *   npx tsx bench/import-dossiers.ts [--size small|full] [--rows N] [--pglite-rows N] [--skip-pglite]
 * Full (default): 1,000,000 rows, 200,000 on PGlite; small (CI): 5,000 and 2,000. DATABASE_URL names the server
 * (default the local one); a scratch database is created and dropped. Exits 1 if an import does not load every row,
 * or the re-import changes anything. Figures: docs/performance.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase, queryRows } from '../src/db/client.js';
import { createDatabase, dropDatabase } from '../src/db/admin.js';
import { benchFailure, benchOptions, fmt, timeIt } from './lib.js';

const options = benchOptions({
  usage: 'npx tsx bench/import-dossiers.ts [--size small|full] [--rows N] [--pglite-rows N] [--skip-pglite]',
  numbers: { rows: { full: 1_000_000, small: 5_000 }, 'pglite-rows': { full: 200_000, small: 2_000 } },
  flags: ['skip-pglite'],
});
const ROWS = options.n.rows;
const PGLITE_ROWS = options.given('pglite-rows') ? options.n['pglite-rows'] : Math.min(ROWS, options.n['pglite-rows']);
const SKIP_PGLITE = options.flag('skip-pglite');
const UNITS = 150;
const PROCEDURES = 2000;
const ROOT = path.resolve(import.meta.dirname, '..');
const HEADER = 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status';
const CHANNELS = ['direct', 'online', 'postal'];
const FIELDS = ['Hộ tịch', 'Chứng thực', 'Đất đai', 'Xây dựng', 'Kinh doanh', 'Lao động', 'Giáo dục', 'Y tế', 'Tư pháp', 'Giao thông'];

/** A tiny deterministic generator (mulberry32), so every run imports the same file. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const DAY = 86_400_000;
const BASE = Date.UTC(2025, 0, 1);
/** Local wall-clock text (no offset) of a UTC-based "local" millisecond count. */
const localText = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`;
};
const nextWeekday = (ms: number) => {
  let d = ms;
  while ([0, 6].includes(new Date(d).getUTCDay())) d += DAY;
  return d;
};

/** `resolveOpen`: the same file with every dossier still open resolved late (two days after its due date). */
async function generate(file: string, rows: number, resolveOpen = false) {
  const next = random(42);
  const out = fs.createWriteStream(file);
  let buffer = `${HEADER}\n`;
  for (let i = 0; i < rows; i++) {
    const p = Math.floor(next() * PROCEDURES);
    const unit = `U${pad(p % UNITS, 3)}`;
    const channel = CHANNELS[Math.floor(next() * 3)]!;
    const received = nextWeekday(BASE + Math.floor(next() * 360) * DAY) + (7 + Math.floor(next() * 10)) * 3_600_000 + Math.floor(next() * 60) * 60_000;
    const limit = 1 + (p % 15);
    const dueGiven = next() < 0.6;
    const due = received + Math.ceil(limit * 1.45) * DAY;
    const r = next();
    let resolved = '';
    let returned = '';
    let status = 'processing';
    if (r < 0.9) {
      // ~5 % of all rows late: resolved after the due day; the rest before or on it.
      const late = r > 0.855;
      const at = late ? due + (1 + Math.floor(next() * 5)) * DAY : received + Math.floor(next() * (due - received - 3_600_000));
      resolved = localText(at);
      status = next() < 0.7 ? 'returned' : 'resolved';
      if (status === 'returned') returned = localText(at + 3_600_000);
    } else if (r < 0.92) status = 'withdrawn';
    else if (resolveOpen) {
      resolved = localText(due + 2 * DAY);
      status = 'resolved';
    }
    const field = next() < 0.8 ? '' : FIELDS[p % FIELDS.length]!;
    buffer += `HS-${pad(i, 8)},${unit},TT.${pad(p, 4)},${field},${channel},${localText(received)}${next() < 0.3 ? '+07:00' : ''},${dueGiven ? localText(due) : ''},${resolved},${returned},${status}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/** The units, procedures and calendar the file refers to. */
async function seed(database: Database) {
  const { db } = database;
  await db.execute(sql`insert into units (code, name, search_key, status, valid_from_year)
    select 'U' || lpad(i::text, 3, '0'), 'Đơn vị ' || i, 'u' || i, 'active', 2025 from generate_series(0, ${UNITS - 1}) i`);
  await db.execute(sql`insert into procedures (code, name, search_key, field, unit_id, legal_days, internal_days, online_level)
    select 'TT.' || lpad(p::text, 4, '0'), 'Thủ tục ' || p, 'tt' || p,
      (array['Hộ tịch','Chứng thực','Đất đai','Xây dựng','Kinh doanh','Lao động','Giáo dục','Y tế','Tư pháp','Giao thông'])[p % 10 + 1],
      (select id from units where code = 'U' || lpad((p % ${UNITS})::text, 3, '0')), 1 + p % 15 + 2, 1 + p % 15, 'full'
    from generate_series(0, ${PROCEDURES - 1}) p`);
  await db.execute(sql`insert into calendar_days (day, kind, name) values
    ('2025-01-01','holiday','Tết Dương lịch'), ('2025-01-27','holiday','Tết'), ('2025-01-28','holiday','Tết'), ('2025-01-29','holiday','Tết'),
    ('2025-01-30','holiday','Tết'), ('2025-01-31','holiday','Tết'), ('2025-04-07','holiday','Giỗ Tổ'), ('2025-04-30','holiday','30/4'),
    ('2025-05-01','holiday','1/5'), ('2025-05-02','holiday','Nghỉ bù'), ('2025-04-26','workday','Làm bù'), ('2025-09-01','holiday','Quốc khánh'),
    ('2025-09-02','holiday','Quốc khánh')`);
}

const BARE_TABLE = `create table bare_dossiers (code text, unit_code text, procedure_code text, field text, channel text,
  received_at text, due_at text, resolved_at text, returned_at text, status text)`;
const KEYED_TABLE = `create table keyed_dossiers (code text primary key, unit_code text, procedure_code text, field text, channel text,
  received_at text, due_at text, resolved_at text, returned_at text, status text)`;

/** Runs the real CLI import in a child process; returns its wall time and peak RSS (VmHWM, read by the wrapper). */
function runCliImport(
  file: string,
  env: Record<string, string>,
  nodeOptions: string[] = [],
): Promise<{ ms: number; peakMb: number; output: string; timings: string }> {
  const wrapper = path.join(os.tmpdir(), `parindex-bench-wrapper-${process.pid}.mjs`);
  // The wrapper runs the CLI in-process and prints its own peak RSS when it exits.
  fs.writeFileSync(
    wrapper,
    `import fs from 'node:fs';
process.on('exit', () => { const m = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8')); process.stderr.write('PEAK_RSS_KB=' + (m ? m[1] : process.resourceUsage().maxRSS) + '\\n'); });
const { runCli } = await import(${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))});
await runCli(['node', 'parindex', 'import', 'dossiers', '--timings', ${JSON.stringify(file)}]);
`,
  );
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    // Without DATABASE_URL in `env` the child uses PGlite, even when this script was given a server.
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, LOG_LEVEL: 'silent', PARINDEX_LANG: 'en' };
    if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
    const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', wrapper], { env: childEnv, cwd: ROOT, stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      fs.rmSync(wrapper, { force: true });
      const peak = /PEAK_RSS_KB=(\d+)/.exec(err);
      if (code !== 0) return reject(new Error(`import failed (${code}): ${out}${err}`));
      resolve({ ms, peakMb: peak ? Number(peak[1]) / 1024 : NaN, output: out.trim(), timings: /timings: (.*)/.exec(err)?.[1] ?? '' });
    });
  });
}

async function postgres(file: string, rows: number) {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `parindex_bench_dossiers_${process.pid}`;
  const url = await createDatabase(serverUrl, name);
  const database = await openDatabase({ kind: 'postgres', url });
  try {
    await database.migrate();
    await seed(database);
    await database.db.execute(sql.raw(BARE_TABLE));
    console.log(`\nPostgreSQL (${rows.toLocaleString('en')} rows)`);
    // psql's \copy: client-side read of the same file into the bare table.
    const copy = await timeIt(async () => {
      const res = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy bare_dossiers from '${file}' with (format csv, header true)`], {
        encoding: 'utf8',
      });
      if (res.status !== 0) throw new Error(`psql failed: ${res.stderr}`);
    });
    // The same with only a primary key on the dossier code: what a key alone costs a COPY (the import needs more).
    await database.db.execute(sql.raw(KEYED_TABLE));
    const keyed = await timeIt(async () => {
      const res = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy keyed_dossiers from '${file}' with (format csv, header true)`], {
        encoding: 'utf8',
      });
      if (res.status !== 0) throw new Error(`psql failed: ${res.stderr}`);
    });
    const cli = await runCliImport(file, { DATABASE_URL: url });
    console.log(`  real import (parindex import dossiers, child process): ${fmt(cli.ms)}, peak RSS ${cli.peakMb.toFixed(0)} MB (target < 300 MB)`);
    console.log(`    ${cli.output}`);
    console.log(`    phases: ${cli.timings} (the rest: starting node and tsx, opening the database, loading the look-ups)`);
    console.log(`  psql \\copy into the same 10 columns with a primary key on code (baseline): ${fmt(keyed.ms)}`);
    console.log(`  psql \\copy into a bare 10-column table (for scale): ${fmt(copy.ms)} (keyed = ${(keyed.ms / copy.ms).toFixed(2)} × bare)`);
    console.log(
      `  ratio real / keyed \\copy: ${(cli.ms / keyed.ms).toFixed(2)} (target ≤ 3, stretch ≤ 2); real / bare \\copy: ${(cli.ms / copy.ms).toFixed(2)}`,
    );
    const [check] = await queryRows<{ dossiers: number; received: number; late: number; overdue: number }>(
      database.db,
      sql`select (select count(*)::int from dossiers) as dossiers, (select sum(received)::int from dossier_monthly_rollups) as received,
                 (select sum(late)::int from dossier_monthly_rollups) as late, (select sum(count)::int from dossier_overdue_rollups) as overdue`,
    );
    console.log(
      `  check: ${check!.dossiers} dossiers, rollups: ${check!.received} received, ${check!.late} late (${((100 * check!.late) / check!.dossiers).toFixed(1)} %), ${check!.overdue} in the overdue table`,
    );
    if (check!.dossiers !== rows || check!.received !== rows)
      benchFailure(`PostgreSQL: ${check!.dossiers} dossiers and ${check!.received} received in the rollups, not ${rows}`);
    // The same with the old generation capped: V8 then collects instead of growing (the live set is small). The
    // database is put back as it was before the first import: no dossiers, no rollups, no year partitions.
    const years = await queryRows<{ table: string }>(
      database.db,
      sql`select c.relname as table from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'dossiers'::regclass and c.relname like 'dossiers_y%'`,
    );
    for (const { table } of years) await database.db.execute(sql.raw(`drop table ${table}`));
    await database.db.execute(sql`truncate dossiers cascade`);
    await database.db.execute(sql`delete from dossier_monthly_rollups`);
    await database.db.execute(sql`delete from dossier_yearly_rollups`);
    await database.db.execute(sql`delete from dossier_overdue_rollups`);
    const capped = await runCliImport(file, { DATABASE_URL: url }, ['--max-old-space-size=128']);
    console.log(`  the same import with node --max-old-space-size=128: ${fmt(capped.ms)}, peak RSS ${capped.peakMb.toFixed(0)} MB`);
    // Re-importing the same file: every row unchanged.
    const again = await runCliImport(file, { DATABASE_URL: url });
    console.log(`  re-import of the same file: ${fmt(again.ms)}, peak RSS ${again.peakMb.toFixed(0)} MB — ${again.output}`);
    console.log(`  ratio re-import / keyed \\copy: ${(again.ms / keyed.ms).toFixed(2)} (target ≤ 2)`);
    console.log(`    phases: ${again.timings}`);
    const [last] = await queryRows<{ status: string; inserted: number; updated: number; unchanged: number }>(
      database.db,
      sql`select status, inserted, updated, unchanged from dossier_imports order by id desc limit 1`,
    );
    if (last?.status !== 'done' || last.inserted !== 0 || last.updated !== 0 || last.unchanged !== rows) {
      benchFailure(`PostgreSQL: the re-import of the same file should leave all ${rows} rows unchanged: ${JSON.stringify(last)}`);
    }
    // The results of every open dossier arrive: their unresolved overdue rows fall to zero and are deleted. With the
    // rollups analyzed, as autovacuum leaves them (ANALYZE never sees a row at zero).
    await database.db.execute(sql`analyze`);
    const resolvedFile = file.replace(/\.csv$/, '-resolved.csv');
    await generate(resolvedFile, rows, true);
    const [open] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from dossiers where status = 'processing'`);
    const resolving = await runCliImport(resolvedFile, { DATABASE_URL: url });
    fs.rmSync(resolvedFile, { force: true });
    console.log(`  re-import with the ${open!.n.toLocaleString('en')} open dossiers resolved: ${fmt(resolving.ms)} — ${resolving.output}`);
    console.log(`    phases: ${resolving.timings}`);
    const [after] = await queryRows<{ updated: number; unresolved: number; zero: number }>(
      database.db,
      sql`select (select updated from dossier_imports order by id desc limit 1) as updated,
                 (select count(*)::int from dossier_overdue_rollups where resolved_date is null) as unresolved,
                 (select count(*)::int from dossier_overdue_rollups where count = 0) as zero`,
    );
    if (after!.updated !== open!.n || after!.unresolved !== 0 || after!.zero !== 0) {
      benchFailure(`PostgreSQL: resolving the open dossiers should update ${open!.n} and leave no unresolved or zero overdue rows: ${JSON.stringify(after)}`);
    }
  } finally {
    await database.close();
    await dropDatabase(serverUrl, name);
  }
}

async function pglite(file: string, rows: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-bench-pglite-'));
  try {
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
    await database.migrate();
    await seed(database);
    await database.db.execute(sql.raw(BARE_TABLE));
    const client = (database.db as unknown as { $client: PGlite }).$client;
    console.log(`\nPGlite (${rows.toLocaleString('en')} rows)`);
    const raw = await timeIt(async () => {
      const blob = new Blob([fs.readFileSync(file)]);
      await client.query(`copy bare_dossiers from '/dev/blob' with (format csv, header true)`, [], { blob });
    });
    await database.close();
    const env = { PARINDEX_DATA_DIR: dataDir };
    const cli = await runCliImport(file, env);
    console.log(`  real import (parindex import dossiers, child process): ${fmt(cli.ms)}, peak RSS ${cli.peakMb.toFixed(0)} MB`);
    console.log(`    ${cli.output}`);
    console.log(`    phases: ${cli.timings}`);
    console.log(`  PGlite raw COPY FROM '/dev/blob' into a bare table (file read at once): ${fmt(raw.ms)}`);
    console.log(`  ratio real / raw COPY: ${(cli.ms / raw.ms).toFixed(2)} (target ≤ 3; the real time includes opening the data folder)`);
    const reopened = await openDatabase({ kind: 'pglite', dataDir: path.join(dataDir, 'pglite') });
    try {
      const [count] = await queryRows<{ n: number }>(reopened.db, sql`select count(*)::int as n from dossiers`);
      if (count?.n !== rows) benchFailure(`PGlite: ${count?.n} dossiers after importing ${rows}`);
    } finally {
      await reopened.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-bench-dossiers-'));
try {
  const file = path.join(dir, 'dossiers.csv');
  const gen = await timeIt(() => generate(file, ROWS));
  console.log(
    `generated ${ROWS.toLocaleString('en')} rows (${(fs.statSync(file).size / 1e6).toFixed(0)} MB) in ${fmt(gen.ms)}; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  await postgres(file, ROWS);
  if (!SKIP_PGLITE) {
    const small = path.join(dir, 'dossiers-pglite.csv');
    if (PGLITE_ROWS === ROWS) fs.copyFileSync(file, small);
    else await generate(small, PGLITE_ROWS);
    await pglite(small, PGLITE_ROWS);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
