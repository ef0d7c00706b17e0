import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { apologyLetters, dossiers, procedures, units } from '../../src/db/schema';
import { dateOfDayNumber, dayNumber } from '../../src/domain/calendar';
import { localDate } from '../../src/domain/deadlines';
import { systemActor } from '../../src/modules/auth/actor';
import { createBlock } from '../../src/modules/blocks/service';
import { createUnit } from '../../src/modules/units/service';
import { createUser } from '../../src/modules/users/service';
import { content, launchBrowser, loginAs, shot, startServer, type Browser, type RunningServer } from './harness';

/*
 * The dossier list and one dossier in the browser: the organizer searches by code, filters by timeliness (the filter
 * kept in the address), opens a late dossier and sees its apology letter, then downloads the letter from there; a
 * commune officer on a phone sees only the commune's dossiers as cards, without sideways scrolling. The server runs on
 * the real clock, so the dossiers are dated from today (no holidays configured).
 */
const PASSWORD = 'dossier-search-browser';
const REASON = 'Hồ sơ phải lấy ý kiến của Sở Tài chính.';
const today = localDate(new Date());
const shift = (days: number) => dateOfDayNumber(dayNumber(today) + days);
const ddmmyyyy = (date: string) => date.split('-').reverse().join('/');

const LATE = { code: 'SCT-2026-000077', received: shift(-40), due: shift(-30), resolved: shift(-25) };
const OVERDUE = { code: 'SCT-2026-000123', received: shift(-20), due: shift(-14) };
const EARLY = { code: 'SCT-2026-000200', received: shift(-12), due: shift(-5), resolved: shift(-8) };
const COMMUNE = { code: 'X1-2026-000001', received: shift(-2), due: shift(5) };
const NEW_DATE = shift(3);

let dataDir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;

async function prepareDatabase(dir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  try {
    await database.migrate();
    const { db } = database;
    const actor = systemActor('test:dossier-search');
    const year = Number(today.slice(0, 4));
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở' }, year);
    await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, year);
    await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year });
    await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', blockCode: 'XA', year });
    await createUser(db, actor, { username: 'organizer', displayName: 'Sở Nội vụ', role: 'admin', password: PASSWORD, mustChangePassword: false });
    await createUser(db, actor, {
      username: 'x1.officer',
      displayName: 'Cán bộ xã',
      role: 'unit_officer',
      unitCode: 'X1',
      password: PASSWORD,
      mustChangePassword: false,
    });
    const ids = new Map((await db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
    const procedure = async (code: string, name: string, field: string, unit: string) =>
      (
        await db
          .insert(procedures)
          .values({ code, name, searchKey: name, field, unitId: ids.get(unit)!, legalDays: 15, internalDays: 10, onlineLevel: 'partial' })
          .returning({ id: procedures.id })
      )[0]!.id;
    const sct = await procedure('2.000633', 'Cấp Giấy chứng nhận đủ điều kiện kinh doanh xăng dầu', 'Thương mại', 'SCT');
    const x1 = await procedure('1.001193', 'Đăng ký khai sinh', 'Hộ tịch', 'X1');
    const at = (date: string) => new Date(`${date}T09:00:00+07:00`);
    const base = { channel: 'direct' as const, field: 'Thương mại', unitId: ids.get('SCT')!, procedureId: sct };
    await db.insert(dossiers).values([
      {
        ...base,
        code: LATE.code,
        status: 'resolved',
        receivedAt: at(LATE.received),
        dueAt: at(LATE.due),
        resolvedAt: at(LATE.resolved),
        receivedDate: LATE.received,
        dueDate: LATE.due,
        resolvedDate: LATE.resolved,
        timeliness: 'late',
      },
      {
        ...base,
        code: OVERDUE.code,
        channel: 'online',
        status: 'processing',
        receivedAt: at(OVERDUE.received),
        dueAt: at(OVERDUE.due),
        receivedDate: OVERDUE.received,
        dueDate: OVERDUE.due,
      },
      {
        ...base,
        code: EARLY.code,
        status: 'returned',
        receivedAt: at(EARLY.received),
        dueAt: at(EARLY.due),
        resolvedAt: at(EARLY.resolved),
        returnedAt: at(EARLY.resolved),
        receivedDate: EARLY.received,
        dueDate: EARLY.due,
        resolvedDate: EARLY.resolved,
        timeliness: 'early',
      },
      {
        code: COMMUNE.code,
        channel: 'online',
        field: 'Hộ tịch',
        unitId: ids.get('X1')!,
        procedureId: x1,
        status: 'processing',
        receivedAt: at(COMMUNE.received),
        dueAt: at(COMMUNE.due),
        receivedDate: COMMUNE.received,
        dueDate: COMMUNE.due,
      },
    ]);
    await db.insert(apologyLetters).values({ dossierCode: LATE.code, reason: REASON, newAppointmentDate: NEW_DATE, issuedOn: shift(-28) });
  } finally {
    await database.close();
  }
}

