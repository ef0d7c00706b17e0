import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFromPage, content, launchBrowser, loginAs, screenshot, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * Reform plans (issue 13, docs/plans.md) in the demo province: the SCT officer adds a plan with two tasks, completes
 * one with evidence, and sees the progress; the sheet's plan criterion 1.1.2 (planTaskCompletionRate >= 100 ? 2 :
 * (planTaskCompletionRate >= 80 ? 1 : 0)) follows: 1 of 2 done = 50.00 % → 0 points, 2 of 2 = 100.00 % → 2 points.
 */
let server: RunningServer;
let browser: Browser;
const YEAR = new Date().getFullYear();
const TITLES: Record<string, string> = {
  T1: 'Rà soát, đơn giản hóa thủ tục hành chính',
  T2: 'Số hóa hồ sơ, kết quả giải quyết thủ tục',
};

beforeAll(async () => {
  server = await startServer({}, { demo: 'full', demoArgs: ['--dossiers', '4000'] });
  browser = await launchBrowser({ width: 390, height: 844 });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function planCriterion(roundId: number) {
  const sheet = (await apiFromPage(browser.page, 'GET', `/rounds/${roundId}/units/SCT/assessment`)) as {
    body: { criteria: { code: string; formula: { status: string; computed: number | null; inputs: { value: number | null }[] } | null }[] };
  };
  return sheet.body.criteria.find((c) => c.code === '1.1.2')!.formula!;
}

async function completeTask(code: string, evidence: string) {
  const { page } = browser;
  await page.getByTestId(`task-KH-CCHC-${code}`).getByRole('button', { name: 'Sửa' }).click();
  // The dialog edits this task: its code is not editable and its title is the task's.
  await expect.poll(() => page.getByTestId('task-title').inputValue()).toBe(TITLES[code]);
  await page.getByTestId('task-status').click();
  await page.getByRole('option', { name: 'Hoàn thành' }).click();
  await page.getByTestId('task-completed').fill(`15/01/${YEAR}`);
  await page.getByTestId('task-completed').press('Tab');
  await page.getByTestId('task-evidence').fill(evidence);
  await page.getByTestId('task-form-submit').click();
  await page.getByTestId('task-form').waitFor({ state: 'detached' });
}

describe('a unit keeps its reform plan and the plan criterion scores itself', () => {
  it('adds a plan with tasks, completes them with evidence; progress and 1.1.2 follow', async () => {
    const { page } = browser;
    await loginAs(page, server.baseUrl, 'demo.officer');
    const rounds = (await apiFromPage(page, 'GET', `/rounds?year=${YEAR}&block=SO`)) as { body: { items: { id: number }[] } };
    const roundId = rounds.body.items[0]!.id;
    expect(await planCriterion(roundId)).toMatchObject({ status: 'missing', computed: null });

    await page.goto(`${server.baseUrl}/plans`);
    await page.getByTestId('plan-create').click();
    await page.getByTestId('plan-code').fill('KH-CCHC');
    await page.getByTestId('plan-title').fill(`Kế hoạch cải cách hành chính năm ${YEAR}`);
    await page.getByTestId('plan-document').fill(`12/KH-SCT`);
    await page.getByTestId('plan-form-submit').click();
    await page.getByTestId('plan-form').waitFor({ state: 'detached' });
    await page.getByTestId('plan-KH-CCHC').waitFor();

    for (const [code, title] of Object.entries(TITLES)) {
      await page.getByTestId('task-create-KH-CCHC').click();
      await page.getByTestId('task-code').fill(code);
      await page.getByTestId('task-title').fill(title);
      await page.getByTestId('task-owner').fill('Văn phòng Sở');
      await page.getByTestId('task-form-submit').click();
      await page.getByTestId('task-form').waitFor({ state: 'detached' });
      await page.getByTestId(`task-KH-CCHC-${code}`).waitFor();
    }
    expect(await text(page.getByTestId('plans-progress'))).toContain('0/2 nhiệm vụ');

    await completeTask('T1', 'Quyết định 15/QĐ-SCT');
    await expect.poll(() => text(page.getByTestId('plans-progress'))).toContain('1/2 nhiệm vụ · 50,00 %');
    expect(await text(page.getByTestId('task-KH-CCHC-T1'))).toContain('Quyết định 15/QĐ-SCT');
    // 50.00 % is below 80 %: 0 points, computed from the tasks.
    expect(await planCriterion(roundId)).toMatchObject({ status: 'computed', computed: 0, inputs: [{ value: 50 }] });
    await screenshot(page, 'plans-01-unit-phone');

    await completeTask('T2', 'Báo cáo số hóa 20/BC-SCT');
    await expect.poll(() => text(page.getByTestId('plans-progress'))).toContain('2/2 nhiệm vụ · 100,00 %');
    expect(await planCriterion(roundId)).toMatchObject({ status: 'computed', computed: 2, inputs: [{ value: 100 }] });

    // The unit's sheet opens at the plan criterion.
    await page.goto(`${server.baseUrl}/rounds/${roundId}/units/SCT#criterion-1.1.2`);
    await page.getByTestId('criterion-1.1.2').waitFor();
    expect(await content(page.getByTestId('criterion-1.1.2'))).toContain('Mức độ hoàn thành kế hoạch CCHC');
    await screenshot(page, 'plans-02-sheet-criterion');
  });

  it('the organizer sees the province’s progress and opens the unit', async () => {
    const { page } = browser;
    await loginAs(page, server.baseUrl, 'demo.admin');
    await page.goto(`${server.baseUrl}/plans`);
    await page.getByTestId('plans-tab-province').click();
    const row = page.getByTestId('plans-report-SCT');
    await row.waitFor();
    expect(await text(row)).toContain('100,00 %');
    await row.getByRole('button', { name: 'SCT' }).click();
    await page.getByTestId('plan-KH-CCHC').waitFor();
    await screenshot(page, 'plans-03-organizer');
  });
});
