import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_DIR, queryRows, readJournal } from '../../src/db/client.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * `npm run db:generate` diffs src/db/schema.ts against the newest snapshot in src/db/migrations/meta. The migrations
 * since 0015 are SQL written by hand (partitions, functions, triggers drizzle-kit cannot express); if the newest
 * snapshot fell behind them, db:generate would write a migration creating tables that already exist. These checks
 * keep the snapshot at the last migration and equal to what the migrations actually build.
 */
const META = path.join(MIGRATIONS_DIR, 'meta');

interface SnapshotColumn {
  name: string;
  type: string;
  notNull: boolean;
}
interface Snapshot {
  id: string;
  prevId: string;
  tables: Record<string, { name: string; schema: string; columns: Record<string, SnapshotColumn> }>;
}

const snapshots = fs
  .readdirSync(META)
  .filter((f) => /^\d{4}_snapshot\.json$/.test(f))
  .sort()
  .map((f) => ({ index: Number(f.slice(0, 4)), snapshot: JSON.parse(fs.readFileSync(path.join(META, f), 'utf8')) as Snapshot }));
const latest = snapshots.at(-1)!;

/** A column type as the snapshot writes it, from information_schema. serial columns are integers with a sequence. */
const SERIAL_TYPES: Record<string, string> = { serial: 'integer', bigserial: 'bigint' };
interface ColumnFact {
  table: string;
  column: string;
  type: string;
  notNull: boolean;
}
/** By table, then column, in code-unit order (the database's collation may order underscores otherwise). */
const byTableAndColumn = (a: ColumnFact, b: ColumnFact) => (a.table === b.table ? (a.column < b.column ? -1 : 1) : a.table < b.table ? -1 : 1);
/** Tables only SQL migrations know of, outside schema.ts: score_vectors is written by triggers (0005), never by drizzle. */
const SQL_ONLY_TABLES = ['score_vectors'];

describe('the drizzle snapshot that db:generate diffs against', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase();
  });
  afterAll(async () => {
    await testDb.close();
  });

  it('is the snapshot of the last migration, and the snapshots form one chain', () => {
    const journal = readJournal();
    expect(latest.index).toBe(journal.length - 1);
    for (let i = 1; i < snapshots.length; i++) expect(snapshots[i]!.snapshot.prevId, `${snapshots[i]!.index}`).toBe(snapshots[i - 1]!.snapshot.id);
  });

  it('lists every table and column the migrations build (but the partitions and SQL-only tables), with its type and nullability', async () => {
    const rows = await queryRows<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
      precision: number | null;
      scale: number | null;
    }>(
      testDb.database.db,
      sql`select c.table_name, c.column_name, c.data_type, c.is_nullable, c.numeric_precision as precision, c.numeric_scale as scale
          from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
          where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
            and not exists (select 1 from pg_inherits i where i.inhrelid = format('public.%I', c.table_name)::regclass)`,
    );
    const database: ColumnFact[] = rows
      .filter((r) => !SQL_ONLY_TABLES.includes(r.table_name))
      .map((r) => ({
        table: r.table_name,
        column: r.column_name,
        type: r.data_type === 'numeric' && r.precision !== null ? `numeric(${r.precision}, ${r.scale})` : r.data_type,
        notNull: r.is_nullable === 'NO',
      }))
      .sort(byTableAndColumn);
    const snapshot: ColumnFact[] = Object.values(latest.snapshot.tables)
      .filter((t) => t.schema === '' || t.schema === 'public')
      .flatMap((t) => Object.values(t.columns).map((c) => ({ table: t.name, column: c.name, type: SERIAL_TYPES[c.type] ?? c.type, notNull: c.notNull })))
      .sort(byTableAndColumn);
    expect(database).toEqual(snapshot);
  });
});
