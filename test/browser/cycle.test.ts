import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  launchBrowser,
  screenshotDir,
  startServer,
  type Browser,
  type RunningServer,
  apiFromPage,
  content,
  shot,
  text,
  loginAs,
  openRoundAroundToday,
  localDate,
} from './harness';
import { SAMPLE_FRAMEWORK } from '../helpers/samples';

/*
 * The yearly cycle in the browser, on the demo province, for the current year (2026) and block SO:
 * the organizer imports the sample framework and opens a round (through the API from the page); the SCT officer scores
 * and attaches a PDF in the UI; the rest of the manual criteria are filled through the API; the SCT leader submits in
 * the UI; the SNV appraiser adjusts one criterion; the council approves; the organizer publishes; the public sees SCT.
 */
const SAMPLE = SAMPLE_FRAMEWORK;
const YEAR = 2026;

let server: RunningServer;
let browser: Browser;
let page: Page;
let roundId = 0;

/** A local date (Asia/Ho_Chi_Minh) `days` from today, as YYYY-MM-DD. */

/** The visible part only: the sheet is long, its top is what matters. */
async function viewShot(p: Page, name: string) {
  await shot(p, name);
  await p.screenshot({ path: join(screenshotDir, `${name}-top.png`) });
}

const sheetUrl = () => `${server.baseUrl}/rounds/${roundId}/units/SCT`;

