import type ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { type AppError, importRejected, type ImportRowError, type ReasonedText } from '../errors.js';
import { CsvSplitter, CsvSyntaxError } from './csv.js';
import { countText, quoteValue, TABLE_LIMITS, TableFileError, type TableLimits, tooManyRows } from './limits.js';
import { ioText } from './reasons.js';
import { readXlsxRows } from './xlsx-reader.js';
import { bufferSource } from './zip.js';

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
  /** A row's problem: prose (older callers) or a reason with its parameters (`reasonText(reasons, 'x', params)`). */
  add(row: number, message: string | ReasonedText, column?: string) {
    if (this.items.length >= MAX_ROW_ERRORS) return;
    const text = typeof message === 'string' ? { message } : message;
    this.items.push(column ? { row, column, ...text } : { row, ...text });
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

export function detectFormat(buffer: Buffer): TableFormat {
  return buffer.subarray(0, 4).equals(ZIP_MAGIC) ? 'xlsx' : 'csv';
}

export interface ReadTableOptions {
  /** The limits of this import (default TABLE_LIMITS: 200 columns, 10,000 characters a cell, 100,000 data rows). */
  limits?: TableLimits;
}

/** A TableFileError (a limit, an unreadable file) as the import_rejected error every import answers. */
export function fileRejected(error: TableFileError): AppError {
  return importRejected(`The file was refused: ${error.message}`, [
    error.column ? { row: error.row, column: error.column, ...error.text } : { row: error.row, ...error.text },
  ]);
}

const CHUNK = 64 * 1024;

/** Splits CSV text from a buffer (chunk by chunk, as a stream would) with the shared splitter and its limits. */
function* csvRecords(buffer: Buffer, limits: TableLimits): Generator<{ row: number; cells: string[] }[]> {
  const newline = buffer.indexOf(0x0a);
  const firstLine = buffer.subarray(0, newline < 0 ? Math.min(buffer.length, CHUNK) : Math.min(newline, CHUNK)).toString('utf8');
  // Excel in a Vietnamese locale saves CSV with semicolons.
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let batch: { row: number; cells: string[] }[] = [];
  const splitter = new CsvSplitter(delimiter, (row, cells) => batch.push({ row, cells }), limits);
  const split = (run: () => void) => {
    try {
      run();
    } catch (error) {
      if (error instanceof CsvSyntaxError) throw new TableFileError(error.line, error.text);
      throw error;
    }
  };
  for (let i = 0; i < buffer.length; i += CHUNK) {
    split(() => splitter.write(buffer.subarray(i, i + CHUNK)));
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  split(() => splitter.end());
  if (batch.length > 0) yield batch;
}

/** The rows of a CSV or XLSX file in batches, with 1-based row numbers, every limit checked while reading. */
export async function* readTableRows(buffer: Buffer, limits: TableLimits = TABLE_LIMITS): AsyncGenerator<{ row: number; cells: string[] }[]> {
  if (detectFormat(buffer) === 'xlsx') yield* readXlsxRows(bufferSource(buffer), { limits, dateText: (date) => date.toISOString() });
  else yield* csvRecords(buffer, limits);
}

/** Text that a spreadsheet would take for a formula (or that carries a tab or CR in front); see `neutralise`. */
const TRIGGER = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/;

/**
 * CSV injection: a text cell that begins with =, +, -, @, tab or CR (after any apostrophes) gets a leading
 * apostrophe, so a spreadsheet shows it as text instead of running it. Numbers are left alone: JS numbers and text
 * that is a plain number ("-3.50", "+84", "1e3"). Imports take one apostrophe off again (`unneutralise`), so an
 * exported file re-imports to the same values: "-Phòng" → "'-Phòng" → "-Phòng"; "'=x" → "''=x" → "'=x".
 */
export function neutralise(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return value;
  return TRIGGER.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Takes off the apostrophe that `neutralise` put before =, +, -, @, tab or CR. */
export const unneutralise = (value: string) =>
  value.charCodeAt(0) === 39 && NEUTRALISED.test(value) && !PLAIN_NUMBER.test(value.slice(1)) ? value.slice(1) : value;

/**
 * Reads a CSV or XLSX table whose first row names the columns. Column names are matched
 * case-insensitively; the required ones must all be present and no unknown one may appear.
 * Blank rows are skipped; row numbers are kept for error messages. The file is read as a stream of rows within
 * the limits of src/io/limits.ts, refused as import_rejected naming the row and column as soon as one is broken.
 */
export async function readTable(
  buffer: Buffer,
  columns: { required: readonly string[]; optional?: readonly string[] },
  options: ReadTableOptions = {},
): Promise<TableRow[]> {
  const limits = options.limits ?? TABLE_LIMITS;
  if (buffer.length === 0) throw importRejected('The file is empty', [{ row: 1, ...ioText('file_is_empty') }]);
  const known = new Set([...columns.required, ...(columns.optional ?? [])]);
  const errors = new RowErrors();
  let header: string[] | null = null;
  let headerRow = 1;
  const rows: TableRow[] = [];
  let kept = 0;
  try {
    for await (const batch of readTableRows(buffer, limits)) {
      for (const { row, cells: raw } of batch) {
        const cells = raw.map((v) => unneutralise(v).trim());
        if (cells.every((c) => c === '')) continue;
        if (!header) {
          const names = cells.map((name) => name.toLowerCase());
          header = names;
          headerRow = row;
          names.forEach((name, i) => {
            if (name === '' && i === names.length - 1) return;
            if (!known.has(name))
              errors.add(
                row,
                ioText('unknown_column', { column: quoteValue(name), expected: [...known].join(',') }),
                name ? quoteValue(name, 40) : `#${i + 1}`,
              );
            else if (names.indexOf(name) !== i) errors.add(row, ioText('duplicate_column', { column: name }), name);
          });
          for (const name of columns.required) {
            if (!names.includes(name)) errors.add(row, ioText('missing_column', { column: name }), name);
          }
          errors.throwIfAny('Wrong columns');
          continue;
        }
        if (rows.length >= limits.maxRows) throw tooManyRows(row, limits);
        if (cells.length > header.length && cells.slice(header.length).some((c) => c !== '')) {
          errors.add(row, ioText('too_many_values', { values: cells.length, columns: header.length }));
          continue;
        }
        const values: Record<string, string> = {};
        header.forEach((name, col) => {
          if (name) {
            const value = cells[col] ?? '';
            kept += value.length;
            values[name] = value;
          }
        });
        if (kept > limits.maxKeptChars) throw new TableFileError(row, ioText('too_much_data', { maxChars: countText(limits.maxKeptChars) }));
        rows.push({ row, values });
      }
    }
  } catch (error) {
    if (error instanceof TableFileError) throw fileRejected(error);
    throw error;
  }
  if (!header) throw importRejected('The file is empty', [{ row: 1, ...ioText('no_header_row') }]);
  errors.throwIfAny('Malformed rows');
  if (rows.length === 0) throw importRejected('The file has a header but no data rows', [{ row: headerRow + 1, ...ioText('no_data_rows') }]);
  return rows;
}

/**
 * Writes rows as CSV (UTF-8, header first; text cells neutralised, see `neutralise`) or as a one-sheet XLSX workbook
 * (text stays text cells: exceljs writes a string starting with "=" as a string, never a formula).
 */
export async function writeTable(
  format: TableFormat,
  columns: readonly string[],
  rows: readonly Record<string, string | number | null>[],
  sheetName = 'data',
): Promise<Buffer> {
  if (format === 'csv') {
    return Buffer.from(
      stringify(
        rows.map((r) => columns.map((c) => neutralise(r[c]))),
        { header: true, columns: columns.map((c) => String(neutralise(c))) },
      ),
      'utf8',
    );
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
