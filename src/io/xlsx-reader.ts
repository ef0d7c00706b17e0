import { StringDecoder } from 'node:string_decoder';
import { cellTooLong, columnLetters, columnNumber, countText, TableFileError, type TableLimits, tooManyColumns } from './limits.js';
import { ioText } from './reasons.js';
import { attribute, decodeXml, type XmlListener, XmlScanner } from './xml-scan.js';
import { entryChunks, readDirectory, ZipFormatError, type ZipEntry, type ZipSource } from './zip.js';

/**
 * Reads the rows of one worksheet of an XLSX workbook entry by entry, in bounded memory: the workbook and its
 * relationships (to find the sheet), the styles (which number formats are dates), the shared strings (each capped; one
 * longer than the cell limit is kept as a marker and refused where a cell uses it), then the sheet's rows as a
 * stream. Every limit of `TableLimits` is checked while parsing, before a value is built.
 *
 * Cell text is what exceljs gave the importers before (src/io/tabular.ts `cellText`): shared, inline and formula
 * strings as text (rich text joined), numbers through String(), booleans `true`/`false`, errors by code, numbers with a
 * date format as Date (1900 or 1904 system, exceljs's conversion) through `dateText`.
 */

export interface XlsxRow {
  row: number;
  /** Index 0 is column A; missing cells are ''. */
  cells: string[];
}

export interface XlsxOptions {
  limits: TableLimits;
  dateText: (date: Date) => string;
  /** Which sheet (by the names in workbook order); -1 for none. Default: the first. */
  pickSheet?: (names: string[]) => number;
}

const TOO_LONG = Symbol('too long');
type Shared = string | typeof TOO_LONG;

// exceljs's defaults (lib/xlsx/defaultnumformats.js) for the built-in formats it knows, and its test for a date format.
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);
const BUILT_IN_KNOWN = new Set([...Array.from({ length: 23 }, (_, i) => i), 37, 38, 39, 40, 45, 46, 47, 48, 49]);
export function isDateFormat(format: string): boolean {
  const stripped = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(stripped);
}
const excelToDate = (serial: number, date1904: boolean) => new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));

interface Position {
  row: number;
  column?: string;
}

/** Feeds an entry to `listener`; yields after each chunk so that the caller can hand over what it completed. */
async function* scanEntry(source: ZipSource, entry: ZipEntry, maxBytes: number, listener: XmlListener, where: () => Position): AsyncGenerator<void> {
  const scanner = new XmlScanner(listener, where);
  const decoder = new StringDecoder('utf8');
  const tooBig = () => {
    const at = where();
    return new TableFileError(at.row, ioText('xlsx_part_too_large', { part: entry.name, megabytes: Math.round(maxBytes / 1024 ** 2) }), at.column);
  };
  try {
    for await (const chunk of entryChunks(source, entry, maxBytes, tooBig)) {
      scanner.write(decoder.write(chunk));
      yield;
    }
  } catch (error) {
    if (error instanceof ZipFormatError) {
      const at = where();
      throw new TableFileError(at.row, error.text, at.column);
    }
    throw error;
  }
  scanner.write(decoder.end());
  scanner.end();
}

/** Collects the text of one element (raw, entities decoded at the end), refusing more than `max` characters. */
class TextCapture {
  private parts: string[] = [];
  private raw = 0;
  overflow = false;
  constructor(private readonly max: number) {}
  reset() {
    this.parts = [];
    this.raw = 0;
    this.overflow = false;
  }
  add(raw: string) {
    if (this.overflow) return;
    this.raw += raw.length;
    // An entity is at most 10 characters for at least one; beyond this the decoded text is surely too long.
    if (this.raw > this.max * 10 + 10) {
      this.overflow = true;
      this.parts = [];
      return;
    }
    this.parts.push(raw);
  }
  /** The decoded text, or TOO_LONG. */
  take(): Shared {
    if (this.overflow) return TOO_LONG;
    const text = decodeXml(this.parts.length === 1 ? this.parts[0]! : this.parts.join(''));
    this.parts = [];
    this.raw = 0;
    return text.length > this.max ? TOO_LONG : text;
  }
}

const relsPath = (part: string) => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};
const resolveTarget = (base: string, target: string) => {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base
    .slice(0, base.lastIndexOf('/') + 1)
    .split('/')
    .filter(Boolean);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
};

/** Collects elements by name with their attributes (small parts only: workbook, rels, styles). */
async function elements(
  source: ZipSource,
  entry: ZipEntry | undefined,
  limits: TableLimits,
  names: string[],
  onOpen: (name: string, attributes: string, stack: string[]) => void,
) {
  if (!entry) return;
  const stack: string[] = [];
  const wanted = new Set(names);
  const scan = scanEntry(
    source,
    entry,
    limits.maxPartBytes,
    {
      capturing: false,
      open(name, attributes) {
        if (wanted.has(name)) onOpen(name, attributes, stack);
        stack.push(name);
      },
      close() {
        stack.pop();
      },
      text() {},
    },
    () => ({ row: 1 }),
  );
  for await (const _ of scan);
}

