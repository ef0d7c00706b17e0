import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { rounds } from '../../src/db/schema.js';
import { createUnit } from '../../src/modules/units/service.js';
import { FrameworkList, FrameworkView } from '../../src/modules/frameworks/schemas.js';
import type { ApiClient } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';
import { SAMPLE_FRAMEWORK } from '../helpers/samples.js';

const SAMPLE_PATH = SAMPLE_FRAMEWORK;
const SAMPLE_TEXT = fs.readFileSync(SAMPLE_PATH, 'utf8');
const SAMPLE = JSON.parse(SAMPLE_TEXT);
const HEADER = 'code,title,max_points,method,evidence_required,appraiser,guidance,formula';

let server: TestServer;
let admin: ApiClient;
let viewer: ApiClient;
let officer: ApiClient;
/** The sample as imported for 2025/SO, revision 1. */
let sampleId: number;

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  // seedOrganisation has SNV and SCT; the sample's other appraisers:
  for (const [code, name] of [
    ['STP', 'Sở Tư pháp'],
    ['VP', 'Văn phòng UBND tỉnh'],
    ['STC', 'Sở Tài chính'],
    ['STTTT', 'Sở Thông tin và Truyền thông'],
  ]) {
    await createUnit(server.db, fixtureActor, { code: code!, name: name!, blockCode: 'SO', year: TEST_YEAR });
  }
  admin = await server.loginAs('admin');
  viewer = await server.loginAs('viewer');
  officer = await server.loginAs('unit_officer', 'SCT');
});
afterAll(() => server?.close());

const importPath = (query: string) => `/api/v1/frameworks/import?${query}`;

/** Everything an import or a write could have touched. */
async function counts() {
  const [row] = await queryRows<{ frameworks: number; criteria: number }>(
    server.db,
    sql`select (select count(*)::int from frameworks) as frameworks, (select count(*)::int from criteria) as criteria`,
  );
  const audit = await admin.get('/api/v1/audit?limit=1');
  return { ...row!, audit: audit.body.total as number };
}

async function lastAudit() {
  const res = await admin.get('/api/v1/audit?entityType=framework&limit=1');
  return res.body.items[0];
}

/** Uploads a bad file: 400 import_rejected with exactly these rows, and nothing written (no audit row either). */
async function expectRejected(query: string, content: Buffer | string, rows: unknown[], filename = 'framework.csv') {
  const before = await counts();
  const res = await admin.upload(importPath(query), content, filename);
  expect(res.status, res.text).toBe(400);
  expect(res.body.error.code).toBe('import_rejected');
  // Each row also carries its reason and parameters (`code`, `params`); the English message is compared here.
  expect(res.body.error.details.rows).toMatchObject(rows);
  expect(await counts()).toEqual(before);
  return res;
}

async function download(id: number, format: 'json' | 'csv' | 'xlsx') {
  const res = await fetch(`${server.baseUrl}/api/v1/frameworks/${id}/export?format=${format}`, { headers: { cookie: admin.cookie! } });
  expect(res.status).toBe(200);
  return { headers: res.headers, buffer: Buffer.from(await res.arrayBuffer()) };
}

const exportedJson = async (id: number) => JSON.parse((await download(id, 'json')).buffer.toString('utf8'));

/** Flattens a tree answer into code → node. */
function byCode(tree: any[]): Map<string, any> {
  const map = new Map<string, any>();
  const walk = (nodes: any[]) => nodes.forEach((n) => (map.set(n.code, n), walk(n.children)));
  walk(tree);
  return map;
}

/** A small valid CSV body for 2024 tests: 1 = 1.1 + 1.2 = 0.25 + 1.25. */
const SMALL_CSV = [
  HEADER,
  '1,Chỉ đạo điều hành,"1,5",manual,no,SNV,,',
  '1.1,Kế hoạch,"0,25",manual,có,,Ban hành trước 31/01,',
  '1.2,Tỷ lệ đúng hạn,1.25,formula,Không,STP,,"onTimeRate >= 98 ? 1.25 : 0"',
  '',
].join('\n');

