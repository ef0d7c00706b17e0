import { fail, type reasons } from './reasons.js';

/**
 * The types an evidence file may have, recognised from the content alone: never from the file name or the
 * content type a client claims. Anything else is refused, including HTML and SVG (they can carry scripts),
 * programs, plain archives, old binary Office files and macro-enabled Office files.
 */
export const ALLOWED_TYPES = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf', label: 'PDF' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', label: 'Word (DOCX)' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', label: 'Excel (XLSX)' },
  png: { mediaType: 'image/png', extension: 'png', label: 'PNG' },
  jpeg: { mediaType: 'image/jpeg', extension: 'jpg', label: 'JPEG' },
  webp: { mediaType: 'image/webp', extension: 'webp', label: 'WebP' },
  gif: { mediaType: 'image/gif', extension: 'gif', label: 'GIF' },
} as const;

export type FileKind = keyof typeof ALLOWED_TYPES;

export interface DetectedType {
  kind: FileKind;
  mediaType: string;
  /** The usual extension, without a dot. */
  extension: string;
}

/** Other extensions a name may already carry for a type (a photo named `.jpeg` keeps its name). */
export const EXTENSION_ALIASES: Record<string, readonly string[]> = { jpg: ['jpg', 'jpeg', 'jpe', 'jfif'] };

export const ALLOWED_MEDIA_TYPES: readonly string[] = Object.values(ALLOWED_TYPES).map((t) => t.mediaType);

/** The extension of a stored media type (e.g. for a download name), or null when not an allowed type. */
export function extensionOf(mediaType: string): string | null {
  return Object.values(ALLOWED_TYPES).find((t) => t.mediaType === mediaType)?.extension ?? null;
}

/**
 * What detection needs from a file: its size, its first bytes and its last bytes. A ZIP (DOCX, XLSX) is
 * recognised from its central directory, which sits at the end; `tail` must hold it.
 */
export interface FileSample {
  size: number;
  head: Buffer;
  /** The last `min(size, TAIL_BYTES)` bytes. */
  tail: Buffer;
}

export const HEAD_BYTES = 64;
/** Room for the ZIP end record, its comment (≤ 64 KiB) and a central directory of thousands of entries. */
export const TAIL_BYTES = 1024 * 1024;

/** Collects a sample while bytes stream past: the head, and a bounded window of the tail. */
export class SampleCollector {
  private size = 0;
  private head = Buffer.alloc(0);
  private chunks: Buffer[] = [];
  private chunksLength = 0;

  constructor(private readonly tailBytes = TAIL_BYTES) {}

  add(chunk: Uint8Array): void {
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.size += buffer.length;
    if (this.head.length < HEAD_BYTES) {
      this.head = Buffer.concat([this.head, buffer.subarray(0, HEAD_BYTES - this.head.length)]);
    }
    // Copies, because a stream may reuse its buffers.
    this.chunks.push(Buffer.from(buffer));
    this.chunksLength += buffer.length;
    while (this.chunks.length > 1 && this.chunksLength - this.chunks[0]!.length >= this.tailBytes) {
      this.chunksLength -= this.chunks.shift()!.length;
    }
  }

  sample(): FileSample {
    const all = Buffer.concat(this.chunks);
    return { size: this.size, head: this.head, tail: all.subarray(Math.max(0, all.length - this.tailBytes)) };
  }
}

export function sampleOf(content: Buffer): FileSample {
  return { size: content.length, head: content.subarray(0, HEAD_BYTES), tail: content };
}

type RefusalReason = Extract<keyof typeof reasons, `evidence_${string}`>;

/** Refuses a file: the reason, with what the content was found to be (`detected`; also `details.found`). */
function refuse(reason: RefusalReason, found?: string): never {
  throw fail(reason, { detected: found ?? 'unknown' }, { ...(found ? { found } : {}), allowed: Object.values(ALLOWED_TYPES).map((t) => t.label) });
}

const startsWith = (buffer: Buffer, bytes: number[] | string, at = 0) => {
  const expected = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buffer.length >= at + expected.length && buffer.subarray(at, at + expected.length).equals(expected);
};

