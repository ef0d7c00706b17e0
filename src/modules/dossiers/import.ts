/**
 * Dossier import (issue 4): a CSV/XLSX file (streamed) or a batch of records → validation and derived columns
 * (local dates, due date from the calendar, timeliness) → COPY into a staging TEMP table → one transaction that
 * merges staging into `dossiers` and refreshes the rollups of the affected keys. See docs/dossiers.md.
 *
 * Contract for the HTTP / batch layers: a rejected import does NOT throw. Both functions return
 * `{ status: 'rejected', errors }` (the HTTP layer answers 400 import_rejected with `details.rows = errors`).
 * `status: 'done'` means the valid rows were merged (with `skipInvalid`, `errors` lists the rows left out).
 * Errors that are not about the data (the database is down, the process is killed) throw; the database is then
 * unchanged, and the dossier_imports row of the run says 'failed' where it could still be written.
 *
 * The stream is read to its end unless the file is refused early (empty, wrong columns, broken CSV, not a
 * workbook) or a failure stops the run: then the rest is left unread — an HTTP layer should drain or destroy it.
 * Each run gets its own staging table; several imports may stream at once, their merges take turns.
 */
import { sqlState } from '../../db/errors.js';
import { and, eq, sql } from 'drizzle-orm';
import { type Database, type Db, inTransaction } from '../../db/client.js';
import { type BulkSession, CopyTextEncoder, openBulkSession } from '../../db/copy.js';
import { DOSSIER_RUN_LOCK_CLASS } from '../../db/locks.js';
import { dossierImports } from '../../db/schema.js';
import type { ReasonedText } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import {
  createStagingSql,
  dropLines,
  DuplicateStagedCodeError,
  findDuplicates,
  mergeStaging,
  SMALL_MERGE_ROWS,
  StaleReferenceError,
  stageRejected,
  stageRow,
  STAGING_COLUMNS,
} from './merge.js';
import { stagedRowsOfArchivedYears } from './partitions.js';
import { dossierReferenceData } from './reference-data.js';
import { dossierText } from './reasons.js';
import { DossierFileError, DossierHeaderError, readDossierFile, RowShapeError, type ReadItem } from './reader.js';
import { checkDossier, type DossierLookups, MAX_CODE_LENGTH, type RawDossier } from './rules.js';
import type { DossierImportResult, DossierInput, DossierRowError, ImportSource } from './schemas.js';

export interface DossierFileInput {
  stream: NodeJS.ReadableStream;
  fileName: string | null;
  bytesTotal: number | null;
  skipInvalid: boolean;
  source: 'cli' | 'upload';
  onProgress?: (p: { rowsRead: number; bytesRead: number }) => void;
  /** Called with the time each phase took (for `--timings` and the benchmark). */
  onPhase?: (phase: ImportPhase, ms: number) => void;
  /** The moment of the import (the server's clock; the real time by default): later received/resolved/returned times are refused. */
  now?: Date;
}

/**
 * read: the file read, checked and copied into staging; check: duplicate and statistics passes over the staging
 * table; dossiers: the reference check and the writes to `dossiers`; rollups: the rollup deltas.
 */
export type ImportPhase = 'read' | 'check' | 'dossiers' | 'rollups';

/** Rejected rows listed in a result and kept in dossier_imports.errors; `rejected` always has the full count. */
export const MAX_LISTED_ERRORS = 1000;
/** onProgress is called after every PROGRESS_ROWS rows (and once when the file has been read). */
export const PROGRESS_ROWS = 1000;
const PROGRESS_SAVE_MS = 250;

/** Rejected rows: every problem of the first MAX_LISTED_ERRORS, and the number of distinct rows. */
class Rejections {
  readonly items: DossierRowError[] = [];
  private readonly rows = new Set<number>();
  private overflow = 0;
  add(row: number, text: ReasonedText, column?: string) {
    if (!this.rows.has(row)) {
      if (this.rows.size < MAX_LISTED_ERRORS) this.rows.add(row);
      else this.overflow++;
    }
    if (this.items.length < MAX_LISTED_ERRORS) this.items.push(column ? { row, column, ...text } : { row, ...text });
  }
  /** Rows counted once even when they have several problems (as far as they are listed). */
  get count() {
    return this.rows.size + this.overflow;
  }
  sorted(): DossierRowError[] {
    return [...this.items].sort((a, b) => a.row - b.row);
  }
}

/**
 * Fingerprints of the staged codes (two 32-bit hashes each, in an open-addressing table: 16 MB for a million codes),
 * so that a file whose codes are all different skips the merge's checks for a code given twice (a pass over the staged
 * rows). A code seen twice is always noticed; two different codes are taken for one only when both hashes collide,
 * which merely keeps those exact checks.
 */
