import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiFromPage, launchBrowser, shot, startServer, text, type Browser, type RunningServer, loginAs, openRoundAroundToday } from './harness';

/*
 * Refused files on screen in the Vietnamese UI (demo province, 2026, block SO, unit SCT): an evidence file whose
 * content is HTML (named .pdf), and dossier files with bad rows and with a wrong header. Each shows the catalogue's
 * Vietnamese text, never the server's English sentence.
 */
const YEAR = 2026;
const HEADER = 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status';
let server: RunningServer;
let browser: Browser;
let page: Page;
let roundId = 0;

/** English the server writes in its `message`s; none of it may reach the Vietnamese screen. */
const ENGLISH = /not accepted|unknown unit|unknown channel|is not a date|unknown column|expected|send PDF|nothing was written/i;

/** A local date (Asia/Ho_Chi_Minh) `days` from today, as YYYY-MM-DD. */

/** Chooses a file in the dossier upload and sends it; the rejected rows once `shown` appears among them. */
async function uploadDossiers(name: string, content: string | Buffer, shown: string) {
  await page
    .locator('input[type="file"]')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });
  await page.getByTestId('dossier-upload-submit').click();
  const rejected = page.getByTestId('dossier-upload-rejected');
  await rejected.getByText(shown).first().waitFor();
  return rejected;
}

/** The rows of the rejected rows' table as [row, column, reason]. */
async function rejectedRows(rejected: ReturnType<Page['getByTestId']>) {
  await rejected.getByTestId('dossier-rejected-rows').waitFor();
  return (await rejected.getByTestId('dossier-rejected-rows').locator('tbody tr').allInnerTexts()).map((r) => r.split('\t').map((cell) => cell.trim()));
}

describe('refused files in Vietnamese on screen', () => {
  beforeAll(async () => {
    server = await startServer({}, { demo: true });
    browser = await launchBrowser();
    page = browser.page;
    await loginAs(page, server.baseUrl, 'demo.admin');
    // The UI language is Vietnamese (the default); make sure no earlier choice is stored.
    await page.evaluate(() => localStorage.removeItem('parindex.lang'));
    const framework = await apiFromPage(page, 'POST', '/frameworks', {
      json: {
        year: YEAR,
        blockCode: 'SO',
        name: 'Bộ chỉ số CCHC khối sở 2026',
        classes: [
          { label: 'Tốt', min: 90 },
          { label: 'Yếu', min: 0 },
        ],
        criteria: [
          { code: '1', title: 'Công tác chỉ đạo, điều hành', maxPoints: 6, method: 'manual', appraiser: 'SNV' },
          { code: '1.1', title: 'Kế hoạch CCHC năm', maxPoints: 2, method: 'manual' },
          { code: '1.2', title: 'Báo cáo CCHC định kỳ', maxPoints: 4, method: 'manual' },
        ],
      },
    });
    expect(framework.status, JSON.stringify(framework.body)).toBe(201);
    roundId = await openRoundAroundToday(page, YEAR);
    const procedure = await apiFromPage(page, 'POST', '/procedures', {
      json: {
        code: 'LOI.SNV.1',
        name: 'Cấp bản sao văn bằng',
        field: 'Giáo dục',
        unitCode: 'SNV',
        legalDays: 5,
        internalDays: 4,
        onlineLevel: 'full',
        fee: null,
        published: true,
      },
    });
    expect(procedure.status, JSON.stringify(procedure.body)).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an evidence file that is really an HTML page is refused, in Vietnamese', async () => {
    await loginAs(page, server.baseUrl, 'demo.officer');
    await page.goto(`${server.baseUrl}/rounds/${roundId}/units/SCT`);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('evidence-file-1.1').click()]);
    await chooser.setFiles({
      name: 'bao-cao.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
    });
    await page.getByTestId('evidence-upload-1.1').click();
    const alert = page.getByTestId('criterion-1.1').getByTestId('error-alert');
    const shown = await text(alert);
    expect(shown).toContain('Định dạng dữ liệu gửi lên không được hỗ trợ');
    expect(shown).toContain('Không chấp nhận tệp HTML, XML và SVG (có thể chứa mã độc); hãy gửi tệp PDF, DOCX, XLSX, PNG, JPEG, WebP hoặc GIF');
    expect(shown).not.toMatch(ENGLISH);
    await shot(page, 'errors-vi-05-evidence-refused');
  });

  it('a dossier file with bad rows lists each row and column with its reason, in Vietnamese', async () => {
    await loginAs(page, server.baseUrl, 'demo.admin');
    await page.getByTestId('nav-dossiers').click();
    await page.waitForURL((url) => url.pathname === '/dossiers');
    await page.getByTestId('tab-dossier-import').click();
    const rejected = await uploadDossiers(
      'ho-so-loi.csv',
      [
        HEADER,
        'HS-VI-1,SNV,LOI.SNV.1,,direct,2025-04-01T08:00,,,,processing',
        'HS-VI-2,KHONGCO,LOI.SNV.1,,direct,2025-04-01T08:00,,,,processing',
        'HS-VI-3,SNV,LOI.SNV.1,,fax,2025-04-01T08:00,,,,processing',
        'HS-VI-4,SNV,LOI.SNV.1,,online,hôm qua,,,,processing',
        'HS-VI-5,SNV,LOI.SNV.1,,online,2025-04-01T08:00,,,2025-04-02T08:00,processing',
        '',
      ].join('\n'),
      'không có đơn vị mã',
    );
    expect(await rejectedRows(rejected)).toEqual([
      ['3', 'unit_code', 'không có đơn vị mã "KHONGCO"'],
      ['4', 'channel', 'kênh tiếp nhận "fax" không hợp lệ (direct – trực tiếp, online – trực tuyến, postal – bưu chính)'],
      ['5', 'received_at', '"hôm qua" không phải ngày giờ hợp lệ (ISO 8601, ví dụ 2025-03-14T08:30 hoặc 2025-03-14T08:30:00+07:00)'],
      ['6', 'returned_at', 'có thời điểm trả kết quả (returned_at) nhưng chưa có thời điểm giải quyết (resolved_at)'],
    ]);
    expect(await text(rejected)).not.toMatch(ENGLISH);
    await shot(page, 'errors-vi-06-dossier-rows');
  });

  it('a dossier file with a wrong header and one that is not UTF-8 are refused at their row and column, in Vietnamese', async () => {
    const header = await uploadDossiers(
      'ho-so-cot.csv',
      `${HEADER.replace('field', 'ghi_chu')}\nHS-VI-9,SNV,LOI.SNV.1,,online,2025-04-01T08:00,,,,received\n`,
      'thiếu cột',
    );
    expect(await rejectedRows(header)).toEqual([
      ['1', 'ghi_chu', `cột "ghi_chu" không được hỗ trợ; các cột hợp lệ: ${HEADER}`],
      ['1', 'field', 'thiếu cột "field"'],
    ]);
    expect(await text(header)).not.toMatch(/unknown column|missing column/);

    const encoding = await uploadDossiers(
      'ho-so-1258.csv',
      Buffer.concat([Buffer.from(`${HEADER}\nHS-VI-10,SNV,LOI.SNV.1,H`), Buffer.from([0xf4]), Buffer.from(' t?ch,online,2025-04-01T08:00,,,,received\n')]),
      'tệp không phải văn bản UTF-8',
    );
    expect(await rejectedRows(encoding)).toEqual([['2', 'D', 'tệp không phải văn bản UTF-8 (hãy lưu lại dưới dạng "CSV UTF-8")']]);
    await shot(page, 'errors-vi-07-dossier-file');
  });
});
