import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, registerEntries, units } from '../../src/db/schema.js';
import { registerFiguresByUnit } from '../../src/modules/registers/figures.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';

/*
 * The registers units report on (issue 13 item 4, docs/registers.md). Hand-computed figures:
 * - legal_documents 2025: SCT issued 15/2025/QĐ-SCT and 16/2025/QĐ-SCT, amended 3/2024/QĐ-SCT, proposed the repeal
 *   of 7/2019/QĐ-SCT → issued 2, amended 1, repeal proposed 1; X1 issued 01/2025/NQ-X1 → issued 1.
 * - knowledge_tests 2025: SCT KT-1 40 people, 38 passed; KT-2 12 people, 10 passed → 52 participants, 48 passed.
 */
let server: TestServer;
let admin: ApiClient;
let sctOfficer: ApiClient;
let x1Officer: ApiClient;
let viewer: ApiClient;

const Y = TEST_YEAR;
const LEGAL_HEADER = 'unit_code,code,title,date,action';
const LEGAL = [
  LEGAL_HEADER,
  'SCT,15/2025/QĐ-SCT,Quy chế phối hợp quản lý cụm công nghiệp,15/03/2025,issued',
  'SCT,16/2025/QĐ-SCT,Quy định quản lý chợ,2025-04-02,issued',
  'SCT,3/2024/QĐ-SCT,Sửa đổi quy chế phân bổ vốn khuyến công,20/05/2025,amended',
  'sct,7/2019/QĐ-SCT,Quy định về bán lẻ xăng dầu,,REPEAL_PROPOSED',
  'X1,01/2025/NQ-X1,Nghị quyết về phí chợ,10/01/2025,issued',
].join('\n');
const TESTS = [
  'unit_code,code,title,date,participants,passed',
  'SCT,KT-1,Kiểm tra kiến thức CCHC,12/06/2025,40,38',
  'SCT,KT-2,Sát hạch công chức một cửa,,12,10',
].join('\n');

const importFile = (client: ApiClient, register: string, content: string | Buffer, name = 'register.csv') =>
  client.upload(`/api/v1/registers/import?year=${Y}&register=${register}`, content, name);
const rowsOf = (res: { body: { error: { details: { rows: { row: number; column?: string; code?: string }[] } } } }) =>
  res.body.error.details.rows.map((r) => [r.row, r.column, r.code]);

