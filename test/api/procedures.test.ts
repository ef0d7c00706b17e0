import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDossierRecords } from '../../src/modules/dossiers/import.js';
import { openDossier } from '../helpers/dossier-fixtures.js';
import { findUnitIdByCode } from '../../src/modules/units/service.js';
import { onlineProcedureCounts } from '../../src/modules/procedures/service.js';
import { cutHundredths, parseDays, parseFee, parseOnlineLevel, summarizeTimeCuts } from '../../src/domain/procedures.js';
import { parseYesNo } from '../../src/domain/text.js';
import type { ApiClient } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { createUnit, mergeUnits } from '../../src/modules/units/service.js';

let server: TestServer;
let admin: ApiClient;

const IMPORT = '/api/v1/procedures/import';
const HEADER = 'code,name,field,unit_code,legal_days,internal_days,online_level,fee,published';

/*
 * The catalogue used throughout. Hand-computed figures (domain.md "Procedures"; product rules in docs/procedures.md:
 * online levels and time cuts count published procedures; the average cut is the mean of (legal − internal) / legal
 * over published procedures with a legal limit above 0; two decimals, half up):
 *
 * SCT: 5 procedures, 4 published (1.000005 is not).
 *   1.000001 full     15 → 10  cut 5/15 = 33.33 %  (≥ 30 %)
 *   1.000002 full     20 → 15  cut 5/20 = 25 %      ("toàn trình")
 *   1.000003 partial  30 → 21  cut 9/30 = 30 %      (exactly 30 %: counts as ≥ 30 %; "một phần")
 *   1.000004 partial   7 →  7  no cut               ("mức 3")
 *   full 2, partial 2, none 0; full share 2/4 = 50.00; with a legal limit 4; cut 3
 *   average = (1/3 + 1/4 + 3/10 + 0) / 4 = (20 + 15 + 18)/60 / 4 = 53/240 = 22.083… → 22.08
 *   cut ≥ 30 %: 2 of 4 = 50.00
 * SNV: 2.000001 none 0 → 0 (no legal limit: left out of the averages); 2.000002 full ("mức 4") 3 → 2, cut 1/3
 *   published 2, full 1, none 1, full share 50.00; with a legal limit 1; cut 1; average 33.33; ≥ 30 %: 1 of 1 = 100.00
 * X1: 3.000001 partial 400 → 399 (cut 0.25 %); 3.000002 none ("Không") 8 → 8
 *   published 2, partial 1, none 1, full share 0.00; with a legal limit 2; cut 1; average 0.25 / 2 = 0.125 → 0.13
 *   (half up, not to even); ≥ 30 %: 0 of 2 = 0.00
 * Province: total 9, published 8, full 3, partial 3, none 2, full share 3/8 = 37.50; with a legal limit 4 + 1 + 2 = 7;
 *   cut 3 + 1 + 1 = 5; average = (1/3 + 1/4 + 3/10 + 0 + 1/3 + 1/400 + 0) / 7 = (400 + 300 + 360 + 400 + 3)/1200 / 7
 *   = 1463/8400 = 17.416… → 17.42; ≥ 30 %: 3 of 7 = 42.857… → 42.86
 */
const GOOD = [
  HEADER,
  '1.000001,Cấp giấy phép kinh doanh bán lẻ rượu,Thương mại,SCT,15,10,full,1.200.000,true',
  '1.000002,Cấp giấy phép bán buôn rượu,Thương mại,sct,20,15,Toàn trình,,có',
  '1.000003,Cấp giấy chứng nhận đủ điều kiện cửa hàng xăng dầu,Kinh doanh khí,SCT,30,21,một phần,500000,1',
  '1.000004,Đăng ký hoạt động khuyến mại,Xúc tiến thương mại,SCT,7,7,Mức 3,0,TRUE',
  '1.000005,Dự thảo thủ tục thương mại điện tử,Thương mại,SCT,10,5,none,,false',
  '2.000001,Thi tuyển công chức,Công chức,SNV,0,0,none,,true',
  '2.000002,Thẩm định đề án vị trí việc làm,Tổ chức bộ máy,SNV,3,2,mức 4,,yes',
  '3.000001,Đăng ký khai sinh,Hộ tịch,X1,400,399,partial,8.000,true',
  '3.000002,Chứng thực bản sao từ bản chính,Chứng thực,X1,8,,Không,2000,1',
].join('\n');

