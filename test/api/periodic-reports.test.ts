import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  dossiers,
  inspections,
  periodicReports,
  plans,
  planTasks,
  procedures,
  registerEntries,
  remediationItems,
  units,
} from '../../src/db/schema.js';
import { rebuildAllRollups } from '../../src/modules/dossiers/merge.js';
import { seedDemoReports } from '../../src/modules/demo/periodic-reports.js';
import { reportFiguresByUnit } from '../../src/modules/periodic-reports/figures.js';
import type { ApiClient } from '../helpers/client.js';
import { readDocx } from '../helpers/documents.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/*
 * Periodic reports (issue 13 item 2, docs/periodic-reports.md). Hand-computed figures of SNV, Q1 2025 (as of 31/03/2025,
 * the period's end, the server's day being 14/04/2025):
 * - plan KH-SNV: T1 done 01/02 (done), T2 done 05/05 (after the period: not done yet, deadline 30/04 not passed),
 *   T3 todo deadline 15/03 (overdue), T4 cancelled (left out) → 3 counted, 1 done, 1 overdue, 1/3 = 33.33 %.
 * - registers: course C1 (30 participants, 10/02) counts, C2 (20 participants, 10/05) is after the period → 1 course, 30.
 * - inspection conducted 10/03: R1 deadline 20/03 open (overdue), R2 closed 25/03 → 2 items, 1 closed, 1 open, 1 overdue.
 * - no dossier → no timeliness part.
 * Due dates 2025: q1 15/04/2025, h1 15/07/2025. Q1 submissions: SNV 14/04 (on time), X2 15/04 23:30 local (on time),
 * SCT 20/04 (late), H1 2025-04-15T17:30Z = 16/04 00:30 local (late), X1 none → 5 units, 4 submitted, 2 on time, 2 late, 1 not.
 */
let server: TestServer;
let admin: ApiClient;
let snv: ApiClient;
let sct: ApiClient;
let x1: ApiClient;
let viewer: ApiClient;
const unitIds = new Map<string, number>();
const Q1 = '/api/v1/reports/SNV/2025/q1';

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  snv = await server.loginAs('unit_officer', 'SNV');
  sct = await server.loginAs('unit_leader', 'SCT');
  x1 = await server.loginAs('unit_officer', 'X1');
  viewer = await server.loginAs('viewer');
  for (const u of await server.db.select({ id: units.id, code: units.code }).from(units)) unitIds.set(u.code, u.id);
  const snvId = unitIds.get('SNV')!;
  const [plan] = await server.db
    .insert(plans)
    .values({ unitId: snvId, year: 2025, code: 'KH-SNV', title: 'Kế hoạch CCHC', issuedOn: '2025-01-10' })
    .returning();
  await server.db.insert(planTasks).values([
    { planId: plan!.id, code: 'T1', title: 'Một', status: 'done', completedOn: '2025-02-01', deadline: '2025-02-28' },
    { planId: plan!.id, code: 'T2', title: 'Hai', status: 'done', completedOn: '2025-05-05', deadline: '2025-04-30' },
    { planId: plan!.id, code: 'T3', title: 'Ba', status: 'todo', deadline: '2025-03-15' },
    { planId: plan!.id, code: 'T4', title: 'Bốn', status: 'cancelled', deadline: '2025-03-01' },
  ]);
  await server.db.insert(registerEntries).values([
    { unitId: snvId, year: 2025, register: 'training_courses', code: 'C1', title: 'Tập huấn CCHC', entryDate: '2025-02-10', data: { participants: 30 } },
    { unitId: snvId, year: 2025, register: 'training_courses', code: 'C2', title: 'Tập huấn ISO', entryDate: '2025-05-10', data: { participants: 20 } },
  ]);
  const [inspection] = await server.db
    .insert(inspections)
    .values({ year: 2025, unitId: snvId, status: 'conducted', conductedOn: '2025-03-10', plannedFrom: '2025-03-10' })
    .returning();
  await server.db.insert(remediationItems).values([
    { inspectionId: inspection!.id, title: 'Cập nhật ISO', deadline: '2025-03-20' },
    { inspectionId: inspection!.id, title: 'Niêm yết TTHC', deadline: '2025-03-30', closedOn: '2025-03-25', evidence: 'Ảnh niêm yết' },
  ]);
  server.now = '2025-04-14T10:00:00+07:00';
});
afterAll(() => server?.close());

