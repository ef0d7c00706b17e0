import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../src/db/client.js';
import { rebuildDerivedRollups } from '../../src/modules/dossiers/merge.js';

/**
 * Rollup rows for the timeliness tests, written straight into the rollup tables (the units of seedOrganisation:
 * SNV, SCT in block SO; H1 in HUYEN; X1, X2 in XA, children of H1). The expected figures below are worked out by
 * hand from these rows and the rules in docs/timeliness.md.
 */
export const FIXTURE_PROCEDURES = [
  { code: '1.000001', name: 'Đăng ký khai sinh', field: 'Hộ tịch', unit: 'SNV' },
  { code: '1.000002', name: 'Cấp giấy chứng nhận quyền sử dụng đất', field: 'Đất đai', unit: 'SNV' },
  { code: '2.000003', name: 'Cấp giấy phép kinh doanh rượu', field: 'Công thương', unit: 'SCT' },
  { code: '3.000004', name: 'Đăng ký kết hôn', field: 'Hộ tịch', unit: 'X1' },
] as const;
type ProcedureCode = (typeof FIXTURE_PROCEDURES)[number]['code'];

/** unit, field, procedure, channel, month, received, resolved, early, on_time, late */
export const MONTHLY_ROWS: [string, string, ProcedureCode, string, string, number, number, number, number, number][] = [
  ['SNV', 'Hộ tịch', '1.000001', 'direct', '2025-01-01', 10, 8, 5, 2, 1],
  ['SNV', 'Hộ tịch', '1.000001', 'online', '2025-03-01', 6, 6, 4, 1, 1],
  ['SNV', 'Đất đai', '1.000002', 'direct', '2025-12-01', 4, 3, 0, 1, 2],
  // Outside 2025: never counted in the 2025 report.
  ['SNV', 'Đất đai', '1.000002', 'online', '2024-12-01', 100, 50, 50, 0, 0],
  ['SNV', 'Đất đai', '1.000002', 'online', '2026-01-01', 7, 7, 0, 0, 7],
  ['SCT', 'Công thương', '2.000003', 'postal', '2025-06-01', 3, 0, 0, 0, 0],
  ['X1', 'Hộ tịch', '3.000004', 'online', '2025-07-01', 9, 9, 3, 3, 3],
  ['X2', 'Hộ tịch', '3.000004', 'direct', '2025-02-01', 32, 32, 20, 11, 1],
];

/** unit, field, channel, due_date, resolved_date (null = unresolved), count */
export const OVERDUE_ROWS: [string, string, string, string, string | null, number][] = [
  ['SNV', 'Hộ tịch', 'direct', '2025-12-30', null, 2],
  ['SNV', 'Đất đai', 'direct', '2025-12-31', null, 1],
  ['SNV', 'Hộ tịch', 'online', '2025-11-10', '2025-12-31', 4],
  ['SCT', 'Công thương', 'postal', '2025-06-20', '2026-01-05', 3],
  ['H1', 'Hộ tịch', 'direct', '2025-09-01', null, 5],
  ['X1', 'Hộ tịch', 'online', '2025-12-31', '2026-01-02', 1],
];

export async function insertTimelinessFixture(db: DbOrTx): Promise<void> {
  const units = await queryRows<{ id: number; code: string }>(db, sql`select id, code from units`);
  const unitId = new Map(units.map((u) => [u.code, u.id]));
  const procedureId = new Map<string, number>();
  for (const p of FIXTURE_PROCEDURES) {
    const [row] = await queryRows<{ id: number }>(
      db,
      sql`insert into procedures (code, name, search_key, field, unit_id, legal_days, internal_days, online_level)
          values (${p.code}, ${p.name}, ${p.code}, ${p.field}, ${unitId.get(p.unit)!}, 10, 7, 'full') returning id`,
    );
    procedureId.set(p.code, row!.id);
  }
  for (const [unit, field, procedure, channel, month, received, resolved, early, onTime, late] of MONTHLY_ROWS) {
    await db.execute(sql`insert into dossier_monthly_rollups (unit_id, field, procedure_id, channel, month, received, resolved, early, on_time, late)
      values (${unitId.get(unit)!}, ${field}, ${procedureId.get(procedure)!}, ${channel}, ${month}::date, ${received}, ${resolved}, ${early}, ${onTime}, ${late})`);
  }
  for (const [unit, field, channel, due, resolved, count] of OVERDUE_ROWS) {
    await db.execute(sql`insert into dossier_overdue_rollups (unit_id, field, channel, due_date, resolved_date, count)
      values (${unitId.get(unit)!}, ${field}, ${channel}, ${due}::date, ${resolved}::date, ${count})`);
  }
  // The rollups summed from the monthly ones and spread from the overdue ones (what the reports and the dashboard
  // read), as the import keeps them.
  await rebuildDerivedRollups(db);
}

export const REPORT_HEADER = 'unit_code,received,resolved,early,on_time,late,overdue_processing,on_time_rate';

/** The 2025 report at D = 2025-12-31, worked out by hand (see the comments in the API test). */
export const REPORT_2025_CSV = [
  REPORT_HEADER,
  'H1,0,0,0,0,0,5,',
  'SCT,3,0,0,0,0,3,',
  'SNV,20,17,9,4,4,2,76.47',
  'X1,9,9,3,3,3,0,66.67',
  'X2,32,32,20,11,1,0,96.88',
  '',
].join('\n');

export const REPORT_2025_BY_FIELD_CSV = [
  'unit_code,field,received,resolved,early,on_time,late,overdue_processing,on_time_rate',
  'H1,Hộ tịch,0,0,0,0,0,5,',
  'SCT,Công thương,3,0,0,0,0,3,',
  'SNV,Đất đai,4,3,0,1,2,0,33.33',
  'SNV,Hộ tịch,16,14,9,3,2,2,85.71',
  'X1,Hộ tịch,9,9,3,3,3,0,66.67',
  'X2,Hộ tịch,32,32,20,11,1,0,96.88',
  '',
].join('\n');
