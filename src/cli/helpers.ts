import { AppError } from '../errors.js';
import type { Database } from '../db/client.js';
import type { Actor } from '../modules/auth/actor.js';

/** What main.ts hands to each group of commands. */
export interface CliHelpers {
  withDatabase: <T>(run: (database: Database) => Promise<T>) => Promise<T>;
  readInputFile: (file: string) => Buffer;
  parseYear: (value: string) => number;
  actor: () => Actor;
}

/**
 * Table files (blocks, units, frameworks, scores, calendar, procedures) are read whole, then parsed as a stream
 * within the limits of src/io/limits.ts; a file larger than this is refused before it is read. Dossier files are
 * streamed and have no such limit.
 */
export const CLI_TABLE_FILE_LIMIT_BYTES = 64 * 1024 * 1024;

/** Refuses a table file larger than CLI_TABLE_FILE_LIMIT_BYTES without reading it. */
export function checkInputFileSize(size: number, file: string): void {
  if (size > CLI_TABLE_FILE_LIMIT_BYTES) {
    throw new AppError('payload_too_large', `${file} is ${Math.round(size / 1024 ** 2)} MB; table files may be at most ${CLI_TABLE_FILE_LIMIT_BYTES / 1024 ** 2} MB (split it)`);
  }
}
