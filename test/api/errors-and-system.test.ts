import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { MIGRATIONS_DIR } from '../../src/db/client.js';
import { buildApp } from '../../src/http/app.js';
import { blocks, unitMemberships } from '../../src/db/schema.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ BODY_LIMIT_BYTES: '2048', UPLOAD_LIMIT_BYTES: '4096' });
  await seedOrganisation(server);
});
afterAll(() => server?.close());

describe('health and API documents', () => {
  it('reports the database kind and the migration version', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const response = await server.client().get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
      databaseStatus: 'up',
      migration: { version: journal.entries.at(-1)!.tag, count: journal.entries.length },
      demo: false,
      replica: { configured: false, reachable: null, lagSeconds: null, lagBytes: null, usedForReads: false, checkedAt: null },
    });
  });

  it('serves the OpenAPI document and the browsable docs', async () => {
    const doc = await server.client().get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/units', '/api/v1/auth/login', '/api/v1/audit', '/api/health']));
    expect(doc.body.paths['/api/v1/units'].post.requestBody).toBeDefined();
    const ui = await fetch(`${server.baseUrl}/api/docs/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });

  it('sends secure headers', async () => {
    const response = await server.client().get('/api/health');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('one error shape', () => {
  it('404 for an unknown API route, with the error shape', async () => {
    const response = await server.client().get('/api/v1/does-not-exist');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: 'No route GET /api/v1/does-not-exist' } });
  });

  it('404 for an unknown entity', async () => {
    const admin = await server.loginAs('admin');
    const response = await admin.get('/api/v1/units/NO_SUCH');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
    expect(response.body.error.message).toContain('NO_SUCH');
  });

  it('405 with an Allow header for a wrong method', async () => {
    const response = await server.client().request('PUT', '/api/v1/units');
    expect(response.status).toBe(405);
    expect(response.body.error.code).toBe('method_not_allowed');
    expect(response.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
  });

  it('400 for malformed JSON', async () => {
    const admin = await server.loginAs('admin');
    const response = await admin.request('POST', '/api/v1/blocks', { body: '{"code": "X",', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
  });

  it('415 for a content type the API does not take', async () => {
    const admin = await server.loginAs('admin');
    const response = await admin.request('POST', '/api/v1/blocks', { body: 'code=X&name=Y', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('unsupported_media_type');
  });

  it('413 for a body over the limit, and nothing written', async () => {
    const admin = await server.loginAs('admin');
    const response = await admin.post('/api/v1/blocks', { code: 'BIG', name: 'x'.repeat(3000) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
    expect((await admin.get('/api/v1/blocks/BIG')).status).toBe(404);
  });

  it('413 for an upload over the limit, and nothing written', async () => {
    const admin = await server.loginAs('admin');
    const rows = ['code,name,block,parent_code', ...Array.from({ length: 300 }, (_, i) => `BIGU${i},Đơn vị ${i},SO,`)].join('\n');
    expect(Buffer.byteLength(rows)).toBeGreaterThan(4096);
    const response = await admin.upload('/api/v1/units/import', rows, 'units.csv');
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
    expect((await admin.get('/api/v1/units?q=BIGU1')).body.items).toEqual([]);
  });

  it('validation errors name each field', async () => {
    const admin = await server.loginAs('admin');
    const response = await admin.post('/api/v1/units', { code: 'bad code!', name: '' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    const paths = response.body.error.details.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['code', 'name']);
    const query = await admin.get('/api/v1/units?year=abc');
    expect(query.status).toBe(400);
    expect(query.body.error.details.issues[0].path).toBe('query.year');
  });

  it('a bug answers 500 with a reference and no stack trace or internal message', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', PARINDEX_DATA_DIR: '/tmp/parindex-unused' });
    const app = await buildApp({ config, database: server.testDb.database }, { logger: false });
    app.get('/api/v1/boom', { config: { access: { public: true } } }, async () => {
      throw new Error('secret internal detail');
    });
    const response = await app.inject({ method: 'GET', url: '/api/v1/boom' });
    await app.close();
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body.error.code).toBe('internal_error');
    expect(body.error.message).toMatch(/^Internal error; reference /);
    expect(response.body).not.toContain('secret internal detail');
    expect(response.body).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('database constraint errors map to 409 by SQLSTATE, without the driver message', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', PARINDEX_DATA_DIR: '/tmp/parindex-unused' });
    const { db } = server.testDb.database;
    const app = await buildApp({ config, database: server.testDb.database }, { logger: false });
    // Bypasses the services' own checks so the database itself refuses.
    app.post('/api/v1/raw-duplicate', { config: { access: { public: true } } }, async () => {
      await db.insert(blocks).values({ code: 'SO', name: 'duplicate' });
      return {};
    });
    app.post('/api/v1/raw-dangling', { config: { access: { public: true } } }, async () => {
      await db.insert(unitMemberships).values({ unitId: 987654, year: 2025, blockId: 987654 });
      return {};
    });
    const duplicate = await app.inject({ method: 'POST', url: '/api/v1/raw-duplicate' });
    const dangling = await app.inject({ method: 'POST', url: '/api/v1/raw-dangling' });
    await app.close();
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error).toEqual({ code: 'conflict', message: 'A record with the same unique value already exists' });
    expect(dangling.statusCode).toBe(409);
    expect(dangling.json().error.code).toBe('conflict');
    expect(duplicate.body + dangling.body).not.toMatch(/blocks_code_unique|violates|insert into/i);
  });

  it('serves the web app for client-side routes, not for unknown API paths', async () => {
    const page = await fetch(`${server.baseUrl}/units/SNV`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const api = await fetch(`${server.baseUrl}/api/nothing`);
    expect(api.status).toBe(404);
  });
});
