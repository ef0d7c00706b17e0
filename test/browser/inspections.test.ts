import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { content, launchBrowser, localDate, loginAs, screenshot, startServer, type Browser, type RunningServer } from './harness';

/*
 * Inspections (issue 13 item 3, docs/inspections.md) on a phone: the organizer plans an inspection of SCT with the
 * appraiser as lead, records it as conducted and adds a remediation item due ten days ago (overdue: red "Quá hạn");
 * the SCT officer then reports the item as remedied, first without evidence (refused under the field), then with it.
 */
let server: RunningServer;
let browser: Browser;
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const ITEM = 'Cập nhật hệ thống quản lý chất lượng ISO 9001';

beforeAll(async () => {
  server = await startServer({}, { demo: true });
  browser = await launchBrowser({ width: 390, height: 844 });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('an inspection from the plan to the unit’s follow-up', () => {
  it('the organizer plans and records it; the unit closes its overdue item with evidence', async () => {
    const { page } = browser;
    await loginAs(page, server.baseUrl, 'demo.admin');
    await page.goto(`${server.baseUrl}/inspections`);
    await page.getByTestId('inspection-create').click();
    await page.getByTestId('inspection-unit').click();
    await page.getByTestId('inspection-unit').fill('Công Thương');
    await page.getByRole('option', { name: 'Sở Công Thương (SCT)' }).click();
    const from = localDate(-20);
    await page.getByTestId('inspection-from').fill(dmy(from));
    await page.getByTestId('inspection-from').press('Tab');
    await page.getByTestId('inspection-decision').fill(`15/QĐ-SNV`);
    await page.getByTestId('inspection-areas').fill('Cải cách thủ tục hành chính');
    await page.getByTestId('inspection-areas').press('Enter');
    await page.getByTestId('inspection-members').click();
    await page.getByTestId('inspection-members').fill('Hoàng Văn');
    await page.getByRole('option', { name: /Hoàng Văn Thẩm/ }).click();
    await page.getByTestId('inspection-decision').click(); // closes the dropdown
    await screenshot(page, 'inspections-01-create-phone');
    await page.getByTestId('inspection-form-submit').click();
    await page.waitForURL(/\/inspections\/\d+$/);
    expect(await content(page.getByTestId('inspection-team'))).toContain('Hoàng Văn Thẩm');

    await page.getByTestId('inspection-mark-conducted').click();
    await page.getByTestId('inspection-status-form-submit').click();
    await page.getByTestId('inspection-status-form').waitFor({ state: 'detached' });

    await page.getByTestId('item-create').click();
    await page.getByTestId('item-title').fill(ITEM);
    await page.getByTestId('item-owner').fill('Văn phòng Sở');
    await page.getByTestId('item-deadline').fill(dmy(localDate(-10)));
    await page.getByTestId('item-deadline').press('Tab');
    await page.getByTestId('item-form-submit').click();
    await page.getByTestId('item-form').waitFor({ state: 'detached' });
    const table = page.getByTestId('inspection-remediation');
    await expect.poll(() => content(table)).toContain('Quá hạn');
    await screenshot(page, 'inspections-02-detail-phone');

    await page.goto(`${server.baseUrl}/inspections`);
    expect(await content(page.getByTestId('inspections-coverage'))).toMatch(/1 \/ \d+ đơn vị/);
    expect(await content(page.getByTestId('inspection-SCT'))).toContain('1 quá hạn');

    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(`${server.baseUrl}/inspections`);
    await page.getByTestId('inspection-SCT').getByRole('link').click();
    await page.waitForURL(/\/inspections\/\d+$/);
    await page.getByRole('button', { name: 'Báo cáo đã khắc phục' }).click();
    await page.getByTestId('close-form-submit').click();
    await expect.poll(() => content(page.getByTestId('close-form'))).toContain('cần nêu minh chứng đã khắc phục');
    await page.getByTestId('close-evidence').fill('Quyết định số 45/QĐ-SCT công bố hệ thống ISO cập nhật');
    await screenshot(page, 'inspections-03-close-phone');
    await page.getByTestId('close-form-submit').click();
    await page.getByTestId('close-form').waitFor({ state: 'detached' });
    await expect.poll(() => content(table)).toContain(`Đã khắc phục ${dmy(localDate(0))}`);
    expect(await content(table)).not.toContain('Quá hạn');
    // Unit staff neither edit nor add.
    expect(await page.getByTestId('item-create').count()).toBe(0);
    expect(await page.getByTestId('inspection-edit').count()).toBe(0);
    await screenshot(page, 'inspections-04-closed-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.baseUrl}/inspections`);
    await page.getByTestId('inspections-table').waitFor();
    await screenshot(page, 'inspections-05-list-desktop');
  });
});
