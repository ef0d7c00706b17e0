import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createProcedure } from '../../src/modules/procedures/service.js';
import type { ApiClient } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { SNV_BIRTH_REGISTRATION } from '../helpers/dossier-fixtures.js';

/**
 * Dossier upload over HTTP: CSV and XLSX streamed into the import, re-import and idempotence, a rejected file
 * (400 import_rejected with every rejected row, nothing written), skipInvalid, the progress of a run while the file is still
 * arriving, the upload limit, and who may import. Expected values are worked out by hand from docs/dossiers.md.
 */

const HEADER = 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status';

let server: TestServer;
let admin: ApiClient;

async function seedProcedures(s: TestServer) {
  // Internal time limits: 5 working days for SNV's procedure, 3 for X1's.
  await createProcedure(s.db, fixtureActor, SNV_BIRTH_REGISTRATION);
  await createProcedure(s.db, fixtureActor, {
    code: 'P.X1.1',
    name: 'Chứng thực bản sao',
    field: 'Chứng thực',
    unitCode: 'X1',
    legalDays: 3,
    internalDays: 3,
    onlineLevel: 'partial',
  });
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await seedProcedures(server);
  admin = await server.loginAs('admin');
});
afterAll(() => server?.close());

interface StoredDossier {
  code: string;
  unit: string;
  field: string;
  channel: string;
  status: string;
  due_date: string;
  due_computed: boolean;
  resolved_date: string | null;
  timeliness: string | null;
}

async function storedDossiers(): Promise<StoredDossier[]> {
  return queryRows<StoredDossier>(
    server.db,
    sql`select d.code, u.code as unit, d.field, d.channel, d.status, d.due_date::text as due_date, d.due_computed,
               d.resolved_date::text as resolved_date, d.timeliness
        from dossiers d join units u on u.id = d.unit_id order by d.code`,
  );
}

