import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apologyLetters,
  dossierMonthlyRollups,
  dossiers,
  inspections,
  periodicReports,
  procedures,
  registerEntries,
  remediationItems,
  reportDeadlines,
  units,
} from '../../src/db/schema.js';
import { formulaVariables } from '../../src/modules/indicators/service.js';
import { createUnit } from '../../src/modules/units/service.js';
import type { ApiClient } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { ROUND_2025_DATES } from '../helpers/cycle-fixtures.js';

/*
 * Formula criteria scored from the one-stop-shop data, through the whole cycle (docs/formula-criteria.md).
 *
 * Framework SO 2025 (15 points counted in the maximum):
 *   1   Chỉ đạo điều hành (4, manual, appraiser SNV) = 1.1 (4, manual)
 *   2   Giải quyết TTHC (10, manual, appraiser SCT):
 *       2.1 (3) onTimeRate >= 98 ? 3 : (onTimeRate >= 95 ? 1.5 : 0)      banded
 *       2.2 (2) 2 * onlineShare / 100                                    linear
 *       2.3 (2) max(0, 2 - 0.5 * lateWithoutLetter)
 *       2.4 (3) maxPoints * fullyOnlineProcedureShare / 100
 *   3   Kế hoạch (1, formula, appraiser SNV): planTaskCompletionRate >= 80 ? 1 : 0   (no plan task entered: no value)
 *
 * Data of 2025 (rollups by month; 2024-12 and 2026-01 rows must not count), each unit's own:
 *   SNV: resolved 200, early 150 + on time 46 → 196/200 = 98.00 % → 3; received 200, online 150 → 75.00 % → 1.5;
 *        4 late, 3 letters → 1 without → 1.5; procedures 3 full of 4 published (+1 unpublished full) → 75.00 % → 2.25;
 *        3: no data, the council gives 1.
 *        1.1 = 4 → 4 + 3 + 1.5 + 1.5 + 2.25 + 1 = 13.25 / 15 = 88.333… → 88.33, Khá
 *   SCT: resolved 200, 100 + 95 → 97.50 % → 1.5; received 100, online 40 → 40.00 % → 0.8; 5 late, 5 letters → 2;
 *        no published procedure → 2.4 not applicable (3 points); 3 not applicable (1 point).
 *        1.1 = 3 → 3 + 1.5 + 0.8 + 2 = 7.3 / 11 = 66.3636… → 66.36, Yếu
 *   STP: resolved 20000, 19000 + 599 → 97.995 % → 98.00 % (the two-decimal rate) → 3; received 400, none online
 *        → 0 computed, the appraiser (SCT) sets 1; 401 late, 397 letters → 4 without → max(0, 0) = 0;
 *        2 published procedures, none fully online → 0 %; 3 not applicable.
 *        1.1 = 2 → 2 + 3 + 1 + 0 + 0 = 6 / 14 = 42.857… → 42.86, Yếu
 *   VP:  no dossier, no procedure: 2.1–2.4 and 3 not applicable → 1.1 = 4 / 4 → 100.00, Tốt
 *   Ranks: VP 1, SNV 2, SCT 3, STP 4.
 */

let server: TestServer;
let admin: ApiClient;
let council: ApiClient;
let appraiserSct: ApiClient;
const leaders: Record<string, ApiClient> = {};
let roundId: number;
const unitId: Record<string, number> = {};

const at = (iso: string) => {
  server.now = iso;
};
const unitPath = (unit: string, path: string) => `/api/v1/rounds/${roundId}/units/${unit}${path}`;

async function insertProcedures(unit: string, levels: ('full' | 'partial' | 'none')[], unpublished: ('full' | 'partial' | 'none')[] = []) {
  const rows = [...levels.map((l) => [l, true] as const), ...unpublished.map((l) => [l, false] as const)].map(([onlineLevel, published], i) => ({
    code: `P-${unit}-${i + 1}`,
    name: `Thủ tục ${unit} ${i + 1}`,
    searchKey: `p-${unit.toLowerCase()}-${i + 1}`,
    field: 'Hành chính tư pháp',
    unitId: unitId[unit]!,
    legalDays: 10,
    internalDays: 7,
    onlineLevel,
    published,
  }));
  return server.db.insert(procedures).values(rows).returning({ id: procedures.id });
}

