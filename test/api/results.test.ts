import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createUnit } from '../../src/modules/units/service.js';
import { PublicResults, VisibleResults } from '../../src/modules/results/schemas.js';
import type { ApiClient } from '../helpers/client.js';
import { insertFixtureFramework, SCORE_HEADER, SCORE_LINES_2025 } from '../helpers/results-fixtures.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: ApiClient;
let viewer: ApiClient;

const HEADER = SCORE_HEADER;
const SCORES_2025 = [HEADER, ...SCORE_LINES_2025].join('\n');

async function counts() {
  const [row] = await queryRows<{ rounds: number; scores: number; audit: number }>(
    server.db,
    sql`select (select count(*)::int from rounds) as rounds, (select count(*)::int from scores) as scores, (select count(*)::int from audit_log) as audit`,
  );
  return row!;
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await createUnit(server.db, fixtureActor, { code: 'STP', name: 'Sở Tư pháp', blockCode: 'SO', year: 2025 });
  await createUnit(server.db, fixtureActor, { code: 'VP', name: 'Văn phòng UBND tỉnh', blockCode: 'SO', year: 2025 });
  // All four are members for 2025; add 2024.
  admin = await server.loginAs('admin');
  for (const code of ['SNV', 'SCT', 'STP', 'VP']) await admin.put(`/api/v1/units/${code}/memberships/2024`, { blockCode: 'SO' });
  viewer = await server.loginAs('viewer');
  await insertFixtureFramework(server.db, 2024);
  await insertFixtureFramework(server.db, 2025);
});
afterAll(() => server?.close());

describe('score import: bad files write nothing', () => {
  it.each([
    ['an unknown unit', `${HEADER}\nZZZ,1.1,1,,,`, { row: 2, column: 'unit_code', code: 'scores_unknown_unit', message: 'unknown unit ZZZ' }],
    [
      'a unit of another block',
      `${HEADER}\nSNV,1.1,1,,,\nX1,1.1,1,,,`,
      { row: 3, column: 'unit_code', code: 'scores_unit_not_in_block', message: 'unit X1 is not in block SO in 2025' },
    ],
    [
      'an unknown criterion',
      `${HEADER}\nSNV,9.9,1,,,`,
      { row: 2, column: 'criterion_code', code: 'scores_unknown_criterion', message: 'unknown criterion 9.9 in the 2025 SO framework' },
    ],
    [
      'a parent criterion',
      `${HEADER}\nSNV,1,1,,,`,
      { row: 2, column: 'criterion_code', code: 'scores_parent_criterion', message: 'criterion 1 has sub-criteria; scores go on its sub-criteria' },
    ],
    [
      'a score above the maximum',
      `${HEADER}\nSNV,1.1,4.25,,,`,
      { row: 2, column: 'self_score', code: 'scores_points_out_of_range', message: '4.25 is outside 0–4.00 for criterion 1.1' },
    ],
    [
      'a negative score',
      `${HEADER}\nSNV,1.1,,-1,,`,
      { row: 2, column: 'appraised_score', code: 'scores_points_out_of_range', message: '-1 is outside 0–4.00 for criterion 1.1' },
    ],
    [
      'a non-numeric score',
      `${HEADER}\nSNV,1.1,,,bốn,`,
      { row: 2, column: 'council_score', code: 'scores_not_points', message: '"bốn" is not a number of points' },
    ],
    [
      'a bad not_applicable',
      `${HEADER}\nSNV,1.1,1,,,maybe`,
      { row: 2, column: 'not_applicable', code: 'scores_not_yes_no', message: 'not_applicable must be yes or no, not "maybe"' },
    ],
  ])('%s', async (_label, file, expected) => {
    const before = await counts();
    const response = await admin.upload('/api/v1/scores/import?year=2025&block=SO', file, 'scores.csv');
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.code).toBe('import_rejected');
    // Each row error is a reason (code, params) with its English message.
    expect(response.body.error.details.rows).toMatchObject([expected]);
    expect(response.body.error.details.rows[0].params).toBeTypeOf('object');
    expect(await counts()).toEqual(before);
  });

  it('a duplicate unit and criterion names the first row', async () => {
    const response = await admin.upload('/api/v1/scores/import?year=2025&block=SO', `${HEADER}\nSNV,1.1,1,,,\nSNV,1.1,2,,,`);
    expect(response.body.error.details.rows).toEqual([
      {
        row: 3,
        code: 'scores_duplicate_row',
        params: { unit: 'SNV', criterion: '1.1', first: 2 },
        message: 'unit SNV and criterion 1.1 already appear on row 2',
      },
    ]);
  });

  it('needs the framework of that year first', async () => {
    const response = await admin.upload('/api/v1/scores/import?year=2023&block=SO', `${HEADER}\nSNV,1.1,1,,,`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('There is no 2023 framework for block SO; import the framework first');
  });
});

