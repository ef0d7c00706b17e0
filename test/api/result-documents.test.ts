import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { createBlock } from '../../src/modules/blocks/service.js';
import { averageOf, formatViLongDate, formatViNumber } from '../../src/modules/results/documents/format.js';
import { PdfRenderer } from '../../src/modules/results/documents/pdf-renderer.js';
import { buildUnitScorecard } from '../../src/modules/results/documents/scorecard.js';
import { importScores } from '../../src/modules/results/scores-import.js';
import { visibleResults } from '../../src/modules/results/service.js';
import { createUnit, updateUnit } from '../../src/modules/units/service.js';
import type { ApiClient } from '../helpers/client.js';
import { cliWorkspace, type CliWorkspace } from '../helpers/cli.js';
import { pdfText, readDocx } from '../helpers/documents.js';
import { fixtureActor, startTestServer, type TestServer } from '../helpers/server.js';
import { insertFixtureFramework, SCORE_HEADER, SCORE_LINES_2025 } from '../helpers/results-fixtures.js';

/*
 * One block, two years, loaded from score files (as results.test.ts does). Hand-computed with domain.md's rules:
 *
 * Framework (both years): field 1 = 1.1 (4) + 1.2 (6); field 2 = 2.1 (10); 3 bonus (max 2); 4 penalty (max 3).
 *
 * 2024: SNV 4+6+10 = 20 → 100, rank 1; VP 4+5+10 = 19 → 95, rank 2; SCT 4+4+10 = 18 → 90, rank 3;
 *       STP 3+4+10 = 17 → 85, rank 4.
 * 2025: SCT 4 + 9.75 (1.2 not applicable: max 14) + bonus 1 = 14.75 → capped 14 / 14 → 100.00, rank 1 (was 3: +2)
 *       SNV 3.5 (appraised) + 6 + 8.5 (council) = 18 / 20 → 90.00, rank 2 (was 1: −1); self 4 + 6 + 9 = 19
 *       STP 3 + 5.5 + 9.5 = 18 / 20 → 90.00, rank 2 (was 4: +2)
 *       VP 2 + 3 + 6.25 − penalty 0.5 = 10.75 / 20 → 53.75, rank 4 (not 3), Yếu (was 2: −2)
 *       SXD every criterion not applicable → no index, no rank
 * Average index: (100 + 90 + 90 + 53.75) / 4 = 333.75 / 4 = 83.4375 → 83.44.
 * Classes (Tốt ≥ 90, Khá ≥ 80, Trung bình ≥ 70, Yếu): Tốt 3, Khá 0, Trung bình 0, Yếu 1.
 * Field indices: field 1 SCT 4/4 = 100, SNV 9.5/10 = 95, STP 8.5/10 = 85, VP 5/10 = 50 → block average 82.50;
 *                field 2 SCT 9.75 → 97.50, SNV 85, STP 95, VP 62.50 → block average 340 / 4 = 85.00.
 */
const YEAR = 2025;
const BLOCK_NAME = 'Khối sở, ban, ngành';
const TITLE = `Báo cáo kết quả Chỉ số CCHC năm ${YEAR} – ${BLOCK_NAME}`;
const UNITS = [
  ['SNV', 'Sở Nội vụ'],
  ['SCT', 'Sở Công Thương'],
  ['STP', 'Sở Tư pháp'],
  ['VP', 'Văn phòng UBND tỉnh'],
  ['SXD', 'Sở Xây dựng'],
] as const;
const HEADER = SCORE_HEADER;
const SCORES_2024 = [
  HEADER,
  ...['SNV,4,6,10', 'VP,4,5,10', 'SCT,4,4,10', 'STP,3,4,10'].flatMap((line) => {
    const [unit, a, b, c] = line.split(',');
    return [`${unit},1.1,${a},,,`, `${unit},1.2,${b},,,`, `${unit},2.1,${c},,,`];
  }),
].join('\n');
const SCORES_2025 = [HEADER, ...SCORE_LINES_2025, 'SXD,1.1,,,,yes', 'SXD,1.2,,,,yes', 'SXD,2.1,,,,yes'].join('\n');

