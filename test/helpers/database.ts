import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '../../src/db/admin.js';
import { sql } from 'drizzle-orm';
import { type Database, type DbOrTx, migrationsFolderUpTo, openDatabase, queryRows, readJournal } from '../../src/db/client.js';

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

/**
 * A fresh database migrated up to the migration before `tag` (to test a migration, or older code's data, on it); its
 * close also removes the cut copy of the migrations folder it was migrated from.
 */
export async function openTestDatabaseBefore(tag: string): Promise<TestDatabase> {
  const at = readJournal().findIndex((e) => e.tag === tag);
  if (at < 1) throw new Error(`no migration before ${tag}`);
  const folder = await migrationsFolderUpTo(at);
  const testDb = await openTestDatabase(folder);
  return {
    ...testDb,
    async close() {
      await testDb.close();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The definition of an index as pg_indexes gives it, without the schema name (which differs between servers). */
export async function indexDefinitions(db: DbOrTx, name: string): Promise<string[]> {
  const rows = await queryRows<{ indexdef: string }>(db, sql`select indexdef from pg_indexes where indexname = ${name}`);
  return rows.map((r) => r.indexdef.replace(/ ON (public|ONLY public)\./, ' ON '));
}
