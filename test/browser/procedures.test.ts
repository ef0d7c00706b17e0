import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiFromPage, content, launchBrowser, loginAs, shot, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * A small catalogue for the demo province (units SCT, SNV, X001). Hand-computed statistics of SCT (published only;
 * 1.000004 is unpublished): full 1 (1.000001), partial 1 (1.000002), none 1 (1.000003); with a legal limit 3;
 * cut: 1.000001 15 → 10 (5/15 = 33.33 %), 1.000002 20 → 15 (25 %), 1.000003 7 → 7 (0) → cut 2;
 * average (1/3 + 1/4 + 0) / 3 = 7/36 = 19.444… → 19,44; cut ≥ 30 %: 1.
 */
const CATALOGUE = [
  'code,name,field,unit_code,legal_days,internal_days,online_level,fee,published',
  '1.000001,Cấp giấy phép kinh doanh bán lẻ rượu,Thương mại,SCT,15,10,toàn trình,1.200.000,có',
  '1.000002,Cấp giấy phép bán buôn rượu,Thương mại,SCT,20,15,một phần,,có',
  '1.000003,Đăng ký hoạt động khuyến mại,Xúc tiến thương mại,SCT,7,7,none,0,có',
  '1.000004,Dự thảo thủ tục thương mại điện tử,Thương mại,SCT,10,5,full,,không',
  '2.000001,Đăng ký khai sinh,Hộ tịch,X001,1,1,full,,có',
  '2.000002,Thẩm định đề án vị trí việc làm,Tổ chức bộ máy,SNV,30,20,mức 3,,có',
].join('\n');

let server: RunningServer;
let browser: Browser;
let page: Page;

const rowCodes = (p: Page) =>
  p.locator('[data-testid^="public-procedure-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('public-procedure-', '')));

async function searchFor(p: Page, query: string, expected: string[]) {
  await p.getByTestId('public-procedures-search').fill(query);
  await p.waitForFunction((q) => new URL(location.href).searchParams.get('q') === q, query.trim());
  await expect.poll(() => rowCodes(p), { timeout: 10_000 }).toEqual(expected);
}

describe('the procedure catalogue in the browser', () => {
  beforeAll(async () => {
    server = await startServer({}, { demo: true });
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the organizer import the catalogue and see the per-unit statistics', async () => {
    await loginAs(page, server.baseUrl, 'demo.admin');

    await page.getByTestId('nav-procedures').click();
    await page.waitForURL((url) => url.pathname === '/procedures');
    await page.getByTestId('procedures-import').click();
    await page.locator('input[type="file"]').setInputFiles({ name: 'thu-tuc.csv', mimeType: 'text/csv', buffer: Buffer.from(CATALOGUE) });
    await page.getByTestId('import-submit').click();
    await expect.poll(() => page.getByTestId('procedures-count').innerText(), { timeout: 10_000 }).toBe('6 thủ tục');
    expect(await text(page.getByTestId('procedure-row-1.000001'))).toContain('1.200.000 đ');
    expect(await text(page.getByTestId('procedure-row-1.000001'))).toContain('33,33 %');
    await shot(page, 'procedures-01-catalogue');

    // Create one by hand: the form refuses an internal limit longer than the legal one, beside the field.
    await page.getByTestId('procedure-create-button').click();
    await page.getByTestId('procedure-form-code').fill('9.000001');
    await page.getByTestId('procedure-form-name').fill('Cấp phép thử nghiệm');
    await page.getByTestId('procedure-form-field').fill('Thử nghiệm');
    await page.getByTestId('procedure-form-unit').click();
    await page.getByTestId('procedure-form-unit').fill('SNV');
    await page.getByRole('option', { name: /\(SNV\)$/ }).click();
    await page.getByTestId('procedure-form-legal').fill('10');
    await page.getByTestId('procedure-form-internal').fill('12');
    await page.getByTestId('procedure-form-submit').click();
    await expect.poll(() => page.getByText('thời hạn nội bộ 12 ngày dài hơn thời hạn theo quy định 10 ngày').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('procedure-form-internal').fill('8');
    await page.getByTestId('procedure-form-submit').click();
    await expect.poll(() => page.getByTestId('procedures-count').innerText(), { timeout: 10_000 }).toBe('7 thủ tục');
    expect(await text(page.getByTestId('procedure-row-9.000001'))).toContain('20,00 %');
    await page.getByTestId('procedure-row-9.000001').getByRole('button', { name: 'Xóa' }).click();
    await page.getByTestId('confirm-button').click();
    await expect.poll(() => page.getByTestId('procedures-count').innerText(), { timeout: 10_000 }).toBe('6 thủ tục');

    await page.getByTestId('procedures-tab-stats').click();
    const sct = await text(page.getByTestId('procedure-stats-SCT'));
    expect(sct.split(/\s+/).slice(-10)).toEqual(['4', '3', '1', '1', '1', '33,33', '2', '19,44', '1', '33,33']);
    await page.getByTestId('procedure-stats-chart').waitFor();
    await shot(page, 'procedures-02-statistics');

    await page.getByTestId('logout-button').click();
    await page.waitForURL((url) => url.pathname === '/login');
  });

  it('finds published procedures without signing in, with or without diacritics', async () => {
    await page.getByTestId('login-public-procedures').click();
    await page.waitForURL((url) => url.pathname === '/public/procedures');
    await expect.poll(() => page.getByTestId('public-procedures-count').innerText()).toBe('Tìm thấy 5 thủ tục');

    await searchFor(page, 'thuong mai', ['1.000001', '1.000002', '1.000003']);
    await searchFor(page, 'THƯƠNG MẠI', ['1.000001', '1.000002', '1.000003']);
    await searchFor(page, 'dang ky', ['1.000003', '2.000001']);
    await searchFor(page, 'đăng ký khai sinh', ['2.000001']);
    await searchFor(page, 'dien tu', []);
    expect(await text(page.getByTestId('public-procedures-count'))).toBe('Tìm thấy 0 thủ tục');

    await searchFor(page, 'ruou', ['1.000001', '1.000002']);
    const row = await text(page.getByTestId('public-procedure-1.000001'));
    expect(row).toContain('Sở Công Thương');
    expect(row).toContain('10 ngày');
    expect(await content(page.getByTestId('public-procedure-1.000001').getByTestId('online-full'))).toBe('Toàn trình');
    await shot(page, 'procedures-03-public-search');
  });

  it('works at 390 px: cards, no sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('public-procedures-cards').waitFor();
    await searchFor(page, 'thuong mai', ['1.000001', '1.000002', '1.000003']);
    expect(await content(page.getByTestId('public-procedure-1.000002'))).toContain('Một phần');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'procedures-04-public-390');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('keeps unpublished procedures out of the public API', async () => {
    const res = await apiFromPage(page, 'GET', '/public/procedures?q=du%20thao');
    expect(res.status).toBe(200);
    expect((res.body as { total: number }).total).toBe(0);
  });

  it("shows a unit officer the catalogue without the organizer's actions (the list's `can`)", async () => {
    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(`${server.baseUrl}/procedures`);
    await expect.poll(() => page.getByTestId('procedures-count').innerText(), { timeout: 10_000 }).toBe('6 thủ tục');
    expect(await page.getByTestId('procedures-export').count()).toBe(1);
    expect(await page.getByTestId('procedures-import').count()).toBe(0);
    expect(await page.getByTestId('procedure-create-button').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Xóa' }).count()).toBe(0);
  });
});
