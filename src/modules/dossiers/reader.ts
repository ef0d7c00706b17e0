import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportRowError, ReasonedText } from '../../errors.js';
import { DOSSIER_LIMITS, TableFileError } from '../../io/limits.js';
import { ioText } from '../../io/reasons.js';
import { readXlsxRows } from '../../io/xlsx-reader.js';
import { fileSource } from '../../io/zip.js';
import { CsvSplitter, CsvSyntaxError } from '../../io/csv.js';
import { dossierText } from './reasons.js';
import { DOSSIER_COLUMNS, type RawDossier } from './rules.js';

/**
 * Streams the rows of a dossier file (CSV or XLSX, told apart by the ZIP signature), in constant memory.
 * CSV (split by src/io/csv.ts): UTF-8 with or without a BOM, comma or (Excel in a Vietnamese locale) semicolon, CRLF or
 * LF, quoted fields with commas and line breaks; each row carries the line it starts on (the header is line 1).
 * XLSX: the upload is spooled to a temporary file (a ZIP is read from its directory at the end), then the first
 * worksheet is read entry by entry by src/io/xlsx-reader.ts; the row is the sheet row.
 * Both within the limits of src/io/limits.ts (DOSSIER_LIMITS: 200 columns, 10,000 characters a cell, any number of
 * rows). A problem that stops reading (not a table, wrong columns, a broken quote, a limit) throws a DossierFileError.
 */

export interface SourceRow {
  line: number;
  cells: RawDossier;
}

/** A problem that stops reading: where, and why (a reason with its parameters). */
export class DossierFileError extends Error {
  constructor(
    readonly row: number,
    readonly text: ReasonedText,
    readonly column?: string,
  ) {
    super(text.message);
  }
}

