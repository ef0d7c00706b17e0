import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppraisalWorkList, CouncilWorkList, NoticeList } from '../../src/modules/assessments/schemas.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { openRound2025 } from '../helpers/cycle-fixtures.js';

/**
 * The appraiser's and the council's work lists (src/modules/assessments/worklists.ts), with statuses computed by hand
 * on a small framework: SNV appraises field 1 (1.1, 1.2), SCT appraises field 2 (2.1); block SO has units SCT and SNV.
 * SCT submits, SNV never does.
 */
let server: TestServer;
let admin: ApiClient;
let officer: ApiClient; // SCT
let leader: ApiClient; // SCT
let appraiserSnv: ApiClient;
let appraiserSct: ApiClient;
let appraiserH1: ApiClient; // a department that appraises nothing
let commune: ApiClient; // officer of commune X1
let council: ApiClient;
let viewer: ApiClient;
let roundId: number;

const sct = (path: string) => `/api/v1/rounds/${roundId}/units/SCT${path}`;
const rowsOf = (list: AppraisalWorkList) => list.items.map((i) => [i.unitCode, i.criterionCode, i.status]);
const appraisal = (client: ApiClient, query = '') => client.getAs(AppraisalWorkList, `/api/v1/work/appraisal${query}`);
const counts = (c: Partial<AppraisalWorkList['counts']>) => ({ waiting_submission: 0, to_appraise: 0, explanation_asked: 0, answered: 0, final: 0, ...c });

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  officer = await server.loginAs('unit_officer', 'SCT');
  leader = await server.loginAs('unit_leader', 'SCT');
  appraiserSnv = await server.loginAs('appraiser', 'SNV');
  appraiserSct = await server.loginAs('appraiser', 'SCT');
  appraiserH1 = await server.loginAs('appraiser', 'H1');
  commune = await server.loginAs('unit_officer', 'X1');
  council = await server.loginAs('council');
  viewer = await server.loginAs('viewer');
  roundId = await openRound2025(server, admin, {
    name: 'Bộ tiêu chí 2025',
    classes: [{ label: 'Tốt', min: 0 }],
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
});
afterAll(() => server?.close());

