import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { dossiers, procedures, units } from '../../src/db/schema';
import { dateOfDayNumber, dayNumber } from '../../src/domain/calendar';
import { localDate } from '../../src/domain/deadlines';
import { systemActor } from '../../src/modules/auth/actor';
import { createBlock } from '../../src/modules/blocks/service';
import { createUnit } from '../../src/modules/units/service';
import { createUser } from '../../src/modules/users/service';
import { content, launchBrowser, loginAs, shot, startServer, type Browser, type RunningServer } from './harness';

/*
 * A unit officer of SCT signs in, sees the unit's late and overdue dossiers (and not the commune's), issues a letter
 * in the modal, downloads it through the page, and the file is read back as a DOCX. Then both letters are printed
 * in one file: one letter per page. The server runs on the real clock, so the dossiers are dated from today.
 */
const PASSWORD = 'apology-browser-test';
const PROCEDURE = 'Cấp Giấy chứng nhận đủ điều kiện kinh doanh xăng dầu';
const REASON = 'Hồ sơ phải lấy ý kiến thẩm định của Sở Tài chính.';

const today = localDate(new Date());
const shift = (days: number) => dateOfDayNumber(dayNumber(today) + days);
const isWeekday = (date: string) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
/** The first weekday at least `days` after today (no holidays are configured in this database). */
function weekdayAfter(days: number): string {
  let date = shift(days);
  while (!isWeekday(date)) date = dateOfDayNumber(dayNumber(date) + 1);
  return date;
}
const ddmmyyyy = (date: string) => date.split('-').reverse().join('/');
/** "ngày 05 tháng 3 năm 2026": months below 3 take a zero, as official documents write them. */
function longDate(date: string) {
  const [y, m, d] = date.split('-');
  return `ngày ${d} tháng ${Number(m) < 3 ? m : Number(m)} năm ${y}`;
}

const OVERDUE = { code: 'SCT-2025-000123', received: shift(-20), due: shift(-14) };
const LATE = { code: 'SCT-2025-000077', received: shift(-40), due: shift(-30), resolved: shift(-25) };
const OTHER_UNIT = 'X1-2025-000001';
const NEW_DATE = weekdayAfter(3);

let dataDir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;

async function prepareDatabase(dir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  try {
    await database.migrate();
    const { db } = database;
    const actor = systemActor('test:apology');
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở' }, 2025);
    await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, 2025);
    await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', blockCode: 'XA', year: 2025 });
    await createUser(db, actor, { username: 'organizer', displayName: 'Sở Nội vụ', role: 'admin', password: PASSWORD, mustChangePassword: false });
    await createUser(db, actor, {
      username: 'sct.officer',
      displayName: 'Cán bộ SCT',
      role: 'unit_officer',
      unitCode: 'SCT',
      password: PASSWORD,
      mustChangePassword: false,
    });
    const ids = new Map((await db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
    const [sct] = await db
      .insert(procedures)
      .values({
        code: '2.000633',
        name: PROCEDURE,
        searchKey: 'xang dau',
        field: 'Thương mại',
        unitId: ids.get('SCT')!,
        legalDays: 15,
        internalDays: 10,
        onlineLevel: 'partial',
      })
      .returning({ id: procedures.id });
    const [x1] = await db
      .insert(procedures)
      .values({
        code: '1.001193',
        name: 'Đăng ký khai sinh',
        searchKey: 'khai sinh',
        field: 'Hộ tịch',
        unitId: ids.get('X1')!,
        legalDays: 3,
        internalDays: 3,
        onlineLevel: 'full',
      })
      .returning({ id: procedures.id });
    const at = (date: string) => new Date(`${date}T09:00:00+07:00`);
    const base = { channel: 'direct' as const, field: 'Thương mại', unitId: ids.get('SCT')!, procedureId: sct!.id };
    await db.insert(dossiers).values([
      {
        ...base,
        code: OVERDUE.code,
        status: 'processing',
        receivedAt: at(OVERDUE.received),
        dueAt: at(OVERDUE.due),
        receivedDate: OVERDUE.received,
        dueDate: OVERDUE.due,
      },
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
        code: OTHER_UNIT,
        field: 'Hộ tịch',
        unitId: ids.get('X1')!,
        procedureId: x1!.id,
        status: 'processing',
        receivedAt: at(shift(-10)),
        dueAt: at(shift(-7)),
        receivedDate: shift(-10),
        dueDate: shift(-7),
      },
    ]);
  } finally {
    await database.close();
  }
}

