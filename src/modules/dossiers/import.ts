/**
 * Dossier import (issue 4): a CSV/XLSX file (streamed) or a batch of records → validation and derived columns
 * (local dates, due date from the calendar, timeliness) → COPY into a staging TEMP table → one transaction that
 * merges staging into `dossiers` and refreshes the rollups of the affected keys. See docs/dossiers.md.
 *
 * Contract for the HTTP / batch layers: a rejected import does NOT throw. Both functions return
 * `{ status: 'rejected', errors }` (the HTTP layer answers 422 import_rejected with `details.rows = errors`).
 * `status: 'done'` means the valid rows were merged (with `skipInvalid`, `errors` lists the rows left out).
 * Errors that are not about the data (the database is down, the process is killed) throw; the database is then
 * unchanged, and the dossier_imports row of the run says 'failed' where it could still be written.
 */
import type { Database } from '../../db/client.js';
import type { Actor } from '../auth/actor.js';

export interface DossierInput {
  code: string;
  unitCode: string;
  procedureCode: string;
  field?: string | null;
  channel: string;
  receivedAt: string;
  dueAt?: string | null;
  resolvedAt?: string | null;
  returnedAt?: string | null;
  status: string;
}

export interface DossierImportResult {
  importId: number;
  status: 'done' | 'rejected';
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: { row: number; column?: string; message: string }[];
}

export interface DossierFileInput {
  stream: NodeJS.ReadableStream;
  fileName: string | null;
  bytesTotal: number | null;
  skipInvalid: boolean;
  source: 'cli' | 'upload';
  onProgress?: (p: { rowsRead: number; bytesRead: number }) => void;
}

export async function importDossierFile(database: Database, actor: Actor, input: DossierFileInput): Promise<DossierImportResult> {
  void database;
  void actor;
  void input;
  throw new Error('not implemented yet');
}

export async function importDossierRecords(
  database: Database,
  actor: Actor,
  input: { records: DossierInput[]; skipInvalid: boolean; source: 'batch' },
): Promise<DossierImportResult> {
  void database;
  void actor;
  void input;
  throw new Error('not implemented yet');
}
