import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { apiFromPage, demoDataDir, launchBrowser, loginAs, startServer, text, type Browser, type RunningServer, openRoundAroundToday } from './harness';

/*
 * The sheet as officials use it, in the browser (2026, block SO, unit SCT of the demo organisation): running totals
 * per field and overall, folding fields and the jump list, `#criterion-<code>` addresses that scroll to the criterion,
 * a not-applicable criterion that asks no reason for missing evidence, the confirmations before submitting and before
 * "Chốt", evidence with an explanation answer, and penalty points shown negative on the sheet and the results.
 */
const YEAR = 2026;
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-d';
let server: RunningServer;
let browser: Browser;
let page: Page;
let roundId = 0;

/** A local date (Asia/Ho_Chi_Minh) `days` from today, as YYYY-MM-DD. */

const sheetUrl = () => `${server.baseUrl}/rounds/${roundId}/units/SCT`;
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

async function snap(name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** The element lies within the window, top and bottom. */
async function inViewport(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + Math.min(box.height, 120) <= size.height;
}

async function self(code: string, body: Record<string, unknown>) {
  const res = await apiFromPage(page, 'PUT', `/rounds/${roundId}/units/SCT/scores/${code}/self`, { json: body });
  expect(res.status, `${code} ${JSON.stringify(res.body)}`).toBe(200);
}

// Field 2 has eight criteria, so that its last ones are well below the first screen.
const FIELD2 = Array.from({ length: 8 }, (_, i) => ({
  code: `2.${i + 1}`,
  title: `Công khai thủ tục hành chính nhóm ${i + 1}`,
  maxPoints: 2,
  method: 'manual',
  evidenceRequired: i === 1,
  guidance: 'Đối chiếu với Cổng dịch vụ công của tỉnh; ghi rõ số thủ tục đã công khai và thời điểm công khai.',
}));

describe('the sheet as officials use it', () => {
  beforeAll(async () => {
    // The demo organisation only (blocks, units, accounts) for this year: the test brings its own framework and round.
    const dataDir = demoDataDir(['--years', String(YEAR)]);
    server = await startServer({ PARINDEX_DATA_DIR: dataDir });
    browser = await launchBrowser();
    page = browser.page;
    await loginAs(page, server.baseUrl, 'demo.admin');
    const framework = await apiFromPage(page, 'POST', '/frameworks', {
      json: {
        year: YEAR,
        blockCode: 'SO',
        name: 'Bộ chỉ số CCHC khối sở 2026 (phiếu)',
        classes: [
          { label: 'Tốt', min: 90 },
          { label: 'Yếu', min: 0 },
        ],
        criteria: [
          { code: '1', title: 'Công tác chỉ đạo, điều hành', maxPoints: 10, method: 'manual', appraiser: 'SNV' },
          { code: '1.1', title: 'Kế hoạch CCHC năm', maxPoints: 4, method: 'manual', evidenceRequired: true },
          { code: '1.2', title: 'Báo cáo CCHC định kỳ', maxPoints: 6, method: 'manual' },
          { code: '2', title: 'Cải cách thủ tục hành chính', maxPoints: 16, method: 'manual', appraiser: 'SNV' },
          ...FIELD2,
          { code: '3', title: 'Điều tra xã hội học', maxPoints: 5, method: 'survey' },
          { code: '3.1', title: 'Mức độ hài lòng của người dân', maxPoints: 5, method: 'survey' },
          { code: '4', title: 'Điểm thưởng', maxPoints: 2, method: 'bonus' },
          { code: '4.1', title: 'Sáng kiến CCHC được công nhận', maxPoints: 2, method: 'bonus' },
          { code: '5', title: 'Điểm trừ', maxPoints: 3, method: 'penalty' },
          { code: '5.1', title: 'Chậm báo cáo theo yêu cầu', maxPoints: 3, method: 'penalty' },
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

  it('shows running totals per field and overall, exact to the hundredth', async () => {
    await loginAs(page, server.baseUrl, 'demo.officer');
    await self('1.1', { score: '1,1', missingEvidenceReason: 'Kế hoạch đang trình ký' });
    await self('1.2', { score: '2,2' });
    await self('2.1', { score: '1,5' });
    await page.goto(sheetUrl());
    // Field 1: 1,10 + 2,20 = 3,30 of 10; overall 3,30 + 1,50 = 4,80 of 10 + 16 + 5 = 31.
    await page.getByTestId('field-total-self-1').filter({ hasText: '3,30 / 10,00' }).waitFor();
    expect(await text(page.getByTestId('field-total-self-2'))).toBe('1,50 / 16,00');
    expect(await text(page.getByTestId('field-total-self-5'))).toBe('0,00');
    expect(await text(page.getByTestId('sheet-total-self'))).toBe('Tự chấm: 4,80 / 31,00');
    expect(await text(page.getByTestId('field-total-1'))).toContain('2 / 2');
    // The field's own row carries its total too.
    expect(await text(page.getByTestId('field-points-1'))).toBe('3,30 / 10,00');
    // Nothing appraised yet: no "after appraisal" column.
    expect(await page.getByTestId('sheet-total-current').count()).toBe(0);
    await snap('sheet-01-totals');
    // On a phone the totals fit the width.
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.getByTestId('sheet-totals').scrollIntoViewIfNeeded();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await snap('sheet-01b-totals-phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('a not-applicable criterion no longer asks why evidence is missing, and leaves the maximum', async () => {
    await page.getByTestId('self-missing-2.2').waitFor();
    await page.getByTestId('self-na-2.2').check();
    await page.getByTestId('self-missing-2.2').waitFor({ state: 'detached' });
    await page.getByTestId('self-na-reason-2.2').fill('Sở không có thủ tục thuộc nhóm này');
    await page.getByTestId('self-save-2.2').click();
    // Field 2: 16 − 2 = 14; overall 31 − 2 = 29.
    await page.getByTestId('field-total-self-2').filter({ hasText: '1,50 / 14,00' }).waitFor();
    expect(await text(page.getByTestId('sheet-total-self'))).toBe('Tự chấm: 4,80 / 29,00');
    const sheet = (await apiFromPage(page, 'GET', `/rounds/${roundId}/units/SCT/assessment`)).body as {
      criteria: { code: string; score: { notApplicable: boolean; missingEvidenceReason: string | null } | null }[];
    };
    expect(sheet.criteria.find((c) => c.code === '2.2')!.score).toMatchObject({ notApplicable: true, missingEvidenceReason: null });
  });

  it('folds a field, and the jump list opens it again and brings it into view', async () => {
    await page.getByTestId('field-toggle-2').click();
    await page.getByTestId('criterion-2.1').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('criterion-2.8').isVisible()).toBe(false);
    await snap('sheet-02-field-folded');
    await page.getByTestId('jump-2').click();
    await page.getByTestId('criterion-2.1').waitFor({ state: 'visible' });
    await expect.poll(() => inViewport(page.getByTestId('criterion-2')), { timeout: 10_000 }).toBe(true);
    await page.locator('[data-testid="criterion-2"][data-highlighted="true"]').waitFor();
  });

  it('#criterion-<code> scrolls to the criterion once the sheet has loaded, and highlights it', async () => {
    await page.goto('about:blank');
    await page.goto(`${sheetUrl()}#criterion-2.8`);
    const target = page.getByTestId('criterion-2.8');
    await page.locator('[data-testid="criterion-2.8"][data-highlighted="true"]').waitFor();
    await expect.poll(() => inViewport(target), { timeout: 10_000 }).toBe(true);
    // It is far down the sheet: the page did scroll.
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(200);
    await snap('sheet-03-anchor');
    // The highlight fades.
    await page.locator('[data-testid="criterion-2.8"][data-highlighted="true"]').waitFor({ state: 'detached', timeout: 10_000 });

    // A folded field opens when the address names one of its criteria.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('field-toggle-2').click();
    await page.getByTestId('criterion-2.7').waitFor({ state: 'hidden' });
    await page.evaluate(() => {
      window.location.hash = '#criterion-2.7';
    });
    await page.getByTestId('criterion-2.7').waitFor({ state: 'visible' });
    await expect.poll(() => inViewport(page.getByTestId('criterion-2.7')), { timeout: 10_000 }).toBe(true);
  });

  it('submit asks for confirmation with its consequence; cancel does nothing', async () => {
    for (const c of FIELD2.slice(2)) await self(c.code, { score: 2 });
    await loginAs(page, server.baseUrl, 'demo.leader');
    await page.goto(sheetUrl());
    await page.getByTestId('sheet-submit').click();
    const dialog = page.getByRole('dialog');
    expect(await text(dialog)).toContain('Sau khi nộp, điểm tự chấm, ghi chú và tài liệu kiểm chứng của SCT bị khóa');
    await snap('sheet-04-submit-confirm');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = (await apiFromPage(page, 'GET', `/rounds/${roundId}/units/SCT/assessment`)).body as { submittedAt: string | null };
    expect(after.submittedAt).toBeNull();
    expect(await text(page.getByTestId('sheet-state'))).toMatch(/Chưa nộp/i);

    await page.getByTestId('sheet-submit').click();
    await page.getByTestId('confirm-button').click();
    await page
      .getByTestId('sheet-state')
      .filter({ hasText: /Đã nộp/i })
      .waitFor();
  });

  it('"Chốt" asks for confirmation; an explanation answer brings its evidence', async () => {
    await loginAs(page, server.baseUrl, 'demo.appraiser');
    await page.goto(sheetUrl());
    await page.getByTestId('appraisal-score-1.2').fill('1,5');
    await page.getByTestId('appraisal-reason-1.2').fill('Thiếu báo cáo quý IV');
    await page.getByTestId('appraisal-final-1.2').click();
    const dialog = page.getByRole('dialog');
    expect(await text(dialog)).toContain('Điểm thẩm định 1,50 / 6,00 của tiêu chí 1.2 (SCT) sẽ được chốt');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('appraisal-form-1.2').count()).toBe(1);
    await page.getByTestId('appraisal-final-1.2').click();
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('stage-appraisal-1.2').filter({ hasText: 'Đã chốt' }).waitFor();
    await page.getByTestId('appraisal-question-1.1').fill('Kế hoạch đã được ký ban hành chưa?');
    await page.getByTestId('appraisal-ask-1.1').click();
    await page.getByTestId('confirm-button').click(); // asked or answered once: confirmed
    await page.getByTestId('stage-appraisal-1.1').filter({ hasText: 'Kế hoạch đã được ký ban hành chưa?' }).waitFor();
    // Appraised: the totals show the stage after appraisal beside the self-scores: 1,10 + 1,50 = 2,60 for field 1.
    await page.getByTestId('field-total-current-1').filter({ hasText: '2,60 / 10,00' }).waitFor();

    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(`${sheetUrl()}#criterion-1.1`);
    const form = page.getByTestId('explanation-form-1.1');
    const attach = async (name: string) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), form.getByTestId('evidence-file-1.1').click()]);
      await chooser.setFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from(PDF) });
      await form.getByTestId('evidence-upload-1.1').click();
      await page.getByTestId('evidence-list-1.1').filter({ hasText: name }).waitFor();
    };
    // A wrong file sent with the answer can be removed (after a confirmation) until the answer is sent.
    await attach('nham-tep.pdf');
    await page.getByTestId('evidence-list-1.1').locator('[data-testid^="evidence-remove-"]').click();
    expect(await text(page.getByRole('dialog'))).toContain('Gỡ «nham-tep.pdf» khỏi tiêu chí 1.1?');
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('evidence-list-1.1').waitFor({ state: 'detached' });
    await attach('ke-hoach-da-ky.pdf');
    expect(await text(page.getByTestId('evidence-list-1.1'))).toMatch(/kèm giải trình/i);
    await page.getByTestId('explanation-answer-1.1').fill('Kế hoạch ký ngày 02/12, gửi kèm bản scan.');
    await snap('sheet-05-explanation-with-evidence');
    await page.getByTestId('explanation-save-1.1').click();
    await page.getByTestId('confirm-button').click(); // asked or answered once: confirmed
    await page.getByTestId('explanation-form-1.1').waitFor({ state: 'detached' });
    // Answered: the upload went with the form, and the file stays.
    expect(await page.getByTestId('evidence-file-1.1').count()).toBe(0);
    expect(await page.locator('[data-testid^="evidence-remove-"]').count()).toBe(0);
  });

  it('penalty points show negative on the sheet and in the results drill-down', async () => {
    await loginAs(page, server.baseUrl, 'demo.admin');
    await page.goto(`${sheetUrl()}#criterion-5.1`);
    const form = page.getByTestId('organizer-form-5.1');
    expect(await text(form)).toContain('Điểm trừ');
    await page.getByTestId('organizer-score-5.1').fill('1,5');
    await page.getByTestId('organizer-reason-5.1').fill('Chậm báo cáo quý III');
    await page.getByTestId('organizer-save-5.1').click();
    await page.getByTestId('stage-appraisal-5.1').filter({ hasText: '−1,50' }).waitFor();
    expect(await text(page.getByTestId('stage-appraisal-5.1'))).toContain('Điểm trừ');
    await page.getByTestId('organizer-score-4.1').fill('1');
    await page.getByTestId('organizer-reason-4.1').fill('Sáng kiến cấp tỉnh');
    await page.getByTestId('organizer-save-4.1').click();
    await page.getByTestId('stage-appraisal-4.1').filter({ hasText: '+1,00' }).waitFor();
    expect(await text(page.getByTestId('stage-appraisal-4.1'))).toContain('Điểm thưởng');
    await page.getByTestId('field-total-current-5').filter({ hasText: '−1,50' }).waitFor();
    expect(await text(page.getByTestId('sheet-total-penalty'))).toBe('Điểm trừ: −1,50');
    expect(await text(page.getByTestId('sheet-total-bonus'))).toBe('Điểm thưởng: +1,00');
    // Current: 1,10 + 1,50 + 1,50 + 6 × 2 (2.3–2.8) + 1,00 − 1,50 = 15,60 of 29 (survey not entered: 0 of 5).
    expect(await text(page.getByTestId('sheet-total-current'))).toBe('Sau thẩm định: 15,60 / 29,00');
    await snap('sheet-06-penalty');

    // The results preview of the organizer: the drill-down and the fields table show the penalty negative.
    await page.goto(`${server.baseUrl}/results/${YEAR}/SO/SCT`);
    const cell = page.getByTestId('unit-criteria-table').getByTestId('criterion-score-5.1');
    expect(await text(cell)).toBe('−1,50');
    expect(await text(page.getByTestId('unit-criteria-table').getByTestId('criterion-score-4.1'))).toBe('+1,00');
    expect(await text(page.getByTestId('unit-field-5'))).toContain('−1,50');
    await page.getByTestId('unit-criteria-table').scrollIntoViewIfNeeded();
    await snap('sheet-07-drilldown-penalty');
  });
});
