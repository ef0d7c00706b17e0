/**
 * The real-time feed (issue 14 item 6): one-stop-shop systems pushing 1,000-dossier batches to
 * POST /api/v1/dossiers:batch while the rollups stay current. On a scratch PostgreSQL database with a base of
 * dossiers already loaded (full: 1,000,000; rollups by the import's own `rebuildAllRollups`), the real app runs in a
 * child process (bench/ranking-server.ts) and SENDERS clients, each with its own machine token, push BATCHES batches of
 * 1,000 dossiers back to back over HTTP: 70 % new codes received lately, 30 % updates of open dossiers of the base
 * (now resolved, early or late — what a feed sends when a result is returned). Prints p50 / p95 / p99 / max of the
 * latency of a batch (request sent → answer read) with SENDERS senders at once, against two baselines of the same
 * run: one sender alone, and the same 1,000 rows as one `INSERT … ON CONFLICT (code) DO UPDATE` into a bare table
 * keyed on `code` from this process. Target: p99 < 200 ms with 4 concurrent senders, judged on the senders pushing back
 * to back (as fast as the server answers). Then the same senders at a steady pace, PACED batches each, one batch a
 * second per sender whether or not its previous one was answered (4,000 dossiers/s with 4 senders, far more than a
 * nation's feeds send at their peak): the latency when the server is not saturated.
 * Exits 1 when a batch is not answered 200 with the expected counts, the dossier count is wrong, or the rollups kept
 * by the pushes (every rollup table) differ from a rebuild from the dossiers.
 *   npx tsx bench/feed-batch.ts [--size small|full] [--base N] [--batches N] [--senders N] [--paced N]
 * Full (default): 1,000,000 base dossiers, 50 batches per sender, 20 paced; small (CI): 40,000, 5 and 1. Figures: docs/performance.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { rebuildAllRollups, ROLLUP_TABLES } from '../src/modules/dossiers/merge.js';
import { createApiToken } from '../src/modules/dossiers/tokens.js';
import { benchDatabase, benchFailure, benchOptions, fmt, percentile, timeIt } from './lib.js';

const options = benchOptions({
  usage: 'npx tsx bench/feed-batch.ts [--size small|full] [--base N] [--batches N] [--senders N] [--paced N]',
  numbers: {
    base: { full: 1_000_000, small: 40_000, min: 4_000 },
    batches: { full: 50, small: 5 },
    senders: { full: 4, small: 4 },
    paced: { full: 20, small: 1 },
  },
});
const BASE = Math.floor(options.n.base / 4) * 4;
const BATCHES = options.n.batches;
const SENDERS = options.n.senders;
const PACED = options.n.paced;
/** In the paced phase, each sender pushes one batch every PACE_MS, the senders spread evenly over that time. */
const PACE_MS = 1000;
const BATCH_SIZE = 1000;
/** Of each batch: updates of open dossiers of the base; the rest are new codes. */
const UPDATES = 300;
const WARM_UP = 2;
const UNITS = 150;
const PROCEDURES = 2000;
const CHANNELS = ['direct', 'online', 'postal'] as const;
const FIELDS = ['Hộ tịch', 'Chứng thực', 'Đất đai', 'Xây dựng', 'Kinh doanh', 'Lao động', 'Giáo dục', 'Y tế', 'Tư pháp', 'Giao thông'];
const DAY = 86_400_000;

