import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectionMembers, inspections, periodicReports, plans, planTasks, remediationItems, reportDeadlines, units } from '../../src/db/schema.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

/*
 * Reminders (issue 13 item 6, docs/reminders.md). The server's clock: 2026-03-09T17:30Z = 00:30 on 10/03/2026 in
 * Vietnam, so today is 2026-03-10 (not the UTC 9th) and "soon" reaches 2026-03-17 (today + 7).
 *
 * Plans 2026: SCT (KH-SCT) T1 todo 03-05 (overdue, −5), T2 in_progress 03-17 (+7), T3 todo 03-18 (+8: not yet), T4 done,
 *   T5 cancelled, T6 without deadline. X1 (KH-X1) XT1 todo 03-08 (−2). The province's own (KH-TINH) PT1 todo 03-12 (+2).
 * Report deadlines: 2024 year due 2025-01-15 (beyond the 365-day look-back: never shown), 2025 year due 2026-01-15
 *   (−54: 16 days of January + 28 of February + 10 of March), 2026 q1 due 2026-03-15 (+5).
 *   SCT submitted 2025 year and has a draft (not submitted) q1 2026; X1 has nothing. X2 is dissolved.
 * Inspections: I1 of SCT (team: the SNV appraiser, and the SCT officer), R1 open 03-01 (−9), R2 open 03-16 (+6),
 *   R3 closed, R4 without deadline; I2 of X1 (team: a council member), R5 open 02-28 (−10).
 *
 * Expected:
 * - SCT officer: R1 −9, T1 −5 | report q1 2026 +5, R2 +6, T2 +7 (R1 once although also on the team).
 * - X1 officer: report 2025 year −54, R5 −10, XT1 −2 | report q1 2026 +5; never SCT's.
 * - the appraiser on I1's team: R1 −9 only (R2 is not overdue; I2 is not theirs).
 * - admin: report 2025 year, 3 units not submitted (SNV, H1, X1: 5 units − dissolved X2 − SCT submitted) −54;
 *   remediation overdue 2 (R1, R5), earliest 02-28 −10; units' plan tasks overdue 2 (T1, XT1), earliest 03-05 −5 |
 *   the province's own PT1 +2.
 * - a council member on I2's team: R5 −10 only; viewer, a council member on no team: nothing.
 */
let server: TestServer;
let admin: ApiClient;
let sctOfficer: ApiClient;
let x1Officer: ApiClient;
let inspector: ApiClient;
let viewer: ApiClient;
let council: ApiClient;
let councilInspector: ApiClient;

async function loginUser(role: 'unit_officer' | 'appraiser' | 'council', unit: string | null) {
  const user = await server.createUser(role, unit);
  const client = server.client();
  await client.login(user.username, TEST_PASSWORD);
  return { id: user.id, client };
}

