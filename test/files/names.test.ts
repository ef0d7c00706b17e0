import { describe, expect, it } from 'vitest';
import { ALLOWED_TYPES } from '../../src/modules/files/detect.js';
import { contentDisposition, evidenceFileName, MAX_FILE_NAME_LENGTH, sanitizeFileName } from '../../src/modules/files/service.js';

describe('file name sanitizing', () => {
  it('keeps Vietnamese letters, in NFC whatever form they came in', () => {
    expect(sanitizeFileName('Báo cáo tự đánh giá năm 2025 – Sở Nội vụ.pdf')).toBe('Báo cáo tự đánh giá năm 2025 – Sở Nội vụ.pdf');
    const decomposed = 'Quyết định số 12.docx'.normalize('NFD');
    expect(decomposed).not.toBe('Quyết định số 12.docx');
    expect(sanitizeFileName(decomposed)).toBe('Quyết định số 12.docx');
  });

  it('keeps only the last path segment, so no separator survives', () => {
    expect(sanitizeFileName('C:\\Users\\cb\\Desktop\\Kế hoạch.xlsx')).toBe('Kế hoạch.xlsx');
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('thư mục/')).toBe('thư mục');
    expect(sanitizeFileName('a/b\\c.pdf')).not.toMatch(/[\\/]/);
  });

  it('removes control characters, bidirectional overrides and characters Windows forbids', () => {
    expect(sanitizeFileName('a\u0000b\r\nc\u0007.pdf')).toBe('ab c.pdf');
    // U+202E would show "invoice‮gpj.exe" as "invoiceexe.jpg".
    expect(sanitizeFileName('invoice\u202egpj.exe')).toBe('invoicegpj.exe');
    expect(sanitizeFileName('zero\u200bwidth\ufeff.pdf')).toBe('zerowidth.pdf');
    expect(sanitizeFileName('Báo cáo: "quý 1" <bản cuối>?|*.pdf')).toBe('Báo cáo quý 1 bản cuối.pdf');
    expect(sanitizeFileName('x\u{1F600}\ud800y.pdf')).toBe('x\u{1F600}y.pdf');
  });

  it('collapses spaces and drops leading dots and trailing dots or spaces', () => {
    expect(sanitizeFileName('  Tờ   trình\t\u00a0số 5 .pdf  ')).toBe('Tờ trình số 5 .pdf');
    expect(sanitizeFileName('.htaccess')).toBe('htaccess');
    expect(sanitizeFileName('report.pdf. . ')).toBe('report.pdf');
    expect(sanitizeFileName('..')).toBe('');
    expect(sanitizeFileName('\u0000\u0001')).toBe('');
  });

  it('shortens to 200 characters, keeping the extension and whole characters', () => {
    const long = sanitizeFileName(`${'ộ'.repeat(300)}.pdf`);
    expect(long).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(long.endsWith('ộ.pdf')).toBe(true);
    const emoji = sanitizeFileName(`${'\u{1F4C4}'.repeat(150)}.docx`);
    expect(emoji.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect(emoji.endsWith('\u{1F4C4}.docx')).toBe(true);
    expect(() => encodeURIComponent(emoji)).not.toThrow(); // no half of a surrogate pair is left
    expect(sanitizeFileName('a'.repeat(250))).toHaveLength(MAX_FILE_NAME_LENGTH);
  });

  it('is idempotent', () => {
    for (const raw of ['C:\\x\\ Báo   cáo\u202e.pdf ', `${'ư'.repeat(240)}.xlsx`, '...a...', 'Quyết định.docx'.normalize('NFD')]) {
      const once = sanitizeFileName(raw);
      expect(sanitizeFileName(once)).toBe(once);
    }
  });

  it('names evidence with an extension of its real type', () => {
    expect(evidenceFileName('Báo cáo.pdf', ALLOWED_TYPES.pdf)).toBe('Báo cáo.pdf');
    expect(evidenceFileName('Báo cáo.PDF', ALLOWED_TYPES.pdf)).toBe('Báo cáo.PDF');
    expect(evidenceFileName('report.exe', ALLOWED_TYPES.pdf)).toBe('report.exe.pdf');
    expect(evidenceFileName('ảnh chụp.jpeg', ALLOWED_TYPES.jpeg)).toBe('ảnh chụp.jpeg');
    expect(evidenceFileName('scan', ALLOWED_TYPES.png)).toBe('scan.png');
    expect(evidenceFileName('../..', ALLOWED_TYPES.xlsx)).toBe('file.xlsx');
    const long = evidenceFileName(`${'đ'.repeat(199)}.txt`, ALLOWED_TYPES.docx);
    expect(long).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(long.endsWith('.docx')).toBe(true);
  });

  it('offers the name back in a Content-Disposition with an ASCII fallback and the exact UTF-8 name', () => {
    const header = contentDisposition('Báo cáo "Đợt 1" (bản 2).pdf');
    expect(header).toBe(
      `attachment; filename="Bao cao _Dot 1_ (ban 2).pdf"; filename*=UTF-8''${encodeURIComponent('Báo cáo "Đợt 1" ').replace(/'/g, '%27')}%28b%E1%BA%A3n%202%29.pdf`,
    );
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('Báo cáo "Đợt 1" (bản 2).pdf');
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    // A plain ASCII name is sent as it is.
    expect(contentDisposition('units-2025.csv')).toBe('attachment; filename="units-2025.csv"');
  });
});
