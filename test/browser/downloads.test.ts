import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { apiFromPage, launchBrowser, loginAs, startServer, type Browser, type RunningServer } from './harness';
import { pdfText, readDocx, readXlsx } from '../helpers/documents';

/*
 * Every document is downloaded where people work, by clicking, and read back: the results page's "Xuất" menu (XLSX,
 * DOCX report, CSV), the unit page's PDF scorecard and the sheet's self-assessment report (PDF and DOCX).
 *
 * Block SO, framework: field 1 manual (1.1 = 4, 1.2 = 6), field 2 bonus (2.1, max 2), field 3 penalty (3.1, max 3).
 * 2025 (past scores): SCT 4 + 5 + bonus 1 = 10 / 10 → 100.00, rank 1 (field 1: 9 / 10 → 90.00; self 9);
 *   SNV 3 + 6 − penalty 0.5 = 8.5 / 10 → 85.00, rank 2, Khá (field 1: 90.00; self 9).
 * 2026 (open round, sheet of SCT): 1.1 self 3.5 with a note and one evidence file; 1.2 self 4.75 →
 *   field 1: 8.25 / 10, nothing in fields 2 and 3; total 8.25 / 10.00.
 */
const SHOTS = '/tmp/shots-c';
const FRAMEWORK = (year: number) => ({
  year,
  blockCode: 'SO',
  name: `Bộ chỉ số thử tải tài liệu ${year}`,
  classes: [
    { label: 'Tốt', min: 90 },
    { label: 'Khá', min: 80 },
    { label: 'Yếu', min: 0 },
  ],
  criteria: [
    { code: '1', title: 'Chỉ đạo, điều hành', maxPoints: 10, method: 'manual', appraiser: 'SNV' },
    { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual', evidenceRequired: true },
    { code: '1.2', title: 'Báo cáo định kỳ', maxPoints: 6, method: 'manual' },
    { code: '2', title: 'Điểm thưởng', maxPoints: 2, method: 'bonus' },
    { code: '2.1', title: 'Sáng kiến', maxPoints: 2, method: 'bonus' },
    { code: '3', title: 'Điểm trừ', maxPoints: 3, method: 'penalty' },
    { code: '3.1', title: 'Chậm báo cáo', maxPoints: 3, method: 'penalty' },
  ],
});
const SCORES_2025 = [
  'unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable',
  'SCT,1.1,4,,,',
  'SCT,1.2,5,,,',
  'SCT,2.1,,1,,',
  'SNV,1.1,3,,,',
  'SNV,1.2,6,,,',
  'SNV,3.1,,0.5,,',
].join('\n');

let server: RunningServer;
let browser: Browser;
let page: Page;
let roundId = 0;
const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));

/** A local date `days` from today, YYYY-MM-DD. */
const localDay = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

/** Clicks `item` (opening `menu` first, if given), waits for the browser's download and answers the saved file. */
async function download(item: Locator, menu?: Locator): Promise<{ name: string; body: Buffer }> {
  if (menu) await menu.click();
  const [file] = await Promise.all([page.waitForEvent('download'), item.click()]);
  const saved = path.join(SHOTS, 'downloads', file.suggestedFilename());
  await file.saveAs(saved);
  return { name: file.suggestedFilename(), body: fs.readFileSync(saved) };
}

async function expectOk(call: Promise<{ status: number; body: unknown }>) {
  const res = await call;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
}