/** Problems with the header all at once: wrong columns stop the file. */
export class DossierHeaderError extends Error {
  constructor(readonly problems: ImportRowError[]) {
    super('wrong columns');
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const SNIFF_BYTES = 64 * 1024;

/** Counts the bytes that pass. */
export function byteCounter(onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
}

/** Reads the start of the stream (to tell the format), then gives back a stream of the whole content. */
async function sniff(stream: NodeJS.ReadableStream): Promise<{ head: Buffer; whole: Readable }> {
  const iterator = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    chunks.push(chunk);
    size += chunk.length;
    if (size >= 4 && chunk.includes(0x0a)) break;
  }
  const head = Buffer.concat(chunks);
  async function* all() {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  return { head, whole: Readable.from(all(), { objectMode: false }) };
}

/** Maps header cells to the ten columns; throws DossierHeaderError listing every problem. */
function columnOrder(header: string[], row: number): number[] {
  const names = header.map((h) => h.trim().toLowerCase());
  while (names.length > 0 && names.at(-1) === '') names.pop();
  const problems: ImportRowError[] = [];
  const known = new Set<string>(DOSSIER_COLUMNS);
  names.forEach((name, i) => {
    if (!known.has(name))
      problems.push({ row, column: name || `#${i + 1}`, ...ioText('unknown_column', { column: name, expected: DOSSIER_COLUMNS.join(',') }) });
    else if (names.indexOf(name) !== i) problems.push({ row, column: name, ...ioText('duplicate_column', { column: name }) });
  });
  for (const name of DOSSIER_COLUMNS) if (!names.includes(name)) problems.push({ row, column: name, ...ioText('missing_column', { column: name }) });
  if (problems.length > 0) throw new DossierHeaderError(problems);
  return DOSSIER_COLUMNS.map((name) => names.indexOf(name));
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/** Turns raw records (after the header) into rows in column order, refusing too many values. */
function arrange(cells: string[], order: number[], identity: boolean, width: number, line: number): RawDossier {
  if (cells.length > width) {
    for (let i = width; i < cells.length; i++) {
      if (cells[i]!.trim() !== '') throw new RowShapeError(line, ioText('too_many_values', { values: cells.length, columns: width }));
    }
  }
  if (cells.length < width) {
    throw new RowShapeError(
      line,
      cells.length === 1
        ? dossierText('dossier_one_value', { columns: width })
        : dossierText('dossier_too_few_values', { values: cells.length, columns: width }),
    );
  }
  if (cells.length === width && identity) return cells;
  return order.map((i) => cells[i]!);
}

const isIdentity = (order: number[]) => order.every((v, i) => v === i);

/** A row with the wrong number of values: rejected like an invalid row, reading goes on. */
export class RowShapeError extends Error {
  constructor(
    readonly row: number,
    readonly text: ReasonedText,
  ) {
    super(text.message);
  }
}

export type ReadItem = SourceRow | RowShapeError;

async function* readCsv(whole: Readable, head: Buffer): AsyncGenerator<ReadItem[]> {
  let firstLine = head.toString('utf8');
  const end = firstLine.search(/\r?\n/);
  if (end >= 0) firstLine = firstLine.slice(0, end);
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let order: number[] | null = null;
  let identity = false;
  let batch: ReadItem[] = [];
  // Records are taken as the splitter completes them (synchronously, per chunk written) and handed on in
  // batches: one await per chunk of the file rather than per row.
  const splitter: CsvSplitter = new CsvSplitter(delimiter, (line, record) => {
    if (isBlank(record)) return;
    if (!order) {
      order = columnOrder(record, line);
      identity = isIdentity(order);
      return;
    }
    try {
      batch.push({ line, cells: arrange(record, order, identity, DOSSIER_COLUMNS.length, line) });
    } catch (error) {
      if (error instanceof RowShapeError) batch.push(error);
      else throw error;
    }
  });
  const split = (run: () => void) => {
    try {
      run();
    } catch (error) {
      if (error instanceof CsvSyntaxError) throw new DossierFileError(error.line, error.text);
      if (error instanceof TableFileError) throw new DossierFileError(error.row, error.text, error.column);
      throw error;
    }
  };
  for await (const chunk of whole) {
    split(() => splitter.write(chunk as Buffer));
    if (batch.length > 0) {
      const out = batch;
      batch = [];
      yield out;
    }
  }
  split(() => splitter.end());
  if (batch.length > 0) yield batch;
  if (!order) throw new DossierFileError(1, dossierText('dossier_file_no_header'));
}

// Excel stores date-times without a zone; they come out as if they were UTC. They are local times.
const localDateText = (date: Date) => date.toISOString().replace(/\.000Z$|Z$/, '');

async function* readXlsx(whole: Readable): AsyncGenerator<ReadItem[]> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'parindex-dossiers-'));
  const file = path.join(dir, 'upload.xlsx');
  try {
    await pipeline(whole, fs.createWriteStream(file));
    const source = await fileSource(file);
    let order: number[] | null = null;
    let identity = false;
    try {
      for await (const rows of readXlsxRows(source, { limits: DOSSIER_LIMITS, dateText: localDateText })) {
        const out: ReadItem[] = [];
        for (const { row, cells } of rows) {
          if (isBlank(cells)) continue;
          if (!order) {
            order = columnOrder(cells, row);
            identity = isIdentity(order);
            continue;
          }
          while (cells.length < DOSSIER_COLUMNS.length) cells.push('');
          try {
            out.push({ line: row, cells: arrange(cells, order, identity, DOSSIER_COLUMNS.length, row) });
          } catch (error) {
            if (error instanceof RowShapeError) out.push(error);
            else throw error;
          }
        }
        if (out.length > 0) yield out;
      }
    } catch (error) {
      if (error instanceof TableFileError) throw new DossierFileError(error.row, error.text, error.column);
      throw error;
    } finally {
      await source.close();
    }
    if (!order) throw new DossierFileError(1, dossierText('dossier_workbook_no_header'));
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** The rows of a dossier file in batches; `onBytes` follows the bytes read so far. */
export async function* readDossierFile(stream: NodeJS.ReadableStream, onBytes: (total: number) => void): AsyncGenerator<ReadItem[]> {
  const counted = (stream as Readable).pipe(byteCounter(onBytes));
  (stream as Readable).on?.('error', (error: Error) => counted.destroy(error));
  const { head, whole } = await sniff(counted);
  if (head.length === 0) throw new DossierFileError(1, dossierText('dossier_file_empty'));
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) yield* readXlsx(whole);
  else yield* readCsv(whole, head);
}
