import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../src/db/client';
import { systemActor } from '../../src/modules/auth/actor';
import { createBlock } from '../../src/modules/blocks/service';
import { createUnit } from '../../src/modules/units/service';
import { createUser } from '../../src/modules/users/service';
import { seedSipasCampaign } from '../helpers/survey-results-fixtures';
import { launchBrowser, loginAs, shot, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * The results pages of a SIPAS campaign (fixture and hand-computed figures: test/api/survey-results.test.ts):
 * SCT 2/3 responses, access 50, feedback 100, SIPAS 75; SNV 3/4, 80 · 66.67 · 100 · 66.67 · –, SIPAS 78.33; X1 0/2, –;
 * province 5/9, SIPAS 80.95. SNV's free texts include "<script>alert(1)</script>", shown as text.
 */
const PASSWORD = 'survey-results-pass';
const actor = systemActor('test:survey-results-browser');
let dataDir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;

async function seed(dir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await database.migrate();
  try {
    const { db } = database;
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, 2025);
    await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, 2025);
    await createUnit(db, actor, { code: 'SNV', name: 'Sở Nội vụ', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', blockCode: 'XA', year: 2025 });
    await createUser(db, actor, {
      username: 'results.admin',
      displayName: 'Tổ chức',
      role: 'admin',
      unitCode: null,
      password: PASSWORD,
      mustChangePassword: false,
    });
    await seedSipasCampaign(db);
  } finally {
    await database.close();
  }
}

describe('survey results pages', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parindex-survey-results-'));
    await seed(dataDir);
    server = await startServer({ PARINDEX_DATA_DIR: dataDir });
    browser = await launchBrowser();
    page = browser.page;
    await loginAs(page, server.baseUrl, 'results.admin', PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the units table with the province, the chart and the downloads', async () => {
    await page.goto(`${server.baseUrl}/surveys/campaigns/SIPAS-2025/results`);
    await page.getByTestId('survey-results-table').waitFor();
    const snv = (await text(page.getByTestId('survey-results-SNV'))).replace(/\s+/g, ' ');
    expect(snv).toBe('Sở Nội vụ 3 4 80,00 66,67 100,00 66,67 — 78,33');
    expect((await text(page.getByTestId('survey-results-X1'))).replace(/\s+/g, ' ')).toBe('Xã Đồng Tâm 0 2 — — — — — —');
    expect((await text(page.getByTestId('survey-results-province'))).replace(/\s+/g, ' ')).toBe('Toàn tỉnh 5 9 71,43 66,67 100,00 66,67 100,00 80,95');
    await page.getByTestId('survey-results-chart').locator('canvas').waitFor();
    await page.getByTestId('survey-results-downloads').click();
    expect(await page.getByTestId('survey-results-csv').getAttribute('href')).toBe('/api/v1/surveys/campaigns/SIPAS-2025/results/report?format=csv');
    await page.keyboard.press('Escape');
    await shot(page, 'survey-results-campaign');
  });

  it("a unit's page: profiles, distributions and free texts shown as text", async () => {
    await page.getByTestId('survey-results-SNV').getByRole('link').click();
    await page.getByTestId('survey-unit-sipas').waitFor();
    expect(await text(page.getByTestId('survey-unit-sipas'))).toContain('78,33');
    expect((await text(page.getByTestId('survey-profile-sex'))).replace(/\s+/g, ' ')).toContain('Nam 2 100,00 100,00 100,00 50,00 — 87,50');
    expect(await text(page.getByTestId('survey-question-A2'))).toContain('3 câu trả lời · Trung bình: 4,00');
    const texts = page.getByTestId('survey-text');
    await texts.first().waitFor();
    expect(await texts.count()).toBe(2);
    expect(await text(texts.first())).toContain('<script>alert(1)</script>');
    expect(await page.locator('script', { hasText: 'alert(1)' }).count()).toBe(0);
    await shot(page, 'survey-results-unit');
  });

  it('stacks the units on a phone', async () => {
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      await loginAs(phone.page, server.baseUrl, 'results.admin', PASSWORD);
      await phone.page.goto(`${server.baseUrl}/surveys/campaigns/SIPAS-2025/results`);
      await phone.page.getByTestId('survey-results-cards').waitFor();
      expect(await phone.page.getByTestId('survey-results-card').count()).toBe(4);
      expect(await phone.page.getByTestId('survey-results-table').count()).toBe(0);
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await shot(phone.page, 'survey-results-phone');
    } finally {
      await phone.close();
    }
  });
});
