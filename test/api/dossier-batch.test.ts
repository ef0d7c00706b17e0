import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createProcedure } from '../../src/modules/procedures/service.js';
import type { ApiClient } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { SNV_BIRTH_REGISTRATION, X2_SIGNATURE_CERTIFICATION } from '../helpers/dossier-fixtures.js';

/**
 * The batch push of a one-stop-shop system: machine tokens (created once, stored hashed, revoked, audited),
 * Bearer authentication only (a session does not authorize), the 10,000-dossier limit, idempotence, skipInvalid.
 */

const BATCH = '/api/v1/dossiers:batch';
let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await createProcedure(server.db, fixtureActor, SNV_BIRTH_REGISTRATION);
  await createProcedure(server.db, fixtureActor, X2_SIGNATURE_CERTIFICATION);
  admin = await server.loginAs('admin');
});
afterAll(() => server?.close());

function push(token: string | null, body: unknown, headers: Record<string, string> = {}) {
  return server.client().request('POST', BATCH, { json: body, headers: token ? { authorization: `Bearer ${token}`, ...headers } : headers });
}

async function newToken(name: string): Promise<{ id: number; token: string }> {
  const res = await admin.post('/api/v1/api-tokens', { name });
  expect(res.status, res.text).toBe(201);
  return { id: res.body.item.id, token: res.body.token };
}

async function dossierCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from dossiers`);
  return row!.n;
}

const dossier = (code: string, overrides: Record<string, unknown> = {}) => ({
  code,
  unitCode: 'SNV',
  procedureCode: 'P.SNV.1',
  channel: 'online',
  receivedAt: '2025-09-01T08:00:00+07:00',
  dueAt: '2025-09-05T17:00:00+07:00',
  resolvedAt: null,
  status: 'processing',
  ...overrides,
});

describe('machine tokens', () => {
  it('an admin creates a token that is shown once; only its SHA-256 is stored; the list never shows it; audited', async () => {
    const res = await admin.post('/api/v1/api-tokens', { name: '  Hệ thống một cửa điện tử tỉnh  ' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.token).toMatch(/^pdx_[A-Za-z0-9_-]{43}$/);
    expect(res.body.item).toMatchObject({ name: 'Hệ thống một cửa điện tử tỉnh', createdBy: admin.user.username, lastUsedAt: null, revokedAt: null });

    const [stored] = await queryRows<{ token_hash: string }>(server.db, sql`select token_hash from api_tokens where id = ${res.body.item.id}`);
    const { createHash } = await import('node:crypto');
    expect(stored!.token_hash).toBe(createHash('sha256').update(res.body.token).digest('hex'));

    const list = await admin.get('/api/v1/api-tokens');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(res.body.token);
    expect(list.text).not.toContain(stored!.token_hash);
    expect(list.body.items.map((t: { id: number }) => t.id)).toContain(res.body.item.id);

    const audit = await admin.get(`/api/v1/audit?entityType=api_token&entityId=${res.body.item.id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['create']);
    expect(JSON.stringify(audit.body.items)).not.toContain(res.body.token);
  });

  it('two tokens are different; a name is required', async () => {
    const a = await newToken('A');
    const b = await newToken('A');
    expect(a.token).not.toBe(b.token);
    const empty = await admin.post('/api/v1/api-tokens', { name: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.issues[0].path).toBe('name');
  });

  it('only the admin manages tokens', async () => {
    const officer = await server.loginAs('unit_officer', 'SNV');
    expect((await officer.get('/api/v1/api-tokens')).status).toBe(403);
    expect((await officer.post('/api/v1/api-tokens', { name: 'mine' })).status).toBe(403);
  });
});

