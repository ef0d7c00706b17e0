import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { type AppError, reasonText } from '../../errors.js';
import { fail, reasons } from './reasons.js';

/** What `put` accepts: a whole buffer, or a stream (a Node Readable or any async iterable of bytes). */
export type FileInput = Buffer | Uint8Array | AsyncIterable<Uint8Array | string>;

export interface StoredFile {
  sha256: string;
  size: number;
  /** False when the same content was already stored (nothing new was written). */
  created: boolean;
}

export interface PutOptions {
  /** Refuse with `payload_too_large` once more than this many bytes arrive; checked while streaming. */
  limitBytes?: number;
  /**
   * Called once every byte has arrived, before the content becomes visible in the store. Throwing refuses
   * the content: nothing is kept. The service uses it to check the file type.
   */
  beforeCommit?: (file: { sha256: string; size: number }) => void | Promise<void>;
}

/**
 * Content-addressed storage of evidence files: the key is the sha256 of the content, so the same document
 * is stored once. The database keeps the metadata (`files`, `evidence`); a store keeps only bytes.
 * `LocalFileStore` keeps them in a folder; an S3-compatible store can implement the same four operations.
 */
export interface FileStore {
  put(input: FileInput, options?: PutOptions): Promise<StoredFile>;
  /** The content as a stream; `not_found` when the store does not hold it. */
  open(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /** Removes the content; false when it was not there. */
  delete(sha256: string): Promise<boolean>;
}

const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export function isSha256(value: string): boolean {
  return SHA256_PATTERN.test(value);
}

function requireSha256(value: string): string {
  if (!isSha256(value)) throw fail('file_key_invalid', undefined, { issues: [{ path: 'sha256', ...reasonText(reasons, 'file_key_not_valid') }] });
  return value;
}

export function tooLarge(limitBytes: number): AppError {
  return fail('file_too_large', { size: formatBytes(limitBytes) }, { limitBytes });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** The chunks of an input as bytes. */
export async function* chunksOf(input: FileInput): AsyncIterable<Uint8Array> {
  if (input instanceof Uint8Array) {
    yield input;
    return;
  }
  for await (const chunk of input) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

const TEMP_DIR = 'tmp';

/**
 * Files under `<root>/ab/cd/<sha256>` (the first two pairs of hex digits spread the files over 65,536
 * folders). A new file is written to `<root>/tmp/`, flushed to disk, then renamed into place: rename is
 * atomic on one file system, so a reader sees a whole file or none, never a partial one.
 */
export class LocalFileStore implements FileStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The store of a data folder: `<dataDir>/files`. */
  static inDataDir(dataDir: string): LocalFileStore {
    return new LocalFileStore(path.join(dataDir, 'files'));
  }

  pathOf(sha256: string): string {
    requireSha256(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  get tempDir(): string {
    return path.join(this.root, TEMP_DIR);
  }

  async put(input: FileInput, options: PutOptions = {}): Promise<StoredFile> {
    const { limitBytes } = options;
    // A buffer over the limit is refused before anything touches the disk.
    if (limitBytes !== undefined && input instanceof Uint8Array && input.byteLength > limitBytes) throw tooLarge(limitBytes);
    await fsp.mkdir(this.tempDir, { recursive: true });
    const tempPath = path.join(this.tempDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    let size = 0;
    let handle: fsp.FileHandle | null = await fsp.open(tempPath, 'wx', 0o644);
    try {
      // for-await pulls one chunk at a time (back-pressure); leaving the loop early destroys the source
      // stream, so an oversized upload stops being read as soon as it passes the limit.
      for await (const chunk of chunksOf(input)) {
        size += chunk.byteLength;
        if (limitBytes !== undefined && size > limitBytes) throw tooLarge(limitBytes);
        hash.update(chunk);
        await handle.write(chunk);
      }
      await handle.sync();
      await handle.close();
      handle = null;
      const sha256 = hash.digest('hex');
      await options.beforeCommit?.({ sha256, size });
      const finalPath = this.pathOf(sha256);
      if (await this.exists(sha256)) {
        await fsp.rm(tempPath, { force: true });
        return { sha256, size, created: false };
      }
      await fsp.mkdir(path.dirname(finalPath), { recursive: true });
      // Two uploads of the same content may race here; both renames put identical bytes in place.
      await fsp.rename(tempPath, finalPath);
      return { sha256, size, created: true };
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await fsp.rm(tempPath, { force: true });
      throw error;
    }
  }

  async open(sha256: string): Promise<Readable> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(this.pathOf(sha256), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw fail('stored_file_not_found', { sha256 });
      throw error;
    }
    // Opened first so a missing file is a clean `not_found` rather than a stream error mid-response.
    return handle.createReadStream();
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      return (await fsp.stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async delete(sha256: string): Promise<boolean> {
    try {
      await fsp.unlink(this.pathOf(sha256));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /**
   * Removes temporary files left by a crash in the middle of an upload, if older than `olderThanMs`
   * (a day by default, so uploads still running on another server sharing the folder are left alone).
   */
  async removeStaleTemp(olderThanMs = 24 * 3600_000, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await fsp.readdir(this.tempDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith('.part')) continue;
      const file = path.join(this.tempDir, name);
      const stat = await fsp.stat(file).catch(() => null);
      if (stat && now - stat.mtimeMs > olderThanMs) {
        await fsp.rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Every stored key (for checks and backups); walks the folder, so meant for maintenance, not requests. */
  async *list(): AsyncIterable<string> {
    if (!fs.existsSync(this.root)) return;
    for (const a of (await fsp.readdir(this.root)).sort()) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of (await fsp.readdir(path.join(this.root, a))).sort()) {
        if (!/^[0-9a-f]{2}$/.test(b)) continue;
        for (const name of (await fsp.readdir(path.join(this.root, a, b))).sort()) {
          if (isSha256(name) && name.startsWith(a + b)) yield name;
        }
      }
    }
  }
}
