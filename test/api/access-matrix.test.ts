import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/schema.js';
import { dossiers, procedures, units } from '../../src/db/schema.js';
import { plans, planTasks, surveyCampaigns, surveyCampaignUnits, surveyTemplates } from '../../src/db/schema.js';
import { inspections, remediationItems } from '../../src/db/schema.js';
import { registerEntries } from '../../src/db/schema.js';
import { buildApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { ALL_ROLES } from '../../src/http/access.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { openRound2025 } from '../helpers/cycle-fixtures.js';

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
  'GET /api/v1/users/me/email': ALL_ROLES,
  'PUT /api/v1/users/me/email': ALL_ROLES,
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
  'GET /api/v1/home': ['unit_officer', 'unit_leader'],
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
  'GET /api/v1/rounds/:id/approval': ['admin', 'council'],
  'GET /api/v1/rounds/:id/units/:unitCode/assessment': ['admin', 'council', 'appraiser', 'unit_officer', 'unit_leader'],
  'GET /api/v1/rounds/:id/units/:unitCode/self-assessment-report': ['admin', 'council', 'appraiser', 'unit_officer', 'unit_leader'],
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
  'GET /api/v1/work/appraisal': ['appraiser', 'admin'],
  'GET /api/v1/work/council': ['council', 'admin'],
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
  // Survey templates: every role reads; the organizer writes (test/api/survey-templates.test.ts).
  'GET /api/v1/surveys/templates': ALL_ROLES,
  'GET /api/v1/surveys/templates/:code': ALL_ROLES,
  'POST /api/v1/surveys/templates': ADMIN,
  'PUT /api/v1/surveys/templates/:code': ADMIN,
  'DELETE /api/v1/surveys/templates/:code': ADMIN,
  'POST /api/v1/surveys/templates/import': ADMIN,
  'GET /api/v1/surveys/templates/:code/export': ALL_ROLES,
  // Survey campaigns: every role reads (unit staff: campaigns of their unit, their row); the organizer writes.
  'GET /api/v1/surveys/campaigns': ALL_ROLES,
  'POST /api/v1/surveys/campaigns': ADMIN,
  'GET /api/v1/surveys/campaigns/:code': ALL_ROLES,
  'PATCH /api/v1/surveys/campaigns/:code': ADMIN,
  'POST /api/v1/surveys/campaigns/:code/close': ADMIN,
  'POST /api/v1/surveys/campaigns/:code/units': ADMIN,
  'PUT /api/v1/surveys/campaigns/:code/units/:unit': ADMIN,
  'DELETE /api/v1/surveys/campaigns/:code/units/:unit': ADMIN,
  'POST /api/v1/surveys/campaigns/:code/groups': ADMIN,
  'PUT /api/v1/surveys/campaigns/:code/groups/:group': ADMIN,
  'DELETE /api/v1/surveys/campaigns/:code/groups/:group': ADMIN,
  'POST /api/v1/surveys/campaigns/:code/links': ADMIN,
  'GET /api/v1/surveys/campaigns/:code/links': ADMIN,
  // Reform plans: unit staff edit their own unit's plans (checked in the service; test/api/plans.test.ts).
  'GET /api/v1/plans': ALL_ROLES,
  'POST /api/v1/plans': ['admin', 'unit_officer', 'unit_leader'],
  'PATCH /api/v1/plans/:id': ['admin', 'unit_officer', 'unit_leader'],
  'DELETE /api/v1/plans/:id': ['admin', 'unit_officer', 'unit_leader'],
  'PUT /api/v1/plans/:id/tasks/:task': ['admin', 'unit_officer', 'unit_leader'],
  'DELETE /api/v1/plans/:id/tasks/:task': ['admin', 'unit_officer', 'unit_leader'],
  'PUT /api/v1/plans/required': ADMIN,
  'POST /api/v1/plans/tasks/import': ['admin', 'unit_officer', 'unit_leader'],
  // Reminders: each role its own (test/api/reminders.test.ts).
  'GET /api/v1/reminders': ALL_ROLES,
  'GET /api/v1/plans/report': ['admin', 'appraiser', 'council', 'viewer'],
  // Inspections: the organizer plans; the team (checked in the service) edits; unit staff read and close their own
  // unit's remediation items (test/api/inspections.test.ts).
  'GET /api/v1/inspections': ALL_ROLES,
  'GET /api/v1/inspections/inspectors': ADMIN,
  'POST /api/v1/inspections': ADMIN,
  'GET /api/v1/inspections/:id': ALL_ROLES,
  'PATCH /api/v1/inspections/:id': ['admin', 'appraiser', 'council'],
  'DELETE /api/v1/inspections/:id': ADMIN,
  'POST /api/v1/inspections/:id/findings': ['admin', 'appraiser', 'council'],
  'PATCH /api/v1/inspections/:id/findings/:finding': ['admin', 'appraiser', 'council'],
  'DELETE /api/v1/inspections/:id/findings/:finding': ['admin', 'appraiser', 'council'],
  'POST /api/v1/inspections/:id/remediation': ['admin', 'appraiser', 'council'],
  'PATCH /api/v1/inspections/:id/remediation/:item': ['admin', 'appraiser', 'council'],
  'DELETE /api/v1/inspections/:id/remediation/:item': ['admin', 'appraiser', 'council'],
  'PUT /api/v1/inspections/:id/remediation/:item/closure': ['admin', 'appraiser', 'council', 'unit_officer', 'unit_leader'],
  'DELETE /api/v1/inspections/:id/remediation/:item/closure': ['admin', 'appraiser', 'council', 'unit_officer', 'unit_leader'],
  'GET /api/v1/inspections/:id/record.docx': ALL_ROLES,
  'GET /api/v1/inspections/:id/conclusion.docx': ALL_ROLES,
  // Registers (sổ theo dõi): unit staff read and edit their own unit's entries (checked in the service; test/api/registers.test.ts).
  'GET /api/v1/registers': ALL_ROLES,
  'GET /api/v1/registers/export': ALL_ROLES,
  'POST /api/v1/registers': ['admin', 'unit_officer', 'unit_leader'],
  'PATCH /api/v1/registers/:id': ['admin', 'unit_officer', 'unit_leader'],
  'DELETE /api/v1/registers/:id': ['admin', 'unit_officer', 'unit_leader'],
  'POST /api/v1/registers/import': ['admin', 'unit_officer', 'unit_leader'],
  // Survey results: every role; unit staff narrowed to their own unit in the service (test/api/survey-results.test.ts).
  'GET /api/v1/surveys/campaigns/:code/results': ALL_ROLES,
  'GET /api/v1/surveys/campaigns/:code/results/units/:unit': ALL_ROLES,
  'GET /api/v1/surveys/campaigns/:code/results/units/:unit/texts': ALL_ROLES,
  'GET /api/v1/surveys/campaigns/:code/results/export': ALL_ROLES,
  'GET /api/v1/surveys/campaigns/:code/results/report': ALL_ROLES,
  // Survey collection: the public form (the key in the URL is the credential; test/api/survey-collection.test.ts) and
  // the unit's kiosk key and QR poster (the organizer or that unit's staff, checked in the service).
  'GET /api/v1/public/surveys/:slug': 'public',
  'GET /api/v1/public/surveys/:slug/kiosk/:kioskKey': 'public',
  'GET /api/v1/public/surveys/t/:token': 'public',
  'POST /api/v1/public/surveys/:slug/responses': 'public',
  'PUT /api/v1/public/responses/:key': 'public',
  'POST /api/v1/public/responses/:key/submit': 'public',
  'POST /api/v1/surveys/campaigns/:code/units/:unit/kiosk': ['admin', 'unit_officer', 'unit_leader'],
  'GET /api/v1/surveys/campaigns/:code/units/:unit/poster.png': ['admin', 'unit_officer', 'unit_leader'],
  'GET /api/v1/surveys/campaigns/:code/units/:unit/poster.pdf': ['admin', 'unit_officer', 'unit_leader'],
  // Survey entry: paper forms, responses list and export by the organizer or unit staff (own unit, checked in the
  // service; test/api/survey-entry.test.ts); resolve, re-check and import by the organizer.
  'GET /api/v1/surveys/campaigns/:code/entry': ['admin', 'unit_officer', 'unit_leader'],
  'POST /api/v1/surveys/campaigns/:code/paper': ['admin', 'unit_officer', 'unit_leader'],
  'GET /api/v1/surveys/campaigns/:code/paper': ['admin', 'unit_officer', 'unit_leader'],
  'PUT /api/v1/surveys/campaigns/:code/paper/:formNo/resolve': ADMIN,
  'GET /api/v1/surveys/campaigns/:code/responses': ['admin', 'unit_officer', 'unit_leader'],
  'POST /api/v1/surveys/campaigns/:code/responses/import': ADMIN,
  'GET /api/v1/surveys/campaigns/:code/responses/export': ['admin', 'unit_officer', 'unit_leader'],
  'PATCH /api/v1/surveys/responses/:id': ADMIN,
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
  'GET /api/v1/dossiers': ALL_ROLES,
  'GET /api/v1/dossiers/:code': ALL_ROLES,
  'GET /api/v1/api-tokens': ADMIN,
  'POST /api/v1/api-tokens': ADMIN,
  'DELETE /api/v1/api-tokens/:id': ADMIN,
  // Periodic reports: unit staff write their own unit's reports; readers see submitted ones (test/api/periodic-reports.test.ts).
  'GET /api/v1/reports/deadlines': ALL_ROLES,
  'PUT /api/v1/reports/deadlines': ADMIN,
  'GET /api/v1/reports/template': ALL_ROLES,
  'PUT /api/v1/reports/template': ADMIN,
  'DELETE /api/v1/reports/template': ADMIN,
  'GET /api/v1/reports/status': ['admin', 'appraiser', 'council', 'viewer'],
  'GET /api/v1/reports/summary.docx': ['admin', 'appraiser', 'council', 'viewer'],
  'GET /api/v1/reports/:unitCode/:year': ALL_ROLES,
  'GET /api/v1/reports/:unitCode/:year/:period': ALL_ROLES,
  'PUT /api/v1/reports/:unitCode/:year/:period': ['unit_officer', 'unit_leader'],
  'POST /api/v1/reports/:unitCode/:year/:period/submit': ['unit_officer', 'unit_leader'],
  'POST /api/v1/reports/:unitCode/:year/:period/reopen': ADMIN,
  'GET /api/v1/reports/:unitCode/:year/:period/report.docx': ALL_ROLES,
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
    const expected = Object.fromEntries(Object.entries(MATRIX).map(([k, v]) => [k, typeof v === 'string' ? v : [...v].sort()]));
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
  }, 180_000); // ~130 routes × 6 roles, one request each: slow on a loaded machine

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

