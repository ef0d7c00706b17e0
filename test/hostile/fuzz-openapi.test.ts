import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/schema.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { conforming, encodeParameter, fuzzParameter, fuzzValue, HOSTILE_STRINGS, type JsonSchema } from './openapi-arbitraries.js';

/**
 * The API fuzzed from its own OpenAPI document: every operation, as every role and anonymous, with parameters and
 * bodies generated from the declared schemas and bent on purpose (hostile text, wrong types, malformed JSON and
 * multipart). However bad the request, the answer is a 4xx with an error code, never a 5xx.
 * FUZZ_SEED reproduces a run; FUZZ_RUNS sets the requests per operation (default 24).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 24);
const ROLES: readonly (Role | 'anonymous')[] = ['anonymous', 'admin', 'unit_officer', 'unit_leader', 'appraiser', 'council', 'viewer'];
const UNIT_OF: Partial<Record<Role, string>> = { unit_officer: 'SCT', unit_leader: 'SCT', appraiser: 'SNV' };

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  jsonBody?: JsonSchema;
  multipart: boolean;
}
type BodyKind = 'json' | 'raw-json' | 'multipart' | 'bad-multipart' | 'none';
interface FuzzRequest {
  role: (typeof ROLES)[number];
  path: Record<string, string>;
  query: [string, string][];
  body: unknown;
  bodyKind: BodyKind;
  rawBody: string;
  fileName: string;
  fileBytes: Uint8Array;
}

let server: TestServer;
const clients = new Map<string, ApiClient>();
let operations: Operation[] = [];
const failures: { operation: string; request: string; status: number; body: string }[] = [];
const unexplained: typeof failures = [];
let sent = 0;

function errorCodeOf(result: { text: string; contentType: string }): string | null {
  if (!result.contentType.includes('application/json')) return null;
  try {
    const code = JSON.parse(result.text)?.error?.code;
    return typeof code === 'string' && /^[a-z_]+$/.test(code) ? code : null;
  } catch {
    return null;
  }
}
const statusCounts = new Map<number, number>();

async function clientFor(role: FuzzRequest['role']): Promise<ApiClient> {
  if (role === 'anonymous') return server.client();
  let client = clients.get(role);
  if (!client) {
    client = await server.loginAs(role, UNIT_OF[role] ?? null);
    clients.set(role, client);
  }
  return client;
}

function operationsOf(doc: any): Operation[] {
  const list: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      list.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []) as Parameter[],
        jsonBody: content['application/json']?.schema,
        multipart: Boolean(content['multipart/form-data']) || (op.consumes ?? []).includes('multipart/form-data'),
      });
    }
  }
  return list;
}

function requestArbitrary(op: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const pathRecord: Record<string, fc.Arbitrary<string>> = {};
  for (const p of pathParams) pathRecord[p.name] = fuzzParameter(p.schema);
  const query = fc
    .tuple(
      ...queryParams.map((p) =>
        fc.option(
          fuzzParameter(p.schema).map((v) => [p.name, v] as [string, string]),
          { freq: 2, nil: undefined },
        ),
      ),
      fc.option(fc.tuple(fc.constantFrom('x', 'year', 'page', 'limit'), fc.constantFrom(...HOSTILE_STRINGS.slice(0, 6), 'x'.repeat(2_000))), {
        freq: 4,
        nil: undefined,
      }),
    )
    .map((entries) => entries.filter((e): e is [string, string] => e !== undefined));
  const kinds: BodyKind[] = op.multipart
    ? ['multipart', 'multipart', 'bad-multipart', 'raw-json']
    : op.jsonBody
      ? ['json', 'json', 'json', 'raw-json']
      : ['none', 'none', 'raw-json'];
  return fc.record({
    role: fc.oneof({ weight: 3, arbitrary: fc.constant<(typeof ROLES)[number]>('admin') }, { weight: 4, arbitrary: fc.constantFrom(...ROLES) }),
    path: fc.record(pathRecord),
    query,
    body: fuzzValue(op.jsonBody),
    bodyKind: fc.constantFrom(...kinds),
    rawBody: fc.constantFrom('{', '{"a":', '[1,2', 'null', '"\u0000"', '{"__proto__":{"x":1}}', '', '\u0000'),
    fileName: fc.constantFrom('a.csv', 'a.xlsx', 'evidence.pdf', '../../x.csv', 'a\u0000.csv', 'Đánh giá.docx', 'x'.repeat(300) + '.csv'),
    fileBytes: fc.oneof(
      fc.uint8Array({ maxLength: 256 }),
      fc
        .constantFrom('code,name\nA1,Một\n', 'code,name,block,parent_code\nZ9,Đơn vị,SO,\n', '%PDF-1.4\n%%EOF\n', 'PK\u0003\u0004broken')
        .map((s) => new TextEncoder().encode(s)),
    ),
  });
}

async function send(op: Operation, req: FuzzRequest): Promise<{ status: number; text: string; contentType: string; summary: string }> {
  const client = await clientFor(req.role);
  let url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeParameter(req.path[name] ?? ''));
  if (req.query.length) url += '?' + req.query.map(([k, v]) => `${encodeParameter(k)}=${encodeParameter(v)}`).join('&');
  const headers: Record<string, string> = {};
  if (client.cookie) headers.cookie = client.cookie;
  if (client.csrfToken && op.method !== 'GET') headers['x-csrf-token'] = client.csrfToken;
  let body: BodyInit | undefined;
  if (op.method !== 'GET') {
    if (req.bodyKind === 'json') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body ?? null);
    } else if (req.bodyKind === 'raw-json') {
      headers['content-type'] = 'application/json';
      body = req.rawBody;
    } else if (req.bodyKind === 'multipart') {
      const form = new FormData();
      form.append('file', new Blob([req.fileBytes.slice()]), req.fileName);
      body = form;
    } else if (req.bodyKind === 'bad-multipart') {
      headers['content-type'] = 'multipart/form-data; boundary=zzz';
      body = `--zzz\r\nContent-Disposition: form-data; name="file"; filename="${req.fileName}"\r\n\r\n${new TextDecoder().decode(req.fileBytes)}`;
    }
  }
  const summary = `${req.role} ${op.method} ${url.slice(0, 300)} ${req.bodyKind}${req.bodyKind === 'json' ? ' ' + JSON.stringify(req.body)?.slice(0, 300) : ''}`;
  const response = await fetch(server.baseUrl + url, { method: op.method, headers, body, redirect: 'manual' });
  const text = await response.text();
  sent++;
  statusCounts.set(response.status, (statusCounts.get(response.status) ?? 0) + 1);
  // A fuzzed request may sign the client out (logout) or change its password: start a fresh session next time.
  if (req.role !== 'anonymous' && (response.status === 401 || text.includes('password_change_required'))) clients.delete(req.role);
  return { status: response.status, text, contentType: response.headers.get('content-type') ?? '', summary };
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  const admin = await clientFor('admin');
  const framework = await admin.post('/api/v1/frameworks', {
    year: 2025,
    blockCode: 'SO',
    name: 'Bộ tiêu chí thử nghiệm',
    classes: [
      { label: 'Tốt', min: 90 },
      { label: 'Yếu', min: 0 },
    ],
    criteria: [
      { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 10, method: 'manual', appraiser: 'SNV' },
      { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 10, method: 'manual' },
      { code: '2', title: 'Điểm thưởng', maxPoints: 2, method: 'bonus' },
    ],
  });
  expect(framework.status, framework.text).toBe(201);
  const round = await admin.post('/api/v1/rounds', {
    year: 2025,
    blockCode: 'SO',
    selfAssessmentFrom: '2025-01-01',
    selfAssessmentTo: '2030-11-30',
    appraisalTo: '2030-12-15',
    explanationTo: '2030-12-22',
    councilTo: '2030-12-31',
  });
  expect(round.status, round.text).toBe(201);
  const doc = await (await fetch(server.baseUrl + '/api/openapi.json')).json();
  operations = operationsOf(doc);
});
afterAll(async () => {
  const counts = [...statusCounts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  console.log(`fuzz: ${operations.length} operations, ${sent} requests, seed ${SEED}; statuses ${counts}; 5xx ${failures.length}`);
  await server?.close();
});

/** A role the route admits (the sweep wants to get past the access check), from the app's own access rules. */
function roleFor(op: Operation): (typeof ROLES)[number] {
  const url = op.path.replace(/\{([^}]+)\}/g, ':$1').replace(/:batch$/, '::batch');
  const rule = server.app.routeRules.find((r) => r.method === op.method && (r.url === url || r.url === url.replace('::', ':')))?.access;
  if (!rule || 'public' in rule || 'machine' in rule) return 'anonymous';
  if ('authenticated' in rule) return 'admin';
  return rule.roles.includes('admin') ? 'admin' : rule.roles[0]!;
}

