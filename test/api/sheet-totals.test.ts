import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../helpers/client.js';
import { openRound2025 } from '../helpers/cycle-fixtures.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The sheet as officials use it, over HTTP: running totals per field and overall (self and current stage), computed
 * exactly by domain.md "Computing the index" (not applicable leaves out of score and maximum, bonus and penalty
 * outside the maximum, penalty subtracted); a not-applicable criterion needs no reason for missing evidence; evidence
 * may come with an explanation answer, only where an explanation was asked, before the answer and within its window.
 *
 * Framework (block SO, 2025): field 1 (SNV appraises) 1.1 max 4 evidence required, 1.2 max 6; field 2 (SNV) 2.1 max 3
 * evidence required, 2.2 max 7; field 3 survey 3.1 max 5; field 4 bonus 4.1 max 2; field 5 penalty 5.1 max 3.
 */
let server: TestServer;
let admin: ApiClient;
let officer: ApiClient; // SCT
let leader: ApiClient; // SCT
let snvOfficer: ApiClient;
let appraiser: ApiClient; // SNV
let council: ApiClient;
let roundId: number;

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
const sct = (path: string) => `/api/v1/rounds/${roundId}/units/SCT${path}`;
const at = (iso: string) => {
  server.now = iso;
};

interface Total {
  maxScore: number;
  self: number;
  current: number;
  bonus: number;
  penalty: number;
}
interface FieldTotal extends Total {
  code: string;
  method: string;
  scored: number;
  total: number;
}
async function totals(client: ApiClient = officer) {
  const res = await client.get(sct('/assessment'));
  expect(res.status, res.text).toBe(200);
  return res.body.totals as { fields: FieldTotal[]; overall: Total; appraised: boolean };
}
/** field code → [max, self, current, bonus, penalty, scored, total] */
const byField = (fields: FieldTotal[]) =>
  Object.fromEntries(fields.map((f) => [f.code, [f.maxScore, f.self, f.current, f.bonus, f.penalty, f.scored, f.total]]));

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  officer = await server.loginAs('unit_officer', 'SCT');
  leader = await server.loginAs('unit_leader', 'SCT');
  snvOfficer = await server.loginAs('unit_officer', 'SNV');
  appraiser = await server.loginAs('appraiser', 'SNV');
  council = await server.loginAs('council');
  roundId = await openRound2025(server, admin, {
    name: 'Bộ tiêu chí tổng điểm 2025',
    classes: [
      { label: 'Tốt', min: 90 },
      { label: 'Yếu', min: 0 },
    ],
    criteria: [
      { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 10, method: 'manual', appraiser: 'SNV' },
      { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual', evidenceRequired: true },
      { code: '1.2', title: 'Báo cáo định kỳ', maxPoints: 6, method: 'manual' },
      { code: '2', title: 'Dịch vụ công', maxPoints: 10, method: 'manual', appraiser: 'SNV' },
      { code: '2.1', title: 'Đơn vị sự nghiệp công lập', maxPoints: 3, method: 'manual', evidenceRequired: true },
      { code: '2.2', title: 'Công khai thủ tục', maxPoints: 7, method: 'manual' },
      { code: '3', title: 'Điều tra xã hội học', maxPoints: 5, method: 'survey' },
      { code: '3.1', title: 'Mức độ hài lòng', maxPoints: 5, method: 'survey' },
      { code: '4', title: 'Điểm thưởng', maxPoints: 2, method: 'bonus' },
      { code: '4.1', title: 'Sáng kiến', maxPoints: 2, method: 'bonus' },
      { code: '5', title: 'Điểm trừ', maxPoints: 3, method: 'penalty' },
      { code: '5.1', title: 'Vi phạm kỷ luật', maxPoints: 3, method: 'penalty' },
    ],
  });
});
afterAll(() => server?.close());

