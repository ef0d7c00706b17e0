import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { apiFromPage, screenshotDir, launchBrowser, loginAs, shot, startServer, text, type Browser, type RunningServer } from './harness';

// The template list and editor on a phone: the shipped templates are there at first start, a refused save points at the
// question, a question is added and one removed (asked to confirm), and the page never scrolls sideways.
let server: RunningServer;
let browser: Browser;
let page: Page;

const overflows = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

describe('survey templates in the browser, on a phone', () => {
  beforeAll(async () => {
    server = await startServer({}, { demo: true });
    browser = await launchBrowser({ width: 390, height: 844 });
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the shipped templates and edits SIPAS, showing a refused question in place', async () => {
    await loginAs(page, server.baseUrl, 'demo.admin');
    await page.goto(`${server.baseUrl}/surveys/templates`);
    expect(await text(page.getByTestId('template-row-SIPAS'))).toContain('31');
    expect(await text(page.getByTestId('template-row-OFFICIALS'))).toContain('12');
    expect(await overflows(page)).toBe(false);
    await shot(page, 'survey-templates-01-list-phone');

    await page.getByRole('link', { name: 'SIPAS' }).click();
    await page.waitForURL((url) => url.pathname === '/surveys/templates/SIPAS');
    await page.getByTestId('question-1-code').waitFor();
    // Question 2 (sex) renamed to the code of question 1: refused, the message under question 2's code.
    await page.getByTestId('question-1-code').fill('age_group');
    await page.getByTestId('template-save').click();
    await expect.poll(() => page.getByTestId('template-question-errors').count(), { timeout: 10_000 }).toBe(1);
    expect(await text(page.getByTestId('template-question-errors'))).toBe('Có lỗi ở câu hỏi: 2');
    expect(await text(page.getByTestId('question-1'))).toContain('câu hỏi age_group xuất hiện hai lần');
    expect(await overflows(page)).toBe(false);
    // The refused question as the phone shows it (the viewport, not the whole long page).
    await page.getByTestId('question-1').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(screenshotDir, 'survey-templates-02-editor-error-phone.png') });

    // Put it back, add a question at the end and remove the comment question (asked to confirm), then save.
    await page.getByTestId('question-1-code').fill('sex');
    await page.getByTestId('template-add-question').click();
    await page.getByTestId('question-31-code').fill('extra');
    await page.getByTestId('question-31-section').fill('access');
    await page.getByTestId('question-31-text').fill('Ông/Bà có giới thiệu người khác đến đây không?');
    await page.getByTestId('question-30-remove').click();
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('template-save').click();
    await expect.poll(() => page.getByText('Đã lưu mẫu phiếu SIPAS').count(), { timeout: 10_000 }).toBe(1);

    const saved = (await apiFromPage(page, 'GET', '/surveys/templates/SIPAS')).body as { version: number; content: { questions: { code: string }[] } };
    expect(saved.version).toBe(2);
    const codes = saved.content.questions.map((q) => q.code);
    expect(codes.length).toBe(31);
    expect(codes.at(-1)).toBe('extra');
    expect(codes).not.toContain('comment');
    expect(codes[1]).toBe('sex');
  });
});