const PATH_DEFAULTS: Record<string, string> = {
  id: '1',
  unitCode: 'SCT',
  code: 'SCT',
  criterionCode: '1.1',
  year: '2025',
  evidenceId: '1',
  date: '2025-01-01',
};
const SWEEP_VALUES = ['a\u0000b', '\uD800', '%', 'x'.repeat(100_000)];

/** Every string place of an operation (path, query, top-level body field) given each sweep value in turn. */
function sweepRequests(op: Operation): FuzzRequest[] {
  const role = roleFor(op);
  const base: FuzzRequest = {
    role,
    path: Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, PATH_DEFAULTS[p.name] ?? '1'])),
    query: [],
    body: op.jsonBody ? (fc.sample(conforming(op.jsonBody), { numRuns: 1, seed: SEED })[0] ?? {}) : undefined,
    bodyKind: op.multipart ? 'multipart' : op.jsonBody ? 'json' : 'none',
    rawBody: '',
    fileName: 'a.csv',
    fileBytes: new TextEncoder().encode('code,name\nA1,Một\n'),
  };
  const requests: FuzzRequest[] = [];
  for (const value of SWEEP_VALUES) {
    const short = value.slice(0, 1_000);
    for (const p of op.parameters) {
      if (p.in === 'path') requests.push({ ...base, path: { ...base.path, [p.name]: short } });
      if (p.in === 'query') requests.push({ ...base, query: [[p.name, short]] });
    }
    const body = base.body;
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      for (const key of Object.keys(op.jsonBody?.properties ?? {})) requests.push({ ...base, body: { ...body, [key]: value } });
    }
    if (op.multipart) requests.push({ ...base, fileName: `${short}.csv` });
  }
  return requests;
}

