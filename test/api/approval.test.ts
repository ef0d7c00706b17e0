import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalPreview, RoundList } from '../../src/modules/rounds/schemas.js';
import { createUnit } from '../../src/modules/units/service.js';
import type { ApiClient } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';
import { openRound2025, ROUND_2025_DATES } from '../helpers/cycle-fixtures.js';

/*
 * Approval with its preconditions (issue 11, item 2): the council approves a block only when every unit has submitted
 * or its self-assessment deadline (extension included) has passed, and every appraisal is final or its window has
 * closed; otherwise 409 round_not_ready names what is missing. A unit that never submitted is ranked on what the
 * appraisers, the council and the organizer gave, never on its draft, and is marked notSubmitted.
 *
 * Block SO 2025 (ROUND_2025_DATES: self-assessment 1–30 Nov, appraisal to 15 Dec, explanation to 22 Dec, council to
 * 31 Dec), units SCT, SNV, STP; framework (25 points):
 *   1 (appraiser SNV) = 1.1 (4) + 1.2 (6); 2 (appraiser SCT) = 2.1 (10); 3 survey = 3.1 (5).
 * Hand-computed results:
 *   SCT submitted: 1.1 appraised 3.5, 1.2 6, 2.1 9, survey 5 → 23.5 / 25 = 94.00 %, Tốt, rank 1; self 4 + 6 + 9 = 19
 *   SNV submitted: 1.1 2, 1.2 5, 2.1 7 (after an explanation), survey 4 → 18 / 25 = 72.00 %, Trung bình, rank 2
 *   STP never submitted (its draft: 1.1 4, 1.2 6, 2.1 not applicable — none of it counts): council 3 on 1.1,
 *       survey 4 → 7 / 25 (2.1 back in the maximum) = 28.00 %, Yếu, rank 3, selfScore null, notSubmitted
 */
let server: TestServer;
let admin: ApiClient;
let council: ApiClient;
let officer: ApiClient;
let appraiserSnv: ApiClient;
let appraiserSct: ApiClient;
const leaders: Record<string, ApiClient> = {};
let roundId: number;

const at = (iso: string) => {
  server.now = iso;
};
const unitPath = (unit: string, path: string) => `/api/v1/rounds/${roundId}/units/${unit}${path}`;
const preview = (client: ApiClient = council) => client.getAs(ApprovalPreview, `/api/v1/rounds/${roundId}/approval`);
const approve = () => council.post(`/api/v1/rounds/${roundId}/approve`);
const canApprove = async (id = roundId) => (await council.getAs(RoundList, '/api/v1/rounds')).items.find((r) => r.id === id)!.can.approve;

async function selfScores(unit: string, scores: Record<string, number>) {
  for (const [code, score] of Object.entries(scores)) {
    const saved = await leaders[unit]!.put(unitPath(unit, `/scores/${code}/self`), { score });
    expect(saved.status, saved.text).toBe(200);
  }
}

async function appraise(client: ApiClient, unit: string, code: string, body: Record<string, unknown>) {
  const saved = await client.put(unitPath(unit, `/scores/${code}/appraisal`), body);
  expect(saved.status, saved.text).toBe(200);
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await createUnit(server.db, fixtureActor, { code: 'STP', name: 'Sở Tư pháp', blockCode: 'SO', year: TEST_YEAR });
  admin = await server.loginAs('admin');
  council = await server.loginAs('council');
  officer = await server.loginAs('unit_officer', 'SCT');
  appraiserSnv = await server.loginAs('appraiser', 'SNV');
  appraiserSct = await server.loginAs('appraiser', 'SCT');
  for (const unit of ['SCT', 'SNV', 'STP', 'X1', 'X2']) leaders[unit] = await server.loginAs('unit_leader', unit);
});
afterAll(() => server?.close());

