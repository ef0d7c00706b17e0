import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { cellText, neutralise, readTable, unneutralise, writeTable } from '../../src/io/tabular.js';
import { TABLE_LIMITS } from '../../src/io/limits.js';
import { readXlsxRows } from '../../src/io/xlsx-reader.js';
import { bufferSource } from '../../src/io/zip.js';
import { cellBomb, columnBomb, inlineCell, manyRows, writeWorkbook } from './xlsx-fixtures.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-io-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);
const UNITS = { required: ['code', 'name', 'block'], optional: ['parent_code'] };

async function rejected(content: Buffer | string, columns = UNITS) {
  try {
    await readTable(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), columns);
  } catch (error) {
    const e = error as { code: string; details: { rows: unknown[] } };
    expect(e.code).toBe('import_rejected');
    return e.details.rows;
  }
  throw new Error('the file was accepted');
}

async function allRows(buffer: Buffer) {
  const out: { row: number; cells: string[] }[] = [];
  for await (const batch of readXlsxRows(bufferSource(buffer), { limits: TABLE_LIMITS, dateText: (d) => d.toISOString() })) out.push(...batch);
  return out;
}

/** What the importers got before (exceljs loads the whole workbook, cellText per cell up to row.cellCount). */
async function viaExcelJS(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const out: { row: number; cells: string[] }[] = [];
  workbook.worksheets[0]!.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let col = 1; col <= row.cellCount; col++) cells.push(cellText(row.getCell(col).value));
    while (cells.length > 0 && cells.at(-1) === '') cells.pop();
    if (cells.length > 0) out.push({ row: rowNumber, cells });
  });
  return out;
}

describe('the streaming XLSX reader gives the cell text exceljs gave', () => {
  it('strings, numbers, dates (built-in and custom formats), booleans, formulas, rich text, errors, gaps', async () => {
    for (const date1904 of [false, true]) {
      const workbook = new ExcelJS.Workbook();
      workbook.properties.date1904 = date1904;
      const sheet = workbook.addWorksheet('first');
      sheet.addRow(['code', 'Tên đơn vị', ' spaced ', 'a & b < c > "d" \'e\'', '=not a formula']);
      sheet.addRow([0.1, 1.1, -3.5, 1e-7, 123456789012, 0]);
      sheet.addRow([new Date(Date.UTC(2025, 0, 2)), new Date(Date.UTC(2025, 8, 30, 17, 45, 10)), null, true, false]);
      const custom = sheet.addRow([45678.5, 45678.5, 45678.5]);
      custom.getCell(1).numFmt = 'dd/mm/yyyy';
      custom.getCell(2).numFmt = '0.00';
      custom.getCell(3).numFmt = '[$-42A]d mmmm yyyy';
      sheet.addRow([
        { formula: '1+1', result: 2 },
        { formula: 'A1&"x"', result: 'codex' },
        { richText: [{ text: 'Xã ' }, { font: { bold: true }, text: 'An Bình' }] },
        { error: '#N/A' },
      ]);
      sheet.getCell('F6').value = 'after a gap';
      sheet.getCell('A7').value = { text: 'a link', hyperlink: 'https://example.org' };
      workbook.addWorksheet('second').addRow(['not read']);
      for (const useSharedStrings of [true, false]) {
        const buffer = Buffer.from(await workbook.xlsx.writeBuffer({ useSharedStrings } as ExcelJS.XlsxWriteOptions));
        const expected = await viaExcelJS(buffer);
        expect(expected.length).toBe(7);
        expect(await allRows(buffer)).toEqual(expected);
      }
    }
  });

  it('reads the sheet the same whether the shared strings come before or after it in the ZIP', async () => {
    const options = (sharedAfterSheet: boolean) => ({
      sharedAfterSheet,
      *rows() {
        yield `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>`;
        yield `<row r="4"><c r="B4" s="1"><v>45658</v></c><c r="C4" t="b"><v>1</v></c></row>`;
      },
      *shared() {
        yield '<si><t>mã</t></si><si><r><t>Xã </t></r><r><t xml:space="preserve">An&amp;Bình</t></r><rPh><t>phonetic</t></rPh></si>';
      },
    });
    const expected = [
      { row: 1, cells: ['mã', '', 'Xã An&Bình'] },
      { row: 4, cells: ['', '2025-01-01T00:00:00.000Z', 'true'] },
    ];
    for (const after of [true, false]) {
      writeWorkbook(file(`order-${after}.xlsx`), options(after));
      expect(await allRows(fs.readFileSync(file(`order-${after}.xlsx`)))).toEqual(expected);
    }
  });
});