async function dossierCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from dossiers`);
  return row!.n;
}

const FIRST_FILE = [
  HEADER,
  // Received Friday 14 March 2025, no due time: 5 working days after → Friday 21 March; resolved on the 20th → early.
  'HS-001,SNV,P.SNV.1,,direct,2025-03-14T08:30,,2025-03-20T10:00,2025-03-20T15:00,returned',
  // Due 12 March, resolved the same day → on time.
  'HS-002,SNV,P.SNV.1,Hộ tịch,online,2025-03-10T09:00+07:00,2025-03-12T17:00,2025-03-12T16:00,,resolved',
  // Due 5 March, resolved on the 7th → late.
  'HS-003,X1,P.X1.1,,postal,2025-03-03T07:45,2025-03-05T17:00,2025-03-07T08:00,,resolved',
  // Received Monday 17 March, 3 working days → Thursday 20 March; unresolved.
  'HS-004,X1,P.X1.1,,direct,2025-03-17T14:00,,,,processing',
].join('\n');

describe('upload a dossier file', () => {
  it('imports a CSV: the rows, the due dates computed from the calendar, the timeliness, and the run', async () => {
    const res = await admin.upload(`/api/v1/dossiers/imports?size=${Buffer.byteLength(FIRST_FILE)}`, FIRST_FILE, 'dossiers-march.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', rowsRead: 4, inserted: 4, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect(await storedDossiers()).toEqual([
      {
        code: 'HS-001',
        unit: 'SNV',
        field: 'Hộ tịch',
        channel: 'direct',
        status: 'returned',
        due_date: '2025-03-21',
        due_computed: true,
        resolved_date: '2025-03-20',
        timeliness: 'early',
      },
      {
        code: 'HS-002',
        unit: 'SNV',
        field: 'Hộ tịch',
        channel: 'online',
        status: 'resolved',
        due_date: '2025-03-12',
        due_computed: false,
        resolved_date: '2025-03-12',
        timeliness: 'on_time',
      },
      {
        code: 'HS-003',
        unit: 'X1',
        field: 'Chứng thực',
        channel: 'postal',
        status: 'resolved',
        due_date: '2025-03-05',
        due_computed: false,
        resolved_date: '2025-03-07',
        timeliness: 'late',
      },
      {
        code: 'HS-004',
        unit: 'X1',
        field: 'Chứng thực',
        channel: 'direct',
        status: 'processing',
        due_date: '2025-03-20',
        due_computed: true,
        resolved_date: null,
        timeliness: null,
      },
    ]);

    const run = await admin.get(`/api/v1/dossiers/imports/${res.body.importId}`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      id: res.body.importId,
      source: 'upload',
      fileName: 'dossiers-march.csv',
      status: 'done',
      skipInvalid: false,
      rowsRead: 4,
      inserted: 4,
      bytesRead: Buffer.byteLength(FIRST_FILE),
      bytesTotal: Buffer.byteLength(FIRST_FILE),
      startedBy: admin.user.username,
      errors: [],
    });
    expect(run.body.finishedAt).not.toBeNull();
  });

  it('the same file twice changes nothing; a changed row is updated, the others unchanged', async () => {
    const again = await admin.upload('/api/v1/dossiers/imports', FIRST_FILE, 'dossiers-march.csv');
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ status: 'done', rowsRead: 4, inserted: 0, updated: 0, unchanged: 4, rejected: 0 });

    // HS-004 is now resolved on Friday 21 March, one day after its due date → late.
    const changed = FIRST_FILE.replace(
      'HS-004,X1,P.X1.1,,direct,2025-03-17T14:00,,,,processing',
      'HS-004,X1,P.X1.1,,direct,2025-03-17T14:00,,2025-03-21T09:00,,resolved',
    );
    const update = await admin.upload('/api/v1/dossiers/imports', changed, 'dossiers-march-v2.csv');
    expect(update.status, update.text).toBe(200);
    expect(update.body).toMatchObject({ status: 'done', rowsRead: 4, inserted: 0, updated: 1, unchanged: 3 });
    const hs004 = (await storedDossiers()).find((d) => d.code === 'HS-004');
    expect(hs004).toMatchObject({ status: 'resolved', due_date: '2025-03-20', resolved_date: '2025-03-21', timeliness: 'late' });
  });

  it('imports an XLSX workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Hồ sơ');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['HS-X01', 'SNV', 'P.SNV.1', '', 'online', '2025-04-01T08:00', '2025-04-04T17:00', '2025-04-03T11:00', '', 'resolved']);
    sheet.addRow(['HS-X02', 'X1', 'P.X1.1', '', 'direct', '2025-04-02T08:00', '', '', '', 'received']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await admin.upload('/api/v1/dossiers/imports', buffer, 'dossiers-april.xlsx');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', rowsRead: 2, inserted: 2, updated: 0, unchanged: 0, rejected: 0 });
    const stored = (await storedDossiers()).filter((d) => d.code.startsWith('HS-X'));
    // HS-X02: received Wednesday 2 April, 3 working days → Monday 7 April.
    expect(stored).toEqual([
      {
        code: 'HS-X01',
        unit: 'SNV',
        field: 'Hộ tịch',
        channel: 'online',
        status: 'resolved',
        due_date: '2025-04-04',
        due_computed: false,
        resolved_date: '2025-04-03',
        timeliness: 'early',
      },
      {
        code: 'HS-X02',
        unit: 'X1',
        field: 'Chứng thực',
        channel: 'direct',
        status: 'received',
        due_date: '2025-04-07',
        due_computed: true,
        resolved_date: null,
        timeliness: null,
      },
    ]);
  });
});

const BAD_FILE = [
  HEADER,
  'HS-101,SNV,P.SNV.1,,direct,2025-05-05T08:00,2025-05-09T17:00,,,processing',
  'HS-102,NOPE,P.SNV.1,,direct,2025-05-05T08:00,2025-05-09T17:00,,,processing',
  'HS-103,SNV,P.SNV.1,,fax,2025-05-05T08:00,2025-05-09T17:00,,,processing',
  'HS-104,SNV,P.SNV.1,,direct,05/05/2025,2025-05-09T17:00,,,processing',
  'HS-105,X1,P.X1.1,,online,2025-05-06T08:00,2025-05-08T17:00,,,received',
].join('\n');

describe('a file with invalid rows', () => {
  it('is rejected as a whole: 400 import_rejected with every rejected row, its line and column, and nothing written', async () => {
    const before = await dossierCount();
    const auditBefore = await queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from audit_log where entity_type = 'dossier_import'`);
    const res = await admin.upload('/api/v1/dossiers/imports', BAD_FILE, 'bad.csv');
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('import_rejected');
    expect(res.body.error.details.rows).toMatchObject([
      { row: 3, column: 'unit_code', message: expect.stringContaining('NOPE') },
      { row: 4, column: 'channel', message: expect.stringContaining('fax') },
      { row: 5, column: 'received_at', message: expect.stringContaining('05/05/2025') },
    ]);
    expect(res.body.error.details).toMatchObject({ rowsRead: 5, rejected: 3 });
    expect(await dossierCount()).toBe(before);
    expect((await storedDossiers()).map((d) => d.code)).not.toContain('HS-101');
    const auditAfter = await queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from audit_log where entity_type = 'dossier_import'`);
    expect(auditAfter[0]!.n).toBe(auditBefore[0]!.n);

    // The run keeps the outcome and the rows for the page.
    const run = await admin.get(`/api/v1/dossiers/imports/${res.body.error.details.importId}`);
    expect(run.body).toMatchObject({ status: 'rejected', rowsRead: 5, inserted: 0, rejected: 3, fileName: 'bad.csv' });
    expect(run.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'unit_code'],
      [4, 'channel'],
      [5, 'received_at'],
    ]);
  });

  it('with skipInvalid (query) the valid rows are loaded and the others listed', async () => {
    const res = await admin.upload('/api/v1/dossiers/imports?skipInvalid=true', BAD_FILE, 'bad.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', rowsRead: 5, inserted: 2, updated: 0, unchanged: 0, rejected: 3 });
    expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 5]);
    const codes = (await storedDossiers()).map((d) => d.code);
    expect(codes).toContain('HS-101');
    expect(codes).toContain('HS-105');
    expect(codes).not.toContain('HS-102');
  });

  it('skipInvalid also comes as a form field before the file', async () => {
    const file = BAD_FILE.replace(/HS-1/g, 'HS-2');
    const form = new FormData();
    form.append('skipInvalid', 'true');
    form.append('file', new Blob([file]), 'bad-2.csv');
    const res = await admin.request('POST', '/api/v1/dossiers/imports', { body: form });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', inserted: 2, rejected: 3 });
    const run = await admin.get(`/api/v1/dossiers/imports/${res.body.importId}`);
    expect(run.body.skipInvalid).toBe(true);
  });

  it('a file with wrong columns is rejected at its header', async () => {
    const res = await admin.upload('/api/v1/dossiers/imports', 'code,unit,procedure_code\nA,SNV,P.SNV.1\n', 'wrong.csv');
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.details.rows.every((r: { row: number }) => r.row === 1)).toBe(true);
    expect(res.body.error.details.rows.map((r: { column?: string }) => r.column)).toContain('unit');
  });

  it('refuses a request that is not a multipart upload, and an upload without a file', async () => {
    const json = await admin.post('/api/v1/dossiers/imports', { file: 'x' });
    expect(json.status).toBe(415);
    const form = new FormData();
    form.append('skipInvalid', 'true');
    const empty = await admin.request('POST', '/api/v1/dossiers/imports', { body: form });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.issues[0].path).toBe('file');
  });
});

describe('progress of a run', () => {
  it('a running upload shows in the list with its rows and bytes read while the file is still arriving', async () => {
    const rows = (from: number, to: number) => {
      let text = '';
      for (let i = from; i < to; i++)
        text += `BIG-${String(i).padStart(6, '0')},SNV,P.SNV.1,,online,2025-06-02T08:00,2025-06-06T17:00,2025-06-05T09:00,,resolved\n`;
      return text;
    };
    const boundary = `----parindex-test-${Date.now()}`;
    const parts = [
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n${HEADER}\n`,
      rows(0, 2000),
      rows(2000, 4000),
      rows(4000, 6000),
      `\r\n--${boundary}--\r\n`,
    ].map((p) => Buffer.from(p));
    const fileBytes = parts.slice(0, 4).reduce((n, p) => n + p.length, 0) - parts[0]!.length + Buffer.byteLength(`${HEADER}\n`);

    let push!: (chunk: Buffer | null) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (chunk) => (chunk ? controller.enqueue(new Uint8Array(chunk)) : controller.close());
      },
    });
    const started = Date.now();
    const pending = fetch(`${server.baseUrl}/api/v1/dossiers/imports?size=${fileBytes}`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: admin.cookie!, 'x-csrf-token': admin.csrfToken! },
    } as RequestInit & { duplex: 'half' });

    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    push(parts[0]!);
    push(parts[1]!);
    // The import saves its progress at most once a second, every thousand rows.
    await sleep(1300);
    push(parts[2]!);
    let running: { id: number; status: string; rowsRead: number; bytesRead: number; bytesTotal: number; fileName: string } | undefined;
    while (Date.now() - started < 20_000) {
      const list = await admin.get('/api/v1/dossiers/imports?status=running&mine=true');
      expect(list.status).toBe(200);
      running = list.body.items.find((r: { fileName: string; rowsRead: number }) => r.fileName === 'big.csv' && r.rowsRead > 0);
      if (running) break;
      await sleep(200);
    }
    expect(running, 'the run shows its progress while the upload is still open').toBeDefined();
    expect(running!.status).toBe('running');
    // Saved at a multiple of 1000 rows; only 4000 of the 6000 rows have been sent.
    expect(running!.rowsRead % 1000).toBe(0);
    expect(running!.rowsRead).toBeLessThanOrEqual(4000);
    expect(running!.bytesRead).toBeGreaterThan(0);
    expect(running!.bytesRead).toBeLessThan(fileBytes);
    expect(running!.bytesTotal).toBe(fileBytes);
    const one = await admin.get(`/api/v1/dossiers/imports/${running!.id}`);
    expect(one.body).toMatchObject({ id: running!.id, status: 'running' });

    push(parts[3]!);
    push(parts[4]!);
    push(null);
    const res = await pending;
    const result = (await res.json()) as { importId: number; inserted: number; rowsRead: number };
    expect(res.status).toBe(200);
    expect(result).toMatchObject({ importId: running!.id, rowsRead: 6000, inserted: 6000 });
    const done = await admin.get(`/api/v1/dossiers/imports/${running!.id}`);
    expect(done.body).toMatchObject({ status: 'done', rowsRead: 6000, inserted: 6000, bytesRead: fileBytes, bytesTotal: fileBytes });
  });

  it('lists runs newest first with who, when, counts and status; filters by status', async () => {
    const list = await admin.get('/api/v1/dossiers/imports?limit=3');
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThanOrEqual(8);
    const ids = list.body.items.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    expect(list.body.items[0]).toMatchObject({ fileName: 'big.csv', status: 'done', startedBy: admin.user.username });
    const rejected = await admin.get('/api/v1/dossiers/imports?status=rejected');
    expect(rejected.body.items.length).toBe(2); // bad.csv and wrong.csv
    expect(rejected.body.items.every((r: { status: string }) => r.status === 'rejected')).toBe(true);
    expect((await admin.get('/api/v1/dossiers/imports/999999')).status).toBe(404);
  });
});

