import type { Config } from '../config.js';
import { type Database, openDatabase } from './client.js';
import { lockDataDir } from './data-dir-lock.js';

export interface OpenedDatabase {
  database: Database;
  close(): Promise<void>;
}

/** Opens the configured database (locking a PGlite data folder) and brings its schema up to date. */
export async function openConfiguredDatabase(config: Config): Promise<OpenedDatabase> {
  const release = config.database.kind === 'pglite' ? lockDataDir(config.dataDir) : () => undefined;
  try {
    const database = await openDatabase(config.database);
    await database.migrate();
    return {
      database,
      async close() {
        await database.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