describe('limits, checked while reading', () => {
  it('a column bomb (3,000 rows with a cell in column XFD) is refused at the dimension, or at the first cell beyond column 200', async () => {
    columnBomb(file('columns.xlsx'));
    expect(fs.statSync(file('columns.xlsx')).size).toBeLessThan(100_000);
    expect(await rejected(fs.readFileSync(file('columns.xlsx')))).toMatchObject([
      { row: 3000, column: 'XFD', message: 'the sheet declares A1:XFD3000, beyond the limit of 200 columns' },
    ]);
    columnBomb(file('columns-nodim.xlsx'), 3000, undefined, false);
    expect(await rejected(fs.readFileSync(file('columns-nodim.xlsx')))).toMatchObject([
      { row: 2, column: 'XFD', message: 'column 16384 (XFD) is beyond the limit of 200 columns' },
    ]);
  });

  it('column 200 is read, a value in column 201 is refused, an empty styled cell beyond 200 is not', async () => {
    const wide = (last: string) => ({
      *rows() {
        yield `<row r="1">${['code', 'name', 'block'].map((n, i) => inlineCell(`${'ABC'[i]}1`, n)).join('')}</row>`;
        yield `<row r="2">${inlineCell('A2', 'W-1')}${inlineCell('B2', 'Xã')}${inlineCell('C2', 'XA')}${last}</row>`;
      },
    });
    writeWorkbook(file('gr.xlsx'), wide(`<c r="GR2" s="0"/><c r="XFD2"/>`)); // GR = 200
    expect(await readTable(fs.readFileSync(file('gr.xlsx')), UNITS)).toEqual([{ row: 2, values: { code: 'W-1', name: 'Xã', block: 'XA' } }]);
    writeWorkbook(file('gs.xlsx'), wide(inlineCell('GS2', 'x'))); // GS = 201
    expect(await rejected(fs.readFileSync(file('gs.xlsx')))).toMatchObject([
      { row: 2, column: 'GS', message: 'column 201 (GS) is beyond the limit of 200 columns' },
    ]);
    writeWorkbook(file('spans.xlsx'), { rows: () => ['<row r="7" spans="1:16384"><c r="A7" t="inlineStr"><is><t>x</t></is></c></row>'] });
    expect(await rejected(fs.readFileSync(file('spans.xlsx')))).toMatchObject([
      { row: 7, column: 'XFD', message: 'column 16384 (XFD) is beyond the limit of 200 columns' },
    ]);
  });

  it('a cell bomb (one 300 MB shared string in a ~300 KB file) is refused at the cell using it, without building it', async () => {
    cellBomb(file('cell.xlsx'));
    const buffer = fs.readFileSync(file('cell.xlsx'));
    expect(buffer.length).toBeLessThan(1_000_000);
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore)), 5);
    const rows = await rejected(buffer);
    clearInterval(timer);
    expect(rows).toMatchObject([{ row: 2, column: 'B', message: 'the value is longer than 10,000 characters' }]);
    expect(peak).toBeLessThan(100 * 1024 ** 2);
  });

  it('an inline cell over 10,000 characters, and exactly 10,000 (entities count as one character)', async () => {
    const sheet = (text: string) => ({
      rows: () => [
        `<row r="1">${inlineCell('A1', 'code')}${inlineCell('B1', 'name')}${inlineCell('C1', 'block')}</row>`,
        `<row r="2">${inlineCell('A2', 'L-1')}${inlineCell('B2', text)}${inlineCell('C2', 'XA')}</row>`,
      ],
    });
    writeWorkbook(file('long.xlsx'), sheet('&'.repeat(10_000)));
    expect((await readTable(fs.readFileSync(file('long.xlsx')), UNITS))[0]!.values.name).toHaveLength(10_000);
    writeWorkbook(file('long2.xlsx'), sheet('x'.repeat(10_001)));
    expect(await rejected(fs.readFileSync(file('long2.xlsx')))).toMatchObject([{ row: 2, column: 'B', message: 'the value is longer than 10,000 characters' }]);
  });

  it('more than 100,000 data rows are refused at row 100,002; 100,000 are read', async () => {
    const cells = (r: number) => [`R${r}`, 'Xã', 'XA'];
    manyRows(file('rows.xlsx'), 100_001, ['code', 'name', 'block'], cells);
    expect(await rejected(fs.readFileSync(file('rows.xlsx')))).toMatchObject([{ row: 100_002, message: 'more than 100,000 data rows; split the file' }]);
    manyRows(file('rows-ok.xlsx'), 100_000, ['code', 'name', 'block'], cells);
    const rows = await readTable(fs.readFileSync(file('rows-ok.xlsx')), UNITS);
    expect(rows.length).toBe(100_000);
    expect(rows.at(-1)).toEqual({ row: 100_001, values: { code: 'R100001', name: 'Xã', block: 'XA' } });
  }, 60_000);

  it('a truncated workbook, a ZIP that is not a workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('s').addRow(['code', 'name', 'block']);
    const good = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await rejected(good.subarray(0, Math.floor(good.length / 2)))).toMatchObject([
      { row: 1, message: 'not a readable XLSX workbook (the ZIP directory is missing (a cut-off or damaged file?))' },
    ]);
    writeWorkbook(file('cut.xlsx'), { rows: () => [] });
    const { writeZip } = await import('./xlsx-fixtures.js');
    writeZip(file('docx.zip'), [['word/document.xml', '<w:document/>']]);
    expect(await rejected(fs.readFileSync(file('docx.zip')))).toMatchObject([{ row: 1, message: 'not an XLSX workbook (a ZIP file without xl/workbook.xml)' }]);
  });
});