async function download(client: ApiClient, url: string) {
  const response = await fetch(`${server.baseUrl}${url}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

const auditOf = (entityType: string) => server.db.select().from(auditLog).where(eq(auditLog.entityType, entityType)).orderBy(asc(auditLog.id));

describe('due dates', () => {
  it('the organizer sets the periods due in a year; a period twice or a due date before the period is refused by field', async () => {
    const bad = await admin.put('/api/v1/reports/deadlines?year=2025', {
      deadlines: [
        { period: 'q1', dueOn: '2025-04-15' },
        { period: 'q1', dueOn: '2025-04-16' },
        { period: 'h1', dueOn: '2024-12-31' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { path: string; code: string }) => [i.path, i.code])).toEqual([
      ['deadlines.1.period', 'report_period_twice'],
      ['deadlines.2.dueOn', 'report_due_outside_year'],
    ]);
    expect((await snv.put('/api/v1/reports/deadlines?year=2025', { deadlines: [] })).status).toBe(403);
    const ok = await admin.put('/api/v1/reports/deadlines?year=2025', {
      deadlines: [
        { period: 'h1', dueOn: '2025-07-15' },
        { period: 'q1', dueOn: '2025-04-15' },
      ],
    });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.deadlines.map((d: { period: string; dueOn: string }) => [d.period, d.dueOn])).toEqual([
      ['q1', '2025-04-15'],
      ['h1', '2025-07-15'],
    ]);
    const read = await snv.get('/api/v1/reports/deadlines?year=2025');
    expect(read.body.can.edit).toBe(false);
    expect(read.body.deadlines).toHaveLength(2);
    const audit = await auditOf('report_deadlines');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entityId).toBe('2025');
  });
});

describe('a unit’s report', () => {
  it('assembles the figures as of the period’s end', async () => {
    const res = await snv.get(Q1);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      asOf: '2025-03-31',
      dueOn: '2025-04-15',
      state: 'not_submitted',
      version: 0,
      can: { edit: true, submit: true, reopen: false },
    });
    expect(res.body.figures.plans).toMatchObject({ plans: 1, tasks: 3, completed: 1, overdue: 1, completionRate: 33.33 });
    expect(res.body.figures.timeliness).toBeNull();
    expect(res.body.figures.surveys).toEqual([]);
    expect(res.body.figures.inspections).toEqual({ inspections: 1, conducted: 1, findings: 0, remediation: 2, closed: 1, open: 1, overdue: 1 });
    expect(res.body.figures.registers).toMatchObject({ trainingCourses: 1, trainingParticipants: 30 });
    expect(res.body.templateSections.map((s: { key: string }) => s.key)).toContain('ket_qua');
  });

  it('counts the dossiers of the period only, when the unit has some', async () => {
    // SCT: two dossiers received 03/03 due 10/03 resolved 12/03 (late), one received 20/03 due 27/03 not resolved
    // (overdue at 31/03), one received 02/04 (Q2: left out) → received 3, resolved 2, late 2, overdue 1, on time 0.00 %.
    const sctId = unitIds.get('SCT')!;
    const [procedure] = await server.db
      .insert(procedures)
      .values({ code: 'P-SCT', name: 'Thủ tục', searchKey: 'thu tuc', field: 'x', unitId: sctId, legalDays: 10, internalDays: 5, onlineLevel: 'partial' })
      .returning({ id: procedures.id });
    const dossier = (code: string, received: string, due: string, resolved: string | null) => ({
      code,
      unitId: sctId,
      procedureId: procedure!.id,
      field: 'Lĩnh vực',
      channel: 'direct' as const,
      status: resolved ? ('resolved' as const) : ('processing' as const),
      receivedAt: new Date(`${received}T09:00:00+07:00`),
      dueAt: new Date(`${due}T09:00:00+07:00`),
      resolvedAt: resolved ? new Date(`${resolved}T09:00:00+07:00`) : null,
      receivedDate: received,
      dueDate: due,
      resolvedDate: resolved,
      timeliness: resolved ? ('late' as const) : null,
    });
    await server.db
      .insert(dossiers)
      .values([
        dossier('SCT-1', '2025-03-03', '2025-03-10', '2025-03-12'),
        dossier('SCT-2', '2025-03-03', '2025-03-10', '2025-03-12'),
        dossier('SCT-3', '2025-03-20', '2025-03-27', null),
        dossier('SCT-4', '2025-04-02', '2025-04-09', null),
      ]);
    await rebuildAllRollups(server.db);
    const res = await sct.get('/api/v1/reports/SCT/2025/q1');
    expect(res.status, res.text).toBe(200);
    expect(res.body.figures.timeliness).toEqual({ received: 3, resolved: 2, early: 0, onTime: 0, late: 2, overdue: 1, onTimeRate: '0.00' });
    expect((await snv.get(Q1)).body.figures.timeliness).toBeNull();
  });

  it('is seen by its unit and the organizer only while a draft; another unit is refused', async () => {
    const hidden = await viewer.get(Q1);
    expect(hidden.status).toBe(403);
    expect(hidden.body.error.reason).toBe('report_draft_hidden');
    const other = await sct.get(Q1);
    expect(other.status).toBe(403);
    expect(other.body.error.reason).toBe('report_own_unit_only');
    expect((await admin.get(Q1)).status).toBe(200);
    expect((await sct.get('/api/v1/reports/SNV/2025')).status).toBe(403);
  });

  it('is written by its unit’s staff only, If-Match on the version; an unknown section is refused by name', async () => {
    const unknown = await snv.put(Q1, { sections: { khong_co: 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues[0]).toMatchObject({ path: 'sections.khong_co', code: 'report_section_unknown' });
    expect((await sct.put(Q1, { sections: {} })).status).toBe(403);
    expect((await admin.put(Q1, { sections: {} })).status).toBe(403);
    const saved = await snv.put(Q1, {
      sections: { ket_qua: 'Đã ban hành 5 kế hoạch chuyên đề.\nHoàn thành rà soát thủ tục.', ton_tai: 'Một số nhiệm vụ chậm.' },
      documentNo: '12/BC-SNV',
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.version).toBe(1);
    const stale = await snv.request('PUT', Q1, { json: { sections: {} }, headers: { 'If-Match': '"0"' } });
    expect(stale.status).toBe(409);
    const read = await snv.get(Q1);
    expect(read.body.sections.ket_qua).toBe('Đã ban hành 5 kế hoạch chuyên đề.\nHoàn thành rà soát thủ tục.');
    expect(read.body.documentNo).toBe('12/BC-SNV');
  });

  it('submitting locks it; the organizer reopens it (audited) and the unit submits again', async () => {
    const submitted = await snv.post(`${Q1}/submit`);
    expect(submitted.status, submitted.text).toBe(200);
    const locked = await snv.put(Q1, { sections: { ket_qua: 'Sửa sau khi gửi' } });
    expect(locked.status).toBe(409);
    expect(locked.body.error.reason).toBe('report_locked');
    expect((await snv.post(`${Q1}/submit`)).status).toBe(409);
    const seen = await viewer.get(Q1);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ state: 'on_time', submittedOn: '2025-04-14', can: { edit: false, reopen: false } });
    expect((await admin.get(Q1)).body.can.reopen).toBe(true);

    expect((await snv.post(`${Q1}/reopen`)).status).toBe(403);
    const reopened = await admin.post(`${Q1}/reopen`);
    expect(reopened.status, reopened.text).toBe(200);
    expect(reopened.body.submittedAt).toBeNull();
    expect((await admin.post(`${Q1}/reopen`)).body.error.reason).toBe('report_not_submitted');
    expect(
      (await snv.put(Q1, { sections: { ket_qua: 'Đã ban hành 5 kế hoạch chuyên đề.', ton_tai: 'Một số nhiệm vụ chậm.' }, documentNo: '12/BC-SNV' })).status,
    ).toBe(200);
    expect((await snv.post(`${Q1}/submit`)).status).toBe(200);
    const actions = (await auditOf('periodic_report')).map((a) => a.action);
    expect(actions).toEqual(['create', 'submit', 'reopen', 'update', 'submit']);
  });

  it('refuses a submission for a period not asked for', async () => {
    const res = await snv.post('/api/v1/reports/SNV/2025/q3/submit');
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe('report_period_not_due');
  });
});

describe('who reported on time', () => {
  beforeAll(async () => {
    server.now = '2025-04-20T09:00:00+07:00';
    expect((await sct.post('/api/v1/reports/SCT/2025/q1/submit')).status).toBe(200);
    server.now = '2025-04-15T23:30:00+07:00';
    const x2 = await server.loginAs('unit_officer', 'X2');
    expect((await x2.post('/api/v1/reports/X2/2025/q1/submit')).status).toBe(200);
    server.now = '2025-04-15T17:30:00Z'; // 16/04 00:30 in Vietnam: late
    const h1 = await server.loginAs('unit_leader', 'H1');
    expect((await h1.put('/api/v1/reports/H1/2025/q1', { sections: { ket_qua: 'Huyện đã hoàn thành.' } })).status).toBe(200);
    expect((await h1.post('/api/v1/reports/H1/2025/q1/submit')).status).toBe(200);
    // A draft X1 has not submitted: never in the summary.
    expect((await x1.put('/api/v1/reports/X1/2025/q1', { sections: { ket_qua: 'Bản nháp của X1' } })).status).toBe(200);
    server.now = '2025-05-01T09:00:00+07:00';
  });

  it('counts each unit on time, late or not submitted against the due date (local dates)', async () => {
    const res = await viewer.get('/api/v1/reports/status?year=2025&period=q1');
    expect(res.status, res.text).toBe(200);
    expect(res.body.counts).toEqual({ units: 5, submitted: 4, onTime: 2, late: 2, notSubmitted: 1 });
    expect(Object.fromEntries(res.body.units.map((u: { unitCode: string; state: string }) => [u.unitCode, u.state]))).toEqual({
      H1: 'late',
      SCT: 'late',
      SNV: 'on_time',
      X1: 'not_submitted',
      X2: 'on_time',
    });
    expect((await snv.get('/api/v1/reports/status?year=2025&period=q1')).status).toBe(403);
    const list = await x1.get('/api/v1/reports/X1/2025');
    expect(list.body.periods).toEqual([
      { period: 'q1', dueOn: '2025-04-15', state: 'not_submitted', overdue: true, submittedOn: null, saved: true },
      { period: 'h1', dueOn: '2025-07-15', state: 'not_submitted', overdue: false, submittedOn: null, saved: false },
    ]);
  });

  it('reportFiguresByUnit: reports due (past due date or submitted) and on time, per unit', async () => {
    const ids = ['SNV', 'SCT', 'X1', 'H1'].map((c) => unitIds.get(c)!);
    const at = async (asOf: string) => {
      const map = await reportFiguresByUnit(server.db, 2025, [...ids, 999_999], asOf);
      return Object.fromEntries([...map].map(([id, f]) => [id === 999_999 ? 'NONE' : [...unitIds].find(([, v]) => v === id)![0], f]));
    };
    // 10/04: q1 not yet due; the submitted ones count (SNV on time, SCT and H1 late); X1 nothing due.
    expect(await at('2025-04-10')).toEqual({
      SNV: { due: 1, onTime: 1 },
      SCT: { due: 1, onTime: 0 },
      X1: { due: 0, onTime: 0 },
      H1: { due: 1, onTime: 0 },
      NONE: { due: 0, onTime: 0 },
    });
    // 01/08: q1 and h1 both past their due dates; only SNV's q1 on time.
    expect(await at('2025-08-01')).toEqual({
      SNV: { due: 2, onTime: 1 },
      SCT: { due: 2, onTime: 0 },
      X1: { due: 2, onTime: 0 },
      H1: { due: 2, onTime: 0 },
      NONE: { due: 2, onTime: 0 },
    });
    expect((await reportFiguresByUnit(server.db, 2026, ids, '2026-12-31')).get(ids[0]!)).toEqual({ due: 0, onTime: 0 });
  });
});

describe('documents', () => {
  it('exports a unit’s report as DOCX with the template, the figures and the unit’s texts', async () => {
    const res = await download(viewer, `${Q1}/report.docx`);
    expect(res.status, res.body.toString().slice(0, 200)).toBe(200);
    expect(res.type).toContain('wordprocessingml');
    const doc = await readDocx(res.body);
    expect(doc.paragraphs).toContain('BÁO CÁO Công tác cải cách hành chính quý I năm 2025');
    expect(doc.paragraphs).toContain('Số: 12/BC-SNV');
    expect(doc.paragraphs).toContain('Đã ban hành 5 kế hoạch chuyên đề.');
    // I. figures, II. chi_dao, III. ket_qua, IV. ton_tai.
    expect(doc.paragraphs).toContain('IV. TỒN TẠI, HẠN CHẾ');
    const rows = doc.tables.flat();
    expect(rows).toContainEqual(['Nhiệm vụ đã hoàn thành / tổng số nhiệm vụ', '1/3']);
    expect(rows).toContainEqual(['Tỷ lệ hoàn thành nhiệm vụ', '33,33 %']);
    expect(rows).toContainEqual(['Lượt người tham gia tập huấn', '30']);
    expect(rows).toContainEqual(['Việc khắc phục quá hạn', '1']);
    expect(doc.headerText).not.toContain('BẢN NHÁP');
  });

  it('exports the province summary: one figures row per unit, then each section with the submitted units’ texts', async () => {
    const res = await download(admin, '/api/v1/reports/summary.docx?year=2025&period=q1');
    expect(res.status, res.body.toString().slice(0, 200)).toBe(200);
    const doc = await readDocx(res.body);
    expect(doc.paragraphs).toContain('Hạn gửi báo cáo: 15/04/2025. Đã gửi 4/5 đơn vị; 2/5 đúng hạn.');
    const table = doc.tables.find((t) => t[0]![0] === 'Đơn vị')!;
    expect(table).toHaveLength(6);
    expect(table.find((r) => r[0] === 'Sở Nội vụ')).toEqual(['Sở Nội vụ', 'Đúng hạn', '14/04/2025', '0/0', '1/3', '33,33 %', '1', '—', '1']);
    expect(table.find((r) => r[0] === 'Xã Đồng Tâm')!.slice(1, 3)).toEqual(['Chưa gửi', '—']);
    expect(doc.paragraphs).toContain('Sở Nội vụ: Đã ban hành 5 kế hoạch chuyên đề.');
    expect(doc.paragraphs).toContain('Huyện An Phú: Huyện đã hoàn thành.');
    expect(doc.xml).not.toContain('Bản nháp của X1');
    expect((await snv.get('/api/v1/reports/summary.docx?year=2025&period=q1')).status).toBe(403);
  });
});

describe('the template', () => {
  it('refuses an unknown placeholder naming the field; saves and resets audited; the DOCX follows it', async () => {
    const current = await snv.get('/api/v1/reports/template');
    expect(current.body).toMatchObject({ isDefault: true, version: 0, can: { edit: false } });
    const template = current.body.template;
    const bad = await admin.put('/api/v1/reports/template', {
      ...template,
      sections: template.sections.map((s: { title: string }, i: number) => (i === 1 ? { ...s, title: 'Kết quả của {{donVi}}' } : s)),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0]).toMatchObject({ path: 'sections.1.title', code: 'report_template_placeholder_unknown' });
    const twice = await admin.put('/api/v1/reports/template', { ...template, sections: [template.sections[0], template.sections[0]] });
    expect(twice.body.error.details.issues[0]).toMatchObject({ path: 'sections.1.key', code: 'report_template_section_key_twice' });
    expect((await snv.put('/api/v1/reports/template', template)).status).toBe(403);

    const saved = await admin.put('/api/v1/reports/template', { ...template, title: 'BÁO CÁO CCHC {{period}} năm {{year}} của {{unit}}' });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ isDefault: false, version: 1 });
    const stale = await admin.request('PUT', '/api/v1/reports/template', { json: template, headers: { 'If-Match': '"0"' } });
    expect(stale.status).toBe(409);
    const doc = await readDocx((await download(snv, `${Q1}/report.docx`)).body);
    expect(doc.paragraphs).toContain('BÁO CÁO CCHC quý I năm 2025 của Sở Nội vụ');

    const reset = await admin.delete('/api/v1/reports/template');
    expect(reset.status).toBe(200);
    expect(reset.body.isDefault).toBe(true);
    const audit = (await auditOf('setting')).filter((a) => a.entityId === 'periodic_report_template').map((a) => a.action);
    expect(audit).toEqual(['update', 'delete']);
  });
});

describe('the demo’s reports', () => {
  it('seeds the due dates and, for every active unit, the reports of the periods already due; once', async () => {
    // 2024, "today" 01/08/2024: Q1 (due 15/04) and 6 months (due 15/07) are due, 9 months and the year are not.
    await seedDemoReports(server.db, 2024, '2024-08-01');
    const before = await server.db.select().from(periodicReports).where(eq(periodicReports.year, 2024));
    await seedDemoReports(server.db, 2024, '2024-08-01');
    expect(await server.db.select().from(periodicReports).where(eq(periodicReports.year, 2024))).toHaveLength(before.length);
    const deadlines = await admin.get('/api/v1/reports/deadlines?year=2024');
    expect(deadlines.body.deadlines.map((d: { period: string }) => d.period)).toEqual(['q1', 'h1', 'm9', 'year']);
    expect(new Set(before.map((r) => r.period))).toEqual(new Set(['q1', 'h1']));
    // The status page agrees with the rows: on time when submitted (local date) by the due date, late after it.
    const due = { q1: '2024-04-15', h1: '2024-07-15' } as const;
    for (const period of ['q1', 'h1'] as const) {
      const rows = before.filter((r) => r.period === period && r.submittedAt !== null);
      const localDay = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
      const onTime = rows.filter((r) => localDay(r.submittedAt!) <= due[period]).length;
      const status = await admin.get(`/api/v1/reports/status?year=2024&period=${period}`);
      expect(status.body.counts).toMatchObject({ submitted: rows.length, onTime, late: rows.length - onTime });
      expect(rows.every((r) => localDay(r.submittedAt!) <= '2024-08-01')).toBe(true);
    }
  });
});
