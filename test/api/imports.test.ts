import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: ApiClient;

const Y = TEST_YEAR; // 2025
const UNITS_IMPORT = `/api/v1/units/import?year=${Y}`;
const BLOCKS_IMPORT = '/api/v1/blocks/import';
const HEADER = 'code,name,block,parent_code';

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
});

afterAll(async () => {
  await server?.close();
});

/** What an import could have written, as the API reports it. */
async function counts() {
  const units = await admin.get('/api/v1/units?year=2025');
  const blocks = await admin.get('/api/v1/blocks');
  const audit = await admin.get('/api/v1/audit?limit=1');
  expect([units.status, blocks.status, audit.status]).toEqual([200, 200, 200]);
  return { units: units.body.items.length as number, blocks: blocks.body.items.length as number, audit: audit.body.total as number };
}

async function unit(code: string, year = Y) {
  return admin.get(`/api/v1/units/${code}?year=${year}`);
}

async function block(code: string) {
  return admin.get(`/api/v1/blocks/${code}`);
}

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('units');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Uploads a bad file and checks: 400 import_rejected, the row errors, and that nothing was written
 * (unit, block and audit counts unchanged).
 */
async function expectRejected(path: string, content: Buffer | string, rows: unknown[], filename = 'file.csv') {
  const before = await counts();
  const res = await admin.upload(path, content, filename);
  expect(res.status, res.text).toBe(400);
  expect(res.body.error.code).toBe('import_rejected');
  expect(res.body.error.details.rows).toMatchObject(rows);
  expect(await counts()).toEqual(before);
  return res;
}