async function auditTotal(entityType = 'procedure') {
  const res = await admin.get(`/api/v1/audit?entityType=${entityType}&limit=1`);
  expect(res.status).toBe(200);
  return res.body.total as number;
}

async function catalogueCount() {
  const res = await admin.get('/api/v1/procedures?limit=1');
  expect(res.status).toBe(200);
  return res.body.total as number;
}

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('procedures');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function expectRejected(content: Buffer | string, rows: unknown[], filename = 'procedures.csv') {
  const before = { count: await catalogueCount(), audit: await auditTotal() };
  const res = await admin.upload(IMPORT, content, filename);
  expect(res.status, res.text).toBe(400);
  expect(res.body.error.code).toBe('import_rejected');
  expect(res.body.error.details.rows).toMatchObject(rows);
  expect({ count: await catalogueCount(), audit: await auditTotal() }).toEqual(before);
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  // A unit merged away in 2026: procedures cannot be given to it.
  await createUnit(server.db, fixtureActor, { code: 'X3', name: 'Xã Cũ', parentCode: 'H1', blockCode: 'XA', year: 2024 });
  await createUnit(server.db, fixtureActor, { code: 'X4', name: 'Xã Cũ Hai', parentCode: 'H1', blockCode: 'XA', year: 2024 });
  await mergeUnits(server.db, fixtureActor, { sourceCodes: ['X3', 'X4'], target: { code: 'X5', name: 'Xã Mới' }, year: 2026 });
  admin = await server.loginAs('admin');
});

afterAll(async () => {
  await server?.close();
});

