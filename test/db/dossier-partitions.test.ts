import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { importDossierRecords } from '../../src/modules/dossiers/import.js';
import { archiveDossierYear, dossierPartitions, restoreDossierYear } from '../../src/modules/dossiers/partitions.js';
import { createProcedure, deleteProcedure } from '../../src/modules/procedures/service.js';
import { cliWorkspace } from '../helpers/cli.js';
import { SNV_BIRTH_REGISTRATION, dossierPartitionsByCode, openDossier } from '../helpers/dossier-fixtures.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * `dossiers` partitioned by year of receipt (issue 14, item 1; migration 0015, src/modules/dossiers/partitions.ts),
 * on PGlite and on PostgreSQL alike: partitions made on demand, a dossier moving year moves partition, a code stays
 * unique across years, a year's query reads only its partition, a past year archived and restored.
 */

let server: TestServer;
const NOW = new Date('2026-11-30T10:00:00+07:00');

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await createProcedure(server.db, fixtureActor, SNV_BIRTH_REGISTRATION);
});
afterAll(() => server?.close());

const dossier = openDossier;

const push = (records: ReturnType<typeof dossier>[], skipInvalid = false) =>
  importDossierRecords(server.testDb.database, fixtureActor, { records: records as never, skipInvalid, source: 'batch', now: NOW });

const partitionsOf = () => dossierPartitionsByCode(server.db);

/** The monthly rollup sums of a year (what the timeliness report of that year reads). */
async function rollupsOf(year: number) {
  const [row] = await queryRows<{ rows: number; received: number }>(
    server.db,
    sql`select count(*)::int as rows, coalesce(sum(received), 0)::int as received from dossier_monthly_rollups
        where month >= ${`${year}-01-01`}::date and month < ${`${year + 1}-01-01`}::date`,
  );
  return row!;
}