/** `count` late dossiers of a unit resolved on `resolvedDate`, the first `withLetter` of them with an apology letter. */
async function insertLateDossiers(unit: string, procedureId: number, count: number, withLetter: number, resolvedDate = '2025-06-20') {
  const codes = Array.from({ length: count }, (_, i) => `${unit}-${resolvedDate}-${i + 1}`);
  await server.db.insert(dossiers).values(
    codes.map((code) => ({
      code,
      unitId: unitId[unit]!,
      procedureId,
      field: 'Hành chính tư pháp',
      channel: 'direct' as const,
      status: 'returned' as const,
      receivedAt: new Date('2025-06-01T02:00:00Z'),
      dueAt: new Date('2025-06-10T10:00:00Z'),
      resolvedAt: new Date(`${resolvedDate}T03:00:00Z`),
      receivedDate: '2025-06-01',
      dueDate: '2025-06-10',
      resolvedDate,
      timeliness: 'late' as const,
    })),
  );
  if (withLetter > 0) {
    await server.db
      .insert(apologyLetters)
      .values(
        codes.slice(0, withLetter).map((dossierCode) => ({ dossierCode, reason: 'Hồ sơ phức tạp', newAppointmentDate: '2025-06-25', issuedOn: '2025-06-11' })),
      );
  }
}

