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
 * dossier_overdue_month_end_rollups (migration 0019): a dossier resolved late counts, for its unit, at every month end E
 * with due < E < resolution, unless it was resolved more than 400 days late. Kept by the deltas of every push, equal
 * to a rebuild, and read by the report at a month end, whose overdue figures must be those of the rule at any date.
 * Every expected row and figure below is worked out by hand from the dossiers.
 */

let server: TestServer;
const actor = systemActor('test:overdue-month-ends');

beforeAll(async () => {
  server = await startDossierTestServer();
});
afterAll(() => server?.close());

const at = (day: string) => `${day}T09:00:00+07:00`;
const dossier = (code: string, unitCode: 'SNV' | 'X2', received: string, due: string, resolved: string | null) => ({
  code,
  unitCode,
  procedureCode: unitCode === 'SNV' ? 'P.SNV.1' : 'P.X2.1',
  field: null,
  channel: 'direct',
  receivedAt: at(received),
  dueAt: at(due),
  resolvedAt: resolved ? at(resolved) : null,
  returnedAt: null,
  status: resolved ? 'resolved' : 'processing',
});

async function push(records: ReturnType<typeof dossier>[]) {
  return importDossierRecords(server.testDb.database, actor, { records, skipInvalid: false, source: 'batch' });
}

async function monthEnds() {
  return queryRows<{ month_end: string; unit: string; count: number }>(
    server.db,
    sql`select to_char(r.month_end, 'YYYY-MM-DD') as month_end, u.code as unit, r.count
        from dossier_overdue_month_end_rollups r join units u on u.id = r.unit_id order by r.month_end, u.code`,
  );
}

/** Overdue in processing per unit at D, from the report by unit (the month-end rollup at a month end) and by field (never). */
async function overdueAt(asOf: string) {
  const byUnit = await timelinessReport(server.db, { year: 2025, unit: null, asOf, by: 'unit' }, '2026-12-04');
  const byField = await timelinessReport(server.db, { year: 2025, unit: null, asOf, by: 'field' }, '2026-12-04');
  const perUnit = (rows: { unit_code: string; overdue_processing: number }[]) => {
    const sums: Record<string, number> = {};
    for (const r of rows) sums[r.unit_code] = (sums[r.unit_code] ?? 0) + r.overdue_processing;
    return sums;
  };
  const figures = perUnit(byUnit.rows);
  expect(perUnit(byField.rows)).toEqual(figures);
  return figures;
}

// Due and resolution days (local). SNV: A late over two month ends; B due on 31 January and resolved on 28 February
// (no month end strictly between); C due 31 January, resolved 1 March (28 February only); G still open; H early.
// X2: D late within February; E late over 31 December 2024; F resolved 424 days late (not spread: read as it is).
const FIRST = [
  dossier('ME-A', 'SNV', '2025-01-10', '2025-01-20', '2025-03-05'),
  dossier('ME-B', 'SNV', '2025-01-20', '2025-01-31', '2025-02-28'),
  dossier('ME-C', 'SNV', '2025-01-21', '2025-01-31', '2025-03-01'),
  dossier('ME-G', 'SNV', '2025-01-05', '2025-01-15', null),
  dossier('ME-H', 'SNV', '2025-01-05', '2025-01-15', '2025-01-12'),
  dossier('ME-D', 'X2', '2025-02-03', '2025-02-10', '2025-02-20'),
  dossier('ME-E', 'X2', '2024-12-10', '2024-12-15', '2025-01-10'),
  dossier('ME-F', 'X2', '2024-01-05', '2024-01-10', '2025-03-09'),
];

describe('the month-end overdue rollup', () => {
  it('counts each late dossier at the month ends strictly between its due date and its resolution', async () => {
    expect(await push(FIRST)).toMatchObject({ status: 'done', inserted: 8 });
    expect(await monthEnds()).toEqual([
      { month_end: '2024-12-31', unit: 'X2', count: 1 }, // E
      { month_end: '2025-01-31', unit: 'SNV', count: 1 }, // A
      { month_end: '2025-02-28', unit: 'SNV', count: 2 }, // A, C
    ]);
  });

  it('gives the report at a month end the figures of the rule, as on the day before', async () => {
    // 31 January: SNV A (due 20, resolved 5 March) and G (open, due 15); not B or C (due that day). X2: F (far later).
    expect(await overdueAt('2025-01-31')).toEqual({ SNV: 2, X2: 1 });
    // 30 January, not a month end (every row read from the overdue rollup): the same dossiers.
    expect(await overdueAt('2025-01-30')).toEqual({ SNV: 2, X2: 1 });
    // 28 February: SNV A, C (resolved 1 March) and G; not B (resolved that day). X2: F; not D (resolved 20 February).
    expect(await overdueAt('2025-02-28')).toEqual({ SNV: 3, X2: 1 });
    // 31 December 2024 in the report of 2025 (a month end before the year): SNV none; X2 E and F.
    expect(await overdueAt('2024-12-31')).toEqual({ SNV: 0, X2: 2 });
  });

  it('moves with every change, drops the rows left at zero, and equals a rebuild', async () => {
    // G resolved on 2 April (now late over three month ends), A resolved on 10 February (31 January only), E resolved
    // on 20 December 2024 (no month end: X2's row of 31 December falls to zero).
    const result = await push([
      dossier('ME-G', 'SNV', '2025-01-05', '2025-01-15', '2025-04-02'),
      dossier('ME-A', 'SNV', '2025-01-10', '2025-01-20', '2025-02-10'),
      dossier('ME-E', 'X2', '2024-12-10', '2024-12-15', '2024-12-20'),
      dossier('ME-H', 'SNV', '2025-01-05', '2025-01-15', '2025-01-12'),
    ]);
    expect(result).toMatchObject({ status: 'done', updated: 3, unchanged: 1 });
    const expected = [
      { month_end: '2025-01-31', unit: 'SNV', count: 2 }, // A, G
      { month_end: '2025-02-28', unit: 'SNV', count: 2 }, // C, G
      { month_end: '2025-03-31', unit: 'SNV', count: 1 }, // G
    ];
    expect(await monthEnds()).toEqual(expected);
    await rebuildAllRollups(server.db);
    expect(await monthEnds()).toEqual(expected);
    // 31 March: SNV G only (A and C resolved before); X2 none (F resolved 9 March).
    expect(await overdueAt('2025-03-31')).toEqual({ SNV: 1, X2: 0 });
    // 28 February: SNV C and G; X2 F.
    expect(await overdueAt('2025-02-28')).toEqual({ SNV: 2, X2: 1 });
  });
});
