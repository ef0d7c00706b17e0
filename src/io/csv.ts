import { StringDecoder } from 'node:string_decoder';
import type { ReasonedText } from '../errors.js';
import { cellTooLong, columnLetters, MAX_CELL_CHARS, MAX_COLUMNS, TableFileError, type TableLimits, tooManyColumns } from './limits.js';
import { ioText } from './reasons.js';

/**
 * A streaming CSV splitter (RFC 4180) built for million-row dossier files: records are handed over as they
 * complete, with the line each starts on. It accepts what Excel and one-stop-shop exports write — a UTF-8 BOM,
 * LF, CRLF or CR line ends, quoted values holding delimiters, doubled quotes and line breaks — and keeps the line
 * count exact across line breaks inside quotes (a CRLF counts once). A quote inside an unquoted value is taken
 * literally. A quoted value that never closes, or a closing quote followed by text, is a CsvSyntaxError.
 *
 * Why not csv-parse here: it costs ~5 µs a row, most of the import's client time; lines without quotes are
 * split natively here (`String.split`) and only records with quotes take the character-by-character path.
 * test/api/dossier-import.test.ts checks it against csv-parse on awkward inputs.
 *
 * Limits (src/io/limits.ts), checked before a value is built and thrown as TableFileError naming the line and column:
 * a record may not hold a non-empty value beyond `maxColumns`, nor a value longer than `maxCellChars`; a record that
 * is still open after `maxColumns × (maxCellChars + 3)` characters (a 10 MB line) is refused without being split.
 * Text that is not UTF-8 is refused at the first record holding a bad byte (U+FFFD after decoding) or a NUL, with
 * its line; UTF-16 (a BOM, or NULs between ASCII bytes) is named as such.
 */

type CsvSyntaxReason = 'csv_ends_inside_record' | 'csv_quote_not_closed' | 'csv_text_after_quote';
const MALFORMED = 'the CSV is malformed here: ';

/** A broken record: `message` says what is wrong, `text` is the reason as a row error reads it ("the CSV is malformed here: …"). */
export class CsvSyntaxError extends Error {
  readonly text: ReasonedText;
  constructor(
    readonly line: number,
    reason: CsvSyntaxReason,
  ) {
    const text = ioText(reason);
    super(text.message.startsWith(MALFORMED) ? text.message.slice(MALFORMED.length) : text.message);
    this.text = text;
  }
}

type Emit = (line: number, cells: string[]) => void;

/** Line breaks in a value (CRLF once). */
function breaksIn(value: string): number {
  let n = 0;
  for (let k = 0; k < value.length; k++) {
    const ch = value.charCodeAt(k);
    if (ch === 10) n++;
    else if (ch === 13 && value.charCodeAt(k + 1) !== 10) n++;
  }
  return n;
}

/** Refuses UTF-16 text from its first bytes: a BOM, or (without one) NULs in every other byte of ASCII text. */
export function utf16Error(head: Buffer): TableFileError | null {
  const bom = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  const n = Math.min(head.length, 64) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const half = n / 2;
  const pattern = n >= 8 && ((odd >= half * 0.75 && even === 0) || (even >= half * 0.75 && odd === 0));
  if (bom || pattern) return new TableFileError(1, ioText('file_utf16'));
  return null;
}