const unitId = async (code: string) => (await server.db.select({ id: units.id }).from(units).where(eq(units.code, code)))[0]!.id;

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  const { db } = server;
  admin = await server.loginAs('admin');
  viewer = await server.loginAs('viewer');
  council = await server.loginAs('council');
  const sct = await loginUser('unit_officer', 'SCT');
  sctOfficer = sct.client;
  x1Officer = await server.loginAs('unit_officer', 'X1');
  const appraiser = await loginUser('appraiser', 'SNV');
  inspector = appraiser.client;
  const inspectingCouncil = await loginUser('council', null);
  councilInspector = inspectingCouncil.client;
  const [SCT, X1, X2] = [await unitId('SCT'), await unitId('X1'), await unitId('X2')];
  await db.update(units).set({ status: 'dissolved' }).where(eq(units.id, X2));

  const [pSct, pX1, pProvince] = await db
    .insert(plans)
    .values([
      { unitId: SCT, year: 2026, code: 'KH-SCT', title: 'Kế hoạch CCHC 2026' },
      { unitId: X1, year: 2026, code: 'KH-X1', title: 'Kế hoạch CCHC xã 2026' },
      { unitId: null, year: 2026, code: 'KH-TINH', title: 'Kế hoạch CCHC tỉnh 2026' },
    ])
    .returning({ id: plans.id });
  await db.insert(planTasks).values([
    { planId: pSct!.id, code: 'T1', title: 'Rà soát thủ tục', deadline: '2026-03-05', status: 'todo' },
    { planId: pSct!.id, code: 'T2', title: 'Cập nhật ISO 9001', deadline: '2026-03-17', status: 'in_progress' },
    { planId: pSct!.id, code: 'T3', title: 'Số hóa hồ sơ', deadline: '2026-03-18', status: 'todo' },
    { planId: pSct!.id, code: 'T4', title: 'Ban hành kế hoạch', deadline: '2026-03-01', status: 'done', completedOn: '2026-02-28' },
    { planId: pSct!.id, code: 'T5', title: 'Hội thi', deadline: '2026-03-01', status: 'cancelled' },
    { planId: pSct!.id, code: 'T6', title: 'Tuyên truyền', deadline: null, status: 'todo' },
    { planId: pX1!.id, code: 'XT1', title: 'Niêm yết thủ tục', deadline: '2026-03-08', status: 'todo' },
    { planId: pProvince!.id, code: 'PT1', title: 'Kiểm tra CCHC', deadline: '2026-03-12', status: 'todo' },
  ]);

  await db.insert(reportDeadlines).values([
    { year: 2024, period: 'year', dueOn: '2025-01-15' },
    { year: 2025, period: 'year', dueOn: '2026-01-15' },
    { year: 2026, period: 'q1', dueOn: '2026-03-15' },
  ]);
  await db.insert(periodicReports).values([
    { unitId: SCT, year: 2025, period: 'year', submittedAt: new Date('2026-01-10T02:00:00Z') },
    { unitId: SCT, year: 2026, period: 'q1' },
  ]);

  const [i1, i2] = await db
    .insert(inspections)
    .values([
      { year: 2026, unitId: SCT, status: 'conducted', conductedOn: '2026-01-20' },
      { year: 2026, unitId: X1, status: 'conducted', conductedOn: '2026-01-22' },
    ])
    .returning({ id: inspections.id });
  await db.insert(inspectionMembers).values([
    { inspectionId: i1!.id, userId: appraiser.id, lead: true },
    { inspectionId: i1!.id, userId: sct.id },
    { inspectionId: i2!.id, userId: inspectingCouncil.id, lead: true },
  ]);
  await db.insert(remediationItems).values([
    { inspectionId: i1!.id, title: 'R1 Cập nhật quy trình ISO', deadline: '2026-03-01' },
    { inspectionId: i1!.id, title: 'R2 Công khai thủ tục', deadline: '2026-03-16' },
    { inspectionId: i1!.id, title: 'R3 Sửa quy chế', deadline: '2026-03-01', closedOn: '2026-03-02', evidence: 'QĐ 12/QĐ-SCT' },
    { inspectionId: i1!.id, title: 'R4 Rà soát văn bản', deadline: null },
    { inspectionId: i2!.id, title: 'R5 Bố trí bộ phận một cửa', deadline: '2026-02-28' },
  ]);
  server.now = '2026-03-09T17:30:00Z';
});
afterAll(() => server?.close());

type Item = { kind: string; state: string; deadline: string; daysLeft: number; title: string; unitCode: string | null; count: number | null };
const brief = (items: Item[]) => items.map((i) => [i.kind, i.state, i.deadline, i.daysLeft, i.title, i.unitCode, i.count]);

