import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, readJournal } from '../../src/db/client.js';
import { createBackup } from '../../src/modules/backup/backup.js';
import { restoreBackup } from '../../src/modules/backup/restore.js';
import { LocalFileStore } from '../../src/modules/files/storage.js';
import { openTestDatabase, openTestDatabaseBefore, type TestDatabase } from '../helpers/database.js';

/**
 * An archive made by older code (a database at migration 0018) restored by this code into an empty database: the
 * database is migrated to the archive's version through a copy of the migrations folder cut there, the rows are
 * loaded, and the later migrations bring them up to date — here 0019, which spreads the restored overdue rollup over
 * month ends. On PGlite and on PostgreSQL alike; the expected rows are worked out by hand.
 */

let work: string;
let source: TestDatabase;
let target: TestDatabase;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-older-archive-'));
  source = await openTestDatabaseBefore('0019_dossier_overdue_month_ends');
  target = await openTestDatabase(null);
});
afterAll(async () => {
  await source?.close();
  await target?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('restoring an archive of an older migration', () => {
  it('restores at the archive’s version and migrates the restored rows on', async () => {
    await source.database.db.execute(sql`insert into dossier_overdue_rollups (unit_id, field, channel, due_date, resolved_date, count) values
      (1, 'Hộ tịch', 'direct', '2025-01-20', '2025-03-05', 2),
      (1, 'Hộ tịch', 'direct', '2025-01-10', null, 5)`);
    const archive = path.join(work, 'older.parindex');
    await createBackup(source.database, { output: archive, store: LocalFileStore.inDataDir(path.join(work, 'source')) });

    const summary = await restoreBackup(target.database, { archive, store: LocalFileStore.inDataDir(path.join(work, 'target')) });

    expect({ archive: summary.archiveVersion, now: summary.version }).toEqual({
      archive: '0018_dossier_rollup_keys',
      now: readJournal().at(-1)!.tag,
    });
    const { db } = target.database;
    const overdue = await queryRows<{ due: string; resolved: string | null; count: number }>(
      db,
      sql`select to_char(due_date, 'YYYY-MM-DD') as due, to_char(resolved_date, 'YYYY-MM-DD') as resolved, count
          from dossier_overdue_rollups order by due_date`,
    );
    expect(overdue).toEqual([
      { due: '2025-01-10', resolved: null, count: 5 },
      { due: '2025-01-20', resolved: '2025-03-05', count: 2 },
    ]);
    // The late row counts at 31 January and 28 February; the open one at no month end.
    const monthEnds = await queryRows<{ month_end: string; unit_id: number; count: number }>(
      db,
      sql`select to_char(month_end, 'YYYY-MM-DD') as month_end, unit_id, count from dossier_overdue_month_end_rollups order by month_end`,
    );
    expect(monthEnds).toEqual([
      { month_end: '2025-01-31', unit_id: 1, count: 2 },
      { month_end: '2025-02-28', unit_id: 1, count: 2 },
    ]);
  });
});