describe('procedure import', () => {
  it('rejects a file with bad rows, naming every row and column, and writes nothing', async () => {
    const bad = [
      HEADER,
      '9.1,Thủ tục A,Lĩnh vực,NOPE,5,3,full,,true',
      '9.2,Thủ tục B,Lĩnh vực,SCT,5.5,3,full,,true',
      '9.3,Thủ tục C,Lĩnh vực,SCT,-2,0,full,,true',
      '9.4,Thủ tục D,Lĩnh vực,SCT,5,7,full,,true',
      '9.5,Thủ tục E,Lĩnh vực,SCT,5,5,mức 5,,true',
      '9.6,Thủ tục F,Lĩnh vực,SCT,5,5,full,12abc,true',
      '9.7,Thủ tục G,Lĩnh vực,SCT,5,5,full,,maybe',
      '9.1,Thủ tục H,Lĩnh vực,SCT,5,5,full,,true',
      '9.8,,Lĩnh vực,X3,5,5,full,-5,true',
      '9.9,Thủ tục hợp lệ,Lĩnh vực,SCT,5,5,full,,true',
    ].join('\n');
    await expectRejected(bad, [
      { row: 2, column: 'unit_code', message: 'unknown unit NOPE' },
      { row: 3, column: 'legal_days', message: 'legal_days "5.5" is not a whole number of working days' },
      { row: 4, column: 'legal_days', message: 'legal_days -2 is negative' },
      { row: 5, column: 'internal_days', message: 'internal limit 7 days is longer than the legal limit 5 days' },
      { row: 6, column: 'online_level', message: expect.stringContaining('online_level "mức 5" is not full / partial / none') },
      { row: 7, column: 'fee', message: expect.stringContaining('fee "12abc" is not a whole number of VND') },
      { row: 8, column: 'published', message: 'published "maybe" is not true/false, 1/0 or có/không' },
      { row: 9, column: 'code', message: 'duplicate code 9.1 (first on row 2)' },
      { row: 10, column: 'fee', message: expect.stringContaining('fee "-5" is not a whole number of VND') },
      { row: 10, column: 'name', message: 'name is empty' },
      { row: 10, column: 'unit_code', message: 'unit X3 is merged; procedures belong to active units' },
    ]);
  });

  it('rejects wrong columns, an empty file and an XLSX with a bad cell', async () => {
    await expectRejected('code,name,field,unit_code,legal_days,internal_days,online_level,fee\n1,a,b,SCT,1,1,full,', [
      { row: 1, column: 'published', message: 'missing column "published"' },
    ]);
    await expectRejected('', [{ row: 1, message: 'empty file' }]);
    const book = await xlsx([HEADER.split(','), ['4.1', 'Thủ tục', 'Lĩnh vực', 'SCT', 10, 12, 'full', null, 'true']]);
    await expectRejected(book, [{ row: 2, column: 'internal_days', message: 'internal limit 12 days is longer than the legal limit 10 days' }], 'p.xlsx');
  });

  it('imports the catalogue, then a second import of the same file changes nothing', async () => {
    const first = await admin.upload(IMPORT, GOOD);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ rows: 9, created: 9, updated: 0, unchanged: 0 });
    expect(await auditTotal()).toBe(9);

    const one = await admin.get('/api/v1/procedures/1.000001');
    expect(one.body).toMatchObject({
      code: '1.000001',
      name: 'Cấp giấy phép kinh doanh bán lẻ rượu',
      field: 'Thương mại',
      unitCode: 'SCT',
      unitName: 'Sở Công Thương',
      legalDays: 15,
      internalDays: 10,
      onlineLevel: 'full',
      fee: 1200000,
      published: true,
    });
    // Vietnamese labels and old levels; an empty internal limit keeps the legal one; "8.000" is 8000 VND.
    const levels = await admin.get('/api/v1/procedures?limit=200');
    const byCode = Object.fromEntries(levels.body.items.map((p: any) => [p.code, p]));
    expect(['1.000002', '1.000003', '1.000004', '2.000002', '3.000002'].map((c) => byCode[c].onlineLevel)).toEqual([
      'full',
      'partial',
      'partial',
      'full',
      'none',
    ]);
    expect(byCode['1.000002'].unitCode).toBe('SCT');
    expect(byCode['1.000002'].fee).toBeNull();
    expect(byCode['1.000004'].fee).toBe(0);
    expect(byCode['3.000001'].fee).toBe(8000);
    expect(byCode['3.000002'].internalDays).toBe(8);
    expect(byCode['1.000005'].published).toBe(false);

    const again = await admin.upload(IMPORT, GOOD);
    expect(again.body).toEqual({ rows: 9, created: 0, updated: 0, unchanged: 9 });
    expect(await auditTotal()).toBe(9);
  });

  it('re-import updates by code and audits before and after', async () => {
    const changed = [
      HEADER,
      '1.000004,Đăng ký thực hiện khuyến mại,Xúc tiến thương mại,SCT,7,5,mức 3,0,true',
      '1.000001,Cấp giấy phép kinh doanh bán lẻ rượu,Thương mại,SCT,15,10,full,1200000,true',
    ].join('\n');
    const res = await admin.upload(IMPORT, changed);
    expect(res.body).toEqual({ rows: 2, created: 0, updated: 1, unchanged: 1 });
    const audit = await admin.get('/api/v1/audit?entityType=procedure&entityId=1.000004&limit=5');
    expect(audit.body.items[0]).toMatchObject({
      action: 'update',
      before: { name: 'Đăng ký hoạt động khuyến mại', internalDays: 7 },
      after: { name: 'Đăng ký thực hiện khuyến mại', internalDays: 5 },
    });
    // Back to the catalogue the figures are computed for.
    expect((await admin.upload(IMPORT, GOOD)).body).toEqual({ rows: 9, created: 0, updated: 1, unchanged: 8 });
  });
});