describe('import of the sample framework', () => {
  it('imports the sample JSON for 2025/SO as revision 1 with its classes', async () => {
    const before = await counts();
    const res = await admin.upload(importPath('year=2025&block=SO'), SAMPLE_TEXT, 'framework-departments-2025.json');
    expect(res.status, res.text).toBe(201);
    expect(res.body.classesSource).toBe('file');
    expect(res.body.framework).toMatchObject({
      year: 2025,
      blockCode: 'SO',
      revision: 1,
      name: SAMPLE.name,
      classes: [
        { label: 'Tốt', min: 90 },
        { label: 'Khá', min: 80 },
        { label: 'Trung bình', min: 70 },
        { label: 'Yếu', min: 0 },
      ],
      criterionCount: 50,
      // 12 + 8 + 14 + 8 + 10 + 6 + 12 + 10 appraised + 20 survey; bonus (2) and penalty (3) are outside the maximum.
      totalMax: 100,
      inUse: false,
    });
    sampleId = res.body.framework.id;
    expect(await counts()).toEqual({ frameworks: before.frameworks + 1, criteria: before.criteria + 50, audit: before.audit + 1 });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'import', entityType: 'framework', entityId: String(sampleId), before: null });
    expect(audit.after).toMatchObject({ year: 2025, block: 'SO', revision: 1, name: SAMPLE.name, classes: SAMPLE.classes });
    expect(audit.after.criteria).toEqual(SAMPLE.criteria);
  });

  it('answers the framework as a tree with effective appraisers', async () => {
    const res = await viewer.get(`/api/v1/frameworks/${sampleId}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.criteria.map((n: any) => n.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    const nodes = byCode(res.body.criteria);
    expect(nodes.size).toBe(50);
    expect(nodes.get('1.1.1')).toMatchObject({
      parentCode: '1.1',
      appraiser: null,
      effectiveAppraiser: 'SNV',
      leaf: true,
      maxPoints: 1,
      evidenceRequired: true,
      children: [],
    });
    expect(nodes.get('7.2')).toMatchObject({
      parentCode: '7',
      appraiser: null,
      effectiveAppraiser: 'STTTT',
      method: 'formula',
      formula: 'min(3, 3 * fullyOnlineProcedureShare / 100)',
      leaf: true,
    });
    expect(nodes.get('1')).toMatchObject({ parentCode: null, appraiser: 'SNV', effectiveAppraiser: 'SNV', leaf: false, maxPoints: 12 });
    expect(nodes.get('1.1').children.map((n: any) => n.code)).toEqual(['1.1.1', '1.1.2']);
    expect(nodes.get('1.1')).toMatchObject({ leaf: false, maxPoints: 3 });
    expect(nodes.get('3.3')).toMatchObject({ effectiveAppraiser: 'VP', maxPoints: 4 });
    expect(nodes.get('6.2')).toMatchObject({ effectiveAppraiser: 'STC', guidance: 'Không có đơn vị sự nghiệp trực thuộc: tiêu chí không áp dụng.' });
    expect(nodes.get('9.2')).toMatchObject({ method: 'survey', appraiser: null, effectiveAppraiser: null });
    expect(nodes.get('11')).toMatchObject({ method: 'penalty', maxPoints: 3, effectiveAppraiser: null, leaf: true });
    // Positions follow the file.
    expect(nodes.get('1')!.position).toBe(0);
    expect(nodes.get('11')!.position).toBe(49);
  });

  it('lists frameworks with a filter on year and block', async () => {
    const all = await officer.get('/api/v1/frameworks?year=2025&block=so');
    expect(all.status).toBe(200);
    expect(all.body.items.map((f: any) => [f.year, f.blockCode, f.revision])).toContainEqual([2025, 'SO', 1]);
    expect((await viewer.get('/api/v1/frameworks?year=2019')).body.items).toEqual([]);
    expect((await viewer.get('/api/v1/frameworks?block=XA')).body.items).toEqual([]);
  });

  it('tells each caller what it may do (can): the organizer imports and changes a draft, others only read', async () => {
    expect((await admin.getAs(FrameworkList, '/api/v1/frameworks?year=2025')).can).toEqual({ import: true });
    expect((await officer.getAs(FrameworkList, '/api/v1/frameworks?year=2025')).can).toEqual({ import: false });
    // The sample is a draft (no round uses it): the organizer may edit and delete it too.
    expect((await admin.getAs(FrameworkView, `/api/v1/frameworks/${sampleId}`)).can).toEqual({ edit: true, revise: true, clone: true, delete: true });
    for (const reader of [viewer, officer, await server.loginAs('council')]) {
      expect((await reader.getAs(FrameworkView, `/api/v1/frameworks/${sampleId}`)).can).toEqual({ edit: false, revise: false, clone: false, delete: false });
    }
  });
});

describe('export and re-import', () => {
  it('exports JSON exactly as the sample and imports it back as the next revision', async () => {
    const { headers, buffer } = await download(sampleId, 'json');
    expect(headers.get('content-type')).toContain('application/json');
    expect(headers.get('content-disposition')).toBe('attachment; filename="framework-SO-2025-r1.json"');
    const exported = JSON.parse(buffer.toString('utf8'));
    expect(exported).toEqual(SAMPLE);
    // Keys in the sample's order (the database's jsonb would put `min` first).
    expect(Object.keys(exported)).toEqual(['year', 'block', 'name', 'classes', 'criteria']);
    expect(Object.keys(exported.classes[0])).toEqual(['label', 'min']);
    expect(Object.keys(exported.criteria[2])).toEqual(['code', 'title', 'maxPoints', 'method', 'evidenceRequired', 'guidance']);
    // No year/block in the query: the JSON file's own are used.
    const again = await admin.upload(importPath(''), buffer, 'again.json');
    expect(again.status, again.text).toBe(201);
    expect(again.body.framework).toMatchObject({ year: 2025, blockCode: 'SO', criterionCount: 50, totalMax: 100 });
    expect(again.body.framework.revision).toBeGreaterThan(1);
    expect(await exportedJson(again.body.framework.id)).toEqual(SAMPLE);
  });

  it('exports CSV with the file columns and imports it back, keeping the previous revision’s classes and name', async () => {
    const { headers, buffer } = await download(sampleId, 'csv');
    expect(headers.get('content-type')).toContain('text/csv');
    const [header, ...rows] = parse(buffer.toString('utf8')) as string[][];
    expect(header).toEqual(HEADER.split(','));
    expect(rows).toHaveLength(50);
    expect(rows[0]).toEqual(['1', 'Công tác chỉ đạo, điều hành cải cách hành chính', '12', 'manual', 'no', 'SNV', '', '']);
    expect(rows[2]).toEqual(['1.1.1', 'Ban hành kế hoạch CCHC năm kịp thời', '1', 'manual', 'yes', '', 'Ban hành trước ngày 31/01: 1 điểm; chậm hơn: 0.', '']);
    expect(rows.find((r) => r[0] === '3.4')).toEqual([
      '3.4',
      'Xin lỗi tổ chức, cá nhân khi giải quyết hồ sơ trễ hạn',
      '2',
      'formula',
      'no',
      '',
      'Mọi hồ sơ trễ hạn đều có phiếu xin lỗi: 2; còn hồ sơ trễ hạn chưa xin lỗi: 0.',
      'lateWithoutLetter == 0 ? 2 : 0',
    ]);
    const again = await admin.upload(importPath('year=2025&block=SO'), buffer, 'again.csv');
    expect(again.status, again.text).toBe(201);
    expect(again.body.classesSource).toBe('previous_revision');
    expect(await exportedJson(again.body.framework.id)).toEqual(SAMPLE);
  });

  it('exports XLSX with a criteria sheet and a classes sheet and imports it back', async () => {
    const { headers, buffer } = await download(sampleId, 'xlsx');
    expect(headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['criteria', 'classes']);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...HEADER.split(',')]);
    expect(sheet.rowCount).toBe(51);
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(row(2)).toEqual(['1', 'Công tác chỉ đạo, điều hành cải cách hành chính', 12, 'manual', 'no', 'SNV', '', '']);
    expect(row(5)).toEqual(['1.1.2', 'Mức độ hoàn thành kế hoạch CCHC', 2, 'formula', 'no', '', SAMPLE.criteria[3].guidance, SAMPLE.criteria[3].formula]);
    const classes = workbook.getWorksheet('classes')!;
    expect([1, 2, 3, 4, 5].map((n) => (classes.getRow(n).values as unknown[]).slice(1))).toEqual([
      ['label', 'min'],
      ['Tốt', 90],
      ['Khá', 80],
      ['Trung bình', 70],
      ['Yếu', 0],
    ]);
    const again = await admin.upload(importPath('year=2025&block=SO'), buffer, 'again.xlsx');
    expect(again.status, again.text).toBe(201);
    expect(again.body.classesSource).toBe('file');
    expect(await exportedJson(again.body.framework.id)).toEqual(SAMPLE);
  });

  it('reads decimal commas and every yes/no spelling; a year and block without a framework get the default bands', async () => {
    const res = await admin.upload(importPath('year=2024&block=SO&name=Bộ tiêu chí thử'), SMALL_CSV, 'small.csv');
    expect(res.status, res.text).toBe(201);
    expect(res.body.classesSource).toBe('default');
    expect(res.body.framework).toMatchObject({ year: 2024, revision: 1, name: 'Bộ tiêu chí thử', criterionCount: 3, totalMax: 1.5 });
    expect(res.body.framework.classes).toEqual([
      { label: 'Tốt', min: 90 },
      { label: 'Khá', min: 80 },
      { label: 'Trung bình', min: 70 },
      { label: 'Yếu', min: 0 },
    ]);
    const nodes = byCode((await admin.get(`/api/v1/frameworks/${res.body.framework.id}`)).body.criteria);
    expect(nodes.get('1.1')).toMatchObject({ maxPoints: 0.25, evidenceRequired: true, effectiveAppraiser: 'SNV', guidance: 'Ban hành trước 31/01' });
    expect(nodes.get('1.2')).toMatchObject({ maxPoints: 1.25, evidenceRequired: false, effectiveAppraiser: 'STP', formula: 'onTimeRate >= 98 ? 1.25 : 0' });
    const flags = ['yes', 'No', 'TRUE', 'false', '1', '0', 'Có', 'không', ''];
    const csv = [HEADER, `1,A,${flags.length},manual,no,,,`, ...flags.map((flag, i) => `1.${i + 1},B${i},1,manual,${flag},,,`)].join('\n');
    const flagged = await admin.upload(importPath('year=2024&block=SO'), csv, 'flags.csv');
    expect(flagged.status, flagged.text).toBe(201);
    const leaves = byCode((await admin.get(`/api/v1/frameworks/${flagged.body.framework.id}`)).body.criteria).get('1').children;
    expect(leaves.map((n: any) => n.evidenceRequired)).toEqual([true, false, true, false, true, false, true, false, false]);
  });
});

describe('bad files are rejected whole', () => {
  const Q = 'year=2024&block=SO';

  it('names the parent whose max differs from the sum of its children, on its row', async () => {
    const file = [HEADER, '1,A,2,manual,no,SNV,,', '1.1,B,1,manual,no,,,', '2,C,"1,5",manual,no,,,', '2.1,D,"0,25",manual,no,,,', '2.2,E,1,manual,no,,,'].join(
      '\n',
    );
    await expectRejected(Q, file, [
      { row: 2, column: 'max_points', message: 'max points 2.00 differ from the sum of its sub-criteria, 1.00' },
      { row: 4, column: 'max_points', message: 'max points 1.50 differ from the sum of its sub-criteria, 1.25' },
    ]);
  });

  it('refuses a duplicate code, an unknown method, a non-numeric max, an unknown appraiser and a bad formula', async () => {
    await expectRejected(Q, [HEADER, '1,A,2,manual,,,,', '1.1,B,1,manual,,,,', '1.2,C,1,manual,,,,', '1.1,D,1,manual,,,,'].join('\n'), [
      { row: 5, column: 'code', message: 'code 1.1 appears twice' },
    ]);
    await expectRejected(Q, [HEADER, '1,A,1,manual,,,,', '2,B,1,Manually,,,,'].join('\n'), [
      { row: 3, column: 'method', message: 'unknown method "Manually"; use manual, survey, formula, bonus, penalty' },
    ]);
    await expectRejected(Q, [HEADER, '1,A,mười,manual,,,,', '2,B,1.255,manual,,,,', '3,C,,manual,,,,'].join('\n'), [
      { row: 2, column: 'max_points', message: 'max points "mười" is not a number of points with at most two decimals' },
      { row: 3, column: 'max_points', message: 'max points "1.255" is not a number of points with at most two decimals' },
      { row: 4, column: 'max_points', message: 'max points is empty' },
    ]);
    await expectRejected(Q, [HEADER, '1,A,1,manual,,SNV,,', '2,B,1,manual,,SKHONGCO,,'].join('\n'), [
      { row: 3, column: 'appraiser', message: 'unknown appraising unit SKHONGCO' },
    ]);
    const badFormula = await expectRejected(Q, [HEADER, '1,A,2,manual,,,,', '1.1,B,2,formula,,,,"onTimeRate >= ? 2"'].join('\n'), [
      expect.objectContaining({ row: 3, column: 'formula' }),
    ]);
    expect(badFormula.body.error.details.rows[0].message).toMatch(/^cannot read the formula/);
    await expectRejected(Q, [HEADER, '1,A,2,formula,,,,"onTimeRatio * 2"'].join('\n'), [
      expect.objectContaining({ row: 2, column: 'formula', message: expect.stringMatching(/^unknown variable onTimeRatio/) }),
    ]);
    await expectRejected(Q, [HEADER, '1,A,1,manual,maybe,,,'].join('\n'), [
      { row: 2, column: 'evidence_required', message: '"maybe" is not yes/no (yes, no, true, false, 1, 0, có, không)' },
    ]);
  });

  it('points JSON problems at the criterion’s line and path', async () => {
    const json = (criteria: string[], extra = '') =>
      [
        '{',
        '  "year": 2024,',
        '  "block": "SO",',
        '  "name": "Nhỏ",',
        `  "classes": [{ "label": "Đạt", "min": 0 }],${extra}`,
        '  "criteria": [',
        criteria.join(',\n'),
        '  ]',
        '}',
      ].join('\n');
    const good = [
      '    { "code": "1", "title": "A", "maxPoints": 1.75, "method": "manual", "appraiser": "SNV" }',
      '    { "code": "1.1", "title": "B", "maxPoints": 1.25, "method": "manual" }',
      '    { "code": "1.2", "title": "C", "maxPoints": 0.5, "method": "manual" }',
    ];
    // Lines: 1 "{", 2 year, 3 block, 4 name, 5 classes, 6 "criteria": [, 7 criteria[0], 8 criteria[1], 9 criteria[2].
    await expectRejected(
      '',
      json([good[0]!.replace('1.75', '2'), good[1]!, good[2]!]),
      [{ row: 7, column: 'criteria[0].maxPoints', message: 'max points 2.00 differ from the sum of its sub-criteria, 1.75' }],
      'f.json',
    );
    await expectRejected(
      '',
      json([good[0]!, good[1]!.replace('"manual"', '"thủ công"'), good[2]!.replace('0.5', '"0,5x"')]),
      [
        { row: 8, column: 'criteria[1].method', message: 'unknown method "thủ công"; use manual, survey, formula, bonus, penalty' },
        { row: 9, column: 'criteria[2].maxPoints', message: 'max points "0,5x" is not a number of points with at most two decimals' },
      ],
      'f.json',
    );
    await expectRejected(
      '',
      json([good[0]!.replace('"SNV"', '"SZZ"'), good[1]!, good[2]!]),
      [{ row: 7, column: 'criteria[0].appraiser', message: 'unknown appraising unit SZZ' }],
      'f.json',
    );
    const shape = await expectRejected(
      '',
      json([good[0]!, good[1]!.replace('"maxPoints"', '"max_points"'), good[2]!]),
      [
        { row: 8, column: 'criteria[1].maxPoints', message: 'max points must be a number such as 1.25' },
        { row: 8, column: 'criteria[1]', message: 'Unrecognized key: "max_points"' },
      ],
      'f.json',
    );
    expect(shape.body.error.message).toBe('The JSON file does not have the framework shape');
    // The file's year must be the one imported into.
    await expectRejected(
      'year=2026&block=SO',
      json(good),
      [{ row: 2, column: 'year', message: 'the file says year 2024 but the import is for 2026; change the file or the year you import into' }],
      'f.json',
    );
    await expectRejected(
      'year=2024&block=XA',
      json(good),
      [{ row: 3, column: 'block', message: 'the file says block SO but the import is for XA; change the file or the block you import into' }],
      'f.json',
    );
    // Bands from the file are checked too.
    await expectRejected(
      '',
      json(good).replace('"min": 0', '"min": 50'),
      [{ row: 5, column: 'classes', message: 'the lowest class band must start at 0 so every unit gets a class' }],
      'f.json',
    );
    // And the good file itself goes in.
    const ok = await admin.upload(importPath(''), json(good), 'f.json');
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.framework).toMatchObject({ year: 2024, blockCode: 'SO', name: 'Nhỏ', totalMax: 1.75, classes: [{ label: 'Đạt', min: 0 }] });
  });

  it('reports XLSX rows and class rows on their sheets', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('criteria');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['1', 'A', 2, 'manual', 'no', 'SNV', '', '']);
    sheet.addRow([]);
    sheet.addRow(['1.1', 'B', 1.5, 'manual', 'no', '', '', '']);
    const classes = workbook.addWorksheet('classes');
    classes.addRow(['label', 'min']);
    classes.addRow(['A', 50]);
    classes.addRow(['B', 60]);
    classes.addRow(['C', 0]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    await expectRejected(
      'year=2024&block=SO',
      file,
      [
        { row: 2, column: 'max_points', message: 'max points 2.00 differ from the sum of its sub-criteria, 1.50' },
        { row: 3, column: 'classes!min', message: 'sheet classes: class bands must be listed from the highest minimum down' },
      ],
      'f.xlsx',
    );
  });

  it('needs a year and block for CSV, a known block, and a readable file', async () => {
    const before = await counts();
    const noYear = await admin.upload(importPath('block=SO'), SMALL_CSV, 'f.csv');
    expect(noYear.status).toBe(400);
    expect(noYear.body.error).toMatchObject({ code: 'validation_failed', details: { issues: [{ path: 'year', message: 'required for a CSV file' }] } });
    const noBlock = await admin.upload(importPath('year=2024&block=NOPE'), SMALL_CSV, 'f.csv');
    expect(noBlock.status).toBe(400);
    expect(noBlock.body.error.details.issues).toMatchObject([{ path: 'block', message: 'unknown block NOPE' }]);
    await expectRejected('year=2024&block=SO', '', [{ row: 1, message: 'empty file' }]);
    await expectRejected('year=2024&block=SO&format=json', SMALL_CSV, [{ row: 1, message: 'not valid JSON' }]);
    await expectRejected('year=2024&block=SO', 'code,title,points\n1,A,1\n', [
      {
        row: 1,
        column: 'points',
        message: 'unknown column "points"; expected code,title,max_points,method,evidence_required,appraiser,guidance,formula,survey',
      },
      { row: 1, column: 'max_points', message: 'missing column "max_points"' },
      { row: 1, column: 'method', message: 'missing column "method"' },
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('editing, revisions, clones', () => {
  const small = {
    name: 'Khung nhỏ',
    classes: [
      { label: 'A', min: 80 },
      { label: 'B', min: 0 },
    ],
    criteria: [
      { code: '1', title: 'Lĩnh vực 1', maxPoints: 1.5, method: 'manual', appraiser: 'snv' },
      { code: '1.1', title: 'Tiêu chí 1.1', maxPoints: '0,25', method: 'manual', evidenceRequired: true },
      { code: '1.2', title: 'Tiêu chí 1.2', maxPoints: 1.25, method: 'formula', formula: 'onlineShare >= 80 ? 1.25 : 0' },
      { code: '2', title: 'Điểm thưởng', maxPoints: 1, method: 'bonus' },
    ],
  };
  let smallId: number;

  it('creates a framework from a JSON definition as the next revision of its year and block', async () => {
    const res = await admin.post('/api/v1/frameworks', { year: 2023, blockCode: 'xa', ...small });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ year: 2023, blockCode: 'XA', revision: 1, name: 'Khung nhỏ', criterionCount: 4, totalMax: 1.5, inUse: false });
    const nodes = byCode(res.body.criteria);
    expect(nodes.get('1')).toMatchObject({ appraiser: 'SNV', maxPoints: 1.5 });
    expect(nodes.get('1.1')).toMatchObject({ maxPoints: 0.25, effectiveAppraiser: 'SNV', evidenceRequired: true });
    smallId = res.body.id;
    const second = await admin.post('/api/v1/frameworks', { year: 2023, blockCode: 'XA', ...small });
    expect(second.body.revision).toBe(2);
    expect(await lastAudit()).toMatchObject({ action: 'create', entityId: String(second.body.id), before: null });
  });

  it('refuses a definition that breaks the rules with the body paths, writing nothing', async () => {
    const before = await counts();
    const bad = structuredClone(small);
    bad.criteria[1]!.maxPoints = '0,5';
    bad.criteria[2]!.appraiser = 'NOPE';
    const res = await admin.post('/api/v1/frameworks', { year: 2023, blockCode: 'XA', ...bad });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues).toMatchObject([
      { path: 'criteria.2.appraiser', message: '1.2: unknown appraising unit NOPE' },
      { path: 'criteria.0.maxPoints', message: '1: max points 1.50 differ from the sum of its sub-criteria, 1.75' },
    ]);
    const unreadable = await admin.post('/api/v1/frameworks', {
      year: 2023,
      blockCode: 'XA',
      ...small,
      criteria: [{ ...small.criteria[3], maxPoints: 0.1 + 0.2 }],
    });
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.error.details.issues[0].path).toBe('criteria.0.maxPoints');
    const unknownBlock = await admin.post('/api/v1/frameworks', { year: 2023, blockCode: 'NOPE', ...small });
    expect(unknownBlock.body.error.details.issues).toMatchObject([{ path: 'blockCode', message: 'unknown block NOPE' }]);
    expect(await counts()).toEqual(before);
  });

  it('replaces the content of a framework no round uses, keeping criterion ids by code, audited before and after', async () => {
    const before = (await admin.get(`/api/v1/frameworks/${smallId}`)).body;
    const changed = structuredClone(small);
    changed.name = 'Khung nhỏ (sửa)';
    changed.criteria[0]!.maxPoints = 2;
    changed.criteria[2]!.maxPoints = 1.75;
    changed.criteria.splice(3, 1); // the bonus criterion goes
    changed.criteria.push({ code: '3', title: 'Điểm trừ', maxPoints: 0.5, method: 'penalty' });
    const res = await admin.put(`/api/v1/frameworks/${smallId}`, changed);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: smallId, revision: 1, name: 'Khung nhỏ (sửa)', criterionCount: 4, totalMax: 2 });
    const nodes = byCode(res.body.criteria);
    const old = byCode(before.criteria);
    expect(nodes.get('1.2').id).toBe(old.get('1.2').id);
    expect(nodes.get('1.2').maxPoints).toBe(1.75);
    expect(nodes.has('2')).toBe(false);
    expect(nodes.get('3')).toMatchObject({ method: 'penalty', maxPoints: 0.5, position: 3 });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'update', entityId: String(smallId) });
    expect(audit.before.name).toBe('Khung nhỏ');
    expect(audit.before.criteria.map((c: any) => [c.code, c.maxPoints])).toEqual([
      ['1', 1.5],
      ['1.1', 0.25],
      ['1.2', 1.25],
      ['2', 1],
    ]);
    expect(audit.after).toMatchObject({ name: 'Khung nhỏ (sửa)', classes: small.classes });
    expect(audit.after.criteria.map((c: any) => [c.code, c.maxPoints])).toEqual([
      ['1', 2],
      ['1.1', 0.25],
      ['1.2', 1.75],
      ['3', 0.5],
    ]);
    // The same content again is no change: no audit row.
    const before2 = await counts();
    const again = await admin.put(`/api/v1/frameworks/${smallId}`, changed);
    expect(again.status).toBe(200);
    expect(again.body.updatedAt).toBe(res.body.updatedAt);
    expect(await counts()).toEqual(before2);
  });

  it('refuses to change or delete a framework a round uses; revisions makes revision 2, which can change', async () => {
    const created = await admin.post('/api/v1/frameworks', { year: 2021, blockCode: 'XA', ...small });
    expect(created.body.revision).toBe(1);
    const usedId = created.body.id as number;
    const [xa] = await queryRows<{ id: number }>(server.db, sql`select id from blocks where code = 'XA'`);
    await server.db.insert(rounds).values({ frameworkId: usedId, year: 2021, blockId: xa!.id, historical: true, status: 'approved' });
    expect((await admin.get(`/api/v1/frameworks/${usedId}`)).body.inUse).toBe(true);
    // In use: the organizer may still revise and clone it, no longer edit it (a delete is refused below, with why).
    expect((await admin.getAs(FrameworkView, `/api/v1/frameworks/${usedId}`)).can).toEqual({ edit: false, revise: true, clone: true, delete: true });
    const before = await counts();
    const put = await admin.put(`/api/v1/frameworks/${usedId}`, { ...small, name: 'Đổi tên' });
    expect(put.status).toBe(409);
    expect(put.body.error.code).toBe('conflict');
    expect(put.body.error.message).toBe(
      `Framework XA 2021 revision 1 is used by an assessment round and cannot be changed; create a new revision instead (POST /api/v1/frameworks/${usedId}/revisions)`,
    );
    const del = await admin.delete(`/api/v1/frameworks/${usedId}`);
    expect(del.status).toBe(409);
    expect(del.body.error.message).toContain('cannot be deleted; create a new revision instead');
    expect(await counts()).toEqual(before);

    // A copy with a new name as revision 2.
    const revision = await admin.post(`/api/v1/frameworks/${usedId}/revisions`, { name: 'Khung nhỏ, lần 2' });
    expect(revision.status, revision.text).toBe(201);
    expect(revision.body).toMatchObject({ year: 2021, blockCode: 'XA', revision: 2, name: 'Khung nhỏ, lần 2', inUse: false, criterionCount: 4, totalMax: 1.5 });
    expect(await lastAudit()).toMatchObject({ action: 'revise', after: { revision: 2, source: { id: usedId, year: 2021, block: 'XA', revision: 1 } } });
    const edited = await admin.put(`/api/v1/frameworks/${revision.body.id}`, { ...small, name: 'Đổi tên' });
    expect(edited.status, edited.text).toBe(200);
    // The round's revision is unchanged.
    expect((await admin.get(`/api/v1/frameworks/${usedId}`)).body.name).toBe('Khung nhỏ');
    // New criteria only: name and classes are copied.
    const withCriteria = await admin.post(`/api/v1/frameworks/${usedId}/revisions`, {
      criteria: [{ code: '1', title: 'Một', maxPoints: '0,75', method: 'manual' }],
    });
    expect(withCriteria.status, withCriteria.text).toBe(201);
    expect(withCriteria.body).toMatchObject({ revision: 3, name: 'Khung nhỏ', classes: small.classes, criterionCount: 1, totalMax: 0.75 });
  });

  it('makes the next revision of the sample while revision 1 is in use', async () => {
    const [so] = await queryRows<{ id: number }>(server.db, sql`select id from blocks where code = 'SO'`);
    await server.db.insert(rounds).values({ frameworkId: sampleId, year: 2025, blockId: so!.id });
    const list = (await viewer.get('/api/v1/frameworks?year=2025&block=SO')).body.items;
    expect(list.find((f: any) => f.id === sampleId).inUse).toBe(true);
    expect((await admin.put(`/api/v1/frameworks/${sampleId}`, small)).status).toBe(409);
    const next = await admin.post(`/api/v1/frameworks/${sampleId}/revisions`);
    expect(next.status, next.text).toBe(201);
    const revisions = list.map((f: any) => f.revision);
    expect(next.body.revision).toBe(Math.max(...revisions) + 1);
    expect(await exportedJson(next.body.id)).toEqual(SAMPLE);
  });

  it('clones the sample to 2026 as revision 1, then the next revision, and to another block', async () => {
    const clone = await admin.post(`/api/v1/frameworks/${sampleId}/clone`, { year: 2026 });
    expect(clone.status, clone.text).toBe(201);
    expect(clone.body).toMatchObject({ year: 2026, blockCode: 'SO', revision: 1, criterionCount: 50, totalMax: 100, inUse: false });
    // The name's year follows the clone's: "… năm 2025" becomes "… năm 2026".
    expect(clone.body.name).toBe('Bộ tiêu chí đánh giá Chỉ số CCHC khối sở, ban, ngành năm 2026 (mẫu)');
    expect(await exportedJson(clone.body.id)).toEqual({ ...SAMPLE, year: 2026, name: 'Bộ tiêu chí đánh giá Chỉ số CCHC khối sở, ban, ngành năm 2026 (mẫu)' });
    expect(await lastAudit()).toMatchObject({
      action: 'clone',
      entityId: String(clone.body.id),
      after: { year: 2026, revision: 1, source: { id: sampleId, year: 2025, block: 'SO', revision: 1 } },
    });
    expect((await admin.post(`/api/v1/frameworks/${sampleId}/clone`, { year: 2026 })).body.revision).toBe(2);
    const other = await admin.post(`/api/v1/frameworks/${sampleId}/clone`, { year: 2026, blockCode: 'HUYEN' });
    expect(other.body).toMatchObject({ year: 2026, blockCode: 'HUYEN', revision: 1 });
  });

  it('deletes a framework no round uses, audited with its content', async () => {
    const created = await admin.post('/api/v1/frameworks', { year: 2022, blockCode: 'XA', ...small });
    const before = await counts();
    const res = await admin.delete(`/api/v1/frameworks/${created.body.id}`);
    expect(res.status).toBe(204);
    expect((await admin.get(`/api/v1/frameworks/${created.body.id}`)).status).toBe(404);
    expect(await counts()).toEqual({ frameworks: before.frameworks - 1, criteria: before.criteria - 4, audit: before.audit + 1 });
    const audit = await lastAudit();
    expect(audit).toMatchObject({
      action: 'delete',
      entityId: String(created.body.id),
      after: null,
      before: { year: 2022, block: 'XA', revision: 1, name: 'Khung nhỏ' },
    });
    expect(audit.before.criteria).toHaveLength(4);
    expect((await admin.delete(`/api/v1/frameworks/${created.body.id}`)).status).toBe(404);
  });
});

describe('access', () => {
  it('lets every role read and only admin write', async () => {
    for (const client of [viewer, officer]) {
      expect((await client.get('/api/v1/frameworks')).status).toBe(200);
      expect((await client.get(`/api/v1/frameworks/${sampleId}`)).status).toBe(200);
      expect((await client.get(`/api/v1/frameworks/${sampleId}/export?format=csv`)).status).toBe(200);
      const writes = [
        await client.post('/api/v1/frameworks', { year: 2027, blockCode: 'SO', ...SAMPLE }),
        await client.put(`/api/v1/frameworks/${sampleId}`, SAMPLE),
        await client.post(`/api/v1/frameworks/${sampleId}/revisions`, {}),
        await client.post(`/api/v1/frameworks/${sampleId}/clone`, { year: 2027 }),
        await client.delete(`/api/v1/frameworks/${sampleId}`),
        await client.upload(importPath('year=2027&block=SO'), SAMPLE_TEXT, 'f.json'),
      ];
      expect(writes.map((w) => [w.status, w.body.error?.code])).toEqual(Array(6).fill([403, 'forbidden']));
    }
  });

  it('answers 404 for an unknown framework and 400 for an unknown format', async () => {
    expect((await viewer.get('/api/v1/frameworks/999999')).status).toBe(404);
    expect((await viewer.get('/api/v1/frameworks/999999/export')).status).toBe(404);
    expect((await admin.post('/api/v1/frameworks/999999/clone', { year: 2026 })).status).toBe(404);
    const badFormat = await viewer.get(`/api/v1/frameworks/${sampleId}/export?format=pdf`);
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.details.issues[0].path).toBe('query.format');
  });

  it('documents the tree in the OpenAPI document', async () => {
    const doc = await server.client().get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/frameworks', '/api/v1/frameworks/{id}', '/api/v1/frameworks/import', '/api/v1/frameworks/{id}/export']),
    );
    const tree = doc.body.paths['/api/v1/frameworks/{id}'].get.responses['200'].content['application/json'].schema;
    const level2 = tree.properties.criteria.items.properties.children.items;
    expect(level2.properties.effectiveAppraiser).toBeDefined();
    expect(level2.properties.children.items.properties.leaf).toEqual({ type: 'boolean' });
    // No reference that the document does not hold.
    const refs = JSON.stringify(Object.entries(doc.body.paths).filter(([p]) => p.startsWith('/api/v1/frameworks'))).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs).toEqual([]);
  });
});
