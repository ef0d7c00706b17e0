import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';
import { UnitDetailResponse, UnitList } from '../../src/modules/units/schemas.js';

let server: TestServer;
let admin: ApiClient;

const Y = TEST_YEAR; // 2025
const NEXT = TEST_YEAR + 1; // 2026

/** Codes of the units in a list answer. */
const codesOf = (body: { items: { code: string }[] }) => body.items.map((u) => u.code);

async function createUnit(body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/units', body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function createBlock(code: string, name: string) {
  const res = await admin.post('/api/v1/blocks', { code, name });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** GET with the admin's session cookie, keeping the raw bytes (for XLSX). */
async function download(path: string) {
  const response = await fetch(server.baseUrl + path, { headers: { cookie: admin.cookie! } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
});

afterAll(async () => {
  await server?.close();
});

describe('POST /api/v1/units', () => {
  it('creates a unit and answers 201 with its detail', async () => {
    const res = await admin.post('/api/v1/units', { code: 'cr-x3', name: '  Xã Tân Lập ', parentCode: 'h1', blockCode: 'xa', year: Y });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'CR-X3',
      name: 'Xã Tân Lập',
      parentCode: 'H1',
      blockCode: 'XA',
      blockName: 'Khối xã',
      status: 'active',
      validFromYear: Y,
      validToYear: null,
      names: [{ fromYear: Y, name: 'Xã Tân Lập' }],
      memberships: [{ year: Y, blockCode: 'XA' }],
      predecessors: [],
      successors: [],
      children: [],
    });
    expect(typeof res.body.id).toBe('number');

    const parent = await admin.get('/api/v1/units/H1?year=2025');
    expect(parent.status).toBe(200);
    expect(parent.body.children).toContainEqual({ code: 'CR-X3', name: 'Xã Tân Lập' });
  });

  it('names the invalid field in details.issues', async () => {
    const res = await admin.post('/api/v1/units', { code: 'bad code!', name: 'Xã Lỗi', year: Y });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('code');

    const noName = await admin.post('/api/v1/units', { code: 'CR-NONAME', year: Y });
    expect(noName.status).toBe(400);
    expect(noName.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['name']);
    expect((await admin.get('/api/v1/units/CR-NONAME')).status).toBe(404);
  });

  it('refuses an unknown parent with path parentCode and writes nothing', async () => {
    const res = await admin.post('/api/v1/units', { code: 'CR-ORPHAN', name: 'Xã Mồ Côi', parentCode: 'NOPE', year: Y });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues).toMatchObject([{ path: 'parentCode', message: 'unknown unit NOPE' }]);
    expect((await admin.get('/api/v1/units/CR-ORPHAN')).status).toBe(404);
  });

  it('refuses an unknown block with path blockCode', async () => {
    const res = await admin.post('/api/v1/units', { code: 'CR-NOBLOCK', name: 'Xã Không Khối', blockCode: 'NOBLOCK', year: Y });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toMatchObject([{ path: 'blockCode', message: 'unknown block NOBLOCK' }]);
  });

  it('answers 409 for a code already used (case-insensitive)', async () => {
    const res = await admin.post('/api/v1/units', { code: 'snv', name: 'Sở Nội vụ thứ hai', year: Y });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    const snv = await admin.get('/api/v1/units/SNV?year=2025');
    expect(snv.body.name).toBe('Sở Nội vụ');
  });
});