describe('statistics', () => {
  const stats = (s: Record<string, unknown>) => s;
  it('counts per unit and for the province, exactly', async () => {
    const res = await admin.get('/api/v1/procedures/stats');
    expect(res.status).toBe(200);
    expect(res.body.units).toEqual([
      stats({
        unitCode: 'SCT',
        unitName: 'Sở Công Thương',
        total: 5,
        published: 4,
        full: 2,
        partial: 2,
        none: 0,
        fullSharePercent: 50,
        withLegalLimit: 4,
        cut: 3,
        averageCutPercent: 22.08,
        cutAtLeast30: 2,
        cutAtLeast30SharePercent: 50,
      }),
      stats({
        unitCode: 'SNV',
        unitName: 'Sở Nội vụ',
        total: 2,
        published: 2,
        full: 1,
        partial: 0,
        none: 1,
        fullSharePercent: 50,
        withLegalLimit: 1,
        cut: 1,
        averageCutPercent: 33.33,
        cutAtLeast30: 1,
        cutAtLeast30SharePercent: 100,
      }),
      stats({
        unitCode: 'X1',
        unitName: 'Xã Đồng Tâm',
        total: 2,
        published: 2,
        full: 0,
        partial: 1,
        none: 1,
        fullSharePercent: 0,
        withLegalLimit: 2,
        cut: 1,
        averageCutPercent: 0.13,
        cutAtLeast30: 0,
        cutAtLeast30SharePercent: 0,
      }),
    ]);
    expect(res.body.province).toEqual({
      total: 9,
      published: 8,
      full: 3,
      partial: 3,
      none: 2,
      fullSharePercent: 37.5,
      withLegalLimit: 7,
      cut: 5,
      averageCutPercent: 17.42,
      cutAtLeast30: 3,
      cutAtLeast30SharePercent: 42.86,
    });
  });

  it('exports the statistics as CSV with the province row last', async () => {
    const res = await admin.get('/api/v1/procedures/stats/export?format=csv');
    expect(res.status).toBe(200);
    const rows: Record<string, string>[] = parse(res.text, { columns: true });
    expect(rows.map((r) => r.unit_code)).toEqual(['SCT', 'SNV', 'X1', 'TOTAL']);
    expect(rows[0]).toMatchObject({ average_cut_percent: '22.08', cut_at_least_30_share_percent: '50.00', full_share_percent: '50.00' });
    expect(rows[2]).toMatchObject({ average_cut_percent: '0.13' });
    expect(rows[3]).toMatchObject({
      total: '9',
      published: '8',
      average_cut_percent: '17.42',
      cut_at_least_30_share_percent: '42.86',
      full_share_percent: '37.50',
    });
  });

  it('gives the formula criteria the published and online counts per unit id', async () => {
    const counts = await onlineProcedureCounts(server.db);
    const id = async (code: string) => (await findUnitIdByCode(server.db, code))!;
    expect(counts.get(await id('SCT'))).toEqual({ published: 4, full: 2, partial: 2 });
    expect(counts.get(await id('SNV'))).toEqual({ published: 2, full: 1, partial: 0 });
    expect(counts.get(await id('X1'))).toEqual({ published: 2, full: 0, partial: 1 });
    expect(counts.has(await id('X2'))).toBe(false);
  });
});

