import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { quote } from '../../src/domain/text.js';
import { systemActor } from '../../src/modules/auth/actor.js';
import { createBlock } from '../../src/modules/blocks/service.js';
import { checkDossier } from '../../src/modules/dossiers/rules.js';
import { createProcedure } from '../../src/modules/procedures/service.js';
import { createUnit } from '../../src/modules/units/service.js';
import type { ApiClient, ApiResponse } from '../helpers/client.js';
import { cliWorkspace } from '../helpers/cli.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Issue 9, findings 6 and 7: every import refuses what the API refuses (the same zod schema per row: a name one
 * character over the API's limit is refused at its row and column), and no error quotes more than ~100 characters of
 * a bad value, so a file of long bad cells answers a short error. Values stay under 10,000 characters (the reader's
 * cell cap) except where a whole 1–10 MB cell is the point.
 */

let server: TestServer;
let admin: ApiClient;

const Y = 2025;
const IMPORTS = {
  blocks: '/api/v1/blocks/import',
  units: `/api/v1/units/import?year=${Y}`,
  procedures: '/api/v1/procedures/import',
  calendar: '/api/v1/calendar/import',
  framework: `/api/v1/frameworks/import?year=${Y}&block=SO&format=csv`,
  frameworkJson: `/api/v1/frameworks/import?year=${Y}&block=SO&format=json`,
  dossiers: '/api/v1/dossiers/imports',
};
const PROCEDURE_HEADER = 'code,name,field,unit_code,legal_days,internal_days,online_level,fee,published';
const DOSSIER_HEADER = 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status';

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await createProcedure(server.db, fixtureActor, {
    code: 'P.001',
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    unitCode: 'SNV',
    legalDays: 5,
    internalDays: 5,
    onlineLevel: 'full',
  });
  admin = await server.loginAs('admin');
});
afterAll(() => server?.close());

/** Rows of every table an import could write, and the audit log: what "nothing written" compares. */
async function written() {
  const [row] = await queryRows<Record<string, number>>(
    server.db,
    sql`select (select count(*)::int from blocks) as blocks, (select count(*)::int from units) as units,
               (select count(*)::int from unit_names) as names, (select count(*)::int from procedures) as procedures,
               (select count(*)::int from calendar_days) as days, (select count(*)::int from frameworks) as frameworks,
               (select count(*)::int from dossiers) as dossiers, (select count(*)::int from audit_log) as audit`,
  );
  return row!;
}

/** Uploads a file that must be rejected; checks nothing was written and returns the answer. */
async function rejected(importPath: string, content: string | Buffer, filename = 'file.csv'): Promise<ApiResponse> {
  const before = await written();
  const res = await admin.upload(importPath, content, filename);
  expect(res.status, res.text.slice(0, 500)).toBe(400);
  expect(res.body.error.code).toBe('import_rejected');
  expect(await written()).toEqual(before);
  return res;
}

const rowsOf = (res: ApiResponse) => res.body.error.details.rows as { row: number; column?: string; message: string }[];