export class CsvSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private line = 1;
  private started = false;
  private readonly code: number;
  private readonly maxColumns: number;
  private readonly maxCellChars: number;
  private readonly maxRecordChars: number;

  constructor(
    private readonly delimiter: string,
    private readonly emit: Emit,
    limits: Pick<TableLimits, 'maxColumns' | 'maxCellChars'> = { maxColumns: MAX_COLUMNS, maxCellChars: MAX_CELL_CHARS },
  ) {
    this.code = delimiter.charCodeAt(0);
    this.maxColumns = limits.maxColumns;
    this.maxCellChars = limits.maxCellChars;
    this.maxRecordChars = limits.maxColumns * (limits.maxCellChars + 3);
  }

  /** True once the text held U+FFFD (bytes that are not UTF-8) or NUL: records are then checked one by one. */
  suspicious = false;

  write(chunk: Buffer): void {
    if (!this.started && this.pending === '') {
      const error = utf16Error(chunk);
      if (error) throw error;
    }
    this.run(this.check(this.decoder.write(chunk)), false);
  }

  end(): void {
    this.run(this.check(this.decoder.end()), true);
  }

  private check(text: string): string {
    if (!this.suspicious && (text.includes('\uFFFD') || text.includes('\u0000'))) this.suspicious = true;
    return text;
  }

  private run(text: string, final: boolean): void {
    let s = this.pending + text;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    let i = 0;
    let nextQuote = s.indexOf('"');
    while (i < n) {
      if (nextQuote >= 0 && nextQuote < i) nextQuote = s.indexOf('"', i);
      const nl = s.indexOf('\n', i);
      if (nl >= 0 && (nextQuote < 0 || nextQuote > nl)) {
        // The common case: a whole line without quotes.
        let end = nl;
        if (end > i && s.charCodeAt(end - 1) === 13) end--;
        const lineText = s.slice(i, end);
        if (lineText.indexOf('\r') < 0) {
          const cells = lineText.split(this.delimiter);
          if (cells.length > this.maxColumns || lineText.length > this.maxCellChars || this.suspicious) this.limit(this.line, cells);
          this.emit(this.line, cells);
          this.line++;
          i = nl + 1;
          continue;
        }
      }
      const record = this.slow(s, i, final);
      if (!record) break;
      this.limit(this.line, record.cells);
      this.emit(this.line, record.cells);
      this.line += record.lines;
      i = record.end;
    }
    if (n - i > this.maxRecordChars) this.tooLong(s, i);
    this.pending = i < n ? s.slice(i) : '';
    if (final && this.pending !== '') throw new CsvSyntaxError(this.line, 'csv_ends_inside_record');
  }

  /** The limits and the text check for one record. */
  private limit(line: number, cells: string[]): void {
    for (let c = 0; c < cells.length; c++) {
      const value = cells[c]!;
      if (value.length > this.maxCellChars) throw cellTooLong(line, c + 1, { maxCellChars: this.maxCellChars });
      if (c >= this.maxColumns && value.trim() !== '') throw tooManyColumns(line, c + 1, { maxColumns: this.maxColumns });
      if (this.suspicious) {
        if (value.includes('\u0000')) throw new TableFileError(line, ioText('file_binary'), columnLetters(c + 1));
        if (value.includes('\uFFFD')) throw new TableFileError(line, ioText('file_not_utf8'), columnLetters(c + 1));
      }
    }
  }

  /** A record still open after maxRecordChars: find the value that is too long (or the column beyond the limit) cheaply. */
  private tooLong(s: string, start: number): never {
    let from = start;
    for (let c = 1; ; c++) {
      const next = s.indexOf(this.delimiter, from);
      const end = next < 0 || next - from > this.maxCellChars ? -1 : next;
      if (end < 0) throw cellTooLong(this.line, c, { maxCellChars: this.maxCellChars });
      if (c > this.maxColumns) throw tooManyColumns(this.line, c, { maxColumns: this.maxColumns });
      from = end + 1;
    }
  }

  /** One record from `start`, character by character; null when it is not complete in `s` yet. */
  private slow(s: string, start: number, final: boolean): { cells: string[]; end: number; lines: number } | null {
    const n = s.length;
    const cells: string[] = [];
    let pos = start;
    let lines = 0;
    for (;;) {
      if (s.charCodeAt(pos) === 34) {
        let from = pos + 1;
        let value = '';
        for (;;) {
          const q = s.indexOf('"', from);
          if (q < 0 || (q + 1 >= n && !final)) {
            if (final) throw new CsvSyntaxError(this.line, 'csv_quote_not_closed');
            return null;
          }
          if (s.charCodeAt(q + 1) === 34) {
            value += s.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += s.slice(from, q);
          pos = q + 1;
          break;
        }
        lines += breaksIn(value);
        cells.push(value);
        if (pos >= n) return { cells, end: pos, lines: lines + 1 };
        const ch = s.charCodeAt(pos);
        if (ch === this.code) {
          pos++;
          if (pos >= n && !final) return null;
          continue;
        }
        if (ch !== 13 && ch !== 10) throw new CsvSyntaxError(this.line + lines, 'csv_text_after_quote');
      } else {
        let k = pos;
        while (k < n) {
          const ch = s.charCodeAt(k);
          if (ch === this.code || ch === 13 || ch === 10) break;
          k++;
        }
        if (k >= n && !final) return null;
        cells.push(s.slice(pos, k));
        pos = k;
        if (pos >= n) return { cells, end: pos, lines: lines + 1 };
        if (s.charCodeAt(pos) === this.code) {
          pos++;
          if (pos >= n) {
            if (!final) return null;
            cells.push('');
            return { cells, end: pos, lines: lines + 1 };
          }
          continue;
        }
      }
      // A line end: CRLF, LF or CR.
      if (s.charCodeAt(pos) === 13) {
        if (pos + 1 >= n && !final) return null;
        pos += s.charCodeAt(pos + 1) === 10 ? 2 : 1;
      } else pos += 1;
      return { cells, end: pos, lines: lines + 1 };
    }
  }
}