describe('POST /api/v1/units/import — good files', () => {
  it('creates units with parents (even one later in the file) and the blocks it names', async () => {
    const before = await counts();
    const file = [HEADER, 'IM-X1,Xã Một,IM-XA,IM-H1', 'IM-X2,"Xã Hai, Mới",im-xa,im-h1', 'IM-H1,Huyện Một,IM-HUYEN,', 'IM-X3,Xã Ba,XA,H1', ''].join('\n');
    const res = await admin.upload(UNITS_IMPORT, file, 'units.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 4, updated: 0, blocksCreated: 2 });

    expect((await unit('IM-X1')).body).toMatchObject({
      code: 'IM-X1',
      name: 'Xã Một',
      parentCode: 'IM-H1',
      blockCode: 'IM-XA',
      status: 'active',
      validFromYear: 2025,
    });
    expect((await unit('IM-X2')).body).toMatchObject({ name: 'Xã Hai, Mới', parentCode: 'IM-H1', blockCode: 'IM-XA' });
    expect((await unit('IM-H1')).body).toMatchObject({ name: 'Huyện Một', parentCode: null, blockCode: 'IM-HUYEN' });
    expect((await unit('IM-H1')).body.children).toEqual([
      { code: 'IM-X1', name: 'Xã Một' },
      { code: 'IM-X2', name: 'Xã Hai, Mới' },
    ]);
    expect((await unit('IM-X3')).body).toMatchObject({ parentCode: 'H1', blockCode: 'XA' });

    // Blocks created implicitly are named by their code; membership is that of the import's year.
    const blocks2025 = await admin.get('/api/v1/blocks?year=2025');
    expect(blocks2025.body.items.find((b: { code: string }) => b.code === 'IM-XA')).toMatchObject({ code: 'IM-XA', name: 'IM-XA', unitCount: 2 });
    expect(blocks2025.body.items.find((b: { code: string }) => b.code === 'IM-HUYEN')).toMatchObject({ name: 'IM-HUYEN', unitCount: 1 });

    const after = await counts();
    expect(after.units).toBe(before.units + 4);
    expect(after.blocks).toBe(before.blocks + 2);

    // The same file again changes nothing and writes no audit row.
    const again = await admin.upload(UNITS_IMPORT, file, 'units.csv');
    expect(again.status, again.text).toBe(200);
    expect(again.body).toEqual({ created: 0, updated: 0, blocksCreated: 0 });
    expect(await counts()).toEqual(after);

    // A changed name and a changed parent count as one updated unit each.
    const changed = file.replace('IM-X1,Xã Một,IM-XA,IM-H1', 'IM-X1,Xã Một Mới,IM-XA,IM-H1').replace('IM-X3,Xã Ba,XA,H1', 'IM-X3,Xã Ba,XA,IM-H1');
    const third = await admin.upload(UNITS_IMPORT, changed, 'units.csv');
    expect(third.status, third.text).toBe(200);
    expect(third.body).toEqual({ created: 0, updated: 2, blocksCreated: 0 });
    expect((await unit('IM-X1')).body.name).toBe('Xã Một Mới');
    expect((await unit('IM-X3')).body.parentCode).toBe('IM-H1');
  });

  it('imports an XLSX workbook (header case ignored, numbers as codes)', async () => {
    const file = await xlsx([
      ['Code', 'Name', 'BLOCK', 'Parent_Code'],
      ['XL-C1', 'Xã Excel Một', 'XL-B', 'XL-P'],
      ['XL-P', 'Huyện Excel', 'XL-B', null],
      [2025001, 'Xã Số', 'XL-B', 'XL-P'],
    ]);
    const before = await counts();
    const res = await admin.upload(UNITS_IMPORT, file, 'units.xlsx');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 3, updated: 0, blocksCreated: 1 });
    expect((await unit('XL-C1')).body).toMatchObject({ name: 'Xã Excel Một', parentCode: 'XL-P', blockCode: 'XL-B' });
    expect((await unit('XL-P')).body).toMatchObject({ name: 'Huyện Excel', parentCode: null, blockCode: 'XL-B' });
    expect((await unit('2025001')).body).toMatchObject({ name: 'Xã Số', parentCode: 'XL-P', blockCode: 'XL-B' });
    const after = await counts();
    expect(after.units).toBe(before.units + 3);

    const again = await admin.upload(UNITS_IMPORT, file, 'units.xlsx');
    expect(again.body).toEqual({ created: 0, updated: 0, blocksCreated: 0 });
    expect(await counts()).toEqual(after);
  });

  it('reads a semicolon-separated CSV with a UTF-8 BOM and CRLF line ends', async () => {
    const file = '\uFEFFcode;name;block;parent_code\r\nSC-H;Quận Ba;SC-B;\r\nSC-P;Phường 1, Quận 3;SC-B;SC-H\r\n';
    const res = await admin.upload(UNITS_IMPORT, file, 'units.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 2, updated: 0, blocksCreated: 1 });
    expect((await unit('SC-P')).body).toMatchObject({ code: 'SC-P', name: 'Phường 1, Quận 3', parentCode: 'SC-H', blockCode: 'SC-B' });
    expect((await unit('SC-H')).body).toMatchObject({ name: 'Quận Ba', blockCode: 'SC-B' });
    // The BOM did not end up in the first column's name or the first code.
    expect((await admin.get('/api/v1/units?year=2025&q=quan%20ba')).body.items.map((u: { code: string }) => u.code)).toEqual(['SC-H']);

    const again = await admin.upload(UNITS_IMPORT, file, 'units.csv');
    expect(again.body).toEqual({ created: 0, updated: 0, blocksCreated: 0 });
  });

  it('reads a comma CSV with a UTF-8 BOM', async () => {
    const res = await admin.upload(UNITS_IMPORT, `\uFEFF${HEADER}\nBOM-1,Xã Có BOM,XA,H1\n`, 'units.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 1, updated: 0, blocksCreated: 0 });
    expect((await unit('BOM-1')).body).toMatchObject({ name: 'Xã Có BOM', blockCode: 'XA', parentCode: 'H1' });
  });

  it('reads XLSX rich text, hyperlink and formula cells as their text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('units');
    sheet.addRow(['code', 'name', 'block', 'parent_code']);
    sheet.addRow(['RT-1', { richText: [{ text: 'Xã ' }, { font: { bold: true }, text: 'Giàu Chữ' }] }, 'XA', null]);
    sheet.addRow(['RT-2', { text: 'Xã Liên Kết', hyperlink: 'https://example.org/x' }, 'XA', 'RT-1']);
    sheet.addRow(['RT-3', { formula: 'CONCAT("Xã ","Công Thức")', result: 'Xã Công Thức' }, 'XA', 'RT-1']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await admin.upload(UNITS_IMPORT, file, 'units.xlsx');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 3, updated: 0, blocksCreated: 0 });
    expect((await unit('RT-1')).body.name).toBe('Xã Giàu Chữ');
    expect((await unit('RT-2')).body).toMatchObject({ name: 'Xã Liên Kết', parentCode: 'RT-1' });
    expect((await unit('RT-3')).body).toMatchObject({ name: 'Xã Công Thức', parentCode: 'RT-1' });
  });

  it('accepts a trailing empty column and rows without the optional last value', async () => {
    const res = await admin.upload(UNITS_IMPORT, `${HEADER},\nTR-1,Xã Đuôi,XA,H1,\nTR-2,Xã Ngắn,XA\n`, 'units.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 2, updated: 0, blocksCreated: 0 });
    expect((await unit('TR-1')).body).toMatchObject({ name: 'Xã Đuôi', parentCode: 'H1', blockCode: 'XA' });
    expect((await unit('TR-2')).body).toMatchObject({ name: 'Xã Ngắn', parentCode: null, blockCode: 'XA' });
  });

  it('imports for another year: membership of that year, without touching earlier years', async () => {
    await admin.upload(UNITS_IMPORT, `${HEADER}\nYR-1,Xã Năm,XA,\n`);
    const res = await admin.upload('/api/v1/units/import?year=2026', `${HEADER}\nYR-1,Phường Năm,HUYEN,\n`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 0, updated: 1, blocksCreated: 0 });
    expect((await unit('YR-1', 2025)).body).toMatchObject({ name: 'Xã Năm', blockCode: 'XA' });
    expect((await unit('YR-1', 2026)).body).toMatchObject({ name: 'Phường Năm', blockCode: 'HUYEN' });
  });
});

