import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReplica } from '../../src/db/client.js';
import { lagFromSamples, lsnBytes, ReadRouting } from '../../src/db/replica.js';
import { WROTE_COOKIE } from '../../src/http/app.js';
import type { ApiClient } from '../helpers/client.js';
import { startReplica, type Replica } from '../helpers/replica.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Reads on a streaming replica (issue 14, item 2; docs/scale.md): reports, dashboards, public pages and exports read
 * from DATABASE_REPLICA_URL; writes, and a user's reads within READ_YOUR_WRITES_SECONDS of their own write, go to the
 * primary; a replica that lags too far or does not answer is left aside.
 */

const procedure = (code: string) => ({ code, name: `Thủ tục ${code}`, field: 'Hộ tịch', unitCode: 'SNV', legalDays: 5, onlineLevel: 'full' });

describe('the lag, from the WAL positions seen at the checks', () => {
  it('reads a WAL position as bytes', () => {
    expect(lsnBytes('0/0')).toBe(0n);
    expect(lsnBytes('0/16B374D8')).toBe(0x16b374d8n);
    expect(lsnBytes('2/A')).toBe(2n * 2n ** 32n + 10n);
  });

  it('is 0 when the replica has replayed what the primary had; else the time since the primary was where the replica is', () => {
    const samples = [
      { atMs: 1_000, lsn: 100n },
      { atMs: 2_000, lsn: 200n },
      { atMs: 3_000, lsn: 300n },
    ];
    // Replayed up to 300 (the latest): caught up, whatever the last commit's age (a long import runs).
    expect(lagFromSamples(samples, 300n, 3_500, 120)).toBe(0);
    // At 250: the primary was past it at 3,000 but at 200 at 2,000 ms → 1.5 s behind at 3,500 ms.
    expect(lagFromSamples(samples, 250n, 3_500, 120)).toBe(1.5);
    expect(lagFromSamples(samples, 100n, 3_500, 120)).toBe(2.5);
    // Behind every sample: the replica's own measure is all there is.
    expect(lagFromSamples(samples, 50n, 3_500, 7)).toBe(7);
    expect(lagFromSamples([], 50n, 3_500, 7)).toBe(7);
  });
});