describe('every operation of /api/openapi.json, fuzzed as every role and anonymous', () => {
  it('the document lists the API (108 operations when this test was written)', () => {
    expect(operations.length).toBeGreaterThanOrEqual(100);
  });

  it('never answers 5xx, and every refusal is an error with a code', { timeout: 600_000 }, async () => {
    for (const [index, op] of operations.entries()) {
      const samples = fc.sample(requestArbitrary(op), { numRuns: RUNS_PER_OPERATION, seed: SEED + index });
      // First each string place with NUL, a lone surrogate, a bare % and a 100 KB value, as a role the route admits.
      for (const req of [...sweepRequests(op), ...samples]) {
        const result = await send(op, req);
        if (result.status >= 500) {
          failures.push({ operation: `${op.method} ${op.path}`, request: result.summary, status: result.status, body: result.text.slice(0, 300) });
        } else if (result.status >= 400 && result.status !== 431 && !errorCodeOf(result)) {
          // 431 comes from Node's HTTP parser (headers over 16 KB) before the app sees the request.
          unexplained.push({ operation: `${op.method} ${op.path}`, request: result.summary, status: result.status, body: result.text.slice(0, 300) });
        }
      }
    }
    expect(failures).toEqual([]);
    expect(unexplained).toEqual([]);
  });
});
