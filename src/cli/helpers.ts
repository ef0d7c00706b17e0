import type { z } from 'zod';
import { describeIssue } from '../catalogue.js';
import { AppError, issuesRejected } from '../errors.js';
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
