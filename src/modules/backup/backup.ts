import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import tar from 'tar-stream';
import type { Database } from '../../db/client.js';
import { fail } from './reasons.js';
import type { LocalFileStore } from '../files/storage.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupHeader,
  type BackupManifest,
  countRows,
  fileMemberName,
  HEADER_NAME,
  MANIFEST_NAME,
  MEMBER_BYTES,
  type MemberInfo,
  type TableManifest,
  tableMemberName,
} from './format.js';
import { appVersion, listSequences, listTables, type Query, quoteIdent, quoteLiteral, readSequence, type TableInfo } from './tables.js';

/** Session settings under which COPY text reads back the same on any server (dates in ISO and UTC, exact floats). */
export const COPY_SETTINGS = [
  `set local DateStyle = 'ISO, YMD'`,
  `set local TimeZone = 'UTC'`,
  `set local IntervalStyle = 'postgres'`,
  `set local extra_float_digits = 3`,
  `set local client_encoding = 'UTF8'`,
];

/** PGlite pages read by one COPY: the rows of 4 MiB of table at a time. */
const PGLITE_PAGES_PER_COPY = 512;

/** One read-only snapshot of the whole database. */
interface Snapshot {
  query: Query;
  /** The table's rows in COPY text format, in chunks that end at a row boundary. */
  copyOut(table: TableInfo): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

function selectOf(table: TableInfo, relation = quoteIdent(table.name)): string {
  return `select ${table.columns.map(quoteIdent).join(', ')} from ${relation}`;
}

async function openSnapshot(database: Database): Promise<Snapshot> {
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'postgres') {
    const connection = await (client as pg.Pool).connect();
    let failed = false;
    let closed = false;
    try {
      // Repeatable read: every table is read as of the same moment while the server keeps running.
      await connection.query('begin isolation level repeatable read read only');
      for (const statement of COPY_SETTINGS) await connection.query(statement);
    } catch (error) {
      connection.release(true);
      throw error;
    }
    return {
      query: async <T>(statement: string) => (await connection.query(statement)).rows as T[],
      async *copyOut(table) {
        const stream = connection.query(copyTo(`copy (${selectOf(table)}) to stdout`));
        try {
          // One CopyData message per row: every chunk ends at a row boundary.
          for await (const chunk of stream) yield chunk as Buffer;
        } catch (error) {
          failed = true;
          throw error;
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        try {
          if (!failed) await connection.query('commit');
        } finally {
          connection.release(failed ? true : undefined);
        }
      },
    };
  }
  const lite = client as PGlite;
  await lite.exec('begin isolation level repeatable read read only');
  for (const statement of COPY_SETTINGS) await lite.exec(statement);
  const query = async <T>(statement: string) => (await lite.query<T>(statement)).rows;
  let closed = false;
  return {
    query,
    async *copyOut(table) {
      // PGlite hands COPY output over as one blob: read the table a slice of pages at a time (a TID range scan) —
      // a partitioned table (dossiers, by year) partition by partition, since only they hold pages.
      const relations = await query<{ relation: string; pages: number }>(
        `select r.oid::regclass::text as relation, (pg_relation_size(r.oid) / current_setting('block_size')::int)::int as pages
           from pg_class r where r.oid = ${quoteLiteral(quoteIdent(table.name))}::regclass and r.relkind = 'r'
         union all
         select i.inhrelid::regclass::text, (pg_relation_size(i.inhrelid) / current_setting('block_size')::int)::int
           from pg_inherits i where i.inhparent = ${quoteLiteral(quoteIdent(table.name))}::regclass`,
      );
      for (const { relation, pages } of relations) {
        for (let page = 0; page < pages; page += PGLITE_PAGES_PER_COPY) {
          const result = await lite.query(
            `copy (${selectOf(table, relation)} where ctid >= '(${page},0)'::tid and ctid < '(${page + PGLITE_PAGES_PER_COPY},0)'::tid) to '/dev/blob'`,
          );
          if (result.blob && result.blob.size > 0) yield Buffer.from(await result.blob.arrayBuffer());
        }
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await lite.exec('rollback').catch(() => undefined);
    },
  };
}

export interface BackupOptions {
  output: string;
  store: LocalFileStore;
  /** Replace an existing file at `output`. */
  force?: boolean;
  /** Called with a line of progress or a warning. */
  log?: (line: string) => void;
}

export interface BackupSummary {
  output: string;
  bytes: number;
  manifest: BackupManifest;
}

const sha256 = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

/**
 * Writes one archive with the database and the stored files. The database is read in one read-only snapshot,
 * table by table through COPY, in bounded memory; the archive is written to a temporary name next to `output` and
 * renamed into place once complete, so a failed backup leaves no half file behind.
 */
export async function createBackup(database: Database, options: BackupOptions): Promise<BackupSummary> {
  const output = path.resolve(options.output);
  if (!options.force && fs.existsSync(output)) throw fail('backup_output_exists', { file: output });
  if (!fs.existsSync(path.dirname(output))) throw fail('backup_folder_not_found', { folder: path.dirname(output) });
  const status = await database.migrationStatus();
  if (!status.version) throw fail('backup_nothing_migrated');

  const temp = `${output}.${randomBytes(6).toString('hex')}.partial`;
  const pack = tar.pack();
  const written = pipeline(pack, zlib.createGzip({ level: 6 }), fs.createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
  // A failure of the writer surfaces through `written`; until then entries wait on it.
  written.catch(() => undefined);
  const createdAt = new Date();
  const mtime = new Date(Math.floor(createdAt.getTime() / 1000) * 1000);
  const addBuffer = (name: string, buffer: Buffer) =>
    new Promise<void>((resolve, reject) => pack.entry({ name, mtime, mode: 0o644 }, buffer, (error) => (error ? reject(error) : resolve())));

  const snapshot = await openSnapshot(database);
  try {
    const tables = await listTables(snapshot.query);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      format_version: BACKUP_FORMAT_VERSION,
      app_version: appVersion(),
      database_kind: database.kind,
      migration: { version: status.version, count: status.count },
      created_at: createdAt.toISOString(),
      tables,
    };
    const headerBytes = Buffer.from(`${JSON.stringify(header, null, 2)}\n`);
    await addBuffer(HEADER_NAME, headerBytes);

    const tableManifests: TableManifest[] = [];
    for (const [index, table] of tables.entries()) {
      const entry: TableManifest = { ...table, rows: 0, members: [] };
      let parts: Buffer[] = [];
      let size = 0;
      const flush = async () => {
        if (size === 0) return;
        const buffer = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
        parts = [];
        size = 0;
        const name = tableMemberName(index, table.name, entry.members.length + 1);
        const rows = countRows(buffer);
        await addBuffer(name, buffer);
        entry.members.push({ name, bytes: buffer.length, sha256: sha256(buffer), rows });
        entry.rows += rows;
      };
      let last: Buffer | null = null;
      for await (const chunk of snapshot.copyOut(table)) {
        if (chunk.length === 0) continue;
        parts.push(chunk);
        size += chunk.length;
        last = chunk;
        if (size >= MEMBER_BYTES && chunk[chunk.length - 1] === 10) await flush();
      }
      if (last && last[last.length - 1] !== 10) throw new Error(`COPY of ${table.name} did not end with a whole row`);
      await flush();
      tableManifests.push(entry);
    }

    // Read after the rows: a sequence never goes back, so every id in the snapshot is at most its value.
    const sequences = [];
    for (const name of await listSequences(snapshot.query)) sequences.push(await readSequence(snapshot.query, name));

    // The files the snapshot's `files` table names; anything else in the folder (a crash's leftovers) is not needed.
    const fileRows = tables.some((t) => t.name === 'files') ? await snapshot.query<{ sha256: string }>('select sha256 from files order by sha256') : [];
    await snapshot.close();
    const files: MemberInfo[] = [];
    const missing: string[] = [];
    for (const { sha256: key } of fileRows) {
      const file = options.store.pathOf(key);
      let handle: fsp.FileHandle;
      try {
        handle = await fsp.open(file, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        missing.push(key);
        options.log?.(`warning: the stored file ${key} is missing from ${options.store.root}; its row is backed up without it`);
        continue;
      }
      try {
        const { size } = await handle.stat();
        const name = fileMemberName(key);
        const hash = createHash('sha256');
        const done = new Promise<void>((resolve, reject) => {
          const sink = pack.entry({ name, size, mtime, mode: 0o644 }, (error) => (error ? reject(error) : resolve()));
          pipeline(
            handle.createReadStream({ autoClose: false }),
            new Transform({
              transform(chunk: Buffer, _encoding, callback) {
                hash.update(chunk);
                callback(null, chunk);
              },
            }),
            sink,
          ).catch(reject);
        });
        await done;
        const actual = hash.digest('hex');
        if (actual !== key) throw fail('stored_file_damaged', { file });
        files.push({ name, bytes: size, sha256: key });
      } finally {
        await handle.close();
      }
    }

    const manifest: BackupManifest = {
      ...header,
      header_sha256: sha256(headerBytes),
      tables: tableManifests,
      sequences,
      files,
      missing_files: missing,
    };
    await addBuffer(MANIFEST_NAME, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    pack.finalize();
    await written;
    const handle = await fsp.open(temp, 'r');
    await handle.sync();
    await handle.close();
    await fsp.rename(temp, output);
    return { output, bytes: (await fsp.stat(output)).size, manifest };
  } catch (error) {
    await snapshot.close().catch(() => undefined);
    pack.destroy();
    await written.catch(() => undefined);
    await fsp.rm(temp, { force: true });
    throw error;
  }
}
