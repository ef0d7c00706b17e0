import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, screenshot, startServer, type Browser, type RunningServer } from './harness';

const INITIAL_PASSWORD = 'Temp-Admin-Pass-2025';
const NEW_PASSWORD = 'Changed-Admin-Pass-2025';

let server: RunningServer;
let browser: Browser;
let page: Page;

/** Fails the test unless the element becomes visible within the default timeout. */
async function expectVisible(locator: Locator) {
  await locator.waitFor({ state: 'visible' });
  expect(await locator.isVisible()).toBe(true);
}

async function waitForPath(path: string | RegExp) {
  await page.waitForURL((url) => (typeof path === 'string' ? url.pathname === path : path.test(url.pathname)), {
    timeout: 15_000,
  });
}

describe('admin journey in the browser', () => {
  beforeAll(async () => {
    server = await startServer({ PARINDEX_INITIAL_ADMIN_PASSWORD: INITIAL_PASSWORD });
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends an anonymous visitor to the login page', async () => {
    await page.goto(`${server.baseUrl}/units`);
    await waitForPath('/login');
    await expectVisible(page.getByTestId('login-username'));
    await page.getByRole('heading', { name: 'Chỉ số CCHC' }).waitFor();
  });

  it('rejects a wrong password with a visible message', async () => {
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').innerText()).toContain('không đúng');
  });

  it('logs in with the temporary password and is forced to change it', async () => {
    await page.getByTestId('login-password').fill(INITIAL_PASSWORD);
    await page.getByTestId('login-submit').click();
    await waitForPath('/change-password');
    await page.getByTestId('forced-password-notice').waitFor();
    expect(await page.getByTestId('forced-password-notice').innerText()).toContain('mật khẩu tạm thời');
    await screenshot(page, '01-forced-password-change');

    // The protected pages stay closed until the password is changed.
    await page.goto(`${server.baseUrl}/units`);
    await waitForPath('/change-password');

    await page.getByTestId('cp-current').fill(INITIAL_PASSWORD);
    await page.getByTestId('cp-new').fill(NEW_PASSWORD);
    await page.getByTestId('cp-confirm').fill(NEW_PASSWORD);
    await page.getByTestId('cp-submit').click();
    await waitForPath('/units');
    await page.getByTestId('units-table').waitFor();
  });

  it('shows the admin navigation', async () => {
    for (const id of ['nav-units', 'nav-blocks', 'nav-users', 'nav-audit', 'nav-account']) {
      await expectVisible(page.getByTestId(id));
    }
    expect(await page.getByTestId('nav-blocks').innerText()).toContain('Khối');
  });

  it('shows validation errors from the API next to the field', async () => {
    await page.getByTestId('unit-create-button').click();
    const form = page.getByTestId('unit-create-form');
    await form.waitFor();
    await page.getByTestId('unit-create-form-submit').click();
    const fieldError = form.locator('.mantine-InputWrapper-error').first();
    await fieldError.waitFor();
    expect((await fieldError.innerText()).length).toBeGreaterThan(0);
  });

  it('creates a unit and finds it in the list, also without diacritics', async () => {
    await page.getByTestId('unit-form-code').fill('SNV');
    await page.getByTestId('unit-form-name').fill('Sở Nội vụ');
    await page.getByTestId('unit-create-form-submit').click();
    await page.getByTestId('unit-create-form').waitFor({ state: 'detached' });

    const table = page.getByTestId('units-table');
    await table.getByText('Sở Nội vụ', { exact: true }).waitFor();
    await expectVisible(page.getByTestId('unit-row-SNV'));

    await page.getByTestId('units-search').fill('so noi vu');
    await expectVisible(page.getByTestId('unit-row-SNV'));
    await page.getByTestId('units-search').fill('so tai chinh');
    await page.getByTestId('unit-row-SNV').waitFor({ state: 'detached' });
    await page.getByTestId('units-search').fill('NỘI VỤ');
    await page.getByTestId('unit-row-SNV').waitFor();
    await screenshot(page, '02-units-desktop');
  });

  it('opens the unit detail with its name history', async () => {
    await page.getByTestId('unit-row-SNV').click();
    await waitForPath('/units/SNV');
    await page.getByTestId('unit-title').waitFor();
    expect(await page.getByTestId('unit-title').innerText()).toBe('Sở Nội vụ');
    await page.getByTestId('unit-names').getByText('Sở Nội vụ').waitFor();
    await screenshot(page, '03-unit-detail');
    await page.getByTestId('nav-units').click();
    await waitForPath('/units');
  });

  it('switches the language to English and keeps the choice', async () => {
    await page.getByTestId('language-switch').getByText('EN').click();
    await page.getByRole('heading', { name: 'Units', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Units', exact: true }).waitFor();
    await page.getByTestId('language-switch').getByText('VI').click();
    await page.getByRole('heading', { name: 'Đơn vị', exact: true }).waitFor();
  });

  it('works at phone width with a burger navigation', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('units-table').waitFor();
    await expectVisible(page.getByTestId('nav-burger'));
    await screenshot(page, '04-units-phone');
    await page.getByTestId('nav-burger').click();
    await page.getByTestId('nav-users').waitFor({ state: 'visible' });
    await screenshot(page, '05-nav-phone');
    await page.getByTestId('nav-burger').click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('logs out, and the protected page then redirects to login', async () => {
    await page.getByTestId('logout-button').click();
    await waitForPath('/login');
    await page.goto(`${server.baseUrl}/units`);
    await waitForPath('/login');
    await expectVisible(page.getByTestId('login-submit'));
    await screenshot(page, '06-after-logout');
  });

  it('logs in again with the new password', async () => {
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(NEW_PASSWORD);
    await page.getByTestId('login-submit').click();
    await waitForPath('/units');
    await page.getByTestId('unit-row-SNV').waitFor();
  });
});
