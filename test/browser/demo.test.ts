import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMMUNES, DEMO_DEPARTMENTS, DEMO_DISTRICTS } from '../../src/modules/demo/province';
import { launchBrowser, loginAs, screenshot, startServer, type Browser, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;

describe('the demo province, as a new user loads it', () => {
  beforeAll(async () => {
    server = await startServer({}, { demo: true });
    browser = await launchBrowser({ width: 390, height: 844 });
  });
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
    const total = DEMO_DEPARTMENTS.length + DEMO_DISTRICTS.length + DEMO_COMMUNES.length;
    await page.getByTestId('units-count').getByText(`${total} đơn vị`).waitFor();
    await page.getByTestId('unit-row-X001').waitFor();
    expect(await page.getByTestId('unit-create-button').count()).toBe(0);
    expect(await page.getByTestId('units-import').count()).toBe(0);
    await screenshot(page, '30-demo-commune-officer-phone');
  });
});
