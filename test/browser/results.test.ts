import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, loginAs, startServer, type Browser, type RunningServer, apiFromPage, content, shot, text } from './harness';
import { SAMPLE_FRAMEWORK } from '../helpers/samples';

const SAMPLE = SAMPLE_FRAMEWORK;

/*
 * Scores of three departments (block SO) on a few leaves of the sample framework (100 points: 80 appraised + 20
 * survey; bonus 10 and penalty 11 outside the maximum). A leaf without any value scores 0 and keeps its maximum.
 * The five formula criteria (1.1.2 = 2, 3.3 = 4, 3.4 = 2, 7.2 = 3, 7.3 = 3: 14 points) have nothing to measure (no
 * plans, dossiers or procedures loaded), so they are not applicable (docs/formula-criteria.md): the maximum is 86.
 * Expected values by hand, per domain.md "Computing the index":
 *
 * 2025
 *   SNV: 1.1.1 = 1 (self); 1.2 = 1.5 (appraisal over self 2); 3.1 = 3; bonus 10 = +1 (appraised)
 *        score = 1 + 1.5 + 3 + 1 = 6.5, max 86 → 6.5 / 86 × 100 = 7.558… → 7.56; self score = 1 + 2 + 3 = 6
 *   STP: 1.1.1 = 1; 1.2 = 2; 3.1 = 2.5 (council over self 3); 2.1 (3 points) not applicable
 *        score = 5.5, max 86 − 3 = 83 → 5.5 / 83 × 100 = 6.626… → 6.63; self score = 1 + 2 + 3 = 6
 *   VP:  1.1.1 = 1; 1.2 = 2; 3.1 = 3; penalty 11 = −0.5 (appraised)
 *        score = 6 − 0.5 = 5.5, max 86 → 6.395… → 6.40; self score = 6
 *   Ranks: SNV 1, STP 2, VP 3; class "Yếu" (< 70) for all.
 *   Field 1 (12 points, 10 applicable without 1.1.2): SNV 2.5 / 10 = 25.00; STP 3 / 10 = 30.00; VP 30.00
 *     → block average (25 + 30 + 30) / 3 = 28.33
 *   Field 3 (14 points, 8 applicable without 3.3 and 3.4): SNV 3 / 8 = 37.50; STP 2.5 / 8 = 31.25; VP 37.50
 * 2024 (framework cloned from 2025): SNV 1+2+3+3 = 9 → 10.47 rank 1; VP 1+2+2 = 5 → rank 2; STP 1+1 = 2 → rank 3
 *   → change in 2025: SNV — (1 → 1), STP ▲1 (3 → 2), VP ▼1 (2 → 3)
 * 2023 (SNV given a 2023 membership): SNV alone, 1.1.1 = 1 → 1.16 rank 1
 *   → SNV is first in 2023, 2024 and 2025: "Dẫn đầu 3 năm liên tiếp".
 */
const HEADER = 'unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable';
const SCORES_2025 = [
  HEADER,
  'SNV,1.1.1,1,,,',
  'SNV,1.2,2,1.5,,',
  'SNV,3.1,3,,,',
  'SNV,10,,1,,',
  'STP,1.1.1,1,,,',
  'STP,1.2,2,,,',
  'STP,3.1,3,,2.5,',
  'STP,2.1,,,,yes',
  'VP,1.1.1,1,,,',
  'VP,1.2,2,,,',
  'VP,3.1,3,,,',
  'VP,11,,0.5,,',
].join('\n');
const SCORES_2024 = [
  HEADER,
  'SNV,1.1.1,1,,,',
  'SNV,1.2,2,,,',
  'SNV,3.1,3,,,',
  'SNV,4.1,3,,,',
  'VP,1.1.1,1,,,',
  'VP,1.2,2,,,',
  'VP,3.1,2,,,',
  'STP,1.1.1,1,,,',
  'STP,1.2,1,,,',
].join('\n');
const SCORES_2023 = [HEADER, 'SNV,1.1.1,1,,,'].join('\n');