describe('public catalogue', () => {
  const codes = (res: { body: { items: { code: string }[] } }) => res.body.items.map((p) => p.code);

  it('finds published procedures with or without diacritics, never unpublished ones', async () => {
    const anonymous = server.client();
    const plain = await anonymous.get('/api/v1/public/procedures?q=thuong%20mai');
    expect(plain.status).toBe(200);
    // Field "Thương mại" (1.000001, 1.000002) and "Xúc tiến thương mại" (1.000004); 1.000005 is unpublished.
    expect(codes(plain)).toEqual(['1.000001', '1.000002', '1.000004']);
    expect(plain.body.total).toBe(3);
    const accented = await anonymous.get(`/api/v1/public/procedures?q=${encodeURIComponent('THƯƠNG MẠI')}`);
    expect(codes(accented)).toEqual(codes(plain));
    // "đ" folds to "d" both ways.
    expect(codes(await anonymous.get(`/api/v1/public/procedures?q=${encodeURIComponent('đăng ký')}`))).toEqual(['1.000004', '3.000001']);
    expect(codes(await anonymous.get('/api/v1/public/procedures?q=dang%20ky%20khai'))).toEqual(['3.000001']);
    expect(codes(await anonymous.get('/api/v1/public/procedures?q=1.000003'))).toEqual(['1.000003']);
    expect(codes(await anonymous.get('/api/v1/public/procedures?q=du%20thao'))).toEqual([]);
    expect(codes(await anonymous.get('/api/v1/public/procedures?q=50%25'))).toEqual([]);
  });

  it('filters by unit and field, pages, and shows no internal fields', async () => {
    const anonymous = server.client();
    const sct = await anonymous.get('/api/v1/public/procedures?unit=sct&limit=2&offset=1');
    expect(codes(sct)).toEqual(['1.000002', '1.000003']);
    expect(sct.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(Object.keys(sct.body.items[0]).sort()).toEqual(
      ['code', 'fee', 'field', 'internalDays', 'legalDays', 'name', 'onlineLevel', 'unitCode', 'unitName'].sort(),
    );
    const field = await anonymous.get(`/api/v1/public/procedures?field=${encodeURIComponent('Thương mại')}`);
    expect(codes(field)).toEqual(['1.000001', '1.000002']);
    const facets = await anonymous.get('/api/v1/public/procedures/facets');
    expect(facets.body.units.map((u: { code: string }) => u.code)).toEqual(['SCT', 'SNV', 'X1']);
    expect(facets.body.fields).not.toContain('Thương mại điện tử');
    expect((await anonymous.get('/api/v1/public/procedures/1.000001')).status).toBe(200);
    expect((await anonymous.get('/api/v1/public/procedures/1.000005')).status).toBe(404);
    expect((await anonymous.get('/api/v1/public/procedures?limit=101')).status).toBe(400);
  });
});

describe('authorization and visibility', () => {
  it('shows unpublished procedures to the admin and to the resolving unit only', async () => {
    const viewer = await server.loginAs('viewer');
    const sctOfficer = await server.loginAs('unit_officer', 'SCT');
    const snvLeader = await server.loginAs('unit_leader', 'SNV');
    expect((await admin.get('/api/v1/procedures')).body.total).toBe(9);
    expect((await viewer.get('/api/v1/procedures')).body.total).toBe(8);
    expect((await snvLeader.get('/api/v1/procedures')).body.total).toBe(8);
    expect((await sctOfficer.get('/api/v1/procedures')).body.total).toBe(9);
    expect((await viewer.get('/api/v1/procedures/1.000005')).status).toBe(404);
    expect((await sctOfficer.get('/api/v1/procedures/1.000005')).status).toBe(200);
    expect((await viewer.get('/api/v1/procedures?published=false')).body.total).toBe(0);
    const exported = parse((await viewer.get('/api/v1/procedures/export?format=csv')).text, { columns: true }) as { code: string }[];
    expect(exported.map((r) => r.code)).not.toContain('1.000005');
    expect(exported).toHaveLength(8);
    // An appraiser of SCT belongs to that department: its drafts too; an appraiser of SNV does not see them.
    const sctAppraiser = await server.loginAs('appraiser', 'SCT');
    expect((await sctAppraiser.get('/api/v1/procedures')).body.total).toBe(9);
    expect((await sctAppraiser.get('/api/v1/procedures/1.000005')).status).toBe(200);
    const snvAppraiser = await server.loginAs('appraiser', 'SNV');
    expect((await snvAppraiser.get('/api/v1/procedures/1.000005')).status).toBe(404);
  });

  it('tells each caller what they may do with the catalogue (`can`, procedures/policies.ts)', async () => {
    const all = { create: true, import: true, edit: true, delete: true };
    const none = { create: false, import: false, edit: false, delete: false };
    expect((await admin.get('/api/v1/procedures?limit=1')).body.can).toEqual(all);
    for (const [role, unit] of [
      ['viewer', null],
      ['council', null],
      ['appraiser', 'SNV'],
      ['unit_officer', 'SCT'],
      ['unit_leader', 'SCT'],
    ] as const) {
      const client = await server.loginAs(role, unit);
      expect((await client.get('/api/v1/procedures?limit=1')).body.can, role).toEqual(none);
    }
    // The public catalogue says nothing of the kind.
    expect((await server.client().get('/api/v1/public/procedures?limit=1')).body.can).toBeUndefined();
  });

  it('refuses writes to everyone but the admin', async () => {
    const officer = await server.loginAs('unit_officer', 'SCT');
    const body = { code: '8.1', name: 'X', field: 'Y', unitCode: 'SCT', legalDays: 5, onlineLevel: 'full' };
    expect((await officer.post('/api/v1/procedures', body)).status).toBe(403);
    expect((await officer.patch('/api/v1/procedures/1.000001', { name: 'Z' })).status).toBe(403);
    expect((await officer.delete('/api/v1/procedures/1.000001')).status).toBe(403);
    expect((await officer.upload(IMPORT, GOOD)).status).toBe(403);
    expect((await server.client().get('/api/v1/procedures')).status).toBe(401);
  });
});

describe('one procedure', () => {
  it('creates, checks the rules, updates with an audit and filters the list', async () => {
    const body = { code: '5.000001', name: ' Cấp  phép   khai thác cát ', field: 'Khoáng sản', unitCode: 'snv', legalDays: 20, onlineLevel: 'partial' };
    const created = await admin.post('/api/v1/procedures', body);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ code: '5.000001', name: 'Cấp phép khai thác cát', unitCode: 'SNV', internalDays: 20, fee: null, published: true });
    expect((await admin.post('/api/v1/procedures', body)).status).toBe(409);

    const tooLong = await admin.post('/api/v1/procedures', { ...body, code: '5.000002', internalDays: 21 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details.issues).toMatchObject([
      { path: 'internalDays', message: 'internal limit 21 days is longer than the legal limit 20 days' },
    ]);
    const unknownUnit = await admin.post('/api/v1/procedures', { ...body, code: '5.000002', unitCode: 'NOPE' });
    expect(unknownUnit.body.error.details.issues).toMatchObject([{ path: 'unitCode', message: 'unknown unit NOPE' }]);
    expect((await admin.post('/api/v1/procedures', { ...body, code: '5.000002', onlineLevel: 'mức 4' })).status).toBe(400);

    const patched = await admin.patch('/api/v1/procedures/5.000001', { internalDays: 12, onlineLevel: 'full', fee: 150000 });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ internalDays: 12, onlineLevel: 'full', fee: 150000 });
    expect((await admin.patch('/api/v1/procedures/5.000001', { legalDays: 10 })).body.error.details.issues[0].path).toBe('internalDays');
    const audit = await admin.get('/api/v1/audit?entityType=procedure&entityId=5.000001&limit=5');
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect(audit.body.items[0].before).toMatchObject({ internalDays: 20, onlineLevel: 'partial', fee: null });
    expect(audit.body.items[0].after).toMatchObject({ internalDays: 12, onlineLevel: 'full', fee: 150000 });
    // An unchanged update writes no audit row.
    await admin.patch('/api/v1/procedures/5.000001', { internalDays: 12 });
    expect((await admin.get('/api/v1/audit?entityType=procedure&entityId=5.000001&limit=5')).body.total).toBe(2);

    const list = await admin.get('/api/v1/procedures?unit=SNV&online=full');
    expect(list.body.items.map((p: { code: string }) => p.code)).toEqual(['2.000002', '5.000001']);
    const search = await admin.get('/api/v1/procedures?q=khai%20thac%20cat');
    expect(search.body.items.map((p: { code: string }) => p.code)).toEqual(['5.000001']);
  });

  it('deletes an unused procedure, and refuses with 409 one that dossiers refer to', async () => {
    const deleted = await admin.delete('/api/v1/procedures/5.000001');
    expect(deleted.status).toBe(204);
    expect((await admin.get('/api/v1/procedures/5.000001')).status).toBe(404);
    const audit = await admin.get('/api/v1/audit?entityType=procedure&entityId=5.000001&limit=1');
    expect(audit.body.items[0]).toMatchObject({ action: 'delete', before: { code: '5.000001' }, after: null });

    // A dossier of 1.000001, through the import (which keeps the rollups the check reads).
    const procedure = (await admin.get('/api/v1/procedures/1.000001')).body;
    const push = (code: string, procedureCode: string) =>
      importDossierRecords(server.testDb.database, fixtureActor, {
        records: [openDossier(code, '2025-03-03', { unitCode: 'SCT', procedureCode, field: procedure.field })] as never,
        skipInvalid: false,
        source: 'batch',
      });
    expect(await push('HS-0001', '1.000001')).toMatchObject({ status: 'done', inserted: 1 });
    const auditBefore = await auditTotal();
    const refused = await admin.delete('/api/v1/procedures/1.000001');
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.error.code).toBe('conflict');
    expect(refused.body.error.message).toMatch(/dossiers refer to it/);
    expect((await admin.get('/api/v1/procedures/1.000001')).status).toBe(200);
    expect(await auditTotal()).toBe(auditBefore);
    expect((await admin.delete('/api/v1/procedures/9.999')).status).toBe(404);

    // A new procedure's only dossier moves to 1.000001: nothing refers to the new one any more, and it can be deleted.
    const body = { code: '1.000009', name: 'Thủ tục thử', field: procedure.field, unitCode: 'SCT', legalDays: 5, onlineLevel: 'full' };
    expect((await admin.post('/api/v1/procedures', body)).status).toBe(201);
    expect(await push('HS-0002', '1.000009')).toMatchObject({ status: 'done', inserted: 1 });
    expect((await admin.delete('/api/v1/procedures/1.000009')).status).toBe(409);
    expect(await push('HS-0002', '1.000001')).toMatchObject({ status: 'done', updated: 1 });
    expect((await admin.delete('/api/v1/procedures/1.000009')).status).toBe(204);
  });
});

