import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { apiFromPage, launchBrowser, shot, startServer, text, type Browser, type RunningServer, loginAs, openRoundAroundToday, localDate } from './harness';

/*
 * The stages after the self-assessment, clicked through in the browser on the demo province (2026, block SO, unit SCT):
 * the officer removes a wrong evidence file; the SNV appraiser asks for explanations; the unit answers; the appraiser
 * sets a score with a reason and finalises ("Chốt"); the council sets a council score with a reason on the
 * disagreement; the organizer enters survey and bonus points; with the explanation window closed (dates moved through
 * the API, the server keeps the real clock), the unit is refused until the organizer grants SCT an extension in the UI.
 */
const YEAR = 2026;
let server: RunningServer;
let browser: Browser;
let page: Page;
let roundId = 0;

/** A local date (Asia/Ho_Chi_Minh) `days` from today, as YYYY-MM-DD. */

/** A local date as the Vietnamese UI writes it, day first: "2026-12-01" → "01/12/2026". */
function viDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

const sheetUrl = () => `${server.baseUrl}/rounds/${roundId}/units/SCT`;
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

async function attach(code: string, name: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId(`evidence-file-${code}`).click()]);
  await chooser.setFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from(PDF) });
  await page.getByTestId(`evidence-upload-${code}`).click();
  await page.getByTestId(`evidence-list-${code}`).filter({ hasText: name }).waitFor();
}

/** Waits until a stage cell shows all the texts. */
async function stageShows(cell: Locator, ...texts: string[]) {
  for (const t of texts) await cell.filter({ hasText: t }).waitFor();
  return text(cell);
}

