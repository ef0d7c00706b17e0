import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { systemActor } from '../../src/modules/auth/actor';
import { createBlock } from '../../src/modules/blocks/service';
import { createUnit } from '../../src/modules/units/service';
import { createUser } from '../../src/modules/users/service';
import { insertTimelinessFixture, REPORT_2025_CSV } from '../helpers/timeliness-fixtures';
import { launchBrowser, loginAs, shot, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * The rollup rows of test/helpers/timeliness-fixtures.ts; the figures are those worked out by hand in
 * test/api/timeliness.test.ts. 2025, D = 2025-12-31 (the year is over): 64 received (15 online → 23,44 %),
 * 58 resolved, 32 early, 18 on time, 8 late (rate 50 / 58 = 86,21 %), 10 overdue in processing.
 * Block XA (X1, X2): 41 received, 41 resolved, 23 early, 14 on time, 4 late → 90,24 %, 0 overdue.
 */
const PASSWORD = 'timeliness-browser-test';
let dataDir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;

async function kpi(p: Page, id: string): Promise<string> {
  return text(p.getByTestId(`kpi-${id}-value`));
}

describe('timeliness dashboard in the browser', () => {
  beforeAll(async () => {
    // The data folder is prepared before the server starts (PGlite is one process).
    dataDir = mkdtempSync(join(tmpdir(), 'parindex-browser-timeliness-'));
    const database = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
    try {
      await database.migrate();
      const { db } = database;
      const actor = systemActor('test:fixture');
      await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, 2025);
      await createBlock(db, actor, { code: 'HUYEN', name: 'Khối huyện' }, 2025);
      await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, 2025);
      await createUnit(db, actor, { code: 'SNV', name: 'Sở Nội vụ', blockCode: 'SO', year: 2025 });
      await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year: 2025 });
      await createUnit(db, actor, { code: 'H1', name: 'Huyện An Phú', blockCode: 'HUYEN', year: 2025 });
      await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', parentCode: 'H1', blockCode: 'XA', year: 2025 });
      await createUnit(db, actor, { code: 'X2', name: 'Xã Hòa Bình', parentCode: 'H1', blockCode: 'XA', year: 2025 });
      await createUser(db, actor, {
        username: 'tl.admin',
        displayName: 'Quản trị',
        role: 'admin',
        unitCode: null,
        password: PASSWORD,
        mustChangePassword: false,
      });
      await insertTimelinessFixture(db);
    } finally {
      await database.close();
    }
    server = await startServer({ PARINDEX_DATA_DIR: dataDir });
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the province view of 2025 with the hand-computed figures and its charts', async () => {
    await loginAs(page, server.baseUrl, 'tl.admin', PASSWORD);
    await page.getByTestId('nav-timeliness').click();
    await page.waitForURL((url) => url.pathname === '/timeliness');
    await page.goto(`${server.baseUrl}/timeliness?year=2025`);

    await page.getByTestId('timeliness-dashboard').waitFor();
    expect(await text(page.getByTestId('timeliness-subtitle'))).toBe('Số liệu năm 2025; hồ sơ quá hạn đang xử lý tính đến ngày 31/12/2025');
    expect(await kpi(page, 'received')).toBe('64');
    expect(await kpi(page, 'resolved')).toBe('58');
    expect(await kpi(page, 'early')).toBe('32');
    expect(await kpi(page, 'on-time')).toBe('18');
    expect(await kpi(page, 'late')).toBe('8');
    expect(await kpi(page, 'overdue')).toBe('10');
    expect(await kpi(page, 'on-time-rate')).toBe('86,21 %');
    expect(await kpi(page, 'online-share')).toBe('23,44 %');

    // Three ECharts canvases: the monthly trend, early / on time / late per unit, channels.
    for (const chart of ['chart-trend', 'chart-units', 'chart-channels']) {
      await expect.poll(() => page.getByTestId(chart).locator('canvas').count()).toBeGreaterThan(0);
    }
    const worst = page.getByTestId('worst-procedures').locator('tbody tr');
    expect(await worst.count()).toBe(4);
    expect(await text(worst.nth(0))).toMatch(/^Đăng ký kết hôn\s+3\.000004\s+Xã Đồng Tâm\s+3\s+9\s+66,67 %$/);
    expect(await text(worst.nth(1))).toMatch(/^Cấp giấy chứng nhận quyền sử dụng đất\s+1\.000002\s+Sở Nội vụ\s+2\s+3\s+33,33 %$/);
    expect(await text(page.getByTestId('timeliness-units-SCT'))).toMatch(/^Sở Công Thương \(SCT\)\s+3\s+0\s+0\s+0\s+0\s+3\s+—\s+0,00 %$/);
    expect(await text(page.getByTestId('timeliness-fields-Hộ tịch'))).toMatch(/^Hộ tịch\s+57\s+55\s+32\s+17\s+6\s+7\s+89,09 %/);
    await shot(page, 'timeliness-province');
  });

  it('downloads the report the page links to', async () => {
    await page.getByTestId('timeliness-download').click();
    const href = await page.getByTestId('timeliness-download-csv-unit').getAttribute('href');
    expect(href).toBe('/api/v1/timeliness/report?year=2025&by=unit&format=csv');
    await page.keyboard.press('Escape');
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href!);
    expect(csv).toBe(REPORT_2025_CSV);
  });

  it('filters by block and by unit', async () => {
    await page.getByTestId('timeliness-block').click();
    await page.getByRole('option', { name: 'Khối xã' }).click();
    await expect.poll(() => kpi(page, 'received')).toBe('41');
    expect(await kpi(page, 'on-time-rate')).toBe('90,24 %');
    expect(await kpi(page, 'overdue')).toBe('0');
    expect(new URL(page.url()).searchParams.get('block')).toBe('XA');

    await page.getByTestId('timeliness-unit').click();
    await page.getByRole('option', { name: 'Xã Hòa Bình (X2)' }).click();
    await expect.poll(() => page.getByTestId('timeliness-dashboard').getAttribute('data-view')).toBe('unit');
    expect(await kpi(page, 'received')).toBe('32');
    expect(await kpi(page, 'on-time-rate')).toBe('96,88 %');
    // The unit view has no per-unit chart or table.
    expect(await page.getByTestId('chart-units').count()).toBe(0);
    await shot(page, 'timeliness-unit');
  });

  it('fits a 390 px phone', async () => {
    await page.goto(`${server.baseUrl}/timeliness?year=2025`);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => kpi(page, 'received')).toBe('64');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(page, 'timeliness-phone');
  });
});