describe('partitions by year of receipt', () => {
  it('a fresh database has only the default partition; an import makes the partitions of its years', async () => {
    expect((await dossierPartitions(server.db)).map((p) => p.table)).toEqual(['dossiers_default']);
    const result = await push([dossier('A', '2024-03-01'), dossier('B', '2025-03-02'), dossier('C', '2025-12-31'), dossier('D', '1999-06-01')]);
    expect(result).toMatchObject({ status: 'done', inserted: 4, rejected: 0 });
    expect(await partitionsOf()).toEqual({ A: 'dossiers_y2024', B: 'dossiers_y2025', C: 'dossiers_y2025', D: 'dossiers_default' });
    const partitions = await dossierPartitions(server.db);
    // Small partitions are counted, not estimated: D in the default one, A in 2024, B and C in 2025.
    expect(partitions.map((p) => [p.year, p.table, p.rows, p.archived])).toEqual([
      [null, 'dossiers_default', 1, false],
      [2024, 'dossiers_y2024', 1, false],
      [2025, 'dossiers_y2025', 2, false],
    ]);
  });

  it('a dossier whose date of receipt moves to another year moves partition, and stays one dossier', async () => {
    const result = await push([dossier('A', '2025-01-02')]);
    expect(result).toMatchObject({ status: 'done', inserted: 0, updated: 1 });
    expect((await partitionsOf()).A).toBe('dossiers_y2025');
    const [{ n }] = (await queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from dossiers where code = 'A'`)) as [{ n: number }];
    expect(n).toBe(1);
    // The rollups moved with it: 2024 has no dossier left, 2025 has A, B and C.
    expect((await rollupsOf(2024)).received).toBe(0);
    expect((await rollupsOf(2025)).received).toBe(3);
  });

  it('a code stays unique across years: the same new code for two years in one batch is refused whole', async () => {
    const before = await partitionsOf();
    const twoYears = await push([dossier('E', '2024-05-05'), dossier('E', '2025-05-05')]);
    expect(twoYears.status).toBe('rejected');
    expect(twoYears.errors).toEqual([expect.objectContaining({ row: 2, column: 'code', code: 'dossier_duplicate_code', params: { code: 'E', line: 1 } })]);
    const sameYear = await push([dossier('F', '2025-05-05'), dossier('F', '2025-06-06')]);
    expect(sameYear.status).toBe('rejected');
    expect(sameYear.errors).toEqual([expect.objectContaining({ row: 2, code: 'dossier_duplicate_code' })]);
    expect(await partitionsOf()).toEqual(before);
  });

  it("a query of one year's receipts reads only that year's partition", async () => {
    const plan = await queryRows<{ 'QUERY PLAN': string }>(
      server.db,
      sql`explain select count(*) from dossiers where received_date >= '2025-01-01' and received_date <= '2025-12-31'`,
    );
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('dossiers_y2025');
    expect(text).not.toContain('dossiers_y2024');
    expect(text).not.toContain('dossiers_default');
  });

  it('rows of a year the default partition holds move into that year when its partition is made', async () => {
    await server.db.execute(sql`insert into dossiers_default (code, unit_id, procedure_id, field, channel, status, received_at, due_at, received_date, due_date)
      select 'G', unit_id, procedure_id, field, channel, status, received_at + interval '6 years', due_at + interval '6 years', date '2031-03-01', date '2031-03-08'
      from dossiers where code = 'B'`);
    const [{ partition }] = (await queryRows<{ partition: string }>(server.db, sql`select dossier_year_partition(2031) as partition`)) as [
      { partition: string },
    ];
    expect(partition).toBe('dossiers_y2031');
    expect((await partitionsOf()).G).toBe('dossiers_y2031');
  });
});

describe('archiving a past year', () => {
  it('detaches the year: its dossiers leave the table, its figures stay, imports of that year are refused; restore brings it back', async () => {
    // H2024 is the only dossier of procedure P.SNV.2024.
    await createProcedure(server.db, fixtureActor, { ...SNV_BIRTH_REGISTRATION, code: 'P.SNV.2024' });
    const pushed = await push([dossier('H', '2024-08-08'), dossier('I', '2024-09-09'), dossier('H2024', '2024-08-09', { procedureCode: 'P.SNV.2024' })]);
    expect(pushed.inserted).toBe(3);
    const figures2024 = await rollupsOf(2024);
    expect(figures2024.received).toBe(3);

    const archived = await archiveDossierYear(server.db, fixtureActor, 2024, 2026);
    expect(archived).toEqual({ year: 2024, table: 'dossiers_archived_y2024', rows: 3 });
    const codes = await partitionsOf();
    expect(codes.H).toBeUndefined();
    expect(codes.I).toBeUndefined();
    expect(await rollupsOf(2024)).toEqual(figures2024);
    const listed = (await dossierPartitions(server.db)).find((p) => p.year === 2024);
    expect(listed).toMatchObject({ table: 'dossiers_archived_y2024', rows: 3, archived: true, archivedBy: fixtureActor.username });
    // Its dossier is archived, not gone: the procedure is still in use and cannot be deleted.
    await expect(deleteProcedure(server.db, fixtureActor, 'P.SNV.2024')).rejects.toMatchObject({ code: 'conflict', reason: 'procedure_in_use' });

    // A row of 2024 is refused where it stands; with skipInvalid the other rows go in.
    const refused = await push([dossier('J', '2025-02-02'), dossier('K', '2024-10-10')]);
    expect(refused.status).toBe('rejected');
    expect(refused.errors).toEqual([expect.objectContaining({ row: 2, column: 'received_at', code: 'dossier_year_archived', params: { year: 2024 } })]);
    const skipped = await push([dossier('J', '2025-02-02'), dossier('K', '2024-10-10')], true);
    expect(skipped).toMatchObject({ status: 'done', inserted: 1, rejected: 1 });
    expect((await partitionsOf()).K).toBeUndefined();

    await expect(archiveDossierYear(server.db, fixtureActor, 2024, 2026)).rejects.toMatchObject({ code: 'conflict', reason: 'dossier_year_already_archived' });
    await expect(archiveDossierYear(server.db, fixtureActor, 2026, 2026)).rejects.toMatchObject({ code: 'conflict', reason: 'dossier_year_current' });
    await expect(archiveDossierYear(server.db, fixtureActor, 2019, 2026)).rejects.toMatchObject({ code: 'not_found', reason: 'dossier_year_not_partitioned' });

    const restored = await restoreDossierYear(server.db, fixtureActor, 2024);
    expect(restored).toEqual({ year: 2024, table: 'dossiers_y2024', rows: 3 });
    expect(await partitionsOf()).toMatchObject({ H: 'dossiers_y2024', I: 'dossiers_y2024' });
    await expect(restoreDossierYear(server.db, fixtureActor, 2024)).rejects.toMatchObject({ code: 'not_found', reason: 'dossier_year_not_archived' });
    // Imports of 2024 are taken again.
    expect(await push([dossier('K', '2024-10-10')])).toMatchObject({ status: 'done', inserted: 1 });

    const audit = await queryRows<{ action: string; entity_id: string }>(
      server.db,
      sql`select action, entity_id from audit_log where entity_type = 'dossier_year' order by id`,
    );
    expect(audit).toEqual([
      { action: 'archive', entity_id: '2024' },
      { action: 'restore', entity_id: '2024' },
    ]);
  });
});

describe('parindex dossiers', () => {
  it('lists the partitions and refuses to archive the current year, in Vietnamese', async () => {
    const cli = await cliWorkspace('parindex-partitions-');
    try {
      const currentYear = new Date().getFullYear();
      const vi = await cli.run(['--lang', 'vi', 'dossiers', 'archive', '--year', String(currentYear)]);
      expect(vi.code).not.toBe(0);
      expect(vi.stderr).toContain(`Không thể lưu trữ năm ${currentYear}`);
      const listed = await cli.run(['dossiers', 'partitions']);
      expect(listed.code).toBe(0);
      expect(listed.stdout.trim().split('\n')).toEqual(['year\ttable\trows\tstate', 'other\tdossiers_default\t0\tattached']);
    } finally {
      await cli.close();
    }
  });
});
