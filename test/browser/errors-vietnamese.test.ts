import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { apiFromPage, launchBrowser, shot, startServer, text, type Browser, type RunningServer, loginAs, openRoundAroundToday, localDate } from './harness';

/*
 * The cycle's refusals on screen in the Vietnamese UI (demo province, 2026, block SO, unit SCT): a self score over the
 * criterion's maximum, the submission check, a write after the self-assessment window, and a council score with its
 * reason left empty. Each shows the catalogue's Vietnamese text, never the server's English sentence.
 */
const YEAR = 2026;
let server: RunningServer;
let browser: Browser;
let page: Page;
let roundId = 0;

/** English the server writes in its `message`s; none of it may reach the Vietnamese screen. */
const ENGLISH = /must be|must not|deadline|is required|not scored|criteria are|Too small|expected string|evidence is required|window opens/i;

/** A local date (Asia/Ho_Chi_Minh) `days` from today, as YYYY-MM-DD. */

/** A local date as the Vietnamese UI writes it, day first: "2026-12-01" → "01/12/2026". */
function viDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

const sheetUrl = () => `${server.baseUrl}/rounds/${roundId}/units/SCT`;

/** The error shown under a field of a criterion, once it appears. */
async function fieldError(code: string, hasText: string): Promise<Locator> {
  const error = page.locator(`#criterion-${code.replace('.', '\\.')} .mantine-InputWrapper-error`).filter({ hasText });
  await error.waitFor();
  return error;
}

describe('errors in Vietnamese on screen', () => {
  beforeAll(async () => {
    server = await startServer({}, { demo: true });
    browser = await launchBrowser();
    page = browser.page;
    await loginAs(page, server.baseUrl, 'demo.admin');
    // The UI language is Vietnamese (the default); make sure no earlier choice is stored.
    await page.evaluate(() => localStorage.removeItem('parindex.lang'));
    const framework = await apiFromPage(page, 'POST', '/frameworks', {
      json: {
        year: YEAR,
        blockCode: 'SO',
        name: 'Bộ chỉ số CCHC khối sở 2026',
        classes: [
          { label: 'Tốt', min: 90 },
          { label: 'Yếu', min: 0 },
        ],
        criteria: [
          { code: '1', title: 'Công tác chỉ đạo, điều hành', maxPoints: 6, method: 'manual', appraiser: 'SNV' },
          { code: '1.1', title: 'Kế hoạch CCHC năm', maxPoints: 2, method: 'manual' },
          { code: '1.2', title: 'Báo cáo CCHC định kỳ', maxPoints: 4, method: 'manual' },
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

  it('a self score over the maximum is refused beside its field, in Vietnamese', async () => {
    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(sheetUrl());
    await page.getByTestId('self-score-1.1').fill('2,5');
    await page.getByTestId('self-save-1.1').click();
    const error = await fieldError('1.1', 'phải từ 0 đến 2,00');
    expect(await text(error)).toBe('phải từ 0 đến 2,00');
    expect(await text(page.getByTestId('criterion-1.1'))).not.toMatch(ENGLISH);
    await shot(page, 'errors-vi-01-score-over-max');
  });

  it('the submission check lists each criterion not scored, in Vietnamese', async () => {
    await loginAs(page, server.baseUrl, 'demo.leader');
    await page.goto(sheetUrl());
    await page.getByTestId('sheet-submit').click();
    await page.getByTestId('confirm-button').click(); // the confirmation states what it locks
    const issues = page.getByTestId('submit-issues');
    const shown = await text(issues);
    expect(shown).toContain('1.1: chưa chấm điểm');
    expect(shown).toContain('1.2: chưa chấm điểm');
    expect(shown).not.toMatch(ENGLISH);
    await shot(page, 'errors-vi-02-not-ready');
  });

  it('a write after the self-assessment window names the deadline, in Vietnamese', async () => {
    // The officer has the sheet open when the window closes: a second browser, the organizer's, moves it into the past.
    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(sheetUrl());
    await page.getByTestId('self-score-1.2').fill('3');
    const organizer = await launchBrowser();
    try {
      await loginAs(organizer.page, server.baseUrl, 'demo.admin');
      const moved = await apiFromPage(organizer.page, 'PUT', `/rounds/${roundId}/dates`, {
        json: {
          selfAssessmentFrom: localDate(-10),
          selfAssessmentTo: localDate(-1),
          appraisalTo: localDate(21),
          explanationTo: localDate(28),
          councilTo: localDate(35),
        },
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    } finally {
      await organizer.close();
    }
    await page.getByTestId('self-save-1.2').click();
    const late = page.getByTestId('criterion-1.2').getByTestId('deadline-passed');
    expect(await text(late)).toBe(`Đã hết hạn tự đánh giá (hạn cuối: ${viDate(localDate(-1))})`);
    await shot(page, 'errors-vi-03-late-write');
    // Reloaded, the sheet says it was not submitted in time and no longer offers the unit's scoring.
    await page.reload();
    expect(await page.getByTestId('not-submitted').textContent()).toBe('Không nộp');
    expect(await page.getByTestId('self-score-1.2').count()).toBe(0);
  });

  it('a council score with its reason left empty asks for the reason, in Vietnamese', async () => {
    await loginAs(page, server.baseUrl, 'demo.council');
    await page.goto(sheetUrl());
    await page.getByTestId('council-score-1.2').fill('3');
    await page.getByTestId('council-save-1.2').click();
    const error = await fieldError('1.2', 'bắt buộc nhập');
    expect(await text(error)).toBe('bắt buộc nhập');
    expect(await text(page.getByTestId('council-form-1.2'))).not.toMatch(ENGLISH);
    await shot(page, 'errors-vi-04-council-reason-empty');
  });
});