describe("the appraiser's work list", () => {
  it('before any submission: every unit × criterion of the department waits for the unit', async () => {
    const list = await appraisal(appraiserSnv);
    expect(list.department).toBe('SNV');
    expect(list.rounds).toEqual([{ id: roundId, year: 2025, blockCode: 'SO', blockName: 'Khối sở, ban, ngành' }]);
    expect(list.units).toEqual([
      { code: 'SCT', name: 'Sở Công Thương' },
      { code: 'SNV', name: 'Sở Nội vụ' },
    ]);
    expect(list.fields).toEqual([{ code: '1', title: 'Chỉ đạo điều hành' }]);
    expect(rowsOf(list)).toEqual([
      ['SCT', '1.1', 'waiting_submission'],
      ['SCT', '1.2', 'waiting_submission'],
      ['SNV', '1.1', 'waiting_submission'],
      ['SNV', '1.2', 'waiting_submission'],
    ]);
    expect(list.counts).toEqual(counts({ waiting_submission: 4 }));
    expect(list.total).toBe(4);
    // Before the submission the appraiser may not open the sheet: the row says so.
    expect(list.items.every((i) => !i.can.openSheet)).toBe(true);
    expect(list.items[0]).toMatchObject({ fieldCode: '1', title: 'Kế hoạch CCHC', maxPoints: 4, department: 'SNV', unitName: 'Sở Công Thương' });
    // SCT's appraiser sees field 2 only.
    expect(rowsOf(await appraisal(appraiserSct))).toEqual([
      ['SCT', '2.1', 'waiting_submission'],
      ['SNV', '2.1', 'waiting_submission'],
    ]);
  });

  it('rows move to "to appraise" when the unit submits, and the bell counts them with a link to the list', async () => {
    expect((await officer.put(sct('/scores/1.1/self'), { score: 3.5 })).status).toBe(200);
    expect((await officer.put(sct('/scores/1.2/self'), { score: 6 })).status).toBe(200);
    expect((await officer.put(sct('/scores/2.1/self'), { score: 9 })).status).toBe(200);
    // Scoring alone changes nothing for the appraiser, who does not see the draft either (the organizer does).
    const before = await appraisal(appraiserSnv);
    expect(before.counts).toEqual(counts({ waiting_submission: 4 }));
    expect(before.items.filter((i) => i.unitCode === 'SCT').map((i) => i.selfScore)).toEqual([null, null]);
    expect((await appraisal(admin, '?department=SNV&unit=SCT')).items.map((i) => i.selfScore)).toEqual([3.5, 6]);
    expect((await leader.post(sct('/submit'))).status).toBe(200);

    const list = await appraisal(appraiserSnv);
    expect(rowsOf(list)).toEqual([
      ['SCT', '1.1', 'to_appraise'],
      ['SCT', '1.2', 'to_appraise'],
      ['SNV', '1.1', 'waiting_submission'],
      ['SNV', '1.2', 'waiting_submission'],
    ]);
    expect(list.counts).toEqual(counts({ waiting_submission: 2, to_appraise: 2 }));
    expect(list.items.map((i) => i.can.openSheet)).toEqual([true, true, false, false]);
    expect(list.items[0]).toMatchObject({ selfScore: 3.5, appraisedScore: null });
    // The row's link works: the appraiser reads SCT's sheet.
    expect((await appraiserSnv.get(sct('/assessment'))).status).toBe(200);

    const bell = await appraiserSnv.getAs(NoticeList, '/api/v1/notifications');
    expect(bell.items.map((n) => [n.kind, n.count, n.workList, n.can.openSheet])).toEqual([['to_appraise', 2, 'appraisal', false]]);
  });

  it('explanation asked → answered → final, as the appraiser asks, the unit answers and the appraiser finalises', async () => {
    server.now = '2025-12-10T02:00:00Z'; // appraisal window
    expect((await appraiserSnv.put(sct('/scores/1.2/appraisal'), { explanationRequest: 'Thiếu báo cáo quý IV?' })).status).toBe(200);
    // An appraised score that is not final yet still waits for the appraiser.
    expect((await appraiserSnv.put(sct('/scores/1.1/appraisal'), { score: 3, reason: 'Ban hành chậm' })).status).toBe(200);
    let list = await appraisal(appraiserSnv);
    // SNV let its self-assessment close (30 November) without submitting: the appraiser now scores it on their own.
    expect(rowsOf(list)).toEqual([
      ['SCT', '1.1', 'to_appraise'],
      ['SNV', '1.1', 'to_appraise'],
      ['SNV', '1.2', 'to_appraise'],
      ['SCT', '1.2', 'explanation_asked'],
    ]);
    expect(list.items[0]!.appraisedScore).toBe(3);
    expect(list.items.map((i) => [i.missedSubmission, i.can.openSheet])).toEqual([
      [false, true],
      [true, true],
      [true, true],
      [false, true],
    ]);
    expect(list.items[3]!.explanationRequest).toBe('Thiếu báo cáo quý IV?');
    expect(list.counts).toEqual(counts({ to_appraise: 3, explanation_asked: 1 }));
    expect((await appraiserSnv.getAs(NoticeList, '/api/v1/notifications')).items.map((n) => [n.kind, n.count])).toEqual([
      ['to_appraise', 3],
      ['deadline', 5],
    ]);
    // The unit's bell leads to the criterion asked about.
    expect((await officer.getAs(NoticeList, '/api/v1/notifications')).items.map((n) => [n.kind, n.criterionCode, n.can.openSheet])).toEqual([
      ['explanation_asked', '1.2', true],
    ]);

    expect((await appraiserSnv.put(sct('/scores/1.1/appraisal'), { score: 3, reason: 'Ban hành chậm', final: true })).status).toBe(200);
    server.now = '2025-12-20T02:00:00Z'; // explanation window
    expect((await officer.put(sct('/scores/1.2/explanation'), { answer: 'Báo cáo gửi ngày 20/12' })).status).toBe(200);
    list = await appraisal(appraiserSnv);
    // The appraiser's turn first, the final rows last.
    expect(rowsOf(list)).toEqual([
      ['SNV', '1.1', 'to_appraise'],
      ['SNV', '1.2', 'to_appraise'],
      ['SCT', '1.2', 'answered'],
      ['SCT', '1.1', 'final'],
    ]);
    expect(list.counts).toEqual(counts({ to_appraise: 2, answered: 1, final: 1 }));

    expect((await appraiserSnv.put(sct('/scores/1.2/appraisal'), { score: 5.5, reason: 'Gửi chậm', final: true })).status).toBe(200);
    list = await appraisal(appraiserSnv);
    expect(list.counts).toEqual(counts({ to_appraise: 2, final: 2 }));
    // SCT's own appraiser has touched neither unit's 2.1.
    expect((await appraisal(appraiserSct)).counts).toEqual(counts({ to_appraise: 2 }));
  });

  it('filters by round, unit, field and status; counts follow every filter but the status; pages', async () => {
    let list = await appraisal(appraiserSnv, '?status=final');
    expect(rowsOf(list)).toEqual([
      ['SCT', '1.1', 'final'],
      ['SCT', '1.2', 'final'],
    ]);
    expect(list.total).toBe(2);
    expect(list.counts).toEqual(counts({ to_appraise: 2, final: 2 }));

    list = await appraisal(appraiserSnv, '?unit=snv');
    expect(rowsOf(list)).toEqual([
      ['SNV', '1.1', 'to_appraise'],
      ['SNV', '1.2', 'to_appraise'],
    ]);
    expect(list.counts).toEqual(counts({ to_appraise: 2 }));

    list = await appraisal(appraiserSnv, `?round=${roundId}&field=1&status=waiting_submission&unit=SCT`);
    expect(list.items).toEqual([]);
    expect(list.counts).toEqual(counts({ final: 2 }));

    list = await appraisal(appraiserSnv, '?field=2');
    expect(list.total).toBe(0);
    expect(list.counts).toEqual(counts({}));

    list = await appraisal(appraiserSnv, `?round=${roundId + 1}`);
    expect(list.total).toBe(0);
    expect(list.rounds.map((r) => r.id)).toEqual([roundId]); // the choices stay

    list = await appraisal(appraiserSnv, '?limit=1&offset=2');
    expect(list.total).toBe(4);
    expect(rowsOf(list)).toEqual([['SCT', '1.1', 'final']]);

    const bad = await appraiserSnv.get('/api/v1/work/appraisal?status=done');
    expect(bad.status).toBe(400);
  });

  it("an appraiser sees only their department's rows; other roles are refused; the organizer sees every department", async () => {
    // Naming another department changes nothing for an appraiser.
    const forced = await appraisal(appraiserSct, '?department=SNV');
    expect(forced.department).toBe('SCT');
    expect(forced.departments).toEqual([]);
    expect(forced.can.chooseDepartment).toBe(false);
    expect(forced.items.every((i) => i.department === 'SCT' && i.criterionCode === '2.1')).toBe(true);
    // A department that appraises nothing has nothing to do.
    const none = await appraisal(appraiserH1);
    expect(none).toMatchObject({ department: 'H1', rounds: [], units: [], fields: [], items: [], total: 0 });
    for (const client of [commune, officer, leader, council, viewer]) {
      const refused = await client.get('/api/v1/work/appraisal');
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    const all = await appraisal(admin);
    expect(all.department).toBeNull();
    expect(all.departments).toEqual(['SCT', 'SNV']);
    expect(all.can.chooseDepartment).toBe(true);
    expect(all.total).toBe(6);
    expect(all.counts).toEqual(counts({ to_appraise: 4, final: 2 }));
    expect(all.items.every((i) => i.can.openSheet)).toBe(true); // the organizer reads every sheet, even a draft
    const sctOnly = await appraisal(admin, '?department=sct');
    expect(rowsOf(sctOnly)).toEqual([
      ['SCT', '2.1', 'to_appraise'],
      ['SNV', '2.1', 'to_appraise'],
    ]);
  });
});

describe("the council's work list", () => {
  it("per block: every unit's progress and the disagreements; any sheet opens, also one without a disagreement", async () => {
    const list = await council.getAs(CouncilWorkList, '/api/v1/work/council');
    expect(list.rounds.map((r) => r.id)).toEqual([roundId]);
    expect(list.blocks).toHaveLength(1);
    const block = list.blocks[0]!;
    expect(block).toMatchObject({ id: roundId, year: 2025, blockCode: 'SO', status: 'open' });
    // SCT: 3 appraisable criteria (1.1, 1.2 by SNV; 2.1 by SCT); 1.1 and 1.2 appraised and final; 1.2 asked and answered;
    // both differ from the self-score (3.5 → 3, 6 → 5.5). SNV never submitted (its deadline passed): nothing yet.
    expect(
      block.units.map((u) => [
        u.unitCode,
        u.submittedAt !== null,
        u.appraised,
        u.final,
        u.appraisable,
        u.explanationsAsked,
        u.explanationsAnswered,
        u.disagreements,
      ]),
    ).toEqual([
      ['SCT', true, 2, 2, 3, 1, 1, 2],
      ['SNV', false, 0, 0, 3, 0, 0, 0],
    ]);
    expect(block.units.every((u) => u.can.openSheet)).toBe(true);
    expect(block.units.map((u) => u.missedSubmission)).toEqual([false, true]);
    expect(block.disagreements.map((d) => [d.unitCode, d.criterionCode, d.title, d.selfScore, d.appraisedScore, d.appraisalReason])).toEqual([
      ['SCT', '1.1', 'Kế hoạch CCHC', 3.5, 3, 'Ban hành chậm'],
      ['SCT', '1.2', 'Báo cáo định kỳ', 6, 5.5, 'Gửi chậm'],
    ]);
    expect(block.totals).toEqual({ units: 2, submitted: 1, disagreements: 2, explanationsAsked: 1, explanationsAnswered: 1 });
    // The council opens SNV's sheet, which has no disagreement and was never submitted.
    const sheet = await council.get(`/api/v1/rounds/${roundId}/units/SNV/assessment`);
    expect(sheet.status).toBe(200);
    expect(sheet.body.unitCode).toBe('SNV');
    // The bell points at the council's list.
    expect((await council.getAs(NoticeList, '/api/v1/notifications')).items.map((n) => [n.kind, n.workList])).toEqual([
      ['disagreements', 'council'],
      ['to_approve', 'council'],
    ]);
    // The organizer reads it too; the others are refused.
    expect((await admin.getAs(CouncilWorkList, '/api/v1/work/council')).blocks[0]!.totals).toEqual(block.totals);
    for (const client of [appraiserSnv, commune, leader, viewer]) expect((await client.get('/api/v1/work/council')).status).toBe(403);
  });

  it('one round by its id, even once approved; the open list then leaves it out', async () => {
    server.now = '2025-12-28T02:00:00Z';
    expect((await council.get(`/api/v1/work/council?round=${roundId}`)).body.blocks.map((b: { id: number }) => b.id)).toEqual([roundId]);
    // Every unit submitted or its deadline passed, the appraisal window closed: the council may approve.
    const approved = await council.post(`/api/v1/rounds/${roundId}/approve`);
    expect(approved.status, approved.text).toBe(200);
    expect((await council.getAs(CouncilWorkList, '/api/v1/work/council')).blocks).toEqual([]);
    const one = await council.getAs(CouncilWorkList, `/api/v1/work/council?round=${roundId}`);
    expect(one.blocks[0]!.status).toBe('approved');
    expect((await appraisal(appraiserSnv)).total).toBe(0);
    expect((await council.get('/api/v1/work/council?round=999999')).status).toBe(404);
  });
});