class CodeFingerprints {
  private slots = new Uint32Array(1 << 16);
  private size = 0;
  repeated = false;

  add(code: string): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x2545f491;
    for (let i = 0; i < code.length; i++) {
      const c = code.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 13;
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
    h1 ^= h1 >>> 13;
    h2 = (Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35) | 1) >>> 0;
    h1 >>>= 0;
    if (this.insert(this.slots, h1, h2)) this.repeated = true;
    else if (++this.size * 4 > this.slots.length) this.grow();
  }

  /** True when the pair was there already. Slot pairs (h1, h2); h2 is odd, so 0 marks an empty slot. */
  private insert(slots: Uint32Array, h1: number, h2: number): boolean {
    const mask = (slots.length >>> 1) - 1;
    for (let i = h1 & mask; ; i = (i + 1) & mask) {
      if (slots[2 * i + 1] === 0) {
        slots[2 * i] = h1;
        slots[2 * i + 1] = h2;
        return false;
      }
      if (slots[2 * i] === h1 && slots[2 * i + 1] === h2) return true;
    }
  }

  private grow(): void {
    const next = new Uint32Array(this.slots.length * 2);
    for (let i = 0; i < this.slots.length; i += 2) if (this.slots[i + 1] !== 0) this.insert(next, this.slots[i]!, this.slots[i + 1]!);
    this.slots = next;
  }
}

async function loadLookups(db: Db, now: Date): Promise<DossierLookups> {
  const { unitIds, procedures, calendar } = await dossierReferenceData(db);
  return {
    unitId: (code) => unitIds.get(code),
    procedure: (code) => procedures.get(code) ?? procedures.get(code.toUpperCase()),
    calendar,
    nowMs: now.getTime(),
  };
}

/**
 * Records the run. Its id is drawn first so that the session can hold the run's advisory lock before the row
 * says 'running': a run seen running without its lock is one whose process stopped.
 */
async function startRun(
  session: BulkSession,
  actor: Actor,
  meta: { source: ImportSource; fileName: string | null; bytesTotal: number | null; skipInvalid: boolean },
): Promise<number> {
  const [next] = await session.query<{ id: number }>(`select nextval(pg_get_serial_sequence('dossier_imports', 'id'))::int as id`);
  const id = next!.id;
  await session.exec(`select pg_advisory_lock(${DOSSIER_RUN_LOCK_CLASS}, ${id})`);
  await session.db.insert(dossierImports).values({
    id,
    source: meta.source,
    fileName: meta.fileName,
    bytesTotal: meta.bytesTotal,
    skipInvalid: meta.skipInvalid,
    status: 'running',
    startedBy: actor.username,
  });
  return id;
}

interface RunInput {
  source: ImportSource;
  fileName: string | null;
  bytesTotal: number | null;
  skipInvalid: boolean;
  rows: (onBytes: (n: number) => void) => AsyncIterable<ReadItem[]>;
  onProgress?: (p: { rowsRead: number; bytesRead: number }) => void;
  onPhase?: (phase: ImportPhase, ms: number) => void;
  now?: Date;
}

/**
 * One run: stage every row (COPY into a temporary table), decide, and merge in one transaction.
 * Nothing but the dossier_imports row of the run is written unless the run is 'done'.
 */