describe('GET /api/v1/units', () => {
  it('searches ignoring Vietnamese diacritics', async () => {
    const dongTam = await admin.get('/api/v1/units?year=2025&q=dong%20tam');
    expect(dongTam.status).toBe(200);
    expect(codesOf(dongTam.body)).toEqual(['X1']);
    expect(dongTam.body.items[0].name).toBe('Xã Đồng Tâm');
    expect(dongTam.body.year).toBe(2025);

    const soNoiVu = await admin.get('/api/v1/units?year=2025&q=so%20noi%20vu');
    expect(codesOf(soNoiVu.body)).toEqual(['SNV']);

    // With diacritics, different case, and a word order that differs from the name.
    const accented = await admin.get(`/api/v1/units?year=2025&q=${encodeURIComponent('TÂM ĐỒNG')}`);
    expect(codesOf(accented.body)).toEqual(['X1']);

    // The code is searchable too.
    expect(codesOf((await admin.get('/api/v1/units?year=2025&q=sct')).body)).toEqual(['SCT']);
    // Every word must match.
    expect(codesOf((await admin.get('/api/v1/units?year=2025&q=dong%20binh')).body)).toEqual([]);
  });

  it('defaults to the current local year (Asia/Ho_Chi_Minh)', async () => {
    const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
    const res = await admin.get('/api/v1/units?q=dong%20tam');
    expect(res.status).toBe(200);
    expect(res.body.year).toBe(thisYear);
    // The seed put X1 in block XA for 2025 only.
    expect(res.body.items).toEqual([expect.objectContaining({ code: 'X1', blockCode: thisYear === 2025 ? 'XA' : null })]);
  });

  it('filters by block, parent and status for the year', async () => {
    const so = await admin.get('/api/v1/units?year=2025&block=SO');
    expect(codesOf(so.body)).toEqual(['SCT', 'SNV']);
    expect(so.body.items.every((u: { blockCode: string; blockName: string }) => u.blockCode === 'SO' && u.blockName === 'Khối sở, ban, ngành')).toBe(true);

    const inH1 = await admin.get('/api/v1/units?year=2025&parent=H1&q=xa');
    expect(codesOf(inH1.body)).toEqual(expect.arrayContaining(['X1', 'X2']));
    expect(inH1.body.items.every((u: { parentCode: string }) => u.parentCode === 'H1')).toBe(true);

    const blockAndParent = await admin.get('/api/v1/units?year=2025&block=XA&parent=H1&q=hoa%20binh');
    expect(codesOf(blockAndParent.body)).toEqual(['X2']);

    // Memberships are per year: nothing is in block SO in 2024.
    expect(codesOf((await admin.get('/api/v1/units?year=2024&block=SO')).body)).toEqual([]);

    await createUnit({ code: 'ST-A', name: 'Đơn vị trạng thái A', blockCode: 'XA', year: Y });
    await createUnit({ code: 'ST-B', name: 'Đơn vị trạng thái B', blockCode: 'XA', year: Y });
    const merge = await admin.post('/api/v1/units/merge', { sourceCodes: ['ST-A', 'ST-B'], target: { code: 'ST-C', name: 'Đơn vị trạng thái C' }, year: NEXT });
    expect(merge.status, merge.text).toBe(201);
    expect(codesOf((await admin.get('/api/v1/units?year=2025&status=merged&q=trang%20thai')).body)).toEqual(['ST-A', 'ST-B']);
    expect(codesOf((await admin.get('/api/v1/units?year=2026&status=active&q=trang%20thai')).body)).toEqual(['ST-C']);

    const bad = await admin.get('/api/v1/units?status=gone');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('query.status');
  });
});