describe('authentication of the batch push', () => {
  const body = { dossiers: [dossier('AUTH-1')] };

  it('no token, a malformed or unknown token → 401, nothing written', async () => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Basic YWRtaW46eA==' },
      { authorization: `Bearer pdx_${'A'.repeat(43)}` },
      { authorization: 'Bearer pdx_short' },
    ];
    for (const headers of variants) {
      const res = await server.client().request('POST', BATCH, { json: body, headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect(await dossierCount()).toBe(0);
  });

  it('another method on the batch path is a 405 naming POST', async () => {
    const res = await server.client().request('GET', BATCH);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('a signed-in admin session (cookie and CSRF token) does not authorize the push', async () => {
    const res = await admin.post(BATCH, body);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    expect(await dossierCount()).toBe(0);
  });

  it('a valid token pushes; the run and the audit name the token; last_used_at is stamped', async () => {
    const { id, token } = await newToken('Một cửa – thử');
    const res = await push(token, body);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', rowsRead: 1, inserted: 1, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    const run = await admin.get(`/api/v1/dossiers/imports/${res.body.importId}`);
    expect(run.body).toMatchObject({ source: 'batch', status: 'done', startedBy: `api-token#${id}:Một cửa – thử` });
    const audit = await admin.get(`/api/v1/audit?entityType=dossier_import&entityId=${res.body.importId}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'import', actorUsername: `api-token#${id}:Một cửa – thử` });
    const list = await admin.get('/api/v1/api-tokens');
    const item = list.body.items.find((t: { id: number }) => t.id === id);
    expect(item.lastUsedAt).not.toBeNull();
  });

  it('a revoked token → 401 at once; revoking is audited and kept in the list', async () => {
    const { id, token } = await newToken('to revoke');
    expect((await push(token, { dossiers: [dossier('REV-1')] })).status).toBe(200);
    const revoke = await admin.delete(`/api/v1/api-tokens/${id}`);
    expect(revoke.status).toBe(200);
    expect(revoke.body.revokedAt).not.toBeNull();
    const res = await push(token, { dossiers: [dossier('REV-2')] });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    const [row] = await queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from dossiers where code = 'REV-2'`);
    expect(row!.n).toBe(0);
    // Revoking again changes nothing; an unknown token id is 404.
    expect((await admin.delete(`/api/v1/api-tokens/${id}`)).body.revokedAt).toBe(revoke.body.revokedAt);
    expect((await admin.delete('/api/v1/api-tokens/999999')).status).toBe(404);
    const audit = await admin.get(`/api/v1/audit?entityType=api_token&entityId=${id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action).sort()).toEqual(['create', 'revoke']);
    const listed = (await admin.get('/api/v1/api-tokens')).body.items.find((t: { id: number }) => t.id === id);
    expect(listed.revokedAt).toBe(revoke.body.revokedAt);
  });
});

describe('the batch', () => {
  let token: string;
  beforeAll(async () => {
    token = (await newToken('batch tests')).token;
  });

  it('10,001 dossiers are refused with 413 and a clear message; nothing written', async () => {
    const before = await dossierCount();
    const dossiers = Array.from({ length: 10_001 }, (_, i) => dossier(`BIG-${i}`));
    const res = await push(token, { dossiers });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(res.body.error.message).toContain('10000');
    expect(res.body.error.message).toContain('10001');
    expect(await dossierCount()).toBe(before);
  });

  it('an empty batch or a malformed dossier is a 400 with where it is wrong', async () => {
    const empty = await push(token, { dossiers: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.issues[0].path).toBe('dossiers');
    const noCode = await push(token, { dossiers: [dossier('OK-1'), { ...dossier('x'), code: 12 }] });
    expect(noCode.status).toBe(400);
    expect(noCode.body.error.details.issues[0].path).toBe('dossiers.1.code');
  });

  it('10,000 dossiers (about 2.5 MB, over the default 1 MiB body limit) go through in one call, and the same batch again changes nothing', async () => {
    const dossiers = Array.from({ length: 10_000 }, (_, i) =>
      dossier(`T-${String(i).padStart(5, '0')}`, i % 2 === 0 ? { resolvedAt: '2025-09-04T10:00:00+07:00', status: 'resolved' } : {}),
    );
    const size = Buffer.byteLength(JSON.stringify({ dossiers }));
    expect(size).toBeGreaterThan(1024 * 1024);
    const first = await push(token, { dossiers });
    expect(first.status, first.text.slice(0, 300)).toBe(200);
    expect(first.body).toMatchObject({ status: 'done', rowsRead: 10_000, inserted: 10_000, updated: 0, unchanged: 0, rejected: 0 });
    const second = await push(token, { dossiers });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'done', rowsRead: 10_000, inserted: 0, updated: 0, unchanged: 10_000, rejected: 0 });
    // Resolved on 4 September, due on the 5th → early; 5,000 of them.
    const [row] = await queryRows<{ early: number; open: number }>(
      server.db,
      sql`select count(*) filter (where timeliness = 'early')::int as early, count(*) filter (where timeliness is null)::int as open from dossiers where code like 'T-%'`,
    );
    expect(row).toEqual({ early: 5000, open: 5000 });
  });

  it('a changed dossier is updated, the rest unchanged', async () => {
    const dossiers = [dossier('T-00001', { resolvedAt: '2025-09-08T09:00:00+07:00', status: 'resolved' }), dossier('T-00003'), dossier('NEW-1')];
    const res = await push(token, { dossiers });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rowsRead: 3, inserted: 1, updated: 1, unchanged: 1, rejected: 0 });
    const [row] = await queryRows<{ timeliness: string }>(server.db, sql`select timeliness from dossiers where code = 'T-00001'`);
    expect(row!.timeliness).toBe('late');
  });

  const mixed = () => [
    dossier('MIX-1'),
    dossier('MIX-2', { unitCode: 'NOPE' }),
    dossier('MIX-3', { unitCode: 'X2', procedureCode: 'P.X2.1', channel: 'bưu chính' }),
    dossier('MIX-4', { status: 'lost' }),
    dossier('MIX-5', { receivedAt: 'yesterday' }),
  ];

  it('all-or-nothing by default: 400 import_rejected with every rejected row numbered from 1 in the order sent; nothing written', async () => {
    const before = await dossierCount();
    const res = await push(token, { dossiers: mixed() });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('import_rejected');
    expect(res.body.error.details.rows.map((r: { row: number; column?: string }) => [r.row, r.column])).toEqual([
      [2, 'unit_code'],
      [4, 'status'],
      [5, 'received_at'],
    ]);
    expect(await dossierCount()).toBe(before);
  });

  it('skipInvalid loads the valid dossiers and lists the others; pushing it again leaves them unchanged', async () => {
    const res = await push(token, { dossiers: mixed(), skipInvalid: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', rowsRead: 5, inserted: 2, updated: 0, unchanged: 0, rejected: 3 });
    expect(res.body.errors.map((r: { row: number }) => r.row)).toEqual([2, 4, 5]);
    const rows = await queryRows<{ code: string; channel: string }>(server.db, sql`select code, channel from dossiers where code like 'MIX-%' order by code`);
    // "bưu chính" is the Vietnamese name of the postal channel.
    expect(rows).toEqual([
      { code: 'MIX-1', channel: 'online' },
      { code: 'MIX-3', channel: 'postal' },
    ]);
    const again = await push(token, { dossiers: mixed(), skipInvalid: true });
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 3 });
  });

  it('the same code twice in one batch is a rejected row', async () => {
    const res = await push(token, { dossiers: [dossier('DUP-1'), dossier('DUP-2'), dossier('DUP-1', { status: 'received' })] });
    expect(res.status).toBe(400);
    expect(res.body.error.details.rows).toMatchObject([{ row: 3, column: 'code', message: expect.stringContaining('line 1') }]);
  });
});