async function download(client: ApiClient, url: string) {
  const response = await fetch(`${server.baseUrl}${url}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  sctOfficer = await server.loginAs('unit_officer', 'SCT');
  x1Officer = await server.loginAs('unit_leader', 'X1');
  viewer = await server.loginAs('viewer');
});
afterAll(() => server?.close());

describe('register files: all or nothing, idempotent', () => {
  it('refuses a wrong header naming the column', async () => {
    const res = await importFile(admin, 'legal_documents', 'unit_code,code,title,date,status\nSCT,1,Một,,issued\n');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('import_rejected');
    // status is not a column of legal_documents; action is missing.
    expect(rowsOf(res)).toEqual([
      [1, 'status', 'unknown_column'],
      [1, 'action', 'missing_column'],
    ]);
  });

  it('names every bad row and column and writes nothing', async () => {
    const bad = [
      LEGAL_HEADER,
      'SCT,A-1,Một,15/03/2025,issued',
      'SCT,A-2,Hai,,ban_hanh', // row 3: a choice that is not one
      'ZZZ,A-3,Ba,,issued', // row 4: unknown unit
      'SCT,A-4,,,issued', // row 5: no title
      'SCT,A-5,Năm,31-03-2025,issued', // row 6: unreadable date
      'SCT,A-1,Một lần nữa,,amended', // row 7: the same code twice
    ].join('\n');
    const res = await importFile(admin, 'legal_documents', bad);
    expect(res.status).toBe(400);
    expect(rowsOf(res)).toEqual([
      [3, 'action', 'register_field_choice'],
      [4, 'unit_code', 'register_file_unit_unknown'],
      [5, 'title', 'cell_empty'],
      [6, 'date', 'register_file_date_invalid'],
      [7, 'code', 'register_file_code_repeated'],
    ]);
    expect(res.body.error.details.rows[0].params).toMatchObject({ field: 'action', value: 'ban_hanh' });

    const tests = [
      'unit_code,code,title,date,participants,passed',
      'SCT,KT-9,Kiểm tra,,10,12', // passed > participants
      'SCT,KT-8,Kiểm tra,,mười,1', // not a count
    ].join('\n');
    const refused = await importFile(admin, 'knowledge_tests', tests);
    expect(refused.status).toBe(400);
    expect(rowsOf(refused)).toEqual([
      [2, 'passed', 'register_passed_over_participants'],
      [3, 'participants', 'register_field_count'],
    ]);
    const after = await admin.get(`/api/v1/registers?year=${Y}`);
    expect(after.body.entries).toEqual([]);
  });

  it('imports, re-imports unchanged, updates a changed row', async () => {
    const first = await importFile(admin, 'legal_documents', LEGAL);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ rows: 5, inserted: 5, updated: 0, unchanged: 0 });
    const again = await importFile(admin, 'legal_documents', LEGAL);
    expect(again.body).toEqual({ rows: 5, inserted: 0, updated: 0, unchanged: 5 });
    const changed = await importFile(admin, 'legal_documents', LEGAL.replace('Quy định quản lý chợ', 'Quy định quản lý chợ truyền thống'));
    expect(changed.body).toEqual({ rows: 5, inserted: 0, updated: 1, unchanged: 4 });
    const [audit] = await server.db.select().from(auditLog).where(eq(auditLog.entityType, 'register_entry')).orderBy(auditLog.id).limit(1).offset(5);
    expect(audit).toMatchObject({ action: 'update' });
    expect((audit!.before as { title: string }).title).toBe('Quy định quản lý chợ');
    expect((audit!.after as { title: string }).title).toBe('Quy định quản lý chợ truyền thống');
  });

  it('reads XLSX the same, date cells included', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('kt');
    sheet.addRow(['unit_code', 'code', 'title', 'date', 'participants', 'passed']);
    sheet.addRow(['SCT', 'KT-1', 'Kiểm tra kiến thức CCHC', new Date(Date.UTC(2025, 5, 12)), 40, 38]);
    sheet.addRow(['SCT', 'KT-2', 'Sát hạch công chức một cửa', null, 12, 10]);
    const res = await importFile(admin, 'knowledge_tests', Buffer.from(await workbook.xlsx.writeBuffer()), 'kt.xlsx');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ rows: 2, inserted: 2, updated: 0, unchanged: 0 });
    // The same entries from CSV: nothing changes.
    expect((await importFile(admin, 'knowledge_tests', TESTS)).body).toEqual({ rows: 2, inserted: 0, updated: 0, unchanged: 2 });
    const [kt1] = await server.db.select().from(registerEntries).where(eq(registerEntries.code, 'KT-1'));
    expect(kt1).toMatchObject({ entryDate: '2025-06-12', data: { participants: 40, passed: 38 } });
  });

  it('lists a unit’s entries with the counts per register', async () => {
    const sct = await admin.get(`/api/v1/registers?year=${Y}&unit=SCT`);
    expect(sct.status).toBe(200);
    expect(sct.body.totals).toEqual({ legal_documents: 4, procedure_reviews: 0, training_courses: 0, contests: 0, knowledge_tests: 2, quality_system: 0 });
    expect(sct.body.counts).toMatchObject({
      legalDocumentsIssued: 2,
      legalDocumentsAmended: 1,
      legalDocumentsRepealProposed: 1,
      knowledgeTestParticipants: 52,
      knowledgeTestPassed: 48,
      trainingCourses: 0,
    });
    const repeal = sct.body.entries.find((e: { code: string }) => e.code === '7/2019/QĐ-SCT');
    expect(repeal).toMatchObject({ unitCode: 'SCT', register: 'legal_documents', entryDate: null, data: { action: 'repeal_proposed' } });
    // Every unit: SCT's 2 issued + X1's 1.
    const all = await viewer.get(`/api/v1/registers?year=${Y}&register=legal_documents`);
    expect(all.status).toBe(200);
    expect(all.body.totals).toEqual({ legal_documents: 5 });
    expect(all.body.counts.legalDocumentsIssued).toBe(3);
    expect(all.body.can.create).toBe(false);
  });

  it('gives the formula variables each unit’s counts and the registers with data', async () => {
    const ids = new Map((await server.db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
    const { counts, registersWithData } = await registerFiguresByUnit(server.db, Y, [ids.get('SCT')!, ids.get('X1')!, ids.get('X2')!]);
    expect([...registersWithData].sort()).toEqual(['knowledge_tests', 'legal_documents']);
    expect(counts.get(ids.get('SCT')!)).toMatchObject({ legalDocumentsIssued: 2, knowledgeTestPassed: 48, isoApplied: 0 });
    expect(counts.get(ids.get('X1')!)).toMatchObject({ legalDocumentsIssued: 1, knowledgeTestParticipants: 0 });
    expect(Object.values(counts.get(ids.get('X2')!)!).every((n) => n === 0)).toBe(true);
    // Only X2: no register has data; another year: none either.
    expect((await registerFiguresByUnit(server.db, Y, [ids.get('X2')!])).registersWithData.size).toBe(0);
    expect((await registerFiguresByUnit(server.db, Y + 1, [ids.get('SCT')!])).registersWithData.size).toBe(0);
  });
});

describe('who may do what', () => {
  const entry = (unitCode: string, code: string) => ({
    year: Y,
    unitCode,
    register: 'quality_system',
    code,
    title: 'Hệ thống quản lý chất lượng ISO 9001:2015',
    entryDate: '2025-02-10',
    data: { status: 'maintained', internal_audits: 2 },
  });

  it('lets unit staff add, edit and delete their own unit’s entries only', async () => {
    const own = await sctOfficer.post('/api/v1/registers', entry('SCT', 'ISO-2025'));
    expect(own.status, own.text).toBe(201);
    const foreign = await sctOfficer.post('/api/v1/registers', entry('X1', 'ISO-2025'));
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.reason).toBe('registers_forbidden');
    const x1 = await x1Officer.post('/api/v1/registers', entry('X1', 'ISO-2025'));
    expect(x1.status).toBe(201);
    expect((await sctOfficer.patch(`/api/v1/registers/${x1.body.id}`, { title: 'x' })).status).toBe(403);
    expect((await sctOfficer.delete(`/api/v1/registers/${x1.body.id}`)).status).toBe(403);
    expect((await sctOfficer.get(`/api/v1/registers?year=${Y}&unit=X1`)).status).toBe(403);
    // Unit staff see their own unit without naming it.
    const mine = await sctOfficer.get(`/api/v1/registers?year=${Y}&register=quality_system`);
    expect(mine.body).toMatchObject({ unitCode: 'SCT', totals: { quality_system: 1 }, counts: { isoApplied: 1, isoInternalAudits: 2 }, can: { create: true } });

    const twice = await sctOfficer.post('/api/v1/registers', entry('SCT', 'ISO-2025'));
    expect(twice.status).toBe(409);
    expect(twice.body.error.reason).toBe('register_entry_exists');

    const crossImport = await importFile(sctOfficer, 'legal_documents', `${LEGAL_HEADER}\nX1,02/2025/NQ-X1,Không được,,issued\n`);
    expect(crossImport.status).toBe(400);
    expect(rowsOf(crossImport)).toEqual([[2, 'unit_code', 'register_file_unit_not_yours']]);

    // Edit with the version read: ok; with the old one: 409.
    const patched = await sctOfficer.patch(
      `/api/v1/registers/${own.body.id}`,
      { data: { status: 'announced', internal_audits: 3 } },
      { headers: { 'if-match': `"${own.body.version}"` } },
    );
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.version).toBe(own.body.version + 1);
    const stale = await sctOfficer.patch(`/api/v1/registers/${own.body.id}`, { title: 'Cũ' }, { headers: { 'if-match': `"${own.body.version}"` } });
    expect(stale.status).toBe(409);
    const badData = await sctOfficer.patch(`/api/v1/registers/${own.body.id}`, { data: { status: 'iso', internal_audits: -1 } });
    expect(badData.status).toBe(400);
    expect(badData.body.error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code])).toEqual([
      ['data.status', 'register_field_choice'],
      ['data.internal_audits', 'register_field_count'],
    ]);
    const badBody = await sctOfficer.post('/api/v1/registers', { ...entry('SCT', 'KT-3'), register: 'knowledge_tests', data: { participants: 5, passed: 6 } });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.details.issues[0]).toMatchObject({ path: 'data.passed', code: 'register_passed_over_participants' });

    const audit = await admin.get(`/api/v1/audit?entityType=register_entry&entityId=${own.body.id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect(audit.body.items[0].before.data).toEqual({ status: 'maintained', internal_audits: 2 });
    expect(audit.body.items[0].after.data).toEqual({ status: 'announced', internal_audits: 3 });

    expect((await sctOfficer.delete(`/api/v1/registers/${own.body.id}`)).status).toBe(204);
    const deleted = await admin.get(`/api/v1/audit?entityType=register_entry&entityId=${own.body.id}&action=delete`);
    expect(deleted.body.items[0].before.code).toBe('ISO-2025');
  });

  it('keeps viewers read-only', async () => {
    expect((await viewer.get(`/api/v1/registers?year=${Y}&unit=SCT`)).status).toBe(200);
    expect((await viewer.post('/api/v1/registers', entry('SCT', 'V-1'))).status).toBe(403);
    expect((await importFile(viewer, 'legal_documents', LEGAL)).status).toBe(403);
    const id = (await admin.get(`/api/v1/registers?year=${Y}&unit=X1&register=quality_system`)).body.entries[0].id as number;
    expect((await viewer.patch(`/api/v1/registers/${id}`, { title: 'x' })).status).toBe(403);
    expect((await viewer.delete(`/api/v1/registers/${id}`)).status).toBe(403);
    expect((await download(viewer, `/api/v1/registers/export?year=${Y}&register=legal_documents`)).status).toBe(200);
  });
});

