import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/schema.js';
import { buildApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { ALL_ROLES } from '../../src/http/access.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

type Expected = 'public' | 'authenticated' | 'machine' | readonly Role[];
const ADMIN = ['admin'] as const;

/**
 * The reviewed access rule of every API route. A new route fails this test until it is listed here,
 * so nobody adds a route without deciding who may call it.
 */
const MATRIX: Record<string, Expected> = {
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'authenticated',
  'GET /api/v1/auth/me': 'authenticated',
  'POST /api/v1/auth/change-password': 'authenticated',
  'GET /api/v1/blocks': ALL_ROLES,
  'GET /api/v1/blocks/:code': ALL_ROLES,
  'POST /api/v1/blocks': ADMIN,
  'PATCH /api/v1/blocks/:code': ADMIN,
  'DELETE /api/v1/blocks/:code': ADMIN,
  'POST /api/v1/blocks/import': ADMIN,
  'GET /api/v1/units': ALL_ROLES,
  'GET /api/v1/units/export': ALL_ROLES,
  'GET /api/v1/units/:code': ALL_ROLES,
  'POST /api/v1/units': ADMIN,
  'PATCH /api/v1/units/:code': ADMIN,
  'PUT /api/v1/units/:code/memberships/:year': ADMIN,
  'DELETE /api/v1/units/:code/memberships/:year': ADMIN,
  'POST /api/v1/units/merge': ADMIN,
  'POST /api/v1/units/:code/split': ADMIN,
  'POST /api/v1/units/import': ADMIN,
  'GET /api/v1/units/:code/users': ['admin', 'unit_leader', 'unit_officer'],
  'GET /api/v1/users': ADMIN,
  'POST /api/v1/users': ADMIN,
  'PATCH /api/v1/users/:id': ADMIN,
  'POST /api/v1/users/:id/reset-password': ADMIN,
  'GET /api/v1/audit': ADMIN,
  'GET /api/v1/frameworks': ALL_ROLES,
  'GET /api/v1/frameworks/:id': ALL_ROLES,
  'GET /api/v1/frameworks/:id/export': ALL_ROLES,
  'POST /api/v1/frameworks': ADMIN,
  'PUT /api/v1/frameworks/:id': ADMIN,
  'POST /api/v1/frameworks/:id/revisions': ADMIN,
  'POST /api/v1/frameworks/:id/clone': ADMIN,
  'DELETE /api/v1/frameworks/:id': ADMIN,
  'POST /api/v1/frameworks/check': ADMIN,
  'POST /api/v1/frameworks/import': ADMIN,
  'GET /api/v1/results': ALL_ROLES,
  'GET /api/v1/results/export': ALL_ROLES,
  'GET /api/v1/results/report.docx': ALL_ROLES,
  'GET /api/v1/results/scorecard.pdf': ALL_ROLES,
  'GET /api/v1/results/publications': ALL_ROLES,
  'GET /api/v1/public/results': 'public',
  'GET /api/v1/public/rounds': 'public',
  'GET /api/v1/procedures': ALL_ROLES,
  'GET /api/v1/procedures/facets': ALL_ROLES,
  'GET /api/v1/procedures/stats': ALL_ROLES,
  'GET /api/v1/procedures/stats/export': ALL_ROLES,
  'GET /api/v1/procedures/export': ALL_ROLES,
  'POST /api/v1/procedures/import': ADMIN,
  'GET /api/v1/procedures/:code': ALL_ROLES,
  'POST /api/v1/procedures': ADMIN,
  'PATCH /api/v1/procedures/:code': ADMIN,
  'DELETE /api/v1/procedures/:code': ADMIN,
  'GET /api/v1/public/procedures': 'public',
  'GET /api/v1/public/procedures/facets': 'public',
  'GET /api/v1/public/procedures/:code': 'public',
  'GET /api/v1/results/units/:unitCode': ALL_ROLES,
  'POST /api/v1/results/publish': ADMIN,
  'POST /api/v1/scores/import': ADMIN,
  'GET /api/v1/rounds': ALL_ROLES,
  'GET /api/v1/rounds/:id': ALL_ROLES,
  'POST /api/v1/rounds': ADMIN,
  'PUT /api/v1/rounds/:id/dates': ADMIN,
  'POST /api/v1/rounds/:id/extensions': ADMIN,
  'POST /api/v1/rounds/:id/approve': ['council'],
  'GET /api/v1/rounds/:id/units/:unitCode/assessment': ['admin', 'council', 'appraiser', 'unit_officer', 'unit_leader'],
  'PUT /api/v1/rounds/:id/units/:unitCode/scores/:criterionCode/self': ['unit_officer', 'unit_leader'],
  'POST /api/v1/rounds/:id/units/:unitCode/scores/:criterionCode/evidence': ['unit_officer', 'unit_leader'],
  'GET /api/v1/rounds/:id/units/:unitCode/evidence/:evidenceId': ['admin', 'council', 'appraiser', 'unit_officer', 'unit_leader'],
  'DELETE /api/v1/rounds/:id/units/:unitCode/evidence/:evidenceId': ['unit_officer', 'unit_leader'],
  'POST /api/v1/rounds/:id/units/:unitCode/submit': ['unit_leader'],
  'PUT /api/v1/rounds/:id/units/:unitCode/scores/:criterionCode/appraisal': ['appraiser'],
  'PUT /api/v1/rounds/:id/units/:unitCode/scores/:criterionCode/explanation': ['unit_officer', 'unit_leader'],
  'PUT /api/v1/rounds/:id/units/:unitCode/scores/:criterionCode/council': ['council'],
  'GET /api/v1/rounds/:id/disagreements': ['council', 'admin'],
  'GET /api/v1/notifications': ALL_ROLES,
  'GET /api/v1/rounds/:id/appraisals': ['appraiser'],
  'PUT /api/v1/rounds/:id/units/:unitCode/scores/:criterionCode/organizer': ADMIN,
  'PUT /api/v1/rounds/:id/units/:unitCode/scores/:criterionCode/correction': ADMIN,
  'GET /api/v1/apology-letters/dossiers': ['admin', 'unit_officer', 'unit_leader'],
  'PUT /api/v1/apology-letters/dossiers/:code': ['admin', 'unit_officer', 'unit_leader'],
  'GET /api/v1/apology-letters/dossiers/:code/letter.docx': ['admin', 'unit_officer', 'unit_leader'],
  'POST /api/v1/apology-letters/bulk': ['admin', 'unit_officer', 'unit_leader'],
  'GET /api/v1/apology-letters/letters.docx': ['admin', 'unit_officer', 'unit_leader'],
  'GET /api/v1/apology-letters/counts': ALL_ROLES,
  'GET /api/v1/apology-letters/template': ['admin', 'unit_officer', 'unit_leader'],
  'PUT /api/v1/apology-letters/template': ADMIN,
  'DELETE /api/v1/apology-letters/template': ADMIN,
  'POST /api/v1/apology-letters/template/preview': ADMIN,
  'GET /api/v1/apology-letters/template/sample.docx': ADMIN,
  'GET /api/v1/calendar': ALL_ROLES,
  'GET /api/v1/calendar/export': ALL_ROLES,
  'POST /api/v1/calendar/years/:year/setup': ADMIN,
  'POST /api/v1/calendar/years/:year/confirm-movable': ADMIN,
  'POST /api/v1/calendar/days': ADMIN,
  'PATCH /api/v1/calendar/days/:date': ADMIN,
  'DELETE /api/v1/calendar/days/:date': ADMIN,
  'POST /api/v1/calendar/import': ADMIN,
  'GET /api/v1/timeliness/report': ALL_ROLES,
  'GET /api/v1/timeliness/dashboard': ALL_ROLES,
  'POST /api/v1/dossiers/imports': ADMIN,
  'GET /api/v1/dossiers/imports': ADMIN,
  'GET /api/v1/dossiers/imports/:id': ADMIN,
  'POST /api/v1/dossiers::batch': 'machine',
  'GET /api/v1/api-tokens': ADMIN,
  'POST /api/v1/api-tokens': ADMIN,
  'DELETE /api/v1/api-tokens/:id': ADMIN,
};

let server: TestServer;
let targetUserId: number;
const clients = new Map<Role, ApiClient>();

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  targetUserId = (await server.createUser('viewer')).id;
  for (const role of ALL_ROLES) clients.set(role, await server.loginAs(role, 'SNV'));
});
afterAll(() => server?.close());

