import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspections, remediationItems, units, users } from '../../src/db/schema.js';
import { seedDemoInspections } from '../../src/modules/demo/inspections.js';
import { remediationFiguresByUnit } from '../../src/modules/inspections/figures.js';
import type { ApiClient } from '../helpers/client.js';
import { readDocx } from '../helpers/documents.js';
import { seedOrganisation, startTestServer, TEST_PASSWORD, TEST_YEAR, type TestServer } from '../helpers/server.js';

/*
 * Inspections (issue 13 item 3, docs/inspections.md). Hand-computed figures, today = 2025-09-15 (server clock):
 * - Active units of seedOrganisation: SNV, SCT, H1, X1, X2 → 5.
 * - I1 SCT (team: appraiser A lead, council C), conducted 2025-05-11; I2 X1 (team: appraiser B), conducted
 *   2025-06-20; I3 H1, planned only. Inspected: SCT, X1 → 2 of 5 = 40.00 %; planned units 3.
 * - I1 items: R1 deadline 2025-07-31 open → overdue; R2 deadline 2025-08-31 closed 2025-08-20 → closed;
 *   R3 deadline 2025-12-31 open → not overdue. Counts: open 2, overdue 1, closed 1. Findings 3.
 * - I2 item Q1 deadline 2025-06-30 closed 2025-07-10 (late): as of 2025-07-05 overdue (closed after), as of
 *   2025-09-15 not.
 */
let server: TestServer;
let admin: ApiClient;
let leadA: ApiClient;
let otherB: ApiClient;
let viewer: ApiClient;
let sctOfficer: ApiClient;
let x1Officer: ApiClient;
const ids = { a: 0, b: 0, c: 0, viewer: 0 };
const I = { sct: 0, x1: 0, h1: 0 };
const R = { r1: 0, r2: 0, r3: 0, q1: 0 };
const F = { strength: 0, shortcoming: 0, recommendation: 0 };

async function signIn(role: 'appraiser' | 'council' | 'viewer', unit: string | null = null) {
  const user = await server.createUser(role, unit);
  const client = server.client();
  await client.login(user.username, TEST_PASSWORD);
  return { id: user.id, client };
}

async function download(client: ApiClient, url: string) {
  const response = await fetch(`${server.baseUrl}${url}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  server.now = '2025-09-15T03:00:00Z';
  admin = await server.loginAs('admin');
  const a = await signIn('appraiser', 'SNV');
  const b = await signIn('appraiser', 'SNV');
  const c = await signIn('council');
  const v = await signIn('viewer');
  Object.assign(ids, { a: a.id, b: b.id, c: c.id, viewer: v.id });
  leadA = a.client;
  otherB = b.client;
  viewer = v.client;
  sctOfficer = await server.loginAs('unit_officer', 'SCT');
  x1Officer = await server.loginAs('unit_officer', 'X1');
});
afterAll(() => server?.close());

const base = `/api/v1/inspections`;

describe('the organizer’s inspection plan', () => {
  it('refuses bad plans with the field and reason', async () => {
    const bad = async (json: unknown) => (await admin.post(`${base}?year=${TEST_YEAR}`, json)).body.error;
    expect((await bad({ unitCode: 'SCT', members: [{ userId: ids.viewer, lead: true }] })).details.issues[0]).toMatchObject({
      path: 'members.0.userId',
      code: 'inspection_member_invalid',
    });
    expect(
      (
        await bad({
          unitCode: 'SCT',
          members: [
            { userId: ids.a, lead: true },
            { userId: ids.b, lead: true },
          ],
        })
      ).details.issues[0],
    ).toMatchObject({ path: 'members', code: 'inspection_lead_required' });
    expect((await bad({ unitCode: 'SCT', plannedFrom: '2025-05-12', plannedTo: '2025-05-10' })).details.issues[0]).toMatchObject({
      path: 'plannedTo',
      code: 'inspection_dates_reversed',
    });
    const unknown = await admin.post(`${base}?year=${TEST_YEAR}`, { unitCode: 'ZZZ' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.reason).toBe('inspection_unit_not_found');
    // Only the organizer plans.
    const byAppraiser = await leadA.post(`${base}?year=${TEST_YEAR}`, { unitCode: 'SCT' });
    expect(byAppraiser.status).toBe(403);
    expect(await server.db.select().from(inspections)).toEqual([]);
  });

  it('creates inspections with team, areas and decision; audited', async () => {
    const create = async (json: unknown) => {
      const res = await admin.post(`${base}?year=${TEST_YEAR}`, json);
      expect(res.status, res.text).toBe(201);
      return res.body.id as number;
    };
    I.sct = await create({
      unitCode: 'SCT',
      plannedFrom: '2025-05-10',
      plannedTo: '2025-05-12',
      decisionNo: '123/QĐ-SNV',
      areas: ['Cải cách thủ tục hành chính', 'Hiện đại hóa hành chính'],
      members: [
        { userId: ids.c, lead: false },
        { userId: ids.a, lead: true },
      ],
    });
    I.x1 = await create({ unitCode: 'X1', plannedFrom: '2025-06-20', members: [{ userId: ids.b, lead: true }] });
    I.h1 = await create({ unitCode: 'H1', plannedFrom: '2025-11-03' });
    const audit = await admin.get(`/api/v1/audit?entityType=inspection&entityId=${I.sct}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'create' });
    expect(audit.body.items[0].after.members).toHaveLength(2);
  });
});