describe('approval before the deadlines', () => {
  it('is allowed early when every unit has submitted and every appraisal is final', async () => {
    const framework = await admin.post('/api/v1/frameworks', {
      year: 2025,
      blockCode: 'XA',
      name: 'Bộ tiêu chí khối xã 2025',
      classes: [{ label: 'Tốt', min: 0 }],
      criteria: [
        { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 4, method: 'manual', appraiser: 'SNV' },
        { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual' },
      ],
    });
    expect(framework.status, framework.text).toBe(201);
    const round = await admin.post('/api/v1/rounds', { year: 2025, blockCode: 'XA', ...ROUND_2025_DATES });
    expect(round.status, round.text).toBe(201);
    const xa = round.body.id as number;
    at('2025-11-10T03:00:00Z');
    const xaPath = (unit: string, path: string) => `/api/v1/rounds/${xa}/units/${unit}${path}`;
    for (const unit of ['X1', 'X2']) {
      expect((await leaders[unit]!.put(xaPath(unit, '/scores/1.1/self'), { score: 3 })).status).toBe(200);
      expect((await leaders[unit]!.post(xaPath(unit, '/submit'))).status).toBe(200);
    }
    expect(await canApprove(xa)).toBe(false); // both appraisals still open
    for (const unit of ['X1', 'X2']) expect((await appraiserSnv.put(xaPath(unit, '/scores/1.1/appraisal'), { score: 3, final: true })).status).toBe(200);
    const ready = await council.getAs(ApprovalPreview, `/api/v1/rounds/${xa}/approval`);
    expect(ready).toMatchObject({ ready: true, units: 2, submitted: 2, notSubmitted: [], can: { approve: true } });
    expect(await canApprove(xa)).toBe(true);
    // Still 10 November: the windows are open, nothing is left to wait for.
    const approved = await council.post(`/api/v1/rounds/${xa}/approve`);
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.status).toBe('approved');
  });
});

