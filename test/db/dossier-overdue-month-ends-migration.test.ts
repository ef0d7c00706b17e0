import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { indexDefinitions, openTestDatabaseBefore, type TestDatabase } from '../helpers/database.js';

/**
 * Migration 0019 fills the month-end overdue rollup from the overdue rollup a database already holds, and indexes the
 * rows resolved more than 400 days late (which it leaves out). Applied to a database migrated up to 0018, on PGlite
 * and on PostgreSQL alike; the expected rows are worked out by hand.
 */

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await openTestDatabaseBefore('0019_dossier_overdue_month_ends');
});
afterAll(() => testDb?.close());

describe('migration 0019: overdue at each month end', () => {
  it('spreads the late rows of the overdue rollup over the month ends between due date and resolution', async () => {
    const { db } = testDb.database;
    await db.execute(sql`insert into dossier_overdue_rollups (unit_id, field, channel, due_date, resolved_date, count) values
      (1, 'Hộ tịch', 'direct', '2025-01-20', '2025-03-05', 2),
      (1, 'Đất đai', 'online', '2025-02-10', '2025-03-02', 3),
      (1, 'Hộ tịch', 'direct', '2025-01-31', '2025-02-28', 4),
      (1, 'Hộ tịch', 'direct', '2025-01-10', null, 5),
      (2, 'Hộ tịch', 'direct', '2024-12-30', '2025-01-02', 1),
      (2, 'Hộ tịch', 'direct', '2024-01-10', '2025-03-09', 6)`);

    await testDb.database.migrate();

    // Unit 1: 2 at 31 January and 28 February, 3 at 28 February; due 31 January and resolved 28 February: none; the open
    // row: none. Unit 2: 1 at 31 December 2024; resolved 424 days late: none.
    const rows = await queryRows<{ month_end: string; unit_id: number; count: number }>(
      db,
      sql`select to_char(month_end, 'YYYY-MM-DD') as month_end, unit_id, count from dossier_overdue_month_end_rollups order by month_end, unit_id`,
    );
    expect(rows).toEqual([
      { month_end: '2024-12-31', unit_id: 2, count: 1 },
      { month_end: '2025-01-31', unit_id: 1, count: 2 },
      { month_end: '2025-02-28', unit_id: 1, count: 5 },
    ]);
  });

  it('indexes the rows resolved more than 400 days late', async () => {
    expect(await indexDefinitions(testDb.database.db, 'dossier_overdue_rollups_long_idx')).toEqual([
      'CREATE INDEX dossier_overdue_rollups_long_idx ON dossier_overdue_rollups USING btree (resolved_date) INCLUDE (due_date, unit_id, count) WHERE ((resolved_date - due_date) > 400)',
    ]);
  });
});