describe('results of an imported year', () => {
  beforeAll(async () => {
    // 2024: SNV first, SCT second, STP third, VP fourth.
    const scores2024 = [
      HEADER,
      'SNV,1.1,4,,,',
      'SNV,1.2,6,,,',
      'SNV,2.1,10,,,',
      'SCT,1.1,3,,,',
      'SCT,1.2,6,,,',
      'SCT,2.1,10,,,',
      'STP,1.1,2,,,',
      'STP,1.2,6,,,',
      'STP,2.1,10,,,',
      'VP,1.1,1,,,',
      'VP,1.2,6,,,',
      'VP,2.1,10,,,',
    ].join('\n');
    expect((await admin.upload('/api/v1/scores/import?year=2024&block=SO', scores2024)).status).toBe(200);
    const imported = await admin.upload('/api/v1/scores/import?year=2025&block=SO', SCORES_2025, 'scores.csv');
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body).toMatchObject({ units: 4, rows: 14, changed: 14 });
  });

  it('ranks with shared ranks, classes, self scores, field indices and last year’s rank', async () => {
    const response = await admin.get('/api/v1/results?year=2025&block=SO');
    expect(response.status).toBe(200);
    expect(response.body.revision).toBeNull();
    const { results } = response.body;
    expect(results.status).toBe('approved');
    expect(results.units.map((u: any) => [u.unitCode, u.score, u.maxScore, u.index, u.rank, u.class, u.previousRank])).toEqual([
      ['SCT', 14, 14, 100, 1, 'Tốt', 2],
      ['SNV', 18, 20, 90, 2, 'Tốt', 1],
      ['STP', 18, 20, 90, 2, 'Tốt', 3],
      ['VP', 10.75, 20, 53.75, 4, 'Yếu', 4],
    ]);
    const snv = results.units[1];
    expect(snv.selfScore).toBe(19);
    // SNV field 1: 3.5 + 6 = 9.5 of 10 → 95.00; field 2: 8.5 of 10 → 85.00; bonus/penalty fields have no index.
    expect(snv.fields.map((f: any) => [f.code, f.score, f.maxScore, f.index])).toEqual([
      ['1', 9.5, 10, 95],
      ['2', 8.5, 10, 85],
      ['3', 0, 0, null],
      ['4', 0, 0, null],
    ]);
    const sct = results.units[0];
    expect(sct.fields[0]).toMatchObject({ score: 4, maxScore: 4, index: 100 });
    // The fields say their method and maximum: the bonus and penalty fields are known, not guessed from zeros.
    expect(results.fields.map((f: any) => [f.code, f.method, f.maxPoints])).toEqual([
      ['1', 'manual', 10],
      ['2', 'manual', 10],
      ['3', 'bonus', 2],
      ['4', 'penalty', 3],
    ]);
  });

  it('tells each caller what it may do (can), and the answer matches the contract', async () => {
    // The organizer publishes and sees drafts; the council sees drafts only.
    const ofAdmin = await admin.getAs(VisibleResults, '/api/v1/results?year=2025&block=SO');
    expect(ofAdmin.can).toEqual({ publish: true, viewDrafts: true, exportDocuments: true });
    const council = await server.loginAs('council');
    expect((await council.getAs(VisibleResults, '/api/v1/results?year=2025&block=SO')).can).toEqual({
      publish: false,
      viewDrafts: true,
      exportDocuments: true,
    });
    // Last year's round (approved, not published): the same for the council.
    expect((await council.getAs(VisibleResults, '/api/v1/results?year=2024&block=SO')).can.publish).toBe(false);
  });

  it('exports CSV with the required columns in order and XLSX with the printed table', async () => {
    const csv = await admin.get('/api/v1/results/export?year=2025&block=SO&format=csv');
    expect(csv.status).toBe(200);
    const [header, ...rows] = parse(csv.text) as string[][];
    expect(header!.slice(0, 8)).toEqual(['unit_code', 'unit_name', 'block', 'score', 'max_score', 'index', 'rank', 'class']);
    expect(rows.map((r) => r.slice(0, 8))).toEqual([
      ['SCT', 'Sở Công Thương', 'SO', '14.00', '14.00', '100.00', '1', 'Tốt'],
      ['SNV', 'Sở Nội vụ', 'SO', '18.00', '20.00', '90.00', '2', 'Tốt'],
      ['STP', 'Sở Tư pháp', 'SO', '18.00', '20.00', '90.00', '2', 'Tốt'],
      ['VP', 'Văn phòng UBND tỉnh', 'SO', '10.75', '20.00', '53.75', '4', 'Yếu'],
    ]);
    const response = await fetch(`${server.baseUrl}/api/v1/results/export?year=2025&block=SO&format=xlsx`, { headers: { cookie: admin.cookie! } });
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    // A title row, the status, then the header (frozen; repeated on every printed page), then one row per unit.
    expect(sheet.getCell('A1').value).toBe('Kết quả Chỉ số CCHC năm 2025 — Khối sở, ban, ngành');
    expect(sheet.getCell('A2').value).toBe('Bộ tiêu chí: Bộ tiêu chí 2025 · Tình trạng: dự thảo – chưa công bố (Hội đồng thẩm định đã thông qua kết quả)');
    expect(values(3)).toEqual([
      'STT',
      'Đơn vị',
      'Điểm tự đánh giá',
      'Điểm thẩm định',
      'Điểm tối đa áp dụng',
      'Chỉ số (%)',
      'Xếp hạng',
      'Xếp loại',
      '1. Chỉ đạo, điều hành (%)',
      '2. Thủ tục hành chính (%)',
      '3. Điểm thưởng (điểm)',
      '4. Điểm trừ (điểm, số âm)',
    ]);
    // Bonus as points, the penalty negative (VP lost 0.5).
    expect(values(4)).toEqual([1, 'Sở Công Thương', 14, 14, 14, 100, 1, 'Tốt', 100, 97.5, 1, 0]);
    expect(values(5)).toEqual([2, 'Sở Nội vụ', 19, 18, 20, 90, 2, 'Tốt', 95, 85, 0, 0]);
    expect(values(7)).toEqual([4, 'Văn phòng UBND tỉnh', 10.75, 10.75, 20, 53.75, 4, 'Yếu', 50, 62.5, 0, -0.5]);
    expect(sheet.getCell('F5').numFmt).toBe('0.00');
    expect(sheet.getCell('L7').numFmt).toBe('0.00');
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    // The CSV carries the bonus and the penalty (negative) after the self score.
    expect(header!.slice(8, 11)).toEqual(['self_score', 'bonus_points', 'penalty_points']);
    expect(rows.map((r) => [r[0], ...r.slice(8, 11)])).toEqual([
      ['SCT', '14.00', '1.00', '0.00'],
      ['SNV', '19.00', '0.00', '0.00'],
      ['STP', '18.00', '0.00', '0.00'],
      ['VP', '10.75', '0.00', '-0.50'],
    ]);
  });

  it('is hidden from viewers and the public until published, then frozen', async () => {
    expect((await viewer.get('/api/v1/results?year=2025&block=SO')).status).toBe(404);
    expect((await server.client().get('/api/v1/public/results?year=2025&block=SO')).status).toBe(404);
    const published = await admin.post('/api/v1/results/publish', { year: 2025, block: 'SO' });
    expect(published.status, published.text).toBe(200);
    expect(published.body.revision).toBe(1);
    const seen = await viewer.get('/api/v1/results?year=2025&block=SO');
    expect(seen.body.revision).toBe(1);
    expect(seen.body.results.units.map((u: any) => u.rank)).toEqual([1, 2, 2, 4]);
    // The same cached revision carries each caller's own `can`: viewers and unit staff neither publish nor preview.
    expect(VisibleResults.parse(seen.body).can).toEqual({ publish: false, viewDrafts: false, exportDocuments: true });
    const officer = await server.loginAs('unit_officer', 'SCT');
    expect((await officer.getAs(VisibleResults, '/api/v1/results?year=2025&block=SO')).can).toEqual({
      publish: false,
      viewDrafts: false,
      exportDocuments: true,
    });
    expect((await admin.getAs(VisibleResults, '/api/v1/results?year=2025&block=SO')).can).toEqual({ publish: true, viewDrafts: true, exportDocuments: true });
    const anonymous = await server.client().get('/api/v1/public/results?year=2025&block=SO');
    expect(anonymous.status).toBe(200);
    // Nobody is signed in on the public page: no `can`.
    expect(PublicResults.strict().parse(anonymous.body)).not.toHaveProperty('can');
    // fetch asks for gzip; a short answer like this one (4 units) is sent as it is, and says it varies by encoding.
    expect(anonymous.headers.get('vary')).toContain('accept-encoding');
    expect(anonymous.body.results.units[0]).toMatchObject({ unitCode: 'SCT', index: 100, rank: 1 });
    // Frozen: a new import is refused and the published figures do not move.
    const reimport = await admin.upload('/api/v1/scores/import?year=2025&block=SO', `${HEADER}\nVP,1.1,4,,,`);
    expect(reimport.status).toBe(409);
    expect((await viewer.get('/api/v1/results?year=2025&block=SO')).body.results.units[3].index).toBe(53.75);
  });

  it('a correction needs a reason, makes a new revision and keeps the old one listed', async () => {
    const noReason = await admin.post('/api/v1/results/publish', { year: 2025, block: 'SO' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.issues).toEqual([{ path: 'reason', code: 'correction_reason_required', message: 'required for a correction' }]);
    const corrected = await admin.post('/api/v1/results/publish', { year: 2025, block: 'SO', reason: 'Sửa lỗi nhập liệu' });
    expect(corrected.body.revision).toBe(2);
    // The published answer is cached per revision: the correction is served at once.
    expect((await viewer.get('/api/v1/results?year=2025&block=SO')).body.revision).toBe(2);
    expect((await server.client().get('/api/v1/public/results?year=2025&block=SO')).body.revision).toBe(2);
    const history = await viewer.get('/api/v1/results/publications?year=2025&block=SO');
    expect(history.body.items.map((i: any) => [i.revision, i.reason])).toEqual([
      [2, 'Sửa lỗi nhập liệu'],
      [1, null],
    ]);
    const audit = await admin.get('/api/v1/audit?entityType=results&entityId=2025/SO');
    expect(audit.body.items.map((i: any) => i.action)).toEqual(['correct', 'publish']);
    expect(audit.body.items[0].before.revision).toBe(1);
    expect(audit.body.items[0].after).toMatchObject({ revision: 2, reason: 'Sửa lỗi nhập liệu' });
  });

  it('only the organizer publishes and imports', async () => {
    const council = await server.loginAs('council');
    expect((await council.post('/api/v1/results/publish', { year: 2024, block: 'SO' })).status).toBe(403);
    expect((await council.get('/api/v1/results?year=2024&block=SO')).body.results.status).toBe('approved');
    expect((await viewer.upload('/api/v1/scores/import?year=2024&block=SO', SCORES_2025)).status).toBe(403);
  });

  it('re-importing a changed score audits the change with before and after', async () => {
    const changed = await admin.upload('/api/v1/scores/import?year=2024&block=SO', `${HEADER}\nVP,1.1,1.5,,,`);
    expect(changed.body).toMatchObject({ rows: 1, changed: 1 });
    const same = await admin.upload('/api/v1/scores/import?year=2024&block=SO', `${HEADER}\nVP,1.1,1.5,,,`);
    expect(same.body.changed).toBe(0);
    const audit = await admin.get('/api/v1/audit?entityType=score&entityId=2024/SO/VP/1.1');
    expect(audit.body.items[0]).toMatchObject({ action: 'update', before: { self: 1 }, after: { self: 1.5 } });
  });
});