describe('POST /api/v1/units/import — bad files write nothing', () => {
  it('missing column block', async () => {
    await expectRejected(UNITS_IMPORT, 'code,name,parent_code\nBAD-1,Xã Lỗi,\n', [{ row: 1, column: 'block', message: 'missing column "block"' }]);
    expect((await unit('BAD-1')).status).toBe(404);
  });

  it('an extra unknown column', async () => {
    await expectRejected(UNITS_IMPORT, `${HEADER},note\nBAD-2,Xã Lỗi,XA,,ghi chú\n`, [
      { row: 1, column: 'note', message: expect.stringContaining('unknown column "note"') },
    ]);
    expect((await unit('BAD-2')).status).toBe(404);
  });

  it('a column that appears twice', async () => {
    await expectRejected(UNITS_IMPORT, 'code,name,block,parent_code,name\nBAD-3,Xã,XA,,Xã\n', [
      { row: 1, column: 'name', message: 'column "name" appears twice' },
    ]);
  });

  it('duplicate codes name the first row', async () => {
    await expectRejected(UNITS_IMPORT, `${HEADER}\nDUP-1,Xã Một,DUP-B,\nDUP-2,Xã Hai,DUP-B,\ndup-1,Xã Ba,DUP-B,\n`, [
      { row: 4, column: 'code', message: 'duplicate code DUP-1 (first on row 2)' },
    ]);
    expect((await unit('DUP-1')).status).toBe(404);
    expect((await unit('DUP-2')).status).toBe(404);
    expect((await block('DUP-B')).status).toBe(404);
  });

  it('an unknown parent', async () => {
    await expectRejected(UNITS_IMPORT, `${HEADER}\nUP-1,Xã Một,UP-B,\nUP-2,Xã Hai,UP-B,NOSUCH\n`, [
      { row: 3, column: 'parent_code', message: 'unknown parent unit NOSUCH' },
    ]);
    expect((await unit('UP-1')).status).toBe(404);
    expect((await block('UP-B')).status).toBe(404);
  });

  it('an empty (0-byte) file', async () => {
    await expectRejected(UNITS_IMPORT, Buffer.alloc(0), [{ row: 1, message: 'empty file' }]);
  });

  it('a header-only file', async () => {
    await expectRejected(UNITS_IMPORT, `${HEADER}\n`, [{ row: 2, message: 'no data rows' }]);
    await expectRejected(UNITS_IMPORT, `${HEADER}\n\n,,,\n`, [{ row: 2, message: 'no data rows' }]);
  });

  it('binary files: random bytes with NUL, a NUL inside ASCII, a PNG', async () => {
    const random = Buffer.from([0x00, 0x13, 0xff, 0x7a, 0x00, 0x00, 0xc3, 0x28, 0x9f, 0x01, 0x0a, 0xfe, 0x42, 0x00]);
    await expectRejected(UNITS_IMPORT, random, [{ row: 1, column: 'A', message: 'binary content: not a CSV or XLSX file' }], 'units.csv');
    await expectRejected(
      UNITS_IMPORT,
      Buffer.from(`${HEADER}\nNUL-1,Xã\u0000,XA,\n`),
      [{ row: 2, column: 'B', message: 'binary content: not a CSV or XLSX file' }],
      'units.csv',
    );
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
      Buffer.from('IHDR'),
      Buffer.alloc(17, 1),
    ]);
    await expectRejected(UNITS_IMPORT, png, [{ row: 1, column: 'A', message: 'the file is not UTF-8 text (save it as "CSV UTF-8")' }], 'units.csv');
    expect((await unit('NUL-1')).status).toBe(404);
  });

  it('a corrupt XLSX (zip magic, then garbage)', async () => {
    const corrupt = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.from('this is not really a zip archive at all; garbage follows \u0001\u0002\u0003'),
    ]);
    await expectRejected(UNITS_IMPORT, corrupt, [{ row: 1, message: expect.stringMatching(/^not a readable XLSX workbook/) }], 'units.xlsx');
    // A real workbook cut in half is corrupt too.
    const good = await xlsx([
      ['code', 'name', 'block', 'parent_code'],
      ['CUT-1', 'Xã Cắt', 'XA', null],
    ]);
    await expectRejected(
      UNITS_IMPORT,
      good.subarray(0, Math.floor(good.length / 2)),
      [{ row: 1, message: expect.stringMatching(/^not a readable XLSX workbook/) }],
      'units.xlsx',
    );
    expect((await unit('CUT-1')).status).toBe(404);
  });

  it('a row with more values than columns', async () => {
    await expectRejected(UNITS_IMPORT, `${HEADER}\nMV-1,Xã Một,XA,\nMV-2,Xã Hai,XA,H1,thừa\n`, [{ row: 3, message: '5 values for 4 columns' }]);
    expect((await unit('MV-1')).status).toBe(404);
  });

  it('an invalid code, an empty name and an empty block, all reported at once', async () => {
    const tooLong = 'A'.repeat(33);
    await expectRejected(UNITS_IMPORT, `${HEADER}\nIV-1,Xã Tốt,XA,\nBAD CODE,Xã Xấu,XA,\n${tooLong},Xã Dài,XA,\nIV-4,,XA,\nIV-5,Xã Không Khối,,\n`, [
      { row: 3, column: 'code', message: expect.stringContaining('invalid code "BAD CODE"') },
      { row: 4, column: 'code', message: expect.stringContaining(`invalid code "${tooLong}"`) },
      { row: 5, column: 'name', message: 'name is empty' },
      { row: 6, column: 'block', message: 'block is empty' },
    ]);
    expect((await unit('IV-1')).status).toBe(404);
  });

  it('an invalid block code', async () => {
    await expectRejected(UNITS_IMPORT, `${HEADER}\nIB-1,Xã Một,XA,\nIB-2,Xã Hai,BAD BLOCK,\n`, [
      { row: 3, column: 'block', message: 'invalid block code "BAD BLOCK"' },
    ]);
    expect((await unit('IB-1')).status).toBe(404);
  });

  it('a malformed CSV (a quote opened on row 3 and never closed) names row 3', async () => {
    const file = `${HEADER}\nMQ-1,Xã Một,XA,\nMQ-2,"Xã Hai,XA,\nMQ-3,Xã Ba,XA,\nMQ-4,Xã Bốn,XA,\nMQ-5,Xã Năm,XA,\n`;
    const res = await expectRejected(UNITS_IMPORT, file, [{ row: 3, message: expect.stringContaining('quoted value is not closed') }]);
    expect(res.body.error.message).toMatch(/^The file was refused: the CSV is malformed here/);
  });

  it('a malformed CSV (text after a closing quote) names its row', async () => {
    await expectRejected(UNITS_IMPORT, `${HEADER}\nMQ-6,Xã Sáu,XA,\nMQ-7,"Xã" Bảy,XA,\n`, [
      { row: 3, message: expect.stringContaining('text after a closing quote') },
    ]);
  });

  it('row numbers count blank lines (header = row 1)', async () => {
    await expectRejected(UNITS_IMPORT, `${HEADER}\nBL-1,Xã Một,XA,\n\nBL-2,Xã Hai,XA,NOSUCH\n`, [
      { row: 4, column: 'parent_code', message: 'unknown parent unit NOSUCH' },
    ]);
  });

  it('an XLSX with an error names the sheet row', async () => {
    const file = await xlsx([
      ['code', 'name', 'block', 'parent_code'],
      ['XE-1', 'Xã Một', 'XA', null],
      ['XE-2', 'Xã Hai', 'XA', 'NOSUCH'],
    ]);
    await expectRejected(UNITS_IMPORT, file, [{ row: 3, column: 'parent_code', message: 'unknown parent unit NOSUCH' }], 'units.xlsx');
    expect((await unit('XE-1')).status).toBe(404);
  });

  it('an XLSX row with more values than columns names the sheet row', async () => {
    const file = await xlsx([
      ['code', 'name', 'block', 'parent_code'],
      ['XV-1', 'Xã Một', 'XA', null],
      [null, null, null, null],
      ['XV-2', 'Xã Hai', 'XA', 'XV-1', 'thừa'],
    ]);
    await expectRejected(UNITS_IMPORT, file, [{ row: 4, message: '5 values for 4 columns' }], 'units.xlsx');
  });

  it('a unit that was merged cannot be re-imported', async () => {
    for (const code of ['RM-1', 'RM-2']) {
      expect((await admin.post('/api/v1/units', { code, name: `Xã ${code}`, blockCode: 'XA', year: Y })).status).toBe(201);
    }
    const merge = await admin.post('/api/v1/units/merge', { sourceCodes: ['RM-1', 'RM-2'], target: { code: 'RM-3', name: 'Xã Gộp' }, year: 2026 });
    expect(merge.status, merge.text).toBe(201);
    await expectRejected('/api/v1/units/import?year=2026', `${HEADER}\nRM-3,Xã Gộp,XA,\nRM-1,Xã RM-1,XA,\n`, [
      { row: 3, column: 'code', message: 'unit RM-1 is merged; it cannot be re-imported' },
    ]);
    expect((await unit('RM-1', 2026)).body).toMatchObject({ status: 'merged', blockCode: null });
  });

  it('a parent cycle through existing units, found inside the transaction, leaves nothing written', async () => {
    const b = await admin.post('/api/v1/units', { code: 'CYC-B', name: 'Huyện Vòng', blockCode: 'HUYEN', year: Y });
    expect(b.status, b.text).toBe(201);
    const a = await admin.post('/api/v1/units', { code: 'CYC-A', name: 'Xã Vòng', parentCode: 'CYC-B', blockCode: 'XA', year: Y });
    expect(a.status, a.text).toBe(201);

    const file = [
      HEADER,
      'CYC-NEW,Đơn vị mới,CYC-NEWBLOCK,', // would be created first, with a new block
      'CYC-A,Xã Vòng Đổi Tên,XA,CYC-B', // a rename that would be written before the cycle is found
      'CYC-B,Huyện Vòng,HUYEN,CYC-A', // the cycle
      '',
    ].join('\n');
    const res = await expectRejected(UNITS_IMPORT, file, [{ row: 4, column: 'parent_code', message: expect.stringContaining('descendant') }]);
    expect(res.body.error.message).toContain('rejected');

    expect((await unit('CYC-NEW')).status).toBe(404);
    expect((await block('CYC-NEWBLOCK')).status).toBe(404);
    expect((await unit('CYC-A')).body).toMatchObject({ name: 'Xã Vòng', parentCode: 'CYC-B', names: [{ fromYear: 2025, name: 'Xã Vòng' }] });
    expect((await unit('CYC-B')).body.parentCode).toBeNull();
    const audit = await admin.get('/api/v1/audit?entityType=unit&entityId=CYC-NEW');
    expect(audit.body.total).toBe(0);
    const blockAudit = await admin.get('/api/v1/audit?entityType=block&entityId=CYC-NEWBLOCK');
    expect(blockAudit.body.total).toBe(0);
  });

  it('a cycle among new units of the same file is refused too', async () => {
    await expectRejected(UNITS_IMPORT, `${HEADER}\nLOOP-1,Một,XA,LOOP-2\nLOOP-2,Hai,XA,LOOP-1\n`, [
      { row: 3, column: 'parent_code', message: expect.stringContaining('descendant') },
    ]);
    expect((await unit('LOOP-1')).status).toBe(404);
  });

  it('a unit that is its own parent', async () => {
    await expectRejected(UNITS_IMPORT, `${HEADER}\nSELF-1,Một,XA,self-1\n`, [{ row: 2, column: 'parent_code', message: 'a unit cannot be its own parent' }]);
  });

  it('no file part, or not multipart at all', async () => {
    const before = await counts();
    const notMultipart = await admin.post(UNITS_IMPORT, { code: 'X' });
    expect(notMultipart.status).toBe(415);
    const form = new FormData();
    form.append('other', 'value');
    const noFile = await admin.request('POST', UNITS_IMPORT, { body: form });
    expect(noFile.status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});

describe('POST /api/v1/blocks/import', () => {
  it('creates blocks, re-import changes nothing, a changed name updates', async () => {
    const before = await counts();
    const file = 'code,name\nBK-1,Khối một\nbk-2,"Khối hai, mới"\n';
    const res = await admin.upload(BLOCKS_IMPORT, file, 'blocks.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 2, updated: 0 });
    expect((await block('BK-1')).body).toMatchObject({ code: 'BK-1', name: 'Khối một', unitCount: 0 });
    expect((await block('BK-2')).body).toMatchObject({ code: 'BK-2', name: 'Khối hai, mới' });
    const after = await counts();
    expect(after).toEqual({ ...before, blocks: before.blocks + 2, audit: before.audit + 2 });

    const again = await admin.upload(BLOCKS_IMPORT, file, 'blocks.csv');
    expect(again.body).toEqual({ created: 0, updated: 0 });
    expect(await counts()).toEqual(after);

    const renamed = await admin.upload(BLOCKS_IMPORT, 'code,name\nBK-1,Khối một (mới)\nBK-2,"Khối hai, mới"\n', 'blocks.csv');
    expect(renamed.body).toEqual({ created: 0, updated: 1 });
    expect((await block('BK-1')).body.name).toBe('Khối một (mới)');
  });

  it('imports blocks from XLSX and a semicolon CSV with BOM', async () => {
    const file = await xlsx([
      ['code', 'name'],
      ['BKX-1', 'Khối Excel'],
    ]);
    const res = await admin.upload(BLOCKS_IMPORT, file, 'blocks.xlsx');
    expect(res.body).toEqual({ created: 1, updated: 0 });
    expect((await block('BKX-1')).body.name).toBe('Khối Excel');
    const semi = await admin.upload(BLOCKS_IMPORT, '\uFEFFcode;name\r\nBKS-1;Khối chấm phẩy, một\r\n', 'blocks.csv');
    expect(semi.body).toEqual({ created: 1, updated: 0 });
    expect((await block('BKS-1')).body.name).toBe('Khối chấm phẩy, một');
  });

  it('rejects bad block files and writes nothing', async () => {
    await expectRejected(BLOCKS_IMPORT, 'code\nBKB-1\n', [{ row: 1, column: 'name', message: 'missing column "name"' }]);
    await expectRejected(BLOCKS_IMPORT, 'code,name,extra\nBKB-1,Khối,x\n', [
      { row: 1, column: 'extra', message: expect.stringContaining('unknown column "extra"') },
    ]);
    await expectRejected(BLOCKS_IMPORT, 'code,name\nBKB-1,Khối một\nBKB-2,Khối hai\nBKB-1,Khối ba\n', [
      { row: 4, column: 'code', message: 'duplicate code BKB-1 (first on row 2)' },
    ]);
    await expectRejected(BLOCKS_IMPORT, 'code,name\nBKB-1,Khối một\nBAD CODE,Khối xấu\n', [
      { row: 3, column: 'code', message: expect.stringContaining('invalid code "BAD CODE"') },
    ]);
    await expectRejected(BLOCKS_IMPORT, 'code,name\nBKB-1,Khối một\nBKB-2,Khối hai,thừa\n', [{ row: 3, message: '3 values for 2 columns' }]);
    await expectRejected(BLOCKS_IMPORT, Buffer.alloc(0), [{ row: 1, message: 'empty file' }]);
    await expectRejected(BLOCKS_IMPORT, 'code,name\n', [{ row: 2, message: 'no data rows' }]);
    await expectRejected(
      BLOCKS_IMPORT,
      Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 0x41)]),
      [{ row: 1, message: expect.stringMatching(/^not a readable XLSX workbook/) }],
      'blocks.xlsx',
    );
    expect((await block('BKB-1')).status).toBe(404);
  });
});
