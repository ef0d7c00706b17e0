import type { ReasonedText } from '../errors.js';
import { ioText } from './reasons.js';

/**
 * Hard limits on what an import file may hold, enforced while the file is read (before a value is built), so that
 * no file — a column bomb, a cell bomb, a million-row sheet — can take more than a bounded amount of memory.
 * See docs/data-formats.md ("Limits").
 */

export interface TableLimits {
  /** Columns per row: a non-empty cell beyond this column, or a sheet declaring more, refuses the file. */
  maxColumns: number;
  /** Characters per cell, counted while parsing. */
  maxCellChars: number;
  /** Data rows (non-blank rows after the header); Infinity for dossiers, which are streamed. */
  maxRows: number;
  /** Decompressed bytes of one worksheet entry of an XLSX file. */
  maxSheetBytes: number;
  /** Decompressed bytes of any other XLSX entry read (workbook, styles, shared strings). */
  maxPartBytes: number;
  /** Characters of all shared strings together, and their number. */
  maxSharedChars: number;
  maxSharedStrings: number;
  /** Characters of cell text kept in memory for the whole file (readTable keeps every row; dossiers stream). */
  maxKeptChars: number;
}

export const MAX_COLUMNS = 200;
export const MAX_CELL_CHARS = 10_000;
export const MAX_TABLE_ROWS = 100_000;

const GiB = 1024 ** 3;

/** Blocks, units, frameworks, scores, calendar, procedures: the whole table is kept, so the rows are capped. */
export const TABLE_LIMITS: TableLimits = {
  maxColumns: MAX_COLUMNS,
  maxCellChars: MAX_CELL_CHARS,
  maxRows: MAX_TABLE_ROWS,
  maxSheetBytes: 1 * GiB,
  maxPartBytes: 1 * GiB,
  maxSharedChars: 32_000_000,
  maxSharedStrings: 2_000_000,
  maxKeptChars: 48_000_000,
};

/** Dossier files: any number of rows (streamed in batches); the shared-strings table stays in memory, so it is capped. */
export const DOSSIER_LIMITS: TableLimits = {
  ...TABLE_LIMITS,
  maxRows: Number.POSITIVE_INFINITY,
  maxSheetBytes: 64 * GiB,
  maxSharedChars: 48_000_000,
  maxSharedStrings: 3_000_000,
  maxKeptChars: Number.POSITIVE_INFINITY,
};

/**
 * A file that breaks a limit or cannot be read: where (row, column letter/name) and why — a reason of src/io/reasons.ts
 * with its parameters (or, from older callers, English prose). Turned into import_rejected.
 */
export class TableFileError extends Error {
  /** The reason with its parameters and English message, as a row error carries it. */
  readonly text: ReasonedText;

  constructor(
    readonly row: number,
    why: string | ReasonedText,
    readonly column?: string,
  ) {
    const text = typeof why === 'string' ? { message: why } : why;
    super(text.message);
    this.text = text;
    this.name = 'TableFileError';
  }
}

/** Spreadsheet column letters of a 1-based column number (1 → A, 27 → AA, 16384 → XFD). */
export function columnLetters(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The 1-based column of letters (A → 1); NaN when they are not letters. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i) & ~32;
    if (c < 65 || c > 90) return Number.NaN;
    n = n * 26 + (c - 64);
    if (n > 1e6) return n;
  }
  return n;
}

/** At most ~100 characters of a value, for error messages. */
export function quoteValue(value: string, max = 100): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}

/** A count as the messages write it (10,000). */
export const countText = (n: number) => n.toLocaleString('en');

export const tooManyColumns = (row: number, column: number, limits: Pick<TableLimits, 'maxColumns'>) =>
  new TableFileError(row, ioText('column_beyond_limit', { column, letters: columnLetters(column), maxColumns: limits.maxColumns }), columnLetters(column));

export const cellTooLong = (row: number, column: number | string, limits: Pick<TableLimits, 'maxCellChars'>) =>
  new TableFileError(
    row,
    ioText('cell_longer_than_limit', { maxChars: countText(limits.maxCellChars) }),
    typeof column === 'number' ? columnLetters(column) : column,
  );

export const tooManyRows = (row: number, limits: TableLimits) => new TableFileError(row, ioText('too_many_data_rows', { maxRows: countText(limits.maxRows) }));