async function readSharedStrings(source: ZipSource, entry: ZipEntry | undefined, limits: TableLimits): Promise<Shared[]> {
  const strings: Shared[] = [];
  if (!entry) return strings;
  const capture = new TextCapture(limits.maxCellChars);
  let inSi = false;
  let phonetic = 0;
  let total = 0;
  const listener: XmlListener = {
    capturing: false,
    open(name, _attributes, selfClosing) {
      if (name === 'si') {
        inSi = true;
        capture.reset();
        if (strings.length >= limits.maxSharedStrings) {
          throw new TableFileError(1, ioText('xlsx_too_many_texts', { maxTexts: countText(limits.maxSharedStrings) }));
        }
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && inSi && phonetic === 0 && !selfClosing) listener.capturing = true;
    },
    close(name) {
      if (name === 't') listener.capturing = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        inSi = false;
        const text = capture.take();
        if (text !== TOO_LONG) {
          total += text.length;
          if (total > limits.maxSharedChars) {
            throw new TableFileError(1, ioText('xlsx_texts_too_long', { maxChars: countText(limits.maxSharedChars) }));
          }
        }
        strings.push(text);
      }
    },
    text(raw) {
      capture.add(raw);
    },
  };
  for await (const _ of scanEntry(source, entry, limits.maxPartBytes, listener, () => ({ row: 1 })));
  return strings;
}