async function docxText(file: string) {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"')).join('');
  return { text, pageBreaks: (xml.match(/<w:br w:type="page"\/>/g) ?? []).length };
}

describe('apology letters in the browser', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parindex-apology-'));
    await prepareDatabase(dataDir);
    server = await startServer({ PARINDEX_DATA_DIR: dataDir });
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the unit officer sees the unit’s late and overdue dossiers, without a letter, and not the commune’s', async () => {
    await loginAs(page, server.baseUrl, 'sct.officer', PASSWORD);
    await page.getByTestId('nav-apology').click();
    await page.waitForURL((url) => url.pathname === '/apology-letters');
    await page.getByTestId(`late-${LATE.code}`).waitFor();
    expect(await content(page.getByTestId(`letter-status-${OVERDUE.code}`))).toBe('Chưa có phiếu');
    expect(await content(page.getByTestId(`letter-status-${LATE.code}`))).toBe('Chưa có phiếu');
    expect(await page.getByTestId(`late-${OTHER_UNIT}`).count()).toBe(0);
    expect(await content(page.getByTestId('late-summary'))).toBe('2 hồ sơ trễ hạn hoặc quá hạn; 2 hồ sơ chưa có phiếu xin lỗi.');
    const row = await content(page.getByTestId(`late-${OVERDUE.code}`));
    expect(row).toContain(PROCEDURE);
    expect(row).toContain(ddmmyyyy(OVERDUE.due));
    expect(row).toContain('Quá hạn, chưa giải quyết');
    await shot(page, 'apology-list');
  });

  it('issues a letter in the modal: a weekend date is refused beside the field, then the letter is recorded', async () => {
    await page.getByTestId(`issue-${OVERDUE.code}`).click();
    await page.getByTestId('letter-reason').fill(REASON);
    let saturday = shift(1);
    while (new Date(`${saturday}T00:00:00Z`).getUTCDay() !== 6) saturday = dateOfDayNumber(dayNumber(saturday) + 1);
    await page.getByTestId('letter-date').fill(saturday);
    await page.getByTestId('letter-submit').click();
    await page.getByText(`${ddmmyyyy(saturday)} không phải là ngày làm việc`).waitFor();
    await page.getByTestId('letter-date').fill(NEW_DATE);
    await shot(page, 'apology-issue-modal');
    await page.getByTestId('letter-submit').click();
    await page.getByTestId('letter-reason').waitFor({ state: 'detached' });
    await page.getByTestId(`download-${OVERDUE.code}`).waitFor();
    expect(await content(page.getByTestId(`letter-status-${OVERDUE.code}`))).toBe('Đã có phiếu');
    expect(await content(page.getByTestId(`late-${OVERDUE.code}`))).toContain(ddmmyyyy(NEW_DATE));
  });

  it('downloads the letter through the page and it opens as a DOCX with the dossier’s facts', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-${OVERDUE.code}`).click()]);
    expect(download.suggestedFilename()).toBe(`phieu-xin-loi-${OVERDUE.code}.docx`);
    const file = join(dataDir, 'letter.docx');
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    const { text, pageBreaks } = await docxText(file);
    expect(text).toContain('SỞ CÔNG THƯƠNG');
    expect(text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(text).toContain(`mã hồ sơ: ${OVERDUE.code}`);
    expect(text).toContain(`“${PROCEDURE}”`);
    expect(text).toContain(`Ngày ${ddmmyyyy(OVERDUE.received)}, Sở Công Thương đã tiếp nhận`);
    expect(text).toContain(`thời hạn trả kết quả giải quyết hồ sơ là ngày ${ddmmyyyy(OVERDUE.due)}.`);
    expect(text).toContain(`Lý do: ${REASON}`);
    expect(text).toContain(`vào ngày ${ddmmyyyy(NEW_DATE)}.`);
    expect(pageBreaks).toBe(0);
  });

  it('issues the other letter from the selection and prints both in one file, one per page', async () => {
    await page.getByTestId(`select-${LATE.code}`).check();
    await page.getByTestId('bulk-issue').click();
    await page.getByTestId('bulk-reason').fill('Chờ kết quả kiểm tra thực tế tại cơ sở.');
    await page.getByTestId('bulk-date').fill(NEW_DATE);
    await page.getByTestId('bulk-submit').click();
    await page.getByTestId(`download-${LATE.code}`).waitFor();
    expect(await content(page.getByTestId('late-summary'))).toBe('2 hồ sơ trễ hạn hoặc quá hạn; 0 hồ sơ chưa có phiếu xin lỗi.');

    await page.getByTestId(`select-${LATE.code}`).check();
    await page.getByTestId(`select-${OVERDUE.code}`).check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bulk-download').click()]);
    const file = join(dataDir, 'letters.docx');
    await download.saveAs(file);
    const { text, pageBreaks } = await docxText(file);
    expect(pageBreaks).toBe(1);
    expect(text).toContain(`mã hồ sơ: ${LATE.code}`);
    expect(text).toContain(`mã hồ sơ: ${OVERDUE.code}`);
    expect(text).toContain('Lý do: Chờ kết quả kiểm tra thực tế tại cơ sở.');
  });

  it('counts: the unit’s own row with its letters, at phone width too', async () => {
    await page.getByTestId('tab-counts').click();
    const row = page.getByTestId('count-SCT');
    // Late LATE (resolved in the period) and overdue OVERDUE, both with a letter — if the period covers both dates.
    await page.getByTestId('counts-from').fill(shift(-60));
    await row.waitFor();
    const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
    expect(cells).toEqual(['Sở Công Thương', '1', '1', '2', '0', '2']);
    await shot(page, 'apology-counts');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('tab-dossiers').click();
    await page.getByTestId(`late-${LATE.code}`).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'apology-list-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('the organizer edits the template: an unknown placeholder is named, the preview and the letters follow the saved template', async () => {
    await loginAs(page, server.baseUrl, 'organizer', PASSWORD);
    await page.goto(`${server.baseUrl}/apology-letters?tab=template`);
    const paragraphs = page.getByTestId('tpl-paragraphs');
    await paragraphs.waitFor();
    const original = await paragraphs.inputValue();
    await paragraphs.fill(`${original}\n\nLiên hệ {{hotline}}.`);
    await page.getByTestId('tpl-preview').click();
    await page.getByText('không có trường trộn {{hotline}}').first().waitFor();

    await paragraphs.fill(original);
    await page.getByTestId('tpl-place').fill('Phú Thọ');
    await page.getByTestId('tpl-save').click();
    const preview = page.getByTestId('template-preview');
    await preview.waitFor();
    expect(await content(preview)).toContain(`Phú Thọ, ${longDate(today)}`);
    expect(await content(preview)).toContain('mã hồ sơ: H00.00-250301-0001');
    await shot(page, 'apology-template');

    const [sample] = await Promise.all([page.waitForEvent('download'), page.getByTestId('tpl-sample').click()]);
    const file = join(dataDir, 'sample.docx');
    await sample.saveAs(file);
    expect((await docxText(file)).text).toContain(`Phú Thọ, ${longDate(today)}`);

    // The organizer sees every unit's dossiers, the commune's too, and the letters now carry the place.
    await page.getByTestId('tab-dossiers').click();
    await page.getByTestId(`late-${OTHER_UNIT}`).waitFor();
    const [letter] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-${OVERDUE.code}`).click()]);
    await letter.saveAs(join(dataDir, 'letter2.docx'));
    // The letter keeps the date it was issued on (today).
    expect((await docxText(join(dataDir, 'letter2.docx'))).text).toContain(`Phú Thọ, ${longDate(today)}`);
  });
});