describe('the sheet as officials use it', () => {
  it('starts at zero out of the applicable maximum (bonus and penalty outside it)', async () => {
    const t = await totals();
    // 4 + 6 + 3 + 7 + 5 = 25; bonus and penalty fields count nothing in the maximum.
    expect(t.overall).toEqual({ maxScore: 25, self: 0, current: 0, bonus: 0, penalty: 0 });
    expect(byField(t.fields)).toEqual({
      1: [10, 0, 0, 0, 0, 0, 2],
      2: [10, 0, 0, 0, 0, 0, 2],
      3: [5, 0, 0, 0, 0, 0, 0],
      4: [0, 0, 0, 0, 0, 0, 0],
      5: [0, 0, 0, 0, 0, 0, 0],
    });
    expect(t.fields.map((f) => f.method)).toEqual(['manual', 'manual', 'survey', 'bonus', 'penalty']);
    expect(t.appraised).toBe(false);
  });

  it('a not-applicable criterion leaves score and maximum, and asks no reason for missing evidence', async () => {
    // Decimals that a sum of floats gets wrong: 1.1 + 2.2 = 3.3000000000000003 in JavaScript.
    expect((await officer.put(sct('/scores/1.1/self'), { score: '1,1', missingEvidenceReason: 'Kế hoạch đang trình ký' })).status).toBe(200);
    expect((await officer.put(sct('/scores/1.2/self'), { score: '2,2' })).status).toBe(200);
    expect((await officer.put(sct('/scores/2.2/self'), { score: '6,75' })).status).toBe(200);
    // 2.1 first got a reason for missing evidence, then was marked not applicable: the reason goes with it.
    expect((await officer.put(sct('/scores/2.1/self'), { score: 1, missingEvidenceReason: 'Chưa có' })).body.missingEvidenceReason).toBe('Chưa có');
    const na = await officer.put(sct('/scores/2.1/self'), { notApplicable: true, notApplicableReason: 'Sở không có đơn vị sự nghiệp' });
    expect(na.status, na.text).toBe(200);
    expect(na.body).toMatchObject({ notApplicable: true, missingEvidenceReason: null });

    const t = await totals();
    // Field 1: 1.10 + 2.20 = 3.30 / 10. Field 2: 2.1 out of both: 6.75 / 7. Overall: 3.30 + 6.75 = 10.05 / (25 − 3) = 22.
    expect(byField(t.fields)).toMatchObject({ 1: [10, 3.3, 3.3, 0, 0, 2, 2], 2: [7, 6.75, 6.75, 0, 0, 2, 2] });
    expect(t.overall).toEqual({ maxScore: 22, self: 10.05, current: 10.05, bonus: 0, penalty: 0 });

    expect((await officer.upload(sct('/scores/2.2/evidence'), PDF, 'cong-khai.pdf')).status).toBe(201);
    // Submission: 2.1 requires evidence, has none and no reason, and is accepted because it does not apply.
    const submitted = await leader.post(sct('/submit'));
    expect(submitted.status, submitted.text).toBe(200);
  });

  it('after submission evidence is refused unless an explanation was asked', async () => {
    at('2025-12-05T02:00:00Z');
    const locked = await officer.upload(sct('/scores/1.1/evidence'), PDF, 'ke-hoach.pdf');
    expect(locked.status).toBe(409);
    expect(locked.body.error.message).toBe('The self-assessment was submitted and is locked');
    const sheet = (await officer.get(sct('/assessment'))).body;
    expect(sheet.criteria.find((c: { code: string }) => c.code === '1.1').can).toMatchObject({ uploadEvidence: false, explain: false });
  });

  it('the appraisal and the organizer’s points move the current totals; a penalty subtracts', async () => {
    expect((await appraiser.put(sct('/scores/1.2/appraisal'), { score: '1,5', reason: 'Thiếu báo cáo quý IV' })).status).toBe(200);
    expect((await appraiser.put(sct('/scores/1.1/appraisal'), { explanationRequest: 'Kế hoạch đã ký chưa?' })).status).toBe(200);
    expect((await appraiser.put(sct('/scores/2.2/appraisal'), { explanationRequest: 'Công khai ở đâu?' })).status).toBe(200);
    expect((await admin.put(sct('/scores/3.1/organizer'), { score: '4,25', reason: 'Điều tra XHH 2025' })).status).toBe(200);
    expect((await admin.put(sct('/scores/4.1/organizer'), { score: '1,5', reason: 'Sáng kiến cấp tỉnh' })).status).toBe(200);
    expect((await admin.put(sct('/scores/5.1/organizer'), { score: 2, reason: 'Chậm báo cáo' })).status).toBe(200);

    const t = await totals(appraiser);
    // Field 1: 1.1 keeps its self 1.10 (only asked), 1.2 appraised 1.50: 2.60 / 10; self stays 3.30.
    // Field 3: 4.25 / 5 (no self stage: 0). Field 4: +1.50. Field 5: −2.00.
    expect(byField(t.fields)).toEqual({
      1: [10, 3.3, 2.6, 0, 0, 2, 2],
      2: [7, 6.75, 6.75, 0, 0, 2, 2],
      3: [5, 0, 4.25, 0, 0, 0, 0],
      4: [0, 0, 1.5, 1.5, 0, 0, 0],
      5: [0, 0, -2, 0, 2, 0, 0],
    });
    // Current: 2.60 + 6.75 + 4.25 + 1.50 − 2.00 = 13.10 / 22; self: 10.05.
    expect(t.overall).toEqual({ maxScore: 22, self: 10.05, current: 13.1, bonus: 1.5, penalty: 2 });
    expect(t.appraised).toBe(true);
    // The unit sees the same totals on its sheet.
    expect((await totals(officer)).overall).toEqual(t.overall);
  });

  it('the explanation answer may bring evidence: only where asked, before the answer, in the window', async () => {
    at('2025-12-18T02:00:00Z');
    const sheet = (await officer.get(sct('/assessment'))).body;
    const can = (code: string) => sheet.criteria.find((c: { code: string }) => c.code === code).can;
    expect(can('1.1')).toMatchObject({ explain: true, uploadEvidence: true, removeEvidence: false, selfAssess: false });
    expect(can('1.2')).toMatchObject({ explain: false, uploadEvidence: false });

    // Not asked on 1.2: refused.
    const notAsked = await officer.upload(sct('/scores/1.2/evidence'), PDF, 'bao-cao.pdf');
    expect(notAsked.status).toBe(409);
    // Another unit's staff: refused.
    expect((await snvOfficer.upload(sct('/scores/1.1/evidence'), PDF, 'x.pdf')).status).toBe(403);
    // Asked on 1.1: the unit attaches a wrong file and removes it, attaches the signed plan, then answers.
    const wrong = await officer.upload(sct('/scores/1.1/evidence'), PDF, 'nham-tep.pdf');
    expect(wrong.status, wrong.text).toBe(201);
    expect((await officer.delete(sct(`/evidence/${wrong.body.id}`))).status).toBe(204);
    const added = await officer.upload(sct('/scores/1.1/evidence'), PDF, 'ke-hoach-da-ky.pdf');
    expect(added.status, added.text).toBe(201);
    expect((await officer.put(sct('/scores/1.1/explanation'), { answer: 'Đã ký ngày 02/12, đính kèm.' })).status).toBe(200);
    // 2.2's explanation is open, but its file of the self-assessment stays.
    const before = (await officer.get(sct('/assessment'))).body.criteria.find((c: { code: string }) => c.code === '2.2').evidence[0];
    expect((await officer.delete(sct(`/evidence/${before.id}`))).status).toBe(409);
    // Answered: no more evidence, and what came with the answer stays.
    const after = await officer.upload(sct('/scores/1.1/evidence'), PDF, 'them.pdf');
    expect(after.status).toBe(409);
    const keep = await officer.delete(sct(`/evidence/${added.body.id}`));
    expect(keep.status).toBe(409);
    expect(keep.body.error.message).toBe('The self-assessment was submitted and is locked');
    const read = (await appraiser.get(sct('/assessment'))).body;
    const c11 = read.criteria.find((c: { code: string }) => c.code === '1.1');
    expect(c11.evidence.map((e: { fileName: string }) => e.fileName)).toEqual(['ke-hoach-da-ky.pdf']);
    expect(c11.evidence[0].uploadedAt > read.submittedAt).toBe(true);

    // 2.2 was asked too but the explanation window closed on 2025-12-22.
    at('2025-12-23T02:00:00Z');
    const late = await officer.upload(sct('/scores/2.2/evidence'), PDF, 'cong-khai.pdf');
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'deadline_passed', message: 'The explanation deadline was 2025-12-22' });
  });

  it('a council score is the current stage of its criterion', async () => {
    at('2025-12-28T02:00:00Z');
    expect((await council.put(sct('/scores/1.1/council'), { score: 3, reason: 'Chấp nhận giải trình' })).status).toBe(200);
    const t = await totals(council);
    // Field 1: 3.00 (council) + 1.50 = 4.50; overall 4.50 + 6.75 + 4.25 + 1.50 − 2.00 = 15.00.
    expect(byField(t.fields)[1]).toEqual([10, 3.3, 4.5, 0, 0, 2, 2]);
    expect(t.overall).toEqual({ maxScore: 22, self: 10.05, current: 15, bonus: 1.5, penalty: 2 });
  });
});