/*
 * Unit scope. A route open to unit staff with the `own-unit` scope serves one unit's data: its service must refuse
 * another unit's resource. The list of such routes comes from the route table, so a new unit-scoped route fails
 * the test below until it has a case here. SNV's officer (and leader, for what only a leader does) calls each route
 * on SNV's resource, which succeeds, then on SCT's, which is refused.
 */
/** A small PDF; the same content is attached once per criterion, so each upload gets its own `tag`. */
const pdf = (tag: string) => Buffer.from(`%PDF-1.4\n% ${tag}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
let uploads = 0;

interface ScopeCall {
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  json?: unknown;
  /** A multipart upload of a PDF instead of a JSON body. */
  upload?: boolean;
  /** A multipart upload of this CSV instead of a JSON body. */
  csv?: string;
}
interface ScopeCase {
  who: 'officer' | 'leader';
  own: () => ScopeCall;
  /** The status on the own unit: success, or (explanation) a refusal that is not about the scope. */
  ownStatus: number;
  other: () => ScopeCall;
  /**
   * 403 where the route names the other unit; 404 where a dossier is looked up within the caller's unit (another
   * unit's dossier does not exist for them); 400 where it is a field of a batch (`letter_dossier_unknown`).
   */
  otherStatus: 400 | 403 | 404;
  /** The error code of the refusal when it is not the status's usual one (a file's rows: import_rejected). */
  otherCode?: string;
}

/** Routes in the own-unit scope that name no unit (the same template for every unit; the caller's own unit home). */
const NOT_UNIT_BOUND = new Set([
  'GET /api/v1/apology-letters/template',
  'GET /api/v1/home',
  // The paper-entry page and its forms list: the caller's own unit's (test/api/survey-entry.test.ts).
  'GET /api/v1/surveys/campaigns/:code/entry',
  'GET /api/v1/surveys/campaigns/:code/paper',
]);

/** Province-scoped routes (open to every role) whose service still narrows unit staff to their unit. */
const SCOPED_IN_SERVICE = [
  'GET /api/v1/timeliness/report',
  'GET /api/v1/timeliness/dashboard',
  'GET /api/v1/dossiers',
  'GET /api/v1/dossiers/:code',
  'GET /api/v1/plans',
  'GET /api/v1/inspections/:id',
  'GET /api/v1/inspections/:id/record.docx',
  'GET /api/v1/inspections/:id/conclusion.docx',
  'GET /api/v1/registers',
  'GET /api/v1/registers/export',
];

/** The plan of SNV and of SCT made for the plan cases, by unit code. */
const planIds = new Map<string, number>();
const planOf = (unit: string) => planIds.get(unit)!;
/** The 2025 inspection of SNV and of SCT, each with one remediation item, for the inspection cases. */
const inspectionIds = new Map<string, { inspection: number; item: number }>();
const inspectionOf = (unit: string) => inspectionIds.get(unit)!.inspection;
const closureOf = (unit: string) => `/api/v1/inspections/${inspectionOf(unit)}/remediation/${inspectionIds.get(unit)!.item}/closure`;
const TASKS_HEADER = 'unit_code,plan_code,task_code,title,area,owner,output,deadline,status,completed_on';
/** The contest entry HT-1 of SNV and of SCT made for the register cases, by unit code. */
const registerEntryIds = new Map<string, number>();
const entryOf = (unit: string) => registerEntryIds.get(unit)!;
const CONTESTS_IMPORT = '/api/v1/registers/import?year=2025&register=contests';
const contest = (unitCode: string) => ({ year: 2025, unitCode, register: 'contests', code: 'HT-2', title: 'Hội thi', data: { participants: 10 } });

const scope = {
  roundId: 0,
  evidence: { snv: 0, sct: 0, snvSpare: 0 },
};
const sheet = (unit: string, rest: string) => `/api/v1/rounds/${scope.roundId}/units/${unit}${rest}`;
const LETTER = { reason: 'Hồ sơ chậm do thiếu nhân lực', newAppointmentDate: '2025-11-20' };

const SCOPE_CASES: Record<string, ScopeCase> = {
  'GET /api/v1/units/:code/users': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/units/SNV/users' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/units/SCT/users' }),
    otherStatus: 403,
  },
  'GET /api/v1/rounds/:id/units/:unitCode/assessment': {
    who: 'officer',
    own: () => ({ method: 'GET', path: sheet('SNV', '/assessment') }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: sheet('SCT', '/assessment') }),
    otherStatus: 403,
  },
  'GET /api/v1/rounds/:id/units/:unitCode/self-assessment-report': {
    who: 'officer',
    own: () => ({ method: 'GET', path: sheet('SNV', '/self-assessment-report?format=docx') }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: sheet('SCT', '/self-assessment-report?format=docx') }),
    otherStatus: 403,
  },
  'PUT /api/v1/rounds/:id/units/:unitCode/scores/:criterionCode/self': {
    who: 'officer',
    own: () => ({ method: 'PUT', path: sheet('SNV', '/scores/1.1/self'), json: { score: 2 } }),
    ownStatus: 200,
    other: () => ({ method: 'PUT', path: sheet('SCT', '/scores/1.1/self'), json: { score: 2 } }),
    otherStatus: 403,
  },
  'POST /api/v1/rounds/:id/units/:unitCode/scores/:criterionCode/evidence': {
    who: 'officer',
    own: () => ({ method: 'POST', path: sheet('SNV', '/scores/1.1/evidence'), upload: true }),
    ownStatus: 201,
    other: () => ({ method: 'POST', path: sheet('SCT', '/scores/1.1/evidence'), upload: true }),
    otherStatus: 403,
  },
  'GET /api/v1/rounds/:id/units/:unitCode/evidence/:evidenceId': {
    who: 'officer',
    own: () => ({ method: 'GET', path: sheet('SNV', `/evidence/${scope.evidence.snv}`) }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: sheet('SCT', `/evidence/${scope.evidence.sct}`) }),
    otherStatus: 403,
  },
  'DELETE /api/v1/rounds/:id/units/:unitCode/evidence/:evidenceId': {
    who: 'officer',
    own: () => ({ method: 'DELETE', path: sheet('SNV', `/evidence/${scope.evidence.snvSpare}`) }),
    ownStatus: 204,
    other: () => ({ method: 'DELETE', path: sheet('SCT', `/evidence/${scope.evidence.sct}`) }),
    otherStatus: 403,
  },
  'PUT /api/v1/rounds/:id/units/:unitCode/scores/:criterionCode/explanation': {
    who: 'officer',
    // Nothing was asked of SNV: refused for that reason (409), past the scope check.
    own: () => ({ method: 'PUT', path: sheet('SNV', '/scores/1.1/explanation'), json: { answer: 'Giải trình' } }),
    ownStatus: 409,
    other: () => ({ method: 'PUT', path: sheet('SCT', '/scores/1.1/explanation'), json: { answer: 'Giải trình' } }),
    otherStatus: 403,
  },
  'POST /api/v1/rounds/:id/units/:unitCode/submit': {
    who: 'leader',
    own: () => ({ method: 'POST', path: sheet('SNV', '/submit'), json: {} }),
    ownStatus: 200,
    other: () => ({ method: 'POST', path: sheet('SCT', '/submit'), json: {} }),
    otherStatus: 403,
  },
  'GET /api/v1/apology-letters/dossiers': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/apology-letters/dossiers?unit=SNV' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/apology-letters/dossiers?unit=SCT' }),
    otherStatus: 403,
  },
  'PUT /api/v1/apology-letters/dossiers/:code': {
    who: 'officer',
    own: () => ({ method: 'PUT', path: '/api/v1/apology-letters/dossiers/SNV-001', json: LETTER }),
    ownStatus: 201,
    other: () => ({ method: 'PUT', path: '/api/v1/apology-letters/dossiers/SCT-001', json: LETTER }),
    otherStatus: 404,
  },
  'GET /api/v1/apology-letters/dossiers/:code/letter.docx': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/apology-letters/dossiers/SNV-001/letter.docx' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/apology-letters/dossiers/SCT-001/letter.docx' }),
    otherStatus: 404,
  },
  'POST /api/v1/apology-letters/bulk': {
    who: 'officer',
    own: () => ({ method: 'POST', path: '/api/v1/apology-letters/bulk', json: { ...LETTER, letters: [{ dossierCode: 'SNV-002' }] } }),
    ownStatus: 201,
    other: () => ({ method: 'POST', path: '/api/v1/apology-letters/bulk', json: { ...LETTER, letters: [{ dossierCode: 'SCT-002' }] } }),
    otherStatus: 400,
  },
  'GET /api/v1/apology-letters/letters.docx': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/apology-letters/letters.docx?codes=SNV-001,SNV-002' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/apology-letters/letters.docx?codes=SCT-001' }),
    otherStatus: 404,
  },
  'GET /api/v1/dossiers': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/dossiers?unit=SNV' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/dossiers?unit=SCT' }),
    otherStatus: 403,
  },
  'GET /api/v1/dossiers/:code': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/dossiers/SNV-001' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/dossiers/SCT-001' }),
    otherStatus: 404,
  },
  'GET /api/v1/timeliness/report': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/timeliness/report?year=2025&unit=SNV' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/timeliness/report?year=2025&unit=SCT' }),
    otherStatus: 403,
  },
  'GET /api/v1/timeliness/dashboard': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/timeliness/dashboard?year=2025&unit=SNV' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/timeliness/dashboard?year=2025&unit=SCT' }),
    otherStatus: 403,
  },
  // Reform plans: a unit's plans and tasks (fixtures below).
  'GET /api/v1/plans': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/plans?year=2025&unit=SNV' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/plans?year=2025&unit=SCT' }),
    otherStatus: 403,
  },
  'POST /api/v1/plans': {
    who: 'officer',
    own: () => ({ method: 'POST', path: '/api/v1/plans?year=2025&unit=SNV', json: { code: 'KH2', title: 'Kế hoạch 2' } }),
    ownStatus: 201,
    other: () => ({ method: 'POST', path: '/api/v1/plans?year=2025&unit=SCT', json: { code: 'KH2', title: 'Kế hoạch 2' } }),
    otherStatus: 403,
  },
  'PATCH /api/v1/plans/:id': {
    who: 'leader',
    own: () => ({ method: 'PATCH', path: `/api/v1/plans/${planOf('SNV')}`, json: { documentNo: '1/KH' } }),
    ownStatus: 200,
    other: () => ({ method: 'PATCH', path: `/api/v1/plans/${planOf('SCT')}`, json: { documentNo: '1/KH' } }),
    otherStatus: 403,
  },
  'PUT /api/v1/plans/:id/tasks/:task': {
    who: 'officer',
    own: () => ({ method: 'PUT', path: `/api/v1/plans/${planOf('SNV')}/tasks/T2`, json: { code: 'T2', title: 'Hai', status: 'todo' } }),
    ownStatus: 200,
    other: () => ({ method: 'PUT', path: `/api/v1/plans/${planOf('SCT')}/tasks/T2`, json: { code: 'T2', title: 'Hai', status: 'todo' } }),
    otherStatus: 403,
  },
  'DELETE /api/v1/plans/:id/tasks/:task': {
    who: 'officer',
    own: () => ({ method: 'DELETE', path: `/api/v1/plans/${planOf('SNV')}/tasks/T1` }),
    ownStatus: 204,
    other: () => ({ method: 'DELETE', path: `/api/v1/plans/${planOf('SCT')}/tasks/T1` }),
    otherStatus: 403,
  },
  'POST /api/v1/plans/tasks/import': {
    who: 'officer',
    own: () => ({ method: 'POST', path: '/api/v1/plans/tasks/import?year=2025', csv: `${TASKS_HEADER}\nSNV,KH,T3,Ba,,,,,todo,\n` }),
    ownStatus: 200,
    other: () => ({ method: 'POST', path: '/api/v1/plans/tasks/import?year=2025', csv: `${TASKS_HEADER}\nSCT,KH,T3,Ba,,,,,todo,\n` }),
    otherStatus: 400,
    otherCode: 'import_rejected',
  },
  'DELETE /api/v1/plans/:id': {
    who: 'leader',
    own: () => ({ method: 'DELETE', path: `/api/v1/plans/${planOf('SNV')}` }),
    ownStatus: 204,
    other: () => ({ method: 'DELETE', path: `/api/v1/plans/${planOf('SCT')}` }),
    otherStatus: 403,
  },
  // Registers: a unit's entries (contest HT-1 of SNV and SCT, made below).
  'GET /api/v1/registers': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/registers?year=2025&unit=SNV' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/registers?year=2025&unit=SCT' }),
    otherStatus: 403,
  },
  'GET /api/v1/registers/export': {
    who: 'leader',
    own: () => ({ method: 'GET', path: '/api/v1/registers/export?year=2025&register=contests&unit=SNV' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/registers/export?year=2025&register=contests&unit=SCT' }),
    otherStatus: 403,
  },
  'POST /api/v1/registers': {
    who: 'officer',
    own: () => ({ method: 'POST', path: '/api/v1/registers', json: contest('SNV') }),
    ownStatus: 201,
    other: () => ({ method: 'POST', path: '/api/v1/registers', json: contest('SCT') }),
    otherStatus: 403,
  },
  'PATCH /api/v1/registers/:id': {
    who: 'leader',
    own: () => ({ method: 'PATCH', path: `/api/v1/registers/${entryOf('SNV')}`, json: { title: 'Hội thi CCHC' } }),
    ownStatus: 200,
    other: () => ({ method: 'PATCH', path: `/api/v1/registers/${entryOf('SCT')}`, json: { title: 'Hội thi CCHC' } }),
    otherStatus: 403,
  },
  'POST /api/v1/registers/import': {
    who: 'officer',
    own: () => ({ method: 'POST', path: CONTESTS_IMPORT, csv: `unit_code,code,title,date,participants\nSNV,HT-3,Hội thi,,5\n` }),
    ownStatus: 200,
    other: () => ({ method: 'POST', path: CONTESTS_IMPORT, csv: `unit_code,code,title,date,participants\nSCT,HT-3,Hội thi,,5\n` }),
    otherStatus: 400,
    otherCode: 'import_rejected',
  },
  'DELETE /api/v1/registers/:id': {
    who: 'officer',
    own: () => ({ method: 'DELETE', path: `/api/v1/registers/${entryOf('SNV')}` }),
    ownStatus: 204,
    other: () => ({ method: 'DELETE', path: `/api/v1/registers/${entryOf('SCT')}` }),
    otherStatus: 403,
  },
  // Inspections: another unit's inspection does not exist for unit staff (fixtures below).
  'GET /api/v1/inspections/:id': {
    who: 'officer',
    own: () => ({ method: 'GET', path: `/api/v1/inspections/${inspectionOf('SNV')}` }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: `/api/v1/inspections/${inspectionOf('SCT')}` }),
    otherStatus: 404,
  },
  'GET /api/v1/inspections/:id/record.docx': {
    who: 'leader',
    own: () => ({ method: 'GET', path: `/api/v1/inspections/${inspectionOf('SNV')}/record.docx` }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: `/api/v1/inspections/${inspectionOf('SCT')}/record.docx` }),
    otherStatus: 404,
  },
  'GET /api/v1/inspections/:id/conclusion.docx': {
    who: 'officer',
    own: () => ({ method: 'GET', path: `/api/v1/inspections/${inspectionOf('SNV')}/conclusion.docx` }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: `/api/v1/inspections/${inspectionOf('SCT')}/conclusion.docx` }),
    otherStatus: 404,
  },
  'PUT /api/v1/inspections/:id/remediation/:item/closure': {
    who: 'officer',
    own: () => ({ method: 'PUT', path: closureOf('SNV'), json: { evidence: 'Quyết định khắc phục', closedOn: '2025-06-01' } }),
    ownStatus: 200,
    other: () => ({ method: 'PUT', path: closureOf('SCT'), json: { evidence: 'Quyết định khắc phục', closedOn: '2025-06-01' } }),
    otherStatus: 404,
  },
  'DELETE /api/v1/inspections/:id/remediation/:item/closure': {
    who: 'leader',
    own: () => ({ method: 'DELETE', path: closureOf('SNV') }),
    ownStatus: 200,
    other: () => ({ method: 'DELETE', path: closureOf('SCT') }),
    otherStatus: 404,
  },
  // Survey collection: a unit's kiosk key and QR poster (campaign SCOPE-SURVEY over SNV and SCT, made below).
  'POST /api/v1/surveys/campaigns/:code/units/:unit/kiosk': {
    who: 'officer',
    own: () => ({ method: 'POST', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/units/SNV/kiosk', json: {} }),
    ownStatus: 201,
    other: () => ({ method: 'POST', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/units/SCT/kiosk', json: {} }),
    otherStatus: 403,
  },
  'GET /api/v1/surveys/campaigns/:code/units/:unit/poster.pdf': {
    who: 'leader',
    own: () => ({ method: 'GET', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/units/SNV/poster.pdf' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/units/SCT/poster.pdf' }),
    otherStatus: 403,
  },
  'GET /api/v1/surveys/campaigns/:code/units/:unit/poster.png': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/units/SNV/poster.png' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/units/SCT/poster.png' }),
    otherStatus: 403,
  },
  // Survey entry: a paper form of the unit, its responses and their export.
  'POST /api/v1/surveys/campaigns/:code/paper': {
    who: 'officer',
    own: () => ({ method: 'POST', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/paper', json: { formNo: 'S-1', unitCode: 'SNV', answers: { A1: 5 } } }),
    ownStatus: 201,
    other: () => ({ method: 'POST', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/paper', json: { formNo: 'S-2', unitCode: 'SCT', answers: { A1: 5 } } }),
    otherStatus: 403,
  },
  'GET /api/v1/surveys/campaigns/:code/responses': {
    who: 'leader',
    own: () => ({ method: 'GET', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/responses?unit=SNV' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/responses?unit=SCT' }),
    otherStatus: 403,
  },
  'GET /api/v1/surveys/campaigns/:code/responses/export': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/responses/export?unit=SNV' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/surveys/campaigns/SCOPE-SURVEY/responses/export?unit=SCT' }),
    otherStatus: 403,
  },
  // Periodic reports of SNV and SCT, 2025 Q1.
  'GET /api/v1/reports/:unitCode/:year': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/reports/SNV/2025' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/reports/SCT/2025' }),
    otherStatus: 403,
  },
  'GET /api/v1/reports/:unitCode/:year/:period': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/reports/SNV/2025/q1' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/reports/SCT/2025/q1' }),
    otherStatus: 403,
  },
  'PUT /api/v1/reports/:unitCode/:year/:period': {
    who: 'leader',
    own: () => ({ method: 'PUT', path: '/api/v1/reports/SNV/2025/q1', json: { sections: { ket_qua: 'Đạt' } } }),
    ownStatus: 200,
    other: () => ({ method: 'PUT', path: '/api/v1/reports/SCT/2025/q1', json: { sections: { ket_qua: 'Đạt' } } }),
    otherStatus: 403,
  },
  'GET /api/v1/reports/:unitCode/:year/:period/report.docx': {
    who: 'officer',
    own: () => ({ method: 'GET', path: '/api/v1/reports/SNV/2025/q1/report.docx' }),
    ownStatus: 200,
    other: () => ({ method: 'GET', path: '/api/v1/reports/SCT/2025/q1/report.docx' }),
    otherStatus: 403,
  },
  // No 2025 deadlines in this fixture: the own submission is refused for that (400 report_period_not_due), not the scope.
  'POST /api/v1/reports/:unitCode/:year/:period/submit': {
    who: 'officer',
    own: () => ({ method: 'POST', path: '/api/v1/reports/SNV/2025/q1/submit' }),
    ownStatus: 400,
    other: () => ({ method: 'POST', path: '/api/v1/reports/SCT/2025/q1/submit' }),
    otherStatus: 403,
  },
};

/** The order the cases run in: the submission locks SNV's sheet, so it comes after every other sheet write. */
const SCOPE_ORDER = Object.keys(SCOPE_CASES).sort((a, b) => Number(a.endsWith('/submit')) - Number(b.endsWith('/submit')));

describe('unit scope: unit staff reach their own unit’s resources only', () => {
  let scoped: TestServer;
  const staff = {} as Record<'officer' | 'leader', ApiClient>;

  async function call(client: ApiClient, c: ScopeCall) {
    if (c.upload) return client.upload(c.path, pdf(`case ${++uploads}`), `ke-hoach-${uploads}.pdf`);
    if (c.csv !== undefined) return client.upload(c.path, c.csv, 'tasks.csv');
    return client.request(c.method, c.path, c.method === 'GET' || c.method === 'DELETE' ? {} : { json: c.json });
  }

  beforeAll(async () => {
    scoped = await startTestServer();
    await seedOrganisation(scoped);
    const admin = await scoped.loginAs('admin');
    scope.roundId = await openRound2025(scoped, admin, {
      name: 'Bộ tiêu chí 2025',
      classes: [
        { label: 'Đạt', min: 50 },
        { label: 'Không đạt', min: 0 },
      ],
      criteria: [
        { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 4, method: 'manual', appraiser: 'SNV' },
        { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual' },
      ],
    });
    staff.officer = await scoped.loginAs('unit_officer', 'SNV');
    staff.leader = await scoped.loginAs('unit_leader', 'SNV');
    const sctOfficer = await scoped.loginAs('unit_officer', 'SCT');
    const upload = async (client: ApiClient, unit: string, name: string) => {
      const response = await client.upload(sheet(unit, '/scores/1.1/evidence'), pdf(name), name);
      expect(response.status, response.text).toBe(201);
      return response.body.id as number;
    };
    scope.evidence.snv = await upload(staff.officer, 'SNV', 'snv.pdf');
    scope.evidence.snvSpare = await upload(staff.officer, 'SNV', 'snv-2.pdf');
    scope.evidence.sct = await upload(sctOfficer, 'SCT', 'sct.pdf');
    // Two late dossiers each for SNV and SCT (resolved two days after their due date).
    const unitIds = new Map((await scoped.db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
    for (const unit of ['SNV', 'SCT']) {
      const [procedure] = await scoped.db
        .insert(procedures)
        .values({
          code: `P-${unit}`,
          name: `Thủ tục ${unit}`,
          searchKey: `thu tuc ${unit}`,
          field: 'x',
          unitId: unitIds.get(unit)!,
          legalDays: 10,
          internalDays: 5,
          onlineLevel: 'partial',
        })
        .returning({ id: procedures.id });
      await scoped.db.insert(dossiers).values(
        ['001', '002'].map((n) => ({
          code: `${unit}-${n}`,
          unitId: unitIds.get(unit)!,
          procedureId: procedure!.id,
          field: 'Lĩnh vực',
          channel: 'direct' as const,
          status: 'resolved' as const,
          receivedAt: new Date('2025-03-03T09:00:00+07:00'),
          dueAt: new Date('2025-03-10T09:00:00+07:00'),
          resolvedAt: new Date('2025-03-12T09:00:00+07:00'),
          receivedDate: '2025-03-03',
          dueDate: '2025-03-10',
          resolvedDate: '2025-03-12',
          timeliness: 'late' as const,
        })),
      );
    }
  });
  afterAll(() => scoped?.close());
  // A 2025 plan of SNV and of SCT with task T1 each, for the plan cases.
  beforeAll(async () => {
    const unitIds = new Map((await scoped.db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
    for (const code of ['SNV', 'SCT']) {
      const [plan] = await scoped.db
        .insert(plans)
        .values({ unitId: unitIds.get(code)!, year: 2025, code: 'KH', title: `Kế hoạch ${code}` })
        .returning();
      await scoped.db.insert(planTasks).values({ planId: plan!.id, code: 'T1', title: 'Nhiệm vụ', status: 'todo' });
      planIds.set(code, plan!.id);
    }
  });
  // A 2025 contest entry HT-1 of SNV and of SCT, for the register cases.
  beforeAll(async () => {
    const unitIds = new Map((await scoped.db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
    for (const code of ['SNV', 'SCT']) {
      const [entry] = await scoped.db
        .insert(registerEntries)
        .values({ unitId: unitIds.get(code)!, year: 2025, register: 'contests', code: 'HT-1', title: `Hội thi ${code}`, data: { participants: 20 } })
        .returning();
      registerEntryIds.set(code, entry!.id);
    }
  });
  // A 2025 inspection of SNV and of SCT with one remediation item each, for the inspection cases.
  beforeAll(async () => {
    const unitIds = new Map((await scoped.db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
    for (const code of ['SNV', 'SCT']) {
      const [inspection] = await scoped.db
        .insert(inspections)
        .values({ unitId: unitIds.get(code)!, year: 2025, status: 'conducted', conductedOn: '2025-05-10' })
        .returning();
      const [item] = await scoped.db.insert(remediationItems).values({ inspectionId: inspection!.id, title: 'Khắc phục', deadline: '2025-07-31' }).returning();
      inspectionIds.set(code, { inspection: inspection!.id, item: item!.id });
    }
  });
  // The survey campaign of the collection cases: SNV and SCT, each with its short link.
  beforeAll(async () => {
    const questions = [{ code: 'A1', section: 'access', text: 'Hài lòng', type: 'scale' as const, role: 'satisfaction' as const, required: true, options: [] }];
    const [template] = await scoped.db.insert(surveyTemplates).values({ code: 'SCOPE-T', name: 'Mẫu', kind: 'sipas', questions }).returning();
    const [campaign] = await scoped.db
      .insert(surveyCampaigns)
      .values({
        code: 'SCOPE-SURVEY',
        name: 'Khảo sát',
        templateId: template!.id,
        kind: 'sipas',
        questions,
        year: 2025,
        opensOn: '2025-01-01',
        closesOn: '2025-12-31',
        channels: ['qr', 'paper'],
      })
      .returning();
    const unitIds = new Map((await scoped.db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
    for (const code of ['SNV', 'SCT']) {
      await scoped.db.insert(surveyCampaignUnits).values({ campaignId: campaign!.id, unitId: unitIds.get(code)!, slug: `scope${code.toLowerCase()}` });
    }
  });

  it('every unit-scoped route of the route table has a case', () => {
    const isUnitStaff = (role: Role) => role === 'unit_officer' || role === 'unit_leader';
    const unitScoped = scoped.app.routeRules
      .filter((rule) => 'roles' in rule.access && rule.access.scope === 'own-unit' && rule.access.roles.some(isUnitStaff))
      .map(key)
      .filter((k) => !NOT_UNIT_BOUND.has(k));
    expect([...unitScoped, ...SCOPED_IN_SERVICE].sort()).toEqual(Object.keys(SCOPE_CASES).sort());
  });

  for (const route of SCOPE_ORDER) {
    it(route, async () => {
      const c = SCOPE_CASES[route]!;
      const client = staff[c.who];
      // Another unit's resource first, so a refusal that wrongly went through cannot hide behind the own call's effects.
      const other = await call(client, c.other());
      expect(other.status, `other unit: ${other.text.slice(0, 300)}`).toBe(c.otherStatus);
      expect(other.body.error.code).toBe(c.otherCode ?? { 400: 'validation_failed', 403: 'forbidden', 404: 'not_found' }[c.otherStatus]);
      const own = await call(client, c.own());
      expect(own.status, `own unit: ${own.text.slice(0, 300)}`).toBe(c.ownStatus);
    });
  }
});