const EXPECTED_SUMMARY = [
  'Khối sở, ban, ngành có 5 đơn vị tham gia đánh giá năm 2025; 4 đơn vị được tính Chỉ số.',
  'Chỉ số cao nhất: 100,00% – Sở Công Thương.',
  'Chỉ số thấp nhất: 53,75% – Văn phòng UBND tỉnh.',
  'Chỉ số trung bình của khối: 83,44%.',
  'Xếp loại: Tốt: 3 đơn vị; Khá: 0 đơn vị; Trung bình: 0 đơn vị; Yếu: 1 đơn vị.',
  'Tăng hạng nhiều nhất so với năm 2024 (tăng 2 bậc): Sở Công Thương (hạng 3 → 1), Sở Tư pháp (hạng 4 → 2).',
  'Giảm hạng nhiều nhất so với năm 2024 (giảm 2 bậc): Văn phòng UBND tỉnh (hạng 2 → 4).',
  'Đơn vị chưa tính được Chỉ số: Sở Xây dựng (mọi tiêu chí tính vào điểm tối đa đều không áp dụng đối với đơn vị).',
];
// STT, unit, self score, final score, index, rank, class, field 1 (%), field 2 (%), bonus (points), penalty (points, negative).
const EXPECTED_ROWS = [
  ['1', 'Sở Công Thương', '14,00', '14,00', '100,00', '1', 'Tốt', '100,00', '97,50', '1,00', '0,00'],
  ['2', 'Sở Nội vụ', '19,00', '18,00', '90,00', '2', 'Tốt', '95,00', '85,00', '0,00', '0,00'],
  ['3', 'Sở Tư pháp', '18,00', '18,00', '90,00', '2', 'Tốt', '85,00', '95,00', '0,00', '0,00'],
  ['4', 'Văn phòng UBND tỉnh', '10,75', '10,75', '53,75', '4', 'Yếu', '50,00', '62,50', '0,00', '-0,50'],
  ['5', 'Sở Xây dựng', '–', '–', '–', '–', '–', '–', '–', '–', '–'],
];

/** The organisation, both frameworks and both years' scores, through the services. */
async function seedResults(db: Db) {
  await createBlock(db, fixtureActor, { code: 'SO', name: BLOCK_NAME }, YEAR);
  for (const [code, name] of UNITS) await createUnit(db, fixtureActor, { code, name, blockCode: 'SO', year: YEAR });
  for (const code of ['SNV', 'SCT', 'STP', 'VP']) await updateUnit(db, fixtureActor, code, { year: YEAR - 1, blockCode: 'SO' });
  for (const year of [YEAR - 1, YEAR]) await insertFixtureFramework(db, year);
  await importScores(db, fixtureActor, Buffer.from(SCORES_2024), YEAR - 1, 'SO');
  await importScores(db, fixtureActor, Buffer.from(SCORES_2025), YEAR, 'SO');
}