const EXPECTED_2025 = [
  { unit: 'SNV', rank: '1', index: '7,56', self: '6,00', score: '6,50', change: '0' },
  { unit: 'STP', rank: '2', index: '6,63', self: '6,00', score: '5,50', change: '1' },
  { unit: 'VP', rank: '3', index: '6,40', self: '6,00', score: '5,50', change: '-1' },
];

let server: RunningServer;
let browser: Browser;
let page: Page;
let frameworkId = 0;

async function waitForPath(p: Page, path: string | RegExp) {
  await p.waitForURL((url) => (typeof path === 'string' ? url.pathname === path : path.test(url.pathname)));
}

async function chooseOption(select: Locator, name: string | RegExp) {
  await select.click();
  await page.getByRole('option', { name }).click();
}

describe('frameworks and results in the browser', () => {
  beforeAll(async () => {
    server = await startServer({}, { demo: true });
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in as the demo organizer and shows Results and Frameworks in the menu', async () => {
    await loginAs(page, server.baseUrl, 'demo.admin');
    expect(await text(page.getByTestId('nav-results'))).toBe('Kết quả');
    expect(await text(page.getByTestId('nav-frameworks'))).toBe('Bộ tiêu chí');
  });

  it('imports the sample framework through the import dialog and shows its criteria tree', async () => {
    await page.getByTestId('nav-frameworks').click();
    await waitForPath(page, '/frameworks');
    await page.getByTestId('frameworks-import').click();
    await page.getByTestId('framework-import-year').fill('2025');
    await chooseOption(page.getByTestId('framework-import-block'), /^SO · /);
    await page.locator('input[type="file"]').setInputFiles(SAMPLE);
    await page.getByTestId('import-submit').click();
    await waitForPath(page, /^\/frameworks\/\d+$/);
    frameworkId = Number(new URL(page.url()).pathname.split('/').pop());

    expect(await text(page.getByTestId('framework-title'))).toContain('khối sở, ban, ngành năm 2025');
    expect(await content(page.getByTestId('framework-revision'))).toBe('Phiên bản 1');
    const leaf = page.getByTestId('criterion-1.1.1');
    expect(await text(leaf)).toContain('Ban hành kế hoạch CCHC năm kịp thời');
    // Appraiser SNV is set on field 1 and inherited by 1.1.1.
    expect(await leaf.innerText()).toContain('SNV');
    expect(await text(page.getByTestId('criterion-1.1.2').locator('pre, code'))).toContain('planTaskCompletionRate');
    expect(await page.getByTestId('criteria-table').locator('tbody tr').count()).toBe(50);
    expect(await content(page.getByTestId('framework-classes'))).toContain('Tốt ≥ 90');
    await shot(page, '40-framework-detail');
  });

  it('clones the framework to 2024 from the detail page', async () => {
    await page.getByTestId('framework-clone').click();
    await page.getByTestId('clone-year').fill('2024');
    await page.getByTestId('clone-submit').click();
    await page.waitForURL((url) => url.pathname !== `/frameworks/${frameworkId}` && /^\/frameworks\/\d+$/.test(url.pathname));
    // Until the new revision has loaded, the page may still show the one it came from.
    await page.getByTestId('framework-year').filter({ hasText: '2024' }).waitFor();
    expect(await content(page.getByTestId('framework-revision'))).toBe('Phiên bản 1');
  });

  it('loads past scores through the API from the page (2023, 2024, 2025)', async () => {
    // SNV also belonged to the block in 2023, so it can be first three years running.
    expect((await apiFromPage(page, 'PUT', '/units/SNV/memberships/2023', { json: { blockCode: 'SO' } })).status).toBe(200);
    expect((await apiFromPage(page, 'POST', `/frameworks/${frameworkId}/clone`, { json: { year: 2023, blockCode: 'SO' } })).status).toBe(201);
    for (const [year, csv, units] of [
      [2023, SCORES_2023, 1],
      [2024, SCORES_2024, 3],
      [2025, SCORES_2025, 3],
    ] as const) {
      const res = await apiFromPage(page, 'POST', `/scores/import?year=${year}&block=SO`, { file: { name: 'scores.csv', type: 'text/csv', content: csv } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((res.body as { units: number }).units).toBe(units);
    }
  });

  it('lists the frameworks with their in-use badge, and refuses to delete one in use with the server message', async () => {
    await page.goto(`${server.baseUrl}/frameworks`);
    const row = page.getByTestId('framework-row-SO-2025-1');
    await row.getByTestId('in-use-badge').waitFor();
    expect(await row.innerText()).toContain('50');
    expect(await page.getByTestId('frameworks-table').locator('tbody tr').count()).toBe(3);
    await shot(page, '41-frameworks-list');

    await row.click();
    await waitForPath(page, `/frameworks/${frameworkId}`);
    expect(await page.getByTestId('framework-edit').count()).toBe(0); // in use: no editing
    await page.getByTestId('framework-delete').click();
    await page.getByTestId('confirm-button').click();
    expect(await text(page.getByTestId('error-alert'))).toContain('đang được một đợt đánh giá sử dụng nên không thể xóa');
    await page.getByRole('button', { name: 'Hủy' }).click();
  });

  it('makes a new revision, edits a title inline, then deletes the draft', async () => {
    await page.getByTestId('framework-revise').click();
    await page.getByTestId('confirm-button').click();
    await page.waitForURL((url) => url.pathname !== `/frameworks/${frameworkId}`);
    await page.getByTestId('framework-revision').filter({ hasText: 'Phiên bản 2' }).waitFor();
    expect(await content(page.getByTestId('framework-revision'))).toBe('Phiên bản 2');

    await page.getByTestId('framework-edit').click();
    await page.getByTestId('edit-title-1.1.1').fill('Ban hành kế hoạch CCHC năm đúng hạn');
    // A max that breaks the parent's sum is refused by the server and shown on its row.
    await page.getByTestId('edit-max-1.1.1').fill('1,5');
    await page.getByTestId('framework-save').click();
    await page.getByTestId('criterion-issue').first().waitFor();
    await page.getByTestId('edit-max-1.1.1').fill('1');
    await page.getByTestId('framework-save').click();
    await page.getByTestId('framework-edit').waitFor();
    expect(await text(page.getByTestId('criterion-1.1.1'))).toContain('Ban hành kế hoạch CCHC năm đúng hạn');

    await page.getByTestId('framework-delete').click();
    await page.getByTestId('confirm-button').click();
    await waitForPath(page, '/frameworks');
    await page.getByTestId('framework-row-SO-2025-1').waitFor();
    // The list refetches after the delete; the cached one may show revision 2 for a moment.
    await page.getByTestId('framework-row-SO-2025-2').waitFor({ state: 'detached' });
  });

  it('shows the 2025 ranking as a preview with the hand-computed ranks, indices and changes', async () => {
    await page.getByTestId('nav-results').click();
    await waitForPath(page, '/results');
    // The first block (by code) is shown first: HUYEN, which has no results.
    await page.getByTestId('results-not-published').waitFor();
    await chooseOption(page.getByTestId('results-block'), 'Khối sở, ban, ngành');
    await chooseOption(page.getByTestId('results-year'), '2025');
    await page.getByTestId('ranking-table').waitFor();
    expect(new URL(page.url()).search).toBe('?block=SO&year=2025');
    expect(await text(page.getByTestId('results-heading'))).toBe('Khối sở, ban, ngành — năm 2025');
    await page.getByTestId('results-preview').waitFor();
    expect(await page.getByTestId('ranking-chart').locator('canvas').count()).toBeGreaterThan(0);

    const rows = page.getByTestId('ranking-table').locator('tbody tr');
    expect(await rows.count()).toBe(3);
    for (const [i, e] of EXPECTED_2025.entries()) {
      const row = page.getByTestId(`ranking-row-${e.unit}`);
      expect(await rows.nth(i).getAttribute('data-testid')).toBe(`ranking-row-${e.unit}`);
      expect(await text(row.getByTestId('cell-rank'))).toBe(e.rank);
      expect(await text(row.getByTestId('cell-index'))).toBe(e.index);
      expect(await text(row.getByTestId('cell-self'))).toBe(e.self);
      expect(await text(row.getByTestId('cell-score'))).toBe(e.score);
      expect(await row.getByTestId('cell-change').locator('[data-change]').getAttribute('data-change')).toBe(e.change);
      expect(await content(row.getByTestId('cell-class'))).toBe('Yếu');
    }
    expect(await text(page.getByTestId('ranking-row-STP').getByTestId('cell-change'))).toBe('▲1');
    expect(await text(page.getByTestId('ranking-row-VP').getByTestId('cell-change'))).toBe('▼1');
    expect(await text(page.getByTestId('ranking-row-SNV').getByTestId('cell-field-1'))).toBe('25,00');
    expect(await text(page.getByTestId('ranking-row-STP').getByTestId('cell-field-3'))).toBe('31,25');
    expect(await text(page.getByTestId('ranking-row-SNV').getByTestId('cell-field-10'))).toBe('+1,00 đ');
    expect(await text(page.getByTestId('ranking-row-VP').getByTestId('cell-field-11'))).toBe('−0,50 đ'); // a penalty takes points: negative everywhere
    expect(await text(page.getByTestId('field-col-1'))).toContain('Công tác chỉ đạo');
    expect(await page.getByTestId('results-export-csv').count()).toBe(0); // inside the closed menu
    await shot(page, '42-results-preview-desktop');
  });

  it('publishes, then needs a reason to publish a correction, and lists both revisions', async () => {
    expect(await text(page.getByTestId('results-publish'))).toBe('Công bố kết quả');
    await page.getByTestId('results-publish').click();
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('results-revision').filter({ hasText: 'Công bố lần 1' }).waitFor();
    expect(await page.getByTestId('results-preview').count()).toBe(0);
    await page.getByTestId('publication-1').waitFor();

    expect(await text(page.getByTestId('results-publish'))).toBe('Công bố đính chính');
    await page.getByTestId('results-publish').click();
    expect(await page.getByTestId('publish-confirm').isDisabled()).toBe(true);
    await page.getByTestId('publish-reason').fill('Sửa lỗi nhập điểm tiêu chí 1.2');
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('results-revision').filter({ hasText: 'Công bố lần 2' }).waitFor();
    expect(await text(page.getByTestId('publication-2'))).toContain('Sửa lỗi nhập điểm tiêu chí 1.2');
    await page.getByTestId('publication-1').waitFor();

    // The export links carry the year and block.
    await page.getByTestId('results-export').click();
    expect(await page.getByTestId('results-export-xlsx').getAttribute('href')).toBe('/api/v1/results/export?year=2025&block=SO&format=xlsx');
    await page.keyboard.press('Escape');
    await shot(page, '43-results-published-desktop');
  });

  it("opens a unit's page: fields against the block average, history, and first three years running", async () => {
    await page.getByTestId('unit-link-SNV').click();
    await waitForPath(page, '/results/2025/SO/SNV');
    expect(await text(page.getByTestId('unit-results-title'))).toBe('Sở Nội vụ');
    expect(await text(page.getByTestId('unit-index'))).toContain('7,56');
    expect(await content(page.getByTestId('first-three-years'))).toBe('Dẫn đầu 3 năm liên tiếp');
    const field1 = page.getByTestId('unit-field-1');
    expect(await text(field1.getByTestId('field-index'))).toBe('25,00');
    expect(await text(field1.getByTestId('field-average'))).toBe('28,33');
    // The drill-down, as published: field 1 counts 10 points (1.1.2 not applicable), 25 % of which is 2.50: 7.50 lost.
    const drillField1 = page.getByTestId('unit-criteria-table').getByTestId('criterion-1');
    await drillField1.waitFor();
    expect(await text(drillField1)).toContain('2,50 / 10,00');
    expect(await text(drillField1)).toContain('−7,50');
    expect(await text(drillField1)).toContain('25,00');
    await page.getByTestId('unit-fields-chart').locator('canvas').first().waitFor();
    for (const year of [2025, 2024, 2023]) {
      expect(await text(page.getByTestId(`history-${year}`).getByTestId('history-rank'))).toMatch(/^1 \/ [13]$/);
    }
    expect(await page.getByTestId('history-2022').count()).toBe(0); // no round that year: its 404 is left out
    await page.getByTestId('unit-history-chart').locator('canvas').first().waitFor();
    await shot(page, '44-unit-results-desktop');

    // STP was last in 2024: no badge.
    await page.goto(`${server.baseUrl}/results/2025/SO/STP`);
    expect(await text(page.getByTestId('unit-index'))).toContain('6,63');
    expect(await page.getByTestId('first-three-years').count()).toBe(0);
  });

  it('prints the numbers the English way in English', async () => {
    await page.goto(`${server.baseUrl}/results?year=2025&block=SO`);
    const index = page.getByTestId('ranking-row-STP').getByTestId('cell-index');
    await index.filter({ hasText: '6,63' }).waitFor();
    await page.getByTestId('language-switch').getByText('EN').click();
    await index.filter({ hasText: '6.63' }).waitFor();
    expect(await text(page.getByTestId('results-heading'))).toBe('Khối sở, ban, ngành — 2025');
    expect(await text(page.getByTestId('results-export'))).toBe('Export');
    await page.getByTestId('language-switch').getByText('VI').click();
    await index.filter({ hasText: '6,63' }).waitFor();
  });

  it('works at phone width: the tables scroll and the charts fit', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/results?year=2025&block=SO`);
    await page.getByTestId('ranking-table').waitFor();
    const chartBox = await page.getByTestId('ranking-chart').boundingBox();
    expect(chartBox!.width).toBeLessThanOrEqual(390);
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(390);
    await shot(page, '45-results-phone');
    await page.goto(`${server.baseUrl}/results/2025/SO/SNV`);
    await page.getByTestId('unit-history-chart').locator('canvas').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, '46-unit-results-phone');
    await page.goto(`${server.baseUrl}/frameworks/${frameworkId}`);
    await page.getByTestId('criteria-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, '47-framework-detail-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('shows the published ranking on the public page without a session', async () => {
    const visitor = await launchBrowser({ width: 390, height: 844 });
    try {
      const p = visitor.page;
      // From the login page's link: the page opens on the latest published year and its block, named in the address.
      await p.goto(`${server.baseUrl}/login`);
      await p.getByTestId('login-public-results').click();
      await waitForPath(p, '/public/results');
      await p.waitForURL((url) => url.search === '?year=2025&block=SO');
      // On a phone: rank, unit, index and class only (public-row-*), no sideways scrolling.
      const row = p.getByTestId('public-row-SNV');
      expect(await text(row.getByTestId('cell-rank'))).toBe('1');
      expect(await text(p.getByTestId('public-row-STP').getByTestId('cell-index'))).toBe('6,63');
      expect(await text(p.getByTestId('results-revision'))).toContain('Công bố lần 2');
      expect(await p.getByTestId('unit-link-SNV').count()).toBe(0);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(p, '48-public-results-phone');

      // The results page's link (with `blocks`, now ignored) shows the full table; an unpublished block is a friendly note.
      await p.setViewportSize({ width: 1280, height: 800 });
      await p.goto(`${server.baseUrl}/public/results?year=2025&block=SO&blocks=SO,HUYEN,XA`);
      expect(await text(p.getByTestId('ranking-row-VP').getByTestId('cell-rank'))).toBe('3');
      await shot(p, '49-public-results-desktop');
      await p.goto(`${server.baseUrl}/public/results?year=2025&block=HUYEN`);
      expect(await text(p.getByTestId('results-not-published'))).toContain('Chưa có kết quả công bố');

      // Still signed out: the protected pages send to the login page.
      await p.goto(`${server.baseUrl}/results`);
      await waitForPath(p, '/login');
    } finally {
      await visitor.close();
    }
  });

  it('shows a friendly note for a year without results', async () => {
    await page.goto(`${server.baseUrl}/results?year=2022&block=SO`);
    expect(await text(page.getByTestId('results-not-published'))).toContain('Chưa có kết quả công bố');
  });
});
