import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { systemActor } from '../../src/modules/auth/actor.js';
import { importDossierRecords } from '../../src/modules/dossiers/import.js';
import { rebuildAllRollups } from '../../src/modules/dossiers/merge.js';
import { timelinessReport } from '../../src/modules/timeliness/service.js';
import type { TestServer } from '../helpers/server.js';
import { startDossierTestServer } from '../helpers/dossier-fixtures.js';

/**
 * dossier_yearly_rollups (unit × field × channel × year, what the reports read), and the two other rollups summed from
 * the monthly one (unit × field × channel × month, per procedure and year): kept by the same deltas as the monthly
 * rollups through inserts, updates that move a dossier to another key (its old row falls to zero and goes)
 * and unchanged rows, and equal to a rebuild. Expected rows computed by hand from the dossiers below.
 */

let server: TestServer;
const actor = systemActor('test:yearly-rollups');

beforeAll(async () => {
  server = await startDossierTestServer();
});
afterAll(() => server?.close());

const dossier = (code: string, unitCode: string, procedureCode: string, channel: string, receivedAt: string, dueAt: string, resolvedAt: string | null) => ({
  code,
  unitCode,
  procedureCode,
  field: null,
  channel,
  receivedAt,
  dueAt,
  resolvedAt,
  returnedAt: null,
  status: resolvedAt ? 'resolved' : 'processing',
});

async function push(records: ReturnType<typeof dossier>[]) {
  return importDossierRecords(server.testDb.database, actor, { records, skipInvalid: false, source: 'batch' });
}

async function yearly() {
  return queryRows<Record<string, unknown>>(
    server.db,
    sql`select u.code as unit, r.field, r.channel, r.year, r.received, r.resolved, r.early, r.on_time, r.late
        from dossier_yearly_rollups r join units u on u.id = r.unit_id order by u.code, r.channel, r.year`,
  );
}

/** The other rollups summed from the monthly one: unit × month, unit × field × channel × month, per procedure and year. */
async function derived() {
  const unitMonthly = await queryRows<Record<string, unknown>>(
    server.db,
    sql`select u.code as unit, r.month::text as month, r.received, r.resolved, r.early, r.on_time, r.late
        from dossier_unit_monthly_rollups r join units u on u.id = r.unit_id order by u.code, r.month`,
  );
  const fieldMonthly = await queryRows<Record<string, unknown>>(
    server.db,
    sql`select u.code as unit, r.field, r.channel, r.month::text as month, r.received, r.resolved, r.early, r.on_time, r.late
        from dossier_field_monthly_rollups r join units u on u.id = r.unit_id order by u.code, r.channel, r.month`,
  );
  const procedureYearly = await queryRows<Record<string, unknown>>(
    server.db,
    sql`select u.code as unit, p.code as procedure, r.channel, r.year, r.received, r.resolved, r.early, r.on_time, r.late
        from dossier_procedure_yearly_rollups r join units u on u.id = r.unit_id join procedures p on p.id = r.procedure_id
        order by u.code, r.channel, r.year`,
  );
  return { unitMonthly, fieldMonthly, procedureYearly };
}

const counts = (received: number, resolved: number, early: number, onTime: number, late: number) => ({ received, resolved, early, on_time: onTime, late });

const row = (unit: string, field: string, channel: string, year: number, received: number, resolved: number, early: number, onTime: number, late: number) => ({
  unit,
  field,
  channel,
  year,
  received,
  resolved,
  early,
  on_time: onTime,
  late,
});

// A: received December 2024, resolved 3 January 2025 after its due day (27 December): received in 2024, late in 2025.
// B: received and resolved early in March 2025. C: received in March 2025, still open. D: resolved on its due day.
const FIRST = [
  dossier('Y-A', 'SNV', 'P.SNV.1', 'online', '2024-12-20T08:00:00+07:00', '2024-12-27T17:00:00+07:00', '2025-01-03T09:00:00+07:00'),
  dossier('Y-B', 'SNV', 'P.SNV.1', 'online', '2025-03-03T08:00:00+07:00', '2025-03-10T17:00:00+07:00', '2025-03-05T09:00:00+07:00'),
  dossier('Y-C', 'SNV', 'P.SNV.1', 'direct', '2025-03-04T08:00:00+07:00', '2025-03-11T17:00:00+07:00', null),
  dossier('Y-D', 'X2', 'P.X2.1', 'direct', '2025-05-05T08:00:00+07:00', '2025-05-07T17:00:00+07:00', '2025-05-07T10:00:00+07:00'),
];