async function runImport(database: Database, actor: Actor, input: RunInput): Promise<DossierImportResult> {
  const { db } = database;
  const session = await openBulkSession(database);
  let importId: number;
  try {
    importId = await startRun(session, actor, input);
  } catch (error) {
    await session.release(true);
    throw error;
  }
  const rejections = new Rejections();
  const codes = new CodeFingerprints();
  // The years, units and procedures of the valid rows, which the merge would otherwise read back from staging.
  const years = new Set<number>();
  const unitIds = new Set<number>();
  const procedureIds = new Set<number>();
  let lastDay = Number.NaN;
  let dropped = false;
  const drop = async (lines: number[]) => {
    dropped = true;
    await dropLines(session.db, staging, lines);
  };
  let rowsRead = 0;
  let bytesRead = 0;
  let failed = true;
  const staging = `dossier_staging_${importId}`;
  const finish = async (tx: Db, values: Partial<typeof dossierImports.$inferInsert>) => {
    await tx
      .update(dossierImports)
      .set({ ...values, rowsRead, bytesRead, finishedAt: sql`now()` })
      .where(eq(dossierImports.id, importId));
  };
  const started = performance.now();
  try {
    const lookups = await loadLookups(db, input.now ?? new Date());
    await session.exec(createStagingSql(staging));
    const writer = session.copyWriter(`${staging} (${STAGING_COLUMNS})`);
    let fatal: DossierRowError[] = [];
    let lastSaved = Date.now();
    let saving: Promise<unknown> = Promise.resolve();
    try {
      const out = new CopyTextEncoder();
      for await (const items of input.rows((n) => (bytesRead = n))) {
        for (const item of items) {
          rowsRead++;
          if (item instanceof RowShapeError) {
            rejections.add(item.row, item.text);
          } else {
            const checked = checkDossier(item.cells, lookups);
            if (Array.isArray(checked)) {
              for (const { column, ...text } of checked) rejections.add(item.line, text, column);
              const code = item.cells[0]!.trim();
              if (code !== '' && code.length <= MAX_CODE_LENGTH) {
                codes.add(code);
                stageRejected(out, item.line, code);
              }
            } else {
              codes.add(checked.code);
              if (checked.receivedDay !== lastDay) {
                lastDay = checked.receivedDay;
                years.add(new Date(lastDay * 86_400_000).getUTCFullYear());
              }
              unitIds.add(checked.unitId);
              procedureIds.add(checked.procedureId);
              stageRow(out, item.line, checked);
            }
          }
          if (out.length >= 64 * 1024) await writer.write(out.take());
          if (rowsRead % PROGRESS_ROWS === 0) {
            input.onProgress?.({ rowsRead, bytesRead });
            if (Date.now() - lastSaved >= PROGRESS_SAVE_MS) {
              lastSaved = Date.now();
              // Saved on the pool (a server) or between statements (PGlite) so that a UI can poll the run.
              await saving;
              saving = db
                .update(dossierImports)
                .set({ rowsRead, bytesRead })
                .where(eq(dossierImports.id, importId))
                .catch(() => undefined);
            }
          }
        }
        if (out.length > 0) await writer.write(out.take());
      }
    } catch (error) {
      if (error instanceof DossierFileError)
        fatal = [error.column ? { row: error.row, column: error.column, ...error.text } : { row: error.row, ...error.text }];
      else if (error instanceof DossierHeaderError) fatal = error.problems;
      else throw error;
    }
    await saving;
    await writer.end();
    input.onProgress?.({ rowsRead, bytesRead });
    const phaseStart = performance.now();
    input.onPhase?.('read', phaseStart - started);
    if (fatal.length === 0 && rowsRead === 0 && input.source !== 'batch') fatal = [{ row: 2, ...dossierText('dossier_no_data_rows') }];

    // Codes given twice: checked here when rows were rejected anyway (a rejected row still claims its code);
    // otherwise the merge finds them at no cost to a clean file (the primary key refuses a new code twice, a count
    // shows an existing code twice), and they are listed then.
    const reportDuplicates = async () => {
      const lines: number[] = [];
      for (const dup of await findDuplicates(session.db, staging)) {
        for (let i = 1; i < dup.lines.length; i++) {
          rejections.add(dup.lines[i]!, dossierText('dossier_duplicate_code', { code: dup.code, line: dup.lines[0]! }), 'code');
          if (dup.ok[i]) lines.push(dup.lines[i]!);
        }
      }
      if (input.skipInvalid && lines.length > 0) await drop(lines);
      return lines.length;
    };
    // Rows of an archived year (its partition detached): refused, since their year's dossiers are out of reach.
    if (fatal.length === 0) {
      const archived = await stagedRowsOfArchivedYears(session.db, staging);
      for (const { line, year } of archived) rejections.add(line, dossierText('dossier_year_archived', { year }), 'received_at');
      if (input.skipInvalid && archived.length > 0) await drop(archived.map((a) => a.line));
    }
    if (fatal.length === 0 && rejections.count > 0) await reportDuplicates();

    const reject = async (): Promise<DossierImportResult> => {
      const errors = [...fatal, ...rejections.sorted()].slice(0, MAX_LISTED_ERRORS);
      const rejected = fatal.length > 0 ? Math.max(rejections.count, 1) : rejections.count;
      await finish(db, { status: 'rejected', rejected, errors });
      failed = false;
      return { importId, status: 'rejected', rowsRead, inserted: 0, updated: 0, unchanged: 0, rejected, errors };
    };
    if (fatal.length > 0 || (rejections.count > 0 && !input.skipInvalid)) return await reject();

    // Statistics pay off for the joins of a file import; a batch (at most MAX_BATCH_DOSSIERS rows) is planned well
    // from the table's size alone, and ANALYZE would be a tenth of its time (bench/feed-batch.ts).
    if (rowsRead > SMALL_MERGE_ROWS) await session.exec(`analyze ${staging}`);
    input.onPhase?.('check', performance.now() - phaseStart);
    const merge = () =>
      inTransaction(session.db, async (tx) => {
        const { dossiersMs, rollupsMs, ...counts } = await mergeStaging(tx, staging, String(importId), rowsRead, {
          codesDistinct: !codes.repeated,
          rows: dropped ? undefined : { years: [...years], unitIds: [...unitIds], procedureIds: [...procedureIds] },
        });
        input.onPhase?.('dossiers', dossiersMs);
        input.onPhase?.('rollups', rollupsMs);
        const unchanged = rowsRead - rejections.count - counts.inserted - counts.updated;
        const errors = rejections.sorted();
        const result: DossierImportResult = { importId, status: 'done', rowsRead, ...counts, unchanged, rejected: rejections.count, errors };
        await finish(tx, { status: 'done', inserted: counts.inserted, updated: counts.updated, unchanged, rejected: rejections.count, errors });
        await recordAudit(tx, actor, {
          action: 'import',
          entityType: 'dossier_import',
          entityId: importId,
          after: {
            source: input.source,
            fileName: input.fileName,
            rowsRead,
            inserted: counts.inserted,
            updated: counts.updated,
            unchanged,
            rejected: rejections.count,
          },
        });
        return result;
      });
    let result: DossierImportResult;
    try {
      result = await merge();
    } catch (error) {
      if (error instanceof StaleReferenceError) {
        fatal = [{ row: 0, ...error.text }];
        return await reject();
      }
      // The same code twice among valid rows: found by the merge, listed here.
      if (!(error instanceof DuplicateStagedCodeError) && sqlState(error) !== '23505') throw error;
      await reportDuplicates();
      if (!input.skipInvalid) return await reject();
      result = await merge();
    }
    failed = false;
    return result;
  } catch (error) {
    // On the pool, not the session (whose connection may be the one that broke), and only while the run is still
    // 'running': a merge whose COMMIT went through before its connection was lost has already said 'done'. When
    // the database is unreachable here too, sweepInterruptedRuns marks the run failed later (its lock went with
    // its session).
    await db
      .update(dossierImports)
      .set({
        status: 'failed',
        rowsRead,
        bytesRead,
        finishedAt: sql`now()`,
        errors: [{ row: 0, ...dossierText('dossier_import_stopped', { detail: (error as Error).message }) }],
      })
      .where(and(eq(dossierImports.id, importId), eq(dossierImports.status, 'running')))
      .catch(() => undefined);
    throw error;
  } finally {
    // After a failure a server connection may still be inside its COPY: it is destroyed, which drops the staging
    // table and the run's lock with it. PGlite's one session lives on, so it is cleaned by hand.
    if (!failed || session.kind === 'pglite') {
      await session.exec(`drop table if exists ${staging}`).catch(() => undefined);
      await session.exec(`select pg_advisory_unlock(${DOSSIER_RUN_LOCK_CLASS}, ${importId})`).catch(() => undefined);
    }
    await session.release(failed);
  }
}