/** The rows of a sheet of the workbook in `source`, in batches (one per chunk of the sheet). */
export async function* readXlsxRows(source: ZipSource, options: XlsxOptions): AsyncGenerator<XlsxRow[]> {
  const { limits, dateText } = options;
  let entries: Map<string, ZipEntry>;
  try {
    entries = await readDirectory(source);
  } catch (error) {
    if (error instanceof ZipFormatError) throw new TableFileError(1, error.text);
    throw error;
  }
  const workbookPath = 'xl/workbook.xml';
  if (!entries.has(workbookPath)) throw new TableFileError(1, ioText('xlsx_no_workbook'));

  const sheets: { name: string; rid: string }[] = [];
  let date1904 = false;
  await elements(source, entries.get(workbookPath), limits, ['sheet', 'workbookPr'], (name, attributes) => {
    if (name === 'workbookPr') {
      const value = attribute(attributes, 'date1904');
      date1904 = value === '1' || value === 'true';
    } else sheets.push({ name: attribute(attributes, 'name') ?? '', rid: attribute(attributes, 'r:id') ?? attribute(attributes, 'id') ?? '' });
  });
  const targets = new Map<string, { target: string; type: string }>();
  await elements(source, entries.get(relsPath(workbookPath)), limits, ['Relationship'], (_name, attributes) => {
    targets.set(attribute(attributes, 'Id') ?? '', { target: attribute(attributes, 'Target') ?? '', type: attribute(attributes, 'Type') ?? '' });
  });
  const index = options.pickSheet ? options.pickSheet(sheets.map((s) => s.name)) : 0;
  if (index < 0) return;
  const sheet = sheets[index];
  if (!sheet) throw new TableFileError(1, ioText('xlsx_no_worksheet'));
  const sheetTarget = targets.get(sheet.rid)?.target;
  const sheetEntry = sheetTarget ? entries.get(resolveTarget(workbookPath, sheetTarget)) : undefined;
  if (!sheetEntry) throw new TableFileError(1, ioText('xlsx_sheet_missing', { sheet: sheet.name.slice(0, 100) }));
  let sharedPath = 'xl/sharedStrings.xml';
  let stylesPath = 'xl/styles.xml';
  for (const { target, type } of targets.values()) {
    if (type.endsWith('/sharedStrings')) sharedPath = resolveTarget(workbookPath, target);
    if (type.endsWith('/styles')) stylesPath = resolveTarget(workbookPath, target);
  }

  // Styles: which cell formats (the `s` of a cell) show a date.
  const customFormats = new Map<number, string>();
  const xfFormats: number[] = [];
  await elements(source, entries.get(stylesPath), limits, ['numFmt', 'xf'], (name, attributes, stack) => {
    if (name === 'numFmt') {
      customFormats.set(Number(attribute(attributes, 'numFmtId')), (attribute(attributes, 'formatCode') ?? '').replace(/[\\](.)/g, '$1'));
    } else if (stack.at(-1) === 'cellXfs') xfFormats.push(Number(attribute(attributes, 'numFmtId') ?? 0));
  });
  const dateStyles = xfFormats.map((id) => {
    if (!id) return false;
    const custom = customFormats.get(id);
    if (custom !== undefined) return isDateFormat(custom);
    return BUILT_IN_KNOWN.has(id) && BUILT_IN_DATE_FORMATS.has(id);
  });

  const shared = await readSharedStrings(source, entries.get(sharedPath), limits);

  // The sheet, streamed.
  const capture = new TextCapture(limits.maxCellChars);
  let batch: XlsxRow[] = [];
  let rowNumber = 0;
  let cells: string[] = [];
  let inData = false;
  let column = 0;
  let type = '';
  let style = 0;
  let value: Shared | null = null;
  let inline: string[] | null = null;
  let phonetic = 0;
  let inRow = false;
  const where = (): Position => ({ row: Math.max(rowNumber, 1), column: column > 0 ? columnLetters(column) : undefined });
  const endRow = () => {
    if (!inRow) return;
    inRow = false;
    if (cells.length > 0) batch.push({ row: rowNumber, cells });
    cells = [];
  };
  const listener: XmlListener = {
    capturing: false,
    open(name, attributes, selfClosing) {
      switch (name) {
        case 'dimension': {
          const ref = attribute(attributes, 'ref') ?? '';
          const last = /([A-Za-z]+)(\d+)$/.exec(ref);
          if (last && columnNumber(last[1]!) > limits.maxColumns) {
            throw new TableFileError(
              Number(last[2]),
              ioText('xlsx_dimension_beyond_limit', { ref: ref.slice(0, 40), maxColumns: limits.maxColumns }),
              last[1]!.toUpperCase(),
            );
          }
          break;
        }
        case 'sheetData':
          inData = !selfClosing;
          break;
        case 'row': {
          if (!inData) break;
          endRow();
          const r = attribute(attributes, 'r');
          rowNumber = r ? Number(r) : rowNumber + 1;
          if (!Number.isInteger(rowNumber) || rowNumber < 1) throw new TableFileError(1, ioText('xlsx_bad_row_number', { value: (r ?? '').slice(0, 20) }));
          inRow = true;
          column = 0;
          const spans = attribute(attributes, 'spans');
          if (spans) {
            for (const span of spans.split(/\s+/)) {
              const end = Number(span.split(':')[1]);
              if (end > limits.maxColumns) throw tooManyColumns(rowNumber, end, limits);
            }
          }
          break;
        }
        case 'c': {
          if (!inRow) break;
          const r = attribute(attributes, 'r');
          if (r) {
            const letters = /^[A-Za-z]+/.exec(r)?.[0] ?? '';
            column = columnNumber(letters);
            if (!(column >= 1)) throw new TableFileError(rowNumber, ioText('xlsx_bad_cell_reference', { value: r.slice(0, 20) }));
          } else column++;
          type = attribute(attributes, 't') ?? '';
          style = Number(attribute(attributes, 's') ?? 0);
          value = null;
          inline = null;
          break;
        }
        case 'v':
          if (column > 0 && !selfClosing) {
            capture.reset();
            listener.capturing = true;
          }
          break;
        case 'is':
          inline = [];
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (inline && phonetic === 0 && !selfClosing) {
            capture.reset();
            listener.capturing = true;
          }
          break;
        default:
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
          if (listener.capturing) {
            listener.capturing = false;
            value = capture.take();
            if (value === TOO_LONG) throw cellTooLong(rowNumber, column, limits);
          }
          break;
        case 't':
          if (listener.capturing && inline) {
            listener.capturing = false;
            const text = capture.take();
            if (text === TOO_LONG) throw cellTooLong(rowNumber, column, limits);
            inline.push(text);
            if (inline.reduce((n, part) => n + part.length, 0) > limits.maxCellChars) throw cellTooLong(rowNumber, column, limits);
          }
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c': {
          if (!inRow || column < 1) break;
          const text = cellValue();
          if (text !== '') {
            if (column > limits.maxColumns) throw tooManyColumns(rowNumber, column, limits);
            while (cells.length < column - 1) cells.push('');
            cells[column - 1] = text;
          }
          break;
        }
        case 'row':
          endRow();
          break;
        case 'sheetData':
          endRow();
          inData = false;
          break;
        default:
          break;
      }
    },
    text(raw) {
      capture.add(raw);
    },
  };
  const cellValue = (): string => {
    if (type === 'inlineStr' || (inline && value === null)) return inline ? inline.join('') : '';
    if (value === null || value === TOO_LONG) return '';
    switch (type) {
      case 's': {
        const text = shared[Number.parseInt(value, 10)];
        if (text === TOO_LONG) throw cellTooLong(rowNumber, column, limits);
        return text ?? '';
      }
      case 'str':
      case 'e':
        return value;
      case 'b':
        return String(Number.parseInt(value, 10) !== 0);
      case 'd': {
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? value : dateText(date);
      }
      default: {
        if (value === '') return '';
        const number = Number.parseFloat(value);
        if (dateStyles[style] && Number.isFinite(number)) return dateText(excelToDate(number, date1904));
        return String(number);
      }
    }
  };

  for await (const _ of scanEntry(source, sheetEntry, limits.maxSheetBytes, listener, where)) {
    if (batch.length > 0) {
      const out = batch;
      batch = [];
      yield out;
    }
  }
  endRow();
  if (batch.length > 0) yield batch;
}
