import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { indexDefinitions, openTestDatabaseBefore, type TestDatabase } from '../helpers/database.js';

/**
 * Migration 0018 takes procedure_id out of the overdue rollup's key: rows that differed only by procedure become
 * one row with their counts summed, and the new key is unique again. It also leaves room on the pages of the
 * rollups the feed updates and indexes the procedure × year rollup by procedure. Applied to a database migrated up
 * to 0017 and holding rollup rows, on PGlite and on PostgreSQL alike.
 */

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await openTestDatabaseBefore('0018_dossier_rollup_keys');
});
afterAll(() => testDb?.close());

const overdueRows = () =>
  queryRows<{ unit_id: number; field: string; channel: string; due: string; resolved: string | null; count: number }>(
    testDb.database.db,
    sql`select unit_id, field, channel, to_char(due_date, 'YYYY-MM-DD') as due, to_char(resolved_date, 'YYYY-MM-DD') as resolved, count
        from dossier_overdue_rollups order by unit_id, field, channel, due_date, resolved_date nulls first`,
  );

describe('migration 0018: the keys of the dossier rollups', () => {
  it('sums the rows that differed only by procedure and keeps the others apart', async () => {
    const { db } = testDb.database;
    // unit, field, procedure, channel, due, resolved, count: as 0017 kept them.
    await db.execute(sql`insert into dossier_overdue_rollups (unit_id, field, procedure_id, channel, due_date, resolved_date, count) values
      (1, 'Hộ tịch', 10, 'direct', '2025-03-10', null, 2),
      (1, 'Hộ tịch', 11, 'direct', '2025-03-10', null, 3),
      (1, 'Hộ tịch', 12, 'direct', '2025-03-10', '2025-03-20', 4),
      (1, 'Hộ tịch', 13, 'direct', '2025-03-10', '2025-03-20', 1),
      (1, 'Hộ tịch', 10, 'online', '2025-03-10', null, 7),
      (1, 'Đất đai', 14, 'direct', '2025-03-10', null, 1),
      (2, 'Hộ tịch', 10, 'direct', '2025-03-10', null, 6)`);

    await testDb.database.migrate();

    // 2 + 3 unresolved and 4 + 1 resolved on 20 March for unit 1's direct Hộ tịch; every other row alone.
    expect(await overdueRows()).toEqual([
      { unit_id: 1, field: 'Hộ tịch', channel: 'direct', due: '2025-03-10', resolved: null, count: 5 },
      { unit_id: 1, field: 'Hộ tịch', channel: 'direct', due: '2025-03-10', resolved: '2025-03-20', count: 5 },
      { unit_id: 1, field: 'Hộ tịch', channel: 'online', due: '2025-03-10', resolved: null, count: 7 },
      { unit_id: 1, field: 'Đất đai', channel: 'direct', due: '2025-03-10', resolved: null, count: 1 },
      { unit_id: 2, field: 'Hộ tịch', channel: 'direct', due: '2025-03-10', resolved: null, count: 6 },
    ]);
  });

  it('keeps the new key unique, an unresolved row included (nulls not distinct)', async () => {
    const { db } = testDb.database;
    const columns = await queryRows<{ column_name: string }>(
      db,
      sql`select column_name from information_schema.columns where table_name = 'dossier_overdue_rollups' order by ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['unit_id', 'field', 'channel', 'due_date', 'resolved_date', 'count']);
    await expect(
      db.execute(sql`insert into dossier_overdue_rollups (unit_id, field, channel, due_date, resolved_date, count)
        values (1, 'Hộ tịch', 'direct', '2025-03-10', null, 1)`),
    ).rejects.toMatchObject({ cause: { code: '23505' } });
  });

  it('leaves room on the pages of the rollups the feed updates (fillfactor 80)', async () => {
    const rows = await queryRows<{ relname: string; reloptions: string[] | null }>(
      testDb.database.db,
      sql`select relname, reloptions from pg_class where relname like 'dossier%rollups' and relkind = 'r' order by relname`,
    );
    const withFillfactor = rows.filter((r) => r.reloptions?.includes('fillfactor=80')).map((r) => r.relname);
    expect(withFillfactor).toEqual([
      'dossier_field_monthly_rollups',
      'dossier_monthly_rollups',
      'dossier_procedure_yearly_rollups',
      'dossier_unit_monthly_rollups',
      'dossier_yearly_rollups',
    ]);
  });

  it('indexes the procedure × year rollup by procedure (whether a procedure is in use)', async () => {
    expect(await indexDefinitions(testDb.database.db, 'dossier_procedure_yearly_rollups_procedure_idx')).toEqual([
      'CREATE INDEX dossier_procedure_yearly_rollups_procedure_idx ON dossier_procedure_yearly_rollups USING btree (procedure_id)',
    ]);
  });
});