/**
 * Imports a CSV or XLSX file of dossiers (columns code, unit_code, procedure_code, field, channel, received_at,
 * due_at, resolved_at, returned_at, status), streamed end to end. Rows are numbered by the line they start on.
 */
export async function importDossierFile(database: Database, actor: Actor, input: DossierFileInput): Promise<DossierImportResult> {
  return runImport(database, actor, {
    source: input.source,
    fileName: input.fileName,
    bytesTotal: input.bytesTotal,
    skipInvalid: input.skipInvalid,
    rows: (onBytes) => readDossierFile(input.stream, onBytes),
    onProgress: input.onProgress,
    onPhase: input.onPhase,
    now: input.now,
  });
}

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

function recordCells(r: DossierInput): RawDossier {
  return [r.code, r.unitCode, r.procedureCode, r.field, r.channel, r.receivedAt, r.dueAt, r.resolvedAt, r.returnedAt, r.status].map(text);
}

/** Imports dossiers pushed as records (the batch API); `row` in errors is the 1-based index in the array. */
export async function importDossierRecords(
  database: Database,
  actor: Actor,
  input: { records: DossierInput[]; skipInvalid: boolean; source: 'batch'; now?: Date },
): Promise<DossierImportResult> {
  return runImport(database, actor, {
    source: 'batch',
    fileName: null,
    bytesTotal: null,
    skipInvalid: input.skipInvalid,
    now: input.now,
    rows: async function* () {
      for (let i = 0; i < input.records.length; i += 1000) {
        yield input.records.slice(i, i + 1000).map((record, j) => ({ line: i + j + 1, cells: recordCells(record) }));
      }
    },
  });
}