describe('a unit without an index', () => {
  it('says why as a reason of the catalogue, not as English prose', async () => {
    await insertFixtureFramework(server.db, 2023);
    for (const code of ['SNV', 'SCT']) expect((await admin.put(`/api/v1/units/${code}/memberships/2023`, { blockCode: 'SO' })).status).toBe(200);
    // SNV: every criterion counted in the maximum is not applicable (1.1, 1.2, 2.1); SCT: 4 + 6 + 10 of 20.
    const file = [HEADER, 'SNV,1.1,,,,yes', 'SNV,1.2,,,,có', 'SNV,2.1,,,,X', 'SCT,1.1,4,,,', 'SCT,1.2,6,,,no', 'SCT,2.1,10,,,'].join('\n');
    const imported = await admin.upload('/api/v1/scores/import?year=2023&block=SO', file);
    expect(imported.status, imported.text).toBe(200);
    const { results } = await admin.getAs(VisibleResults, '/api/v1/results?year=2023&block=SO');
    expect(results.units.map((u) => [u.unitCode, u.index, u.rank, u.problem])).toEqual([
      ['SCT', 100, 1, null],
      ['SNV', null, null, { code: 'no_applicable_criteria', params: {}, message: 'every criterion counted in the maximum is not applicable to this unit' }],
    ]);
  });

  it('reads a revision published when problems were English text as the same reason', async () => {
    expect((await admin.post('/api/v1/results/publish', { year: 2023, block: 'SO' })).status).toBe(200);
    // A revision of an earlier version: `problem` was the domain's English sentence.
    await server.db.execute(sql`update publications set results = jsonb_set(results, '{units,1,problem}',
      '"every criterion counted in the maximum is not applicable to this unit: no index can be computed"'::jsonb)
      where round_id = (select r.id from rounds r join blocks b on b.id = r.block_id where r.year = 2023 and b.code = 'SO')`);
    const { results } = await viewer.getAs(VisibleResults, '/api/v1/results?year=2023&block=SO');
    expect(results.units[1]!.problem).toMatchObject({
      code: 'no_applicable_criteria',
      message: 'every criterion counted in the maximum is not applicable to this unit: no index can be computed',
    });
  });
});
