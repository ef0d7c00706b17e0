import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, loginAs, screenshot, startServer, type Browser, type RunningServer } from './harness';

const INITIAL_PASSWORD = 'Temp-Admin-Pass-2025';
const PASSWORD = 'Changed-Admin-Pass-2025';

let server: RunningServer;
let browser: Browser;
let page: Page;
let officerPassword = '';

/** Changes the admin's temporary password through the API (in the page's own cookie jar), then signs in with the new one. */
async function signInAsAdmin() {
  const result = await page.evaluate(
    async ({ initial, next }) => {
      const login = await fetch('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: initial }),
      });
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const change = await fetch('/api/v1/auth/change-password', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ currentPassword: initial, newPassword: next }),
      });
      return [login.status, change.status];
    },
    { initial: INITIAL_PASSWORD, next: PASSWORD },
  );
  expect(result).toEqual([200, 200]);
  await loginAs(page, server.baseUrl, 'admin', PASSWORD);
}

describe('admin pages in the browser', () => {
  beforeAll(async () => {
    server = await startServer({ PARINDEX_INITIAL_ADMIN_PASSWORD: INITIAL_PASSWORD });
    browser = await launchBrowser();
    page = browser.page;
    await page.goto(`${server.baseUrl}/login`);
    await signInAsAdmin();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates a block', async () => {
    await page.goto(`${server.baseUrl}/blocks`);
    await page.getByTestId('block-create-button').click();
    await page.getByTestId('block-form-code').fill('SO');
    await page.getByTestId('block-form-name').fill('Khối sở, ban, ngành');
    await page.getByTestId('block-form-submit').click();
    await page.getByTestId('block-row-SO').waitFor();
    expect(await page.getByTestId('block-row-SO').innerText()).toContain('Khối sở, ban, ngành');
    await page.getByTestId('blocks-search').fill('khoi so ban nganh');
    await page.getByTestId('block-row-SO').waitFor();
  });

  it('shows the rejected rows of a unit import in a table', async () => {
    await page.getByTestId('nav-units').click();
    await page.getByTestId('units-import').click();
    const csv = 'code,name,block,parent_code\nX1,Xã Một,SO,\n,Không mã,SO,\nX3,Xã Ba,SO,NOPE\n';
    await page.locator('input[type="file"]').setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-submit').click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const text = await errors.innerText();
    expect(text).toContain('parent_code');
    expect(text).toMatch(/\b3\b/); // row 3 (header is row 1)
    expect(text).toMatch(/\b4\b/);
    await screenshot(page, '10-import-rejected');

    const good = 'code,name,block,parent_code\nX1,Xã Một,SO,\nX2,Xã Hai,SO,X1\nX3,Xã Ba,SO,\nX4,Xã Bốn,SO,\n';
    await page.locator('input[type="file"]').setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByTestId('import-submit').click();
    await page.getByTestId('unit-row-X2').waitFor();
    expect(await page.getByTestId('unit-row-X2').innerText()).toContain('Xã Hai');
  });

  it('merges two units, then splits the result, and shows the lineage', async () => {
    await page.goto(`${server.baseUrl}/units/X3`);
    await page.getByTestId('unit-title').waitFor();
    await page.getByTestId('unit-merge').click();
    await page.getByTestId('merge-sources').fill('xa bon');
    await page.getByRole('option', { name: 'Xã Bốn (X4)' }).click();
    await page.getByTestId('merge-target-code').fill('X34');
    await page.getByTestId('merge-target-name').fill('Xã Ba Bốn');
    // A merger takes effect from a later year than the units' first one (imported this year).
    const thisYear = new Date().getFullYear();
    await page.getByTestId('merge-year').fill(String(thisYear + 1));
    await page.getByTestId('merge-submit').click();
    await page.waitForURL((url) => url.pathname === '/units/X34');
    const predecessors = page.getByTestId('unit-predecessors');
    await predecessors.getByText('X3', { exact: true }).waitFor();
    await predecessors.getByText('X4', { exact: true }).waitFor();

    await page.getByTestId('unit-split').click();
    await page.getByTestId('split-code-0').fill('X5');
    await page.getByTestId('split-name-0').fill('Xã Năm');
    await page.getByTestId('split-code-1').fill('X6');
    await page.getByTestId('split-name-1').fill('Xã Sáu');
    await page.getByTestId('split-year').fill(String(thisYear + 2));
    await page.getByTestId('split-submit').click();
    const successors = page.getByTestId('unit-successors');
    await successors.getByText('X5', { exact: true }).waitFor();
    await successors.getByText('X6', { exact: true }).waitFor();
    await screenshot(page, '17-unit-lineage');
    await page.getByTestId('nav-units').click();
  });

  it('sets the block of a unit for next year from its detail page', async () => {
    await page.getByTestId('unit-row-X1').click();
    await page.getByTestId('unit-title').waitFor();
    await page.getByTestId('unit-set-block').click();
    const dialog = page.getByRole('dialog');
    const year = dialog.getByRole('textbox').first();
    const nextYear = String(new Date().getFullYear() + 1);
    await year.fill(nextYear);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('unit-memberships').getByText(nextYear).waitFor();
    await screenshot(page, '11-unit-detail');
  });

  it('creates a unit officer and shows the temporary password once', async () => {
    await page.getByTestId('nav-users').click();
    await page.getByTestId('user-create-button').click();
    await page.getByTestId('user-form-username').fill('canbo.x1');
    await page.getByTestId('user-form-display-name').fill('Trần Thị Bình');
    await page.getByTestId('user-form-role').click();
    await page.getByRole('option', { name: 'Cán bộ đơn vị' }).click();
    // The unit picker also ignores diacritics.
    await page.getByTestId('user-form-unit').fill('xa mot');
    await page.getByRole('option', { name: 'Xã Một (X1)' }).click();
    await page.getByTestId('user-form-submit').click();
    const temp = page.getByTestId('temporary-password');
    await temp.waitFor();
    officerPassword = (await temp.innerText()).trim();
    expect(officerPassword.length).toBeGreaterThanOrEqual(10);
    await screenshot(page, '12-temporary-password');
    await page.getByTestId('temporary-password-done').click();
    await page.getByTestId('user-row-canbo.x1').waitFor();
    const row = await page.getByTestId('user-row-canbo.x1').innerText();
    expect(row).toContain('Trần Thị Bình');
    expect(row).toContain('Xã Một');
  });

  it('lists audit entries and shows a readable diff', async () => {
    await page.getByTestId('nav-audit').click();
    const table = page.getByTestId('audit-table');
    await table.locator('tbody tr').first().waitFor();
    await table.locator('tbody tr').first().click();
    await page.getByTestId('audit-diff').waitFor();
    await screenshot(page, '13-audit');
    await page.getByTestId('audit-diff').getByText('JSON song song').click();
    await page.getByTestId('audit-diff').locator('pre').first().waitFor();
  });

  it('keeps wide tables usable at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/users`);
    await page.getByTestId('user-row-canbo.x1').waitFor();
    // The table scrolls inside its container instead of widening the page.
    const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(pageWidth).toBeLessThanOrEqual(390);
    await screenshot(page, '14-users-phone');
    await page.goto(`${server.baseUrl}/units/X1`);
    await page.getByTestId('unit-title').waitFor();
    await screenshot(page, '15-unit-detail-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('gives a unit officer a read-only menu without admin pages', async () => {
    await page.getByTestId('logout-button').click();
    await page.waitForURL((url) => url.pathname === '/login');
    // A temporary password: the app lands on the password change.
    await loginAs(page, server.baseUrl, 'canbo.x1', officerPassword, '/change-password');
    await page.getByTestId('cp-current').fill(officerPassword);
    await page.getByTestId('cp-new').fill('Officer-Pass-2025');
    await page.getByTestId('cp-confirm').fill('Officer-Pass-2025');
    await page.getByTestId('cp-submit').click();
    // Unit staff land on their unit's home; the units list is one menu item away.
    await page.waitForURL((url) => url.pathname === '/home');
    await page.getByTestId('nav-units').click();
    await page.getByTestId('unit-row-X1').waitFor();

    await page.getByTestId('nav-account').waitFor();
    for (const hidden of ['nav-blocks', 'nav-users', 'nav-audit', 'unit-create-button', 'units-import']) {
      expect(await page.getByTestId(hidden).count(), hidden).toBe(0);
    }
    await page.goto(`${server.baseUrl}/users`);
    await page.waitForURL((url) => url.pathname === '/units');

    // Own unit: no admin actions, but the unit's accounts are listed.
    await page.goto(`${server.baseUrl}/units/X1`);
    await page.getByTestId('unit-accounts').getByText('canbo.x1').waitFor();
    expect(await page.getByTestId('unit-edit').count()).toBe(0);
    await screenshot(page, '16-officer-unit');
  });
});
