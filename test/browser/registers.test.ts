import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, loginAs, screenshot, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * Registers (issue 13 item 4, docs/registers.md) on a phone: the SCT officer adds a legal document, the totals follow
 * ("1 văn bản ban hành"), a file with a bad choice is refused row by row in Vietnamese, a good file is imported
 * (2 more issued, 1 proposed for repeal), and an entry is deleted after a confirmation naming it.
 */
let server: RunningServer;
let browser: Browser;
const YEAR = new Date().getFullYear();

beforeAll(async () => {
  server = await startServer({}, { demo: true });
  browser = await launchBrowser({ width: 375, height: 812 });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a unit keeps its registers', () => {
  it('adds, imports and deletes legal documents; the totals follow', async () => {
    const { page } = browser;
    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(`${server.baseUrl}/registers`);
    await expect.poll(() => text(page.getByTestId('registers-totals-legal_documents'))).toContain('0 văn bản ban hành, 0 sửa đổi, 0 đề nghị bãi bỏ');

    await page.getByTestId('register-add').click();
    await page.getByTestId('register-code').fill(`15/${YEAR}/QĐ-SCT`);
    await page.getByTestId('register-title').fill('Quy chế phối hợp quản lý cụm công nghiệp');
    await page.getByTestId('register-date').fill(`15/03/${YEAR}`);
    await page.getByTestId('register-date').press('Tab');
    await page.getByTestId('register-field-action').click();
    await page.getByRole('option', { name: 'Ban hành mới' }).click();
    await screenshot(page, 'registers-01-add-phone');
    await page.getByTestId('register-form-submit').click();
    await page.getByTestId('register-form').waitFor({ state: 'detached' });
    await expect.poll(() => text(page.getByTestId('registers-totals-legal_documents'))).toContain('1 văn bản ban hành');
    expect(await text(page.getByTestId(`register-entry-15/${YEAR}/QĐ-SCT`))).toContain(`15/03/${YEAR}`);

    const header = 'unit_code,code,title,date,action';
    await page.getByTestId('register-import').click();
    await page.locator('input[type="file"]').setInputFiles({
      name: 'vb.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([header, `SCT,16/${YEAR}/QĐ-SCT,Quy định quản lý chợ,,issued`, `SCT,17/${YEAR}/QĐ-SCT,Quy định khác,,ban_hanh`].join('\n')),
    });
    await page.getByTestId('import-submit').click();
    expect(await text(page.getByTestId('import-rejected-rows'))).toContain(
      'giá trị "ban_hanh" không hợp lệ, phải là một trong: issued, amended, repeal_proposed',
    );
    await screenshot(page, 'registers-02-import-errors-phone');
    await page.locator('input[type="file"]').setInputFiles({
      name: 'vb.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          header,
          `SCT,16/${YEAR}/QĐ-SCT,Quy định quản lý chợ,02/04/${YEAR},issued`,
          `SCT,17/${YEAR}/QĐ-SCT,Quy định khác,,issued`,
          'SCT,7/2019/QĐ-SCT,Quy định cũ,,repeal_proposed',
        ].join('\n'),
      ),
    });
    await page.getByTestId('import-submit').click();
    await expect.poll(() => text(page.getByTestId('registers-totals-legal_documents'))).toContain('3 văn bản ban hành, 0 sửa đổi, 1 đề nghị bãi bỏ');
    await screenshot(page, 'registers-03-unit-phone');

    await page.getByTestId(`register-entry-17/${YEAR}/QĐ-SCT`).getByRole('button', { name: 'Xóa' }).click();
    expect(await text(page.getByRole('dialog'))).toContain(`Xóa mục 17/${YEAR}/QĐ-SCT – Quy định khác của Sở Công Thương`);
    await page.getByRole('dialog').getByRole('button', { name: 'Xóa' }).click();
    await expect.poll(() => text(page.getByTestId('registers-totals-legal_documents'))).toContain('2 văn bản ban hành');

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('registers-tab-knowledge_tests').click();
    await expect.poll(() => text(page.getByTestId('registers-totals-knowledge_tests'))).toContain('0 người dự kiểm tra, 0 người đạt');
    await page.getByTestId('registers-tab-legal_documents').click();
    await screenshot(page, 'registers-04-unit-desktop');
  });
});
