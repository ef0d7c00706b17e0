import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { type Database, type JournalEntry, migrationsFolderUpTo, readJournal } from '../../db/client.js';
import { type BulkSession, type CopyWriter, openBulkSession } from '../../db/copy.js';
import { AppError, type MessageParams } from '../../errors.js';
import { fail } from './reasons.js';
import type { LocalFileStore } from '../files/storage.js';
import { COPY_SETTINGS } from './backup.js';
import { ARCHIVED_DOSSIER_YEAR, createArchivedYearSql, DOSSIERS_INTO_YEAR_PARTITIONS_SQL } from '../dossiers/partitions.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupHeader,
  type BackupManifest,
  countRows,
  FILE_MEMBER,
  HEADER_NAME,
  MANIFEST_NAME,
  TABLE_MEMBER,
} from './format.js';
import { listForeignKeys, listTables, nonEmptyTables, quoteIdent, quoteLiteral, SKIPPED_TABLES, tablesWithUserTriggers } from './tables.js';

/** Largest header, table member or manifest read into memory (members are ~8 MiB; the manifest lists every file). */
const MAX_BUFFERED_MEMBER = 1024 * 1024 * 1024;

type BackupReason = Parameters<typeof fail>[0];
/** A damaged archive: one of the `archive_*` reasons with its parameters (see reasons.ts). */
const damaged = (reason: BackupReason, params: MessageParams): AppError => fail(reason, params);
/** A member's name as a message quotes it: in quotes, cut to 100 characters. */
const quoted = (name: string) => `"${name.slice(0, 100)}"`;

const sha256 = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

/** Reads a whole tar entry into memory, refusing one larger than `limit`. */
function readEntry(stream: Readable, size: number, name: string, limit = MAX_BUFFERED_MEMBER): Promise<Buffer> {
  if (size > limit) return Promise.reject(damaged('archive_member_too_large', { member: name, bytes: size }));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let ended = false;
    stream.on('data', (chunk: Buffer) => parts.push(chunk));
    stream.on('end', () => {
      ended = true;
      resolve(Buffer.concat(parts));
    });
    stream.on('error', reject);
    stream.on('close', () => {
      if (!ended) reject(damaged('archive_member_cut_short', { member: name }));
    });
  });
}

/** Turns what zlib, tar or the database says about a bad archive into one clear message. */
function explain(error: unknown, where: string | null): AppError {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; message?: string; severity?: string };
  const message = String(e?.message ?? error).slice(0, 300);
  if (e?.code?.startsWith('Z_') || /unexpected end of (file|data)|invalid tar header|premature close/i.test(message))
    return fail('archive_damaged', { detail: message });
  if (e?.severity) return where ? fail('archive_not_loaded', { where, detail: message }) : fail('archive_not_loaded_at_start', { detail: message });
  return where ? fail('restore_failed', { where, detail: message }) : fail('restore_failed_at_start', { detail: message });
}

export interface ArchiveHeader {
  header: BackupHeader;
  sha256: string;
}

/** Reads and checks the first member of an archive without going further. */
export async function readBackupHeader(archive: string): Promise<ArchiveHeader> {
  if (!fs.existsSync(archive)) throw fail('backup_file_not_found', { file: archive });
  const extract = tar.extract();
  let found: Buffer | null = null;
  const read = new Promise<void>((resolve, reject) => {
    extract.on('entry', (entry, stream, next) => {
      if (entry.name !== HEADER_NAME) {
        reject(fail('not_a_backup_first_member', { file: archive, member: `"${entry.name.slice(0, 100)}"` }));
        stream.resume();
        return;
      }
      readEntry(stream, entry.size, HEADER_NAME, 16 * 1024 * 1024).then((buffer) => {
        found = buffer;
        resolve();
        next();
      }, reject);
    });
    extract.on('finish', () => resolve());
  });
  const source = fs.createReadStream(archive);
  const gunzip = zlib.createGunzip();
  const piped = pipeline(source, gunzip, extract);
  piped.catch(() => undefined);
  try {
    await Promise.race([read, piped]);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fail('not_a_backup_or_damaged', { file: archive, detail: String((error as Error).message ?? error).slice(0, 200) });
  } finally {
    source.destroy();
  }
  if (!found) throw fail('not_a_backup_no_header', { file: archive, header: HEADER_NAME });
  let header: BackupHeader;
  try {
    header = JSON.parse((found as Buffer).toString('utf8')) as BackupHeader;
  } catch {
    throw damaged('archive_member_not_json', { member: HEADER_NAME });
  }
  if (header.format !== BACKUP_FORMAT) throw fail('not_a_backup', { file: archive });
  if (header.format_version !== BACKUP_FORMAT_VERSION) {
    throw fail('backup_format_unsupported', { found: String(header.format_version), supported: BACKUP_FORMAT_VERSION });
  }
  return { header, sha256: sha256(found) };
}