describe('read routing without a replica (any database)', () => {
  it('every read goes to the primary, the health says "no replica", and a write sets no cookie', async () => {
    const server = await startTestServer();
    try {
      await seedOrganisation(server);
      const health = await server.client().get('/api/health');
      expect(health.status).toBe(200);
      expect(health.body.replica).toEqual({ configured: false, reachable: null, lagSeconds: null, lagBytes: null, usedForReads: false, checkedAt: null });
      const admin = await server.loginAs('admin');
      const created = await admin.post('/api/v1/procedures', procedure('9.000001'));
      expect(created.status).toBe(201);
      expect(admin.otherCookies.has(WROTE_COOKIE)).toBe(false);
      expect((await server.client().get('/api/v1/public/procedures/9.000001')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('a replica that does not answer is left aside: reads go to the primary and the health says so', async () => {
    const server = await startTestServer();
    // Nothing listens on port 1.
    const unreachable = openReplica('postgres://postgres@127.0.0.1:1/none');
    const routing = new ReadRouting(server.db, unreachable, { maxLagMs: 30_000, readYourWritesMs: 5_000, checkTimeoutMs: 2_000 });
    try {
      expect(await routing.reader(null, Date.now())).toBe(server.db);
      const status = await routing.current();
      expect(status).toMatchObject({ configured: true, reachable: false, usedForReads: false, lagSeconds: null });
    } finally {
      await routing.close();
      await server.close();
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL)('a real streaming replica (PostgreSQL: pg_basebackup of the CI server)', () => {
  let replica: Replica;
  let server: TestServer;
  let admin: ApiClient;

  beforeAll(async () => {
    replica = await startReplica(process.env.DATABASE_URL!);
    server = await startTestServer({ READ_YOUR_WRITES_SECONDS: '5', REPLICA_MAX_LAG_SECONDS: '3600' }, { replicaPort: replica.port });
    await seedOrganisation(server);
    admin = await server.loginAs('admin');
    await replica.waitCaughtUp();
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await replica?.stop();
  });

  it('the health shows the replica, reachable, used for reads, and its lag', async () => {
    const health = await server.client().get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.replica).toMatchObject({ configured: true, reachable: true, usedForReads: true });
    expect(health.body.replica.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(health.body.replica.lagBytes).toBeGreaterThanOrEqual(0);
  });

  it('a user who writes reads their write at once (primary); others read the replica until it has replayed it', async () => {
    // Replay paused: what the primary writes now stays off the replica, so where a read went shows in its answer.
    await replica.pauseReplay();
    try {
      const created = await admin.post('/api/v1/procedures', procedure('9.000002'));
      expect(created.status).toBe(201);
      expect(Number(admin.otherCookies.get(WROTE_COOKIE))).toBeGreaterThan(0);
      // The writer, at once: from the primary.
      expect((await admin.get('/api/v1/public/procedures/9.000002')).status).toBe(200);
      const exported = await admin.get('/api/v1/procedures/export?format=csv&unit=SNV');
      expect(exported.status).toBe(200);
      expect(exported.text).toContain('9.000002');
      // Anyone else (the public page, another signed-in user's export): the replica, which has not seen it yet.
      expect((await server.client().get('/api/v1/public/procedures/9.000002')).status).toBe(404);
      const viewer = await server.loginAs('viewer');
      const viewerExport = await viewer.get('/api/v1/procedures/export?format=csv&unit=SNV');
      expect(viewerExport.status).toBe(200);
      expect(viewerExport.text).not.toContain('9.000002');
      // A route that is no report reads the primary for everyone: the viewer's procedure list has it.
      expect((await viewer.get('/api/v1/procedures/9.000002')).status).toBe(200);
      // Once the window has passed (the server's clock moved 6 s on), the writer reads the replica like everyone.
      server.now = new Date(Date.now() + 6_000).toISOString();
      expect((await admin.get('/api/v1/public/procedures/9.000002')).status).toBe(404);
      // The health sees the replica behind the primary by the WAL of that write.
      const deadline = Date.now() + 5_000;
      let lagBytes = 0;
      while (lagBytes === 0 && Date.now() < deadline) {
        lagBytes = (await server.client().get('/api/health')).body.replica.lagBytes;
        if (lagBytes === 0) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(lagBytes).toBeGreaterThan(0);
    } finally {
      server.now = null;
      await replica.resumeReplay();
    }
    await replica.waitCaughtUp();
    expect((await server.client().get('/api/v1/public/procedures/9.000002')).status).toBe(200);
  });

  it('writes never reach the replica: its connections are read-only', async () => {
    const connection = openReplica(replica.urlOf(server.testDb.url!));
    try {
      const error = await connection.db.execute(sql`create table should_not_exist (id int)`).then(
        () => null,
        (e: { cause?: { code?: string } }) => e,
      );
      // 25006: read_only_sql_transaction (default_transaction_read_only on the replica's pool).
      expect(error?.cause?.code).toBe('25006');
    } finally {
      await connection.close();
    }
  });

  it('a replica further behind than the allowed lag is left aside, and used again once it has caught up', async () => {
    const connection = openReplica(replica.urlOf(server.testDb.url!));
    const routing = new ReadRouting(server.db, connection, { maxLagMs: 300, readYourWritesMs: 5_000, checkEveryMs: 0 });
    try {
      // Not checked yet: the primary, while the first check runs; then the replica. The other test files write to the
      // same server meanwhile, and a first check has no earlier WAL sample to measure against (it falls back to the
      // time since the last replayed commit), so a loaded machine may need a few checks to see it within 300 ms.
      expect(await routing.reader(null, Date.now())).toBe(server.db);
      await expect.poll(async () => (await routing.current()).usedForReads, { timeout: 10_000, interval: 100 }).toBe(true);
      expect(await routing.reader(null, Date.now())).toBe(connection.db);
      // Within the window after the caller's own write: the primary, whatever the replica's state.
      expect(await routing.reader(Date.now() - 1_000, Date.now())).toBe(server.db);
      await replica.pauseReplay();
      try {
        expect((await admin.post('/api/v1/procedures', procedure('9.000003'))).status).toBe(201);
        await new Promise((resolve) => setTimeout(resolve, 600));
        expect(await routing.reader(null, Date.now())).toBe(server.db);
        const status = await routing.current();
        expect(status.usedForReads).toBe(false);
        expect(status.lagSeconds).toBeGreaterThan(0.3);
      } finally {
        await replica.resumeReplay();
      }
      await replica.waitCaughtUp();
      // Caught up: the replica again (WAL arriving between two checks may hold it back for a moment).
      const deadline = Date.now() + 3_000;
      let reader = await routing.reader(null, Date.now());
      while (reader !== connection.db && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        reader = await routing.reader(null, Date.now());
      }
      expect(reader).toBe(connection.db);
    } finally {
      await routing.close();
    }
  });
});
