import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoticeList, Sheet } from '../../src/modules/assessments/schemas.js';
import { RoundDetail, RoundList } from '../../src/modules/rounds/schemas.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { openRound2025 } from '../helpers/cycle-fixtures.js';

/**
 * What the rounds and the sheet tell each caller they may do (`can`, from rounds/policies.ts and
 * assessments/policies.ts), role by role and stage by stage, and that the server refuses what `can` says no to.
 */
let server: TestServer;
let admin: ApiClient;
let officer: ApiClient; // SCT
let leader: ApiClient; // SCT
let snvOfficer: ApiClient;
let appraiserSnv: ApiClient; // appraises field 1
let appraiserSct: ApiClient; // appraises field 2
let council: ApiClient;
let viewer: ApiClient;
let roundId: number;

const sct = (path: string) => `/api/v1/rounds/${roundId}/units/SCT${path}`;
const NONE = { selfAssess: false, uploadEvidence: false, removeEvidence: false, explain: false, appraise: false, council: false, organizerScore: false };
const sheetOf = (client: ApiClient, unit = 'SCT') => client.getAs(Sheet, `/api/v1/rounds/${roundId}/units/${unit}/assessment`);
const canOf = (sheet: Sheet, code: string) => sheet.criteria.find((c) => c.code === code)!.can;
const roundCan = async (client: ApiClient) => {
  const list = await client.getAs(RoundList, '/api/v1/rounds');
  return { list: list.can, round: list.items.find((r) => r.id === roundId)!.can };
};

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  officer = await server.loginAs('unit_officer', 'SCT');
  leader = await server.loginAs('unit_leader', 'SCT');
  snvOfficer = await server.loginAs('unit_officer', 'SNV');
  appraiserSnv = await server.loginAs('appraiser', 'SNV');
  appraiserSct = await server.loginAs('appraiser', 'SCT');
  council = await server.loginAs('council');
  viewer = await server.loginAs('viewer');
  roundId = await openRound2025(server, admin, {
    name: 'Bộ tiêu chí 2025',
    classes: [{ label: 'Tốt', min: 0 }],
    criteria: [
      { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 3, method: 'manual', appraiser: 'SNV' },
      { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 1, method: 'manual', evidenceRequired: true },
      { code: '1.2', title: 'Báo cáo', maxPoints: 2, method: 'manual' },
      { code: '2', title: 'Thủ tục hành chính', maxPoints: 2, method: 'manual', appraiser: 'SCT' },
      { code: '2.1', title: 'Công khai thủ tục', maxPoints: 2, method: 'manual' },
      { code: '3', title: 'Điều tra xã hội học', maxPoints: 5, method: 'survey' },
      { code: '3.1', title: 'Mức độ hài lòng', maxPoints: 5, method: 'survey' },
      { code: '4', title: 'Điểm thưởng', maxPoints: 2, method: 'bonus' },
    ],
  });
});
afterAll(() => server?.close());

describe('can on the rounds', () => {
  it('says who opens rounds, follows the units, extends, sees the disagreements, approves and opens their sheet', async () => {
    expect(await roundCan(admin)).toEqual({
      list: { open: true },
      round: { openSheet: false, viewUnits: true, extend: true, viewDisagreements: true, viewApproval: true, approveWhenReady: false, approve: false },
    });
    // The council sees what the approval waits for; it may not approve during the self-assessment (approval.test.ts).
    expect(await roundCan(council)).toEqual({
      list: { open: false },
      round: { openSheet: false, viewUnits: false, extend: false, viewDisagreements: true, viewApproval: true, approveWhenReady: true, approve: false },
    });
    expect(await roundCan(officer)).toEqual({
      list: { open: false },
      round: { openSheet: true, viewUnits: false, extend: false, viewDisagreements: false, viewApproval: false, approveWhenReady: false, approve: false },
    });
    expect(await roundCan(leader)).toEqual({
      list: { open: false },
      round: { openSheet: true, viewUnits: false, extend: false, viewDisagreements: false, viewApproval: false, approveWhenReady: false, approve: false },
    });
    const nothing = {
      list: { open: false },
      round: { openSheet: false, viewUnits: false, extend: false, viewDisagreements: false, viewApproval: false, approveWhenReady: false, approve: false },
    };
    expect(await roundCan(appraiserSnv)).toEqual(nothing);
    expect(await roundCan(viewer)).toEqual(nothing);
  });

  it('the detail carries the same can, and the extensions for the organizer and the council only', async () => {
    expect(
      (await admin.post(`/api/v1/rounds/${roundId}/extensions`, { unitCode: 'SNV', stage: 'self_assessment', until: '2025-12-05', reason: 'Mất điện' })).status,
    ).toBe(200);
    const forAdmin = await admin.getAs(RoundDetail, `/api/v1/rounds/${roundId}`);
    expect(forAdmin.can).toEqual({
      openSheet: false,
      viewUnits: true,
      extend: true,
      viewDisagreements: true,
      viewApproval: true,
      approveWhenReady: false,
      approve: false,
    });
    expect(forAdmin.extensions).toEqual([{ unitCode: 'SNV', stage: 'self_assessment', until: '2025-12-05', reason: 'Mất điện' }]);
    expect((await council.getAs(RoundDetail, `/api/v1/rounds/${roundId}`)).extensions).toHaveLength(1);
    const forOfficer = await officer.getAs(RoundDetail, `/api/v1/rounds/${roundId}`);
    expect(forOfficer.can.openSheet).toBe(true);
    expect(forOfficer.extensions).toEqual([]);
    // What can says no to, the server refuses.
    expect((await officer.post(`/api/v1/rounds/${roundId}/approve`)).status).toBe(403);
    expect(
      (await council.post(`/api/v1/rounds/${roundId}/extensions`, { unitCode: 'SNV', stage: 'self_assessment', until: '2025-12-06', reason: 'x' })).status,
    ).toBe(403);
  });
});