describe('an import refuses exactly what the API refuses', () => {
  // One character over each API limit, and exactly at it.
  const name300 = 'Đ'.repeat(300);
  const name301 = 'Đ'.repeat(301);

  it('blocks: a name of 301 characters is refused at its row and column, as POST /blocks refuses it; 300 passes both', async () => {
    const res = await rejected(IMPORTS.blocks, `code,name\nLB-1,Khối một\nLB-2,${name301}\n`);
    expect(rowsOf(res)).toMatchObject([{ row: 3, column: 'name', message: 'name has 301 characters (at most 300)' }]);
    const api = await admin.post('/api/v1/blocks', { code: 'LB-API', name: name301 });
    expect(api.status).toBe(400);
    expect(api.body.error.details.issues).toEqual([{ path: 'name', code: 'too_long', params: { maximum: 300 }, message: expect.any(String) }]);

    const ok = await admin.upload(IMPORTS.blocks, `code,name\nLB-1,Khối một\nLB-2,${name300}\n`);
    expect(ok.status, ok.text).toBe(200);
    expect((await admin.post('/api/v1/blocks', { code: 'LB-API', name: name300 })).status).toBe(201);
  });

  it('units: a name of 301 characters and a parent code of 33 are refused at their rows and columns', async () => {
    const longCode = 'P'.repeat(33);
    const res = await rejected(IMPORTS.units, `code,name,block,parent_code\nLU-1,Xã Một,XA,\nLU-2,${name301},XA,\nLU-3,Xã Ba,XA,${longCode}\n`);
    expect(rowsOf(res)).toMatchObject([
      { row: 3, column: 'name', message: 'name has 301 characters (at most 300)' },
      { row: 4, column: 'parent_code', message: `invalid parent unit code "${longCode}" (letters, digits, _ . - ; at most 32)` },
    ]);
    expect((await admin.post('/api/v1/units', { code: 'LU-API', name: name301, blockCode: 'XA', year: Y })).status).toBe(400);
    expect((await admin.post('/api/v1/units', { code: 'LU-API', name: 'Xã', parentCode: longCode, year: Y })).status).toBe(400);

    const ok = await admin.upload(IMPORTS.units, `code,name,block,parent_code\nLU-2,${name300},XA,\n`);
    expect(ok.body, ok.text).toEqual({ created: 1, updated: 0, blocksCreated: 0 });
  });

  it('units: a 10 MB name is refused at its row and GET /units stays small', async () => {
    const before = (await admin.get(`/api/v1/units?year=${Y}`)).text.length;
    const res = await rejected(IMPORTS.units, `code,name,block,parent_code\nBIG-1,${'x'.repeat(10 * 1024 * 1024)},XA,\n`);
    expect(rowsOf(res)).toHaveLength(1);
    expect(rowsOf(res)[0]).toMatchObject({ row: 2 });
    // The schema names the column (`name has 10485760 characters (at most 300)`); the reader's 10,000-character cell
    // cap, which may refuse it first, names the sheet column.
    expect(['name', 'B']).toContain(rowsOf(res)[0]!.column);
    expect(res.text.length).toBeLessThan(10_000);
    expect((await admin.get('/api/v1/units/BIG-1')).status).toBe(404);
    expect((await admin.get(`/api/v1/units?year=${Y}`)).text.length).toBe(before);
  });

  it('procedures: a unit code of 33 characters is refused as the API refuses it', async () => {
    const longUnit = 'U'.repeat(33);
    const res = await rejected(
      IMPORTS.procedures,
      `${PROCEDURE_HEADER}\nLP.1,Thủ tục,Lĩnh vực,SNV,5,5,full,,true\nLP.2,Thủ tục,Lĩnh vực,${longUnit},5,5,full,,true\n`,
    );
    expect(rowsOf(res)).toMatchObject([{ row: 3, column: 'unit_code', message: `invalid unit code "${longUnit}" (letters, digits, _ . - ; at most 32)` }]);
    const api = await admin.post('/api/v1/procedures', {
      code: 'LP.API',
      name: 'Thủ tục',
      field: 'Lĩnh vực',
      unitCode: longUnit,
      legalDays: 5,
      onlineLevel: 'full',
    });
    expect(api.status).toBe(400);
    expect(api.body.error.details.issues[0].path).toBe('unitCode');
  });

  it('calendar: a day name of 201 characters is refused as PATCH/POST /calendar/days refuse it', async () => {
    const res = await rejected(IMPORTS.calendar, `date,kind,name\n2025-04-30,holiday,Giải phóng miền Nam\n2025-05-01,holiday,${'N'.repeat(201)}\n`);
    expect(rowsOf(res)).toMatchObject([{ row: 3, column: 'name', message: 'name has 201 characters (at most 200)' }]);
    expect((await admin.post('/api/v1/calendar/days', { from: '2025-05-01', kind: 'holiday', name: 'N'.repeat(201) })).status).toBe(400);
  });

  it('frameworks (CSV): a title of 1,001 and a formula of 2,001 characters are refused at their row and column', async () => {
    const formula = `maxPoints + ${'0'.repeat(2001 - 'maxPoints + '.length)}`;
    const file = `code,title,max_points,method,formula\n1,${'T'.repeat(1001)},10,manual,\n2,Công thức,5,formula,${formula}\n`;
    const res = await rejected(IMPORTS.framework, file);
    expect(rowsOf(res)).toMatchObject([
      { row: 2, column: 'title', message: 'title has 1001 characters (at most 1000)' },
      { row: 3, column: 'formula', message: 'formula has 2001 characters (at most 2000)' },
    ]);
    const api = await admin.post('/api/v1/frameworks', {
      year: Y,
      blockCode: 'SO',
      name: 'Bộ tiêu chí',
      classes: [{ label: 'Đạt', min: 0 }],
      criteria: [{ code: '1', title: 'T'.repeat(1001), maxPoints: 10, method: 'manual' }],
    });
    expect(api.status).toBe(400);
    expect(api.body.error.details.issues[0].path).toBe('criteria.0.title');
  });

  it('frameworks (JSON): a guidance of 10,001 characters and a name of 301 are refused where they stand', async () => {
    const json = JSON.stringify(
      { year: Y, block: 'SO', name: name301, criteria: [{ code: '1', title: 'Một', maxPoints: 10, method: 'manual', guidance: 'g'.repeat(10_001) }] },
      null,
      1,
    );
    const lineOf = (key: string) => json.split('\n').findIndex((line) => line.trimStart().startsWith(`"${key}"`)) + 1;
    const res = await rejected(IMPORTS.frameworkJson, json, 'framework.json');
    expect(rowsOf(res)).toMatchObject([
      { row: lineOf('name'), column: 'name', message: 'name has 301 characters (at most 300)' },
      { row: lineOf('guidance'), column: 'criteria[0].guidance', message: 'guidance has 10001 characters (at most 10000)' },
    ]);
    expect([lineOf('name'), lineOf('guidance')]).toEqual([4, 11]);
  });
});