describe('GET /api/v1/reminders', () => {
  it('gives unit staff their own unit’s tasks, reports and remediation items due within 7 days or overdue, overdue first', async () => {
    const res = await sctOfficer.get('/api/v1/reminders');
    expect(res.status).toBe(200);
    expect(res.body.today).toBe('2026-03-10');
    expect(brief(res.body.items)).toEqual([
      ['remediation', 'overdue', '2026-03-01', -9, 'R1 Cập nhật quy trình ISO', 'SCT', null],
      ['plan_task', 'overdue', '2026-03-05', -5, 'Rà soát thủ tục', 'SCT', null],
      ['report', 'due_soon', '2026-03-15', 5, 'Báo cáo CCHC quý I năm 2026', 'SCT', null],
      ['remediation', 'due_soon', '2026-03-16', 6, 'R2 Công khai thủ tục', 'SCT', null],
      ['plan_task', 'due_soon', '2026-03-17', 7, 'Cập nhật ISO 9001', 'SCT', null],
    ]);
    // The link fields the inbox and the e-mail use.
    const [r1, t1, q1] = res.body.items;
    expect(r1).toMatchObject({ inspectionId: expect.any(Number), remediationId: expect.any(Number), year: 2026, unitName: 'Sở Công Thương' });
    expect(t1).toMatchObject({ planId: expect.any(Number), taskCode: 'T1', year: 2026, inspectionId: null });
    expect(q1).toMatchObject({ year: 2026, period: 'q1', planId: null });
  });

  it('never shows a unit officer another unit’s items', async () => {
    const res = await x1Officer.get('/api/v1/reminders');
    expect(brief(res.body.items)).toEqual([
      ['report', 'overdue', '2026-01-15', -54, 'Báo cáo CCHC năm 2025', 'X1', null],
      ['remediation', 'overdue', '2026-02-28', -10, 'R5 Bố trí bộ phận một cửa', 'X1', null],
      ['plan_task', 'overdue', '2026-03-08', -2, 'Niêm yết thủ tục', 'X1', null],
      ['report', 'due_soon', '2026-03-15', 5, 'Báo cáo CCHC quý I năm 2026', 'X1', null],
    ]);
    expect(res.body.items.every((i: Item) => i.unitCode === 'X1')).toBe(true);
  });

  it('gives an inspection team member the overdue open remediation items of their inspections only', async () => {
    const res = await inspector.get('/api/v1/reminders');
    expect(brief(res.body.items)).toEqual([['remediation', 'overdue', '2026-03-01', -9, 'R1 Cập nhật quy trình ISO', 'SCT', null]]);
  });

  it('gives the organizer counts: units not reported per period past due, overdue remediation and units’ tasks; the province’s own tasks', async () => {
    const res = await admin.get('/api/v1/reminders');
    expect(brief(res.body.items)).toEqual([
      ['report', 'overdue', '2026-01-15', -54, 'Báo cáo CCHC năm 2025', null, 3],
      ['remediation', 'overdue', '2026-02-28', -10, 'Việc khắc phục sau kiểm tra quá hạn', null, 2],
      ['plan_task', 'overdue', '2026-03-05', -5, 'Nhiệm vụ kế hoạch CCHC quá hạn của các đơn vị', null, 2],
      ['plan_task', 'due_soon', '2026-03-12', 2, 'Kiểm tra CCHC', null, null],
    ]);
    expect(res.body.items[0]).toMatchObject({ year: 2025, period: 'year' });
  });

  it('gives a council member on an inspection team that inspection’s overdue items', async () => {
    const res = await councilInspector.get('/api/v1/reminders');
    expect(brief(res.body.items)).toEqual([['remediation', 'overdue', '2026-02-28', -10, 'R5 Bố trí bộ phận một cửa', 'X1', null]]);
  });

  it('gives viewers and the council (on no team) nothing', async () => {
    expect((await viewer.get('/api/v1/reminders')).body).toEqual({ today: '2026-03-10', items: [] });
    expect((await council.get('/api/v1/reminders')).body.items).toEqual([]);
  });

  it('moves with the clock: a week later T3 is due soon and the q1 report overdue; closing and submitting clear them', async () => {
    server.now = '2026-03-12T03:00:00Z'; // 2026-03-12: today + 7 = 2026-03-19 reaches T3 (+6)
    let res = await sctOfficer.get('/api/v1/reminders');
    expect(res.body.items.map((i: Item) => [i.title, i.daysLeft])).toContainEqual(['Số hóa hồ sơ', 6]);
    server.now = '2026-03-16T03:00:00Z'; // q1 due 03-15 → −1, overdue
    res = await sctOfficer.get('/api/v1/reminders');
    expect(brief(res.body.items).find((i) => i[0] === 'report')).toEqual(['report', 'overdue', '2026-03-15', -1, 'Báo cáo CCHC quý I năm 2026', 'SCT', null]);
    await server.db
      .update(periodicReports)
      .set({ submittedAt: new Date('2026-03-16T02:00:00Z') })
      .where(eq(periodicReports.period, 'q1'));
    await server.db
      .update(remediationItems)
      .set({ closedOn: '2026-03-16', evidence: 'Ảnh niêm yết' })
      .where(eq(remediationItems.title, 'R1 Cập nhật quy trình ISO'));
    res = await sctOfficer.get('/api/v1/reminders');
    expect(res.body.items.map((i: Item) => i.kind)).not.toContain('report');
    expect(res.body.items.map((i: Item) => i.title)).not.toContain('R1 Cập nhật quy trình ISO');
    // The organizer: q1 is past due now for SNV, H1, X1 (SCT submitted, X2 dissolved) → 3; remediation overdue: R5 only
    // (R1 closed, R2 due today, not yet overdue) → 1.
    res = await admin.get('/api/v1/reminders');
    expect(brief(res.body.items).filter((i) => i[6] !== null)).toEqual([
      ['report', 'overdue', '2026-01-15', -60, 'Báo cáo CCHC năm 2025', null, 3],
      ['remediation', 'overdue', '2026-02-28', -16, 'Việc khắc phục sau kiểm tra quá hạn', null, 1],
      ['plan_task', 'overdue', '2026-03-05', -11, 'Nhiệm vụ kế hoạch CCHC quá hạn của các đơn vị', null, 2],
      ['report', 'overdue', '2026-03-15', -1, 'Báo cáo CCHC quý I năm 2026', null, 3],
    ]);
    server.now = '2026-03-09T17:30:00Z';
  });

  it('refuses a caller without a session', async () => {
    expect((await server.client().get('/api/v1/reminders')).status).toBe(401);
  });
});