function concretePath(url: string): string {
  return url
    .replace('::', ':') // an escaped literal colon (`/dossiers::batch` is `/dossiers:batch`)
    .replace(':code', url.startsWith('/api/v1/blocks') ? 'NOPE' : 'SNV')
    .replace(':id', String(targetUserId))
    .replace(':year', '2025')
    .replace(':unitCode', 'SNV')
    .replace(':criterionCode', '1.1')
    .replace(':evidenceId', '1');
}

const key = (rule: { method: string; url: string }) => `${rule.method} ${rule.url}`;

describe('route × role matrix', () => {
  it('every API route declares an access rule that matches the reviewed matrix', () => {
    const declared = Object.fromEntries(
      server.app.routeRules.map((rule) => [
        key(rule),
        'public' in rule.access
          ? 'public'
          : 'authenticated' in rule.access
            ? 'authenticated'
            : 'machine' in rule.access
              ? 'machine'
              : [...rule.access.roles].sort(),
      ]),
    );
    const expected = Object.fromEntries(
      Object.entries(MATRIX).map(([k, v]) => [k, typeof v === 'string' ? v : [...v].sort()]),
    );
    expect(declared).toEqual(expected);
  });

  it('a route without an access rule cannot be registered', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', PARINDEX_DATA_DIR: '/tmp/parindex-unused' });
    const app = await buildApp({ config, database: server.testDb.database }, { logger: false });
    expect(() => app.get('/api/v1/forgotten', async () => ({}))).toThrow(/declares no access rule/);
    await app.close();
  });

  it('without a session every non-public route answers 401', async () => {
    for (const rule of server.app.routeRules) {
      if ('public' in rule.access) continue;
      const response = await server.client().request(rule.method, concretePath(rule.url), rule.method === 'GET' ? {} : { json: {} });
      expect(response.status, key(rule)).toBe(401);
      expect(response.body.error.code, key(rule)).toBe('unauthenticated');
    }
  });

  it('each role gets 403 exactly where the matrix refuses it', async () => {
    // Logout last: it ends the role's session.
    const rules = [...server.app.routeRules].sort((a, b) => Number(a.url.endsWith('logout')) - Number(b.url.endsWith('logout')));
    for (const rule of rules) {
      const expected = MATRIX[key(rule)]!;
      for (const role of ALL_ROLES) {
        const allowed = typeof expected === 'string' || expected.includes(role);
        const response = await clients.get(role)!.request(rule.method, concretePath(rule.url), rule.method === 'GET' ? {} : { json: {} });
        const label = `${role} ${key(rule)} → ${response.status} ${response.text.slice(0, 120)}`;
        if (expected === 'machine') {
          // Machine routes take an API token only: a session, whatever its role, does not authorize them.
          expect(response.status, label).toBe(401);
          expect(response.body.error.code, label).toBe('unauthenticated');
        } else if (allowed) {
          expect([401, 403], label).not.toContain(response.status);
          expect(response.status, label).toBeLessThan(500);
        } else {
          expect(response.status, label).toBe(403);
          expect(response.body.error.code, label).toBe('forbidden');
        }
      }
    }
  });

  it('unit scope: unit staff see their own unit’s accounts only', async () => {
    const leader = await server.loginAs('unit_leader', 'SCT');
    const own = await leader.get('/api/v1/units/SCT/users');
    expect(own.status).toBe(200);
    expect(own.body.items.every((u: { unitCode: string }) => u.unitCode === 'SCT')).toBe(true);
    expect(own.body.items.length).toBeGreaterThan(0);
    const other = await leader.get('/api/v1/units/SNV/users');
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    const admin = await server.loginAs('admin');
    const any = await admin.get('/api/v1/units/SCT/users');
    expect(any.status).toBe(200);
    expect(any.body.items.map((u: { username: string }) => u.username)).toEqual(own.body.items.map((u: { username: string }) => u.username));
  });
});
