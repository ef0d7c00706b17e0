import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '../../src/db/admin.js';
import { type Database, migrationsFolderUpTo, openDatabase, readJournal } from '../../src/db/client.js';

export interface TestDatabase {
  database: Database;
  /** The connection string of this test's own database on a server, or null on PGlite. */
  url: string | null;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database per test file: in-memory PGlite by default, or, when DATABASE_URL is
 * set, a new database created on that server and dropped afterwards. `migrationsFolder`: migrated from another
 * folder (the migrations before the one a test checks); null: left empty, not migrated (a restore's target).
 */
export async function openTestDatabase(migrationsFolder?: string | null): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const migrate = (database: Database) => (migrationsFolder === null ? Promise.resolve() : database.migrate(migrationsFolder));
  if (!serverUrl) {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    await migrate(database);
    return { database, url: null, close: () => database.close() };
  }
  const name = `parindex_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(serverUrl, name);
  const database = await openDatabase({ kind: 'postgres', url });
  await migrate(database);
  return {
    database,
    url,
    async close() {
      await database.close();
      await dropDatabase(serverUrl, name);
    },
  };
}

/** A copy of the migrations folder whose journal stops before `tag` (to test a migration on the data of the one before). */
export async function migrationsBefore(tag: string): Promise<string> {
  const at = readJournal().findIndex((e) => e.tag === tag);
  if (at < 1) throw new Error(`no migration before ${tag}`);
  return migrationsFolderUpTo(at);
}