describe('export', () => {
  it('writes XLSX that reads back with the import’s columns', async () => {
    const file = await download(admin, `/api/v1/registers/export?year=${Y}&register=knowledge_tests&format=xlsx`);
    expect(file.status).toBe(200);
    expect(file.type).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    const values = workbook.worksheets[0]!.getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1));
    expect(values).toEqual([
      ['unit_code', 'code', 'title', 'date', 'participants', 'passed'],
      ['SCT', 'KT-1', 'Kiểm tra kiến thức CCHC', '12/06/2025', 40, 38],
      ['SCT', 'KT-2', 'Sát hạch công chức một cửa', '', 12, 10],
    ]);
    // The exported file re-imports unchanged.
    expect((await importFile(admin, 'knowledge_tests', file.body, 'kt.xlsx')).body).toEqual({ rows: 2, inserted: 0, updated: 0, unchanged: 2 });
  });

  it('writes CSV sorted by unit and code; unit staff get their own unit’s', async () => {
    const all = await download(admin, `/api/v1/registers/export?year=${Y}&register=legal_documents&format=csv`);
    const lines = all.body.toString('utf8').trim().split('\n');
    expect(lines[0]).toBe(LEGAL_HEADER);
    expect(lines.map((l) => l.split(',')[0])).toEqual(['unit_code', 'SCT', 'SCT', 'SCT', 'SCT', 'X1']);
    expect((await importFile(admin, 'legal_documents', all.body)).body).toEqual({ rows: 5, inserted: 0, updated: 0, unchanged: 5 });
    const mine = await download(x1Officer, `/api/v1/registers/export?year=${Y}&register=legal_documents`);
    expect(mine.body.toString('utf8').trim().split('\n')).toEqual([LEGAL_HEADER, 'X1,01/2025/NQ-X1,Nghị quyết về phí chợ,10/01/2025,issued']);
    expect((await download(x1Officer, `/api/v1/registers/export?year=${Y}&register=legal_documents&unit=SCT`)).status).toBe(403);
  });
});