type Rollup = { channel: 'direct' | 'online'; month: string; received?: number; resolved?: number; early?: number; onTime?: number; late?: number };
async function insertRollups(unit: string, procedureId: number, rows: Rollup[]) {
  await server.db.insert(dossierMonthlyRollups).values(
    rows.map((r) => ({
      unitId: unitId[unit]!,
      field: 'Hành chính tư pháp',
      procedureId,
      channel: r.channel,
      month: r.month,
      received: r.received ?? 0,
      resolved: r.resolved ?? 0,
      early: r.early ?? 0,
      onTime: r.onTime ?? 0,
      late: r.late ?? 0,
    })),
  );
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await createUnit(server.db, fixtureActor, { code: 'STP', name: 'Sở Tư pháp', blockCode: 'SO', year: 2025 });
  await createUnit(server.db, fixtureActor, { code: 'VP', name: 'Văn phòng UBND tỉnh', blockCode: 'SO', year: 2025 });
  for (const u of await server.db.select({ id: units.id, code: units.code }).from(units)) unitId[u.code] = u.id;
  admin = await server.loginAs('admin');
  council = await server.loginAs('council');
  appraiserSct = await server.loginAs('appraiser', 'SCT');
  for (const unit of ['SNV', 'SCT', 'STP', 'VP']) leaders[unit] = await server.loginAs('unit_leader', unit);

  const framework = await admin.post('/api/v1/frameworks', {
    year: 2025,
    blockCode: 'SO',
    name: 'Bộ tiêu chí có tiêu chí công thức 2025',
    classes: [
      { label: 'Tốt', min: 90 },
      { label: 'Khá', min: 80 },
      { label: 'Trung bình', min: 70 },
      { label: 'Yếu', min: 0 },
    ],
    criteria: [
      { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 4, method: 'manual', appraiser: 'SNV' },
      { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual' },
      { code: '2', title: 'Giải quyết thủ tục hành chính', maxPoints: 10, method: 'manual', appraiser: 'SCT' },
      { code: '2.1', title: 'Tỷ lệ hồ sơ đúng hạn', maxPoints: 3, method: 'formula', formula: 'onTimeRate >= 98 ? 3 : (onTimeRate >= 95 ? 1.5 : 0)' },
      { code: '2.2', title: 'Tỷ lệ hồ sơ trực tuyến', maxPoints: 2, method: 'formula', formula: '2 * onlineShare / 100' },
      { code: '2.3', title: 'Xin lỗi khi trễ hạn', maxPoints: 2, method: 'formula', formula: 'max(0, 2 - 0.5 * lateWithoutLetter)' },
      { code: '2.4', title: 'Dịch vụ công toàn trình', maxPoints: 3, method: 'formula', formula: 'maxPoints * fullyOnlineProcedureShare / 100' },
      { code: '3', title: 'Hoàn thành kế hoạch', maxPoints: 1, method: 'formula', appraiser: 'SNV', formula: 'planTaskCompletionRate >= 80 ? 1 : 0' },
    ],
  });
  expect(framework.status, framework.text).toBe(201);

  const [snvP1, , , , snvUnpublished] = await insertProcedures('SNV', ['full', 'full', 'full', 'partial'], ['full']);
  const [sctP] = await insertProcedures('SCT', [], ['full']);
  const [stpP] = await insertProcedures('STP', ['partial', 'none'], ['full']);
  const [x1P] = await insertProcedures('X1', ['full']);
  await insertRollups('SNV', snvP1!.id, [
    { channel: 'direct', month: '2025-03-01', received: 50, resolved: 100, early: 75, onTime: 23, late: 2 },
    { channel: 'online', month: '2025-11-01', received: 150, resolved: 100, early: 75, onTime: 23, late: 2 },
    // The years around do not count.
    { channel: 'direct', month: '2024-12-01', received: 1000, resolved: 1000, late: 1000 },
    { channel: 'direct', month: '2026-01-01', received: 1000, resolved: 1000, late: 1000 },
  ]);
  await insertRollups('SNV', snvUnpublished!.id, [{ channel: 'online', month: '2025-12-01' }]);
  await insertRollups('SCT', sctP!.id, [
    { channel: 'direct', month: '2025-06-01', received: 60, resolved: 200, early: 100, onTime: 95, late: 5 },
    { channel: 'online', month: '2025-06-01', received: 40 },
  ]);
  await insertRollups('STP', stpP!.id, [{ channel: 'direct', month: '2025-01-01', received: 400, resolved: 20000, early: 19000, onTime: 599, late: 401 }]);
  await insertRollups('X1', x1P!.id, [{ channel: 'online', month: '2025-05-01', received: 10, resolved: 10, early: 10 }]);
  await insertLateDossiers('SNV', snvP1!.id, 4, 3);
  await insertLateDossiers('SNV', snvP1!.id, 2, 0, '2024-12-30'); // resolved in 2024: not counted in 2025
  await insertLateDossiers('SCT', sctP!.id, 5, 5);
  await insertLateDossiers('STP', stpP!.id, 401, 397);
});
afterAll(() => server?.close());

const input = (detail: any, name: string) => detail.formula.inputs.find((i: any) => i.name === name);

