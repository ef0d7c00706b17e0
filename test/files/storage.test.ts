import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { LocalFileStore } from '../../src/modules/files/storage.js';
import { sha256Of } from './fixtures.js';

let dir: string;
let store: LocalFileStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-files-'));
  store = LocalFileStore.inDataDir(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every regular file under the store folder, relative to it. */
function filesOnDisk(): string[] {
  if (!fs.existsSync(store.root)) return [];
  return (fs.readdirSync(store.root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(store.root, p)).isFile()).sort();
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('LocalFileStore', () => {
  it('stores content under <dataDir>/files/ab/cd/<sha256> and reads it back', async () => {
    const content = randomBytes(100_000);
    const sha = sha256Of(content);
    const stored = await store.put(content);
    expect(stored).toEqual({ sha256: sha, size: content.length, created: true });
    expect(filesOnDisk()).toEqual([path.join(sha.slice(0, 2), sha.slice(2, 4), sha)]);
    expect(store.root).toBe(path.join(dir, 'files'));
    expect(await store.exists(sha)).toBe(true);
    expect(sha256Of(await readAll(await store.open(sha)))).toBe(sha);
  });

  it('stores a stream, in chunks, with the same key as the whole buffer', async () => {
    const content = randomBytes(300_000);
    const stored = await store.put(Readable.from(Array.from({ length: 30 }, (_, i) => content.subarray(i * 10_000, (i + 1) * 10_000))));
    expect(stored).toEqual({ sha256: sha256Of(content), size: content.length, created: true });
    expect((await readAll(await store.open(stored.sha256))).equals(content)).toBe(true);
  });

  it('keeps the same content once, also when two uploads race', async () => {
    const content = Buffer.from('một nội dung');
    const [a, b] = await Promise.all([store.put(content), store.put(Readable.from([content]))]);
    const again = await store.put(content);
    expect(a.sha256).toBe(b.sha256);
    expect(again.created).toBe(false);
    expect(filesOnDisk()).toHaveLength(1);
    const keys: string[] = [];
    for await (const key of store.list()) keys.push(key);
    expect(keys).toEqual([a.sha256]);
  });

  it('stops reading a stream as soon as it passes the limit, and leaves no partial file', async () => {
    const limit = 100 * 1024;
    const chunk = 16 * 1024;
    let produced = 0;
    async function* endless() {
      // 1 GiB if it were read to the end.
      for (let i = 0; i < 65_536; i++) {
        produced += chunk;
        yield Buffer.alloc(chunk, i % 256);
      }
    }
    const error = await rejection(store.put(endless(), { limitBytes: limit }));
    expect(error.code).toBe('payload_too_large');
    expect(error.status).toBe(413);
    expect(produced).toBeLessThanOrEqual(limit + chunk);
    expect(filesOnDisk()).toEqual([]);
  });

  it('refuses a buffer over the limit without writing anything, and accepts one exactly at it', async () => {
    expect((await rejection(store.put(Buffer.alloc(1025), { limitBytes: 1024 }))).code).toBe('payload_too_large');
    expect(fs.existsSync(store.root)).toBe(false);
    expect((await store.put(Buffer.alloc(1024, 1), { limitBytes: 1024 })).size).toBe(1024);
    expect((await store.put(Readable.from([Buffer.alloc(512, 2), Buffer.alloc(512, 3)]), { limitBytes: 1024 })).size).toBe(1024);
  });

  it('leaves nothing when the source fails midway or the content is refused before commit', async () => {
    async function* failing() {
      yield Buffer.alloc(1000);
      throw new Error('connection reset');
    }
    await expect(store.put(failing())).rejects.toThrow('connection reset');
    await expect(
      store.put(Buffer.from('<html>'), {
        beforeCommit: () => {
          throw new AppError('unsupported_media_type', 'no');
        },
      }),
    ).rejects.toThrow('no');
    expect(filesOnDisk()).toEqual([]);
  });

  it('answers not_found for unknown content and refuses keys that are not a sha256', async () => {
    const unknown = sha256Of(Buffer.from('never stored'));
    expect((await rejection(store.open(unknown))).code).toBe('not_found');
    expect(await store.exists(unknown)).toBe(false);
    for (const bad of ['../../etc/passwd', 'A'.repeat(64), `${unknown}/..`, '']) {
      expect((await rejection(store.open(bad))).code).toBe('validation_failed');
    }
  });

  it('deletes content', async () => {
    const { sha256 } = await store.put(Buffer.from('to delete'));
    expect(await store.delete(sha256)).toBe(true);
    expect(await store.delete(sha256)).toBe(false);
    expect(await store.exists(sha256)).toBe(false);
    expect(filesOnDisk()).toEqual([]);
  });

  it('removes temporary files left by a crash once they are old, and keeps recent ones', async () => {
    fs.mkdirSync(store.tempDir, { recursive: true });
    const old = path.join(store.tempDir, 'old.part');
    const recent = path.join(store.tempDir, 'recent.part');
    fs.writeFileSync(old, 'half an upload');
    fs.writeFileSync(recent, 'an upload in progress');
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    fs.utimesSync(old, twoDaysAgo, twoDaysAgo);
    expect(await store.removeStaleTemp()).toBe(1);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
  });
});