describe('export', () => {
  it('exports CSV and XLSX in the import format, and the export imports back unchanged', async () => {
    const csv = await admin.get('/api/v1/procedures/export?format=csv&unit=X1');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('procedures-X1.csv');
    expect(csv.text.split('\n')[0]).toBe(HEADER);
    expect(parse(csv.text, { columns: true })).toEqual([
      {
        code: '3.000001',
        name: 'Đăng ký khai sinh',
        field: 'Hộ tịch',
        unit_code: 'X1',
        legal_days: '400',
        internal_days: '399',
        online_level: 'partial',
        fee: '8000',
        published: 'true',
      },
      {
        code: '3.000002',
        name: 'Chứng thực bản sao từ bản chính',
        field: 'Chứng thực',
        unit_code: 'X1',
        legal_days: '8',
        internal_days: '8',
        online_level: 'none',
        fee: '2000',
        published: 'true',
      },
    ]);

    const file = await fetch(`${server.baseUrl}/api/v1/procedures/export?format=xlsx`, { headers: { cookie: admin.cookie! } });
    const buffer = Buffer.from(await file.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER.split(','));
    expect(sheet.rowCount).toBe(1 + 9);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      '1.000001',
      'Cấp giấy phép kinh doanh bán lẻ rượu',
      'Thương mại',
      'SCT',
      15,
      10,
      'full',
      1200000,
      'true',
    ]);

    const auditBefore = await auditTotal();
    const back = await admin.upload(IMPORT, buffer, 'procedures.xlsx');
    expect(back.body).toEqual({ rows: 9, created: 0, updated: 0, unchanged: 9 });
    expect(await auditTotal()).toBe(auditBefore);
    expect((await admin.get('/api/v1/procedures/export?unit=NOPE')).status).toBe(404);
  });
});

