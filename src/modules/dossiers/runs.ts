/**
 * The record of dossier import runs (table `dossier_imports`, written by import.ts): the list the UI shows and
 * the progress a client polls while a large file is read.
 */
import { and, count, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { DOSSIER_RUN_LOCK_CLASS } from '../../db/locks.js';
import { dossierImports } from '../../db/schema.js';
import type { MessageParams } from '../../errors.js';
import { dossierText, fail } from './reasons.js';
import type { DossierRowError, ImportRun, ImportRunDetail, ImportRunFilter, ImportRunList } from './schemas.js';

const columns = {
  id: dossierImports.id,
  source: dossierImports.source,
  fileName: dossierImports.fileName,
  status: dossierImports.status,
  skipInvalid: dossierImports.skipInvalid,
  rowsRead: dossierImports.rowsRead,
  inserted: dossierImports.inserted,
  updated: dossierImports.updated,
  unchanged: dossierImports.unchanged,
  rejected: dossierImports.rejected,
  bytesRead: dossierImports.bytesRead,
  bytesTotal: dossierImports.bytesTotal,
  startedBy: dossierImports.startedBy,
  startedAt: dossierImports.startedAt,
  finishedAt: dossierImports.finishedAt,
};

type Row = Omit<typeof dossierImports.$inferSelect, 'errors'>;

function toRun(row: Row): ImportRun {
  return {
    ...row,
    bytesRead: Number(row.bytesRead),
    bytesTotal: row.bytesTotal === null ? null : Number(row.bytesTotal),
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}

function rowErrorsOf(value: unknown): DossierRowError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is DossierRowError => typeof e === 'object' && e !== null && typeof e.row === 'number' && typeof e.message === 'string')
    .map((e) => ({
      row: e.row,
      ...(typeof e.column === 'string' ? { column: e.column } : {}),
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(isParams(e.params) ? { params: e.params } : {}),
      message: e.message,
    }));
}

const isParams = (value: unknown): value is MessageParams =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));

const INTERRUPTED = dossierText('dossier_import_interrupted');
export const INTERRUPTED_MESSAGE = INTERRUPTED.message;

/**
 * Marks as failed every run still 'running' whose advisory lock nobody holds: its process was killed or lost its
 * database connection, and its staging went with the session. Called before runs are read, so that no run stays
 * 'running' for ever.
 */
export async function sweepInterruptedRuns(db: Db): Promise<void> {
  await db.execute(sql`
    update ${dossierImports} set status = 'failed', finished_at = now(), errors = ${JSON.stringify([{ row: 0, ...INTERRUPTED }])}::jsonb
    where status = 'running' and not exists (
      select 1 from pg_locks l
      where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())
        and l.classid = ${DOSSIER_RUN_LOCK_CLASS}::oid and l.objid = ${dossierImports.id}::oid and l.objsubid = 2)`);
}

/** Runs, newest first, with the total for paging. */
export async function listImportRuns(db: Db, filter: ImportRunFilter): Promise<ImportRunList> {
  await sweepInterruptedRuns(db);
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(dossierImports.status, filter.status));
  if (filter.source) conditions.push(eq(dossierImports.source, filter.source));
  if (filter.startedBy) conditions.push(eq(dossierImports.startedBy, filter.startedBy));
  if (filter.fileName) conditions.push(eq(dossierImports.fileName, filter.fileName));
  if (filter.startedSince) conditions.push(gte(dossierImports.startedAt, filter.startedSince));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select(columns).from(dossierImports).where(where).orderBy(desc(dossierImports.id)).limit(filter.limit).offset(filter.offset),
    db.select({ n: count() }).from(dossierImports).where(where),
  ]);
  return { items: rows.map(toRun), total: total?.n ?? 0 };
}

/** One run with its rejected rows. */
export async function getImportRun(db: Db, id: number): Promise<ImportRunDetail> {
  await sweepInterruptedRuns(db);
  const [row] = await db
    .select({ ...columns, errors: dossierImports.errors })
    .from(dossierImports)
    .where(eq(dossierImports.id, id));
  if (!row) throw fail('import_run_not_found', { id });
  const { errors, ...run } = row;
  return { ...toRun(run), errors: rowErrorsOf(errors) };
}
