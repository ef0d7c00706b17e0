import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * Hostile XLSX files written in the test (no committed binaries): a tiny streaming ZIP writer (deflate, data
 * descriptors) and the SpreadsheetML parts around a generated sheet. Entries are written in the order given, so a
 * sheet can come before its shared strings, as in workbooks Excel writes.
 */

export type Part = string | Buffer | (() => Iterable<string>);

function header(signature: number, size: number) {
  const b = Buffer.alloc(size);
  b.writeUInt32LE(signature, 0);
  return b;
}

/** Writes a ZIP of the given entries to `file`; each entry's text may be a generator, so a huge part never sits in memory. */
export function writeZip(file: string, entries: [string, Part][], level = 1): void {
  const fd = fs.openSync(file, 'w');
  let offset = 0;
  const write = (buffer: Buffer) => {
    fs.writeSync(fd, buffer);
    offset += buffer.length;
  };
  const central: Buffer[] = [];
  try {
    for (const [name, part] of entries) {
      const nameBytes = Buffer.from(name, 'utf8');
      const local = header(0x04034b50, 30);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0808, 6); // data descriptor, UTF-8 names
      local.writeUInt16LE(8, 8);
      local.writeUInt16LE(nameBytes.length, 26);
      const start = offset;
      write(local);
      write(nameBytes);
      let crc = 0;
      let size = 0;
      let compressed = 0;
      // Each chunk is deflated on its own and sync-flushed (no final bit); an empty final block ends the stream.
      // Independent blocks make a valid deflate stream, and a huge part never sits in memory.
      const deflate = (chunk: Buffer, last: boolean) => {
        crc = zlib.crc32(chunk, crc);
        size += chunk.length;
        const out = Buffer.concat([
          zlib.deflateRawSync(chunk, { level, finishFlush: zlib.constants.Z_SYNC_FLUSH }),
          last ? zlib.deflateRawSync(Buffer.alloc(0)) : Buffer.alloc(0),
        ]);
        compressed += out.length;
        write(out);
      };
      if (typeof part === 'function') {
        let buffered: string[] = [];
        let length = 0;
        for (const piece of part()) {
          buffered.push(piece);
          length += piece.length;
          if (length >= 1 << 20) {
            deflate(Buffer.from(buffered.join(''), 'utf8'), false);
            buffered = [];
            length = 0;
          }
        }
        deflate(Buffer.from(buffered.join(''), 'utf8'), true);
      } else deflate(typeof part === 'string' ? Buffer.from(part, 'utf8') : part, true);
      const descriptor = header(0x08074b50, 16);
      descriptor.writeUInt32LE(crc >>> 0, 4);
      descriptor.writeUInt32LE(compressed, 8);
      descriptor.writeUInt32LE(size >>> 0, 12);
      write(descriptor);
      const entry = header(0x02014b50, 46);
      entry.writeUInt16LE(20, 4);
      entry.writeUInt16LE(20, 6);
      entry.writeUInt16LE(0x0808, 8);
      entry.writeUInt16LE(8, 10);
      entry.writeUInt32LE(crc >>> 0, 16);
      entry.writeUInt32LE(compressed, 20);
      entry.writeUInt32LE(size >>> 0, 24);
      entry.writeUInt16LE(nameBytes.length, 28);
      entry.writeUInt32LE(start, 42);
      central.push(entry, nameBytes);
    }
    const directory = Buffer.concat(central);
    const end = header(0x06054b50, 22);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    write(directory);
    write(end);
  } finally {
    fs.closeSync(fd);
  }
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${escape(text)}</t></is></c>`;

/** A one-sheet workbook whose sheet XML comes from `sheet` (the sheetData rows) and shared strings from `shared`. */
export function writeWorkbook(
  file: string,
  options: { rows: () => Iterable<string>; shared?: () => Iterable<string>; dimension?: string; sharedAfterSheet?: boolean; level?: number },
): void {
  const sheet = function* () {
    yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
    if (options.dimension) yield `<dimension ref="${options.dimension}"/>`;
    yield '<sheetData>';
    yield* options.rows();
    yield '</sheetData></worksheet>';
  };
  const shared = function* () {
    yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
    if (options.shared) yield* options.shared();
    yield '</sst>';
  };
  const parts: [string, Part][] = [
    ['[Content_Types].xml', CONTENT_TYPES],
    ['_rels/.rels', ROOT_RELS],
    ['xl/workbook.xml', WORKBOOK],
    ['xl/_rels/workbook.xml.rels', WORKBOOK_RELS],
    ['xl/styles.xml', STYLES],
  ];
  if (options.sharedAfterSheet === false) parts.push(['xl/sharedStrings.xml', shared], ['xl/worksheets/sheet1.xml', sheet]);
  else parts.push(['xl/worksheets/sheet1.xml', sheet], ['xl/sharedStrings.xml', shared]);
  writeZip(file, parts, options.level);
}

const UNIT_HEADER = ['code', 'name', 'block', 'parent_code'];
const headerRow = (names: string[]) => `<row r="1">${names.map((n, i) => inlineCell(`${String.fromCharCode(65 + i)}1`, n)).join('')}</row>`;

/** 3,000 rows (by default) each with one cell in column XFD (16,384): the column bomb. */
export function columnBomb(file: string, rows = 3000, header = UNIT_HEADER, dimension = true) {
  writeWorkbook(file, {
    dimension: dimension ? `A1:XFD${rows}` : undefined,
    *rows() {
      yield headerRow(header);
      for (let r = 2; r <= rows; r++) yield `<row r="${r}">${inlineCell(`XFD${r}`, 'x')}</row>`;
    },
  });
}

/** One shared string of `chars` characters (300 MB by default) used by cell B2: the cell bomb. */
export function cellBomb(file: string, chars = 300_000_000, header = UNIT_HEADER) {
  writeWorkbook(file, {
    level: 9,
    *rows() {
      yield headerRow(header);
      yield `<row r="2">${inlineCell('A2', 'BOMB-1')}<c r="B2" t="s"><v>0</v></c></row>`;
    },
    *shared() {
      yield '<si><t>';
      const block = 'A'.repeat(1 << 20);
      for (let left = chars; left > 0; left -= block.length) yield left >= block.length ? block : block.slice(0, left);
      yield '</t></si>';
    },
  });
}

/** `count` data rows of `cells(r)` under `header` (all inline strings): the million-row sheet. */
export function manyRows(file: string, count: number, header: string[], cells: (r: number) => string[]) {
  writeWorkbook(file, {
    *rows() {
      yield headerRow(header);
      for (let r = 2; r <= count + 1; r++)
        yield `<row r="${r}">${cells(r)
          .map((text, i) => inlineCell(`${String.fromCharCode(65 + i)}${r}`, text))
          .join('')}</row>`;
    },
  });
}