describe('documents downloaded from the pages where people work', () => {
  beforeAll(async () => {
    fs.mkdirSync(path.join(SHOTS, 'downloads'), { recursive: true });
    server = await startServer({}, { demo: true });
    browser = await launchBrowser();
    page = browser.page;
    await loginAs(page, server.baseUrl, 'demo.admin');
    await expectOk(apiFromPage(page, 'POST', '/frameworks', { json: FRAMEWORK(2025) }));
    await expectOk(apiFromPage(page, 'POST', '/scores/import?year=2025&block=SO', { file: { name: 'scores.csv', type: 'text/csv', content: SCORES_2025 } }));
    await expectOk(apiFromPage(page, 'POST', '/frameworks', { json: FRAMEWORK(year) }));
    const round = (await expectOk(
      apiFromPage(page, 'POST', '/rounds', {
        json: {
          year,
          blockCode: 'SO',
          selfAssessmentFrom: localDay(-3),
          selfAssessmentTo: localDay(10),
          appraisalTo: localDay(20),
          explanationTo: localDay(25),
          councilTo: localDay(30),
        },
      }),
    )) as { id: number };
    roundId = round.id;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('results page: the printed ranking (XLSX), the report (DOCX) and the data (CSV) from the "Xuất" menu', async () => {
    await page.goto(`${server.baseUrl}/results?year=2025&block=SO`);
    await page.getByTestId('ranking-table').waitFor();
    const menu = page.getByTestId('results-export');
    await menu.click();
    await page.getByTestId('results-export-docx').waitFor();
    await page.waitForTimeout(400); // the menu's opening transition
    await page.screenshot({ path: path.join(SHOTS, 'downloads-results-menu.png') });
    await page.keyboard.press('Escape');

    const xlsx = await download(page.getByTestId('results-export-xlsx'), menu);
    expect(xlsx.name).toBe('results-SO-2025.xlsx');
    const { sheet, rowValues } = await readXlsx(xlsx.body);
    expect(sheet.getCell('A1').value).toBe('Kết quả Chỉ số CCHC năm 2025 — Khối sở, ban, ngành');
    expect(rowValues(3)).toEqual([
      'STT',
      'Đơn vị',
      'Điểm tự đánh giá',
      'Điểm thẩm định',
      'Điểm tối đa áp dụng',
      'Chỉ số (%)',
      'Xếp hạng',
      'Xếp loại',
      '1. Chỉ đạo, điều hành (%)',
      '2. Điểm thưởng (điểm)',
      '3. Điểm trừ (điểm, số âm)',
    ]);
    expect(rowValues(4)).toEqual([1, 'Sở Công Thương', 9, 10, 10, 100, 1, 'Tốt', 90, 1, 0]);
    expect(rowValues(5)).toEqual([2, 'Sở Nội vụ', 9, 8.5, 10, 85, 2, 'Khá', 90, 0, -0.5]);
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, fitToHeight: 0 });

    const docx = await download(page.getByTestId('results-export-docx'), menu);
    expect(docx.name).toBe('results-report-SO-2025.docx');
    const report = await readDocx(docx.body);
    expect(report.paragraphs).toContain('Báo cáo kết quả Chỉ số CCHC năm 2025 – Khối sở, ban, ngành');
    expect(report.tables[1]!.slice(1, 3)).toEqual([
      ['1', 'Sở Công Thương', '9,00', '10,00', '100,00', '1', 'Tốt', '90,00', '1,00', '0,00'],
      ['2', 'Sở Nội vụ', '9,00', '8,50', '85,00', '2', 'Khá', '90,00', '0,00', '-0,50'],
    ]);

    const csv = await download(page.getByTestId('results-export-csv'), menu);
    expect(csv.name).toBe('results-SO-2025.csv');
    const lines = csv.body.toString('utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'unit_code,unit_name,block,score,max_score,index,rank,class,self_score,bonus_points,penalty_points,not_submitted,field_1,field_2,field_3',
    );
    expect(lines.slice(1, 3)).toEqual([
      'SCT,Sở Công Thương,SO,10.00,10.00,100.00,1,Tốt,9.00,1.00,0.00,no,90.00,,',
      'SNV,Sở Nội vụ,SO,8.50,10.00,85.00,2,Khá,9.00,0.00,-0.50,no,90.00,,',
    ]);
  });

  it('unit page: the PDF scorecard, the penalty printed negative', async () => {
    await page.getByTestId('ranking-table').getByRole('link', { name: 'Sở Nội vụ' }).click();
    await page.waitForURL((url) => url.pathname === '/results/2025/SO/SNV');
    const button = page.getByTestId('unit-scorecard-pdf');
    await button.waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'downloads-unit-page.png') });
    const pdf = await download(button);
    expect(pdf.name).toBe('scorecard-SNV-SO-2025.pdf');
    const text = pdfText(pdf.body);
    expect(text).toContain('PHIẾU KẾT QUẢ CHỈ SỐ CCHC NĂM 2025');
    expect(text).toContain('Sở Nội vụ');
    expect(text).toContain('Chỉ số CCHC 85,00%');
    expect(text).toContain('Xếp hạng 2/2');
    expect(text).toContain('3. Điểm trừ -0,50');
  });

  it('sheet: the self-assessment report for the leader to sign, as PDF and DOCX', async () => {
    await loginAs(page, server.baseUrl, 'demo.officer');
    const sheet = (p: string) => `/rounds/${roundId}/units/SCT${p}`;
    await expectOk(apiFromPage(page, 'PUT', sheet('/scores/1.1/self'), { json: { score: '3,5', note: 'Đã ban hành kế hoạch' } }));
    await expectOk(apiFromPage(page, 'PUT', sheet('/scores/1.2/self'), { json: { score: 4.75 } }));
    await expectOk(
      apiFromPage(page, 'POST', sheet('/scores/1.1/evidence'), {
        file: {
          name: 'Kế hoạch CCHC.pdf',
          type: 'application/pdf',
          content: '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
        },
      }),
    );
    await page.goto(`${server.baseUrl}${sheet('')}`);
    const menu = page.getByTestId('sheet-report');
    await menu.waitFor();
    await menu.click();
    await page.getByTestId('sheet-report-pdf').waitFor();
    await page.waitForTimeout(400); // the menu's opening transition
    await page.screenshot({ path: path.join(SHOTS, 'downloads-sheet-menu.png') });
    await page.keyboard.press('Escape');

    const pdf = await download(page.getByTestId('sheet-report-pdf'), menu);
    expect(pdf.name).toBe(`self-assessment-SCT-${year}.pdf`);
    const text = pdfText(pdf.body);
    for (const expected of [
      'SỞ CÔNG THƯƠNG',
      'BÁO CÁO TỰ ĐÁNH GIÁ, CHẤM ĐIỂM',
      `CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${year}`,
      'Bản nháp – đơn vị chưa nộp bản tự đánh giá',
      '1.1 Kế hoạch CCHC 4,00 3,50 Đã ban hành kế hoạch 1',
      '1.2 Báo cáo định kỳ 6,00 4,75',
      '1. Chỉ đạo, điều hành: 8,25 / 10,00 điểm',
      'Tổng điểm tự đánh giá: 8,25 / 10,00 điểm',
      '1.1. Kế hoạch CCHC: (1) Kế hoạch CCHC.pdf.',
      'THỦ TRƯỞNG ĐƠN VỊ',
      '(Ký tên, đóng dấu)',
    ]) {
      expect(text).toContain(expected);
    }

    const docx = await download(page.getByTestId('sheet-report-docx'), menu);
    expect(docx.name).toBe(`self-assessment-SCT-${year}.docx`);
    const report = await readDocx(docx.body);
    expect(report.headerText).toContain('DỰ THẢO');
    expect(report.tables[1]!.slice(1, 4)).toEqual([
      ['1', 'Chỉ đạo, điều hành', '10,00', '8,25', '', ''],
      ['1.1', 'Kế hoạch CCHC', '4,00', '3,50', 'Đã ban hành kế hoạch', '1'],
      ['1.2', 'Báo cáo định kỳ', '6,00', '4,75', '', '0'],
    ]);
    expect(report.tables[1]!.at(-1)).toEqual(['', 'Tổng cộng', '10,00', '8,25', '', '1']);
    expect(report.tables[2]!.flat().join(' ')).toContain('THỦ TRƯỞNG ĐƠN VỊ');
  });
});