describe('catalogue cells and time-cut arithmetic (src/domain/procedures.ts)', () => {
  it('reads fees, days, online levels and yes/no as catalogues write them', () => {
    expect(['50000', '50.000', '1,500,000', '50 000', '2.000 đ', 'Miễn phí', ''].map((t) => parseFee(t))).toEqual([
      { ok: true, value: 50000 },
      { ok: true, value: 50000 },
      { ok: true, value: 1500000 },
      { ok: true, value: 50000 },
      { ok: true, value: 2000 },
      { ok: true, value: 0 },
      { ok: true, value: null },
    ]);
    for (const bad of ['1.5', '12.34', '-100', '1.0000', 'abc']) expect(parseFee(bad).ok, bad).toBe(false);
    expect(parseDays('7', 'legal_days')).toEqual({ ok: true, value: 7 });
    expect(parseDays('7.0', 'legal_days')).toEqual({ ok: true, value: 7 });
    expect(parseDays('1001', 'legal_days')).toEqual({
      ok: false,
      refusal: { reason: 'days_too_many', params: { column: 'legal_days', value: '1001', maximum: 1000 } },
    });
    expect(parseDays(' ', 'internal_days')).toEqual({ ok: false, refusal: { reason: 'procedure_cell_empty', params: { column: 'internal_days' } } });
    expect(parseDays('-2', 'legal_days')).toEqual({ ok: false, refusal: { reason: 'days_negative', params: { column: 'legal_days', value: '-2' } } });
    expect(parseFee('1.5')).toEqual({ ok: false, refusal: { reason: 'fee_not_whole', params: { value: '"1.5"' } } });
    expect(parseFee('999.999.999.999.999.999')).toEqual({
      ok: false,
      refusal: { reason: 'fee_too_large', params: { value: '"999.999.999.999.999.999"', maximum: 99_999_999_999_999 } },
    });
    expect(['FULL', 'Toàn trình', 'toan trinh', 'Mức 4', 'một phần', 'MUC 3', 'mức 2', 'Không', 'none'].map(parseOnlineLevel)).toEqual([
      'full',
      'full',
      'full',
      'full',
      'partial',
      'partial',
      'none',
      'none',
      'none',
    ]);
    expect(parseOnlineLevel('level 4')).toBeNull();
    expect(['true', '1', 'Có', 'CO', 'false', '0', 'không', 'maybe', ''].map(parseYesNo)).toEqual([true, true, true, true, false, false, false, null, null]);
  });

  it('averages cut percentages exactly and rounds half up only at the end', () => {
    // Three procedures each cut by 1/3: 33.333…% each, the mean exactly 1/3 → 33.33 (float sums of 33.33 would drift).
    expect(
      summarizeTimeCuts([
        { legalDays: 3, internalDays: 2 },
        { legalDays: 6, internalDays: 4 },
        { legalDays: 9, internalDays: 6 },
      ]).averageCutHundredths,
    ).toBe(3333);
    // (1/8 + 0) / 2 = 6.25 %; (1/400 + 0) / 2 = 0.125 % → 0.13 (half up); 2/3 = 66.666… → 66.67.
    expect(
      summarizeTimeCuts([
        { legalDays: 8, internalDays: 7 },
        { legalDays: 5, internalDays: 5 },
      ]).averageCutHundredths,
    ).toBe(625);
    expect(
      summarizeTimeCuts([
        { legalDays: 400, internalDays: 399 },
        { legalDays: 5, internalDays: 5 },
      ]).averageCutHundredths,
    ).toBe(13);
    expect(cutHundredths({ legalDays: 3, internalDays: 1 })).toBe(6667);
    expect(cutHundredths({ legalDays: 0, internalDays: 0 })).toBeNull();
    // Weights count groups of equal procedures; exactly 30 % counts as cut by ≥ 30 %.
    const weighted = summarizeTimeCuts([
      { legalDays: 10, internalDays: 7, weight: 3 },
      { legalDays: 10, internalDays: 8, weight: 1 },
      { legalDays: 0, internalDays: 0, weight: 2 },
    ]);
    expect(weighted).toEqual({ count: 6, withLegalLimit: 4, cut: 4, averageCutHundredths: 2750, cutAtLeast30: 3, cutAtLeast30ShareHundredths: 7500 });
    expect(summarizeTimeCuts([])).toEqual({
      count: 0,
      withLegalLimit: 0,
      cut: 0,
      averageCutHundredths: null,
      cutAtLeast30: 0,
      cutAtLeast30ShareHundredths: null,
    });
  });
});