/** The dossier codes the list shows, in order. */
async function listed(p: Page): Promise<string[]> {
  const rows = p.locator('[data-testid^="dossier-"][data-testid*="-20"]');
  return (await rows.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')!))).map((id) => id.replace(/^dossier-/, ''));
}

async function waitForList(p: Page, codes: string[]) {
  await expect.poll(() => listed(p), { timeout: 20_000 }).toEqual(codes);
}

describe('dossier search in the browser', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parindex-dossier-search-'));
    await prepareDatabase(dataDir);
    server = await startServer({ PARINDEX_DATA_DIR: dataDir });
    browser = await launchBrowser();
    page = browser.page;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the organizer opens "Tra cứu hồ sơ": every dossier, newest received first, in Vietnamese with dd/mm/yyyy dates', async () => {
    await loginAs(page, server.baseUrl, 'organizer', PASSWORD);
    await page.getByTestId('nav-dossiers').click();
    await page.waitForURL((url) => url.pathname === '/dossiers');
    expect(await content(page.getByTestId('tab-dossier-search'))).toBe('Tra cứu hồ sơ');
    expect(await content(page.getByTestId('tab-dossier-import'))).toBe('Nhập dữ liệu');
    await waitForList(page, [COMMUNE.code, EARLY.code, OVERDUE.code, LATE.code]);
    expect(await content(page.getByTestId('dossier-total'))).toBe('4 hồ sơ');
    const row = await content(page.getByTestId(`dossier-${OVERDUE.code}`));
    expect(row).toContain('Sở Công Thương');
    expect(row).toContain('Trực tuyến');
    expect(row).toContain('Đang xử lý');
    expect(row).toContain(ddmmyyyy(OVERDUE.received));
    expect(row).toContain(ddmmyyyy(OVERDUE.due));
    expect(await content(page.getByTestId(`timeliness-${OVERDUE.code}`))).toBe('Quá hạn (đang xử lý)');
    expect(await content(page.getByTestId(`timeliness-${LATE.code}`))).toBe('Trễ hạn');
    expect(await content(page.getByTestId(`timeliness-${EARLY.code}`))).toBe('Trước hạn');
    expect(await content(page.getByTestId(`timeliness-${COMMUNE.code}`))).toBe('Trong hạn (đang xử lý)');
    await shot(page, 'dossier-search-list');
  }, 60_000);

  it('searches by part of a code, kept in the address', async () => {
    await page.getByTestId('dossier-filter-code').fill('000077');
    await waitForList(page, [LATE.code]);
    expect(new URL(page.url()).searchParams.get('code')).toBe('000077');
    await page.getByTestId('dossier-filter-clear').click();
    await waitForList(page, [COMMUNE.code, EARLY.code, OVERDUE.code, LATE.code]);
  }, 60_000);

  it('filters by timeliness: overdue, then late (the filter survives a reload)', async () => {
    await page.getByTestId('dossier-filter-timeliness').click();
    await page.getByRole('option', { name: 'Quá hạn (đang xử lý)' }).click();
    await waitForList(page, [OVERDUE.code]);
    expect(new URL(page.url()).searchParams.get('timeliness')).toBe('overdue');
    await page.getByTestId('dossier-filter-timeliness').click();
    await page.getByRole('option', { name: 'Trễ hạn', exact: true }).click();
    await waitForList(page, [LATE.code]);
    await page.reload();
    await waitForList(page, [LATE.code]);
    expect(await page.getByTestId('dossier-filter-timeliness').inputValue()).toBe('Trễ hạn');
    await shot(page, 'dossier-search-late');
  }, 60_000);

  it('opens the late dossier: its facts, timeliness and apology letter, whose document downloads from there', async () => {
    await page.getByRole('link', { name: `Xem hồ sơ ${LATE.code}` }).click();
    await page.waitForURL((url) => url.pathname === `/dossiers/${LATE.code}`);
    const detail = await content(page.getByTestId('dossier-detail'));
    expect(detail).toContain('Sở Công Thương (SCT)');
    expect(detail).toContain('Cấp Giấy chứng nhận đủ điều kiện kinh doanh xăng dầu (2.000633)');
    expect(detail).toContain('Đã giải quyết');
    expect(await content(page.getByTestId('dossier-due'))).toContain(ddmmyyyy(LATE.due));
    expect(await content(page.getByTestId(`timeliness-${LATE.code}`))).toBe('Trễ hạn');
    expect(await content(page.getByTestId('letter-reason'))).toBe(REASON);
    expect(await content(page.getByTestId('letter-new-date'))).toBe(ddmmyyyy(NEW_DATE));
    await shot(page, 'dossier-search-detail');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('letter-download').click()]);
    expect(download.suggestedFilename()).toBe(`phieu-xin-loi-${LATE.code}.docx`);
    const file = join(dataDir, 'letter.docx');
    await download.saveAs(file);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain(`mã hồ sơ: ${LATE.code}`);
    expect(text).toContain(`Lý do: ${REASON}`);
    // Back to the list with its filter.
    await page.getByTestId('dossier-back').click();
    await waitForList(page, [LATE.code]);
  }, 60_000);

  it('a commune officer on a phone sees only the commune’s dossiers, as cards, without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await loginAs(page, server.baseUrl, 'x1.officer', PASSWORD);
    await page.goto(`${server.baseUrl}/dossiers`);
    await waitForList(page, [COMMUNE.code]);
    expect(await content(page.getByTestId('dossier-total'))).toBe('1 hồ sơ · Hồ sơ của đơn vị Xã Đồng Tâm');
    expect(await page.getByTestId('tab-dossier-import').count()).toBe(0);
    // On a phone the code and timeliness come first; the other filters open on demand, and never a unit choice here.
    expect(await page.getByTestId('dossier-filter-field').count()).toBe(0);
    await shot(page, 'dossier-search-phone');
    await page.getByTestId('dossier-filter-more').click();
    await page.getByTestId('dossier-filter-field').waitFor();
    expect(await page.getByTestId('dossier-filter-unit').count()).toBe(0);
    const card = await content(page.getByTestId(`dossier-${COMMUNE.code}`));
    expect(card).toContain('Đăng ký khai sinh');
    expect(card).toContain('Trong hạn (đang xử lý)');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'dossier-search-phone-filters');
    await page.getByTestId(`dossier-${COMMUNE.code}`).click();
    await page.waitForURL((url) => url.pathname === `/dossiers/${COMMUNE.code}`);
    expect(await content(page.getByTestId('dossier-letter'))).toContain('không cần phiếu xin lỗi');
    await shot(page, 'dossier-search-phone-detail');
  }, 60_000);
});