async function download(client: ApiClient, url: string) {
  const response = await fetch(`${server.baseUrl}${url}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

let server: TestServer;
let admin: ApiClient;
let council: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  await seedResults(server.db);
  admin = await server.loginAs('admin');
  council = await server.loginAs('council');
  viewer = await server.loginAs('viewer');
});
afterAll(() => server?.close());

describe('Vietnamese figures', () => {
  it('uses the decimal comma with two decimals, a dot between thousands, and exact half-up averages', () => {
    expect([54.38, 90, 0, 1234.5, -0.5, 100].map((v) => formatViNumber(v))).toEqual(['54,38', '90,00', '0,00', '1.234,50', '-0,50', '100,00']);
    expect(averageOf([100, 90, 90, 53.75])).toBe(83.44);
    // 0.125 would round to 0.12 in binary floating point; summed in hundredths it is 0.13.
    expect(averageOf([0.12, 0.13])).toBe(0.13);
    expect(averageOf([])).toBeNull();
    // Official date line: a zero before days below 10 and months below 3 (local time, UTC+7).
    expect(formatViLongDate(new Date('2026-01-04T20:00:00Z'))).toBe('ngày 05 tháng 01 năm 2026');
    expect(formatViLongDate(new Date('2026-11-20T03:00:00Z'))).toBe('ngày 20 tháng 11 năm 2026');
  });
});

describe('DOCX report of a block', () => {
  it('the draft: title, status, the generated summary and the ranking table in rank order', async () => {
    const file = await download(council, `/api/v1/results/report.docx?year=${YEAR}&block=SO`);
    expect(file.status, file.body.toString()).toBe(200);
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(file.disposition).toBe(`attachment; filename="results-report-SO-${YEAR}.docx"`);
    const docx = await readDocx(file.body);
    expect(docx.xml).toContain(TITLE);
    expect(docx.paragraphs).toContain(TITLE);
    expect(docx.paragraphs).toContain(`Bộ tiêu chí: Bộ tiêu chí ${YEAR}`);
    expect(docx.paragraphs).toContain('Tình trạng: dự thảo – chưa công bố (Hội đồng thẩm định đã thông qua kết quả)');
    expect(docx.headerText).toContain('DỰ THẢO');
    expect(docx.xml).toContain('83,44');
    // The summary, sentence by sentence, in this order.
    const summary = docx.paragraphs.filter((p) => p.startsWith('- ')).map((p) => p.slice(2));
    expect(summary).toEqual(EXPECTED_SUMMARY);
    // Letterhead first, then the ranking table.
    expect(docx.tables).toHaveLength(2);
    expect(docx.tables[0]!.flat().join(' ')).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    const [header, ...rows] = docx.tables[1]!;
    expect(header).toEqual([
      'STT',
      'Đơn vị',
      'Điểm tự đánh giá',
      'Điểm thẩm định',
      'Chỉ số (%)',
      'Xếp hạng',
      'Xếp loại',
      '1. Chỉ đạo, điều hành (%)',
      '2. Thủ tục hành chính (%)',
      '3. Điểm thưởng (điểm)',
      '4. Điểm trừ (điểm)',
    ]);
    expect(rows).toEqual(EXPECTED_ROWS);
    // The page is A4 landscape.
    expect(docx.xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
  });

  it('viewers and the public wait for publication; an unknown round is 404', async () => {
    expect((await download(viewer, `/api/v1/results/report.docx?year=${YEAR}&block=SO`)).status).toBe(404);
    expect((await download(server.client(), `/api/v1/results/report.docx?year=${YEAR}&block=SO`)).status).toBe(401);
    expect((await download(admin, `/api/v1/results/report.docx?year=2030&block=SO`)).status).toBe(404);
  });
});

describe('PDF scorecard of a unit', () => {
  it('prints the unit, its index, rank of N, class, score of the maximum and fields against the block average', async () => {
    const file = await download(admin, `/api/v1/results/scorecard.pdf?year=${YEAR}&block=SO&unit=snv`);
    expect(file.status, file.body.toString()).toBe(200);
    expect(file.type).toBe('application/pdf');
    expect(file.disposition).toBe(`attachment; filename="scorecard-SNV-SO-${YEAR}.pdf"`);
    expect(file.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(file.body);
    expect(text).toContain('PHIẾU KẾT QUẢ CHỈ SỐ CCHC NĂM 2025');
    expect(text).toContain('Sở Nội vụ');
    expect(text).toContain('Khối sở, ban, ngành');
    expect(text).toContain('Chỉ số CCHC 90,00%');
    expect(text).toContain('Xếp hạng 2/4');
    expect(text).toContain('Xếp loại Tốt');
    expect(text).toContain('Điểm đạt / tối đa áp dụng 18,00 / 20,00');
    expect(text).toContain('Điểm tự đánh giá 19,00');
    expect(text).toContain('Hạng năm 2024 1 (giảm 1 bậc)');
    expect(text).toContain('dự thảo – chưa công bố');
    // Field rows: score, max, index, block average, difference.
    expect(text).toContain('1. Chỉ đạo, điều hành 9,50 10,00 95,00 82,50 +12,50');
    expect(text).toContain('2. Thủ tục hành chính 8,50 10,00 85,00 85,00 0,00');
    expect(text).toContain('3. Điểm thưởng 0,00');
  });

  it('a unit without an index says why; an unknown unit is 404', async () => {
    const file = await download(council, `/api/v1/results/scorecard.pdf?year=${YEAR}&block=SO&unit=SXD`);
    expect(file.status).toBe(200);
    expect(pdfText(file.body)).toContain('Chưa tính được Chỉ số: mọi tiêu chí tính vào điểm tối đa đều không áp dụng đối với đơn vị.');
    const unknown = await admin.get(`/api/v1/results/scorecard.pdf?year=${YEAR}&block=SO&unit=NOPE`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'not_found', message: `Unit NOPE in the ${YEAR} SO results not found` });
    expect((await admin.get(`/api/v1/results/scorecard.pdf?year=${YEAR}&block=SO`)).status).toBe(400);
    expect((await download(viewer, `/api/v1/results/scorecard.pdf?year=${YEAR}&block=SO&unit=SNV`)).status).toBe(404);
  });
});

describe('the PDF renderer', () => {
  it('prints several scorecards at once through one shared browser, and says plainly when Chromium is missing', async () => {
    const { results } = await visibleResults(server.db, YEAR, 'SO', true);
    const renderer = new PdfRenderer(undefined, { concurrency: 2 });
    try {
      const codes = ['SCT', 'SNV', 'STP', 'VP', 'SXD'];
      const files = await Promise.all(codes.map((code) => buildUnitScorecard(results, code, { renderer })));
      // Each PDF is its own unit's: the name printed under the title.
      expect(files.map((file) => /NĂM 2025 (.+?) Khối sở/.exec(pdfText(file))?.[1])).toEqual(codes.map((code) => UNITS.find(([c]) => c === code)![1]));
    } finally {
      await renderer.close();
    }
    const missing = new PdfRenderer('/nonexistent/chromium');
    await expect(missing.render('<p>x</p>')).rejects.toThrow('PDF documents are printed by Chromium at /nonexistent/chromium, which could not be started');
    await missing.close();
  });
});

describe('after publication', () => {
  it('everyone gets the published revision; a correction is dated and listed', async () => {
    expect((await admin.post('/api/v1/results/publish', { year: YEAR, block: 'SO' })).status).toBe(200);
    expect((await admin.post('/api/v1/results/publish', { year: YEAR, block: 'SO', reason: 'Sửa lỗi nhập liệu' })).status).toBe(200);
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    const report = await download(viewer, `/api/v1/results/report.docx?year=${YEAR}&block=SO`);
    expect(report.status).toBe(200);
    const docx = await readDocx(report.body);
    expect(docx.paragraphs).toContain(`Tình trạng: đã công bố, bản đính chính lần 1 ngày ${today}`);
    expect(docx.paragraphs).toContain(`- Đính chính lần 1 ngày ${today}: Sửa lỗi nhập liệu`);
    expect(docx.headerText).not.toContain('DỰ THẢO');
    expect(docx.tables[1]!.slice(1)).toEqual(EXPECTED_ROWS);
    const scorecard = await download(viewer, `/api/v1/results/scorecard.pdf?year=${YEAR}&block=SO&unit=VP`);
    expect(scorecard.status).toBe(200);
    const text = pdfText(scorecard.body);
    expect(text).toContain('Văn phòng UBND tỉnh');
    expect(text).toContain('Chỉ số CCHC 53,75%');
    expect(text).toContain('Xếp hạng 4/4');
    expect(text).toContain('Xếp loại Yếu');
    expect(text).toContain('Hạng năm 2024 2 (giảm 2 bậc)');
    // The penalty deducts: printed negative.
    expect(text).toContain('4. Điểm trừ -0,50');
    expect(text).toContain(`đã công bố, bản đính chính lần 1 ngày ${today}`);
  });
});

describe('CLI', () => {
  let workspace: CliWorkspace;
  beforeAll(async () => {
    workspace = await cliWorkspace('parindex-documents-');
    await workspace.withDb(({ db }) => seedResults(db));
  });
  afterAll(() => workspace?.close());

  it('export results --format docx writes the report; export scorecard writes the PDF', async () => {
    const report = path.join(workspace.dir, 'report.docx');
    const docxRun = await workspace.run(['export', 'results', '--year', String(YEAR), '--block', 'so', '--format', 'docx', '--output', report]);
    expect(docxRun.stderr).toBe('');
    expect(docxRun.code).toBe(0);
    const docx = await readDocx(fs.readFileSync(report));
    expect(docx.paragraphs).toContain(TITLE);
    expect(docx.tables[1]!.slice(1)).toEqual(EXPECTED_ROWS);

    const scorecard = path.join(workspace.dir, 'stp.pdf');
    const pdfRun = await workspace.run(['export', 'scorecard', '--year', String(YEAR), '--block', 'SO', '--unit', 'STP', '--output', scorecard]);
    expect(pdfRun.stderr).toBe('');
    expect(pdfRun.code).toBe(0);
    const text = pdfText(fs.readFileSync(scorecard));
    expect(text).toContain('Sở Tư pháp');
    expect(text).toContain('Chỉ số CCHC 90,00%');
    expect(text).toContain('Xếp hạng 2/4');
    expect(text).toContain('Hạng năm 2024 4 (tăng 2 bậc)');

    const unknown = await workspace.run([
      'export',
      'scorecard',
      '--year',
      String(YEAR),
      '--block',
      'SO',
      '--unit',
      'NOPE',
      '--output',
      path.join(workspace.dir, 'x.pdf'),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unit NOPE in the 2025 SO results not found');
    expect(fs.existsSync(path.join(workspace.dir, 'x.pdf'))).toBe(false);
  }, 120_000);
});