// Base dossier i (1…BASE): procedure i % PROCEDURES, received on day i % 300 from 5 January 2026 at 08:00 local,
// due 10 days later at 17:00; every fourth one (i % 4 = 0) resolved early, the others still open — the updates
// take those. The same formulas in SQL (the base) and here (the updates), so an update knows its dossier.
const BASE_DAY = Date.UTC(2026, 0, 5);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const localInstant = (ms: number, hours: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(hours)}:00:00+07:00`;
};
const procedureOf = (p: number) => ({ procedureCode: `TT.${pad(p, 4)}`, unitCode: `U${pad(p % UNITS, 3)}`, field: FIELDS[p % FIELDS.length]! });

/** New dossiers are received over 28 days ending 12 days before the run (resolved at most 7 days later: never in the future). */
const RECENT_DAY = Math.floor(Date.now() / DAY) * DAY - 40 * DAY;

/** Open base dossiers are numbered by u = 0, 1, …; a stride coprime with their count spreads them over the table. */
const OPEN_BLOCK = BASE / 4;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const STRIDE = (() => {
  let s = 7919;
  while (gcd(s, OPEN_BLOCK) !== 1) s += 2;
  return s;
})();
function openBaseIndex(u: number): number {
  const m = (u * STRIDE) % OPEN_BLOCK;
  return 4 * m + 1 + (u % 3);
}

interface Batch {
  body: string;
  newCodes: number;
  updates: number;
}

/** The `seq`-th batch of the run: 700 new dossiers and 300 updates, with codes no other batch uses. */
function makeBatch(seq: number): Batch {
  const dossiers: Record<string, string | null>[] = [];
  for (let j = 0; j < BATCH_SIZE - UPDATES; j++) {
    const n = seq * BATCH_SIZE + j;
    const p = (n * 37) % PROCEDURES;
    const received = RECENT_DAY + (n % 28) * DAY;
    const status = n % 5 === 0 ? 'resolved' : 'processing';
    dossiers.push({
      code: `FEED-${pad(seq, 5)}-${pad(j, 4)}`,
      ...procedureOf(p),
      channel: CHANNELS[n % 3]!,
      receivedAt: localInstant(received, 9),
      dueAt: localInstant(received + 5 * DAY, 17),
      resolvedAt: status === 'resolved' ? localInstant(received + ((n >> 3) % 8) * DAY, 14) : null,
      returnedAt: null,
      status,
    });
  }
  for (let j = 0; j < UPDATES; j++) {
    const u = seq * UPDATES + j;
    if (u >= OPEN_BLOCK) throw new Error(`--base ${BASE} is too small for this many batches (open dossiers to update run out)`);
    const i = openBaseIndex(u);
    const received = BASE_DAY + (i % 300) * DAY;
    dossiers.push({
      code: `HS${pad(i, 9)}`,
      ...procedureOf(i % PROCEDURES),
      channel: CHANNELS[i % 3]!,
      receivedAt: localInstant(received, 8),
      dueAt: localInstant(received + 10 * DAY, 17),
      // Resolved early (3 days) or late (14 days), always before the bench's own date.
      resolvedAt: localInstant(received + (u % 4 === 0 ? 14 : 3) * DAY, 15),
      returnedAt: null,
      status: 'resolved',
    });
  }
  return { body: JSON.stringify({ dossiers }), newCodes: BATCH_SIZE - UPDATES, updates: UPDATES };
}

function startServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'ranking-server.ts'), 'app'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve({ url: `http://127.0.0.1:${match[1]}`, child });
    });
    child.on('exit', (code) => reject(new Error(`app server exited with ${code}`)));
  });
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; NaN elsewhere). */
function processCpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Busy CPU time of the whole machine so far, in ms (all cores; Linux /proc/stat). */
function machineBusyMs(): number {
  try {
    const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const n = ticks.map(Number);
    return ((n.reduce((a, b) => a + b, 0) - n[3]! - n[4]!) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

const stats = (label: string, times: number[]) =>
  `  ${label.padEnd(52)} p50 ${fmt(percentile(times, 50)).padStart(7)}  p95 ${fmt(percentile(times, 95)).padStart(7)}  ` +
  `p99 ${fmt(percentile(times, 99)).padStart(7)}  max ${fmt(Math.max(...times)).padStart(7)}`;

const bench = await benchDatabase('parindex_bench_feed');
const { db } = bench.database;
let server: ChildProcess | undefined;
try {
  console.log(`${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`);
  const setup = await timeIt(async () => {
    await db.execute(sql`insert into units (code, name, search_key, status, valid_from_year)
      select 'U' || lpad(i::text, 3, '0'), 'Đơn vị ' || i, 'u' || i, 'active', 2025 from generate_series(0, ${UNITS - 1}) i order by i`);
    await db.execute(sql`insert into procedures (code, name, search_key, field, unit_id, legal_days, internal_days, online_level)
      select 'TT.' || lpad(p::text, 4, '0'), 'Thủ tục ' || p, 'tt' || p, (${sql.raw(`array[${FIELDS.map((f) => `'${f}'`).join(', ')}]`)})[p % ${FIELDS.length} + 1],
        (select id from units where code = 'U' || lpad((p % ${UNITS})::text, 3, '0')), 1 + p % 15 + 2, 1 + p % 15, 'full'
      from generate_series(0, ${PROCEDURES - 1}) p order by p`);
    await db.transaction(async (tx) => {
      // The base is received in 2026: its partition first, as the first import of the year would make it.
      await tx.execute(sql`select dossier_year_partition(2026)`);
      await tx.execute(sql`insert into dossiers (code, unit_id, procedure_id, field, channel, status, received_at, due_at, due_computed,
                                resolved_at, returned_at, received_date, due_date, resolved_date, timeliness)
        select 'HS' || lpad(i::text, 9, '0'), pr.unit_id, pr.id, pr.field, (array['direct','online','postal'])[i % 3 + 1],
               case when i % 4 = 0 then 'resolved' else 'processing' end,
               (rec + time '08:00') at time zone 'Asia/Ho_Chi_Minh', (rec + 10 + time '17:00') at time zone 'Asia/Ho_Chi_Minh', false,
               case when i % 4 = 0 then (rec + 5 + time '15:00') at time zone 'Asia/Ho_Chi_Minh' end, null,
               rec, rec + 10, case when i % 4 = 0 then rec + 5 end, case when i % 4 = 0 then 'early' end
        from (select i, date '2026-01-05' + (i % 300)::int as rec, 'TT.' || lpad((i % ${PROCEDURES})::text, 4, '0') as pcode
              from generate_series(1, ${BASE}) i) g
        join procedures pr on pr.code = g.pcode`);
    });
  });
  const rebuild = await timeIt(() => rebuildAllRollups(db));
  await db.execute(sql`analyze`);
  console.log(
    `base: ${BASE.toLocaleString('en')} dossiers (${UNITS} units, ${PROCEDURES} procedures) in ${fmt(setup.ms)}; rollups rebuilt in ${fmt(rebuild.ms)}`,
  );

  // One machine token per sender, as several one-stop-shop systems would have; the limit of calls per minute is
  // raised so that the bench measures the push, not the rate limit (the counting itself still runs on every call).
  const actor = systemActor('bench:feed');
  const tokens: string[] = [];
  for (let s = 0; s <= SENDERS; s++) tokens.push((await createApiToken(db, actor, { name: `bench sender ${s}` })).token);
  const started = await startServer({ DATABASE_URL: bench.url, LOG_LEVEL: 'silent', MACHINE_CALLS_PER_MINUTE: '100000' });
  server = started.child;
  const batchUrl = `${started.url}/api/v1/dossiers:batch`;

  let seq = 0;
  let expectedNew = 0;
  let refused = 0;
  const push = async (token: string, batch: Batch): Promise<number> => {
    const t0 = performance.now();
    const res = await fetch(batchUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: batch.body,
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) {
      if (++refused > 3) return ms;
      benchFailure(`a batch was answered ${res.status}: ${text.slice(0, 500)}`);
      return ms;
    }
    const result = JSON.parse(text) as { inserted: number; updated: number; unchanged: number; rejected: number };
    if (result.inserted !== batch.newCodes || result.updated !== batch.updates || result.rejected !== 0)
      benchFailure(`a batch should insert ${batch.newCodes} and update ${batch.updates}: ${JSON.stringify(result)}`);
    else expectedNew += batch.newCodes;
    return ms;
  };
  const prepared = (count: number) => Array.from({ length: count }, () => makeBatch(seq++));

  // Warm-up: connections, prepared plans, the JIT of both processes.
  for (const batch of prepared(WARM_UP)) await push(tokens[SENDERS]!, batch);

  // Baseline 1: one sender alone, batches back to back.
  const aloneBatches = prepared(BATCHES);
  const alone: number[] = [];
  for (const batch of aloneBatches) alone.push(await push(tokens[SENDERS]!, batch));

  // Baseline 2: the same rows, one INSERT … ON CONFLICT per batch into a bare table keyed on code holding the base codes.
  await db.execute(sql`create table bench_keyed (code text primary key, "unitCode" text, "procedureCode" text, field text, channel text,
    "receivedAt" text, "dueAt" text, "resolvedAt" text, "returnedAt" text, status text)`);
  await db.execute(sql`insert into bench_keyed (code, status) select code, status from dossiers`);
  await db.execute(sql`analyze bench_keyed`);
  const keyed: number[] = [];
  for (const batch of aloneBatches) {
    const { ms } = await timeIt(() =>
      db.execute(sql`insert into bench_keyed select * from json_populate_recordset(null::bench_keyed, (${batch.body}::json)->'dossiers')
        on conflict (code) do update set ("unitCode", "procedureCode", field, channel, "receivedAt", "dueAt", "resolvedAt", "returnedAt", status) =
          (excluded."unitCode", excluded."procedureCode", excluded.field, excluded.channel, excluded."receivedAt", excluded."dueAt",
           excluded."resolvedAt", excluded."returnedAt", excluded.status)`),
    );
    keyed.push(ms);
  }
  await db.execute(sql`drop table bench_keyed`);

  // The feed: SENDERS senders at once, each pushing its batches back to back.
  const perSender = Array.from({ length: SENDERS }, () => prepared(BATCHES));
  const concurrent: number[] = [];
  const cpuBefore = { server: processCpuMs(server.pid!), self: process.cpuUsage(), machine: machineBusyMs() };
  const wall = await timeIt(() =>
    Promise.all(
      perSender.map(async (batches, s) => {
        for (const batch of batches) concurrent.push(await push(tokens[s]!, batch));
      }),
    ),
  );
  const batchesPushed = SENDERS * BATCHES;
  const self = process.cpuUsage(cpuBefore.self);
  const cpu = {
    server: (processCpuMs(server.pid!) - cpuBefore.server) / batchesPushed,
    senders: (self.user + self.system) / 1000 / batchesPushed,
    machine: (machineBusyMs() - cpuBefore.machine) / batchesPushed,
  };
  const dossiersPerSecond = (SENDERS * BATCHES * BATCH_SIZE) / (wall.ms / 1000);

  console.log(`\nbatches of ${BATCH_SIZE} dossiers (${BATCH_SIZE - UPDATES} new, ${UPDATES} updates), after ${WARM_UP} warm-up batches:`);
  console.log(stats(`${SENDERS} senders at once, ${BATCHES} batches each`, concurrent));
  console.log(stats(`baseline: one sender alone, ${BATCHES} batches`, alone));
  console.log(stats('baseline: the same rows, INSERT … ON CONFLICT, keyed table', keyed));
  const p99 = percentile(concurrent, 99);
  console.log(
    `  ${SENDERS} senders: ${(SENDERS * BATCHES).toLocaleString('en')} batches in ${fmt(wall.ms)} = ${Math.round(dossiersPerSecond).toLocaleString('en')} dossiers/s; ` +
      `p50 ratio to one sender alone ${(percentile(concurrent, 50) / percentile(alone, 50)).toFixed(2)}, ` +
      `one sender alone / keyed upsert ${(percentile(alone, 50) / percentile(keyed, 50)).toFixed(2)}`,
  );
  console.log(
    `  CPU per batch while ${SENDERS} senders push: app server ${fmt(cpu.server)}, senders ${fmt(cpu.senders)}, ` +
      `whole machine ${fmt(cpu.machine)} (the rest is mostly PostgreSQL; ${os.cpus().length} CPUs)`,
  );
  console.log(`  target p99 < 200 ms with ${SENDERS} concurrent senders: ${p99 < 200 ? 'met' : 'not met'} (${fmt(p99)})`);

  // The same senders at a steady pace: not saturated, each batch meets at most the tail of the ones before it.
  const pacedBatches = Array.from({ length: SENDERS }, () => prepared(PACED));
  const paced: number[] = [];
  const pacedStart = performance.now();
  await Promise.all(
    pacedBatches.map(async (batches, s) => {
      const answered: Promise<void>[] = [];
      for (const [i, batch] of batches.entries()) {
        const wait = pacedStart + (s * PACE_MS) / SENDERS + i * PACE_MS - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        answered.push(push(tokens[s]!, batch).then((ms) => void paced.push(ms)));
      }
      await Promise.all(answered);
    }),
  );
  const offered = (SENDERS * BATCH_SIZE * 1000) / PACE_MS;
  console.log(stats(`paced: ${SENDERS} senders × 1 batch/s (${offered.toLocaleString('en')} dossiers/s offered), ${PACED} each`, paced));

  // Correctness: every dossier there, and the rollups the pushes kept equal to a rebuild from the dossiers.
  if (refused > 3) benchFailure(`${refused} batches were not answered 200 (the first 3 shown)`);
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from dossiers`);
  if (count!.n !== BASE + expectedNew) benchFailure(`${count!.n} dossiers, not ${BASE} + ${expectedNew}`);
  for (const table of ROLLUP_TABLES) await db.execute(sql.raw(`create table bench_kept_${table} as select * from ${table}`));
  await rebuildAllRollups(db);
  const differing = new Map<string, number>();
  for (const table of ROLLUP_TABLES) {
    const [diff] = await queryRows<{ n: number }>(
      db,
      sql.raw(`select count(*)::int as n from ((select * from bench_kept_${table} except all select * from ${table})
        union all (select * from ${table} except all select * from bench_kept_${table})) d`),
    );
    differing.set(table, diff!.n);
  }
  const [kept] = await queryRows<{ received: number }>(db, sql.raw(`select sum(received)::int as received from bench_kept_dossier_monthly_rollups`));
  console.log(
    `check: ${count!.n.toLocaleString('en')} dossiers; rows differing from a rebuild: ${[...differing].map(([table, n]) => `${table} ${n}`).join(', ')}`,
  );
  if ([...differing.values()].some((n) => n !== 0)) benchFailure('the rollups kept by the pushes differ from a rebuild from the dossiers');
  if (kept!.received !== count!.n) benchFailure(`the kept rollups count ${kept!.received} received, not ${count!.n}`);
} finally {
  server?.kill('SIGTERM');
  if (server) await new Promise((resolve) => server!.once('exit', resolve));
  await bench.drop();
}
