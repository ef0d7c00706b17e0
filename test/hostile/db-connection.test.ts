import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type pg from 'pg';
import { openDatabase, POOL_SIZE, queryRows } from '../../src/db/client.js';
import { isDatabaseUnavailable } from '../../src/db/unavailable.js';
import { buildApp } from '../../src/http/app.js';
import { createProcedure } from '../../src/modules/procedures/service.js';
import type { ApiClient, ApiResponse } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';
import { DatabaseKiller, streamedUpload } from './db-kill.js';

/**
 * Issue 9, "the server survives its database": a lost connection fails only the requests that used it (503
 * database_unavailable with Retry-After), never the process; the pool recovers by itself; an import whose
 * connection dies fails cleanly and its run is marked failed; /api/health tells whether the database answers.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HEADER = 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status';

/** Errors that escaped to the process: an 'error' event nobody listened to, or a rejected promise nobody awaited. */
function watchProcess() {
  const escaped: string[] = [];
  const onError = (error: unknown) => escaped.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    escaped,
    stop() {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}

describe('/api/health reports whether the database answers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('200 with databaseStatus "up" while the database answers', async () => {
    const res = await server.client().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite', databaseStatus: 'up', demo: false });
  });

  it('503 database_unavailable with Retry-After, quickly, when the database refuses connections; a signed-in request too', async () => {
    // A PostgreSQL server that is not there: port 1 on this machine refuses every connection.
    const database = await openDatabase({ kind: 'postgres', url: 'postgres://parindex@127.0.0.1:1/parindex' });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-down-'));
    const config = loadConfig({ LOG_LEVEL: 'silent', PARINDEX_DATA_DIR: dataDir });
    const app = await buildApp({ config, database }, { logger: false });
    try {
      const started = Date.now();
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(health.statusCode).toBe(503);
      expect(health.headers['retry-after']).toBe('5');
      expect(health.json()).toEqual({
        status: 'unavailable',
        database: 'postgres',
        databaseStatus: 'down',
        error: { code: 'database_unavailable', message: expect.any(String), details: { retryAfterSeconds: 5 } },
      });
      // The session lookup is the request's first query.
      const units = await app.inject({ method: 'GET', url: '/api/v1/units', headers: { cookie: 'parindex_sid=not-a-real-session' } });
      expect(units.statusCode).toBe(503);
      expect(units.headers['retry-after']).toBe('5');
      expect(units.json().error.code).toBe('database_unavailable');
    } finally {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

const serverUrl = process.env.DATABASE_URL;

describe.skipIf(!serverUrl)('PostgreSQL only (runs with DATABASE_URL): every backend of the database terminated under load', () => {
  let server: TestServer;
  let admin: ApiClient;
  let token: string;
  let killer: DatabaseKiller;

  beforeAll(async () => {
    server = await startTestServer({ MACHINE_CALLS_PER_MINUTE: '100000' });
    await seedOrganisation(server);
    await createProcedure(server.db, fixtureActor, {
      code: 'P.SNV.1',
      name: 'Đăng ký khai sinh',
      field: 'Hộ tịch',
      unitCode: 'SNV',
      legalDays: 5,
      internalDays: 5,
      onlineLevel: 'full',
    });
    admin = await server.loginAs('admin');
    const created = await admin.post('/api/v1/api-tokens', { name: 'một cửa' });
    expect(created.status, created.text).toBe(201);
    token = created.body.token;
    killer = await DatabaseKiller.open(serverUrl!, server.testDb.url!);
  });
  afterAll(async () => {
    await killer?.allowConnections(true).catch(() => undefined);
    await killer?.close();
    await server?.close();
  });

  it('a connection lost just as a transaction begins fails that transaction with database_unavailable and is not kept by the pool', async () => {
    const watch = watchProcess();
    const database = await openDatabase({ kind: 'postgres', url: server.testDb.url! });
    const pool = (database.db as unknown as { $client: pg.Pool }).$client;
    try {
      // Twice the pool's size: were the broken clients kept, the pool would have none left and the last query would wait.
      for (let i = 0; i < 2 * POOL_SIZE; i++) {
        pool.once('acquire', (client) => (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy());
        const failed = await database.db
          .transaction(async (tx) => tx.execute(sql`select 1`))
          .then(
            () => null,
            (error: unknown) => error,
          );
        expect(isDatabaseUnavailable(failed), String(failed)).toBe(true);
        expect(pool.totalCount, `clients kept after ${i + 1} lost connections`).toBe(0);
      }
      const started = Date.now();
      const [row] = await queryRows<{ one: number }>(database.db, sql`select 1 as one`);
      expect(row!.one).toBe(1);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(watch.escaped).toEqual([]);
    } finally {
      watch.stop();
      // Without the fix the pool waits for ever for the clients it handed out; the test must not hang on it.
      await Promise.race([database.close(), sleep(2000)]);
    }
  });

  it('the process stays up; requests fail 503 database_unavailable (never 500); no acknowledged write is lost; the pool recovers; the import fails cleanly', async () => {
    const tally = { sent: 0, ok: 0, unavailable: 0, other: [] as string[], transport: [] as string[] };
    const ackUnits: string[] = [];
    const ackDossiers: string[] = [];
    let stop = false;

    /** Every response must be 2xx, or 503 database_unavailable with Retry-After. */
    const call = async (what: string, send: () => Promise<ApiResponse>): Promise<ApiResponse | null> => {
      tally.sent++;
      try {
        const res = await send();
        if (res.status >= 200 && res.status < 300) tally.ok++;
        else if (res.status === 503 && res.body?.error?.code === 'database_unavailable' && res.headers.get('retry-after') === '5') tally.unavailable++;
        else tally.other.push(`${what} → ${res.status} ${res.text.slice(0, 200)}`);
        return res;
      } catch (error) {
        tally.transport.push(`${what} → ${(error as Error).message}`);
        return null;
      }
    };
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const code = `K${w}-${i}`;
        const res = await call('create unit', () => admin.post('/api/v1/units', { code, name: `Đơn vị ${code}`, blockCode: 'SO', year: TEST_YEAR }));
        if (res?.status === 201) ackUnits.push(code);
      }
    };
    const reader = async () => {
      while (!stop) {
        await call('list units', () => admin.get(`/api/v1/units?year=${TEST_YEAR}`));
        await call('list import runs', () => admin.get('/api/v1/dossiers/imports?limit=5'));
      }
    };
    const pusher = async () => {
      for (let b = 0; !stop; b++) {
        const codes = Array.from({ length: 100 }, (_, j) => `B${b}-${j}`);
        const dossiers = codes.map((code) => ({
          code,
          unitCode: 'SNV',
          procedureCode: 'P.SNV.1',
          channel: 'online',
          receivedAt: '2025-09-01T08:00:00+07:00',
          status: 'processing',
        }));
        const res = await call('batch push', () =>
          server.client().request('POST', '/api/v1/dossiers:batch', { json: { dossiers }, headers: { authorization: `Bearer ${token}` } }),
        );
        if (res?.status === 200) ackDossiers.push(...codes);
      }
    };

    // The upload: 3,000 rows, then it waits — holding its session, its run lock and its COPY — until the backends are gone.
    const row = (i: number) => `IMP-${String(i).padStart(5, '0')},SNV,P.SNV.1,,online,2025-06-02T08:00,2025-06-06T17:00,2025-06-05T09:00,,resolved\n`;
    const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => row(from + k)).join('');
    const upload = streamedUpload(server.baseUrl, { cookie: admin.cookie!, csrfToken: admin.csrfToken! }, 'killed.csv');
    upload.begin(HEADER);
    upload.write(rows(0, 3000));
    let run: { id: number; status: string } | undefined;
    for (let t = 0; t < 100 && !run; t++) {
      [run] = await queryRows<{ id: number; status: string }>(server.db, sql`select id, status from dossier_imports where file_name = 'killed.csv'`);
      if (!run) await sleep(100);
    }
    expect(run?.status).toBe('running');

    const watch = watchProcess();
    const load = [writer(1), writer(2), writer(3), reader(), reader(), pusher()];
    let uploadEnded = false;
    let kills = 0;
    let killed = 0;
    let recoveredMs: number | null = null;
    try {
      await sleep(1000);
      // Four times: every backend of the database terminated while the load runs.
      for (let k = 0; k < 4; k++) {
        killed += await killer.terminateAll();
        kills++;
        if (k === 0) {
          // The rest of the file arrives after its connection is gone: the import must fail, not half-write.
          upload.write(rows(3000, 6000));
          upload.end();
          uploadEnded = true;
        }
        await sleep(1000);
      }

      // Then the database refuses connections for a second: health says down, requests are 503.
      await killer.allowConnections(false);
      killed += await killer.terminateAll();
      kills++;
      const healthDown = await call('health (down)', () => server.client().get('/api/health'));
      expect(healthDown?.status).toBe(503);
      expect(healthDown?.body).toMatchObject({ status: 'unavailable', databaseStatus: 'down', error: { code: 'database_unavailable' } });
      const readDown = await admin.get(`/api/v1/units?year=${TEST_YEAR}`);
      expect(readDown.status).toBe(503);
      expect(readDown.body.error.code).toBe('database_unavailable');
      await sleep(1000);
      await killer.allowConnections(true);

      // Back: the first successful request, timed from the moment the database takes connections again.
      const backAt = Date.now();
      while (Date.now() - backAt < 10_000) {
        const res = await admin.get(`/api/v1/units?year=${TEST_YEAR}`);
        if (res.status === 200) {
          recoveredMs = Date.now() - backAt;
          break;
        }
        await sleep(100);
      }
      await sleep(500);
    } finally {
      // Also when an expectation above failed: the load stops and the database takes connections again.
      stop = true;
      if (!uploadEnded) upload.end();
      await killer.allowConnections(true);
      await Promise.allSettled(load);
      watch.stop();
    }
    const imported = await upload.response;
    const health = await server.client().get('/api/health');
    const pool = (server.db as unknown as { $client: pg.Pool }).$client;

    const unitCodes = new Set((await queryRows<{ code: string }>(server.db, sql`select code from units`)).map((u) => u.code));
    const dossierCodes = new Set((await queryRows<{ code: string }>(server.db, sql`select code from dossiers`)).map((d) => d.code));
    const lostUnits = ackUnits.filter((code) => !unitCodes.has(code));
    const lostDossiers = ackDossiers.filter((code) => !dossierCodes.has(code));
    const importRowsWritten = [...dossierCodes].filter((code) => code.startsWith('IMP-')).length;
    const runAfter = await admin.get(`/api/v1/dossiers/imports/${run!.id}`);
    const fiveXx = tally.other.filter((o) => / → 5\d\d /.test(o)).length;

    console.log(
      `[db-connection] requests sent ${tally.sent}: 2xx ${tally.ok}, 503 database_unavailable ${tally.unavailable}, other ${tally.other.length} (5xx ${fiveXx}), ` +
        `transport errors ${tally.transport.length}; kills ${kills}, backends terminated ${killed}; ` +
        `acknowledged writes: ${ackUnits.length} units, ${ackDossiers.length} batch dossiers; lost writes ${lostUnits.length + lostDossiers.length}; ` +
        `recovered ${recoveredMs} ms after the database came back; errors escaped to the process ${watch.escaped.length}; ` +
        `import → ${imported.status} ${imported.body?.error?.code ?? imported.body?.status}, run ${runAfter.body.status}, rows of it written ${importRowsWritten}`,
    );

    expect(watch.escaped).toEqual([]);
    expect(tally.other).toEqual([]);
    expect(tally.transport).toEqual([]);
    expect(kills).toBe(5);
    expect(killed).toBeGreaterThan(kills);
    expect(tally.unavailable).toBeGreaterThan(0);
    expect(ackUnits.length).toBeGreaterThan(0);
    expect(ackDossiers.length).toBeGreaterThan(0);
    expect(lostUnits).toEqual([]);
    expect(lostDossiers).toEqual([]);
    expect(recoveredMs).not.toBeNull();
    expect(recoveredMs!).toBeLessThan(5000);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: 'postgres', databaseStatus: 'up' });
    // Nothing holds a connection once the load is over: no broken client was kept.
    expect(pool.totalCount - pool.idleCount).toBe(0);
    expect(pool.waitingCount).toBe(0);

    // The import whose connection died: 503, its run failed, nothing of it written.
    expect(imported.status).toBe(503);
    expect(imported.headers.get('retry-after')).toBe('5');
    expect(imported.body.error.code).toBe('database_unavailable');
    expect(runAfter.status).toBe(200);
    expect(runAfter.body.status).toBe('failed');
    expect(importRowsWritten).toBe(0);
  }, 60_000);
});
