import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { dateOfDayNumber, dayNumber } from '../../src/domain/calendar';
import { localDate } from '../../src/domain/deadlines';
import { systemActor } from '../../src/modules/auth/actor';
import { createBlock } from '../../src/modules/blocks/service';
import { createUnit } from '../../src/modules/units/service';
import { createUser } from '../../src/modules/users/service';
import { apiFromPage, content, launchBrowser, loginAs, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * Landing and navigation. A province with blocks SO (departments) and XA (communes): 2024 and 2025 published (SO;
 * 2025 also XA), this year's SO round open (drafts). The SCT officer signs in and lands on the unit home with the
 * sheet link and the deadlines; a visitor on a 375 px phone gets the latest published year (2025, not this year's
 * draft), picks the block by its name, reloads the shared address; the organizer grants an extension with the
 * dd/mm/yyyy picker (the API receives the ISO date) and reads the audit log in Vietnamese. Real clock: dates are
 * computed from today.
 */
const PASSWORD = 'landing-browser-test';
const SHOTS = '/tmp/shots-E';

const today = localDate(new Date());
const THIS_YEAR = Number(today.slice(0, 4));
const shift = (days: number) => dateOfDayNumber(dayNumber(today) + days);
const viDate = (iso: string) => iso.split('-').reverse().join('/');
const PUBLISHED = [THIS_YEAR - 2, THIS_YEAR - 1];
const LATEST = THIS_YEAR - 1;

let dataDir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
let roundId = 0;

async function prepareDatabase(dir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  try {
    await database.migrate();
    const { db } = database;
    const actor = systemActor('test:landing');
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, PUBLISHED[0]!);
    await createBlock(db, actor, { code: 'XA', name: 'Khối xã, phường' }, PUBLISHED[0]!);
    for (const [code, name] of [
      ['SNV', 'Sở Nội vụ'],
      ['SCT', 'Sở Công Thương'],
      ['STP', 'Sở Tư pháp'],
    ])
      await createUnit(db, actor, { code: code!, name: name!, blockCode: 'SO', year: PUBLISHED[0]! });
    await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', blockCode: 'XA', year: PUBLISHED[0]! });
    await createUnit(db, actor, { code: 'X2', name: 'Phường Hòa Bình', blockCode: 'XA', year: PUBLISHED[0]! });
    await createUser(db, actor, { username: 'organizer', displayName: 'Sở Nội vụ', role: 'admin', password: PASSWORD, mustChangePassword: false });
    await createUser(db, actor, {
      username: 'sct.officer',
      displayName: 'Cán bộ SCT',
      role: 'unit_officer',
      unitCode: 'SCT',
      password: PASSWORD,
      mustChangePassword: false,
    });
  } finally {
    await database.close();
  }
}

const FRAMEWORK = (year: number) => ({
  name: `Bộ chỉ số CCHC ${year}`,
  classes: [
    { label: 'Tốt', min: 90 },
    { label: 'Khá', min: 80 },
    { label: 'Trung bình', min: 0 },
  ],
  criteria: [
    { code: '1', title: 'Chỉ đạo, điều hành', maxPoints: 10, method: 'manual' },
    { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual' },
    { code: '1.2', title: 'Báo cáo CCHC', maxPoints: 6, method: 'manual' },
  ],
});

async function api(method: string, path: string, body?: Parameters<typeof apiFromPage>[3], expected = [200, 201]) {
  const res = await apiFromPage(page, method, path, body);
  expect(expected, `${method} ${path}: ${JSON.stringify(res.body)}`).toContain(res.status);
  return res.body as Record<string, unknown>;
}

/** Scores of a block and year imported as approved, then published. */
async function publish(year: number, block: string, lines: string[]) {
  await api('POST', '/frameworks', { json: { year, blockCode: block, ...FRAMEWORK(year) } });
  const csv = ['unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable', ...lines].join('\n');
  await api('POST', `/scores/import?year=${year}&block=${block}`, { file: { name: 'scores.csv', type: 'text/csv', content: csv } });
  await api('POST', '/results/publish', { json: { year, block } });
}

const noSideways = () => page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth);

