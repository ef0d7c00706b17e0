import fs from 'node:fs';
import { z } from 'zod';
import { describeIssue } from '../catalogue.js';
import { failWith, issuesRejected, reasonText } from '../errors.js';
import type { Database } from '../db/client.js';
import { Year } from '../http/schemas.js';
import type { Actor } from '../modules/auth/actor.js';
import { reasons as backupReasons } from '../modules/backup/reasons.js';
import { reasons as fileReasons } from '../modules/files/reasons.js';

/** What main.ts hands to each group of commands. */
export interface CliHelpers {
  withDatabase: <T>(run: (database: Database) => Promise<T>) => Promise<T>;
  readInputFile: (file: string) => Buffer;
  parseYear: (value: string) => number;
  actor: () => Actor;
}

/**
 * A command's options parsed with the module's own request schema (the one its HTTP route uses), so the CLI refuses
 * exactly what the API refuses, with the same issues: `{ path, code, params, message }`, the headline naming the
 * first one as the API does.
 */
export function parseCliInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 20).map((issue) => {
    const { path, code, message, ...rest } = issue as z.core.$ZodIssue & Record<string, unknown>;
    return { path: path.map(String).join('.'), ...describeIssue({ ...rest, code, message }) };
  });
  throw issuesRejected(issues);
}

/** `--year <year>` (or another year option): a whole year 1990–2100, the API's Year; refused as the API refuses it. */
export function parseYearOption(value: string, option = '--year'): number {
  return parseCliInput(z.object({ [option]: Year }), { [option]: value })[option] as number;
}

/**
 * Table files (blocks, units, frameworks, scores, calendar, procedures) are read whole, then parsed as a stream
 * within the limits of src/io/limits.ts; a file larger than this is refused before it is read. Dossier files are
 * streamed and have no such limit.
 */
export const CLI_TABLE_FILE_LIMIT_BYTES = 64 * 1024 * 1024;

const failFile = failWith(fileReasons);

/** Refuses a table file larger than CLI_TABLE_FILE_LIMIT_BYTES without reading it; the one issue names the file. */
export function checkInputFileSize(size: number, file: string): void {
  if (size > CLI_TABLE_FILE_LIMIT_BYTES) {
    const params = { size: `${CLI_TABLE_FILE_LIMIT_BYTES / 1024 ** 2} MB` };
    throw failFile('file_too_large', params, { issues: [{ path: file, ...reasonText(fileReasons, 'file_too_large', params) }] });
  }
}

/** A table file named on the command line: refused when missing or over the size limit, else read whole. */
export function readInputFile(file: string): Buffer {
  if (!fs.existsSync(file)) throw failWith(backupReasons)('backup_file_not_found', { file });
  checkInputFileSize(fs.statSync(file).size, file);
  return fs.readFileSync(file);
}
