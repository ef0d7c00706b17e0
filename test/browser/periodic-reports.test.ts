import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, launchBrowser, localDate, loginAs, screenshot, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * Periodic reports (docs/periodic-reports.md) on a phone: the organizer asks for the Q1 report of this year, due in ten
 * days; the demo officer writes and submits it (confirmation); it is locked and on time; the organizer's status says
 * so ("1/… đúng hạn").
 */
let server: RunningServer;
let browser: Browser;
const YEAR = new Date().getFullYear();
const dmy = (iso: string) => iso.split('-').reverse().join('/');

beforeAll(async () => {
  server = await startServer({}, { demo: true });
  browser = await launchBrowser({ width: 390, height: 844 });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a unit submits its quarterly report on time', () => {
  it('the organizer sets the due date, the unit writes and submits, the status follows', async () => {
    const { page } = browser;
    const due = localDate(10);
    await loginAs(page, server.baseUrl, 'demo.admin');
    await page.goto(`${server.baseUrl}/reports`);
    await page.getByTestId('reports-tab-deadlines').click();
    await page.getByTestId('deadline-ask-q1').check();
    await page.getByTestId('deadline-date-q1').fill(dmy(due));
    await page.getByTestId('deadline-date-q1').press('Tab');
    await page.getByTestId('deadlines-save').click();
    await page.getByText('Đã lưu').waitFor();
    const deadlines = (await apiFromPage(page, 'GET', `/reports/deadlines?year=${YEAR}`)) as { body: { deadlines: { period: string; dueOn: string }[] } };
    expect(deadlines.body.deadlines.map((d) => [d.period, d.dueOn])).toEqual([['q1', due]]);

    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(`${server.baseUrl}/reports`);
    const card = page.getByTestId('reports-period-q1');
    expect(await text(card)).toContain(`Hạn gửi: ${dmy(due)}`);
    expect(await card.getByTestId('report-state-not_submitted').count()).toBe(1);
    await page.getByTestId('reports-open-q1').click();
    await page.getByTestId('figures-plans').waitFor();
    await page.getByTestId('report-document-no').fill('05/BC-SCT');
    await page.getByTestId('report-section-ket_qua').fill('Hoàn thành rà soát 12 thủ tục hành chính.');
    await page.getByTestId('report-save').click();
    await expect.poll(() => page.getByTestId('report-save').isDisabled()).toBe(true);
    await screenshot(page, 'periodic-report-unit-phone');
    await page.getByTestId('report-submit').click();
    expect(await text(page.getByRole('dialog'))).toContain('báo cáo bị khóa');
    await page.getByTestId('confirm-button').click();
    await page.getByTestId('report-state-on_time').waitFor();
    expect(await page.getByTestId('report-section-ket_qua').getAttribute('readonly')).not.toBeNull();

    await loginAs(page, server.baseUrl, 'demo.admin');
    await page.goto(`${server.baseUrl}/reports`);
    await page.getByTestId('reports-counts').waitFor();
    expect(await text(page.getByTestId('reports-counts'))).toMatch(/^Hạn gửi: .* · 1\/\d+ đúng hạn · 0 trễ hạn · \d+ chưa gửi$/);
    await screenshot(page, 'periodic-report-status-phone');
  }, 180_000);
});