async function snap(name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe('landing and navigation', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parindex-landing-'));
    await prepareDatabase(dataDir);
    server = await startServer({ PARINDEX_DATA_DIR: dataDir });
    browser = await launchBrowser();
    page = browser.page;

    // The organizer lands on the units list, as before, and sets up the years through the API.
    await loginAs(page, server.baseUrl, 'organizer', PASSWORD, '/units');
    for (const year of [...PUBLISHED, THIS_YEAR]) {
      for (const code of ['SNV', 'SCT', 'STP']) await api('PUT', `/units/${code}/memberships/${year}`, { json: { blockCode: 'SO' } });
      for (const code of ['X1', 'X2']) await api('PUT', `/units/${code}/memberships/${year}`, { json: { blockCode: 'XA' } });
    }
    // SO: SNV 10/10 → 100,00; SCT 9/10 → 90,00; STP 7/10 → 70,00.
    await publish(PUBLISHED[0]!, 'SO', ['SNV,1.1,4,,,', 'SNV,1.2,6,,,', 'SCT,1.1,3,,,', 'SCT,1.2,6,,,', 'STP,1.1,2,,,', 'STP,1.2,5,,,']);
    await publish(LATEST, 'SO', ['SNV,1.1,4,,,', 'SNV,1.2,6,,,', 'SCT,1.1,3,,,', 'SCT,1.2,6,,,', 'STP,1.1,2,,,', 'STP,1.2,5,,,']);
    // XA: X2 8,5/10 → 85,00, rank 1; X1 6/10 → 60,00, rank 2.
    await publish(LATEST, 'XA', ['X1,1.1,2,,,', 'X1,1.2,4,,,', 'X2,1.1,4,,,', 'X2,1.2,"4,5",,,']);
    // This year: an open round (drafts only), self-assessment until 13 days from today.
    await api('POST', '/frameworks', { json: { year: THIS_YEAR, blockCode: 'SO', ...FRAMEWORK(THIS_YEAR) } });
    const round = await api('POST', '/rounds', {
      json: {
        year: THIS_YEAR,
        blockCode: 'SO',
        selfAssessmentFrom: shift(-3),
        selfAssessmentTo: shift(13),
        appraisalTo: shift(20),
        explanationTo: shift(27),
        councilTo: shift(34),
      },
    });
    roundId = round.id as number;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a unit officer lands on the unit home: the sheet link, the deadline with days left, the round’s dates', async () => {
    await loginAs(page, server.baseUrl, 'sct.officer', PASSWORD, '/home');
    expect(await text(page.getByTestId('home-title'))).toBe('Sở Công Thương');
    const sheet = page.getByTestId('home-current-sheet');
    expect(await text(sheet)).toContain(`Phiếu tự đánh giá ${THIS_YEAR} · Khối sở, ban, ngành`);
    expect(await content(sheet.getByTestId('home-sheet-state'))).toBe('Chưa nộp');
    expect(await text(sheet.getByTestId('home-deadline'))).toContain(`Hạn tự đánh giá: ${viDate(shift(13))}`);
    expect(await content(sheet.getByTestId('home-days-left'))).toBe('còn 13 ngày');
    const dates = await text(sheet.getByTestId('home-round-dates'));
    expect(dates).toContain(`Tự đánh giá: ${viDate(shift(-3))} – ${viDate(shift(13))}`);
    expect(dates).toContain(`Hạn thẩm định: ${viDate(shift(20))}`);
    expect(dates).toContain(`Hạn giải trình: ${viDate(shift(27))}`);
    expect(await text(page.getByTestId('home-timeliness'))).toContain(`Giải quyết hồ sơ năm ${THIS_YEAR}`);
    expect(await text(page.getByTestId('home-on-time-rate'))).toBe('—');
    // The menu's first item and the title lead home.
    await page.getByTestId('nav-units').click();
    await page.waitForURL((url) => url.pathname === '/units');
    await page.getByTestId('home-link').click();
    await page.waitForURL((url) => url.pathname === '/home');
    await page.getByTestId('home-open-sheet').click();
    await page.waitForURL((url) => url.pathname === `/rounds/${roundId}/units/SCT`);
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${server.baseUrl}/home`);
    await page.getByTestId('home-current-sheet').waitFor();
    expect(await noSideways()).toBe(true);
    await snap('landing-unit-home-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.baseUrl}/home`);
    await page.getByTestId('home-current-sheet').waitFor();
    await snap('landing-unit-home');
  });

  it('the public page on a phone opens on the latest published year, the block chosen by name, a shareable address', async () => {
    await page.context().clearCookies();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${server.baseUrl}/login`);
    expect(await text(page.getByTestId('login-public-results'))).toMatch(/kết quả Chỉ số CCHC/i);
    await page.getByTestId('login-public-results').click();
    // The address names what is shown: the latest published year (not this year's open round) and its first block.
    await page.waitForURL((url) => url.pathname === '/public/results' && url.searchParams.get('year') === String(LATEST));
    expect(new URL(page.url()).searchParams.get('block')).toBe('SO');
    expect(await page.getByTestId('public-year').inputValue()).toBe(String(LATEST));
    expect(await page.getByTestId('public-block').inputValue()).toBe('Khối sở, ban, ngành');
    const snv = page.getByTestId('public-row-SNV');
    expect(await text(snv.getByTestId('cell-rank'))).toBe('1');
    expect(await text(snv.getByTestId('cell-unit'))).toBe('Sở Nội vụ');
    expect(await text(snv.getByTestId('cell-index'))).toBe('100,00');
    expect(await content(snv.getByTestId('cell-class'))).toBe('Tốt');
    expect(await text(page.getByTestId('public-row-STP').getByTestId('cell-index'))).toBe('70,00');
    expect(await noSideways()).toBe(true);

    // The years offered are the published ones only.
    await page.getByTestId('public-year').click();
    const years = await page.getByRole('option').allInnerTexts();
    expect(years.map((y) => y.trim())).toEqual([String(LATEST), String(PUBLISHED[0])]);
    await page.keyboard.press('Escape');

    // The block by its name.
    await page.getByTestId('public-block').click();
    expect((await page.getByRole('option').allInnerTexts()).map((b) => b.trim())).toEqual(['Khối sở, ban, ngành', 'Khối xã, phường']);
    await page.getByRole('option', { name: 'Khối xã, phường' }).click();
    await page.waitForURL((url) => url.searchParams.get('block') === 'XA');
    const x2 = page.getByTestId('public-row-X2');
    expect(await text(x2.getByTestId('cell-rank'))).toBe('1');
    expect(await text(x2.getByTestId('cell-index'))).toBe('85,00');
    expect(await content(x2.getByTestId('cell-class'))).toBe('Khá');
    expect(await noSideways()).toBe(true);
    await snap('landing-public-phone');

    // The address is shareable: a reload (or a fresh visitor) gets the same year and block.
    const shared = page.url();
    expect(shared).toBe(`${server.baseUrl}/public/results?year=${LATEST}&block=XA`);
    await page.reload();
    await expect.poll(() => page.getByTestId('public-block').inputValue()).toBe('Khối xã, phường');
    expect(await text(page.getByTestId('public-row-X1').getByTestId('cell-index'))).toBe('60,00');
    // An older year from the address keeps its block when that year has it; a year SO published alone falls back.
    await page.goto(`${server.baseUrl}/public/results?year=${PUBLISHED[0]}&block=SO`);
    expect(await page.getByTestId('public-year').inputValue()).toBe(String(PUBLISHED[0]));
    expect(await text(page.getByTestId('public-row-SCT').getByTestId('cell-index'))).toBe('90,00');
    // This year's open round never shows.
    await page.goto(`${server.baseUrl}/public/results?year=${THIS_YEAR}&block=SO`);
    expect(await text(page.getByTestId('results-not-published'))).toContain('Chưa có kết quả công bố');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(shared);
    await page.getByTestId('ranking-table').waitFor();
    await snap('landing-public-desktop');
  });

  it('the organizer grants an extension with the dd/mm/yyyy picker; the API gets the ISO date; the home shows it', async () => {
    await loginAs(page, server.baseUrl, 'organizer', PASSWORD, '/units');
    await page.goto(`${server.baseUrl}/rounds`);
    await page.getByTestId(`round-${roundId}-toggle`).click();
    const form = page.locator('form').filter({ hasText: 'Gia hạn cho một đơn vị' });
    await form.getByRole('combobox', { name: 'Đơn vị' }).click();
    await page.getByRole('option', { name: /^SCT · / }).click();
    const until = form.getByLabel('Đến ngày');
    expect(await until.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    await until.click();
    // The calendar speaks Vietnamese: the month is written "tháng …".
    expect((await page.locator('.mantine-DateInput-calendarHeaderLevel').first().innerText()).toLowerCase()).toContain('tháng');
    const extended = shift(18);
    await until.pressSequentially(viDate(extended));
    await form.getByLabel('Lý do').fill('Thay đổi lãnh đạo đơn vị');
    expect(await until.inputValue()).toBe(viDate(extended));
    await snap('landing-date-picker');
    await page.getByTestId(`round-${roundId}-extend`).click();
    await page.getByText('Đã gia hạn.').first().waitFor();
    const detail = await api('GET', `/rounds/${roundId}`);
    expect(detail.extensions).toEqual([{ unitCode: 'SCT', stage: 'self_assessment', until: extended, reason: 'Thay đổi lãnh đạo đơn vị' }]);

    await loginAs(page, server.baseUrl, 'sct.officer', PASSWORD, '/home');
    expect(await text(page.getByTestId('home-extension'))).toBe(`Được gia hạn Tự đánh giá đến ${viDate(extended)}`);
    expect(await content(page.getByTestId('home-days-left'))).toBe('còn 18 ngày');
  });

  it('the audit log names actions, entities and fields in Vietnamese', async () => {
    await loginAs(page, server.baseUrl, 'organizer', PASSWORD, '/units');
    await page.goto(`${server.baseUrl}/audit`);
    const first = page.getByTestId('audit-table').locator('tbody tr').first();
    // The newest change: the extension granted above.
    expect(await content(first.getByTestId('audit-action-label'))).toBe('Gia hạn');
    expect(await content(first.getByTestId('audit-entity-label'))).toBe('Đợt đánh giá');
    await first.click();
    const fields = await page.getByTestId('audit-diff').getByTestId('audit-field').allInnerTexts();
    expect(fields).toEqual(expect.arrayContaining(['Đơn vị', 'Giai đoạn', 'Gia hạn đến', 'Lý do']));
    // A code value by its name: the stage.
    expect(await text(page.getByTestId('audit-diff').locator('tr', { hasText: 'Giai đoạn' }))).toContain('Tự đánh giá');
    const actions = await page.getByTestId('audit-action-label').allTextContents();
    expect(actions).toEqual(expect.arrayContaining(['Gia hạn', 'Tạo mới', 'Cập nhật', 'Công bố']));
    expect(actions.some((a) => /^[a-z_]+$/.test(a))).toBe(false);
    // The filter lists the actions by name too.
    await page.getByTestId('audit-action').click();
    await page.getByRole('option', { name: 'Phê duyệt' }).waitFor();
    await page.keyboard.press('Escape');
    await snap('landing-audit');
  });
});