describe('appraisal, explanation, council, organizer points and extensions in the browser', () => {
  beforeAll(async () => {
    server = await startServer({}, { demo: true });
    browser = await launchBrowser();
    page = browser.page;
    await loginAs(page, server.baseUrl, 'demo.admin');
    const framework = await apiFromPage(page, 'POST', '/frameworks', {
      json: {
        year: YEAR,
        blockCode: 'SO',
        name: 'Bộ chỉ số CCHC khối sở 2026',
        classes: [
          { label: 'Tốt', min: 90 },
          { label: 'Khá', min: 80 },
          { label: 'Trung bình', min: 70 },
          { label: 'Yếu', min: 0 },
        ],
        criteria: [
          { code: '1', title: 'Công tác chỉ đạo, điều hành', maxPoints: 6, method: 'manual', appraiser: 'SNV' },
          { code: '1.1', title: 'Kế hoạch CCHC năm', maxPoints: 2, method: 'manual', evidenceRequired: true },
          { code: '1.2', title: 'Báo cáo CCHC định kỳ', maxPoints: 4, method: 'manual' },
          { code: '2', title: 'Điều tra xã hội học', maxPoints: 3, method: 'survey' },
          { code: '2.1', title: 'Mức độ hài lòng của người dân', maxPoints: 3, method: 'survey' },
          { code: '3', title: 'Điểm thưởng', maxPoints: 2, method: 'bonus' },
          { code: '3.1', title: 'Sáng kiến CCHC được công nhận', maxPoints: 2, method: 'bonus' },
        ],
      },
    });
    expect(framework.status, JSON.stringify(framework.body)).toBe(201);
    roundId = await openRoundAroundToday(page, YEAR);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the officer removes a wrong evidence file after a confirmation; the leader submits; then nothing can be removed', async () => {
    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(sheetUrl());
    await attach('1.1', 'nham-tep.pdf');
    await page.getByTestId('evidence-list-1.1').locator('[data-testid^="evidence-remove-"]').click();
    const dialog = page.getByRole('dialog');
    expect(await text(dialog)).toContain('Gỡ «nham-tep.pdf» khỏi tiêu chí 1.1?');
    await shot(page, 'cycle-stages-01-remove-evidence');
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('evidence-list-1.1').waitFor({ state: 'detached' });
    // With no evidence left, the sheet asks again why evidence is missing.
    await page.getByTestId('self-missing-1.1').waitFor();
    await attach('1.1', 'ke-hoach-cchc-2026.pdf');
    expect(await page.getByTestId('evidence-list-1.1').locator('li').count()).toBe(1);

    for (const [code, score] of [
      ['1.1', 2],
      ['1.2', 3.5],
    ] as const) {
      const res = await apiFromPage(page, 'PUT', `/rounds/${roundId}/units/SCT/scores/${code}/self`, { json: { score } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await loginAs(page, server.baseUrl, 'demo.leader');
    expect((await apiFromPage(page, 'POST', `/rounds/${roundId}/units/SCT/submit`)).status).toBe(200);
    await page.goto(sheetUrl());
    await page
      .getByTestId('sheet-state')
      .filter({ hasText: /Đã nộp/i })
      .waitFor();
    expect(await text(page.getByTestId('evidence-list-1.1'))).toContain('ke-hoach-cchc-2026.pdf');
    expect(await page.locator('[data-testid^="evidence-remove-"]').count()).toBe(0);
  });

  it('the SNV appraiser asks the unit for explanations', async () => {
    await loginAs(page, server.baseUrl, 'demo.appraiser');
    await page.goto(sheetUrl());
    await page.getByTestId('appraisal-question-1.2').fill('Đề nghị cung cấp báo cáo CCHC quý IV');
    await page.getByTestId('appraisal-ask-1.2').click();
    await page.getByTestId('confirm-button').click(); // asked or answered once: confirmed
    expect(await stageShows(page.getByTestId('stage-appraisal-1.2'), 'Yêu cầu giải trình: Đề nghị cung cấp báo cáo CCHC quý IV')).toBeTruthy();
    // Asked once: the question field and its button are gone.
    expect(await page.getByTestId('appraisal-ask-1.2').count()).toBe(0);
    await page.getByTestId('appraisal-question-1.1').fill('Kế hoạch ban hành ngày nào?');
    await page.getByTestId('appraisal-ask-1.1').click();
    await page.getByTestId('confirm-button').click(); // asked or answered once: confirmed
    await stageShows(page.getByTestId('stage-appraisal-1.1'), 'Yêu cầu giải trình: Kế hoạch ban hành ngày nào?');
    await shot(page, 'cycle-stages-02-explanation-asked');
  });

  it('the unit answers the explanation once', async () => {
    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(sheetUrl());
    await page.getByTestId('explanation-answer-1.2').fill('Báo cáo quý IV đã gửi ngày 20/12, kèm theo công văn số 15');
    await page.getByTestId('explanation-save-1.2').click();
    await page.getByTestId('confirm-button').click(); // asked or answered once: confirmed
    const cell = page.getByTestId('stage-appraisal-1.2');
    expect(await stageShows(cell, 'Giải trình của đơn vị: Báo cáo quý IV đã gửi ngày 20/12, kèm theo công văn số 15')).toContain(
      'Yêu cầu giải trình: Đề nghị cung cấp báo cáo CCHC quý IV',
    );
    await page.getByTestId('explanation-answer-1.2').waitFor({ state: 'detached' });
    // 1.1 is still waiting for its answer.
    await page.getByTestId('explanation-answer-1.1').waitFor();
    await shot(page, 'cycle-stages-03-explained');
  });

  it('the appraiser sets a score with a reason and finalises it ("Chốt")', async () => {
    await loginAs(page, server.baseUrl, 'demo.appraiser');
    await page.goto(sheetUrl());
    await page.getByTestId('appraisal-score-1.2').fill('2,5');
    await page.getByTestId('appraisal-reason-1.2').fill('Báo cáo quý IV nộp muộn');
    await page.getByTestId('appraisal-final-1.2').click();
    await page.getByTestId('confirm-button').click(); // the confirmation states what it locks
    const cell = page.getByTestId('stage-appraisal-1.2');
    const shown = await stageShows(cell, '2,50', 'Đã chốt');
    expect(shown).toContain('Lý do: Báo cáo quý IV nộp muộn');
    // Final: the appraisal form is gone (the server would refuse another change).
    await page.getByTestId('appraisal-form-1.2').waitFor({ state: 'detached' });
    // The self stage is unchanged beside it.
    expect(await text(page.getByTestId('stage-self-1.2'))).toContain('3,50');
    await shot(page, 'cycle-stages-04-finalised');
  });

  it('the council sets a council score with a reason on the disagreement', async () => {
    await loginAs(page, server.baseUrl, 'demo.council');
    await page.goto(`${server.baseUrl}/rounds/${roundId}/disagreements`);
    const row = page.getByTestId('disagreement-SCT-1.2');
    const before = await text(row);
    expect(before).toContain('3,50');
    expect(before).toContain('2,50');
    expect(before).toContain('Báo cáo quý IV nộp muộn');
    await row.getByRole('link', { name: '1.2' }).click();
    await page.waitForURL((url) => url.pathname === `/rounds/${roundId}/units/SCT`);
    await page.getByTestId('council-score-1.2').fill('3');
    await page.getByTestId('council-reason-1.2').fill('Chấp nhận một phần giải trình của đơn vị');
    await page.getByTestId('council-save-1.2').click();
    expect(await stageShows(page.getByTestId('stage-council-1.2'), '3,00')).toContain('Lý do: Chấp nhận một phần giải trình của đơn vị');
    await shot(page, 'cycle-stages-05-council');

    await page.goto(`${server.baseUrl}/rounds/${roundId}/disagreements`);
    await page.getByTestId('disagreement-SCT-1.2').filter({ hasText: '3,00 · Chấp nhận một phần giải trình của đơn vị' }).waitFor();
  });

  it('the organizer enters survey and bonus points with their reasons', async () => {
    await loginAs(page, server.baseUrl, 'demo.admin');
    await page.goto(sheetUrl());
    await page.getByTestId('organizer-score-2.1').fill('2,75');
    await page.getByTestId('organizer-reason-2.1').fill('Kết quả điều tra xã hội học năm 2026');
    await page.getByTestId('organizer-save-2.1').click();
    expect(await stageShows(page.getByTestId('stage-appraisal-2.1'), '2,75')).toContain('Lý do: Kết quả điều tra xã hội học năm 2026');
    await page.getByTestId('organizer-score-3.1').fill('1');
    await page.getByTestId('organizer-reason-3.1').fill('Sáng kiến được UBND tỉnh công nhận');
    await page.getByTestId('organizer-save-3.1').click();
    expect(await stageShows(page.getByTestId('stage-appraisal-3.1'), '1,00')).toContain('Lý do: Sáng kiến được UBND tỉnh công nhận');
    // A bonus above its maximum is refused beside its field, in Vietnamese.
    await page.getByTestId('organizer-score-3.1').fill('2,5');
    await page.getByTestId('organizer-save-3.1').click();
    await page.locator('#criterion-3\\.1 .mantine-InputWrapper-error').filter({ hasText: 'phải từ 0 đến 2,00' }).waitFor();
    await shot(page, 'cycle-stages-06-organizer-points');
  });

  it('after the explanation deadline the unit is refused, until the organizer grants SCT an extension', async () => {
    // The round's dates move so that the explanation window closed yesterday.
    const moved = await apiFromPage(page, 'PUT', `/rounds/${roundId}/dates`, {
      json: {
        selfAssessmentFrom: localDate(-10),
        selfAssessmentTo: localDate(-4),
        appraisalTo: localDate(-3),
        explanationTo: localDate(-1),
        councilTo: localDate(35),
      },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);

    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(sheetUrl());
    await page.getByTestId('explanation-answer-1.1').fill('Kế hoạch ban hành ngày 10/01/2026');
    await page.getByTestId('explanation-save-1.1').click();
    await page.getByTestId('confirm-button').click(); // asked or answered once: confirmed
    expect(await text(page.getByTestId('deadline-passed'))).toBe(`Đã hết hạn giải trình (hạn cuối: ${viDate(localDate(-1))})`);
    await shot(page, 'cycle-stages-07-deadline-passed');

    await loginAs(page, server.baseUrl, 'demo.admin');
    await page.getByTestId('nav-rounds').click();
    await page.getByTestId(`round-${roundId}-toggle`).click();
    const granted = page.getByTestId(`round-${roundId}-extensions`);
    expect(await text(granted.locator('tbody'))).toBe('Không có dữ liệu.');
    const form = page.locator('form').filter({ hasText: 'Gia hạn cho một đơn vị' });
    await form.getByRole('combobox', { name: 'Đơn vị' }).click();
    await page.getByRole('option', { name: /^SCT · / }).click();
    await form.getByRole('combobox', { name: 'Giai đoạn' }).click();
    await page.getByRole('option', { name: 'Giải trình' }).click();
    await form.getByLabel('Đến ngày').fill(localDate(7));
    await form.getByLabel('Lý do').fill('Đơn vị mất kết nối mạng trong 3 ngày');
    await shot(page, 'cycle-stages-08-extension-form');
    await page.getByTestId(`round-${roundId}-extend`).click();
    await page.locator('.mantine-Notification-root').filter({ hasText: 'Đã gia hạn.' }).waitFor();
    const round = (await apiFromPage(page, 'GET', `/rounds/${roundId}`)).body as {
      extensions: { unitCode: string; stage: string; until: string; reason: string }[];
    };
    expect(round.extensions).toEqual([{ unitCode: 'SCT', stage: 'explanation', until: localDate(7), reason: 'Đơn vị mất kết nối mạng trong 3 ngày' }]);
    // The page lists it under the form: unit, stage, the date as dd/mm/yyyy, the reason.
    const [y, m, d] = localDate(7).split('-');
    await granted.locator('tbody tr').filter({ hasText: 'SCT' }).waitFor();
    expect(await granted.locator('tbody tr td').allInnerTexts()).toEqual(['SCT', 'Giải trình', `${d}/${m}/${y}`, 'Đơn vị mất kết nối mạng trong 3 ngày']);
    await shot(page, 'cycle-stages-08b-extension-listed');

    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(sheetUrl());
    await page.getByTestId('explanation-answer-1.1').fill('Kế hoạch ban hành ngày 10/01/2026');
    await page.getByTestId('explanation-save-1.1').click();
    await page.getByTestId('confirm-button').click(); // asked or answered once: confirmed
    await stageShows(page.getByTestId('stage-appraisal-1.1'), 'Giải trình của đơn vị: Kế hoạch ban hành ngày 10/01/2026');
    expect(await page.getByTestId('deadline-passed').count()).toBe(0);
    await shot(page, 'cycle-stages-09-answered-after-extension');
  });
});
