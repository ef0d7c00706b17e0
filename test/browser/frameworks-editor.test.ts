import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiFromPage, content, launchBrowser, loginAs, shot, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * The framework tree editor on a draft (demo province, 2026, block SO): add a sub-criterion (its code proposed),
 * see the server's "parent ≠ Σ children" beside the parent and fix it, add a formula field whose unknown variable the
 * server names, fix it, remove a field with its sub-criterion after a confirmation, save; then clone to the next year
 * with the name's year moved, and a name of one's own.
 */
const YEAR = 2026;
let server: RunningServer;
let browser: Browser;
let page: Page;
let frameworkId = 0;

const row = (code: string) => page.getByTestId(`editor-row-${code}`);

async function waitForStatus(p: Page, pattern: RegExp) {
  await p.getByTestId('editor-status').filter({ hasText: pattern }).waitFor();
}

describe('the framework tree editor', () => {
  beforeAll(async () => {
    server = await startServer({}, { demo: true });
    browser = await launchBrowser();
    page = browser.page;
    await loginAs(page, server.baseUrl, 'demo.admin');
    const created = await apiFromPage(page, 'POST', '/frameworks', {
      json: {
        year: YEAR,
        blockCode: 'SO',
        name: 'Bộ chỉ số CCHC khối sở 2026',
        classes: [
          { label: 'Tốt', min: 90 },
          { label: 'Khá', min: 80 },
          { label: 'Trung bình', min: 70 },
          { label: 'Yếu', min: 0 },
        ],
        criteria: [
          { code: '1', title: 'Công tác chỉ đạo, điều hành', maxPoints: 4, method: 'manual', appraiser: 'SNV' },
          { code: '1.1', title: 'Kế hoạch CCHC năm', maxPoints: 2.5, method: 'manual', evidenceRequired: true },
          { code: '1.2', title: 'Báo cáo CCHC định kỳ', maxPoints: 1.5, method: 'manual' },
          { code: '2', title: 'Cải cách thể chế', maxPoints: 6, method: 'manual', appraiser: 'SNV' },
          { code: '2.1', title: 'Rà soát văn bản', maxPoints: 6, method: 'manual' },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    frameworkId = (created.body as { id: number }).id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds a sub-criterion with the next code; the server shows the parent whose sum no longer matches', async () => {
    await page.goto(`${server.baseUrl}/frameworks/${frameworkId}`);
    await page.getByTestId('framework-edit').click();
    await waitForStatus(page, /Hợp lệ/);

    await row('1').getByTestId('editor-add-child-1').click();
    const modal = page.getByTestId('criterion-modal');
    expect(await modal.getByTestId('criterion-code').inputValue()).toBe('1.3');
    await modal.getByTestId('criterion-title').fill('Kiểm tra công tác CCHC');
    await modal.getByTestId('criterion-max').fill('1,5');
    await modal.getByTestId('criterion-evidence').click({ force: true });
    await modal.getByTestId('criterion-guidance').fill('Có kế hoạch kiểm tra và báo cáo kết quả: 1,5 điểm.');
    await shot(page, 'frameworks-editor-01-add-child');
    await modal.getByTestId('criterion-submit').click();

    await row('1.3').waitFor();
    expect(await text(row('1.3'))).toContain('Bắt buộc có tài liệu kiểm chứng');
    // Inherited appraiser of field 1.
    expect(await text(row('1.3'))).toContain('SNV');
    const issue = row('1').getByTestId('criterion-issue');
    // The server's reason, in Vietnamese, on the criterion's row.
    expect(await text(issue)).toBe('điểm tối đa 4,00 khác tổng điểm tối đa của các tiêu chí thành phần (5,50)');
    await waitForStatus(page, /1 lỗi/);
    expect(await text(page.getByTestId('edit-sum-1'))).toBe('Σ 5,5');
    await shot(page, 'frameworks-editor-02-sum-issue');

    // One click sets the parent to the sum; the server agrees.
    await page.getByTestId('edit-use-sum-1').click();
    expect(await page.getByTestId('edit-max-1').inputValue()).toBe('5,5');
    await waitForStatus(page, /Hợp lệ/);
    expect(await row('1').getByTestId('criterion-issue').count()).toBe(0);
  });

  it('adds a formula field; an unknown variable is named beside it until the formula is fixed', async () => {
    await page.getByTestId('editor-add-field').click();
    const modal = page.getByTestId('criterion-modal');
    expect(await modal.getByTestId('criterion-code').inputValue()).toBe('3');
    await modal.getByTestId('criterion-title').fill('Tỷ lệ hồ sơ giải quyết đúng hạn');
    await modal.getByTestId('criterion-max').fill('2');
    await modal.getByTestId('criterion-method').click();
    await page.getByRole('option', { name: 'Công thức' }).click();
    await modal.getByTestId('criterion-formula-input').fill('dossierCount > 5 ? 2 : 0');
    await modal.getByTestId('criterion-submit').click();

    const issue = row('3').getByTestId('criterion-issue');
    expect(await text(issue)).toMatch(/^công thức dùng biến không có: dossierCount; các biến được dùng: .*onTimeRate/);
    await shot(page, 'frameworks-editor-03-formula-issue');

    await row('3').getByTestId('editor-edit-3').click();
    // The edit dialog repeats the server's problem with this criterion.
    expect(await text(page.getByTestId('criterion-modal'))).toContain('biến không có: dossierCount');
    await page.getByTestId('criterion-formula-input').fill('onTimeRate >= 98 ? 2 : (onTimeRate >= 95 ? 1 : 0)');
    await page.getByTestId('criterion-submit').click();
    await waitForStatus(page, /Hợp lệ/);
    expect(await row('3').getByTestId('criterion-issue').count()).toBe(0);
  });

  it('removes a field with its sub-criterion after a confirmation, moves a field up, and saves', async () => {
    await row('2').getByTestId('editor-remove-2').click();
    const confirm = page.getByRole('dialog');
    expect(await text(confirm)).toContain('Xóa tiêu chí 2 «Cải cách thể chế» cùng 1 tiêu chí con của nó?');
    await shot(page, 'frameworks-editor-04-remove-confirm');
    await page.getByTestId('confirm-button').click();
    await row('2.1').waitFor({ state: 'detached' });
    expect(await row('2').count()).toBe(0);
    // 5.5 + 2 (a formula field counts in the maximum).
    expect(await text(page.getByTestId('editor-total'))).toBe('Tổng điểm tối đa: 7,5');

    // Field 3 before field 1 (codes stay, the order changes).
    await row('3').getByTestId('editor-up-3').click();
    const codes = await page
      .getByTestId('editor-table')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')));
    expect(codes).toEqual(['editor-row-3', 'editor-row-1', 'editor-row-1.1', 'editor-row-1.2', 'editor-row-1.3']);
    await waitForStatus(page, /Hợp lệ/);
    await shot(page, 'frameworks-editor-05-before-save');

    await page.getByTestId('framework-save').click();
    await page.getByTestId('framework-edit').waitFor();
    const saved = page.getByTestId('criteria-table').locator('tbody tr');
    expect(await saved.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')))).toEqual([
      'criterion-3',
      'criterion-1',
      'criterion-1.1',
      'criterion-1.2',
      'criterion-1.3',
    ]);
    expect(await text(page.getByTestId('criterion-3').getByTestId('criterion-formula'))).toBe('onTimeRate >= 98 ? 2 : (onTimeRate >= 95 ? 1 : 0)');
    expect(await text(page.getByTestId('criterion-1'))).toContain('5,5');

    // The saved framework, and its audit row, as the server keeps them.
    const detail = (await apiFromPage(page, 'GET', `/frameworks/${frameworkId}`)).body as { totalMax: number; criterionCount: number };
    expect(detail).toMatchObject({ totalMax: 7.5, criterionCount: 5 });
    const audit = (await apiFromPage(page, 'GET', `/audit?entityType=framework&entityId=${frameworkId}&limit=1`)).body as {
      items: { action: string; after: { criteria: { code: string }[] } }[];
    };
    expect(audit.items[0]?.action).toBe('update');
    expect(audit.items[0]?.after.criteria.map((c) => c.code)).toEqual(['3', '1', '1.1', '1.2', '1.3']);
    await shot(page, 'frameworks-editor-06-saved');
  });

  it('is usable at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.getByTestId('framework-edit').click();
      await waitForStatus(page, /Hợp lệ/);
      await row('1.2').getByTestId('editor-add-child-1.2').scrollIntoViewIfNeeded();
      await row('1.2').getByTestId('editor-add-child-1.2').click();
      expect(await page.getByTestId('criterion-code').inputValue()).toBe('1.2.1');
      const box = await page.getByTestId('criterion-submit').boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(390);
      await shot(page, 'frameworks-editor-07-phone-modal');
      await page.getByTestId('criterion-cancel').click();
      await page.getByTestId('criterion-modal').waitFor({ state: 'detached' });
      await page.getByTestId('editor-cancel').click();
      await page.getByTestId('framework-edit').waitFor();
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it("clones to the next year with the name's year moved, or a name of one's own", async () => {
    await page.getByTestId('framework-clone').click();
    const name = page.getByTestId('clone-name');
    expect(await name.inputValue()).toBe('Bộ chỉ số CCHC khối sở 2027');
    await page.getByTestId('clone-year').fill('2028');
    await page.getByTestId('clone-name').and(page.locator('[value="Bộ chỉ số CCHC khối sở 2028"]')).waitFor();
    await shot(page, 'frameworks-editor-08-clone');
    await name.fill('Bộ chỉ số CCHC khối sở năm 2028 (dự thảo)');
    await page.getByTestId('clone-submit').click();
    await page.getByTestId('framework-year').filter({ hasText: '2028' }).waitFor();
    expect(await text(page.getByTestId('framework-title'))).toBe('Bộ chỉ số CCHC khối sở năm 2028 (dự thảo)');
    expect(await content(page.getByTestId('framework-revision'))).toBe('Phiên bản 1');
  });
});