describe('formula criteria score themselves from the one-stop-shop data', () => {
  it('the unit’s sheet shows each formula criterion computed, read-only, with its inputs', async () => {
    at('2025-11-05T03:00:00Z');
    const opened = await admin.post('/api/v1/rounds', { year: 2025, blockCode: 'SO', ...ROUND_2025_DATES });
    expect(opened.status, opened.text).toBe(201);
    roundId = opened.body.id;
    const sheet = await leaders.SNV!.get(unitPath('SNV', '/assessment'));
    expect(sheet.status).toBe(200);
    const byCode = new Map(sheet.body.criteria.map((c: any) => [c.code, c]));
    expect((byCode.get('2.1') as any).formula).toEqual({
      formula: 'onTimeRate >= 98 ? 3 : (onTimeRate >= 95 ? 1.5 : 0)',
      status: 'computed',
      computed: 3,
      exact: '3',
      clamped: false,
      inputs: [{ name: 'onTimeRate', kind: 'percent', value: 98, basis: { early: 150, onTime: 46, earlyOrOnTime: 196, resolved: 200 }, missing: null }],
      reason: null,
    });
    expect((byCode.get('2.4') as any).formula).toMatchObject({
      computed: 2.25,
      inputs: [
        { name: 'maxPoints', kind: 'points', value: 3, missing: null },
        { name: 'fullyOnlineProcedureShare', value: 75, basis: { full: 3, published: 4 } },
      ],
    });
    expect((byCode.get('3') as any).formula).toMatchObject({
      status: 'missing',
      computed: null,
      // No plan task was entered for the unit (docs/plans.md): nothing to measure.
      inputs: [{ name: 'planTaskCompletionRate', value: null, missing: 'no_plan_tasks', basis: { completed: 0, tasks: 0 } }],
      reason: {
        code: 'formula_variable_no_plan_tasks',
        params: { variable: 'planTaskCompletionRate' },
        message: 'planTaskCompletionRate has no value: the unit has no counted reform plan task (cancelled tasks do not count)',
      },
    });
    expect((byCode.get('1.1') as any).formula).toBeNull();
    // Formula criteria are not self-scored.
    const self = await leaders.SNV!.put(unitPath('SNV', '/scores/2.1/self'), { score: 1 });
    expect(self.status).toBe(400);
  });

  it('every unit scores its manual criterion and submits; the appraiser overrides one computed value', async () => {
    for (const [unit, score] of [
      ['SNV', 4],
      ['SCT', 3],
      ['STP', 2],
      ['VP', 4],
    ] as const) {
      expect((await leaders[unit]!.put(unitPath(unit, '/scores/1.1/self'), { score })).status).toBe(200);
      expect((await leaders[unit]!.post(unitPath(unit, '/submit'))).status).toBe(200);
    }
    at('2025-12-10T03:00:00Z');
    const appraised = await appraiserSct.put(unitPath('STP', '/scores/2.2/appraisal'), { score: 1, reason: 'Cổng dịch vụ công gặp sự cố 3 tháng' });
    expect(appraised.status, appraised.text).toBe(200);
    at('2025-12-28T03:00:00Z');
    expect((await council.put(unitPath('SNV', '/scores/3/council'), { score: 1, reason: 'Hoàn thành 100 % kế hoạch (báo cáo của Sở)' })).status).toBe(200);
  });

  it('computes the index, rank and class with the formula values (preview)', async () => {
    const response = await admin.get('/api/v1/results?year=2025&block=SO');
    expect(response.status).toBe(200);
    const { results } = response.body;
    expect(results.units.map((u: any) => [u.unitCode, u.score, u.maxScore, u.index, u.rank, u.class, u.selfScore, u.problem])).toEqual([
      ['VP', 4, 4, 100, 1, 'Tốt', 4, null],
      ['SNV', 13.25, 15, 88.33, 2, 'Khá', 12.25, null],
      ['SCT', 7.3, 11, 66.36, 3, 'Yếu', 7.3, null],
      ['STP', 6, 14, 42.86, 4, 'Yếu', 5, null],
    ]);
    // Field 2: SNV 8.25 / 10; SCT 4.3 / 7 = 61.43; STP 4 / 10; VP nothing applicable. Field 3 only SNV (council).
    expect(results.units.map((u: any) => [u.unitCode, u.fields[1].score, u.fields[1].maxScore, u.fields[1].index, u.fields[2].index])).toEqual([
      ['VP', 0, 0, null, null],
      ['SNV', 8.25, 10, 82.5, 100],
      ['SCT', 4.3, 7, 61.43, null],
      ['STP', 4, 10, 40, null],
    ]);
  });

  it('publishes; the drill-down keeps each formula, its inputs, the computed value and the deciding stage', async () => {
    expect((await council.post(`/api/v1/rounds/${roundId}/approve`)).status).toBe(200);
    expect((await admin.post('/api/v1/results/publish', { year: 2025, block: 'SO' })).status).toBe(200);
    const viewer = await server.loginAs('viewer');
    const drill = async (unit: string) => {
      const response = await viewer.get(`/api/v1/results/units/${unit}?year=2025&block=SO`);
      expect(response.status, response.text).toBe(200);
      expect(response.body.revision).toBe(1);
      return new Map<string, any>(response.body.criteria.map((c: any) => [c.code, c]));
    };
    const sct = await drill('SCT');
    expect(sct.get('2.1')).toMatchObject({ score: 1.5, maxScore: 3, lost: 1.5, applicable: true });
    expect(sct.get('2.1').formula).toMatchObject({ status: 'computed', computed: 1.5, decidedBy: 'computed' });
    expect(input(sct.get('2.1'), 'onTimeRate')).toEqual({
      name: 'onTimeRate',
      kind: 'percent',
      value: 97.5,
      basis: { early: 100, onTime: 95, earlyOrOnTime: 195, resolved: 200 },
      missing: null,
    });
    expect(sct.get('2.2')).toMatchObject({
      score: 0.8,
      formula: { computed: 0.8, exact: '0.8', inputs: [{ name: 'onlineShare', value: 40, basis: { online: 40, received: 100 } }] },
    });
    expect(sct.get('2.3').formula).toMatchObject({
      computed: 2,
      inputs: [{ name: 'lateWithoutLetter', kind: 'count', value: 0, basis: { withoutLetter: 0, late: 5, resolved: 200 } }],
    });
    expect(sct.get('2.4')).toMatchObject({ applicable: false, score: 0, maxScore: 0, lost: 0 });
    expect(sct.get('2.4').formula).toMatchObject({
      status: 'missing',
      decidedBy: 'not_applicable',
      reason: { code: 'formula_variable_no_published_procedures', params: { variable: 'fullyOnlineProcedureShare' } },
    });
    expect(input(sct.get('2.4'), 'fullyOnlineProcedureShare')).toMatchObject({
      value: null,
      basis: { full: 0, published: 0 },
      missing: 'no_published_procedures',
    });

    const stp = await drill('STP');
    // 19599 / 20000 = 97.995 % is the two-decimal rate 98.00 %: full points.
    expect(stp.get('2.1')).toMatchObject({ score: 3, formula: { computed: 3, decidedBy: 'computed' } });
    expect(input(stp.get('2.1'), 'onTimeRate')).toMatchObject({ value: 98, basis: { earlyOrOnTime: 19599, resolved: 20000 } });
    // The appraisal overrides the computed 0; the drill-down says so.
    expect(stp.get('2.2')).toMatchObject({ score: 1, formula: { computed: 0, decidedBy: 'appraisal' } });
    expect(stp.get('2.3')).toMatchObject({ score: 0, formula: { computed: 0, exact: '0', inputs: [{ value: 4, basis: { withoutLetter: 4, late: 401 } }] } });
    expect(stp.get('2.4')).toMatchObject({
      score: 0,
      maxScore: 3,
      formula: { computed: 0, inputs: [{ name: 'maxPoints' }, { value: 0, basis: { full: 0, published: 2 } }] },
    });

    const snv = await drill('SNV');
    expect(snv.get('2.3')).toMatchObject({
      score: 1.5,
      formula: { computed: 1.5, inputs: [{ value: 1, basis: { withoutLetter: 1, late: 4, resolved: 200 } }] },
    });
    expect(snv.get('3')).toMatchObject({ applicable: true, score: 1, maxScore: 1, formula: { status: 'missing', computed: null, decidedBy: 'council' } });

    const vp = await drill('VP');
    expect(vp.get('2')).toMatchObject({ applicable: false, score: 0, maxScore: 0, index: null });
    expect(vp.get('2.1').formula).toMatchObject({
      status: 'missing',
      decidedBy: 'not_applicable',
      reason: { code: 'formula_variable_no_resolved_dossiers', message: 'onTimeRate has no value: the unit resolved no dossier in the year' },
    });
    expect(vp.get('1.1').formula).toBeUndefined();
  });

  it('published inputs stay as they were when new dossiers arrive; the live sheet moves', async () => {
    // SCT resolves 100 more dossiers early in July: 295 / 300 = 98.33 % → 3 points, live.
    const [procedure] = await server.db.select({ id: procedures.id }).from(procedures).where(eq(procedures.code, 'P-SCT-1'));
    await insertRollups('SCT', procedure!.id, [{ channel: 'direct', month: '2025-07-01', resolved: 100, early: 100 }]);
    const published = await admin.get('/api/v1/results/units/SCT?year=2025&block=SO');
    const frozen = published.body.criteria.find((c: any) => c.code === '2.1');
    expect(frozen).toMatchObject({ score: 1.5, formula: { computed: 1.5 } });
    expect(input(frozen, 'onTimeRate')).toMatchObject({ value: 97.5, basis: { resolved: 200 } });
    expect((await admin.get('/api/v1/results?year=2025&block=SO')).body.results.units.find((u: any) => u.unitCode === 'SCT').index).toBe(66.36);
    const sheet = await admin.get(unitPath('SCT', '/assessment'));
    const live = sheet.body.criteria.find((c: any) => c.code === '2.1').formula;
    expect(live).toMatchObject({ computed: 3, inputs: [{ value: 98.33, basis: { earlyOrOnTime: 295, resolved: 300 } }] });
  });

  it('a unit’s figures are its own: a district does not include its communes; a year without data says so', async () => {
    const readings = await formulaVariables(server.db, 2025, [unitId.H1!, unitId.X1!]);
    expect(readings.get(unitId.X1!)!.onTimeRate).toMatchObject({ value: '100.00', missing: null });
    expect(readings.get(unitId.X1!)!.fullyOnlineProcedureShare).toMatchObject({ value: '100.00', basis: { full: 1, published: 1 } });
    expect(readings.get(unitId.H1!)!.onTimeRate).toMatchObject({ value: null, missing: 'no_resolved_dossiers' });
    expect(readings.get(unitId.H1!)!.fullyOnlineProcedureShare).toMatchObject({ value: null, missing: 'no_published_procedures' });
    // No unit of the block has a dossier in 2023: the year's data was not imported. One unit alone cannot tell.
    const before = await formulaVariables(server.db, 2023, [unitId.SNV!, unitId.SCT!]);
    expect(before.get(unitId.SNV!)!.onTimeRate.missing).toBe('no_dossier_data');
    expect(before.get(unitId.SCT!)!.lateWithoutLetter).toMatchObject({ value: null, missing: 'no_dossier_data' });
    expect((await formulaVariables(server.db, 2023, [unitId.SNV!])).get(unitId.SNV!)!.onTimeRate.missing).toBe('no_resolved_dossiers');
  });

  it('the plan criterion scores itself from the unit’s plan tasks: 4 of 5 done → 80.00 % → 1 point, live', async () => {
    const header = 'unit_code,plan_code,task_code,title,area,owner,output,deadline,status,completed_on';
    // SCT: 4 done of 5 counted (T6 cancelled) → 80.00 % → 1. VP: only a cancelled task → still no value.
    const rows = [1, 2, 3, 4, 5].map((n) => `SCT,KH,T${n},Nhiệm vụ ${n},,,,2025-06-30,${n <= 4 ? 'done,2025-06-01' : 'in_progress,'}`);
    const file = [header, ...rows, 'SCT,KH,T6,Hủy,,,,2025-06-30,cancelled,', 'VP,KH,T1,Hủy,,,,2025-06-30,cancelled,'].join('\n');
    const imported = await admin.upload('/api/v1/plans/tasks/import?year=2025', file, 'tasks.csv');
    expect(imported.status).toBe(200);
    const sheet = await admin.get(unitPath('SCT', '/assessment'));
    expect(sheet.body.criteria.find((c: any) => c.code === '3').formula).toMatchObject({
      status: 'computed',
      computed: 1,
      inputs: [{ name: 'planTaskCompletionRate', value: 80, basis: { completed: 4, tasks: 5 } }],
    });
    const readings = await formulaVariables(server.db, 2025, [unitId.VP!]);
    expect(readings.get(unitId.VP!)!.planTaskCompletionRate).toMatchObject({ value: null, missing: 'no_plan_tasks', basis: { completed: 0, tasks: 0 } });
  });
  it('reads inspections, periodic reports and registers of the year (as of 31 December for a past year)', async () => {
    // SCT, inspected (conducted) in 2025 with 3 remediation items: R1 closed before its deadline; R2 open, due 30/06 →
    // overdue; R3 due 30/11, closed on 10/01/2026, after the as-of date 31/12/2025 → still overdue then. → 2 of 3.
    const [insp] = await server.db.insert(inspections).values({ year: 2025, unitId: unitId.SCT!, status: 'conducted', conductedOn: '2025-05-10' }).returning();
    await server.db.insert(remediationItems).values([
      { inspectionId: insp!.id, title: 'R1', deadline: '2025-09-30', closedOn: '2025-09-01', evidence: 'QĐ 1' },
      { inspectionId: insp!.id, title: 'R2', deadline: '2025-06-30' },
      { inspectionId: insp!.id, title: 'R3', deadline: '2025-11-30', closedOn: '2026-01-10', evidence: 'QĐ 3' },
    ]);
    // Reports due 15/04, 15/07, 15/10: SCT on time for Q1 (10/04), late for 6 months (20/07), none for 9 months → 1/3 =
    // 33.33 %; VP none → 0/3 = 0.00 %.
    await server.db.insert(reportDeadlines).values([
      { year: 2025, period: 'q1', dueOn: '2025-04-15' },
      { year: 2025, period: 'h1', dueOn: '2025-07-15' },
      { year: 2025, period: 'm9', dueOn: '2025-10-15' },
    ]);
    await server.db.insert(periodicReports).values([
      { unitId: unitId.SCT!, year: 2025, period: 'q1', submittedAt: new Date('2025-04-10T03:00:00Z') },
      { unitId: unitId.SCT!, year: 2025, period: 'h1', submittedAt: new Date('2025-07-20T03:00:00Z') },
    ]);
    // Two training courses of SCT (25 + 40 participants); VP entered none: 0, not "no value", since SCT did.
    await server.db.insert(registerEntries).values([
      { unitId: unitId.SCT!, year: 2025, register: 'training_courses', code: 'L1', title: 'Lớp 1', data: { participants: 25 } },
      { unitId: unitId.SCT!, year: 2025, register: 'training_courses', code: 'L2', title: 'Lớp 2', data: { participants: 40 } },
    ]);
    const readings = await formulaVariables(server.db, 2025, [unitId.SCT!, unitId.VP!]);
    const sct = readings.get(unitId.SCT!)!;
    const vp = readings.get(unitId.VP!)!;
    expect(sct.remediationOverdue).toMatchObject({ value: '2', basis: { overdue: 2, items: 3 }, missing: null });
    expect(vp.remediationOverdue).toMatchObject({ value: null, missing: 'no_inspection' });
    expect(sct.reportsOnTimeRate).toMatchObject({ value: '33.33', basis: { onTime: 1, due: 3 } });
    expect(vp.reportsOnTimeRate).toMatchObject({ value: '0.00', basis: { onTime: 0, due: 3 } });
    expect(sct.trainingCourses.value).toBe('2');
    expect(sct.trainingParticipants.value).toBe('65');
    expect(vp.trainingCourses).toMatchObject({ value: '0', missing: null });
    expect(sct.legalDocumentsIssued).toMatchObject({ value: null, missing: 'no_register_data' });
  });
});