describe('can on the sheet', () => {
  it('before submission: the unit staff self-assess, the leader submits; others of another unit, viewers and appraisers are refused', async () => {
    const own = await sheetOf(officer);
    expect(own.can).toEqual({ selfAssess: true, uploadEvidence: true, appraise: false, council: false, organizerScore: false, submit: false });
    expect(canOf(own, '1.1')).toEqual({ ...NONE, selfAssess: true, uploadEvidence: true, removeEvidence: true });
    expect(canOf(own, '1')).toEqual(NONE); // a parent criterion is not scored
    expect(canOf(own, '3.1')).toEqual(NONE); // survey points are not self-scored
    expect((await sheetOf(leader)).can).toEqual({
      selfAssess: true,
      uploadEvidence: true,
      appraise: false,
      council: false,
      organizerScore: false,
      submit: true,
    });
    expect((await snvOfficer.get(sct('/assessment'))).status).toBe(403);
    expect((await viewer.get(sct('/assessment'))).status).toBe(403);
    expect((await appraiserSnv.get(sct('/assessment'))).status).toBe(403);
    // SNV's staff may on their own unit.
    expect((await snvOfficer.getAs(Sheet, `/api/v1/rounds/${roundId}/units/SNV/assessment`)).can.selfAssess).toBe(true);
  });

  it('the council may score every leaf; the organizer enters survey and bonus points only', async () => {
    const forCouncil = await sheetOf(council);
    expect(forCouncil.can).toEqual({ selfAssess: false, uploadEvidence: false, appraise: false, council: true, organizerScore: false, submit: false });
    expect(canOf(forCouncil, '1.1')).toEqual({ ...NONE, council: true });
    expect(canOf(forCouncil, '1')).toEqual(NONE);
    const forAdmin = await sheetOf(admin);
    expect(forAdmin.can).toEqual({ selfAssess: false, uploadEvidence: false, appraise: false, council: false, organizerScore: true, submit: false });
    expect([canOf(forAdmin, '1.1').organizerScore, canOf(forAdmin, '3.1').organizerScore, canOf(forAdmin, '4').organizerScore]).toEqual([false, true, true]);
  });

  it('after submission: nothing left to self-assess; each appraiser on the criteria of their department', async () => {
    expect((await officer.put(sct('/scores/1.1/self'), { score: 1, missingEvidenceReason: 'Chưa ban hành' })).status).toBe(200);
    expect((await officer.put(sct('/scores/1.2/self'), { score: 2 })).status).toBe(200);
    expect((await officer.put(sct('/scores/2.1/self'), { score: 2 })).status).toBe(200);
    expect((await leader.post(sct('/submit'))).status).toBe(200);
    const forLeader = await sheetOf(leader);
    expect(forLeader.can).toEqual({ selfAssess: false, uploadEvidence: false, appraise: false, council: false, organizerScore: false, submit: false });
    expect(canOf(forLeader, '1.1')).toEqual(NONE);

    server.now = '2025-12-05T03:00:00Z';
    const forSnv = await sheetOf(appraiserSnv);
    expect(forSnv.can.appraise).toBe(true);
    expect(['1.1', '1.2', '2.1'].map((code) => canOf(forSnv, code).appraise)).toEqual([true, true, false]);
    const forSct = await sheetOf(appraiserSct);
    expect(['1.1', '1.2', '2.1'].map((code) => canOf(forSct, code).appraise)).toEqual([false, false, true]);
    expect((await appraiserSct.put(sct('/scores/1.1/appraisal'), { score: 1 })).status).toBe(403);
  });

  it('a final appraisal closes the criterion; an explanation asked opens it to the unit', async () => {
    expect((await appraiserSnv.put(sct('/scores/1.1/appraisal'), { score: 1, final: true })).status).toBe(200);
    expect((await appraiserSnv.put(sct('/scores/1.2/appraisal'), { explanationRequest: 'Thiếu báo cáo quý IV?' })).status).toBe(200);
    const forSnv = await sheetOf(appraiserSnv);
    expect([canOf(forSnv, '1.1').appraise, canOf(forSnv, '1.2').appraise]).toEqual([false, true]);
    const forOfficer = await sheetOf(officer);
    // The answer may bring evidence (issue 11): uploads open with the explanation and close with the answer.
    expect(canOf(forOfficer, '1.2')).toEqual({ ...NONE, explain: true, uploadEvidence: true });
    expect(canOf(forOfficer, '1.1').explain).toBe(false);
    expect((await officer.put(sct('/scores/1.2/explanation'), { answer: 'Đã gửi ngày 20/11' })).status).toBe(200);
    expect(canOf(await sheetOf(officer), '1.2')).toEqual(NONE);
  });

  it('after approval nobody may change a score: can is all false and the round no longer offers approval', async () => {
    // Approval waits for what may still change: SCT's last appraisals are finalised and SNV's extension (5 December) ends.
    expect((await appraiserSnv.put(sct('/scores/1.2/appraisal'), { score: 2, final: true })).status).toBe(200);
    expect((await appraiserSct.put(sct('/scores/2.1/appraisal'), { score: 2, final: true })).status).toBe(200);
    server.now = '2025-12-06T03:00:00Z';
    // SNV let its extension end without submitting: its appraisals are now awaited, until the appraisers score it.
    expect((await roundCan(council)).round.approve).toBe(false);
    const snv = (code: string) => `/api/v1/rounds/${roundId}/units/SNV/scores/${code}/appraisal`;
    expect(canOf(await sheetOf(appraiserSnv, 'SNV'), '1.1').appraise).toBe(true);
    for (const [client, code] of [
      [appraiserSnv, '1.1'],
      [appraiserSnv, '1.2'],
      [appraiserSct, '2.1'],
    ] as const)
      expect((await client.put(snv(code), { score: 0, final: true })).status).toBe(200);
    expect((await roundCan(council)).round.approve).toBe(true);
    expect((await council.post(`/api/v1/rounds/${roundId}/approve`)).status).toBe(200);
    for (const client of [council, admin, appraiserSnv, officer]) {
      const sheet = await sheetOf(client);
      expect(sheet.can).toEqual({ selfAssess: false, uploadEvidence: false, appraise: false, council: false, organizerScore: false, submit: false });
      expect(sheet.criteria.every((c) => Object.values(c.can).every((v) => v === false))).toBe(true);
    }
    expect((await roundCan(council)).round).toEqual({
      openSheet: false,
      viewUnits: false,
      extend: false,
      viewDisagreements: true,
      viewApproval: false,
      approveWhenReady: false,
      approve: false,
    });
    expect((await roundCan(officer)).round.openSheet).toBe(false);
  });
});

