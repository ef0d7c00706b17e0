import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, content, launchBrowser, loginAs, shot, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * The organizer uploads a large dossier file and watches the progress bar move, sees the result, is shown the
 * rejected rows of a bad file, and creates and revokes a machine token. The demo province provides the units;
 * the two procedures are created through the API first.
 */

const HEADER = 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status';
const ROWS = 150_000;

let server: RunningServer;
let browser: Browser;
let page: Page;
let folder: string;
let bigFile: string;
let badFile: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'parindex-dossiers-'));
  // 150,000 dossiers of SNV's procedure, about 15 MB: the server reads them for a few seconds, several progress steps
  // even on a fast machine (progress is saved every 250 ms and polled every 400 ms).
  const lines = [HEADER];
  for (let i = 0; i < ROWS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(
      `HS-2025-${String(i).padStart(6, '0')},SNV,DEMO.SNV.1,,${i % 3 === 0 ? 'online' : 'direct'},2025-02-${day}T08:15,,2025-03-${day}T10:00,,resolved`,
    );
  }
  bigFile = join(folder, 'ho-so-thang-2.csv');
  writeFileSync(bigFile, `${lines.join('\n')}\n`);
  badFile = join(folder, 'ho-so-loi.csv');
  writeFileSync(
    badFile,
    [
      HEADER,
      'HS-LOI-1,SNV,DEMO.SNV.1,,direct,2025-04-01T08:00,,,,processing',
      'HS-LOI-2,KHONGCO,DEMO.SNV.1,,direct,2025-04-01T08:00,,,,processing',
      'HS-LOI-3,SNV,DEMO.SNV.1,,fax,2025-04-01T08:00,,,,processing',
      '',
    ].join('\n'),
  );
  server = await startServer({}, { demo: true });
  browser = await launchBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('dossier upload in the browser', () => {
  it('signs in as the organizer; the procedures exist', async () => {
    await loginAs(page, server.baseUrl, 'demo.admin');
    const created = await apiFromPage(page, 'POST', '/procedures', {
      json: {
        code: 'DEMO.SNV.1',
        name: 'Cấp bản sao văn bằng',
        field: 'Giáo dục',
        unitCode: 'SNV',
        legalDays: 5,
        internalDays: 4,
        onlineLevel: 'full',
        fee: null,
        published: true,
      },
    });
    expect(created.status).toBe(201);
  });

  it('uploads 150,000 dossiers: the bars move through intermediate values, then the result shows the counts', async () => {
    await page.getByTestId('nav-dossiers').click();
    await page.waitForURL((url) => url.pathname === '/dossiers');
    await page.getByRole('heading', { level: 2, name: 'Hồ sơ một cửa' }).waitFor();
    // The import is the organizer's second tab, after the dossier search.
    await page.getByTestId('tab-dossier-import').click();
    await page.locator('input[type="file"]').setInputFiles(bigFile);

    // Record every value the bars take (aria-valuenow) while the upload runs: the bytes sent by the browser, and
    // the bytes of the file the server has read (on a local network the upload itself is nearly instant; the
    // server's reading is what takes time).
    await page.evaluate(() => {
      const seen: Record<string, number[]> = { upload: [], read: [] };
      (window as unknown as { __progress: Record<string, number[]> }).__progress = seen;
      const record = () => {
        for (const [key, testId] of [
          ['upload', 'dossier-upload-progress'],
          ['read', 'dossier-read-progress'],
        ] as const) {
          const value = document.querySelector(`[data-testid="${testId}"]`)?.getAttribute('aria-valuenow');
          const list = seen[key]!;
          if (value !== null && value !== undefined && list[list.length - 1] !== Number(value)) list.push(Number(value));
        }
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    await page.getByTestId('dossier-upload-submit').click();
    await page.getByTestId('dossier-upload-result').waitFor({ timeout: 120_000 });
    const { upload, read } = await page.evaluate(() => (window as unknown as { __progress: Record<string, number[]> }).__progress);
    const intermediate = read!.filter((v) => v > 0 && v < 100);
    expect(intermediate.length, `read bar values seen: ${read!.join(', ')}`).toBeGreaterThan(0);
    // The bars only move forward, and end full.
    for (const values of [upload!, read!]) {
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(values.at(-1)).toBe(100);
    }

    // Every row is a new dossier.
    expect(await content(page.getByTestId('dossier-count-rowsRead'))).toContain('150.000');
    expect(await content(page.getByTestId('dossier-count-inserted'))).toContain('150.000');
    expect(await content(page.getByTestId('dossier-count-updated'))).toContain('0');
    expect(await content(page.getByTestId('dossier-count-rejected'))).toContain('0');
    expect(await text(page.getByTestId('dossier-upload-phase'))).toBe('Nhập xong.');
    // The run is listed with the file name and who ran it.
    const firstRun = page.getByTestId('dossier-runs-table').locator('tbody tr').first();
    await firstRun.filter({ hasText: 'ho-so-thang-2.csv' }).waitFor();
    expect(await text(firstRun)).toContain('demo.admin');
    expect(await text(firstRun)).toContain('150.000');
    await shot(page, '70-dossiers-upload-done');
  });

  it('a file with invalid rows is rejected with its lines and reasons; with "skip invalid rows" the valid one loads', async () => {
    await page.locator('input[type="file"]').setInputFiles(badFile);
    await page.getByTestId('dossier-upload-submit').click();
    const rejected = page.getByTestId('dossier-upload-rejected');
    await rejected.waitFor();
    const rows = await rejected.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(0, 2))).toEqual([
      ['3', 'unit_code'],
      ['4', 'channel'],
    ]);
    expect(await text(rejected)).toContain('2 dòng không hợp lệ');
    await shot(page, '71-dossiers-upload-rejected');

    await page.getByRole('switch', { name: 'Bỏ qua dòng lỗi' }).check({ force: true });
    await page.getByTestId('dossier-upload-submit').click();
    const result = page.getByTestId('dossier-upload-result');
    await result.waitFor();
    expect(await content(page.getByTestId('dossier-count-inserted'))).toContain('1');
    expect(await content(page.getByTestId('dossier-count-rejected'))).toContain('2');
    expect((await result.locator('tbody tr').allInnerTexts()).map((r) => r.split('\t')[0])).toEqual(['3', '4']);
  });

  it('creates a machine token shown once with a copy button, and revokes it', async () => {
    await page.getByTestId('dossier-token-name').fill('Hệ thống một cửa tỉnh');
    await page.getByTestId('dossier-token-create').click();
    const token = await content(page.getByTestId('dossier-token-value'));
    expect(token).toMatch(/^pdx_[A-Za-z0-9_-]{43}$/);
    await page.getByTestId('dossier-token-copy').waitFor();
    await shot(page, '72-dossiers-token-created');
    await page.keyboard.press('Escape');
    await page.getByTestId('dossier-token-value').waitFor({ state: 'detached' });

    // The token works for a push, from outside the browser (no session).
    const push = await fetch(`${server.baseUrl}/api/v1/dossiers:batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        dossiers: [{ code: 'HS-API-1', unitCode: 'SNV', procedureCode: 'DEMO.SNV.1', channel: 'online', receivedAt: '2025-05-05T08:00', status: 'received' }],
      }),
    });
    expect(push.status).toBe(200);

    const tokens = page.getByTestId('dossier-tokens-table');
    const row = tokens.locator('tbody tr', { hasText: 'Hệ thống một cửa tỉnh' });
    expect(await content(row)).toContain('Đang dùng');
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await page.getByTestId('confirm-button').click();
    await row.filter({ hasText: 'Đã thu hồi' }).waitFor();
    const refused = await fetch(`${server.baseUrl}/api/v1/dossiers:batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        dossiers: [{ code: 'HS-API-2', unitCode: 'SNV', procedureCode: 'DEMO.SNV.1', channel: 'online', receivedAt: '2025-05-05T08:00', status: 'received' }],
      }),
    });
    expect(refused.status).toBe(401);
    // The batch run is in the list, by the token.
    await page.reload();
    await page.getByTestId('dossier-runs-table').locator('tbody tr', { hasText: 'Hệ thống một cửa tỉnh' }).first().waitFor();
  });

  it('works at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('dossier-upload-submit').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, '73-dossiers-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
