import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { importDossierRecords } from '../../src/modules/dossiers/import.js';
import { rebuildAllRollups } from '../../src/modules/dossiers/merge.js';
import { dossierPartitionsByCode, openDossier, startDossierTestServer } from '../helpers/dossier-fixtures.js';
import { fixtureActor, type TestServer } from '../helpers/server.js';

/**
 * The paths of the merge (src/modules/dossiers/merge.ts mergeStaging, issue 14 item 4): a year that has no partition
 * yet, when none of the staged codes exists, is filled as a bare table, indexed and attached afterwards — with the
 * same indexes as a partition made by dossier_year_partition; a code given twice there is still refused whole;
 * a file of unchanged, changed and new rows writes only what differs, and the rollups equal a rebuild.
 */

let server: TestServer;
const NOW = new Date('2026-11-30T10:00:00+07:00');

beforeAll(async () => {
  server = await startDossierTestServer();
});
afterAll(() => server?.close());

const dossier = openDossier;

const push = (records: ReturnType<typeof dossier>[]) =>
  importDossierRecords(server.testDb.database, fixtureActor, { records: records as never, skipInvalid: false, source: 'batch', now: NOW });

const partitionsOf = () => dossierPartitionsByCode(server.db);

/** A partition's index definitions (its name written P), how many are partitions of the indexes of `dossiers`, its checks. */
async function shapeOf(table: string) {
  const indexes = await queryRows<{ def: string }>(
    server.db,
    sql`select replace(indexdef, ${table}, 'P') as def from pg_indexes where tablename = ${table} order by 1`,
  );
  const [{ attached }] = (await queryRows<{ attached: number }>(
    server.db,
    sql`select count(*)::int as attached from pg_inherits i join pg_index x on x.indexrelid = i.inhrelid where x.indrelid = ${table}::regclass`,
  )) as [{ attached: number }];
  const checks = await queryRows<{ name: string }>(
    server.db,
    sql`select conname as name from pg_constraint where conrelid = ${table}::regclass and contype = 'c' order by 1`,
  );
  return { indexes: indexes.map((i) => i.def), attached, checks: checks.map((c) => c.name) };
}

/** Every row of the three rollup tables, in a fixed order. */
async function rollups() {
  return {
    monthly: await queryRows(server.db, sql`select * from dossier_monthly_rollups order by unit_id, field, procedure_id, channel, month`),
    yearly: await queryRows(server.db, sql`select * from dossier_yearly_rollups order by unit_id, field, channel, year`),
    overdue: await queryRows(
      server.db,
      sql`select unit_id, field, channel, due_date, resolved_date, count from dossier_overdue_rollups
          order by unit_id, field, channel, due_date, resolved_date nulls first`,
    ),
  };
}

describe('the merge of staged dossiers', () => {
  it('fills a new year before indexing it, then attaches it with the indexes a partition made empty has', async () => {
    const result = await push([
      dossier('A', '2024-02-01'),
      dossier('B', '2024-03-01', { resolvedAt: '2024-03-04T09:00:00+07:00', status: 'resolved' }),
      dossier('C', '2024-12-31'),
    ]);
    expect(result).toMatchObject({ status: 'done', inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(await partitionsOf()).toEqual({ A: 'dossiers_y2024', B: 'dossiers_y2024', C: 'dossiers_y2024' });
    await server.db.execute(sql`select dossier_year_partition(2030)`);
    const made = await shapeOf('dossiers_y2024');
    // The unique index on code and the four indexes of `dossiers` (attached to them); no check left behind.
    expect(made.indexes).toHaveLength(5);
    expect(made.attached).toBe(4);
    expect(made).toEqual(await shapeOf('dossiers_y2030'));
    const [{ n }] = (await queryRows<{ n: number }>(
      server.db,
      sql`select count(*)::int as n from dossiers where code = 'B' and received_date = '2024-03-01'`,
    )) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('refuses whole a new year whose rows give a code twice, and leaves no partition behind', async () => {
    const before = await partitionsOf();
    const twice = await push([dossier('D', '2023-05-05'), dossier('E', '2023-05-06'), dossier('D', '2023-06-06')]);
    expect(twice.status).toBe('rejected');
    expect(twice.errors).toEqual([expect.objectContaining({ row: 3, column: 'code', code: 'dossier_duplicate_code', params: { code: 'D', line: 1 } })]);
    expect(await partitionsOf()).toEqual(before);
    const [{ made }] = (await queryRows<{ made: boolean }>(server.db, sql`select to_regclass('dossiers_y2023') is not null as made`)) as [{ made: boolean }];
    expect(made).toBe(false);
  });

  it('writes only what differs among unchanged, changed and new rows, and the rollups equal a rebuild', async () => {
    const result = await push([
      // A unchanged; B resolved later (late now: due 5 working days after 1 March 2024, the 8th); C moves to X2 and to 2025.
      dossier('A', '2024-02-01'),
      dossier('B', '2024-03-01', { resolvedAt: '2024-03-12T09:00:00+07:00', status: 'resolved' }),
      dossier('C', '2025-01-02', { unitCode: 'X2', procedureCode: 'P.X2.1', channel: 'direct' }),
      // F new in an existing year, G new in a year without a partition (made as before: some codes exist).
      dossier('F', '2024-07-07'),
      dossier('G', '2022-01-03'),
    ]);
    expect(result).toMatchObject({ status: 'done', inserted: 2, updated: 2, unchanged: 1, rejected: 0 });
    expect(await partitionsOf()).toEqual({ A: 'dossiers_y2024', B: 'dossiers_y2024', C: 'dossiers_y2025', F: 'dossiers_y2024', G: 'dossiers_y2022' });
    const [b] = await queryRows<{ timeliness: string; resolved_date: string }>(
      server.db,
      sql`select timeliness, resolved_date::text from dossiers where code = 'B'`,
    );
    expect(b).toEqual({ timeliness: 'late', resolved_date: '2024-03-12' });
    const incremental = await rollups();
    // Received by year: G in 2022; A, B and F in 2024; C in 2025 (moved out of 2024). Resolved: B, late, in 2024.
    expect(
      await queryRows(
        server.db,
        sql`select year, sum(received)::int as received, sum(resolved)::int as resolved, sum(late)::int as late
            from dossier_yearly_rollups group by year order by year`,
      ),
    ).toEqual([
      { year: 2022, received: 1, resolved: 0, late: 0 },
      { year: 2024, received: 3, resolved: 1, late: 1 },
      { year: 2025, received: 1, resolved: 0, late: 0 },
    ]);
    await rebuildAllRollups(server.db);
    expect(await rollups()).toEqual(incremental);
    // The same file again writes nothing.
    expect(
      await push([
        dossier('A', '2024-02-01'),
        dossier('B', '2024-03-01', { resolvedAt: '2024-03-12T09:00:00+07:00', status: 'resolved' }),
        dossier('C', '2025-01-02', { unitCode: 'X2', procedureCode: 'P.X2.1', channel: 'direct' }),
        dossier('F', '2024-07-07'),
        dossier('G', '2022-01-03'),
      ]),
    ).toMatchObject({ status: 'done', inserted: 0, updated: 0, unchanged: 5 });
    expect(await rollups()).toEqual(incremental);
  });
});
