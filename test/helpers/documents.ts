import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/** Reading downloaded documents back in tests: DOCX text and tables, PDF text (pdftotext), XLSX cells (exceljs). */

const unescapeXml = (value: string) =>
  value.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);
/** The text of a piece of WordprocessingML: its <w:t> runs joined. */
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1]!)).join('');

/** A DOCX's paragraphs (outside and inside tables), its tables as rows of cell texts, and its page headers' text. */
export async function readDocx(buffer: Buffer) {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('word/document.xml')!.async('string');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0]));
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0]))),
  );
  const headers = await Promise.all(
    Object.keys(zip.files)
      .filter((name) => /^word\/header\d*\.xml$/.test(name))
      .map((name) => zip.file(name)!.async('string')),
  );
  return { xml, paragraphs, tables, headerText: headers.map(textOf).join(' ') };
}

/** Text of a PDF by poppler's pdftotext (-raw: the drawing order), NFC, whitespace collapsed. */
export function pdfText(buffer: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    fs.writeFileSync(file, buffer);
    return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('pdftotext is missing: apt-get install -y poppler-utils', { cause: error });
    throw error;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The first worksheet of an XLSX file. */
export async function readXlsx(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rowValues = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
  return { workbook, sheet, rowValues };
}