const found = (kind: FileKind): DetectedType => ({ kind, mediaType: ALLOWED_TYPES[kind].mediaType, extension: ALLOWED_TYPES[kind].extension });

/** The real type of a file from its content; refuses with `unsupported_media_type` anything not allowed. */
export function detectFileType(content: Buffer | FileSample): DetectedType {
  const sample = Buffer.isBuffer(content) ? sampleOf(content) : content;
  const { head } = sample;
  if (sample.size === 0) refuse('evidence_empty', 'empty');

  if (startsWith(head, '%PDF-') && head.length > 5 && head[5]! >= 0x30 && head[5]! <= 0x39) return found('pdf');
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) && startsWith(head, 'IHDR', 12)) return found('png');
  if (startsWith(head, [0xff, 0xd8, 0xff])) return found('jpeg');
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return found('gif');
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8) && startsWith(head, 'VP8', 12)) return found('webp');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return found(officeKindOfZip(sample));

  if (startsWith(head, 'MZ') || startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) refuse('evidence_program_refused', 'executable');
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    refuse('evidence_old_office_refused', 'ole');
  }
  if (startsWith(head, [0x50, 0x4b, 0x05, 0x06])) refuse('evidence_empty_zip_refused', 'zip');
  if (looksLikeMarkup(head)) refuse('evidence_markup_refused', 'markup');
  refuse('evidence_type_refused');
}

function looksLikeMarkup(head: Buffer): boolean {
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.trimStart().startsWith('<');
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const EOCD_LENGTH = 22;
const MAX_ENTRIES = 100_000;

function notOffice(reason: RefusalReason = 'evidence_zip_not_office'): never {
  refuse(reason, 'zip');
}

/** Entry names from the ZIP central directory (found through the end-of-central-directory record). */
export function zipEntryNames(sample: FileSample): string[] {
  const { tail, size } = sample;
  const tailStart = size - tail.length; // absolute offset of tail[0]
  let eocd = -1;
  for (let i = tail.length - EOCD_LENGTH; i >= Math.max(0, tail.length - EOCD_LENGTH - 0xffff); i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + EOCD_LENGTH + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) notOffice('evidence_zip_no_end_record');
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) notOffice('evidence_zip_multipart');
  let entries = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== SIG_ZIP64_LOCATOR) notOffice('evidence_zip64_missing');
    const record = Number(tail.readBigUInt64LE(locator + 8)) - tailStart;
    if (record < 0 || record + 56 > locator || tail.readUInt32LE(record) !== SIG_ZIP64_EOCD) notOffice('evidence_zip64_damaged');
    entries = Number(tail.readBigUInt64LE(record + 32));
    cdSize = Number(tail.readBigUInt64LE(record + 40));
    cdOffset = Number(tail.readBigUInt64LE(record + 48));
  }
  if (entries > MAX_ENTRIES) notOffice('evidence_zip_too_many_entries');
  const start = cdOffset - tailStart;
  if (cdOffset + cdSize > size) notOffice('evidence_zip_directory_outside');
  if (start < 0) notOffice('evidence_zip_directory_too_large');
  const end = start + cdSize;
  const names: string[] = [];
  let at = start;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > end || tail.readUInt32LE(at) !== SIG_CENTRAL) notOffice('evidence_zip_directory_damaged');
    const flags = tail.readUInt16LE(at + 8);
    const nameLength = tail.readUInt16LE(at + 28);
    const extraLength = tail.readUInt16LE(at + 30);
    const commentLength = tail.readUInt16LE(at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > end) notOffice('evidence_zip_directory_damaged');
    names.push(tail.toString(flags & 0x0800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength));
    at = next;
  }
  return names;
}

function officeKindOfZip(sample: FileSample): 'docx' | 'xlsx' {
  const names = zipEntryNames(sample);
  if (!names.includes('[Content_Types].xml')) notOffice();
  const word = names.some((n) => n.startsWith('word/'));
  const excel = names.some((n) => n.startsWith('xl/'));
  if (word === excel) notOffice();
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) {
    refuse('evidence_macro_refused', 'macro');
  }
  return word ? 'docx' : 'xlsx';
}
