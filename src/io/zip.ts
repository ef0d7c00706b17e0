import fs from 'node:fs';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { MessageParams, ReasonedText } from '../errors.js';
import { type IoReason, ioText } from './reasons.js';

/**
 * A small random-access ZIP reader (what an XLSX file is): the central directory is read from the end of the file,
 * and one entry at a time is inflated as a stream, counting the bytes it gives against a cap, so a decompression
 * bomb stops at the cap instead of filling memory. The source is either a Buffer (uploads of table imports, at most
 * UPLOAD_LIMIT_BYTES) or a file (a dossier upload spooled to a temporary file). Encrypted entries and methods other
 * than stored and deflate are refused.
 */

type ZipReason = Extract<IoReason, `zip${string}`>;
const UNREADABLE = 'not a readable XLSX workbook (';

/**
 * A damaged or unsupported ZIP container: `message` says what is wrong with the archive, `text` is the reason as an
 * import row error reads it ("not a readable XLSX workbook (…)").
 */
export class ZipFormatError extends Error {
  readonly text: ReasonedText;
  constructor(reason: ZipReason, params?: MessageParams) {
    const text = ioText(reason, params);
    super(text.message.startsWith(UNREADABLE) ? text.message.slice(UNREADABLE.length, -1) : text.message);
    this.text = text;
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  offset: number;
}

export interface ZipSource {
  readonly size: number;
  read(position: number, length: number): Promise<Buffer>;
  stream(start: number, end: number): Readable;
  close(): Promise<void>;
}

const CHUNK = 64 * 1024;

export function bufferSource(buffer: Buffer): ZipSource {
  return {
    size: buffer.length,
    read: async (position, length) => buffer.subarray(position, Math.min(buffer.length, position + length)),
    stream(start, end) {
      const slice = buffer.subarray(start, Math.min(end, buffer.length));
      function* chunks() {
        for (let i = 0; i < slice.length; i += CHUNK) yield slice.subarray(i, i + CHUNK);
      }
      return Readable.from(chunks(), { objectMode: false });
    },
    close: async () => {},
  };
}

export async function fileSource(path: string): Promise<ZipSource> {
  const handle = await fs.promises.open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(position, length) {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      if (buffer.length > 0) await handle.read(buffer, 0, buffer.length, position);
      return buffer;
    },
    stream: (start, end) => fs.createReadStream(path, { start, end: Math.max(start, Math.min(end, size) - 1), highWaterMark: CHUNK }),
    close: () => handle.close(),
  };
}

const MAX_ENTRIES = 10_000;
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

/** The entries of the archive by name (names as stored, without a leading slash). */
export async function readDirectory(source: ZipSource): Promise<Map<string, ZipEntry>> {
  const tailLength = Math.min(source.size, 22 + 65_535);
  const tail = await source.read(source.size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('zip_directory_missing');
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locatorAt = source.size - tailLength + eocd - 20;
    const locator = locatorAt >= 0 ? await source.read(locatorAt, 20) : Buffer.alloc(0);
    if (locator.length === 20 && locator.readUInt32LE(0) === 0x07064b50) {
      const record = await source.read(Number(locator.readBigUInt64LE(8)), 56);
      if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50) throw new ZipFormatError('zip64_directory_damaged');
      count = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }
  }
  if (count > MAX_ENTRIES) throw new ZipFormatError('zip_too_many_entries', { count, maxEntries: MAX_ENTRIES });
  if (directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > source.size) {
    throw new ZipFormatError('zip_directory_cut_off');
  }
  const dir = await source.read(directoryOffset, directorySize);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw new ZipFormatError('zip_directory_damaged');
    const flags = dir.readUInt16LE(p + 8);
    const method = dir.readUInt16LE(p + 10);
    let compressedSize = dir.readUInt32LE(p + 20);
    let size = dir.readUInt32LE(p + 24);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    let offset = dir.readUInt32LE(p + 42);
    const name = dir.toString('utf8', p + 46, p + 46 + nameLength).replace(/^\/+/, '');
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = dir.readUInt16LE(e);
      const length = dir.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        const next = () => {
          const value = q + 8 <= e + 4 + length ? Number(dir.readBigUInt64LE(q)) : 0;
          q += 8;
          return value;
        };
        if (size === 0xffffffff) size = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (offset === 0xffffffff) offset = next();
      }
      e += 4 + length;
    }
    entries.set(name, { name, method, flags, compressedSize, size, offset });
    p = extraEnd + commentLength;
  }
  return entries;
}

/**
 * The content of an entry as a stream of chunks; more than `maxBytes` decompressed bytes throws `tooBig()` as soon as
 * they are produced. A damaged or cut-off entry throws ZipFormatError.
 */
export async function* entryChunks(source: ZipSource, entry: ZipEntry, maxBytes: number, tooBig: () => Error): AsyncGenerator<Buffer> {
  if (entry.flags & 1) throw new ZipFormatError('zip_encrypted');
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError('zip_method_unsupported', { method: entry.method });
  const local = await source.read(entry.offset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw new ZipFormatError('zip_entry_damaged', { entry: entry.name });
  const start = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const end = start + entry.compressedSize;
  if (end > source.size) throw new ZipFormatError('zip_entry_cut_off', { entry: entry.name });
  const raw = source.stream(start, end);
  const input = entry.method === 8 ? raw.pipe(zlib.createInflateRaw({ chunkSize: CHUNK })) : raw;
  if (input !== raw) raw.on('error', (error) => input.destroy(error));
  let total = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw tooBig();
      yield chunk;
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith?.('Z_'))
      throw new ZipFormatError('zip_entry_inflate_failed', { entry: entry.name, detail: (error as Error).message });
    throw error;
  } finally {
    raw.destroy();
    input.destroy();
  }
}