describe('the e-mail address of an account (where the digest goes)', () => {
  it('is set by the organizer on create and update, validated, and removed with null', async () => {
    const bad = await admin.post('/api/v1/users', { username: 'mail.bad', displayName: 'Sai thư', role: 'viewer', email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('email');
    expect(bad.body.error.details.issues[0].code).toBe('email_invalid');
    const created = await admin.post('/api/v1/users', { username: 'mail.ok', displayName: 'Có thư', role: 'viewer', email: ' an.nguyen@example.gov.vn ' });
    expect(created.status).toBe(201);
    expect(created.body.user.email).toBe('an.nguyen@example.gov.vn');
    const id = created.body.user.id;
    const changed = await admin.patch(`/api/v1/users/${id}`, { email: 'binh@example.gov.vn' });
    expect(changed.body.email).toBe('binh@example.gov.vn');
    expect((await admin.patch(`/api/v1/users/${id}`, { email: 'x@' })).status).toBe(400);
    const removed = await admin.patch(`/api/v1/users/${id}`, { displayName: 'Có thư' });
    expect(removed.body.email).toBe('binh@example.gov.vn'); // left out: kept
    expect((await admin.patch(`/api/v1/users/${id}`, { email: null })).body.email).toBeNull();
  });

  it('is set by each user for their own account', async () => {
    expect((await x1Officer.get('/api/v1/users/me/email')).body).toEqual({ email: null });
    expect((await x1Officer.put('/api/v1/users/me/email', { email: 'xa.dongtam@example.gov.vn' })).body).toEqual({ email: 'xa.dongtam@example.gov.vn' });
    expect((await x1Officer.get('/api/v1/users/me/email')).body).toEqual({ email: 'xa.dongtam@example.gov.vn' });
    expect((await x1Officer.put('/api/v1/users/me/email', { email: 'no at sign' })).status).toBe(400);
    expect((await x1Officer.put('/api/v1/users/me/email', { email: null })).body).toEqual({ email: null });
  });
});
