import type { Config } from '../config.js';
import { type Database, openDatabase, openReplica } from './client.js';
import { lockDataDir } from './data-dir-lock.js';
import { ReadRouting } from './replica.js';

export interface OpenedDatabase {
  database: Database;
  /** Where routed reads go: the replica of DATABASE_REPLICA_URL when it is usable, else the primary. */
  reads: ReadRouting;
  close(): Promise<void>;
}

/** Opens the configured database (locking a PGlite data folder) and brings its schema up to date. */
export async function openConfiguredDatabase(config: Config): Promise<OpenedDatabase> {
  const release = config.database.kind === 'pglite' ? lockDataDir(config.dataDir) : () => undefined;
  try {
    const database = await openDatabase(config.database);
    await database.migrate();
    const reads = readRouting(database, config);
    return {
      database,
      reads,
      async close() {
        await reads.close();
        await database.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** The read routing of a configuration: the replica's pool is opened here (lazily connected, like the primary's). */
export function readRouting(database: Database, config: Config): ReadRouting {
  const replica = config.replica;
  return replica
    ? new ReadRouting(database.db, openReplica(replica.url), { maxLagMs: replica.maxLagSeconds * 1000, readYourWritesMs: replica.readYourWritesSeconds * 1000 })
    : new ReadRouting(database.db, null, { maxLagMs: 0, readYourWritesMs: 0 });
}