describe('can on the notifications', () => {
  it("links a notice to the sheet only when it is about the caller's own unit", async () => {
    const fresh = await startTestServer();
    try {
      await seedOrganisation(fresh);
      const organizer = await fresh.loginAs('admin');
      const staff = await fresh.loginAs('unit_officer', 'SCT');
      const framework = await organizer.post('/api/v1/frameworks', {
        year: 2025,
        blockCode: 'SO',
        name: 'Bộ tiêu chí 2025',
        classes: [{ label: 'Tốt', min: 0 }],
        criteria: [{ code: '1', title: 'Chỉ đạo điều hành', maxPoints: 3, method: 'manual', appraiser: 'SNV' }],
      });
      expect(framework.status, framework.text).toBe(201);
      expect(
        (
          await organizer.post('/api/v1/rounds', {
            year: 2025,
            blockCode: 'SO',
            selfAssessmentFrom: '2025-11-01',
            selfAssessmentTo: '2025-11-30',
            appraisalTo: '2025-12-15',
            explanationTo: '2025-12-22',
            councilTo: '2025-12-31',
          })
        ).status,
      ).toBe(201);
      fresh.now = '2025-11-25T03:00:00Z'; // 5 days before the self-assessment closes
      const mine = await staff.getAs(NoticeList, '/api/v1/notifications');
      expect(mine.items.map((n) => [n.kind, n.unitCode, n.can.openSheet])).toEqual([
        ['to_score', 'SCT', true],
        ['deadline', 'SCT', true],
      ]);
      const organizers = await organizer.getAs(NoticeList, '/api/v1/notifications');
      expect(organizers.items.map((n) => [n.kind, n.unitCode, n.can.openSheet])).toEqual([
        ['to_submit', null, false],
        ['deadline', null, false],
      ]);
    } finally {
      await fresh.close();
    }
  });
});
