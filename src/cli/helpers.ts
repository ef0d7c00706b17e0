import type { Database } from '../db/client.js';
import type { Actor } from '../modules/auth/actor.js';

/** What main.ts hands to each group of commands. */
export interface CliHelpers {
  withDatabase: <T>(run: (database: Database) => Promise<T>) => Promise<T>;
  readInputFile: (file: string) => Buffer;
  parseYear: (value: string) => number;
  actor: () => Actor;
}
