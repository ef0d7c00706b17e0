import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SIPAS_QUESTIONS } from '../helpers/survey-entry-fixtures';
import { apiFromPage, launchBrowser, localDate, loginAs, shot, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * Staff enter a paper SIPAS form with the keyboard alone (the unit is theirs; the form number, then one box per
 * question: Enter moves on, Ctrl+Enter saves), and the response appears in the campaign's list; the organizer flags
 * it for re-check after a confirmation.
 */
const TEMPLATE = { code: 'SIPAS-PAPER', name: 'Phiếu SIPAS (giấy)', kind: 'sipas', questions: SIPAS_QUESTIONS };

let server: RunningServer;
let browser: Browser;
let page: Page;

const focusedTestId = (p: Page) => p.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

describe('paper entry in the browser', () => {
  beforeAll(async () => {
    server = await startServer({}, { demo: true });
    browser = await launchBrowser();
    page = browser.page;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets unit staff enter a form with the keyboard only; it appears in the responses list', async () => {
    await loginAs(page, server.baseUrl, 'demo.admin');
    expect((await apiFromPage(page, 'POST', '/surveys/templates', { json: TEMPLATE })).status).toBe(201);
    const year = Number(localDate(0).slice(0, 4));
    const campaign = await apiFromPage(page, 'POST', '/surveys/campaigns', {
      json: {
        code: 'PAPER-TEST',
        name: 'Khảo sát phiếu giấy',
        templateCode: 'SIPAS-PAPER',
        year,
        opensOn: `${year}-01-01`,
        closesOn: `${year}-12-31`,
        channels: ['qr', 'paper'],
        unitCodes: ['SCT', 'SNV'],
      },
    });
    expect(campaign).toMatchObject({ status: 201 });

    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(`${server.baseUrl}/surveys/campaigns/PAPER-TEST/entry`);
    await page.getByTestId('entry-form-no').waitFor();
    // The officer's own unit is chosen and the cursor waits in the form number.
    await expect.poll(() => focusedTestId(page)).toBe('entry-form-no');
    await page.keyboard.type('P-009');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedTestId(page)).toBe('entry-q-A1');
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    // 7 is outside the scale: the box says so and keeps the cursor.
    expect(await text(page.getByText('câu hỏi A1: 7 nằm ngoài thang điểm 1–5').first())).toContain('7');
    expect(await focusedTestId(page)).toBe('entry-q-A1');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await page.keyboard.type('4');
    await page.keyboard.press('Tab');
    await expect.poll(() => focusedTestId(page)).toBe('entry-q-AGE');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => focusedTestId(page)).toBe('entry-q-P1');
    await page.keyboard.press('Enter');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1 3');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Cán bộ nhiệt tình');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedTestId(page)).toBe('entry-save');
    // The summary shows what will be saved.
    expect(await text(page.getByTestId('entry-summary-AGE'))).toContain('2. Từ 30 đến 50');
    expect(await text(page.getByTestId('entry-summary-CH'))).toContain('1. Trực tiếp; 3. Bưu chính');
    await shot(page, 'survey-entry-01-summary');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => text(page.getByTestId('entry-result')), { timeout: 10_000 }).toContain('Đã ghi nhận phiếu P-009');

    // The next form starts with the same unit and the next number, the cursor in the form number.
    await expect.poll(() => page.getByTestId('entry-form-no').inputValue()).toBe('P-010');
    await expect.poll(() => focusedTestId(page)).toBe('entry-form-no');
    await page.keyboard.press('Enter');
    await page.keyboard.type('3');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => text(page.getByTestId('entry-result')), { timeout: 10_000 }).toContain('Đã ghi nhận phiếu P-010');
    const second = await text(page.getByTestId('entry-result'));
    // P1 is required and was left blank on the form: saved, with a warning.
    expect(second).toContain('Câu bắt buộc để trống trên phiếu: P1');

    await page.getByTestId('tab-responses').click();
    await expect.poll(() => page.getByTestId('responses-count').innerText(), { timeout: 10_000 }).toBe('2 phiếu');
    const row = await text(page.getByTestId('response-P-009'));
    expect(row).toContain('SCT');
    expect(row).toContain('Phiếu giấy');
    expect(row).toContain('5');
    await shot(page, 'survey-entry-02-responses');
  });

  it('lets the organizer flag a response for re-check after confirming', async () => {
    await loginAs(page, server.baseUrl, 'demo.admin');
    await page.goto(`${server.baseUrl}/surveys/campaigns/PAPER-TEST/entry`);
    await page.getByTestId('tab-responses').click();
    await page.getByTestId('recheck-P-009').locator('..').click();
    await page.getByTestId('recheck-note').fill('Phiếu bị tẩy xóa câu 1');
    await page.getByTestId('confirm-button').click();
    await expect.poll(() => page.getByTestId('recheck-P-009').isChecked(), { timeout: 10_000 }).toBe(true);
    expect(await text(page.getByTestId('response-P-009'))).toContain('Phiếu bị tẩy xóa câu 1');
    const flagged = await apiFromPage(page, 'GET', '/surveys/campaigns/PAPER-TEST/responses?recheck=true');
    expect((flagged.body as { items: { externalId: string }[] }).items.map((i) => i.externalId)).toEqual(['P-009']);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('tab-entry').click();
    await shot(page, 'survey-entry-03-phone');
  });
});