describe('errors quote at most ~100 characters of a bad value', () => {
  const long = (n: number, c = 'x') => `${c.repeat(n - 2)} ${c}`; // with a space: never a valid code
  const n = 9_000;
  const marker = `(${n} characters)`;

  /** Every message is short, ends its quote with "…" and names the full length. */
  function expectShort(res: ApiResponse, expectedRows: number) {
    const rows = rowsOf(res);
    expect(rows).toHaveLength(expectedRows);
    for (const r of rows) {
      expect(r.message.length, r.message.slice(0, 300)).toBeLessThan(300);
      expect(r.message).toContain(marker);
      expect(r.message).toContain('…"');
    }
    expect(res.text.length).toBeLessThan(10_000 + expectedRows * 300);
  }

  it('the quote helper cuts at 100 characters and keeps a surrogate pair whole', () => {
    expect(quote('Sở Nội vụ')).toBe('"Sở Nội vụ"');
    expect(quote('a'.repeat(1_048_576))).toBe(`"${'a'.repeat(100)}…" (1048576 characters)`);
    expect(quote(`${'a'.repeat(99)}😀tail`)).toBe(`"${'a'.repeat(99)}…" (105 characters)`);
    expect(quote('line\nbreak')).toBe('"line\\nbreak"');
  });

  it('blocks and units: 40 rows of 9,000-character bad codes answer a few kilobytes, not 360 KB', async () => {
    const blockRows = Array.from({ length: 40 }, (_, i) => `${long(n)},Khối ${i}`).join('\n');
    expectShort(await rejected(IMPORTS.blocks, `code,name\n${blockRows}\n`), 40);
    const unitRows = Array.from({ length: 20 }, (_, i) => `${long(n)},Xã ${i},XA,\nLQ-${i},Xã,${long(n, 'B')},`).join('\n');
    expectShort(await rejected(IMPORTS.units, `code,name,block,parent_code\n${unitRows}\n`), 40);
  });

  it('a 1 MB bad code in one cell answers under 10 KB', async () => {
    const res = await rejected(IMPORTS.blocks, `code,name\n${long(1024 * 1024)},Khối\n`);
    expect(res.text.length).toBeLessThan(10_000);
  });

  it('procedures: bad online level, fee, days and published of 9,000 characters are quoted short', async () => {
    const row = (code: string) => `${code},Thủ tục,Lĩnh vực,SNV,${'9'.repeat(n)},5,${long(n)},${long(n, '1')},${long(n, 'y')}`;
    const res = await rejected(IMPORTS.procedures, `${PROCEDURE_HEADER}\n${row('LQ.1')}\n${row('LQ.2')}\n`);
    expect(rowsOf(res).map((r) => r.column)).toEqual(['legal_days', 'online_level', 'fee', 'published', 'legal_days', 'online_level', 'fee', 'published']);
    for (const r of rowsOf(res)) expect(r.message.length, r.message.slice(0, 300)).toBeLessThan(300);
    expect(rowsOf(res)[1]!.message).toContain(marker);
    expect(res.text.length).toBeLessThan(5_000);
  });

  it('calendar: a bad date and a bad kind of 9,000 characters are quoted short', async () => {
    const res = await rejected(IMPORTS.calendar, `date,kind,name\n${long(n, '2')},holiday,Lễ\n2025-05-01,${long(n, 'h')},Lễ\n`);
    expectShort(res, 2);
  });

  it('frameworks: a bad method, points, evidence flag and unknown JSON key of 9,000 characters are quoted short', async () => {
    const csv = `code,title,max_points,method,evidence_required\n1,Một,${long(n, '1')},${long(n, 'm')},${long(n, 'y')}\n`;
    expectShort(await rejected(IMPORTS.framework, csv), 3);
    const json = JSON.stringify({ criteria: [{ code: '1', title: 'Một', maxPoints: 10, method: 'manual', [long(n, 'k')]: 1 }] });
    const res = await rejected(IMPORTS.frameworkJson, json, 'framework.json');
    expect(rowsOf(res)).toHaveLength(1);
    expect(rowsOf(res)[0]!.message).toBe(`Unrecognized key: "${'k'.repeat(100)}…" (${n} characters)`);
  });

  it('dossiers: a row of 9,000-character unit, procedure, channel, time and status answers short messages', async () => {
    const file = `${DOSSIER_HEADER}\nD-1,${long(n, 'U')},${long(n, 'P')},,${long(n, 'c')},${long(n, '2')},,,,${long(n, 's')}\nD-2,${long(40, 'U')},P.001,,online,2025-03-03T08:00,,,,received\n`;
    const res = await rejected(IMPORTS.dossiers, file);
    expect(rowsOf(res)).toMatchObject([
      { row: 2, column: 'unit_code', message: `the unit code has ${n} characters (at most 32)` },
      { row: 2, column: 'procedure_code', message: `the procedure code has ${n} characters (at most 64)` },
      { row: 2, column: 'channel', message: `the channel has ${n} characters (at most 100)` },
      { row: 2, column: 'received_at', message: `received_at has ${n} characters (at most 64)` },
      { row: 2, column: 'status', message: `the status has ${n} characters (at most 100)` },
      { row: 3, column: 'unit_code', message: 'the unit code has 40 characters (at most 32)' },
    ]);
    expect(res.text.length).toBeLessThan(5_000);
  });

  it('dossier rules: a row of 1 MB values gives messages of at most ~200 characters', () => {
    const mb = (c: string) => c.repeat(1024 * 1024);
    const problems = checkDossier([mb('a'), mb('U'), mb('P'), mb('f'), mb('c'), mb('2'), mb('2'), mb('2'), mb('2'), mb('s')], {
      unitId: () => undefined,
      procedure: () => undefined,
      calendar: new WorkingCalendar([]),
    });
    expect(Array.isArray(problems)).toBe(true);
    const list = problems as { column?: string; message: string }[];
    expect(list.map((p) => p.column)).toEqual([
      'code',
      'unit_code',
      'procedure_code',
      'field',
      'channel',
      'received_at',
      'due_at',
      'resolved_at',
      'returned_at',
      'status',
    ]);
    for (const p of list) expect(p.message.length, p.message.slice(0, 300)).toBeLessThan(200);
    // Short unknown values are still quoted whole.
    const unknown = checkDossier(['D', 'NOPE', 'P.9', '', 'fax', '2025-03-03', '', '', '', 'lost'], {
      unitId: () => undefined,
      procedure: () => undefined,
      calendar: new WorkingCalendar([]),
    });
    expect((unknown as { message: string }[]).map((p) => p.message)).toContain('unknown unit "NOPE"');
  });

  it('the dossier batch takes the file rules’ limits at its edge: a field of 301 characters is a 400 naming it', async () => {
    const token = await admin.post('/api/v1/api-tokens', { name: 'limits' });
    expect(token.status).toBe(201);
    const dossier = {
      code: 'B-1',
      unitCode: 'SNV',
      procedureCode: 'P.001',
      field: 'f'.repeat(301),
      channel: 'online',
      receivedAt: '2025-03-03T08:00',
      status: 'received',
    };
    const res = await server
      .client()
      .request('POST', '/api/v1/dossiers:batch', { json: { dossiers: [dossier] }, headers: { authorization: `Bearer ${token.body.token}` } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues[0].path).toBe('dossiers.0.field');
    const huge = await server.client().request('POST', '/api/v1/dossiers:batch', {
      json: { dossiers: [{ ...dossier, field: null, code: 'c'.repeat(1024 * 1024) }] },
      headers: { authorization: `Bearer ${token.body.token}` },
    });
    expect(huge.status).toBe(400);
    expect(huge.text.length).toBeLessThan(2_000);
  });
});

describe('the CLI imports call the same checks', { timeout: 120_000 }, () => {
  it('parindex import units refuses a 301-character name and a 9,000-character bad code with short lines', async () => {
    const ws = await cliWorkspace('parindex-cli-limits-');
    try {
      const actor = systemActor('test:fixture');
      await ws.withDb(async ({ db }) => {
        await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, Y);
        await createUnit(db, actor, { code: 'H1', name: 'Huyện', blockCode: 'XA', year: Y });
      });
      const file = path.join(ws.dir, 'units.csv');
      fs.writeFileSync(file, `code,name,block,parent_code\nCL-1,${'N'.repeat(301)},XA,\n${'A B'.repeat(3000)},Xã,XA,\n`);
      const run = await ws.run(['import', 'units', file, '--year', String(Y)]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('row 2, column name: name has 301 characters (at most 300)\n');
      expect(run.stderr).toContain(
        `row 3, column code: invalid code "${'A B'.repeat(34).slice(0, 100)}…" (9000 characters) (letters, digits, _ . - ; at most 32)\n`,
      );
      expect(run.stderr.length).toBeLessThan(2_000);
      const count = await ws.withDb(async ({ db }) => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from units`))[0]!.n);
      expect(count).toBe(1);
    } finally {
      await ws.close();
    }
  });
});