describe('dossier_yearly_rollups', () => {
  it('counts received by year of receipt and resolved / early / on time / late by year of resolution', async () => {
    expect(await push(FIRST)).toMatchObject({ status: 'done', inserted: 4 });
    expect(await yearly()).toEqual([
      row('SNV', 'Hộ tịch', 'direct', 2025, 1, 0, 0, 0, 0),
      row('SNV', 'Hộ tịch', 'online', 2024, 1, 0, 0, 0, 0),
      row('SNV', 'Hộ tịch', 'online', 2025, 1, 2, 1, 0, 1),
      row('X2', 'Chứng thực', 'direct', 2025, 1, 1, 0, 1, 0),
    ]);
  });

  it('moves updated dossiers between keys, deletes the rows left at zero, and equals a rebuild', async () => {
    // C resolved early and now online (its direct row falls to zero); D now postal (the same); B unchanged; E new in 2026.
    const result = await push([
      dossier('Y-B', 'SNV', 'P.SNV.1', 'online', '2025-03-03T08:00:00+07:00', '2025-03-10T17:00:00+07:00', '2025-03-05T09:00:00+07:00'),
      dossier('Y-C', 'SNV', 'P.SNV.1', 'online', '2025-03-04T08:00:00+07:00', '2025-03-11T17:00:00+07:00', '2025-03-06T10:00:00+07:00'),
      dossier('Y-D', 'X2', 'P.X2.1', 'postal', '2025-05-05T08:00:00+07:00', '2025-05-07T17:00:00+07:00', '2025-05-07T10:00:00+07:00'),
      dossier('Y-E', 'X2', 'P.X2.1', 'online', '2026-01-05T08:00:00+07:00', '2026-01-07T17:00:00+07:00', null),
    ]);
    expect(result).toMatchObject({ status: 'done', inserted: 1, updated: 2, unchanged: 1 });
    const expected = [
      row('SNV', 'Hộ tịch', 'online', 2024, 1, 0, 0, 0, 0),
      row('SNV', 'Hộ tịch', 'online', 2025, 2, 3, 2, 0, 1),
      row('X2', 'Chứng thực', 'online', 2026, 1, 0, 0, 0, 0),
      row('X2', 'Chứng thực', 'postal', 2025, 1, 1, 0, 1, 0),
    ];
    expect(await yearly()).toEqual(expected);
    // The month trend's and the worst procedures' rollups, by the same deltas: A late in January 2025, B and C early
    // in March 2025, D on time in May 2025 (postal), E open; the direct rows of March and May fell to zero and went.
    const expectedDerived = {
      unitMonthly: [
        { unit: 'SNV', month: '2024-12-01', ...counts(1, 0, 0, 0, 0) },
        { unit: 'SNV', month: '2025-01-01', ...counts(0, 1, 0, 0, 1) },
        { unit: 'SNV', month: '2025-03-01', ...counts(2, 2, 2, 0, 0) },
        { unit: 'X2', month: '2025-05-01', ...counts(1, 1, 0, 1, 0) },
        { unit: 'X2', month: '2026-01-01', ...counts(1, 0, 0, 0, 0) },
      ],
      fieldMonthly: [
        { unit: 'SNV', field: 'Hộ tịch', channel: 'online', month: '2024-12-01', ...counts(1, 0, 0, 0, 0) },
        { unit: 'SNV', field: 'Hộ tịch', channel: 'online', month: '2025-01-01', ...counts(0, 1, 0, 0, 1) },
        { unit: 'SNV', field: 'Hộ tịch', channel: 'online', month: '2025-03-01', ...counts(2, 2, 2, 0, 0) },
        { unit: 'X2', field: 'Chứng thực', channel: 'online', month: '2026-01-01', ...counts(1, 0, 0, 0, 0) },
        { unit: 'X2', field: 'Chứng thực', channel: 'postal', month: '2025-05-01', ...counts(1, 1, 0, 1, 0) },
      ],
      procedureYearly: [
        { unit: 'SNV', procedure: 'P.SNV.1', channel: 'online', year: 2024, ...counts(1, 0, 0, 0, 0) },
        { unit: 'SNV', procedure: 'P.SNV.1', channel: 'online', year: 2025, ...counts(2, 3, 2, 0, 1) },
        { unit: 'X2', procedure: 'P.X2.1', channel: 'online', year: 2026, ...counts(1, 0, 0, 0, 0) },
        { unit: 'X2', procedure: 'P.X2.1', channel: 'postal', year: 2025, ...counts(1, 1, 0, 1, 0) },
      ],
    };
    expect(await derived()).toEqual(expectedDerived);
    // The same batch again changes nothing.
    expect(await push(FIRST.slice(0, 1))).toMatchObject({ status: 'done', unchanged: 1 });
    expect(await yearly()).toEqual(expected);
    await rebuildAllRollups(server.db);
    expect(await yearly()).toEqual(expected);
    expect(await derived()).toEqual(expectedDerived);
  });

  it('the yearly rows are the monthly rows summed by year', async () => {
    const monthly = await queryRows<Record<string, unknown>>(
      server.db,
      sql`select u.code as unit, r.field, r.channel, extract(year from r.month)::int as year, sum(r.received)::int as received,
                 sum(r.resolved)::int as resolved, sum(r.early)::int as early, sum(r.on_time)::int as on_time, sum(r.late)::int as late
          from dossier_monthly_rollups r join units u on u.id = r.unit_id group by 1, 2, 3, 4 order by 1, 3, 4`,
    );
    expect(monthly).toEqual(await yearly());
  });

  it('the report of 2025 reads them: SNV received 2, resolved 3 (2 early, 1 late); X2 received 1, on time 1', async () => {
    const report = await timelinessReport(server.db, { year: 2025, unit: null, asOf: '2025-12-31', by: 'unit' }, '2026-12-03');
    expect(report.rows).toEqual([
      { unit_code: 'SNV', received: 2, resolved: 3, early: 2, on_time: 0, late: 1, overdue_processing: 0, on_time_rate: '66.67' },
      { unit_code: 'X2', received: 1, resolved: 1, early: 0, on_time: 1, late: 0, overdue_processing: 0, on_time_rate: '100.00' },
    ]);
  });
});
