import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, SESSIONS_CHANNEL } from '../../src/db/notify.js';
import { SessionCache, sessionCache } from '../../src/modules/auth/session-cache.js';
import { ApiClient } from '../helpers/client.js';
import { freePort } from '../helpers/replica.js';
import { insertFixtureFramework, SCORE_HEADER } from '../helpers/results-fixtures.js';
import { seedOrganisation, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

/**
 * Several app servers on one database (issue 14): what one server changes, the other sees at once — sessions ended
 * or changed (LISTEN/NOTIFY on parindex_sessions), machine-token calls (counted in api_token_calls), failed sign-ins
 * (login_attempts) and published results (parindex_publications).
 */

const entry = (userId: number, cachedAt: number) => ({ value: `session of ${userId}`, cachedAt, lastSeenAt: cachedAt, userId });

describe('the session cache and its notifications (any database)', () => {
  it('a notification forgets one session by its id hash, or every session of a user', () => {
    const cache = new SessionCache<string>();
    cache.set('a', entry(1, 0));
    cache.set('b', entry(1, 0));
    cache.set('c', entry(2, 0));
    cache.applyNotification('a');
    expect(cache.get('a', 1)).toBeNull();
    expect(cache.get('b', 1)).not.toBeNull();
    cache.applyNotification('user:1');
    expect(cache.get('b', 1)).toBeNull();
    expect(cache.get('c', 1)?.value).toBe('session of 2');
    cache.clear();
    expect(cache.get('c', 1)).toBeNull();
  });

  it('a session read before a forget is not cached after it (a sign-out committed while the read ran)', () => {
    const cache = new SessionCache<string>();
    const before = cache.generation;
    cache.forget('x');
    cache.set('a', entry(1, 0), before);
    expect(cache.get('a', 1)).toBeNull();
    cache.set('a', entry(1, 0), cache.generation);
    expect(cache.get('a', 1)).not.toBeNull();
  });

  it('the app listens: a NOTIFY on parindex_sessions, sent by anyone on the database, empties its cache entry', async () => {
    const server = await startTestServer();
    try {
      const { username } = await server.createUser('admin');
      const client = server.client();
      await client.login(username, TEST_PASSWORD);
      expect((await client.get('/api/v1/auth/me')).status).toBe(200);
      // The cache's key: the SHA-256 of the cookie's value.
      const idHash = createHash('sha256')
        .update(client.cookie!.replace(/^parindex_sid=/, ''))
        .digest('hex');
      expect(sessionCache.get(idHash)).not.toBeNull();
      // Sent in a transaction: delivered at its commit, not before.
      await server.db.transaction(async (tx) => {
        await notify(tx, SESSIONS_CHANNEL, idHash);
        await tx.execute(sql`select 1`);
        expect(sessionCache.get(idHash)).not.toBeNull();
      });
      const deadline = Date.now() + 1_000;
      while (sessionCache.get(idHash) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(sessionCache.get(idHash)).toBeNull();
    } finally {
      await server.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Two servers: A in this process (the test helper's server), B a `parindex serve` child process on A's database,
// and a round-robin proxy in front, as a load balancer would be.

interface Backend {
  name: 'A' | 'B';
  port: number;
}

/** Forwards request i to backends[i % 2] and says which answered in x-backend. */
function startProxy(backends: Backend[]): Promise<{ url: string; close(): Promise<void>; next(): 'A' | 'B' }> {
  let turn = 0;
  const server = http.createServer((req, res) => {
    const backend = backends[turn++ % backends.length]!;
    const upstream = http.request({ host: '127.0.0.1', port: backend.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-backend': backend.name });
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502, { 'x-backend': backend.name });
      res.end();
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        next: () => backends[turn % backends.length]!.name,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** `parindex serve` on the database at `url`; resolves once /api/health answers 200. */
async function startServeProcess(url: string, env: Record<string, string>): Promise<{ port: number; stop(): Promise<void> }> {
  const repoRoot = path.resolve(import.meta.dirname, '..', '..');
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-two-servers-'));
  let log = '';
  const child: ChildProcess = spawn(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['src/cli/main.ts', 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, ...env, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', PARINDEX_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = async () => {
    if (!exited && child.pid) {
      process.kill(-child.pid, 'SIGTERM');
      const deadline = Date.now() + 10_000;
      while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (!exited) process.kill(-child.pid, 'SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !exited) {
    const healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (healthy) return { port, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`parindex serve did not become healthy\n${log}`);
}

const SCORES_2024 = [SCORE_HEADER, 'SNV,1.1,4,,,', 'SNV,1.2,6,,,', 'SNV,2.1,10,,,', 'SCT,1.1,3,,,', 'SCT,1.2,6,,,', 'SCT,2.1,10,,,'].join('\n');
const LIMIT = 3;
/** How soon a change through A must show on B: far less than SESSION_CACHE_MS (2 s) and the 1 s of the results. */
const NOTIFY_BOUND_MS = 200;

describe.skipIf(!process.env.DATABASE_URL)('two app servers behind a load balancer (PostgreSQL only: runs with DATABASE_URL)', () => {
  let a: TestServer;
  let b: { port: number; stop(): Promise<void> };
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let admin: ApiClient;
  const aPort = () => Number(new URL(a.baseUrl).port);
  /** A client through the load balancer. */
  const viaProxy = () => new ApiClient(proxy.url);
  /** Sends the next request to `name`: the proxy alternates, so a request to the other one is spent if needed. */
  const toward = async (name: 'A' | 'B') => {
    if (proxy.next() !== name) await fetch(`${proxy.url}/api/health`);
  };
  /**
   * Sends `send` to B until `done` says so, for NOTIFY_BOUND_MS at most, and returns B's last answer. A notification
   * reaches B a moment after the commit (its own connection, its own process): not a promise about the very next
   * request, but far within the caches' 1–2 s lives, which is what a change would otherwise wait for.
   */
  const soonOnB = async <R extends { headers: Headers }>(send: () => Promise<R>, done: (answer: R) => boolean | Promise<boolean>): Promise<R> => {
    const start = Date.now();
    for (;;) {
      await toward('B');
      const answer = await send();
      expect(answer.headers.get('x-backend')).toBe('B');
      if ((await done(answer)) || Date.now() - start > NOTIFY_BOUND_MS) return answer;
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  beforeAll(async () => {
    a = await startTestServer({ MACHINE_CALLS_PER_MINUTE: String(LIMIT) });
    await seedOrganisation(a);
    b = await startServeProcess(a.testDb.url!, { MACHINE_CALLS_PER_MINUTE: String(LIMIT) });
    proxy = await startProxy([
      { name: 'A', port: aPort() },
      { name: 'B', port: b.port },
    ]);
    const { username } = await a.createUser('admin');
    admin = viaProxy();
    await admin.login(username, TEST_PASSWORD);
  });
  afterAll(async () => {
    await proxy?.close();
    await b?.stop();
    await a?.close();
  });

  it('a session made on one server is accepted by both, request after request', async () => {
    const { username } = await a.createUser('viewer');
    const client = viaProxy();
    await client.login(username, TEST_PASSWORD);
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const me = await client.get('/api/v1/auth/me');
      expect(me.status, me.text).toBe(200);
      expect(me.body.user.username).toBe(username);
      seen.push(me.headers.get('x-backend')!);
    }
    expect(new Set(seen)).toEqual(new Set(['A', 'B']));
  });

  it('a sign-out through A is refused by B at once (within 200 ms; each had the session cached for 2 s)', async () => {
    const { username } = await a.createUser('viewer');
    const client = viaProxy();
    await client.login(username, TEST_PASSWORD);
    // Both servers read the session and cache it (SESSION_CACHE_MS, 2 s).
    for (let i = 0; i < 2; i++) expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    const cookie = client.cookie;
    await toward('A');
    const out = await client.post('/api/v1/auth/logout', {});
    expect(out.headers.get('x-backend')).toBe('A');
    expect(out.status, out.text).toBeLessThan(300);
    // The old cookie, sent again at once, now reaches B.
    const me = await soonOnB(
      () => {
        client.cookie = cookie;
        return client.get('/api/v1/auth/me');
      },
      (answer) => answer.status === 401,
    );
    expect(me.status).toBe(401);
  });

  it('an account disabled by an admin through A is refused by B at once (within 200 ms)', async () => {
    const { id, username } = await a.createUser('viewer');
    const client = viaProxy();
    await client.login(username, TEST_PASSWORD);
    for (let i = 0; i < 2; i++) expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    // The admin's PATCH goes to A; the user's next request to B.
    await toward('A');
    const disabled = await admin.patch(`/api/v1/users/${id}`, { disabled: true });
    expect(disabled.status, disabled.text).toBe(200);
    expect(disabled.headers.get('x-backend')).toBe('A');
    const me = await soonOnB(
      () => client.get('/api/v1/auth/me'),
      (answer) => answer.status === 401,
    );
    expect(me.status).toBe(401);
  });

  it('machine-token calls through both servers share one limit', async () => {
    const created = await admin.post('/api/v1/api-tokens', { name: 'Một cửa (hai máy chủ)' });
    expect(created.status, created.text).toBe(201);
    const token = created.body.token as string;
    const statuses: [string, number][] = [];
    // LIMIT = 3 a minute: calls 1–3 pass on A, B, A; the 4th (on B) and 5th (on A) are refused. Each server alone
    // has seen at most 2 calls, so a per-process count would have let all five through.
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await fetch(`${proxy.url}/api/v1/dossiers:batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ dossiers: [] }),
      });
      // Past the limit or not is all that counts here (an empty batch may be refused after the limit is checked).
      statuses.push([res.headers.get('x-backend')!, res.status === 429 ? 429 : 200]);
      if (res.status === 429) {
        const body = (await res.json()) as { error: { code: string; details: { limitPerMinute: number } } };
        expect(body.error.code).toBe('rate_limited');
        expect(body.error.details.limitPerMinute).toBe(LIMIT);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      } else await res.arrayBuffer();
    }
    expect(statuses.map(([, s]) => s)).toEqual([200, 200, 200, 429, 429]);
    expect(new Set(statuses.slice(3).map(([name]) => name))).toEqual(new Set(['A', 'B']));
  });

  it('failed sign-ins through both servers count together (5 per account in 15 minutes)', async () => {
    const { username } = await a.createUser('viewer');
    const client = viaProxy();
    const backends: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await client.post('/api/v1/auth/login', { username, password: 'wrong-password-123' });
      expect(res.status).toBe(401);
      backends.push(res.headers.get('x-backend')!);
    }
    expect(new Set(backends)).toEqual(new Set(['A', 'B']));
    // The 6th attempt, even with the right password, is refused, whichever server gets it.
    const sixth = await client.post('/api/v1/auth/login', { username, password: TEST_PASSWORD });
    expect(sixth.status).toBe(429);
    const seventh = await client.post('/api/v1/auth/login', { username, password: TEST_PASSWORD });
    expect(seventh.status).toBe(429);
    expect(new Set([sixth.headers.get('x-backend'), seventh.headers.get('x-backend')])).toEqual(new Set(['A', 'B']));
  });

  it('results published, then corrected, through A are what B answers at once', async () => {
    for (const code of ['SNV', 'SCT']) expect((await admin.put(`/api/v1/units/${code}/memberships/2024`, { blockCode: 'SO' })).status).toBe(200);
    await insertFixtureFramework(a.db, 2024);
    const imported = await admin.upload('/api/v1/scores/import?year=2024&block=SO', SCORES_2024, 'scores.csv');
    expect(imported.status, imported.text).toBe(200);
    const publicResults = () => fetch(`${proxy.url}/api/v1/public/results?year=2024&block=SO`);
    // Both servers look (and remember, for up to a second, that nothing is published).
    for (let i = 0; i < 2; i++) expect((await publicResults()).status).toBe(404);

    await toward('A');
    const published = await admin.post('/api/v1/results/publish', { year: 2024, block: 'SO' });
    expect(published.status, published.text).toBe(200);
    expect(published.headers.get('x-backend')).toBe('A');
    let onB = await soonOnB(publicResults, (answer) => answer.status === 200);
    expect(onB.status).toBe(200);
    // Hand-computed: SNV 4 + 6 + 10 = 20/20 → 100, SCT 19/20 → 95.
    const first = (await onB.json()) as { revision: number; results: { units: { unitCode: string; index: number }[] } };
    expect(first.revision).toBe(1);
    expect(first.results.units.map((u) => [u.unitCode, u.index])).toEqual([
      ['SNV', 100],
      ['SCT', 95],
    ]);
    // B remembered "nothing published" (and so computed the answer afresh); once that is a second old, it reads and
    // remembers revision 1 for a second. A correction through A is then what B answers.
    await new Promise((r) => setTimeout(r, 1_100));
    await toward('B');
    expect((await publicResults()).status).toBe(200);
    const corrected = await admin.post('/api/v1/results/publish', { year: 2024, block: 'SO', reason: 'Sửa điểm' });
    expect(corrected.status, corrected.text).toBe(200);
    expect(corrected.headers.get('x-backend')).toBe('A');
    const revision = async (answer: Response) => ((await answer.clone().json()) as { revision: number }).revision;
    onB = await soonOnB(publicResults, async (answer) => (await revision(answer)) === 2);
    expect(await revision(onB)).toBe(2);
  });
});