describe('the team edits its inspection only', () => {
  it('moves the status with what each state needs; others on no team are refused', async () => {
    const noDate = await leadA.patch(`${base}/${I.sct}`, { status: 'conducted' });
    expect(noDate.status).toBe(400);
    expect(noDate.body.error.details.issues[0]).toMatchObject({ path: 'conductedOn', code: 'inspection_conducted_without_date' });
    const outsider = await otherB.patch(`${base}/${I.sct}`, { status: 'conducted', conductedOn: '2025-05-11' });
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.reason).toBe('inspection_not_on_team');
    const ok = await leadA.patch(`${base}/${I.sct}`, { status: 'conducted', conductedOn: '2025-05-11' });
    expect(ok.status, ok.text).toBe(200);
    expect((await otherB.patch(`${base}/${I.x1}`, { status: 'conducted', conductedOn: '2025-06-20' })).status).toBe(200);
    // The team does not change the team.
    const team = await leadA.patch(`${base}/${I.sct}`, { members: [{ userId: ids.a, lead: true }] });
    expect(team.status).toBe(403);
    expect(team.body.error.reason).toBe('inspection_organizer_only');
    // Viewers and unit staff do not edit at all.
    expect((await viewer.patch(`${base}/${I.sct}`, { decisionNo: 'x' })).status).toBe(403);
    expect((await sctOfficer.patch(`${base}/${I.sct}`, { decisionNo: 'x' })).status).toBe(403);
  });

  it('adds findings and remediation items; an item answers only a recommendation', async () => {
    const finding = async (kind: string, text: string, area = 'Cải cách thủ tục hành chính') => {
      const res = await leadA.post(`${base}/${I.sct}/findings`, { kind, area, text });
      expect(res.status, res.text).toBe(201);
      return res.body.id as number;
    };
    F.strength = await finding('strength', 'Niêm yết công khai đầy đủ thủ tục hành chính');
    F.shortcoming = await finding('shortcoming', 'Kế hoạch CCHC ban hành chậm');
    F.recommendation = await finding('recommendation', 'Cập nhật hệ thống ISO 9001', 'Hiện đại hóa hành chính');
    const item = async (json: unknown) => {
      const res = await leadA.post(`${base}/${I.sct}/remediation`, json);
      expect(res.status, res.text).toBe(201);
      return res.body.id as number;
    };
    R.r1 = await item({ title: 'Ban hành kế hoạch khắc phục', owner: 'Văn phòng Sở', deadline: '2025-07-31' });
    R.r2 = await item({ title: 'Cập nhật ISO 9001:2015', owner: 'Văn phòng Sở', deadline: '2025-08-31', findingId: F.recommendation });
    R.r3 = await item({ title: 'Số hóa hồ sơ lưu trữ', owner: 'Phòng Hành chính', deadline: '2025-12-31' });
    const wrongLink = await leadA.post(`${base}/${I.sct}/remediation`, { title: 'x', findingId: F.strength });
    expect(wrongLink.status).toBe(400);
    expect(wrongLink.body.error.details.issues[0]).toMatchObject({ path: 'findingId', code: 'remediation_finding_invalid' });
    const foreign = await otherB.post(`${base}/${I.sct}/findings`, { kind: 'strength', text: 'x' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.reason).toBe('inspection_not_on_team');
    const q1 = await otherB.post(`${base}/${I.x1}/remediation`, { title: 'Rà soát quy chế một cửa', deadline: '2025-06-30' });
    expect(q1.status).toBe(201);
    R.q1 = q1.body.id;
    // Edit and delete a finding (the council member is on the team too).
    const council = server.client();
    const [cUser] = await server.db.select().from(users).where(eq(users.id, ids.c));
    await council.login(cUser!.username, TEST_PASSWORD);
    const extra = await council.post(`${base}/${I.sct}/findings`, { kind: 'strength', text: 'Tạm' });
    expect(extra.status).toBe(201);
    expect((await council.patch(`${base}/${I.sct}/findings/${extra.body.id}`, { text: 'Tạm 2' })).status).toBe(200);
    expect((await council.delete(`${base}/${I.sct}/findings/${extra.body.id}`)).status).toBe(204);
  });

  it('refuses a stale If-Match version with 409 stale_version', async () => {
    const detail = await admin.get(`${base}/${I.sct}`);
    const version = detail.body.version as number;
    expect(detail.headers.get('etag')).toBe(`"${version}"`);
    const stale = await leadA.patch(`${base}/${I.sct}`, { decisionNo: '124/QĐ-SNV' }, { headers: { 'if-match': `"${version - 1}"` } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    const fresh = await leadA.patch(`${base}/${I.sct}`, { decisionNo: '123/QĐ-SNV' }, { headers: { 'if-match': `"${version}"` } });
    expect(fresh.status).toBe(200);
    expect(fresh.body.version).toBe(version + 1);
  });
});

describe('the unit follows up its remediation items', () => {
  it('closes its own unit’s items with evidence and a date, and nothing else', async () => {
    const noEvidence = await sctOfficer.put(`${base}/${I.sct}/remediation/${R.r2}/closure`, { closedOn: '2025-08-20' });
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.body.error.details.issues[0]).toMatchObject({ path: 'evidence', code: 'remediation_evidence_required' });
    const future = await sctOfficer.put(`${base}/${I.sct}/remediation/${R.r2}/closure`, { evidence: 'QĐ 45', closedOn: '2025-10-01' });
    expect(future.status).toBe(400);
    expect(future.body.error.details.issues[0]).toMatchObject({ path: 'closedOn', code: 'remediation_closed_in_future' });
    // Another unit's officer: the inspection does not exist for them.
    const foreign = await x1Officer.put(`${base}/${I.sct}/remediation/${R.r2}/closure`, { evidence: 'x', closedOn: '2025-08-20' });
    expect(foreign.status).toBe(404);
    const closed = await sctOfficer.put(`${base}/${I.sct}/remediation/${R.r2}/closure`, {
      evidence: 'Quyết định 45/QĐ-SCT ban hành ISO',
      closedOn: '2025-08-20',
    });
    expect(closed.status, closed.text).toBe(200);
    // Reopen and close again: both audited.
    expect((await sctOfficer.delete(`${base}/${I.sct}/remediation/${R.r2}/closure`)).status).toBe(200);
    expect(
      (await sctOfficer.put(`${base}/${I.sct}/remediation/${R.r2}/closure`, { evidence: 'Quyết định 45/QĐ-SCT ban hành ISO', closedOn: '2025-08-20' })).status,
    ).toBe(200);
    const audit = await admin.get('/api/v1/audit?entityType=remediation_item&action=close&limit=1');
    expect(audit.body.items[0]).toMatchObject({ entityId: String(R.r2) });
    expect(audit.body.items[0].before.closedOn).toBeNull();
    expect(audit.body.items[0].after).toMatchObject({ closedOn: '2025-08-20', evidence: 'Quyết định 45/QĐ-SCT ban hành ISO' });
    const reopen = await admin.get('/api/v1/audit?entityType=remediation_item&action=reopen&limit=1');
    expect(reopen.body.items[0].before.closedOn).toBe('2025-08-20');
    // X1 closes its own late item (deadline 2025-06-30) on 2025-07-10.
    expect((await x1Officer.put(`${base}/${I.x1}/remediation/${R.q1}/closure`, { evidence: 'Quy chế mới', closedOn: '2025-07-10' })).status).toBe(200);
    // Unit staff add nothing.
    expect((await sctOfficer.post(`${base}/${I.sct}/findings`, { kind: 'strength', text: 'x' })).status).toBe(403);
    expect((await sctOfficer.post(`${base}/${I.sct}/remediation`, { title: 'x' })).status).toBe(403);
  });

  it('shows unit staff their own unit’s inspections only', async () => {
    const list = await sctOfficer.get(`${base}?year=${TEST_YEAR}`);
    expect(list.status).toBe(200);
    expect(list.body.inspections.map((i: { unitCode: string }) => i.unitCode)).toEqual(['SCT']);
    expect((await sctOfficer.get(`${base}/${I.x1}`)).status).toBe(404);
    expect((await download(sctOfficer, `${base}/${I.x1}/record.docx`)).status).toBe(404);
    const own = await sctOfficer.get(`${base}/${I.sct}`);
    expect(own.body.can).toEqual({ edit: false, manage: false, close: true });
  });
});

describe('coverage, counts and overdue items', () => {
  it('lists the year with coverage 2 / 5 and per-inspection counts', async () => {
    const list = await viewer.get(`${base}?year=${TEST_YEAR}`);
    expect(list.status).toBe(200);
    // SCT and X1 inspected, H1 planned only; 5 active units → 2/5 = 40.00 %.
    expect(list.body.coverage).toEqual({ units: 5, inspected: 2, planned: 3, rate: 40 });
    expect(list.body.can.create).toBe(false);
    const sct = list.body.inspections.find((i: { unitCode: string }) => i.unitCode === 'SCT');
    expect(sct).toMatchObject({ findingCount: 3, items: { open: 2, overdue: 1, closed: 1 }, lead: expect.stringContaining('appraiser'), status: 'conducted' });
    const x1 = list.body.inspections.find((i: { unitCode: string }) => i.unitCode === 'X1');
    expect(x1.items).toEqual({ open: 0, overdue: 0, closed: 1 });
    const detail = await viewer.get(`${base}/${I.sct}`);
    expect(detail.body.remediation.filter((r: { overdue: boolean }) => r.overdue).map((r: { id: number }) => r.id)).toEqual([R.r1]);
    expect(detail.body.members[0]).toMatchObject({ userId: ids.a, lead: true });
    expect(detail.body.can).toEqual({ edit: false, manage: false, close: false });
  });

  it('remediationFiguresByUnit: inspected, items and overdue per unit as of a date', async () => {
    const unitIds = new Map((await server.db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
    const idsOf = ['SCT', 'X1', 'H1', 'X2'].map((c) => unitIds.get(c)!);
    const now = await remediationFiguresByUnit(server.db, TEST_YEAR, idsOf, '2025-09-15');
    // SCT: R1 overdue (07-31, open), R2 closed 08-20, R3 due 12-31. X1: Q1 closed. H1 planned only. X2: no inspection.
    expect(now.get(unitIds.get('SCT')!)).toEqual({ inspected: true, items: 3, overdue: 1 });
    expect(now.get(unitIds.get('X1')!)).toEqual({ inspected: true, items: 1, overdue: 0 });
    expect(now.get(unitIds.get('H1')!)).toEqual({ inspected: false, items: 0, overdue: 0 });
    expect(now.has(unitIds.get('X2')!)).toBe(false);
    // As of 2025-07-05: X1's Q1 (due 06-30) was closed only on 07-10 → overdue then; SCT's R1 (due 07-31) not yet.
    const july = await remediationFiguresByUnit(server.db, TEST_YEAR, idsOf, '2025-07-05');
    expect(july.get(unitIds.get('X1')!)).toEqual({ inspected: true, items: 1, overdue: 1 });
    expect(july.get(unitIds.get('SCT')!)).toEqual({ inspected: true, items: 3, overdue: 0 });
    expect((await remediationFiguresByUnit(server.db, 2024, idsOf, '2024-12-31')).size).toBe(0);
  });
});

describe('conclusion and documents', () => {
  it('concludes with the conclusion text and date', async () => {
    const missing = await leadA.patch(`${base}/${I.sct}`, { status: 'concluded', concludedOn: '2025-06-01' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues[0]).toMatchObject({ path: 'conclusion', code: 'inspection_conclusion_required' });
    const ok = await leadA.patch(`${base}/${I.sct}`, {
      status: 'concluded',
      conclusion: 'Sở Công Thương thực hiện cơ bản đầy đủ nhiệm vụ CCHC.\nCần khắc phục việc ban hành kế hoạch chậm.',
      concludedOn: '2025-06-01',
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it('exports the record (biên bản) and the conclusion as DOCX', async () => {
    const record = await download(viewer, `${base}/${I.sct}/record.docx`);
    expect(record.status).toBe(200);
    expect(record.type).toContain('wordprocessingml');
    const doc = await readDocx(record.body);
    const text = doc.paragraphs.join('\n');
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'BIÊN BẢN KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH',
      'tại Sở Công Thương',
      'Quyết định số 123/QĐ-SNV',
      'Thời gian kiểm tra: ngày 11/05/2025.',
      '1. Cải cách thủ tục hành chính',
      'Niêm yết công khai đầy đủ thủ tục hành chính',
      'Kế hoạch CCHC ban hành chậm',
      'Hiện đại hóa hành chính: Cập nhật hệ thống ISO 9001',
      'TRƯỞNG ĐOÀN KIỂM TRA',
      'THỦ TRƯỞNG ĐƠN VỊ',
    ]) {
      expect(text).toContain(expected);
    }
    expect(doc.paragraphs.some((p) => /– Trưởng đoàn$/.test(p))).toBe(true);
    const items = doc.tables.find((t) => t[0]?.[1] === 'Nội dung khắc phục')!;
    expect(items.slice(1)).toEqual([
      ['1', 'Ban hành kế hoạch khắc phục', 'Văn phòng Sở', '31/07/2025', 'Quá hạn'],
      ['2', 'Cập nhật ISO 9001:2015', 'Văn phòng Sở', '31/08/2025', 'Đã khắc phục (20/08/2025)'],
      ['3', 'Số hóa hồ sơ lưu trữ', 'Phòng Hành chính', '31/12/2025', 'Chưa khắc phục'],
    ]);
    const conclusion = await readDocx((await download(sctOfficer, `${base}/${I.sct}/conclusion.docx`)).body);
    const ctext = conclusion.paragraphs.join('\n');
    expect(ctext).toContain('KẾT LUẬN KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH');
    expect(ctext).toContain('Ngày 01 tháng 6 năm 2025');
    expect(ctext).toContain('Cần khắc phục việc ban hành kế hoạch chậm.');
    expect(ctext).toContain('Cập nhật hệ thống ISO 9001');
    expect(conclusion.tables.some((t) => t.some((row) => row.includes('31/07/2025')))).toBe(true);
  });
});

describe('deletions', () => {
  it('lets the team delete items and the organizer delete inspections, audited', async () => {
    expect((await otherB.delete(`${base}/${I.sct}/remediation/${R.r3}`)).status).toBe(403);
    expect((await leadA.delete(`${base}/${I.sct}/remediation/${R.r3}`)).status).toBe(204);
    expect((await leadA.delete(`${base}/${I.h1}`)).status).toBe(403);
    expect((await admin.delete(`${base}/${I.h1}`)).status).toBe(204);
    expect(await server.db.select().from(inspections).where(eq(inspections.id, I.h1))).toEqual([]);
    const audit = await admin.get(`/api/v1/audit?entityType=inspection&action=delete&limit=1`);
    expect(audit.body.items[0]).toMatchObject({ entityId: String(I.h1) });
    const left = await server.db
      .select()
      .from(remediationItems)
      .where(inArray(remediationItems.id, [R.r3]));
    expect(left).toEqual([]);
  });
});

describe('demo inspections', () => {
  it('seeds four inspections of the year, one item overdue and one closed; a second run adds nothing', async () => {
    await seedDemoInspections(server.db, 2026);
    await seedDemoInspections(server.db, 2026);
    server.now = '2026-09-15T03:00:00Z';
    const list = await admin.get(`${base}?year=2026`);
    // Active units by code: H1, SCT, SNV, X1, X2 → picks 0, 1, 2, 3 of 5: H1, SCT, SNV, X1.
    expect(list.body.inspections.map((i: { unitCode: string }) => i.unitCode).sort()).toEqual(['H1', 'SCT', 'SNV', 'X1']);
    expect(list.body.coverage).toMatchObject({ inspected: 3, planned: 4 });
    const totals = list.body.inspections.reduce(
      (sum: { overdue: number; closed: number }, i: { items: { overdue: number; closed: number } }) => ({
        overdue: sum.overdue + i.items.overdue,
        closed: sum.closed + i.items.closed,
      }),
      { overdue: 0, closed: 0 },
    );
    expect(totals).toEqual({ overdue: 1, closed: 1 });
    server.now = '2025-09-15T03:00:00Z';
  });
});
