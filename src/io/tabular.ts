import type ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { importRejected, type ImportRowError } from '../http/errors.js';

export interface TableRow {
  /** 1-based line (CSV) or sheet row (XLSX); the header is row 1. */
  row: number;
  values: Record<string, string>;
}

export type TableFormat = 'csv' | 'xlsx';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const MAX_ROW_ERRORS = 200;

/** Collects row errors and rejects the whole file at the end, so a user sees every problem at once. */
export class RowErrors {
  readonly items: ImportRowError[] = [];
  add(row: number, message: string, column?: string) {
    if (this.items.length < MAX_ROW_ERRORS) this.items.push(column ? { row, column, message } : { row, message });
  }
  get any() {
    return this.items.length > 0;
  }
  throwIfAny(what: string) {
    if (this.any) throw importRejected(`${what}: ${this.items.length} error(s), nothing was written`, this.items);
  }
}

/** exceljs, loaded on first use: some 30 MB that most requests and commands never need. */
export async function loadExcelJS(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

/** The text of a cell: rich text joined, a formula's result, an error's code; dates through `dateText`. */
export function cellText(value: ExcelJS.CellValue, dateText: (date: Date) => string = (date) => date.toISOString()): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue, dateText);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw importRejected('The file is not a readable XLSX workbook', [{ row: 1, message: 'not a valid XLSX file' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let col = 1; col <= row.cellCount; col++) cells.push(cellText(row.getCell(col).value).trim());
    rows[rowNumber - 1] = cells;
  });
  return Array.from(rows, (cells) => cells ?? []);
}

function readCsv(buffer: Buffer): string[][] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw importRejected('The file is neither UTF-8 CSV nor XLSX', [{ row: 1, message: 'binary or non-UTF-8 content' }]);
  }
  if (text.includes('\u0000')) {
    throw importRejected('The file is neither UTF-8 CSV nor XLSX', [{ row: 1, message: 'binary content' }]);
  }
  text = text.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  // Excel in a Vietnamese locale saves CSV with semicolons.
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  // A record starts on the line after the previous one ended (a quoted field may span lines).
  let lastEndLine = 0;
  const startLines: number[] = [];
  try {
    const records: string[][] = parse(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (record, context) => {
        startLines.push(lastEndLine + 1);
        lastEndLine = context.lines;
        return record;
      },
    });
    const rows: string[][] = [];
    records.forEach((cells, i) => {
      rows[startLines[i]! - 1] = cells.map((v) => v.trim());
    });
    return Array.from(rows, (cells) => cells ?? []);
  } catch (error) {
    throw importRejected('The CSV file is malformed', [{ row: lastEndLine + 1, message: (error as Error).message }]);
  }
}

export function detectFormat(buffer: Buffer): TableFormat {
  return buffer.subarray(0, 4).equals(ZIP_MAGIC) ? 'xlsx' : 'csv';
}

/**
 * Reads a CSV or XLSX table whose first row names the columns. Column names are matched
 * case-insensitively; the required ones must all be present and no unknown one may appear.
 * Blank rows are skipped; row numbers are kept for error messages.
 */
export async function readTable(
  buffer: Buffer,
  columns: { required: readonly string[]; optional?: readonly string[] },
): Promise<TableRow[]> {
  if (buffer.length === 0) throw importRejected('The file is empty', [{ row: 1, message: 'empty file' }]);
  const grid = detectFormat(buffer) === 'xlsx' ? await readXlsx(buffer) : readCsv(buffer);
  const headerIndex = grid.findIndex((cells) => cells.some((c) => c !== ''));
  if (headerIndex < 0) throw importRejected('The file is empty', [{ row: 1, message: 'no header row' }]);
  const header = grid[headerIndex]!.map((name) => name.trim().toLowerCase());
  const known = new Set([...columns.required, ...(columns.optional ?? [])]);
  const errors = new RowErrors();
  const headerRow = headerIndex + 1;
  header.forEach((name, i) => {
    if (name === '' && i === header.length - 1) return;
    if (!known.has(name)) errors.add(headerRow, `unknown column "${name}"; expected ${[...known].join(',')}`, name || `#${i + 1}`);
    else if (header.indexOf(name) !== i) errors.add(headerRow, `column "${name}" appears twice`, name);
  });
  for (const name of columns.required) {
    if (!header.includes(name)) errors.add(headerRow, `missing column "${name}"`, name);
  }
  errors.throwIfAny('Wrong columns');
  const rows: TableRow[] = [];
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const cells = grid[i]!;
    if (cells.every((c) => c === '')) continue;
    if (cells.length > header.length && cells.slice(header.length).some((c) => c !== '')) {
      errors.add(i + 1, `${cells.length} values for ${header.length} columns`);
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((name, col) => {
      if (name) values[name] = cells[col] ?? '';
    });
    rows.push({ row: i + 1, values });
  }
  errors.throwIfAny('Malformed rows');
  if (rows.length === 0) throw importRejected('The file has a header but no data rows', [{ row: headerRow + 1, message: 'no data rows' }]);
  return rows;
}

/** Writes rows as CSV (UTF-8, header first) or as a one-sheet XLSX workbook. */
export async function writeTable(
  format: TableFormat,
  columns: readonly string[],
  rows: readonly Record<string, string | number | null>[],
  sheetName = 'data',
): Promise<Buffer> {
  if (format === 'csv') {
    return Buffer.from(stringify(rows.map((r) => columns.map((c) => r[c] ?? '')), { header: true, columns: [...columns] }), 'utf8');
  }
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...columns]).font = { bold: true };
  for (const r of rows) sheet.addRow(columns.map((c) => r[c] ?? ''));
  sheet.columns.forEach((col) => {
    col.width = 18;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const CONTENT_TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