describe('the assessment cycle in the browser', () => {
  beforeAll(async () => {
    server = await startServer({}, { demo: true });
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the organizer imports the framework for 2026 and opens the round (API from the page)', async () => {
    await loginAs(page, server.baseUrl, 'demo.admin');
    const framework = JSON.parse(readFileSync(SAMPLE, 'utf8')) as { year: number };
    framework.year = YEAR;
    const imported = await apiFromPage(page, 'POST', `/frameworks/import?year=${YEAR}&block=SO`, {
      file: { name: 'framework.json', type: 'application/json', content: JSON.stringify(framework) },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    roundId = await openRoundAroundToday(page, YEAR);

    await page.getByTestId('nav-rounds').click();
    const card = page.getByTestId(`round-${YEAR}-SO`);
    expect(await content(card.getByTestId('round-status'))).toBe('Đang mở');
    await card.getByTestId(`round-${roundId}-toggle`).click();
    await page
      .getByTestId('round-unit-SCT')
      .filter({ hasText: /Chưa nộp/i })
      .waitFor();
    expect(await content(page.getByTestId('round-unit-SCT'))).toMatch(/Đã chấm 0 \/ \d+/);
    await shot(page, 'cycle-01-rounds-admin');
  });

  it('the SCT officer scores criteria and uploads a PDF as evidence', async () => {
    await loginAs(page, server.baseUrl, 'demo.officer');
    // The bell shows what waits, with a link to the unit's sheet.
    await page.getByTestId('notifications-bell').click();
    await page.getByTestId('notification-to_score').click();
    await page.waitForURL((url) => url.pathname === `/rounds/${roundId}/units/SCT`);
    expect(await text(page.getByTestId('sheet-progress'))).toMatch(/^Đã chấm 0 \/ \d+$/);

    const pdf =
      '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('evidence-file-1.1.1').click()]);
    await chooser.setFiles({ name: 'ke-hoach-cchc.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
    await page.getByTestId('evidence-upload-1.1.1').click();
    expect(await text(page.getByTestId('evidence-list-1.1.1'))).toContain('ke-hoach-cchc.pdf');

    await page.getByTestId('self-score-1.1.1').fill('1');
    await page.getByTestId('self-note-1.1.1').fill('Kế hoạch ban hành ngày 15/01');
    await page.getByTestId('self-save-1.1.1').click();
    // An out-of-range score is refused beside its field.
    await page.getByTestId('self-score-1.2').fill('99');
    await page.getByTestId('self-save-1.2').click();
    await page.locator('#criterion-1\\.2 .mantine-InputWrapper-error').first().waitFor();
    await page.getByTestId('self-score-1.2').fill('1,5');
    await page.getByTestId('self-missing-1.2').fill('Báo cáo quý IV chưa đến kỳ');
    await page.getByTestId('self-save-1.2').click();
    await page
      .getByTestId('sheet-progress')
      .filter({ hasText: /^Đã chấm 2 \// })
      .waitFor();
    await viewShot(page, 'cycle-02-sheet-officer');

    // Phone width: the sheet still fits.
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.getByTestId('criterion-1.1.1').scrollIntoViewIfNeeded();
      await viewShot(page, 'cycle-03-sheet-phone');
      // At phone width the header is full: what waits is an item of the folded menu; sign-out stays in view.
      const logout = await page.getByTestId('logout-button').boundingBox();
      expect(logout && logout.x + logout.width).toBeLessThanOrEqual(390);
      await page.getByTestId('nav-burger').click();
      await page.getByTestId('notifications-nav').waitFor();
      await viewShot(page, 'cycle-03b-menu-phone');
      await page.getByTestId('nav-burger').click();
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('fills the remaining manual criteria through the API', async () => {
    const sheet = (await apiFromPage(page, 'GET', `/rounds/${roundId}/units/SCT/assessment`)).body as {
      criteria: {
        code: string;
        leaf: boolean;
        method: string;
        maxPoints: number;
        evidenceRequired: boolean;
        evidenceCount: number;
        score: { selfScore: number | null; notApplicable: boolean } | null;
      }[];
    };
    for (const c of sheet.criteria) {
      if (!c.leaf || c.method !== 'manual' || (c.score?.selfScore !== null && c.score?.selfScore !== undefined)) continue;
      const body: Record<string, unknown> = { score: c.maxPoints };
      if (c.evidenceRequired && c.evidenceCount === 0) body.missingEvidenceReason = 'Sẽ bổ sung';
      const res = await apiFromPage(page, 'PUT', `/rounds/${roundId}/units/SCT/scores/${c.code}/self`, { json: body });
      expect(res.status, `${c.code} ${JSON.stringify(res.body)}`).toBe(200);
    }
  });

  it('the SCT leader submits; the sheet becomes read-only', async () => {
    await loginAs(page, server.baseUrl, 'demo.leader');
    await page.goto(sheetUrl());
    await page.getByTestId('sheet-submit').click();
    await page.getByTestId('confirm-button').click(); // the confirmation states what it locks
    await page
      .getByTestId('sheet-state')
      .filter({ hasText: /Đã nộp/i })
      .waitFor();
    expect(await content(page.getByTestId('sheet-state'))).toContain('Đã nộp');
    expect(await page.getByTestId('self-form-1.1.1').count()).toBe(0);
    expect(await text(page.getByTestId('stage-self-1.2'))).toContain('1,50');
    await shot(page, 'cycle-04-submitted');
  });

  it('the SNV appraiser adjusts a criterion of their department with a reason', async () => {
    await loginAs(page, server.baseUrl, 'demo.appraiser');
    await page.goto(sheetUrl());
    await page.getByTestId('appraisal-score-1.2').fill('1');
    await page.getByTestId('appraisal-reason-1.2').fill('Thiếu báo cáo quý IV');
    await page.getByTestId('appraisal-save-1.2').click();
    await page.getByTestId('stage-appraisal-1.2').filter({ hasText: '1,00' }).waitFor();
    expect(await text(page.getByTestId('stage-appraisal-1.2'))).toContain('Thiếu báo cáo quý IV');
    // Criteria of other departments have no appraisal form for SNV.
    const other = await apiFromPage(page, 'GET', `/rounds/${roundId}/units/SCT/assessment`);
    const foreign = (other.body as { criteria: { code: string; leaf: boolean; method: string; appraiser: string | null }[] }).criteria.find(
      (c) => c.leaf && c.method === 'manual' && c.appraiser !== 'SNV',
    );
    if (foreign) expect(await page.getByTestId(`appraisal-form-${foreign.code}`).count()).toBe(0);
    await viewShot(page, 'cycle-05-appraisal');
  });

  it('the council sees the disagreement and approves', async () => {
    // Approval waits for the self-assessment and appraisal windows (the other units never submit): the organizer moves
    // the round's dates so that both have closed (the server keeps the real clock).
    await loginAs(page, server.baseUrl, 'demo.admin');
    const moved = await apiFromPage(page, 'PUT', `/rounds/${roundId}/dates`, {
      json: {
        selfAssessmentFrom: localDate(-10),
        selfAssessmentTo: localDate(-3),
        appraisalTo: localDate(-1),
        explanationTo: localDate(7),
        councilTo: localDate(14),
      },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await loginAs(page, server.baseUrl, 'demo.council');
    await page.goto(`${server.baseUrl}/rounds/${roundId}/disagreements`);
    expect(await text(page.getByTestId('disagreement-SCT-1.2'))).toContain('Thiếu báo cáo quý IV');
    await shot(page, 'cycle-06-disagreements');
    await page.getByTestId('nav-rounds').click();
    const card = page.getByTestId(`round-${YEAR}-SO`);
    await card.getByTestId('round-approve').click();
    // The dialog states the consequence and lists the units that never submitted.
    await page.getByTestId('approval-not-submitted').waitFor();
    expect(await page.getByTestId('approval-not-submitted-SCT').count()).toBe(0);
    await page.getByTestId('approval-confirm').click();
    await card.getByTestId('round-status').filter({ hasText: 'Đã phê duyệt' }).waitFor();
    await shot(page, 'cycle-07-approved');
  });

  it('the organizer publishes and the public results show SCT with its rank', async () => {
    await loginAs(page, server.baseUrl, 'demo.admin');
    await page.goto(`${server.baseUrl}/results?year=${YEAR}&block=SO`);
    await page.getByTestId('results-publish').click();
    await page.getByTestId('publish-confirm').click();
    await page.getByTestId('publication-1').waitFor();

    const res = await fetch(`${server.baseUrl}/api/v1/public/results?year=${YEAR}&block=SO`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { units: { unitCode: string; rank: number | null; selfScore: number }[] } };
    const sct = body.results.units.find((u) => u.unitCode === 'SCT');
    expect(sct?.rank).toBeGreaterThanOrEqual(1);

    await browser.context.clearCookies();
    await page.goto(`${server.baseUrl}/public/results?year=${YEAR}&block=SO`);
    await page.getByText('SCT').first().waitFor();
    await shot(page, 'cycle-08-public');
  });
});
