import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ApiClient } from '../helpers/client.js';
import { openRound2025 } from '../helpers/cycle-fixtures.js';
import { seedOrganisation, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';
import { content, launchBrowser, repoRoot, shot, text, type Browser } from './harness';

/*
 * Approval with its preconditions in the browser (issue 11, item 2), on an in-process server whose clock the test moves
 * (server.now): block SO 2025, SCT submits, SNV never does. The council opens the approval dialog mid-appraisal and
 * sees what it waits for (SNV within its self-assessment, SCT's appraisals) without a confirm button; after the
 * appraisal window it sees the consequence and SNV listed as never submitted; a late extension makes the server refuse
 * and the dialog shows the server's list; once it ends, the council approves and the ranking marks SNV "không nộp".
 * Last, a deletion (a block) asks for confirmation with its consequence first.
 */
let server: TestServer;
let browser: Browser;
let page: Page;
let admin: ApiClient;
let roundId: number;
const users: Record<string, string> = {};

/** Signs in through the login page and waits to leave it (each role lands on its own page). */
async function signIn(username: string) {
  await page.context().clearCookies();
  await page.goto(`${server.baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(TEST_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

async function openApproval() {
  await page.goto(`${server.baseUrl}/rounds`);
  const card = page.getByTestId('round-2025-SO');
  await card.getByTestId('round-approve').click();
  await page.getByTestId('approval-consequence').waitFor();
  return card;
}

describe('approval in the browser', () => {
  beforeAll(async () => {
    server = await startTestServer({ PARINDEX_WEB_DIST: process.env.PARINDEX_WEB_DIST ?? join(repoRoot, 'web', 'dist') });
    await seedOrganisation(server);
    admin = await server.loginAs('admin');
    users.council = (await server.createUser('council')).username;
    users.admin = (await server.createUser('admin')).username;
    roundId = await openRound2025(server, admin, {
      name: 'Bộ tiêu chí khối sở 2025',
      classes: [
        { label: 'Tốt', min: 90 },
        { label: 'Yếu', min: 0 },
      ],
      criteria: [
        { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 10, method: 'manual', appraiser: 'SNV' },
        { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual' },
        { code: '1.2', title: 'Báo cáo định kỳ', maxPoints: 6, method: 'manual' },
      ],
    });
    const leader = await server.loginAs('unit_leader', 'SCT');
    for (const [code, score] of [
      ['1.1', 4],
      ['1.2', 5],
    ] as const) {
      expect((await leader.put(`/api/v1/rounds/${roundId}/units/SCT/scores/${code}/self`, { score })).status).toBe(200);
    }
    expect((await leader.post(`/api/v1/rounds/${roundId}/units/SCT/submit`)).status).toBe(200);
    // SNV's draft, never submitted.
    const snv = await server.loginAs('unit_officer', 'SNV');
    expect((await snv.put(`/api/v1/rounds/${roundId}/units/SNV/scores/1.1/self`, { score: 4 })).status).toBe(200);
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('too early: the dialog lists what the approval waits for, and offers no approval', async () => {
    server.now = '2025-11-20T03:00:00Z';
    await signIn(users.council!);
    await openApproval();
    await page.getByTestId('approval-not-ready').waitFor();
    expect(await text(page.getByTestId('approval-pending-unit-SNV'))).toContain('Sở Nội vụ');
    expect(await text(page.getByTestId('approval-pending-unit-SNV'))).toContain('30/11/2025');
    expect(await page.getByTestId('approval-pending-unit-SCT').count()).toBe(0);
    expect(await text(page.getByTestId('approval-pending-SCT-1.1'))).toContain('Kế hoạch CCHC');
    expect(await text(page.getByTestId('approval-pending-SCT-1.2'))).toContain('15/12/2025');
    expect(await page.getByTestId('approval-confirm').count()).toBe(0);
    expect(await text(page.getByTestId('approval-consequence'))).toContain('bị khóa');
    await shot(page, 'approval-01-too-early');
  });

  it('after the deadlines: the consequence and the unit that never submitted; a refusal shows the server’s list; then approved', async () => {
    server.now = '2025-12-16T03:00:00Z';
    await openApproval();
    await page.getByTestId('approval-ready').waitFor();
    expect(await text(page.getByTestId('approval-not-submitted-SNV'))).toContain('Sở Nội vụ');
    expect(await text(page.getByTestId('approval-consequence'))).toMatch(/bị khóa.*công bố/s);
    await shot(page, 'approval-02-ready');
    // Meanwhile the organizer extends SNV's self-assessment: the server refuses and the dialog shows why.
    expect(
      (await admin.post(`/api/v1/rounds/${roundId}/extensions`, { unitCode: 'SNV', stage: 'self_assessment', until: '2025-12-20', reason: 'Sự cố mạng' }))
        .status,
    ).toBe(200);
    await page.getByTestId('approval-confirm').click();
    await page.getByTestId('error-alert').waitFor();
    expect(await text(page.getByTestId('error-alert'))).toContain('SNV');
    expect(await text(page.getByTestId('approval-pending-unit-SNV'))).toContain('20/12/2025');
    await shot(page, 'approval-03-refused');
    await page.keyboard.press('Escape');
    // The extension ends: approval goes through.
    server.now = '2025-12-21T03:00:00Z';
    const card = await openApproval();
    await page.getByTestId('approval-confirm').click();
    await card.getByTestId('round-status').filter({ hasText: 'Đã phê duyệt' }).waitFor();
    expect(await card.getByTestId('round-approve').count()).toBe(0);
  });

  it('the ranking marks the unit that never submitted: "không nộp", ranked on its appraised points (none: 0)', async () => {
    await page.goto(`${server.baseUrl}/results?year=2025&block=SO`);
    const snv = page.getByTestId('ranking-row-SNV');
    expect(await content(snv.getByTestId('not-submitted'))).toBe('Không nộp');
    expect(await content(snv.getByTestId('cell-index'))).toBe('0,00');
    expect(await page.getByTestId('ranking-row-SCT').getByTestId('not-submitted').count()).toBe(0);
    await shot(page, 'approval-04-ranking');
  });

  it('a deletion asks first, saying what happens', async () => {
    expect((await admin.post('/api/v1/blocks', { code: 'TAM', name: 'Khối tạm' })).status).toBe(201);
    await signIn(users.admin!);
    await page.goto(`${server.baseUrl}/blocks`);
    const row = page.getByTestId('block-row-TAM');
    await row.getByRole('button', { name: 'Xóa' }).click();
    const dialog = page.getByRole('dialog');
    expect(await text(dialog)).toContain('không hoàn tác được');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await row.count()).toBe(1);
    await row.getByRole('button', { name: 'Xóa' }).click();
    await page.getByTestId('confirm-button').click();
    await row.waitFor({ state: 'detached' });
  });
});
