/**
 * Load on the ranking API for a published block of 150 units (autocannon, 10 s each, loopback), against a bare
 * Fastify route on the same machine in the same run. Target: ≥ 0.3 of the bare route's requests/s, p99 < 50 ms.
 * Each server runs in its own process (as deployed); autocannon runs in this one.
 *   npx tsx bench/ranking-api.ts [--size small|full] [--seconds S] [--connections C]
 *   (DATABASE_URL optional; a bench database is created and dropped.) Full (default): 10 s per load; small (CI): 1 s.
 *   BENCH_SECONDS still works. Exits 1 if an answer is not 2xx or the ranking does not hold every unit.
 * Figures: docs/performance.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { systemActor } from '../src/modules/auth/actor.js';
import { publishRound } from '../src/modules/results/service.js';
import { createUser } from '../src/modules/users/service.js';
import { benchDatabase, benchFailure, benchOptions } from './lib.js';

const options = benchOptions({
  usage: 'npx tsx bench/ranking-api.ts [--size small|full] [--seconds S] [--connections C]',
  numbers: { seconds: { full: 10, small: 1, env: 'BENCH_SECONDS' }, connections: { full: 10, small: 10 } },
});
const UNITS = 150;
const SECONDS = options.n.seconds;
const CONNECTIONS = options.n.connections;
/** The server processes started, killed however the bench ends (a live child would keep it from exiting). */
const children: ChildProcess[] = [];

/** Like a browser, every request accepts gzip. */
async function load(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { 'accept-encoding': 'gzip', ...headers } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99, bytes: result.throughput.average };
}

/** Starts bench/ranking-server.ts in a child process and resolves with its base URL. */
function startServer(mode: 'app' | 'bare', env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'ranking-server.ts'), mode], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve({ url: `http://127.0.0.1:${match[1]}`, child });
    });
    child.on('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

const bench = await benchDatabase('parindex_bench_ranking');
const { db } = bench.database;
try {
  await db.execute(sql`insert into blocks (code, name) values ('SO', 'Khối sở, ban, ngành')`);
  await db.execute(
    sql`insert into frameworks (year, block_id, name, classes) values (2025, 1, 'bench', ${JSON.stringify([
      { label: 'Tốt', min: 90 },
      { label: 'Khá', min: 80 },
      { label: 'Trung bình', min: 70 },
      { label: 'Yếu', min: 0 },
    ])}::jsonb)`,
  );
  await db.execute(sql`insert into criteria (framework_id, code, position, title, max_points, method)
    select 1, f::text, f * 100, 'Lĩnh vực ' || f, 10, 'manual' from generate_series(1, 10) f
    union all
    select 1, f || '.' || l, f * 100 + l, 'Tiêu chí ' || f || '.' || l, case when l <= 8 then 0.75 else 1 end, 'manual'
    from generate_series(1, 10) f, generate_series(1, 12) l`);
  await db.execute(sql`insert into units (code, name, search_key, status, valid_from_year)
    select 'S' || lpad(i::text, 3, '0'), 'Đơn vị ' || i, 's' || i, 'active', 2025 from generate_series(1, ${UNITS}) i`);
  await db.execute(sql`insert into unit_memberships (unit_id, year, block_id) select id, 2025, 1 from units`);
  await db.execute(sql`insert into rounds (framework_id, year, block_id, status, historical) values (1, 2025, 1, 'approved', true)`);
  await db.execute(sql`insert into unit_assessments (round_id, unit_id) select 1, id from units`);
  await db.execute(sql`insert into scores (round_id, unit_id, criterion_id, not_applicable, self_score)
    select 1, u.id, c.id, false, round((c.max_points * ((u.id * 31 + c.id * 17) % 101) / 100)::numeric, 2)
    from units u cross join criteria c where c.code like '%.%'`);
  const actor = systemActor('bench');
  await publishRound(db, actor, 1, null);
  await createUser(db, actor, { username: 'bench.viewer', displayName: 'Bench', role: 'viewer', password: 'bench-password-1', mustChangePassword: false });

  const app = await startServer('app', { DATABASE_URL: bench.url, PARINDEX_DATA_DIR: '/tmp/parindex-bench-ranking' });
  const appUrl = app.url;
  const login = await fetch(`${appUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench.viewer', password: 'bench-password-1' }),
  });
  if (!login.ok) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const probe = await fetch(`${appUrl}/api/v1/results?year=2025&block=SO`, { headers: { cookie } });
  const text = await probe.text();
  if (!probe.ok) throw new Error(`the ranking answered ${probe.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { results: { units: unknown[] } };
  if (body.results.units.length !== UNITS) benchFailure(`the ranking holds ${body.results.units.length} units, not ${UNITS}`);
  const { gzipSync } = await import('node:zlib');
  console.log(
    `ranking answer: ${body.results.units.length} units, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB, ${(gzipSync(text, { level: 6 }).length / 1024).toFixed(0)} KiB gzip-compressed`,
  );
  const payloadFile = path.join(os.tmpdir(), `parindex-bench-payload-${process.pid}.json`);
  fs.writeFileSync(payloadFile, text);
  const bare = await startServer('bare', { BENCH_PAYLOAD_FILE: payloadFile });

  let baseline, sameSize, ranking, publicRanking;
  try {
    baseline = await load(`${bare.url}/bare`);
    sameSize = await load(`${bare.url}/bare-same-size`);
    ranking = await load(`${appUrl}/api/v1/results?year=2025&block=SO`, { cookie });
    publicRanking = await load(`${appUrl}/api/v1/public/results?year=2025&block=SO`);
  } finally {
    fs.rmSync(payloadFile, { force: true });
  }
  const line = (name: string, r: { rps: number; p99: number }) => `${name}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms`;
  console.log(`autocannon, ${CONNECTIONS} connections, ${SECONDS} s each, loopback`);
  console.log(line('bare Fastify route, {"ok":true}', baseline));
  console.log(line('bare Fastify route, the same compressed answer from memory', sameSize));
  const ratios = (r: { rps: number }) =>
    `ratio ${(r.rps / baseline.rps).toFixed(2)} to the bare route, ${(r.rps / sameSize.rps).toFixed(2)} to the same-size bare route`;
  console.log(`${line('ranking API (signed-in viewer)', ranking)}; ${ratios(ranking)} (target ≥ 0.30, p99 < 50 ms)`);
  console.log(`${line('public ranking API (no session)', publicRanking)}; ${ratios(publicRanking)}`);
} finally {
  for (const child of children) child.kill();
  await bench.drop();
}
