import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import type { ApiClient, ApiResponse } from '../helpers/client.js';
import { seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';
import { openRound2025 } from '../helpers/cycle-fixtures.js';

/**
 * Issue 9, findings 5, 8, 9 and 13: an upload over the limit is refused whole (413, nothing stored); malformed
 * multipart bodies, extra and misnamed parts get a clear 400 on every upload route; NUL in a query, a path
 * parameter, a JSON body or a file name never reaches the database; errors quote at most ~100 characters of a
 * huge bad value; X-Frame-Options agrees with CSP frame-ancestors 'none'.
 */
const UPLOAD_LIMIT = 4096;
let server: TestServer;
let admin: ApiClient;
let officer: ApiClient; // unit_officer of SCT
let roundId: number;

const PDF_HEAD = '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n';
/** A PDF of exactly `size` bytes. */
const pdfOf = (size: number) => Buffer.concat([Buffer.from(PDF_HEAD), Buffer.alloc(size - PDF_HEAD.length - 6, 0x20), Buffer.from('%%EOF\n')]);
const evidencePath = () => `/api/v1/rounds/${roundId}/units/SCT/scores/1.1/evidence`;

/** The 8 upload routes, each with a file it would otherwise take. */
const uploadRoutes = (): { name: string; path: string; client: () => ApiClient; file: string | Buffer; filename: string }[] => [
  { name: 'blocks', path: '/api/v1/blocks/import', client: () => admin, file: 'code,name\nMPB,Khối thử\n', filename: 'blocks.csv' },
  {
    name: 'units',
    path: `/api/v1/units/import?year=${TEST_YEAR}`,
    client: () => admin,
    file: 'code,name,block,parent_code\nMPU,Đơn vị thử,SO,\n',
    filename: 'units.csv',
  },
  {
    name: 'frameworks',
    path: `/api/v1/frameworks/import?year=${TEST_YEAR}&block=XA&format=csv`,
    client: () => admin,
    file: 'code,title,max_points,method,evidence_required,appraiser,guidance,formula\n1,Tiêu chí,5,manual,false,SNV,,\n',
    filename: 'framework.csv',
  },
  {
    name: 'scores',
    path: `/api/v1/scores/import?year=2019&block=SO`,
    client: () => admin,
    file: 'unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable\n',
    filename: 'scores.csv',
  },
  { name: 'calendar', path: '/api/v1/calendar/import', client: () => admin, file: 'date,kind,name\n2025-09-02,holiday,Quốc khánh\n', filename: 'calendar.csv' },
  {
    name: 'procedures',
    path: '/api/v1/procedures/import',
    client: () => admin,
    file: 'code,name,field,unit_code,legal_days,internal_days,online_level,fee,published\nMP.1,Thủ tục,Lĩnh vực,SNV,5,4,full,0,true\n',
    filename: 'procedures.csv',
  },
  {
    name: 'dossiers',
    path: '/api/v1/dossiers/imports',
    client: () => admin,
    file: 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status\n',
    filename: 'dossiers.csv',
  },
  { name: 'evidence', path: evidencePath(), client: () => officer, file: pdfOf(600), filename: 'ke-hoach.pdf' },
];

interface RawPart {
  name: string;
  filename?: string;
  content: string | Buffer;
}

function multipartBody(parts: RawPart[], boundary: string, close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const type = part.filename === undefined ? '' : 'Content-Type: application/octet-stream\r\n';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`), Buffer.from(part.content), Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

function send(client: ApiClient, url: string, body: Buffer, contentType: string): Promise<ApiResponse> {
  return client.request('POST', url, { body: new Uint8Array(body), headers: { 'content-type': contentType } });
}

async function counts() {
  const [row] = await queryRows<Record<string, number>>(
    server.db,
    sql`select (select count(*)::int from audit_log) as audit, (select count(*)::int from blocks) as blocks,
               (select count(*)::int from units) as units, (select count(*)::int from procedures) as procedures,
               (select count(*)::int from dossiers) as dossiers, (select count(*)::int from files) as files,
               (select count(*)::int from evidence) as evidence`,
  );
  return row!;
}

function filesInStore(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else found.push(entry.name);
    }
  };
  walk(server.fileStore.root);
  return found.sort();
}

beforeAll(async () => {
  server = await startTestServer({ UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT), BODY_LIMIT_BYTES: String(4 * 1024 * 1024) });
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  officer = await server.loginAs('unit_officer', 'SCT');
  roundId = await openRound2025(server, admin, {
    name: 'Bộ tiêu chí thử',
    classes: [
      { label: 'Đạt', min: 50 },
      { label: 'Không đạt', min: 0 },
    ],
    criteria: [
      { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 4, method: 'manual', appraiser: 'SNV' },
      { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual', evidenceRequired: true },
    ],
  });
});
afterAll(() => server?.close());

describe('evidence over the upload limit (finding 5)', () => {
  it('a file 1 byte over UPLOAD_LIMIT_BYTES is refused with 413 and nothing of it is stored; at the limit it is taken whole', async () => {
    const before = await counts();
    const storeBefore = filesInStore();
    const over = await officer.upload(evidencePath(), pdfOf(UPLOAD_LIMIT + 1), 'qua-lon.pdf');
    expect(over.status, over.text).toBe(413);
    expect(over.body.error.code).toBe('payload_too_large');
    expect(over.body.error.message).toContain(String(UPLOAD_LIMIT));
    expect(await counts()).toEqual(before);
    expect(filesInStore()).toEqual(storeBefore);

    const exact = pdfOf(UPLOAD_LIMIT);
    const ok = await officer.upload(evidencePath(), exact, 'vua-du.pdf');
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.size).toBe(UPLOAD_LIMIT);
    const download = await officer.get(`/api/v1/rounds/${roundId}/units/SCT/evidence/${ok.body.id}`);
    expect(Buffer.from(download.text, 'latin1').length).toBe(UPLOAD_LIMIT);

    // The import routes refuse a file 1 byte over the limit too.
    const beforeImport = await counts();
    const csv = `code,name\n${'X'.repeat(UPLOAD_LIMIT)}`.slice(0, UPLOAD_LIMIT + 1);
    const res = await admin.upload('/api/v1/blocks/import', csv, 'blocks.csv');
    expect(res.status, res.text).toBe(413);
    expect(await counts()).toEqual(beforeImport);
  });
});

describe('malformed multipart on every upload route (finding 9)', () => {
  const B = 'parindex-test-boundary';
  const cases: { name: string; build: (r: ReturnType<typeof uploadRoutes>[number]) => { body: Buffer; type: string }; code: string; message: RegExp }[] = [
    {
      name: 'no boundary',
      build: (r) => ({ body: multipartBody([{ name: 'file', filename: r.filename, content: r.file }], B), type: 'multipart/form-data' }),
      code: 'bad_request',
      message: /no boundary/,
    },
    {
      name: 'a wrong boundary',
      build: (r) => ({ body: multipartBody([{ name: 'file', filename: r.filename, content: r.file }], B), type: 'multipart/form-data; boundary=not-the-one' }),
      code: 'bad_request',
      message: /malformed/,
    },
    {
      name: 'a body cut off inside the file',
      build: (r) => ({
        body: multipartBody([{ name: 'file', filename: r.filename, content: r.file }], B, false).subarray(0, -10),
        type: `multipart/form-data; boundary=${B}`,
      }),
      code: 'bad_request',
      message: /malformed/,
    },
    {
      name: 'a text value where the file should be',
      build: () => ({ body: multipartBody([{ name: 'file', content: 'code,name\nA,B\n' }], B), type: `multipart/form-data; boundary=${B}` }),
      code: 'bad_request',
      message: /field "file" must be a file/,
    },
    {
      name: 'two file parts',
      build: (r) => ({
        body: multipartBody(
          [
            { name: 'file', filename: r.filename, content: r.file },
            { name: 'file', filename: `second-${r.filename}`, content: r.file },
          ],
          B,
        ),
        type: `multipart/form-data; boundary=${B}`,
      }),
      code: 'bad_request',
      message: /one file only/,
    },
    {
      name: 'the file in a field named "upload"',
      build: (r) => ({ body: multipartBody([{ name: 'upload', filename: r.filename, content: r.file }], B), type: `multipart/form-data; boundary=${B}` }),
      code: 'bad_request',
      message: /field "file", not "upload"/,
    },
  ];

  for (const c of cases) {
    it(`${c.name}: 400 ${c.code} on all 8 routes, nothing written`, async () => {
      const before = await counts();
      const storeBefore = filesInStore();
      for (const route of uploadRoutes()) {
        const { body, type } = c.build(route);
        const res = await send(route.client(), route.path, body, type);
        expect(res.status, `${route.name}: ${res.text}`).toBe(400);
        expect(res.body.error.code, route.name).toBe(c.code);
        expect(res.body.error.message, route.name).toMatch(c.message);
      }
      const after = await counts();
      expect(after).toEqual(before);
      expect(filesInStore()).toEqual(storeBefore);
    });
  }

  it('the first of those files sent alone, properly, is taken (so the refusals above were about the form)', async () => {
    for (const route of uploadRoutes().filter((r) => ['blocks', 'units', 'evidence'].includes(r.name))) {
      const before = await counts();
      const twoFiles = multipartBody(
        [
          { name: 'file', filename: route.filename, content: route.file },
          { name: 'file', filename: 'second', content: route.file },
        ],
        B,
      );
      const refused = await send(route.client(), route.path, twoFiles, `multipart/form-data; boundary=${B}`);
      expect(refused.status, `${route.name}: ${refused.text}`).toBe(400);
      expect(await counts()).toEqual(before);
      const res = await route.client().upload(route.path, route.file, route.filename);
      expect(res.status, `${route.name}: ${res.text}`).toBeLessThan(300);
    }
  });
});

describe('NUL characters (finding 8)', () => {
  it('anonymous POST /auth/login with NUL in the username: 400 naming the field', async () => {
    const res = await server.client().post('/api/v1/auth/login', { username: 'admin\u0000', password: 'whatever-123' });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues).toEqual([{ path: 'username', code: 'contains_nul', message: expect.stringContaining('NUL') }]);
  });

  it('GET /public/procedures?q=%00: 400 naming query.q', async () => {
    const res = await server.client().get('/api/v1/public/procedures?q=%00');
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues[0].path).toBe('query.q');
  });

  it('a path parameter with %00: 400 naming params.code', async () => {
    // Dossier codes are free text (no pattern that would refuse NUL on its own).
    const res = await admin.get('/api/v1/apology-letters/dossiers/HS%00001/letter.docx');
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues[0].path).toBe('params.code');
  });

  it('a JSON body with NUL deep inside: 400 naming the field, nothing written', async () => {
    const before = await counts();
    const res = await admin.post('/api/v1/blocks', { code: 'NULB', name: 'Khối\u0000 thử' });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe('name');
    expect(await counts()).toEqual(before);
  });

  it('a file name with NUL is stored without it', async () => {
    const B = 'nul-name-boundary';
    const dossierFile = 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status\n';
    const res = await send(
      admin,
      '/api/v1/dossiers/imports',
      multipartBody([{ name: 'file', filename: 'ho\u0000so.csv', content: dossierFile }], B),
      `multipart/form-data; boundary=${B}`,
    );
    // A file without rows is rejected by the import itself, which records the run under the cleaned name.
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('import_rejected');
    const run = await admin.get(`/api/v1/dossiers/imports/${res.body.error.details.importId}`);
    expect(run.body.fileName).toBe('hoso.csv');
    const evidence = await send(
      officer,
      evidencePath(),
      multipartBody([{ name: 'file', filename: 'minh\u0000chung.pdf', content: pdfOf(700) }], B),
      `multipart/form-data; boundary=${B}`,
    );
    expect(evidence.status, evidence.text).toBe(201);
    expect(evidence.body.fileName).toBe('minhchung.pdf');
  });
});

describe('oversized values (what must be true 6)', () => {
  it('a 1 MB string where a short value is expected answers a small error that quotes at most ~100 characters of it', async () => {
    const huge = '9'.repeat(1024 * 1024) + 'x';
    const res = await officer.request('PUT', `/api/v1/rounds/${roundId}/units/SCT/scores/1.1/self`, { json: { score: huge } });
    expect(res.status, res.text.slice(0, 300)).toBe(400);
    expect(res.body.error.code, res.text.slice(0, 600)).toBe('validation_failed');
    expect(res.text.length, res.text.slice(0, 600)).toBeLessThan(2048);
    const name = await admin.post('/api/v1/blocks', { code: 'HUGE', name: huge });
    expect(name.status).toBe(400);
    expect(name.text.length).toBeLessThan(2048);
  });
});

describe('framing (finding 13)', () => {
  it('X-Frame-Options is DENY, like CSP frame-ancestors none', async () => {
    const res = await server.client().get('/api/health');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