describe('CSV: encodings, binary content and long lines name their row', () => {
  const header = 'code,name,block\n';
  it('UTF-16 with and without a BOM', async () => {
    const text = `${header}U-1,Xã Một,XA\n`;
    const message = 'the file is UTF-16 text; save it as "CSV UTF-8"';
    expect(await rejected(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toMatchObject([{ row: 1, message }]);
    expect(await rejected(Buffer.from(text, 'utf16le'))).toMatchObject([{ row: 1, message }]);
  });

  it('Windows-1258 (or Latin-1) bytes on row 5 are reported at row 5, column B', async () => {
    const good = Buffer.from(`${header}U-1,Xa Mot,XA\nU-2,Xa Hai,XA\nU-3,Xa Ba,XA\n`, 'utf8');
    const bad = Buffer.concat([good, Buffer.from('U-4,X'), Buffer.from([0xe3]), Buffer.from(' B'), Buffer.from([0xf4]), Buffer.from('n,XA\n')]);
    expect(await rejected(bad)).toMatchObject([{ row: 5, column: 'B', message: 'the file is not UTF-8 text (save it as "CSV UTF-8")' }]);
  });

  it('a NUL byte on row 3', async () => {
    expect(await rejected(`${header}U-1,Xã,XA\nU-2,X\u0000,XA\n`)).toMatchObject([{ row: 3, column: 'B', message: 'binary content: not a CSV or XLSX file' }]);
  });

  it('a 10 MB line on row 3, a value over 10,000 characters, more than 200 columns', async () => {
    expect(await rejected(`${header}U-1,Xã,XA\nU-2,${'x'.repeat(10 * 1024 * 1024)}\n`)).toMatchObject([
      { row: 3, column: 'B', message: 'the value is longer than 10,000 characters' },
    ]);
    expect(await rejected(`${header}U-1,${'x'.repeat(10_001)},XA\n`)).toMatchObject([
      { row: 2, column: 'B', message: 'the value is longer than 10,000 characters' },
    ]);
    expect(await rejected(`${header}U-1,"${'x\n'.repeat(6000)}",XA\n`)).toMatchObject([
      { row: 2, column: 'B', message: 'the value is longer than 10,000 characters' },
    ]);
    expect(await rejected(`${header}U-1,Xã,XA${',x'.repeat(200)}\n`)).toMatchObject([
      { row: 2, column: 'GS', message: 'column 201 (GS) is beyond the limit of 200 columns' },
    ]);
  });

  it('an XLSX named .csv is read as XLSX and a CSV named .xlsx as CSV (the content decides)', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('s').addRows([
      ['code', 'name', 'block'],
      ['R-1', 'Xã', 'XA'],
    ]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await readTable(xlsx, UNITS)).toEqual([{ row: 2, values: { code: 'R-1', name: 'Xã', block: 'XA' } }]);
    expect(await readTable(Buffer.from(`${header}R-1,Xã,XA\n`), UNITS)).toEqual([{ row: 2, values: { code: 'R-1', name: 'Xã', block: 'XA' } }]);
  });
});

describe('exports neutralise formula-like text', () => {
  it('text beginning with = + - @ tab or CR gets an apostrophe; numbers and plain-number text do not', () => {
    expect(['=HYPERLINK("x")', '+cmd', '-Phòng', '@SUM(A1)', '\tx', '\rx', "'=x", 'Xã', '-3.50', '+84', '1e3', ''].map(neutralise)).toEqual([
      '\'=HYPERLINK("x")',
      "'+cmd",
      "'-Phòng",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      "''=x",
      'Xã',
      '-3.50',
      '+84',
      '1e3',
      '',
    ]);
    expect(neutralise(-3.5)).toBe(-3.5);
    for (const value of ['=1+1', '-Phòng', "'=x", "''-y", "'plain", '-3.5', "'-3.5", '@a']) expect(unneutralise(String(neutralise(value)))).toBe(value);
  });

  it('writeTable CSV is neutralised and imports back to the same values; XLSX keeps text as text, never a formula', async () => {
    const rows = [
      { code: 'E-1', name: '=HYPERLINK("http://evil","x")', block: '-XA', score: -3.5 },
      { code: 'E-2', name: '+cmd|" /C calc"!A0', block: '@B', score: '-1.25' },
    ];
    const columns = ['code', 'name', 'block', 'score'];
    const csv = await writeTable('csv', columns, rows);
    expect(parse(csv.toString('utf8'))).toEqual([
      columns,
      ['E-1', '\'=HYPERLINK("http://evil","x")', "'-XA", '-3.5'],
      ['E-2', '\'+cmd|" /C calc"!A0', "'@B", '-1.25'],
    ]);
    const expected = rows.map((r, i) => ({ row: i + 2, values: { code: r.code, name: r.name, block: r.block, score: String(r.score) } }));
    expect(await readTable(csv, { required: columns })).toEqual(expected);
    const xlsx = await writeTable('xlsx', columns, rows);
    expect(await readTable(xlsx, { required: columns })).toEqual(expected);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const cell = workbook.worksheets[0]!.getCell('B2');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://evil","x")');
    expect(workbook.worksheets[0]!.getCell('D2').value).toBe(-3.5);
  });
});