describe('calls per token', () => {
  // A server of its own, allowing 3 calls a minute per token.
  let limited: TestServer;
  let limitedAdmin: ApiClient;
  beforeAll(async () => {
    limited = await startTestServer({ MACHINE_CALLS_PER_MINUTE: '3' });
    await seedOrganisation(limited);
    await createProcedure(limited.db, fixtureActor, {
      code: 'P.SNV.1',
      name: 'Đăng ký khai sinh',
      field: 'Hộ tịch',
      unitCode: 'SNV',
      legalDays: 5,
      internalDays: 5,
      onlineLevel: 'full',
    });
    limitedAdmin = await limited.loginAs('admin');
  });
  afterAll(() => limited?.close());

  const pushTo = (token: string) =>
    limited.client().request('POST', BATCH, { json: { dossiers: [dossier('RATE-1')] }, headers: { authorization: `Bearer ${token}` } });
  const tokenOn = async (name: string) => (await limitedAdmin.post('/api/v1/api-tokens', { name })).body.token as string;

  it('answers 429 with Retry-After past the limit, counts each token apart, and lets calls through again a minute later', async () => {
    const start = Date.parse('2026-11-28T08:00:00Z');
    limited.now = new Date(start).toISOString();
    const first = await tokenOn('Một cửa A');
    const second = await tokenOn('Một cửa B');
    for (let i = 0; i < 3; i++) {
      limited.now = new Date(start + i * 10_000).toISOString();
      expect((await pushTo(first)).status).toBe(200);
    }
    // 30 s after the first call: the window still holds the three calls, the first leaves it at 60 s.
    limited.now = new Date(start + 30_000).toISOString();
    const refused = await pushTo(first);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 30, limitPerMinute: 3 } });
    // Another token is not held back, and a wrong token is still refused as such.
    expect((await pushTo(second)).status).toBe(200);
    expect((await pushTo('pdx_' + 'x'.repeat(43))).status).toBe(401);
    // Once the first call is a minute old, one more call fits.
    limited.now = new Date(start + 60_001).toISOString();
    expect((await pushTo(first)).status).toBe(200);
    expect((await pushTo(first)).status).toBe(429);
    limited.now = null;
  });
});