describe('demo registers', () => {
  it('seeds the same entries once for the demo units that exist', async () => {
    const { seedDemoRegisters } = await import('../../src/modules/demo/registers.js');
    // The test organisation has SNV (demo unit 0) and SCT (demo unit 2) of the demo's units.
    await seedDemoRegisters(server.db, Y + 1);
    await seedDemoRegisters(server.db, Y + 1);
    const list = await admin.get(`/api/v1/registers?year=${Y + 1}&unit=SCT`);
    /*
     * SCT (i = 2): issued 1 + 2 % 3 = 3, amended (i even) 1, repeal proposed (2 % 3 ≠ 1) 1; RS-1 simplify, RS-2
     * abolish (i even); courses LBD-1 40 + 20 = 60 and LBD-2 25 + 2 = 27 people → 87; contest 100 + 40 = 140;
     * test 30 + 10 = 40 people, 40 − 2 = 38 passed; ISO not applied (2 % 3 = 2), 0 audits. 12 entries.
     */
    expect(list.body.entries).toHaveLength(12);
    expect(list.body.counts).toEqual({
      legalDocumentsIssued: 3,
      legalDocumentsAmended: 1,
      legalDocumentsRepealProposed: 1,
      proceduresProposedAbolished: 1,
      proceduresProposedSimplified: 1,
      trainingCourses: 2,
      trainingParticipants: 87,
      contests: 1,
      contestParticipants: 140,
      knowledgeTestParticipants: 40,
      knowledgeTestPassed: 38,
      isoApplied: 0,
      isoInternalAudits: 0,
    });
    // SNV (i = 0): 3 legal + 2 reviews + 2 courses + 1 contest + 1 test + ISO maintained = 10 entries, all units 22.
    const all = await admin.get(`/api/v1/registers?year=${Y + 1}`);
    expect(all.body.entries).toHaveLength(22);
    expect(all.body.counts.isoApplied).toBe(1);
  });
});
