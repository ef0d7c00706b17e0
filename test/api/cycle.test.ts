import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { ROUND_2025_DATES } from '../helpers/cycle-fixtures.js';

/**
 * One year's cycle over HTTP: round → self-assessment with evidence → submission → appraisal and explanation →
 * council → approval → publication, with the deadlines enforced by the server's clock (server.now).
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

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const sct = (path: string) => `/api/v1/rounds/${roundId}/units/SCT${path}`;
const at = (iso: string) => {
  server.now = iso;
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
  const framework = await admin.post('/api/v1/frameworks', {
    year: 2025,
    blockCode: 'SO',
    name: 'Bộ tiêu chí thử nghiệm 2025',
    classes: [
      { label: 'Tốt', min: 90 },
      { label: 'Khá', min: 80 },
      { label: 'Trung bình', min: 70 },
      { label: 'Yếu', min: 0 },
    ],
    criteria: [
      { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 10, method: 'manual', appraiser: 'SNV' },
      { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual', evidenceRequired: true },
      { code: '1.2', title: 'Báo cáo định kỳ', maxPoints: 6, method: 'manual' },
      { code: '2', title: 'Thủ tục hành chính', maxPoints: 10, method: 'manual', appraiser: 'SCT' },
      { code: '2.1', title: 'Công khai thủ tục', maxPoints: 10, method: 'manual' },
      { code: '3', title: 'Điều tra xã hội học', maxPoints: 5, method: 'survey' },
      { code: '3.1', title: 'Mức độ hài lòng', maxPoints: 5, method: 'survey' },
      { code: '4', title: 'Điểm thưởng', maxPoints: 2, method: 'bonus' },
    ],
  });
  expect(framework.status, framework.text).toBe(201);
});
afterAll(() => server?.close());

describe('a year of the PAR Index cycle', () => {
  it('the organizer opens the round; the framework is then in use', async () => {
    const bad = await admin.post('/api/v1/rounds', {
      year: 2025,
      blockCode: 'SO',
      selfAssessmentFrom: '2025-11-01',
      selfAssessmentTo: '2025-10-30',
      appraisalTo: '2025-12-15',
      explanationTo: '2025-12-22',
      councilTo: '2025-12-31',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0]).toEqual({
      path: 'selfAssessmentTo',
      code: 'date_before_self_assessment_from',
      params: { field: 'selfAssessmentTo', other: 'selfAssessmentFrom', date: '2025-11-01' },
      message: 'must not be before selfAssessmentFrom (2025-11-01)',
    });
    const opened = await admin.post('/api/v1/rounds', { year: 2025, blockCode: 'SO', ...ROUND_2025_DATES });
    expect(opened.status, opened.text).toBe(201);
    expect(opened.body).toMatchObject({ year: 2025, blockCode: 'SO', status: 'open', unitCount: 2 });
    roundId = opened.body.id;
    const frameworks = await admin.get('/api/v1/frameworks?year=2025&block=SO');
    expect(frameworks.body.items[0].inUse).toBe(true);
    expect(
      (
        await admin.post('/api/v1/rounds', {
          year: 2025,
          blockCode: 'SO',
          selfAssessmentFrom: '2025-11-01',
          selfAssessmentTo: '2025-11-30',
          appraisalTo: '2025-12-15',
          explanationTo: '2025-12-22',
          councilTo: '2025-12-31',
        })
      ).status,
    ).toBe(409);
  });

  it('refuses self-scores before the window opens, by the local (UTC+7) date', async () => {
    at('2025-10-31T16:59:00Z'); // 23:59 on 31 October in Vietnam
    const early = await officer.put(sct('/scores/1.1/self'), { score: 3.5 });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'deadline_passed', message: 'The self-assessment window opens on 2025-11-01' });
    at('2025-10-31T17:00:00Z'); // 00:00 on 1 November
    const waiting = await officer.get('/api/v1/notifications');
    expect(waiting.body.items).toEqual([
      {
        kind: 'to_score',
        roundId,
        year: 2025,
        blockCode: 'SO',
        unitCode: 'SCT',
        count: 3,
        deadline: '2025-11-30',
        can: { openSheet: true },
        criterionCode: '1.1',
        workList: null,
      },
    ]);
    expect((await officer.put(sct('/scores/1.1/self'), { score: 3.5, note: 'Ban hành ngày 15/01' })).status).toBe(200);
  });

  it('the unit scores its own criteria only, within [0, max], with reasons where needed', async () => {
    at('2025-11-10T03:00:00Z');
    expect((await officer.put(sct('/scores/1.2/self'), { score: '6' })).body.selfScore).toBe(6);
    expect((await officer.put(sct('/scores/2.1/self'), { score: '9,5' })).body.selfScore).toBe(9.5);
    const tooHigh = await officer.put(sct('/scores/1.2/self'), { score: 6.25 });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.error.details.issues).toEqual([
      { path: 'score', code: 'score_out_of_range', params: { min: 0, max: '6.00' }, message: 'must be between 0 and 6.00' },
    ]);
    const noReason = await officer.put(sct('/scores/2.1/self'), { notApplicable: true });
    expect(noReason.body.error.details.issues[0].path).toBe('notApplicableReason');
    const parent = await officer.put(sct('/scores/1/self'), { score: 1 });
    expect(parent.status).toBe(400);
    // Another unit's staff can neither write nor read this unit's draft; a viewer cannot read it.
    expect((await snvOfficer.put(sct('/scores/1.1/self'), { score: 1 })).status).toBe(403);
    expect((await snvOfficer.get(sct('/assessment'))).status).toBe(403);
    expect((await viewer.get(sct('/assessment'))).status).toBe(403);
    // Nor can an appraiser before the unit submits.
    expect((await appraiserSnv.get(sct('/assessment'))).status).toBe(403);
    const sheet = await officer.get(sct('/assessment'));
    expect(sheet.status).toBe(200);
    expect(sheet.body.progress).toEqual({ scored: 3, toScore: 0, total: 3 });
    expect((await leader.get('/api/v1/notifications')).body.items.map((n: any) => [n.kind, n.count])).toEqual([['to_submit', 1]]);
    expect(sheet.body.criteria.find((c: any) => c.code === '1.1')).toMatchObject({
      evidenceRequired: true,
      evidenceCount: 0,
      appraiser: 'SNV',
      score: { selfScore: 3.5, selfNote: 'Ban hành ngày 15/01' },
    });
  });

  it('submission needs evidence or a reason where evidence is required, then locks the self-assessment', async () => {
    expect((await officer.post(sct('/submit'))).status).toBe(403); // the leader submits
    const missing = await leader.post(sct('/submit'));
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues).toEqual([
      {
        path: '1.1',
        code: 'criterion_evidence_missing',
        params: { criterion: '1.1' },
        message: 'evidence is required: attach it or explain why it is missing',
      },
    ]);
    const exe = await officer.upload(sct('/scores/1.1/evidence'), Buffer.from('MZ\x90\x00 not really a pdf'), 'ke-hoach.pdf');
    expect(exe.status).toBe(415);
    const uploaded = await officer.upload(sct('/scores/1.1/evidence'), PDF, 'Kế hoạch CCHC 2025.pdf');
    expect(uploaded.status, uploaded.text).toBe(201);
    expect(uploaded.body.fileName).toBe('Kế hoạch CCHC 2025.pdf');
    const submitted = await leader.post(sct('/submit'));
    expect(submitted.status, submitted.text).toBe(200);
    const locked = await officer.put(sct('/scores/1.2/self'), { score: 5 });
    expect(locked.status).toBe(409);
    expect(locked.body.error.message).toBe('The self-assessment was submitted and is locked');
    // The appraiser now reads the sheet and downloads the evidence as it was uploaded.
    const sheet = await appraiserSnv.get(sct('/assessment'));
    const evidenceId = sheet.body.criteria.find((c: any) => c.code === '1.1').evidence[0].id;
    const download = await fetch(`${server.baseUrl}${sct(`/evidence/${evidenceId}`)}`, { headers: { cookie: appraiserSnv.cookie! } });
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
    expect((await snvOfficer.get(sct(`/evidence/${evidenceId}`))).status).toBe(403);
  });

  it('after the deadline a unit is refused, until the organizer extends it with a reason', async () => {
    at('2025-12-01T02:00:00Z');
    const late = await snvOfficer.put(`/api/v1/rounds/${roundId}/units/SNV/scores/1.1/self`, { score: 2 });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'deadline_passed', message: 'The self-assessment deadline was 2025-11-30' });
    const extended = await admin.post(`/api/v1/rounds/${roundId}/extensions`, {
      unitCode: 'SNV',
      stage: 'self_assessment',
      until: '2025-12-05',
      reason: 'Mất điện hệ thống',
    });
    expect(extended.status).toBe(200);
    expect((await snvOfficer.put(`/api/v1/rounds/${roundId}/units/SNV/scores/1.1/self`, { score: 2 })).status).toBe(200);
    const audit = await admin.get('/api/v1/audit?entityType=round&action=extend');
    expect(audit.body.items[0].after).toEqual({ unit: 'SNV', stage: 'self_assessment', until: '2025-12-05', reason: 'Mất điện hệ thống' });
  });

  it('each appraising department adjusts only its own fields, with a reason when it differs', async () => {
    at('2025-12-10T02:00:00Z');
    // SNV's queue: the submitted unit SCT × the criteria SNV appraises, self-score and evidence beside them; and SNV,
    // which let its extension end on 5 December without submitting: the appraisers score it on their own.
    const queue = await appraiserSnv.get(`/api/v1/rounds/${roundId}/appraisals`);
    expect(queue.body.items.map((i: any) => [i.unitCode, i.criterionCode, i.status, i.selfScore, i.evidenceCount])).toEqual([
      ['SCT', '1.1', 'to_appraise', 3.5, 1],
      ['SCT', '1.2', 'to_appraise', 6, 0],
      ['SNV', '1.1', 'to_appraise', 2, 0],
      ['SNV', '1.2', 'to_appraise', null, 0],
    ]);
    expect(queue.body.items[0].selfNote).toBe('Ban hành ngày 15/01');
    // SNV appraises 1.1 and 1.2 of SCT and of SNV; the appraisal closes in 5 days.
    expect((await appraiserSnv.get('/api/v1/notifications')).body.items.map((n: any) => [n.kind, n.count, n.deadline])).toEqual([
      ['to_appraise', 4, '2025-12-15'],
      ['deadline', 5, '2025-12-15'],
    ]);
    const noReason = await appraiserSnv.put(sct('/scores/1.1/appraisal'), { score: 3 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.issues[0].path).toBe('reason');
    expect((await appraiserSnv.put(sct('/scores/1.1/appraisal'), { score: 3, reason: 'Ban hành chậm 5 ngày' })).body.appraisedScore).toBe(3);
    const notMine = await appraiserSnv.put(sct('/scores/2.1/appraisal'), { score: 9.5 });
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.message).toBe('Criterion 2.1 is appraised by SCT');
    expect((await appraiserSct.put(sct('/scores/2.1/appraisal'), { score: 9.5, final: true })).body).toMatchObject({
      appraisedScore: 9.5,
      appraisalFinal: true,
    });
    expect((await appraiserSct.put(sct('/scores/2.1/appraisal'), { score: 9 })).status).toBe(409);
    const asked = await appraiserSnv.put(sct('/scores/1.2/appraisal'), { explanationRequest: 'Thiếu báo cáo quý IV?' });
    expect(asked.body.explanationRequest).toBe('Thiếu báo cáo quý IV?');
    expect((await officer.get('/api/v1/notifications')).body.items.map((n: any) => [n.kind, n.count, n.deadline])).toEqual([
      ['explanation_asked', 1, '2025-12-22'],
    ]);
    expect((await appraiserSnv.get(`/api/v1/rounds/${roundId}/appraisals`)).body.items.map((i: any) => [i.unitCode, i.criterionCode, i.status])).toEqual([
      ['SNV', '1.1', 'to_appraise'],
      ['SNV', '1.2', 'to_appraise'],
      ['SCT', '1.1', 'appraised'],
      ['SCT', '1.2', 'waiting_explanation'],
    ]);
    // SNV missed its submission: its draft self-score does not count, so a different score needs no reason.
    const missed = await appraiserSnv.put(`/api/v1/rounds/${roundId}/units/SNV/scores/1.1/appraisal`, { score: 1, final: true });
    expect(missed.status, missed.text).toBe(200);
    expect(missed.body).toMatchObject({ selfScore: 2, appraisedScore: 1, appraisalFinal: true });
  });

  it('the unit answers an explanation once; the appraiser then finalises after the appraisal deadline', async () => {
    at('2025-12-20T02:00:00Z');
    expect((await appraiserSnv.put(sct('/scores/1.1/appraisal'), { score: 2.5, reason: 'late' })).body.error.code).toBe('deadline_passed');
    const answer = await officer.put(sct('/scores/1.2/explanation'), { answer: 'Báo cáo quý IV gửi ngày 20/12, kèm công văn.' });
    expect(answer.status).toBe(200);
    expect((await officer.put(sct('/scores/1.2/explanation'), { answer: 'again' })).status).toBe(409);
    expect((await officer.put(sct('/scores/2.1/explanation'), { answer: 'unasked' })).status).toBe(409);
    const final = await appraiserSnv.put(sct('/scores/1.2/appraisal'), { score: 5.5, reason: 'Gửi báo cáo quý IV chậm', final: true });
    expect(final.body).toMatchObject({ appraisedScore: 5.5, appraisalFinal: true, explanationAnswer: 'Báo cáo quý IV gửi ngày 20/12, kèm công văn.' });
  });

  it('the council sees the disagreements, overrides one, approves; the organizer publishes', async () => {
    at('2025-12-28T02:00:00Z');
    const list = await council.get(`/api/v1/rounds/${roundId}/disagreements`);
    expect((await council.get('/api/v1/notifications')).body.items.map((n: any) => [n.kind, n.count])).toEqual([
      ['disagreements', 2],
      ['to_approve', 1],
      ['deadline', 3],
    ]);
    expect(list.body.items.map((d: any) => [d.unitCode, d.criterionCode, d.selfScore, d.appraisedScore])).toEqual([
      ['SCT', '1.1', 3.5, 3],
      ['SCT', '1.2', 6, 5.5],
    ]);
    expect((await council.put(sct('/scores/1.1/council'), { score: 3.25, reason: 'Hội đồng thống nhất' })).body.councilScore).toBe(3.25);
    // The organizer enters the survey and bonus points; SNV's survey was not held.
    expect((await admin.put(sct('/scores/3.1/organizer'), { score: 4, reason: 'Kết quả điều tra 2025' })).body.appraisedScore).toBe(4);
    expect((await admin.put(sct('/scores/4/organizer'), { score: 1, reason: 'Sáng kiến cấp tỉnh' })).status).toBe(200);
    expect(
      (await admin.put(`/api/v1/rounds/${roundId}/units/SNV/scores/3.1/organizer`, { notApplicable: true, reason: 'Không tổ chức điều tra' })).status,
    ).toBe(200);
    const manual = await admin.put(sct('/scores/1.1/organizer'), { score: 1, reason: 'x' });
    expect(manual.status).toBe(400);
    expect((await council.put(sct('/scores/3.1/organizer'), { score: 1, reason: 'x' })).status).toBe(403);
    expect((await council.get(`/api/v1/rounds/${roundId}/disagreements`)).body.items).toHaveLength(2);
    expect((await admin.post('/api/v1/results/publish', { year: 2025, block: 'SO' })).status).toBe(409); // not approved yet
    const approved = await council.post(`/api/v1/rounds/${roundId}/approve`);
    expect(approved.body.status).toBe('approved');
    const late = await council.put(sct('/scores/1.1/council'), { score: 4, reason: 'after approval' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('deadline_passed');
    expect((await admin.post('/api/v1/results/publish', { year: 2025, block: 'SO' })).status).toBe(200);
    // SCT: council 3.25 + appraised 5.5 + appraised 9.5 + survey 4 = 22.25 of 25, + bonus 1 = 23.25 → 93.00 %, Tốt;
    //      its self-scores alone: 3.5 + 6 + 9.5 = 19 of 25.
    // SNV never submitted (its extension ended on 5 December): its draft self-score 2 on 1.1 does not count, the
    //      appraiser gave 1 on 1.1 and nothing on 1.2; the survey not held leaves the maximum: 1 / 20 → 5.00 %, Yếu,
    //      marked as not submitted. Its 1.1 (draft 2, appraised 1) is no disagreement: it has no self-score that counts.
    const results = await viewer.get('/api/v1/results?year=2025&block=SO');
    expect(results.body.results.units.map((u: any) => [u.unitCode, u.score, u.maxScore, u.index, u.rank, u.class, u.selfScore, u.notSubmitted])).toEqual([
      ['SCT', 23.25, 25, 93, 1, 'Tốt', 19, false],
      ['SNV', 1, 20, 5, 2, 'Yếu', null, true],
    ]);
    expect(results.body.results.fields.map((f: any) => [f.code, f.method, f.maxPoints])).toEqual([
      ['1', 'manual', 10],
      ['2', 'manual', 10],
      ['3', 'survey', 5],
      ['4', 'bonus', 2],
    ]);
    // The drill-down: where SCT lost points (1.1: 4 − 3.25; 1.2: 6 − 5.5; 2.1: 10 − 9.5; 3.1: 5 − 4).
    const drill = await viewer.get('/api/v1/results/units/SCT?year=2025&block=SO');
    expect(drill.body.revision).toBe(1);
    expect(drill.body.criteria.map((c: any) => [c.code, c.score, c.maxScore, c.lost, c.index])).toEqual([
      ['1', 8.75, 10, 1.25, 87.5],
      ['1.1', 3.25, 4, 0.75, 81.25],
      ['1.2', 5.5, 6, 0.5, 91.67],
      ['2', 9.5, 10, 0.5, 95],
      ['2.1', 9.5, 10, 0.5, 95],
      ['3', 4, 5, 1, 80],
      ['3.1', 4, 5, 1, 80],
      ['4', 1, 0, 0, null],
    ]);
    expect((await viewer.get('/api/v1/results/units/NOPE?year=2025&block=SO')).status).toBe(404);
    expect((await server.client().get('/api/v1/public/rounds')).body.items).toEqual([{ year: 2025, blockCode: 'SO', blockName: 'Khối sở, ban, ngành' }]);
  });

  it('a correction after publication changes nothing visible until the correction is published', async () => {
    at('2026-01-15T02:00:00Z');
    expect((await council.put(sct('/scores/2.1/correction'), { score: 9, reason: 'x' })).status).toBe(403);
    const corrected = await admin.put(sct('/scores/2.1/correction'), { score: 9, reason: 'Phát hiện sai sót khi rà soát' });
    expect(corrected.body).toMatchObject({ appraisedScore: 9.5, councilScore: 9, councilReason: 'Phát hiện sai sót khi rà soát' });
    expect((await viewer.get('/api/v1/results?year=2025&block=SO')).body).toMatchObject({
      revision: 1,
      results: { units: [{ unitCode: 'SCT', index: 93 }, { unitCode: 'SNV' }] },
    });
    const republished = await admin.post('/api/v1/results/publish', { year: 2025, block: 'SO', reason: 'Đính chính điểm tiêu chí 2.1' });
    expect(republished.body.revision).toBe(2);
    // 23.25 − 0.5 = 22.75 of 25 → 91.00 %.
    expect((await viewer.get('/api/v1/results?year=2025&block=SO')).body).toMatchObject({
      revision: 2,
      results: { units: [{ unitCode: 'SCT', score: 22.75, index: 91 }, { unitCode: 'SNV' }] },
    });
    expect((await viewer.get('/api/v1/results/publications?year=2025&block=SO')).body.items.map((i: any) => i.revision)).toEqual([2, 1]);
    const drill = await viewer.get('/api/v1/results/units/SCT?year=2025&block=SO');
    expect(drill.body.revision).toBe(2);
    expect(drill.body.criteria.find((c: any) => c.code === '2.1')).toMatchObject({ score: 9, lost: 1, index: 90 });
  });

  it('every stage of a score is in the audit log with who, before and after', async () => {
    const history = await admin.get('/api/v1/audit?entityType=score&entityId=2025/SO/SCT/1.1');
    expect(history.body.items.map((i: any) => i.action)).toEqual(['council', 'appraise', 'self_assess']);
    const [councilRow, appraiseRow] = history.body.items;
    expect(councilRow.before).toMatchObject({ selfScore: 3.5, appraisedScore: 3, councilScore: null });
    expect(councilRow.after).toMatchObject({ councilScore: 3.25, councilReason: 'Hội đồng thống nhất' });
    expect(appraiseRow.after).toMatchObject({ appraisedScore: 3, appraisalReason: 'Ban hành chậm 5 ngày' });
    expect(councilRow.actorUsername).toMatch(/^council/);
  });
});