/** Migrates the database up to and including `target` (an older code's schema), through a copy of the journal cut there. */
async function migrateTo(database: Database, journal: JournalEntry[], targetIndex: number): Promise<void> {
  if (targetIndex === journal.length - 1) {
    await database.migrate();
    return;
  }
  const dir = await migrationsFolderUpTo(targetIndex + 1);
  try {
    await database.migrate(dir);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

export interface RestoreOptions {
  archive: string;
  store: LocalFileStore;
  log?: (line: string) => void;
}

export interface RestoreSummary {
  manifest: BackupManifest;
  rows: number;
  files: number;
  /** The migration version of the archive, and the one the database is at now. */
  archiveVersion: string;
  version: string | null;
}

/**
 * Restores an archive into an empty database, all or nothing: migrates the database to the archive's migration
 * (refusing an archive newer than this code), refuses a database with any row, loads every table in one
 * transaction with the tables' own triggers off and the foreign keys checked once at the end, sets the sequences,
 * puts the files into the store, checks every member against the manifest, and only then commits. Afterwards the
 * remaining migrations of this code run. On any failure the transaction is rolled back and the files it added are
 * removed.
 */
export async function restoreBackup(database: Database, options: RestoreOptions): Promise<RestoreSummary> {
  const archive = path.resolve(options.archive);
  const { header, sha256: headerSha } = await readBackupHeader(archive);
  const journal = readJournal();
  const archiveIndex = journal.findIndex((entry) => entry.tag === header.migration.version);
  if (archiveIndex === -1) {
    throw fail('archive_from_newer_app', { migration: header.migration.version, app: header.app_version, known: journal.at(-1)?.tag ?? 'undefined' });
  }
  const status = await database.migrationStatus();
  const databaseIndex = status.version ? journal.findIndex((entry) => entry.tag === status.version) : -1;
  if (status.count > 0 && (databaseIndex === -1 || databaseIndex > archiveIndex)) {
    throw fail('database_newer_than_archive', { current: status.version ?? 'unknown', archive: header.migration.version });
  }
  await migrateTo(database, journal, archiveIndex);

  const session: BulkSession = await openBulkSession(database);
  let failed = true;
  let inTransaction = false;
  const createdFiles: string[] = [];
  let where: string | null = null;
  let restored!: BackupManifest;
  try {
    const query = session.query.bind(session);
    await session.exec('begin');
    inTransaction = true;
    // Archived years of dossiers (tables of their own, partitions.ts) are made like their source before the check.
    for (const archived of header.tables.filter((t) => ARCHIVED_DOSSIER_YEAR.test(t.name))) await session.exec(createArchivedYearSql(archived.name));
    const tables = await listTables(query);
    const skipped = await query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relname in (${[...SKIPPED_TABLES].map(quoteLiteral).join(', ')})`,
    );
    const occupied = await nonEmptyTables(query, [...tables.map((t) => t.name), ...skipped.map((t) => t.name)]);
    if (occupied.length) {
      throw fail('database_not_empty', { tables: `${occupied.slice(0, 8).join(', ')}${occupied.length > 8 ? ', …' : ''}` });
    }
    // The same schema as the archive's: the same tables with the same columns.
    const expected = new Map(header.tables.map((t) => [t.name, t.columns.join(',')]));
    const mismatch = tables.filter((t) => expected.get(t.name) !== t.columns.join(',')).map((t) => t.name);
    const absent = header.tables.filter((t) => !tables.some((mine) => mine.name === t.name)).map((t) => t.name);
    if (mismatch.length || absent.length) {
      throw fail('archive_tables_mismatch', { migration: header.migration.version, tables: [...mismatch, ...absent].slice(0, 8).join(', ') });
    }
    for (const statement of COPY_SETTINGS) await session.exec(statement);
    const names = header.tables.map((t) => t.name);
    // Foreign keys are dropped and added again after the load (one check of every row, as pg_dump does), so the order
    // of rows within a table (a unit before its parent) does not matter. The tables' own triggers (the audit log's
    // guard, the score summary's maintenance) stay off: rows are loaded exactly as they were.
    const foreignKeys = await listForeignKeys(query, names);
    for (const key of foreignKeys) await session.exec(`alter table ${quoteIdent(key.table)} drop constraint ${quoteIdent(key.name)}`);
    const triggered = await tablesWithUserTriggers(query, names);
    for (const table of triggered) await session.exec(`alter table ${quoteIdent(table)} disable trigger user`);

    // Second pass over the archive: everything is loaded into the open transaction and checked against the manifest.
    const seen = new Map<string, { sha256: string; bytes: number; rows: number }>();
    const loaded = new Map<string, number>();
    let manifest: BackupManifest | null = null;
    let sawHeader = false;
    let current: { index: number; part: number; writer: CopyWriter } | null = null;
    let filesStarted = false;
    const endTable = async () => {
      if (!current) return;
      const writer = current.writer;
      current = null;
      await writer.end();
    };
    const handle = async (name: string, size: number, stream: Readable) => {
      if (!sawHeader) {
        if (name !== HEADER_NAME) throw damaged('archive_first_member_unexpected', { member: quoted(name) });
        sawHeader = true;
        if (sha256(await readEntry(stream, size, name)) !== headerSha) throw damaged('archive_member_changed', { member: HEADER_NAME });
        return;
      }
      if (manifest) throw damaged('archive_member_after_manifest', { member: quoted(name), manifest: MANIFEST_NAME });
      const table = TABLE_MEMBER.exec(name);
      if (table) {
        const index = Number(table[1]) - 1;
        const part = Number(table[3]);
        const info = header.tables[index];
        if (!info || info.name !== table[2] || filesStarted) throw damaged('archive_member_unexpected', { member: name });
        if (current && current.index > index) throw damaged('archive_member_out_of_order', { member: name });
        if (current && current.index !== index) await endTable();
        const expectedPart = current ? current.part + 1 : 1;
        if (part !== expectedPart) throw damaged('archive_member_part_missing', { member: name });
        where = `table ${info.name}, ${name}`;
        const buffer = await readEntry(stream, size, name);
        if (buffer.length === 0 || buffer[buffer.length - 1] !== 10) throw damaged('archive_member_partial_row', { member: name });
        const rows = countRows(buffer);
        seen.set(name, { sha256: sha256(buffer), bytes: buffer.length, rows });
        current ??= { index, part: 0, writer: session.copyWriter(`${quoteIdent(info.name)} (${info.columns.map(quoteIdent).join(', ')})`) };
        current.part = part;
        await current.writer.write(buffer);
        loaded.set(info.name, (loaded.get(info.name) ?? 0) + rows);
        return;
      }
      const file = FILE_MEMBER.exec(name);
      if (file) {
        await endTable();
        filesStarted = true;
        const key = file[3]!;
        if (file[1] !== key.slice(0, 2) || file[2] !== key.slice(2, 4)) throw damaged('archive_member_unexpected', { member: name });
        where = `file ${key}`;
        const stored = await options.store.put(stream, {
          beforeCommit: ({ sha256: actual }) => {
            if (actual !== key) throw damaged('archive_file_checksum_mismatch', { file: key });
          },
        });
        if (stored.created) createdFiles.push(key);
        seen.set(name, { sha256: stored.sha256, bytes: stored.size, rows: 0 });
        return;
      }
      if (name === MANIFEST_NAME) {
        await endTable();
        where = MANIFEST_NAME;
        try {
          manifest = JSON.parse((await readEntry(stream, size, name)).toString('utf8')) as BackupManifest;
        } catch (error) {
          if (error instanceof AppError) throw error;
          throw damaged('archive_member_not_json', { member: MANIFEST_NAME });
        }
        return;
      }
      throw damaged('archive_member_unexpected', { member: quoted(name) });
    };

    const extract = tar.extract();
    let currentStream: Readable | null = null;
    let running: Promise<void> = Promise.resolve();
    extract.on('entry', (entry, stream, next) => {
      currentStream = stream;
      running = handle(entry.name, entry.size, stream).then(
        () => {
          currentStream = null;
          next();
        },
        (error) => {
          currentStream = null;
          extract.destroy(error);
        },
      );
    });
    try {
      await pipeline(fs.createReadStream(archive), zlib.createGunzip(), extract);
      await running;
    } catch (error) {
      (currentStream as Readable | null)?.destroy(error as Error);
      await running.catch(() => undefined);
      throw error;
    }
    await endTable();
    where = null;

    // Everything the manifest lists arrived whole, and nothing else did.
    const m = manifest as BackupManifest | null;
    if (!m) throw damaged('archive_manifest_missing', { manifest: MANIFEST_NAME });
    if (m.header_sha256 !== headerSha || m.migration?.version !== header.migration.version)
      throw damaged('archive_manifest_foreign', { manifest: MANIFEST_NAME });
    const listed = new Set<string>();
    for (const table of m.tables) {
      let rows = 0;
      for (const member of table.members) {
        const got = seen.get(member.name);
        if (!got) throw damaged('archive_member_missing', { member: member.name });
        if (got.sha256 !== member.sha256 || got.bytes !== member.bytes) throw damaged('archive_member_checksum_mismatch', { member: member.name });
        listed.add(member.name);
        rows += member.rows;
      }
      if (rows !== table.rows || (loaded.get(table.name) ?? 0) !== table.rows)
        throw damaged('archive_table_rows_mismatch', { table: table.name, rows: table.rows });
    }
    for (const member of m.files) {
      const got = seen.get(member.name);
      if (!got) throw damaged('archive_member_missing', { member: member.name });
      if (got.sha256 !== member.sha256 || got.bytes !== member.bytes) throw damaged('archive_member_checksum_mismatch', { member: member.name });
      listed.add(member.name);
    }
    const extra = [...seen.keys()].find((name) => !listed.has(name));
    if (extra) throw damaged('archive_member_not_listed', { member: extra, manifest: MANIFEST_NAME });

    for (const sequence of m.sequences) {
      if (!/^\d+$/.test(sequence.last_value)) throw damaged('archive_sequence_invalid', { sequence: sequence.name, value: sequence.last_value.slice(0, 30) });
      where = `sequence ${sequence.name}`;
      await session.exec(`select setval(${quoteLiteral(quoteIdent(sequence.name))}, ${sequence.last_value}, ${sequence.is_called ? 'true' : 'false'})`);
    }
    // Restored dossiers all landed in the default partition of the new database: each year moves into its own.
    where = 'dossier partitions';
    await session.exec(DOSSIERS_INTO_YEAR_PARTITIONS_SQL);
    for (const table of triggered) await session.exec(`alter table ${quoteIdent(table)} enable trigger user`);
    // The triggers that version the reference data were off during the load: a server that cached it reads it again.
    where = 'reference data version';
    await session.exec(
      `do $$ begin if to_regclass('reference_data_version') is not null then update reference_data_version set version = gen_random_uuid(); end if; end $$`,
    );
    for (const key of foreignKeys) {
      where = `foreign key ${key.name} of ${key.table}`;
      await session.exec(`alter table ${quoteIdent(key.table)} add constraint ${quoteIdent(key.name)} ${key.definition}`);
    }
    where = 'commit';
    await session.exec('commit');
    inTransaction = false;
    failed = false;
    for (const key of m.missing_files) options.log?.(`warning: the file ${key} was already missing when the backup was made`);
    restored = m;
  } catch (error) {
    throw explain(error, where);
  } finally {
    if (failed) {
      // On a server, dropping the connection ends the transaction (and a COPY still open on it); PGlite's one
      // session is rolled back.
      if (inTransaction && session.kind === 'pglite') await session.exec('rollback').catch(() => undefined);
      for (const key of createdFiles) await options.store.delete(key).catch(() => false);
    }
    await session.release(failed);
  }

  // An archive of an older version: this code's later migrations bring the restored data up to date.
  await database.migrate();
  const after = await database.migrationStatus();
  return {
    manifest: restored,
    rows: restored.tables.reduce((sum, t) => sum + t.rows, 0),
    files: restored.files.length,
    archiveVersion: header.migration.version,
    version: after.version,
  };
}