describe('who may import', () => {
  it('only the organizer (admin): unit staff are refused even for their own unit, and nothing is written', async () => {
    const before = await dossierCount();
    const ownUnitFile = `${HEADER}\nHS-OWN-1,SNV,P.SNV.1,,direct,2025-07-01T08:00,2025-07-04T17:00,,,processing\n`;
    for (const role of ['unit_officer', 'unit_leader', 'viewer', 'appraiser', 'council'] as const) {
      const client = await server.loginAs(role, 'SNV');
      const upload = await client.upload('/api/v1/dossiers/imports', ownUnitFile, 'own.csv');
      expect(upload.status, role).toBe(403);
      expect((await client.get('/api/v1/dossiers/imports')).status, role).toBe(403);
    }
    const otherUnitOfficer = await server.loginAs('unit_officer', 'X1');
    expect((await otherUnitOfficer.upload('/api/v1/dossiers/imports', ownUnitFile, 'other.csv')).status).toBe(403);
    expect(await dossierCount()).toBe(before);
  });
});

describe('upload limit', () => {
  it('a file over DOSSIER_UPLOAD_LIMIT_BYTES is refused with 413 and nothing is imported, even the rows before the limit', async () => {
    const small = await startTestServer({ DOSSIER_UPLOAD_LIMIT_BYTES: '4096' });
    try {
      await seedOrganisation(small);
      await seedProcedures(small);
      const client = await small.loginAs('admin');
      let file = `${HEADER}\n`;
      for (let i = 0; Buffer.byteLength(file) < 10_000; i++) file += `LIM-${i},SNV,P.SNV.1,,direct,2025-07-01T08:00,2025-07-04T17:00,,,processing\n`;
      const res = await client.upload('/api/v1/dossiers/imports', file, 'too-big.csv');
      expect(res.status, res.text).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
      expect(res.body.error.message).toContain('4096');
      const [row] = await queryRows<{ n: number }>(small.db, sql`select count(*)::int as n from dossiers`);
      expect(row!.n).toBe(0);
      // A file within the limit goes through on the same server.
      const ok = await client.upload('/api/v1/dossiers/imports', file.split('\n').slice(0, 11).join('\n'), 'fine.csv');
      expect(ok.status, ok.text).toBe(200);
      expect(ok.body.inserted).toBe(10);
    } finally {
      await small.close();
    }
  });
});
