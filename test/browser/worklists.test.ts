import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Role } from '../../src/db/schema';
import { openDatabase } from '../../src/db/client';
import { systemActor } from '../../src/modules/auth/actor';
import { createBlock } from '../../src/modules/blocks/service';
import { createUnit } from '../../src/modules/units/service';
import { createUser } from '../../src/modules/users/service';
import { apiFromPage, content, launchBrowser, loginAs, shot, startServer, text, type Browser, type RunningServer, localDate } from './harness';

/*
 * The appraiser's and the council's work lists in the browser. A small province of its own (block WLT with SCT and
 * SNV, this year): a framework whose field 1 (1.1 … 1.8) SNV appraises and field 2 SCT, a round with dates around
 * today (the server keeps the real clock). SCT submits; SNV does not. The SNV appraiser reaches the list from the
 * menu, picks the round, opens a row and lands on the sheet with that criterion in view; the council opens, from its
 * list, the sheet of SNV, which has no disagreement.
 */
const YEAR = new Date().getFullYear();
const BLOCK = 'WLT';
const PASSWORD = 'worklists-browser-pass';
const actor = systemActor('test:worklists-browser');
let dataDir: string;
const SHOTS = process.env.PARINDEX_SHOTS_DIR ?? '/tmp/shots-a';
const LEAVES = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8'];
let server: RunningServer;
let browser: Browser;
let page: Page;
let roundId = 0;

async function seed(dir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await database.migrate();
  const { db } = database;
  try {
    await createBlock(db, actor, { code: BLOCK, name: 'Khối sở, ban, ngành' }, YEAR);
    await createUnit(db, actor, { code: 'SNV', name: 'Sở Nội vụ', blockCode: BLOCK, year: YEAR });
    await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: BLOCK, year: YEAR });
    const users: [string, Role, string | null][] = [
      ['wl.admin', 'admin', null],
      ['wl.officer', 'unit_officer', 'SCT'],
      ['wl.leader', 'unit_leader', 'SCT'],
      ['wl.appraiser', 'appraiser', 'SNV'],
      ['wl.council', 'council', null],
    ];
    for (const [username, role, unitCode] of users) {
      await createUser(db, actor, { username, displayName: username, role, unitCode, password: PASSWORD, mustChangePassword: false });
    }
  } finally {
    await database.close();
  }
}

const login = (username: string) => loginAs(page, server.baseUrl, username, PASSWORD);

async function api(method: string, path: string, json?: unknown) {
  const res = await apiFromPage(page, method, path, json === undefined ? undefined : { json });
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body as Record<string, unknown>;
}

async function picture(name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await shot(page, `worklists-${name}`);
  await page.screenshot({ path: `${SHOTS}/worklists-${name}.png`, fullPage: true });
}

/** Waits until the element's top is inside the window (the sheet scrolled to it). */
async function inView(id: string) {
  await page.waitForFunction(
    (elementId) => {
      const el = document.getElementById(elementId);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight && r.height > 0;
    },
    id,
    { timeout: 15_000 },
  );
}