describe('approval waits for the units and the appraisals', () => {
  it('is refused mid self-assessment, naming every unit that may still submit', async () => {
    roundId = await openRound2025(server, admin, {
      name: 'Bộ tiêu chí khối sở 2025',
      classes: [
        { label: 'Tốt', min: 90 },
        { label: 'Khá', min: 80 },
        { label: 'Trung bình', min: 70 },
        { label: 'Yếu', min: 0 },
      ],
      criteria: [
        { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 10, method: 'manual', appraiser: 'SNV' },
        { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual' },
        { code: '1.2', title: 'Báo cáo định kỳ', maxPoints: 6, method: 'manual' },
        { code: '2', title: 'Thủ tục hành chính', maxPoints: 10, method: 'manual', appraiser: 'SCT' },
        { code: '2.1', title: 'Công khai thủ tục', maxPoints: 10, method: 'manual' },
        { code: '3', title: 'Điều tra xã hội học', maxPoints: 5, method: 'survey' },
        { code: '3.1', title: 'Mức độ hài lòng', maxPoints: 5, method: 'survey' },
      ],
    });
    // 10 November (openRound2025): nobody has submitted.
    const refused = await approve();
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'conflict',
      reason: 'round_not_ready',
      params: { units: 3, criteria: 0, unitList: 'SCT, SNV, STP', criterionList: '—' },
    });
    expect(refused.body.error.details.pendingSubmissions).toEqual({
      count: 3,
      items: [
        { unitCode: 'SCT', unitName: 'Sở Công Thương', deadline: '2025-11-30', extended: false },
        { unitCode: 'SNV', unitName: 'Sở Nội vụ', deadline: '2025-11-30', extended: false },
        { unitCode: 'STP', unitName: 'Sở Tư pháp', deadline: '2025-11-30', extended: false },
      ],
    });
    expect(refused.body.error.details.pendingAppraisals).toEqual({ count: 0, items: [] });
    // The preview says the same to the council and the organizer; others may not ask.
    const seen = await preview();
    expect(seen).toMatchObject({
      roundId,
      status: 'open',
      today: '2025-11-10',
      ready: false,
      units: 3,
      submitted: 0,
      notSubmitted: [],
      can: { approve: false },
    });
    expect(seen.pendingSubmissions.items.map((u) => u.unitCode)).toEqual(['SCT', 'SNV', 'STP']);
    expect((await preview(admin)).can.approve).toBe(false);
    expect((await officer.get(`/api/v1/rounds/${roundId}/approval`)).status).toBe(403);
    expect(await canApprove()).toBe(false);
  });

  it('after two submissions: refused for the unit still within its window and the appraisals still open', async () => {
    await selfScores('SCT', { '1.1': 4, '1.2': 6, '2.1': 9 });
    await selfScores('SNV', { '1.1': 2, '1.2': 5, '2.1': 8 });
    for (const unit of ['SCT', 'SNV']) expect((await leaders[unit]!.post(unitPath(unit, '/submit'))).status).toBe(200);
    // STP's draft, never submitted: it must not count.
    await selfScores('STP', { '1.1': 4, '1.2': 6 });
    expect((await leaders.STP!.put(unitPath('STP', '/scores/2.1/self'), { notApplicable: true, notApplicableReason: 'Không có thủ tục' })).status).toBe(200);
    at('2025-11-20T03:00:00Z');
    const refused = await approve();
    expect(refused.status).toBe(409);
    expect(refused.body.error.params).toEqual({
      units: 1,
      criteria: 6,
      unitList: 'STP',
      criterionList: 'SCT 1.1, SCT 1.2, SCT 2.1, SNV 1.1, SNV 1.2, SNV 2.1',
    });
    expect(refused.body.error.details.pendingAppraisals.items[2]).toEqual({
      unitCode: 'SCT',
      unitName: 'Sở Công Thương',
      criterionCode: '2.1',
      title: 'Công khai thủ tục',
      appraiser: 'SCT',
      deadline: '2025-12-15',
      explanationAsked: false,
    });
  });

  it('an extension keeps a unit waited for after the common deadline; an explanation asked keeps its appraisal open', async () => {
    const extended = await admin.post(`/api/v1/rounds/${roundId}/extensions`, {
      unitCode: 'STP',
      stage: 'self_assessment',
      until: '2025-12-05',
      reason: 'Thay đổi lãnh đạo',
    });
    expect(extended.status).toBe(200);
    at('2025-12-02T03:00:00Z');
    await appraise(appraiserSnv, 'SCT', '1.1', { score: 3.5, reason: 'Kế hoạch ban hành chậm', final: true });
    await appraise(appraiserSnv, 'SCT', '1.2', { score: 6, final: true });
    await appraise(appraiserSct, 'SCT', '2.1', { score: 9, final: true });
    await appraise(appraiserSnv, 'SNV', '1.1', { score: 2, final: true });
    await appraise(appraiserSnv, 'SNV', '1.2', { score: 5, final: true });
    await appraise(appraiserSct, 'SNV', '2.1', { explanationRequest: 'Thiếu danh mục thủ tục công khai?' });
    const refused = await approve();
    expect(refused.status).toBe(409);
    expect(refused.body.error.params).toEqual({ units: 1, criteria: 1, unitList: 'STP', criterionList: 'SNV 2.1' });
    expect(refused.body.error.details.pendingSubmissions.items).toEqual([{ unitCode: 'STP', unitName: 'Sở Tư pháp', deadline: '2025-12-05', extended: true }]);
    // After an explanation request the appraiser finalises until the council's deadline.
    expect(refused.body.error.details.pendingAppraisals.items).toEqual([
      {
        unitCode: 'SNV',
        unitName: 'Sở Nội vụ',
        criterionCode: '2.1',
        title: 'Công khai thủ tục',
        appraiser: 'SCT',
        deadline: '2025-12-31',
        explanationAsked: true,
      },
    ]);
    // The message in both languages names them (the catalogue's text).
    expect(refused.body.error.message).toBe(
      'Not ready for approval: 1 units have not submitted while their self-assessment is open (STP); 1 appraisals are not final while their window is open (SNV 2.1)',
    );
  });

  it("once a unit's deadline passed without a submission, the appraisers score it: its appraisals wait while their window is open", async () => {
    at('2025-12-06T03:00:00Z'); // STP's extension ended on 5 December
    const seen = await preview();
    expect(seen).toMatchObject({ ready: false, submitted: 2, pendingSubmissions: { count: 0 } });
    expect(seen.notSubmitted.map((u) => u.unitCode)).toEqual(['STP']);
    // STP's own "not applicable" on 2.1 does not count: every appraisable criterion of it waits, until 15 December.
    expect(seen.pendingAppraisals.items.map((a) => [a.unitCode, a.criterionCode, a.appraiser, a.deadline])).toEqual([
      ['SNV', '2.1', 'SCT', '2025-12-31'],
      ['STP', '1.1', 'SNV', '2025-12-15'],
      ['STP', '1.2', 'SNV', '2025-12-15'],
      ['STP', '2.1', 'SCT', '2025-12-15'],
    ]);
    const sheet = await appraiserSnv.get(unitPath('STP', '/assessment'));
    expect(sheet.status, sheet.text).toBe(200);
    expect(sheet.body.missedSubmission).toBe(true);
    // Its totals are those of the ranking: the draft (4 + 6, 2.1 not applicable) counts for nothing, 2.1 is back in the maximum.
    expect(sheet.body.totals.overall).toMatchObject({ maxScore: 25, self: 0, current: 0 });
    expect(sheet.body.criteria.find((c: { code: string }) => c.code === '1.1').can.appraise).toBe(true);
  });

  it('after the appraisal window only the appraisal after an explanation still waits', async () => {
    at('2025-12-16T03:00:00Z');
    const seen = await preview();
    expect(seen).toMatchObject({ ready: false, submitted: 2, pendingSubmissions: { count: 0, items: [] }, pendingAppraisals: { count: 1 } });
    expect(seen.notSubmitted).toEqual([{ unitCode: 'STP', unitName: 'Sở Tư pháp', deadline: '2025-12-05', extended: true }]);
    expect((await approve()).body.error.params).toEqual({ units: 0, criteria: 1, unitList: '—', criterionList: 'SNV 2.1' });
    expect((await leaders.SNV!.put(unitPath('SNV', '/scores/2.1/explanation'), { answer: 'Đã công khai 38 / 40 thủ tục' })).status).toBe(200);
    await appraise(appraiserSct, 'SNV', '2.1', { score: 7, reason: 'Thiếu 2 thủ tục', final: true });
    // Nothing waits any more: the organizer's and the council's own points are not waited for (they enter them below).
    expect(await canApprove()).toBe(true);
  });

  it('is allowed once nothing waits; the never-submitted unit is ranked on the appraised values only, marked notSubmitted', async () => {
    at('2025-12-20T03:00:00Z');
    for (const [unit, score] of [
      ['SCT', 5],
      ['SNV', 4],
      ['STP', 4],
    ] as const) {
      expect((await admin.put(unitPath(unit, '/scores/3.1/organizer'), { score, reason: 'Kết quả điều tra 2025' })).status).toBe(200);
    }
    expect((await council.put(unitPath('STP', '/scores/1.1/council'), { score: 3, reason: 'Hội đồng xác minh kế hoạch đã ban hành' })).status).toBe(200);
    const ready = await preview();
    expect(ready).toMatchObject({ ready: true, units: 3, submitted: 2, can: { approve: true } });
    expect(ready.notSubmitted.map((u) => u.unitCode)).toEqual(['STP']);
    expect(await canApprove()).toBe(true);
    // The organizer sees the same, and may not approve.
    expect((await preview(admin)).can.approve).toBe(false);

    const approved = await approve();
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.status).toBe('approved');
    const again = await approve();
    expect(again.body.error.reason).toBe('round_already_approved');
    const audit = await admin.get('/api/v1/audit?entityType=round&action=approve');
    expect(audit.body.items[0]).toMatchObject({ entityId: '2025/SO', before: { status: 'open' }, after: { status: 'approved', units: 3, notSubmitted: 1 } });

    const results = (await council.get('/api/v1/results?year=2025&block=SO')).body.results;
    expect(results.units.map((u: any) => [u.unitCode, u.score, u.maxScore, u.index, u.rank, u.class, u.selfScore, u.notSubmitted])).toEqual([
      ['SCT', 23.5, 25, 94, 1, 'Tốt', 19, false],
      ['SNV', 18, 25, 72, 2, 'Trung bình', 15, false],
      ['STP', 7, 25, 28, 3, 'Yếu', null, true],
    ]);
    // STP's drill-down: its draft 4 and 6 count for nothing, its "not applicable" 2.1 stays in the maximum.
    const drill = await council.get('/api/v1/results/units/STP?year=2025&block=SO');
    expect(drill.body.criteria.map((c: any) => [c.code, c.score, c.maxScore, c.applicable])).toEqual([
      ['1', 3, 10, true],
      ['1.1', 3, 4, true],
      ['1.2', 0, 6, true],
      ['2', 0, 10, true],
      ['2.1', 0, 10, true],
      ['3', 4, 5, true],
      ['3.1', 4, 5, true],
    ]);
    // The files carry the mark: the CSV's not_submitted column, the XLSX's self-score cell.
    const [header, ...rows] = parse((await council.get('/api/v1/results/export?year=2025&block=SO&format=csv')).text) as string[][];
    const column = header!.indexOf('not_submitted');
    expect(header![column - 1]).toBe('penalty_points');
    expect(rows.map((r) => [r[0], r[8], r[column]])).toEqual([
      ['SCT', '19.00', 'no'],
      ['SNV', '15.00', 'no'],
      ['STP', '', 'yes'],
    ]);
    const xlsx = await fetch(`${server.baseUrl}/api/v1/results/export?year=2025&block=SO&format=xlsx`, { headers: { cookie: council.cookie! } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    // Row 3 is the header; STP ranks third, on row 6; column C is the self-score.
    expect([workbook.worksheets[0]!.getCell('B6').value, workbook.worksheets[0]!.getCell('C6').value]).toEqual(['Sở Tư pháp', 'Không nộp']);
    // Published, the mark stays on the public page.
    expect((await admin.post('/api/v1/results/publish', { year: 2025, block: 'SO' })).status).toBe(200);
    const published = await server.client().get('/api/v1/public/results?year=2025&block=SO');
    expect(published.body.results.units.map((u: any) => [u.unitCode, u.notSubmitted])).toEqual([
      ['SCT', false],
      ['SNV', false],
      ['STP', true],
    ]);
  });
});