describe('GET /api/v1/units/:code', () => {
  it('answers the detail of a unit', async () => {
    const res = await admin.get('/api/v1/units/h1?year=2025');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: 'H1',
      name: 'Huyện An Phú',
      parentCode: null,
      blockCode: 'HUYEN',
      blockName: 'Khối huyện',
      status: 'active',
      names: [{ fromYear: 2025, name: 'Huyện An Phú' }],
      memberships: [{ year: 2025, blockCode: 'HUYEN' }],
    });
    expect(res.body.children).toEqual(
      expect.arrayContaining([
        { code: 'X1', name: 'Xã Đồng Tâm' },
        { code: 'X2', name: 'Xã Hòa Bình' },
      ]),
    );
  });

  it('answers 404 not_found for an unknown code', async () => {
    const res = await admin.get('/api/v1/units/NOSUCH');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('PATCH /api/v1/units/:code', () => {
  it('renames from a year: earlier years keep the old name', async () => {
    await createUnit({ code: 'RN-1', name: 'Xã Phú Mỹ', blockCode: 'XA', year: Y });
    const res = await admin.patch('/api/v1/units/RN-1', { name: 'Phường Phú Mỹ', year: NEXT });
    expect(res.status, res.text).toBe(200);
    expect(res.body.name).toBe('Phường Phú Mỹ');
    expect(res.body.names).toEqual([
      { fromYear: 2025, name: 'Xã Phú Mỹ' },
      { fromYear: 2026, name: 'Phường Phú Mỹ' },
    ]);

    const past = await admin.get('/api/v1/units?year=2025&q=phu%20my');
    expect(past.body.items).toEqual([expect.objectContaining({ code: 'RN-1', name: 'Xã Phú Mỹ', blockCode: 'XA' })]);
    const now = await admin.get('/api/v1/units?year=2026&q=phu%20my');
    expect(now.body.items).toEqual([expect.objectContaining({ code: 'RN-1', name: 'Phường Phú Mỹ' })]);
    expect((await admin.get('/api/v1/units/RN-1?year=2025')).body.name).toBe('Xã Phú Mỹ');
    expect((await admin.get('/api/v1/units/RN-1?year=2027')).body.name).toBe('Phường Phú Mỹ');
    // Any former name still finds the unit, in any year.
    const byOldName = await admin.get('/api/v1/units?year=2026&q=xa%20phu%20my');
    expect(codesOf(byOldName.body)).toEqual(['RN-1']);
    expect(byOldName.body.items[0].name).toBe('Phường Phú Mỹ');
  });

  it('moves a unit under another parent and clears it with null', async () => {
    await createUnit({ code: 'MV-1', name: 'Xã Di Chuyển', parentCode: 'H1', year: Y });
    const moved = await admin.patch('/api/v1/units/MV-1', { parentCode: 'SNV', year: Y });
    expect(moved.status).toBe(200);
    expect(moved.body.parentCode).toBe('SNV');
    const cleared = await admin.patch('/api/v1/units/MV-1', { parentCode: null, year: Y });
    expect(cleared.status).toBe(200);
    expect(cleared.body.parentCode).toBeNull();
  });

  it('refuses a parent cycle and leaves the tree unchanged', async () => {
    await createUnit({ code: 'CY-TOP', name: 'Huyện Vòng', year: Y });
    await createUnit({ code: 'CY-MID', name: 'Xã Vòng', parentCode: 'CY-TOP', year: Y });
    await createUnit({ code: 'CY-LOW', name: 'Thôn Vòng', parentCode: 'CY-MID', year: Y });

    const res = await admin.patch('/api/v1/units/CY-TOP', { parentCode: 'CY-LOW', year: Y });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues[0].path).toBe('parentCode');

    const self = await admin.patch('/api/v1/units/CY-MID', { parentCode: 'CY-MID', year: Y });
    expect(self.status).toBe(400);

    expect((await admin.get('/api/v1/units/CY-TOP')).body.parentCode).toBeNull();
    expect((await admin.get('/api/v1/units/CY-MID')).body.parentCode).toBe('CY-TOP');
  });

  it('answers 404 for an unknown unit', async () => {
    const res = await admin.patch('/api/v1/units/NOSUCH', { name: 'Ai đó', year: Y });
    expect(res.status).toBe(404);
  });
});

describe('memberships', () => {
  it('sets the block of another year with PUT and removes it with DELETE', async () => {
    await createUnit({ code: 'MB-1', name: 'Xã Thành Viên', blockCode: 'XA', year: Y });
    const put = await admin.put('/api/v1/units/MB-1/memberships/2026', { blockCode: 'HUYEN' });
    expect(put.status, put.text).toBe(200);
    expect(put.body.blockCode).toBe('HUYEN');
    expect(put.body.memberships).toEqual([
      { year: 2025, blockCode: 'XA' },
      { year: 2026, blockCode: 'HUYEN' },
    ]);
    expect(codesOf((await admin.get('/api/v1/units?year=2026&block=HUYEN&q=thanh%20vien')).body)).toEqual(['MB-1']);
    expect(codesOf((await admin.get('/api/v1/units?year=2025&block=XA&q=thanh%20vien')).body)).toEqual(['MB-1']);

    const del = await admin.delete('/api/v1/units/MB-1/memberships/2026');
    expect(del.status).toBe(200);
    expect(del.body.blockCode).toBeNull();
    expect(del.body.memberships).toEqual([{ year: 2025, blockCode: 'XA' }]);
    expect(codesOf((await admin.get('/api/v1/units?year=2026&block=HUYEN&q=thanh%20vien')).body)).toEqual([]);

    const again = await admin.delete('/api/v1/units/MB-1/memberships/2026');
    expect(again.status).toBe(404);

    const unknownBlock = await admin.put('/api/v1/units/MB-1/memberships/2026', { blockCode: 'NOBLOCK' });
    expect(unknownBlock.status).toBe(400);
    expect(unknownBlock.body.error.details.issues[0].path).toBe('blockCode');
  });
});

describe('POST /api/v1/units/merge', () => {
  it('merges two communes into a new one from a year, keeping the past', async () => {
    await createUnit({ code: 'MG-D', name: 'Huyện Hợp Nhất', blockCode: 'HUYEN', year: Y });
    await createUnit({ code: 'MG-A', name: 'Xã Bắc Sơn', parentCode: 'MG-D', blockCode: 'XA', year: Y });
    await createUnit({ code: 'MG-B', name: 'Xã Nam Sơn', parentCode: 'MG-D', blockCode: 'XA', year: Y });
    await createUnit({ code: 'MG-A1', name: 'Thôn Một', parentCode: 'MG-A', year: Y });
    await createUnit({ code: 'MG-B1', name: 'Thôn Hai', parentCode: 'MG-B', year: Y });

    const res = await admin.post('/api/v1/units/merge', {
      sourceCodes: ['MG-A', 'MG-B'],
      target: { code: 'MG-C', name: 'Xã Sơn Hà', parentCode: 'MG-D' },
      year: NEXT,
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({
      code: 'MG-C',
      name: 'Xã Sơn Hà',
      parentCode: 'MG-D',
      blockCode: 'XA',
      status: 'active',
      validFromYear: 2026,
      validToYear: null,
      memberships: [{ year: 2026, blockCode: 'XA' }],
      predecessors: [
        { code: 'MG-A', kind: 'merge', year: 2026 },
        { code: 'MG-B', kind: 'merge', year: 2026 },
      ],
      successors: [],
      children: [
        { code: 'MG-A1', name: 'Thôn Một' },
        { code: 'MG-B1', name: 'Thôn Hai' },
      ],
    });

    for (const code of ['MG-A', 'MG-B']) {
      const source = await admin.get(`/api/v1/units/${code}?year=2025`);
      expect(source.body).toMatchObject({
        status: 'merged',
        validFromYear: 2025,
        validToYear: 2025,
        blockCode: 'XA',
        memberships: [{ year: 2025, blockCode: 'XA' }],
        successors: [{ code: 'MG-C', kind: 'merge', year: 2026 }],
        predecessors: [],
        children: [],
      });
      const later = await admin.get(`/api/v1/units/${code}?year=2026`);
      expect(later.body.blockCode).toBeNull();
    }
    expect((await admin.get('/api/v1/units/MG-A1')).body.parentCode).toBe('MG-C');

    const past = await admin.get('/api/v1/units?year=2025&block=XA&parent=MG-D');
    expect(past.body.items.map((u: { code: string; name: string; status: string }) => [u.code, u.name, u.status])).toEqual([
      ['MG-A', 'Xã Bắc Sơn', 'merged'],
      ['MG-B', 'Xã Nam Sơn', 'merged'],
    ]);
    const next = await admin.get('/api/v1/units?year=2026&block=XA&parent=MG-D');
    expect(codesOf(next.body)).toEqual(['MG-C']);

    // A merged unit cannot be merged again.
    const again = await admin.post('/api/v1/units/merge', { sourceCodes: ['MG-A', 'MG-C'], target: { code: 'MG-E', name: 'Xã Khác' }, year: 2027 });
    expect(again.status).toBe(400);
    expect(again.body.error.details.issues[0].path).toBe('sourceCodes');
    expect((await admin.get('/api/v1/units/MG-E')).status).toBe(404);
  });

  it('refuses fewer than two sources and an unknown source', async () => {
    const one = await admin.post('/api/v1/units/merge', { sourceCodes: ['X1'], target: { code: 'MG-ONE', name: 'Một' }, year: NEXT });
    expect(one.status).toBe(400);
    expect(one.body.error.details.issues[0].path).toBe('sourceCodes');
    const unknown = await admin.post('/api/v1/units/merge', { sourceCodes: ['X1', 'NOPE'], target: { code: 'MG-UNK', name: 'Không' }, year: NEXT });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues[0]).toMatchObject({ path: 'sourceCodes', message: 'unknown unit NOPE' });
    expect((await admin.get('/api/v1/units/X1')).body.status).toBe('active');
    expect((await admin.get('/api/v1/units/MG-UNK')).status).toBe(404);
  });

  it('refuses a merge or split in a unit’s first year, which would leave it no year at all', async () => {
    await createUnit({ code: 'FY-1', name: 'Xã Đầu Một', blockCode: 'XA', year: NEXT });
    await createUnit({ code: 'FY-2', name: 'Xã Đầu Hai', blockCode: 'XA', year: Y });
    const merge = await admin.post('/api/v1/units/merge', { sourceCodes: ['FY-1', 'FY-2'], target: { code: 'FY-M', name: 'Gộp' }, year: NEXT });
    expect(merge.status).toBe(400);
    expect(merge.body.error.details.issues).toMatchObject([{ path: 'year', message: 'unit FY-1 exists from 2026; it can be merged or split from 2027 on' }]);
    const split = await admin.post('/api/v1/units/FY-1/split', {
      into: [
        { code: 'FY-S1', name: 'A' },
        { code: 'FY-S2', name: 'B' },
      ],
      year: Y,
    });
    expect(split.status).toBe(400);
    expect(split.body.error.details.issues[0].path).toBe('year');
    for (const code of ['FY-M', 'FY-S1', 'FY-S2']) expect((await admin.get(`/api/v1/units/${code}`)).status).toBe(404);
    expect((await admin.get('/api/v1/units/FY-1')).body).toMatchObject({ status: 'active', validFromYear: NEXT, validToYear: null });
  });
});

describe('POST /api/v1/units/:code/split', () => {
  it('splits a unit into new ones from a year', async () => {
    await createUnit({ code: 'SP-D', name: 'Huyện Chia', blockCode: 'HUYEN', year: Y });
    await createUnit({ code: 'SP-S', name: 'Xã Lớn', parentCode: 'SP-D', blockCode: 'XA', year: Y });

    const res = await admin.post('/api/v1/units/SP-S/split', {
      into: [
        { code: 'SP-S1', name: 'Xã Lớn Đông' },
        { code: 'SP-S2', name: 'Xã Lớn Tây', blockCode: 'HUYEN' },
      ],
      year: NEXT,
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toMatchObject({
      code: 'SP-S1',
      name: 'Xã Lớn Đông',
      parentCode: 'SP-D',
      blockCode: 'XA',
      status: 'active',
      validFromYear: 2026,
      predecessors: [{ code: 'SP-S', kind: 'split', year: 2026 }],
    });
    expect(res.body.items[1]).toMatchObject({
      code: 'SP-S2',
      parentCode: 'SP-D',
      blockCode: 'HUYEN',
      predecessors: [{ code: 'SP-S', kind: 'split', year: 2026 }],
    });

    const source = await admin.get('/api/v1/units/SP-S?year=2025');
    expect(source.body).toMatchObject({
      status: 'split',
      validToYear: 2025,
      blockCode: 'XA',
      memberships: [{ year: 2025, blockCode: 'XA' }],
      successors: [
        { code: 'SP-S1', kind: 'split', year: 2026 },
        { code: 'SP-S2', kind: 'split', year: 2026 },
      ],
    });
    expect(codesOf((await admin.get('/api/v1/units?year=2025&parent=SP-D&block=XA')).body)).toEqual(['SP-S']);
    expect(codesOf((await admin.get('/api/v1/units?year=2026&parent=SP-D&block=XA')).body)).toEqual(['SP-S1']);

    const again = await admin.post('/api/v1/units/SP-S/split', {
      into: [
        { code: 'SP-S3', name: 'Ba' },
        { code: 'SP-S4', name: 'Bốn' },
      ],
      year: 2027,
    });
    expect(again.status).toBe(400);
  });

  it('refuses a split into one unit or into duplicate codes', async () => {
    await createUnit({ code: 'SP-T', name: 'Xã Nhỏ', blockCode: 'XA', year: Y });
    const one = await admin.post('/api/v1/units/SP-T/split', { into: [{ code: 'SP-T1', name: 'Một' }], year: NEXT });
    expect(one.status).toBe(400);
    expect(one.body.error.details.issues[0].path).toBe('into');
    const dup = await admin.post('/api/v1/units/SP-T/split', {
      into: [
        { code: 'SP-T1', name: 'Một' },
        { code: 'sp-t1', name: 'Hai' },
      ],
      year: NEXT,
    });
    expect(dup.status).toBe(400);
    expect(dup.body.error.details.issues[0].path).toBe('into');
    expect((await admin.get('/api/v1/units/SP-T')).body.status).toBe('active');
    expect((await admin.get('/api/v1/units/SP-T1')).status).toBe(404);
  });
});

describe('GET /api/v1/units/export', () => {
  const EXPORT_YEAR = 2031;
  const expected = [
    ['code', 'name', 'block', 'parent_code'],
    ['EX-H', 'Huyện Xuất, "Khẩu"', 'EXB', ''],
    ['EX-X1', 'Xã Đông Xuất', 'EXB', 'EX-H'],
    ['EX-X2', 'Phường Bến Thành; Quận 1', 'EXB2', 'EX-H'],
  ];

  beforeAll(async () => {
    await createBlock('EXB', 'Khối xuất');
    await createBlock('EXB2', 'Khối xuất hai');
    await createUnit({ code: 'EX-H', name: 'Huyện Xuất, "Khẩu"', blockCode: 'EXB', year: EXPORT_YEAR });
    await createUnit({ code: 'EX-X1', name: 'Xã Đông Xuất', parentCode: 'EX-H', blockCode: 'EXB', year: EXPORT_YEAR });
    await createUnit({ code: 'EX-X2', name: 'Phường Bến Thành; Quận 1', parentCode: 'EX-H', blockCode: 'EXB2', year: EXPORT_YEAR });
    // No block in that year: not exported.
    await createUnit({ code: 'EX-NB', name: 'Không khối', parentCode: 'EX-H', year: EXPORT_YEAR });
  });

  it('exports CSV that reads back to the units of the year', async () => {
    const res = await download(`/api/v1/units/export?format=csv&year=${EXPORT_YEAR}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="units-${EXPORT_YEAR}.csv"`);
    const rows = parse(res.bytes.toString('utf8'), { bom: true }) as string[][];
    expect(rows).toEqual(expected);
  });

  it('exports XLSX that reads back to the units of the year', async () => {
    const res = await download(`/api/v1/units/export?format=xlsx&year=${EXPORT_YEAR}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="units-${EXPORT_YEAR}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let col = 1; col <= 4; col++) cells.push(String(row.getCell(col).value ?? ''));
      rows.push(cells);
    });
    expect(rows).toEqual(expected);
  });

  it('the exported CSV re-imports without any change', async () => {
    const file = await download(`/api/v1/units/export?format=csv&year=${EXPORT_YEAR}`);
    const res = await admin.upload(`/api/v1/units/import?year=${EXPORT_YEAR}`, file.bytes, 'units.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ created: 0, updated: 0, blocksCreated: 0 });
  });

  it('refuses an unknown format', async () => {
    const res = await admin.get('/api/v1/units/export?format=pdf');
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe('query.format');
  });
});

describe('blocks', () => {
  it('creates, renames and deletes a block', async () => {
    const created = await admin.post('/api/v1/blocks', { code: 'tw', name: 'Khối cơ quan Trung ương' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'TW', name: 'Khối cơ quan Trung ương', unitCount: 0 });
    expect(typeof created.body.id).toBe('number');

    const dup = await admin.post('/api/v1/blocks', { code: 'TW', name: 'Trùng' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict');

    const renamed = await admin.patch('/api/v1/blocks/TW', { name: 'Khối cơ quan TW trên địa bàn' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ id: created.body.id, code: 'TW', name: 'Khối cơ quan TW trên địa bàn', unitCount: 0 });
    const list = await admin.get('/api/v1/blocks');
    expect(list.body.items).toContainEqual({ id: created.body.id, code: 'TW', name: 'Khối cơ quan TW trên địa bàn', unitCount: 0 });

    const deleted = await admin.delete('/api/v1/blocks/TW');
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await admin.get('/api/v1/blocks/TW')).status).toBe(404);
    expect((await admin.delete('/api/v1/blocks/TW')).status).toBe(404);
    expect((await admin.patch('/api/v1/blocks/TW', { name: 'X' })).status).toBe(404);
  });

  it('counts the members of the requested year', async () => {
    await createBlock('CNT', 'Khối đếm');
    await createUnit({ code: 'CNT-1', name: 'Đếm một', blockCode: 'CNT', year: 2028 });
    await createUnit({ code: 'CNT-2', name: 'Đếm hai', blockCode: 'CNT', year: 2028 });
    const list = await admin.get('/api/v1/blocks?year=2028');
    expect(list.body.items.find((b: { code: string }) => b.code === 'CNT').unitCount).toBe(2);
    const other = await admin.get('/api/v1/blocks?year=2027');
    expect(other.body.items.find((b: { code: string }) => b.code === 'CNT').unitCount).toBe(0);
  });

  it('refuses to delete a block that has members (409) and keeps it', async () => {
    const res = await admin.delete('/api/v1/blocks/XA');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect((await admin.get('/api/v1/blocks/XA')).status).toBe(200);
    expect((await admin.get('/api/v1/units/X1?year=2025')).body.blockCode).toBe('XA');
  });

  it('validates the block body', async () => {
    const res = await admin.post('/api/v1/blocks', { code: 'OK', name: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['name']);
  });
});

describe('access', () => {
  it('a unit_officer and a viewer get 403 on every write but may read', async () => {
    const officer = await server.loginAs('unit_officer', 'SNV');
    const viewer = await server.loginAs('viewer');
    for (const client of [officer, viewer]) {
      const attempts = [
        await client.post('/api/v1/units', { code: 'NOPE-1', name: 'Không được', year: Y }),
        await client.patch('/api/v1/units/X1', { name: 'Đổi tên', year: Y }),
        await client.put('/api/v1/units/X1/memberships/2026', { blockCode: 'XA' }),
        await client.delete('/api/v1/units/X1/memberships/2025'),
        await client.post('/api/v1/units/merge', { sourceCodes: ['X1', 'X2'], target: { code: 'NOPE-M', name: 'M' }, year: NEXT }),
        await client.post('/api/v1/units/X1/split', {
          into: [
            { code: 'NOPE-S1', name: 'a' },
            { code: 'NOPE-S2', name: 'b' },
          ],
          year: NEXT,
        }),
        await client.upload('/api/v1/units/import?year=2025', 'code,name,block,parent_code\nNOPE-I,Không,XA,\n'),
        await client.post('/api/v1/blocks', { code: 'NOPEB', name: 'Không' }),
        await client.patch('/api/v1/blocks/XA', { name: 'Đổi' }),
        await client.delete('/api/v1/blocks/SO'),
        await client.upload('/api/v1/blocks/import', 'code,name\nNOPEB,Không\n'),
      ];
      expect(attempts.map((a) => a.status)).toEqual(Array(attempts.length).fill(403));
      expect(attempts.every((a) => a.body.error.code === 'forbidden')).toBe(true);
      expect((await client.get('/api/v1/units?year=2025&q=dong%20tam')).status).toBe(200);
      expect((await client.get('/api/v1/blocks')).status).toBe(200);
    }
    const x1 = await admin.get('/api/v1/units/X1?year=2025');
    expect(x1.body).toMatchObject({ name: 'Xã Đồng Tâm', blockCode: 'XA', status: 'active', memberships: [{ year: 2025, blockCode: 'XA' }] });
    expect((await admin.get('/api/v1/units/NOPE-1')).status).toBe(404);
    expect((await admin.get('/api/v1/blocks/NOPEB')).status).toBe(404);
    expect((await admin.get('/api/v1/blocks/XA')).body.name).toBe('Khối xã');
  });

  it('refuses a write without the CSRF header and writes nothing', async () => {
    const res = await admin.post('/api/v1/units', { code: 'CSRF-1', name: 'Không token', year: Y }, { noCsrf: true });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    const wrong = await admin.post('/api/v1/blocks', { code: 'CSRFB', name: 'Sai token' }, { headers: { 'x-csrf-token': 'wrong' }, noCsrf: true });
    expect(wrong.status).toBe(403);
    expect((await admin.get('/api/v1/units/CSRF-1')).status).toBe(404);
    expect((await admin.get('/api/v1/blocks/CSRFB')).status).toBe(404);
  });

  it('answers 401 without a session', async () => {
    const anonymous = server.client();
    const res = await anonymous.get('/api/v1/units');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});

describe('GET /api/v1/units/:code/users', () => {
  it('a unit_leader sees its own unit only; an admin sees any unit', async () => {
    const sctOfficer = await server.createUser('unit_officer', 'SCT');
    const x1Officer = await server.createUser('unit_officer', 'X1');
    const leader = await server.loginAs('unit_leader', 'SCT');

    const own = await leader.get('/api/v1/units/SCT/users');
    expect(own.status).toBe(200);
    const ownNames = own.body.items.map((u: { username: string }) => u.username).sort();
    expect(ownNames).toEqual([leader.user.username, sctOfficer.username].sort());
    expect(own.body.items.every((u: { unitCode: string }) => u.unitCode === 'SCT')).toBe(true);
    expect(own.body.items.some((u: object) => 'lastLoginAt' in u)).toBe(false);

    const other = await leader.get('/api/v1/units/X1/users');
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    expect(other.text).not.toContain(x1Officer.username);

    const byAdmin = await admin.get('/api/v1/units/X1/users');
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.items.map((u: { username: string }) => u.username)).toEqual([x1Officer.username]);
    expect(byAdmin.body.items[0]).toMatchObject({ role: 'unit_officer', unitCode: 'X1', unitName: 'Xã Đồng Tâm', disabled: false });
    expect((await admin.get('/api/v1/units/SCT/users')).body.items).toHaveLength(2);

    expect((await admin.get('/api/v1/units/NOSUCH/users')).status).toBe(404);
  });

  it('treats the unit code in the path case-insensitively, like GET /units/:code', async () => {
    const officer = await server.createUser('unit_officer', 'SNV');
    const leader = await server.loginAs('unit_leader', 'SNV');
    // GET /units/snv finds SNV; the accounts route must answer the same accounts for snv as for SNV.
    expect((await admin.get('/api/v1/units/snv')).body.code).toBe('SNV');
    const names = (body: { items: { username: string }[] }) => body.items.map((u) => u.username).sort();
    const upper = await admin.get('/api/v1/units/SNV/users');
    expect(names(upper.body)).toEqual(expect.arrayContaining([leader.user.username, officer.username]));
    const lower = await admin.get('/api/v1/units/snv/users');
    expect(lower.status).toBe(200);
    expect(names(lower.body)).toEqual(names(upper.body));
    const ownLower = await leader.get('/api/v1/units/snv/users');
    expect(ownLower.status).toBe(200);
    expect(names(ownLower.body)).toEqual(names(upper.body));
  });

  it('a unit_officer sees its own unit only; a viewer is refused', async () => {
    const officer = await server.loginAs('unit_officer', 'X2');
    const own = await officer.get('/api/v1/units/X2/users');
    expect(own.status).toBe(200);
    expect(own.body.items.map((u: { username: string }) => u.username)).toEqual([officer.user.username]);
    expect((await officer.get('/api/v1/units/SCT/users')).status).toBe(403);
    const viewer = await server.loginAs('viewer');
    expect((await viewer.get('/api/v1/units/X2/users')).status).toBe(403);
  });
});

describe('can: what the caller may do with a unit', () => {
  it('the unit detail and the list carry `can` for each role', async () => {
    // Computed by hand from units/policies.ts and users/policies.ts: only the organizer manages units; the accounts
    // of SNV are seen by the organizer and SNV's own staff, not by another unit's staff or province-wide readers.
    const expected: Record<string, { detail: object; list: object }> = {
      admin: { detail: { edit: true, merge: true, split: true, seeAccounts: true }, list: { create: true, import: true } },
      officerOwn: { detail: { edit: false, merge: false, split: false, seeAccounts: true }, list: { create: false, import: false } },
      leaderOwn: { detail: { edit: false, merge: false, split: false, seeAccounts: true }, list: { create: false, import: false } },
      officerOther: { detail: { edit: false, merge: false, split: false, seeAccounts: false }, list: { create: false, import: false } },
      appraiser: { detail: { edit: false, merge: false, split: false, seeAccounts: false }, list: { create: false, import: false } },
      council: { detail: { edit: false, merge: false, split: false, seeAccounts: false }, list: { create: false, import: false } },
      viewer: { detail: { edit: false, merge: false, split: false, seeAccounts: false }, list: { create: false, import: false } },
    };
    const callers: Record<string, ApiClient> = {
      admin,
      officerOwn: await server.loginAs('unit_officer', 'SNV'),
      leaderOwn: await server.loginAs('unit_leader', 'SNV'),
      officerOther: await server.loginAs('unit_officer', 'SCT'),
      appraiser: await server.loginAs('appraiser', 'SNV'),
      council: await server.loginAs('council'),
      viewer: await server.loginAs('viewer'),
    };
    for (const [who, client] of Object.entries(callers)) {
      const detail = await client.getAs(UnitDetailResponse, '/api/v1/units/SNV');
      expect(detail.can, who).toEqual(expected[who]!.detail);
      const list = await client.getAs(UnitList, '/api/v1/units');
      expect(list.can, who).toEqual(expected[who]!.list);
    }
  });

  it('a unit that is no longer active cannot be merged or split, even by the organizer', async () => {
    await createUnit({ code: 'CANA', name: 'Đơn vị A', blockCode: 'SO', year: Y });
    await createUnit({ code: 'CANB', name: 'Đơn vị B', blockCode: 'SO', year: Y });
    const merged = await admin.post('/api/v1/units/merge', { sourceCodes: ['CANA', 'CANB'], target: { code: 'CANAB', name: 'Đơn vị AB' }, year: NEXT });
    expect(merged.status, merged.text).toBe(201);
    expect(merged.body.can).toEqual({ edit: true, merge: true, split: true, seeAccounts: true });
    const source = await admin.getAs(UnitDetailResponse, '/api/v1/units/CANA');
    expect(source.status).toBe('merged');
    expect(source.can).toEqual({ edit: true, merge: false, split: false, seeAccounts: true });
  });
});