describe('work lists in the browser', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parindex-worklists-'));
    await seed(dataDir);
    server = await startServer({ PARINDEX_DATA_DIR: dataDir });
    browser = await launchBrowser();
    page = browser.page;
    await login('wl.admin');
    await api('POST', '/frameworks', {
      year: YEAR,
      blockCode: BLOCK,
      name: `Bộ tiêu chí thử ${YEAR}`,
      classes: [{ label: 'Tốt', min: 0 }],
      criteria: [
        { code: '1', title: 'Công tác chỉ đạo, điều hành', maxPoints: 8, method: 'manual', appraiser: 'SNV' },
        ...LEAVES.map((code, i) => ({ code, title: `Nội dung chỉ đạo số ${i + 1}`, maxPoints: 1, method: 'manual' })),
        { code: '2', title: 'Thủ tục hành chính', maxPoints: 2, method: 'manual', appraiser: 'SCT' },
        { code: '2.1', title: 'Công khai thủ tục', maxPoints: 2, method: 'manual' },
      ],
    });
    const round = await api('POST', '/rounds', {
      year: YEAR,
      blockCode: BLOCK,
      selfAssessmentFrom: localDate(-1),
      selfAssessmentTo: localDate(14),
      appraisalTo: localDate(21),
      explanationTo: localDate(28),
      councilTo: localDate(35),
    });
    roundId = round.id as number;
    // SCT scores every criterion and its leader submits; SNV never does.
    await login('wl.officer');
    for (const code of [...LEAVES, '2.1']) await api('PUT', `/rounds/${roundId}/units/SCT/scores/${code}/self`, { score: 1 });
    await login('wl.leader');
    await api('POST', `/rounds/${roundId}/units/SCT/submit`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the appraiser reaches the list from the menu, filters it, opens a row and lands on that criterion', async () => {
    await login('wl.appraiser');
    await page.getByTestId('nav-work-appraisal').click();
    await page.waitForURL((url) => url.pathname === '/work/appraisal');
    expect(await text(page.getByTestId('work-department'))).toContain('SNV');
    // The round, picked in its filter; the choice goes into the address.
    await page.getByTestId('work-filter-round').click();
    await page.getByRole('option', { name: new RegExp(`^${YEAR} · `) }).click();
    await page.waitForURL((url) => url.searchParams.get('round') === String(roundId));
    const row = (unit: string, code: string) => page.getByTestId(`work-row-${roundId}-${unit}-${code}`);
    expect(await content(row('SCT', '1.8').getByTestId('work-status'))).toBe('Cần thẩm định');
    expect(await content(row('SNV', '1.8').getByTestId('work-status'))).toBe('Chờ đơn vị nộp');
    // SNV has not submitted: its rows do not open a sheet.
    expect(await row('SNV', '1.8').getByTestId('work-open').count()).toBe(0);
    expect(await text(page.getByTestId('work-count-to_appraise'))).toContain('8');
    expect(await text(page.getByTestId('work-count-waiting_submission'))).toContain('8');
    // Field 2 belongs to SCT's appraisers: not in this list.
    expect(await page.getByTestId(`work-row-${roundId}-SCT-2.1`).count()).toBe(0);
    await picture('01-appraiser-list');

    await row('SCT', '1.8').getByTestId('work-open').click();
    await page.waitForURL((url) => url.pathname === `/rounds/${roundId}/units/SCT` && url.hash === '#criterion-1.8');
    await inView('criterion-1.8');
    await picture('02-sheet-at-criterion');
    // Back to the list as it was left, its round filter kept.
    await page.getByTestId('sheet-back').click();
    await page.waitForURL((url) => url.pathname === '/work/appraisal' && url.searchParams.get('round') === String(roundId));
  });

  it('the statuses follow the appraisal; the status filter and the bell lead to the rows', async () => {
    await api('PUT', `/rounds/${roundId}/units/SCT/scores/1.1/appraisal`, { explanationRequest: 'Đề nghị bổ sung văn bản chỉ đạo' });
    await api('PUT', `/rounds/${roundId}/units/SCT/scores/1.2/appraisal`, { score: 0.5, reason: 'Thực hiện chưa đầy đủ', final: true });
    await page.getByTestId('nav-work-appraisal').click();
    await page.waitForURL((url) => url.pathname === '/work/appraisal');
    await page.getByTestId('work-filter-round').click();
    await page.getByRole('option', { name: new RegExp(`^${YEAR} · `) }).click();
    await page.getByTestId('work-count-explanation_asked').filter({ hasText: '1' }).waitFor();
    await page.getByTestId('work-count-final').click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'final');
    await page.getByTestId(`work-row-${roundId}-SCT-1.2`).waitFor();
    await expect.poll(() => page.locator(`[data-testid^="work-row-${roundId}-"]`).count()).toBe(1);

    // The bell: "6 criteria to appraise" of this round leads to those rows.
    await page.getByTestId('notifications-bell').click();
    await page
      .getByTestId('notification-to_appraise')
      .filter({ hasText: `${YEAR} · ${BLOCK}` })
      .click();
    await page.waitForURL((url) => url.pathname === '/work/appraisal' && url.searchParams.get('status') === 'to_appraise');
    expect(new URL(page.url()).searchParams.get('round')).toBe(String(roundId));
    await page.getByTestId(`work-row-${roundId}-SCT-1.3`).waitFor();
    await expect.poll(() => page.locator(`[data-testid^="work-row-${roundId}-"]`).count()).toBe(6);
  });

  it('on a phone the list is cards, without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/work/appraisal?round=${roundId}`);
    await page.getByTestId(`work-row-${roundId}-SCT-1.1`).waitFor();
    expect(await content(page.getByTestId(`work-row-${roundId}-SCT-1.1`).getByTestId('work-status'))).toBe('Đã yêu cầu giải trình');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await picture('03-appraiser-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('the council sees every unit of the block and opens the sheet of a unit without disagreements', async () => {
    await login('wl.council');
    await page.getByTestId('nav-work-council').click();
    await page.waitForURL((url) => url.pathname === '/work/council');
    const block = page.getByTestId(`council-block-${roundId}`);
    expect(await text(block.getByTestId('council-totals'))).toContain('Đã nộp 1/2 đơn vị');
    // SCT: 9 appraisable criteria (8 by SNV, 1 by SCT), 1.2 final and lower than its self-score: one disagreement.
    const sct = await text(block.getByTestId('council-unit-SCT'));
    expect(sct).toContain('1/9');
    expect(await text(block.getByTestId('disagreement-SCT-1.2'))).toContain('Thực hiện chưa đầy đủ');
    expect(await content(block.getByTestId('council-unit-SNV'))).toContain('Chưa nộp');
    await picture('04-council-list');
    await block.getByTestId('council-unit-SNV').getByTestId('council-open-sheet').click();
    await page.waitForURL((url) => url.pathname === `/rounds/${roundId}/units/SNV`);
    await page.getByTestId('sheet-criteria').waitFor();
    expect(await page.getByTestId('criterion-1.1').count()).toBe(1);
    await picture('05-council-opens-sheet');
  });

  it('the rounds page leads the council and the appraiser to their list of the round', async () => {
    await page.getByTestId('nav-rounds').click();
    await page.getByTestId(`round-${YEAR}-${BLOCK}`).getByTestId('round-work-council').click();
    await page.waitForURL((url) => url.pathname === '/work/council' && url.searchParams.get('round') === String(roundId));
    await page.getByTestId(`council-block-${roundId}`).waitFor();
    expect(await page.getByTestId('round-work-appraisal').count()).toBe(0);
    await login('wl.appraiser');
    await page.getByTestId('nav-rounds').click();
    await page.getByTestId(`round-${YEAR}-${BLOCK}`).getByTestId('round-work-appraisal').click();
    await page.waitForURL((url) => url.pathname === '/work/appraisal' && url.searchParams.get('round') === String(roundId));
    await page.getByTestId(`work-row-${roundId}-SCT-1.1`).waitFor();
    // The appraiser has no council list in the menu, and the council none of the appraiser's.
    expect(await page.getByTestId('nav-work-council').count()).toBe(0);
    await login('wl.council');
  });

  it('the old disagreements address still works and leads back to the council list', async () => {
    await page.goto(`${server.baseUrl}/rounds/${roundId}/disagreements`);
    await page.getByTestId('disagreement-SCT-1.2').waitFor();
    await page.getByTestId('disagreements-back').click();
    await page.waitForURL((url) => url.pathname === '/work/council' && url.searchParams.get('round') === String(roundId));
    await page.getByTestId(`council-block-${roundId}`).waitFor();
  });

  it("the organizer sees every department's rows and picks one", async () => {
    await login('wl.admin');
    await page.getByTestId('nav-work-appraisal').click();
    await page.waitForURL((url) => url.pathname === '/work/appraisal');
    await page.getByTestId(`work-row-${roundId}-SCT-2.1`).waitFor();
    await page.getByTestId('work-filter-department').click();
    await page.getByRole('option', { name: 'SCT', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('department') === 'SCT');
    await expect.poll(() => page.locator(`[data-testid^="work-row-${roundId}-"]`).count()).toBe(2);
    expect(await text(page.getByTestId(`work-row-${roundId}-SCT-2.1`))).toContain('Thẩm định: SCT');
    await picture('06-organizer-department');
  });
});
