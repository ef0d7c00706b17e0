import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonMessage } from '../../src/catalogue.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The cycle's refusals leave the server as reasons with parameters (rounds, assessments, results), and each one
 * reads in Vietnamese from the catalogue.
 */
let server: TestServer;
let admin: ApiClient;
let officer: ApiClient;
let leader: ApiClient;
let council: ApiClient;
let roundId: number;

const DATES = {
  selfAssessmentFrom: '2025-11-01',
  selfAssessmentTo: '2025-12-15',
  appraisalTo: '2025-12-20',
  explanationTo: '2025-12-25',
  councilTo: '2025-12-31',
};
const sct = (path: string) => `/api/v1/rounds/${roundId}/units/SCT${path}`;
const vi = (error: { reason?: string; code?: string; params?: Record<string, string | number | boolean | null> }) =>
  reasonMessage((error.reason ?? error.code)!, error.params, 'vi');

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  officer = await server.loginAs('unit_officer', 'SCT');
  leader = await server.loginAs('unit_leader', 'SCT');
  council = await server.loginAs('council');
  const framework = await admin.post('/api/v1/frameworks', {
    year: 2025,
    blockCode: 'SO',
    name: 'Bộ tiêu chí 2025',
    classes: [{ label: 'Tốt', min: 0 }],
    criteria: [
      { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 3, method: 'manual', appraiser: 'SNV' },
      { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 1, method: 'manual', evidenceRequired: true },
      { code: '1.2', title: 'Báo cáo', maxPoints: 2, method: 'manual' },
    ],
  });
  expect(framework.status, framework.text).toBe(201);
});
afterAll(() => server?.close());

describe('the cycle speaks in reasons', () => {
  it('opening a round: a date before the previous one names both dates', async () => {
    const bad = await admin.post('/api/v1/rounds', { year: 2025, blockCode: 'SO', ...DATES, appraisalTo: '2025-12-10' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'validation_failed',
      reason: 'date_before_self_assessment_to',
      params: { field: 'appraisalTo', other: 'selfAssessmentTo', date: '2025-12-15' },
      message: 'appraisalTo: must not be before selfAssessmentTo (2025-12-15)',
    });
    expect(vi(bad.body.error.details.issues[0])).toBe('không được trước ngày kết thúc tự đánh giá (15/12/2025)');
    const opened = await admin.post('/api/v1/rounds', { year: 2025, blockCode: 'SO', ...DATES });
    expect(opened.status, opened.text).toBe(201);
    roundId = opened.body.id;
    const again = await admin.post('/api/v1/rounds', { year: 2025, blockCode: 'SO', ...DATES });
    expect(again.body.error).toMatchObject({ code: 'conflict', reason: 'round_exists', params: { year: 2025, block: 'SO' } });
    expect(vi(again.body.error)).toBe('Khối SO đã có đợt đánh giá năm 2025');
  });

  it('a self score over the maximum, and a value that is not points', async () => {
    server.now = '2025-11-10T03:00:00Z';
    const high = await officer.put(sct('/scores/1.1/self'), { score: 1.25 });
    expect(high.status).toBe(400);
    expect(high.body.error).toMatchObject({ reason: 'score_out_of_range', params: { min: 0, max: '1.00' }, message: 'score: must be between 0 and 1.00' });
    expect(high.body.error.details.issues[0]).toMatchObject({ path: 'score', code: 'score_out_of_range', params: { min: 0, max: '1.00' } });
    expect(vi(high.body.error)).toBe('phải từ 0 đến 1,00');
    const words = await officer.put(sct('/scores/1.1/self'), { score: 'một' });
    expect(words.body.error).toMatchObject({ reason: 'not_points', params: { value: '"một"' } });
    expect(vi(words.body.error)).toBe('"một" không phải là số điểm hợp lệ (tối đa hai chữ số thập phân)');
  });

  it('the submission check: one reason per criterion, with its code', async () => {
    const early = await leader.post(sct('/submit'));
    expect(early.status).toBe(400);
    expect(early.body.error).toMatchObject({ reason: 'criteria_not_ready', params: { count: 2 }, message: '2 criteria are not ready to submit' });
    expect(early.body.error.details.issues).toEqual([
      { path: '1.1', code: 'criterion_not_scored', params: { criterion: '1.1' }, message: 'not scored' },
      { path: '1.2', code: 'criterion_not_scored', params: { criterion: '1.2' }, message: 'not scored' },
    ]);
    expect(vi(early.body.error)).toBe('2 tiêu chí chưa sẵn sàng để nộp');
    expect(vi(early.body.error.details.issues[0])).toBe('chưa chấm điểm');
  });

  it('a late write names the stage and its deadline', async () => {
    server.now = '2025-12-16T03:00:00Z';
    const late = await officer.put(sct('/scores/1.2/self'), { score: 1 });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({
      code: 'deadline_passed',
      reason: 'self_assessment_deadline_passed',
      params: { stage: 'self_assessment', until: '2025-12-15' },
      message: 'The self-assessment deadline was 2025-12-15',
      details: { stage: 'self_assessment', deadline: '2025-12-15' },
    });
    expect(vi(late.body.error)).toBe('Đã hết hạn tự đánh giá (hạn cuối: 15/12/2025)');
  });

  it('a council score without its reason, and a council write after the window', async () => {
    server.now = '2025-12-28T03:00:00Z';
    const empty = await council.put(sct('/scores/1.2/council'), { score: 1, reason: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.issues[0]).toMatchObject({ path: 'reason', code: 'required' });
    expect(vi(empty.body.error.details.issues[0])).toBe('bắt buộc nhập');
    server.now = '2026-01-02T03:00:00Z';
    const late = await council.put(sct('/scores/1.2/council'), { score: 1, reason: 'Điều chỉnh' });
    expect(late.body.error).toMatchObject({ reason: 'council_deadline_passed', params: { stage: 'council', until: '2025-12-31' } });
    expect(vi(late.body.error)).toBe('Đã hết hạn chấm điểm của Hội đồng thẩm định (hạn cuối: 31/12/2025)');
  });

  it('publication and corrections', async () => {
    const early = await admin.post('/api/v1/results/publish', { year: 2025, block: 'SO' });
    expect(early.body.error).toMatchObject({ code: 'conflict', reason: 'publish_not_approved' });
    expect(vi(early.body.error)).toBe('Chỉ công bố được kết quả đã được Hội đồng thẩm định phê duyệt; đợt đánh giá này chưa được phê duyệt');
    const open = await admin.put(sct('/scores/1.2/correction'), { score: 1, reason: 'Sai số liệu' });
    expect(open.body.error).toMatchObject({ code: 'conflict', reason: 'correction_round_open' });
    const missing = await admin.get('/api/v1/results?year=2025&block=XX');
    expect(missing.status).toBe(404);
  });

  it('a scores import row error is a reason with its parameters', async () => {
    const file = 'unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable\nSNV,1.1,1,,,\nSNV,1.1,1,,,';
    const response = await admin.upload('/api/v1/scores/import?year=2025&block=SO', file, 'scores.csv');
    // The 2025 round runs in the app: the file may not replace its scores.
    expect(response.body.error).toMatchObject({ code: 'conflict', reason: 'scores_import_round_in_app', params: { year: 2025, block: 'SO' } });
    expect(vi(response.body.error)).toBe('Đợt đánh giá năm 2025 của khối SO được thực hiện trên hệ thống; không thể thay điểm bằng tệp');
  });
});
