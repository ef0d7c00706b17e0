import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMMUNES, DEMO_DEPARTMENTS, DEMO_DISTRICTS } from '../../src/modules/demo/province';
import { apiFromPage, launchBrowser, loginAs, screenshot, startServer, type Browser, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;
const PAST_YEAR = new Date().getFullYear() - 1;

// `parindex demo` as a new user runs it (with fewer dossiers than its default, for time), then every page the demo
// fills, as the organizer and a unit's staff see them.
describe('the demo province, as a new user loads it', () => {
  beforeAll(async () => {
    server = await startServer({}, { demo: 'full', demoArgs: ['--dossiers', '4000'] });
    browser = await launchBrowser({ width: 390, height: 844 });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is marked as demo data on the login page and after sign-in, and a commune officer sees the units read-only', async () => {
    const { page } = browser;
    await page.goto(`${server.baseUrl}/login`);
    await page.getByTestId('demo-badge').waitFor();
    expect(await page.getByTestId('demo-badge').innerText()).toBe('DỮ LIỆU DEMO');
    await loginAs(page, server.baseUrl, 'demo.commune');
    await page.getByTestId('demo-badge').waitFor();
    await page.goto(`${server.baseUrl}/units`);
    const total = DEMO_DEPARTMENTS.length + DEMO_DISTRICTS.length + DEMO_COMMUNES.length;
    await page.getByTestId('units-count').getByText(`${total} đơn vị`).waitFor();
    await page.getByTestId('unit-row-X001').waitFor();
    expect(await page.getByTestId('unit-create-button').count()).toBe(0);
    expect(await page.getByTestId('units-import').count()).toBe(0);
    await screenshot(page, '30-demo-commune-officer-phone');
  });

  it('fills Results, Rounds, Timeliness, Procedures and Apology letters for the organizer', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 900 });
    await loginAs(page, server.baseUrl, 'demo.admin');

    // Results: last year's published ranking of the departments, with ranks and their change since the year before.
    await page.goto(`${server.baseUrl}/results?year=${PAST_YEAR}&block=SO`);
    await page.getByTestId('ranking-table').waitFor();
    await page.getByTestId('cell-rank').first().waitFor();
    expect(await page.getByTestId('cell-rank').count()).toBe(DEMO_DEPARTMENTS.length);
    expect(await page.getByTestId('cell-rank').first().innerText()).toBe('1');
    expect((await page.getByTestId('cell-change').allInnerTexts()).some((t) => /\d/.test(t))).toBe(true);
    await screenshot(page, '31-demo-results');
    // The leader of the block: first three years running.
    await page.goto(`${server.baseUrl}/results/${PAST_YEAR}/SO/STP`);
    await page.getByTestId('first-three-years').waitFor();

    // Rounds: this year's rounds are open.
    await page.goto(`${server.baseUrl}/rounds`);
    await page.getByTestId('rounds-list').waitFor();
    await page.getByTestId('round-status').first().waitFor();
    expect(await page.getByTestId('round-status').count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, '32-demo-rounds');

    // Timeliness: the province's figures for the year.
    await page.goto(`${server.baseUrl}/timeliness`);
    await page.getByTestId('timeliness-kpis').waitFor();
    expect(await page.getByTestId('timeliness-empty').count()).toBe(0);
    expect(await page.getByTestId('timeliness-kpis').innerText()).toMatch(/\d/);
    await page.getByTestId('worst-procedures').waitFor();
    await screenshot(page, '33-demo-timeliness');

    // Procedures: the catalogue.
    await page.goto(`${server.baseUrl}/procedures`);
    await page.getByTestId('procedures-table').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('procedures-count').innerText()).toMatch(/\d{3}/);
    await screenshot(page, '34-demo-procedures');

    // Apology letters: late dossiers, most with their letter.
    await page.goto(`${server.baseUrl}/apology-letters`);
    await page.getByTestId('late-summary').waitFor();
    await page.getByTestId('late-dossiers').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('late-summary').innerText()).toMatch(/[1-9]/);
    await page.getByTestId('tab-counts').click();
    await page.getByTestId('letter-counts').waitFor();
    expect(await page.getByTestId('letter-counts').locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, '35-demo-apology-letters');
  });

  it('shows the SCT officer their submitted sheet', async () => {
    const { page } = browser;
    await loginAs(page, server.baseUrl, 'demo.officer');
    const rounds = (await apiFromPage(page, 'GET', `/rounds?year=${PAST_YEAR + 1}&block=SO`)) as { body: { items: { id: number }[] } };
    const so = rounds.body.items[0]!.id;
    await page.goto(`${server.baseUrl}/rounds`);
    await page.locator(`a[href="/rounds/${so}/units/SCT"]`).first().click();
    await page.getByTestId('sheet-criteria').waitFor();
    expect(await page.getByTestId('sheet-state').innerText()).toMatch(/^đã nộp/i);
    await screenshot(page, '36-demo-officer-sheet');
  });
});
