import JSZip from 'jszip';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, calendarDays, dossiers, procedures, units } from '../../src/db/schema.js';
import { lateWithoutLetterCounts } from '../../src/modules/apology/service.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/*
 * Today is Monday 16/06/2025 (server clock 10:00 local). No holiday is configured except Wednesday 18/06/2025
 * (added below), so working days are Monday–Friday.
 *
 * Dossiers (received → due → resolved; timeliness as the import would derive it):
 *   SCT-001  SCT  Thương mại   03/03 → 10/03 (Mon) → 12/03 (Wed)   late; 2 working days late (11, 12)
 *   SCT-002  SCT  Công nghiệp  25/03 → 01/04 → 03/04               late
 *   SCT-003  SCT  Thương mại   25/03 → 01/04 → 01/04               on time: needs no letter
 *   SCT-004  SCT  Thương mại   26/05 → 02/06 (Mon) → —   processing  overdue: 10 working days by 16/06 (3–6, 9–13, 16 June)
 *   SCT-005  SCT  Thương mại   13/06 → 20/06 → —                   not yet due: needs no letter
 *   SCT-006  SCT  Thương mại   25/04 → 02/05 → —   withdrawn       needs no letter
 *   SCT-007  SCT  Thương mại   15/12/2024 → 20/12/2024 → 31/12/2024 late in 2024
 *   X1-001   X1   Hộ tịch      27/01 → 03/02 → 05/02               late
 *   X1-002   X1   Hộ tịch      13/05 → 20/05 → —   needs_supplement overdue
 *   X2-001   X2   Chứng thực   02/06 → 05/06 → 04/06               early
 */
const TODAY = '2025-06-16';

interface Fixture {
  code: string;
  unit: string;
  field: string;
  received: string;
  due: string;
  resolved: string | null;
  timeliness: 'early' | 'on_time' | 'late' | null;
  status: 'processing' | 'resolved' | 'withdrawn' | 'needs_supplement';
}
const FIXTURES: Fixture[] = [
  {
    code: 'SCT-001',
    unit: 'SCT',
    field: 'Thương mại',
    received: '2025-03-03',
    due: '2025-03-10',
    resolved: '2025-03-12',
    timeliness: 'late',
    status: 'resolved',
  },
  {
    code: 'SCT-002',
    unit: 'SCT',
    field: 'Công nghiệp',
    received: '2025-03-25',
    due: '2025-04-01',
    resolved: '2025-04-03',
    timeliness: 'late',
    status: 'resolved',
  },
  {
    code: 'SCT-003',
    unit: 'SCT',
    field: 'Thương mại',
    received: '2025-03-25',
    due: '2025-04-01',
    resolved: '2025-04-01',
    timeliness: 'on_time',
    status: 'resolved',
  },
  { code: 'SCT-004', unit: 'SCT', field: 'Thương mại', received: '2025-05-26', due: '2025-06-02', resolved: null, timeliness: null, status: 'processing' },
  { code: 'SCT-005', unit: 'SCT', field: 'Thương mại', received: '2025-06-13', due: '2025-06-20', resolved: null, timeliness: null, status: 'processing' },
  { code: 'SCT-006', unit: 'SCT', field: 'Thương mại', received: '2025-04-25', due: '2025-05-02', resolved: null, timeliness: null, status: 'withdrawn' },
  {
    code: 'SCT-007',
    unit: 'SCT',
    field: 'Thương mại',
    received: '2024-12-15',
    due: '2024-12-20',
    resolved: '2024-12-31',
    timeliness: 'late',
    status: 'resolved',
  },
  { code: 'X1-001', unit: 'X1', field: 'Hộ tịch', received: '2025-01-27', due: '2025-02-03', resolved: '2025-02-05', timeliness: 'late', status: 'resolved' },
  { code: 'X1-002', unit: 'X1', field: 'Hộ tịch', received: '2025-05-13', due: '2025-05-20', resolved: null, timeliness: null, status: 'needs_supplement' },
  {
    code: 'X2-001',
    unit: 'X2',
    field: 'Chứng thực',
    received: '2025-06-02',
    due: '2025-06-05',
    resolved: '2025-06-04',
    timeliness: 'early',
    status: 'resolved',
  },
];
const PROCEDURES: Record<string, { code: string; name: string }> = {
  SCT: { code: '2.000633', name: 'Cấp Giấy chứng nhận đủ điều kiện kinh doanh xăng dầu' },
  X1: { code: '1.001193', name: 'Đăng ký khai sinh' },
  X2: { code: '2.000908', name: 'Chứng thực bản sao từ bản chính' },
};

const localInstant = (date: string) => new Date(`${date}T09:00:00+07:00`);

async function insertFixtures(server: TestServer) {
  const { db } = server;
  const unitIds = new Map((await db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
  const procedureIds = new Map<string, number>();
  for (const [unit, p] of Object.entries(PROCEDURES)) {
    const [row] = await db
      .insert(procedures)
      .values({
        code: p.code,
        name: p.name,
        searchKey: p.name.toLowerCase(),
        field: 'x',
        unitId: unitIds.get(unit)!,
        legalDays: 10,
        internalDays: 5,
        onlineLevel: 'partial',
      })
      .returning({ id: procedures.id });
    procedureIds.set(unit, row!.id);
  }
  await db.insert(dossiers).values(
    FIXTURES.map((f) => ({
      code: f.code,
      unitId: unitIds.get(f.unit)!,
      procedureId: procedureIds.get(f.unit)!,
      field: f.field,
      channel: 'direct' as const,
      status: f.status,
      receivedAt: localInstant(f.received),
      dueAt: localInstant(f.due),
      resolvedAt: f.resolved ? localInstant(f.resolved) : null,
      receivedDate: f.received,
      dueDate: f.due,
      resolvedDate: f.resolved,
      timeliness: f.timeliness,
    })),
  );
  await db.insert(calendarDays).values({ day: '2025-06-18', kind: 'holiday', name: 'Ngày nghỉ thử nghiệm' });
}

const unescapeXml = (value: string) =>
  value.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1]!)).join('');

async function readDocx(buffer: Buffer) {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('word/document.xml')!.async('string');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0]));
  return { xml, text: paragraphs.join('\n'), pageBreaks: (xml.match(/<w:br w:type="page"\/>/g) ?? []).length };
}

let server: TestServer;
let admin: ApiClient;
let sctOfficer: ApiClient;
let x1Officer: ApiClient;
let sctLeader: ApiClient;
let viewer: ApiClient;
let council: ApiClient;

async function download(client: ApiClient, url: string) {
  const response = await fetch(`${server.baseUrl}${url}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

async function auditOf(code: string) {
  return server.db.select().from(auditLog).where(eq(auditLog.entityId, code)).orderBy(auditLog.id);
}

const codes = (body: { items: { code: string }[] }) => body.items.map((i) => i.code);

beforeAll(async () => {
  server = await startTestServer();
  server.now = `${TODAY}T03:00:00Z`;
  await seedOrganisation(server);
  await insertFixtures(server);
  admin = await server.loginAs('admin');
  sctOfficer = await server.loginAs('unit_officer', 'SCT');
  sctLeader = await server.loginAs('unit_leader', 'SCT');
  x1Officer = await server.loginAs('unit_officer', 'X1');
  viewer = await server.loginAs('viewer');
  council = await server.loginAs('council');
});
afterAll(() => server?.close());

describe('the list of dossiers that need a letter', () => {
  it('unit staff see their own unit’s late and overdue dossiers, without a letter first and oldest due first', async () => {
    const own = await sctOfficer.get('/api/v1/apology-letters/dossiers');
    expect(own.status).toBe(200);
    expect(codes(own.body)).toEqual(['SCT-007', 'SCT-001', 'SCT-002', 'SCT-004']);
    expect(own.body.total).toBe(4);
    expect(own.body.withoutLetter).toBe(4);
    const sct001 = own.body.items.find((i: { code: string }) => i.code === 'SCT-001');
    expect(sct001).toMatchObject({
      unitCode: 'SCT',
      state: 'late',
      workingDaysLate: 2,
      procedureName: PROCEDURES.SCT!.name,
      letter: null,
      dueDate: '2025-03-10',
      resolvedDate: '2025-03-12',
    });
    const sct004 = own.body.items.find((i: { code: string }) => i.code === 'SCT-004');
    expect(sct004).toMatchObject({ state: 'overdue', workingDaysLate: 10, resolvedDate: null, status: 'processing' });

    const commune = await x1Officer.get('/api/v1/apology-letters/dossiers');
    expect(codes(commune.body)).toEqual(['X1-001', 'X1-002']);
    expect(commune.body.items.map((i: { state: string }) => i.state)).toEqual(['late', 'overdue']);
  });

  it('a commune officer never reaches another unit’s dossiers; council and viewers do not list them', async () => {
    const other = await x1Officer.get('/api/v1/apology-letters/dossiers?unit=SCT');
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    const issue = await x1Officer.put('/api/v1/apology-letters/dossiers/SCT-001', { reason: 'x', newAppointmentDate: '2025-06-19' });
    expect(issue.status).toBe(404);
    expect((await council.get('/api/v1/apology-letters/dossiers')).status).toBe(403);
    expect((await viewer.get('/api/v1/apology-letters/dossiers')).status).toBe(403);
  });

  it('the organizer sees every unit and filters by unit, field, state and period', async () => {
    const all = await admin.get('/api/v1/apology-letters/dossiers?limit=2');
    expect(all.body.total).toBe(6);
    expect(codes(all.body)).toEqual(['SCT-007', 'X1-001']);
    const page2 = await admin.get('/api/v1/apology-letters/dossiers?limit=2&offset=2');
    expect(codes(page2.body)).toEqual(['SCT-001', 'SCT-002']);
    expect(codes((await admin.get('/api/v1/apology-letters/dossiers?unit=X1')).body)).toEqual(['X1-001', 'X1-002']);
    expect(codes((await admin.get('/api/v1/apology-letters/dossiers?state=overdue')).body)).toEqual(['X1-002', 'SCT-004']);
    expect(codes((await admin.get(`/api/v1/apology-letters/dossiers?field=${encodeURIComponent('Thương mại')}`)).body)).toEqual([
      'SCT-007',
      'SCT-001',
      'SCT-004',
    ]);
    expect(codes((await admin.get('/api/v1/apology-letters/dossiers?dateBy=resolved&from=2025-01-01&to=2025-03-31')).body)).toEqual(['X1-001', 'SCT-001']);
    expect(codes((await admin.get('/api/v1/apology-letters/dossiers?dateBy=due&from=2025-04-01&to=2025-06-30')).body)).toEqual([
      'SCT-002',
      'X1-002',
      'SCT-004',
    ]);
    expect(codes((await admin.get('/api/v1/apology-letters/dossiers?q=x1-0')).body)).toEqual(['X1-001', 'X1-002']);
    const bad = await admin.get('/api/v1/apology-letters/dossiers?from=2025-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('query.from');
  });
});

describe('issuing a letter', () => {
  it('names every broken rule by field and writes nothing', async () => {
    const res = await sctOfficer.put('/api/v1/apology-letters/dossiers/SCT-004', { reason: '  ', newAppointmentDate: '2025-06-02', issuedOn: '2025-06-17' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const byPath = Object.fromEntries(res.body.error.details.issues.map((i: { path: string; message: string }) => [i.path, i.message]));
    expect(Object.keys(byPath).sort()).toEqual(['issuedOn', 'newAppointmentDate', 'reason']);
    expect(byPath.newAppointmentDate).toContain('after the due date (02/06/2025)');
    expect(byPath.issuedOn).toContain('after today (16/06/2025)');

    const weekend = await sctOfficer.put('/api/v1/apology-letters/dossiers/SCT-004', { reason: 'Chờ ý kiến', newAppointmentDate: '2025-06-21' });
    expect(weekend.body.error.details.issues).toMatchObject([{ path: 'newAppointmentDate', message: '21/06/2025 is not a working day (weekend or holiday)' }]);
    const holiday = await sctOfficer.put('/api/v1/apology-letters/dossiers/SCT-004', { reason: 'Chờ ý kiến', newAppointmentDate: '2025-06-18' });
    expect(holiday.body.error.details.issues[0].message).toContain('18/06/2025 is not a working day');
    const beforeLetter = await sctOfficer.put('/api/v1/apology-letters/dossiers/SCT-004', { reason: 'x', newAppointmentDate: '2025-06-13' });
    expect(beforeLetter.body.error.details.issues[0].message).toContain("cannot be before the letter's date (16/06/2025)");
    const impossible = await sctOfficer.put('/api/v1/apology-letters/dossiers/SCT-004', { reason: 'x', newAppointmentDate: '2025-06-31' });
    expect(impossible.status).toBe(400);
    expect(impossible.body.error.details.issues[0].path).toBe('newAppointmentDate');
    for (const code of ['SCT-003', 'SCT-005', 'SCT-006']) {
      const none = await sctOfficer.put(`/api/v1/apology-letters/dossiers/${code}`, { reason: 'x', newAppointmentDate: '2025-06-30' });
      expect(none.status, code).toBe(400);
      expect(none.body.error.details.issues[0]).toMatchObject({ path: 'dossierCode' });
      expect(none.body.error.details.issues[0].message).toContain('needs no apology letter');
    }
    expect((await sctOfficer.put('/api/v1/apology-letters/dossiers/NOPE', { reason: 'x', newAppointmentDate: '2025-06-30' })).status).toBe(404);
    expect(await auditOf('SCT-004')).toEqual([]);
  });

  it('issues a letter for an overdue dossier, audited; editing it keeps the previous version in the audit log', async () => {
    const res = await sctOfficer.put('/api/v1/apology-letters/dossiers/SCT-004', {
      reason: 'Hồ sơ phải lấy ý kiến Sở Tài chính.',
      newAppointmentDate: '2025-06-19',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      dossierCode: 'SCT-004',
      created: true,
      letter: { reason: 'Hồ sơ phải lấy ý kiến Sở Tài chính.', newAppointmentDate: '2025-06-19', issuedOn: TODAY },
    });
    const [created] = await auditOf('SCT-004');
    expect(created).toMatchObject({ action: 'create', entityType: 'apology_letter', actorUsername: sctOfficer.user.username });
    expect(created!.after).toMatchObject({ reason: 'Hồ sơ phải lấy ý kiến Sở Tài chính.', newAppointmentDate: '2025-06-19', issuedOn: TODAY });

    const edit = await sctLeader.put('/api/v1/apology-letters/dossiers/SCT-004', {
      reason: 'Chờ kết quả thẩm định thực tế.',
      newAppointmentDate: '2025-06-20',
      issuedOn: TODAY,
    });
    expect(edit.status).toBe(200);
    expect(edit.body.created).toBe(false);
    const [, updated] = await auditOf('SCT-004');
    expect(updated).toMatchObject({ action: 'update', actorUsername: sctLeader.user.username });
    expect(updated!.before).toMatchObject({
      reason: 'Hồ sơ phải lấy ý kiến Sở Tài chính.',
      newAppointmentDate: '2025-06-19',
      issuedBy: sctOfficer.user.username,
    });
    expect(updated!.after).toMatchObject({ reason: 'Chờ kết quả thẩm định thực tế.', newAppointmentDate: '2025-06-20', issuedBy: sctLeader.user.username });

    const withLetter = await sctOfficer.get('/api/v1/apology-letters/dossiers?letter=with');
    expect(codes(withLetter.body)).toEqual(['SCT-004']);
    expect(withLetter.body.items[0].letter).toEqual({
      reason: 'Chờ kết quả thẩm định thực tế.',
      newAppointmentDate: '2025-06-20',
      issuedOn: TODAY,
      issuedBy: sctLeader.user.username,
    });
    expect(codes((await sctOfficer.get('/api/v1/apology-letters/dossiers?letter=without')).body)).toEqual(['SCT-007', 'SCT-001', 'SCT-002']);
  });

  it('lateWithoutLetterCounts: late dossiers resolved in the year without a letter, per unit id', async () => {
    const ids = new Map((await server.db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
    // SCT-001 and SCT-002 (2025), X1-001 (2025); SCT-007 was resolved on 31/12/2024. SCT-004 is not resolved.
    expect(await lateWithoutLetterCounts(server.db, 2025)).toEqual(
      new Map([
        [ids.get('SCT')!, 2],
        [ids.get('X1')!, 1],
      ]),
    );
    expect(await lateWithoutLetterCounts(server.db, 2024)).toEqual(new Map([[ids.get('SCT')!, 1]]));
  });

  it('bulk: all or nothing, every refused row named; then one reason and date for all with a per-row date', async () => {
    const refused = await admin.post('/api/v1/apology-letters/bulk', {
      reason: 'Chờ ý kiến cơ quan liên quan.',
      newAppointmentDate: '2025-06-19',
      letters: [
        { dossierCode: 'SCT-001' },
        { dossierCode: 'SCT-004' },
        { dossierCode: 'SCT-003' },
        { dossierCode: 'NOPE' },
        { dossierCode: 'X1-001', newAppointmentDate: '2025-06-22' },
      ],
    });
    expect(refused.status).toBe(400);
    const paths = refused.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(['letters.1.dossierCode', 'letters.2.dossierCode', 'letters.3.dossierCode', 'letters.4.newAppointmentDate']);
    expect(refused.body.error.details.issues[0].message).toContain('already has a letter');
    expect(await auditOf('SCT-001')).toEqual([]);

    const noReason = await admin.post('/api/v1/apology-letters/bulk', { newAppointmentDate: '2025-06-19', letters: [{ dossierCode: 'SCT-001' }] });
    expect(noReason.body.error.details.issues).toMatchObject([{ path: 'letters.0.reason', message: 'the reason for the delay is required' }]);

    const foreign = await x1Officer.post('/api/v1/apology-letters/bulk', {
      reason: 'x',
      newAppointmentDate: '2025-06-19',
      letters: [{ dossierCode: 'X1-001' }, { dossierCode: 'SCT-001' }],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details.issues).toMatchObject([{ path: 'letters.1.dossierCode', message: 'dossier SCT-001 not found' }]);

    const ok = await admin.post('/api/v1/apology-letters/bulk', {
      reason: 'Chờ ý kiến cơ quan liên quan.',
      newAppointmentDate: '2025-06-19',
      letters: [
        { dossierCode: 'SCT-001' },
        { dossierCode: 'SCT-002' },
        { dossierCode: 'X1-001', newAppointmentDate: '2025-06-23', reason: 'Thiếu bản sao giấy tờ.' },
      ],
    });
    expect(ok.status).toBe(201);
    expect(
      ok.body.items.map((i: { dossierCode: string; letter: { newAppointmentDate: string; reason: string } }) => [
        i.dossierCode,
        i.letter.newAppointmentDate,
        i.letter.reason,
      ]),
    ).toEqual([
      ['SCT-001', '2025-06-19', 'Chờ ý kiến cơ quan liên quan.'],
      ['SCT-002', '2025-06-19', 'Chờ ý kiến cơ quan liên quan.'],
      ['X1-001', '2025-06-23', 'Thiếu bản sao giấy tờ.'],
    ]);
    for (const code of ['SCT-001', 'SCT-002', 'X1-001'])
      expect(
        (await auditOf(code)).map((a) => a.action),
        code,
      ).toEqual(['create']);
    expect((await admin.get('/api/v1/apology-letters/dossiers?letter=without')).body.items.map((i: { code: string }) => i.code)).toEqual(['SCT-007', 'X1-002']);
  });
});

describe('letters as DOCX', () => {
  it('one letter: the dossier code, procedure, reason and dates as dd/mm/yyyy on one page', async () => {
    const file = await download(sctOfficer, '/api/v1/apology-letters/dossiers/SCT-004/letter.docx');
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(file.disposition).toContain('phieu-xin-loi-SCT-004.docx');
    const doc = await readDocx(file.body);
    expect(doc.text).toContain('SỞ CÔNG THƯƠNG');
    expect(doc.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(doc.text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(doc.text).toContain('……………, ngày 16 tháng 6 năm 2025');
    expect(doc.text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(doc.text).toContain('Kính gửi: Ông/Bà');
    expect(doc.text).toContain(
      `Ngày 26/05/2025, Sở Công Thương đã tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính “${PROCEDURES.SCT!.name}” của Ông/Bà; mã hồ sơ: SCT-004.`,
    );
    expect(doc.text).toContain('thời hạn trả kết quả giải quyết hồ sơ là ngày 02/06/2025.');
    expect(doc.text).toContain('Lý do: Chờ kết quả thẩm định thực tế.');
    expect(doc.text).toContain('hẹn trả kết quả giải quyết hồ sơ vào ngày 20/06/2025.');
    expect(doc.text).toContain('THỦ TRƯỞNG ĐƠN VỊ');
    expect(doc.pageBreaks).toBe(0);
  });

  it('bulk: ONE file, the letters in the order asked, a page break between two letters', async () => {
    const file = await download(admin, '/api/v1/apology-letters/letters.docx?codes=SCT-001,X1-001,SCT-004');
    expect(file.status).toBe(200);
    const doc = await readDocx(file.body);
    expect(doc.pageBreaks).toBe(2);
    const at = (text: string) => doc.text.indexOf(text);
    expect(at('mã hồ sơ: SCT-001')).toBeGreaterThan(-1);
    expect(at('mã hồ sơ: SCT-001')).toBeLessThan(at('mã hồ sơ: X1-001'));
    expect(at('mã hồ sơ: X1-001')).toBeLessThan(at('mã hồ sơ: SCT-004'));
    expect(doc.text).toContain('XÃ ĐỒNG TÂM');
    expect(doc.text).toContain('Lý do: Thiếu bản sao giấy tờ.');
    expect(doc.text).toContain('vào ngày 23/06/2025.');
    expect(doc.text).toContain('thủ tục hành chính “Đăng ký khai sinh”');
    expect(doc.text).toContain('Ngày 27/01/2025'); // X1-001 received
    // Page breaks sit between letters: the text before the first break holds only the first letter.
    const firstPage = textOf(doc.xml.slice(0, doc.xml.indexOf('<w:br w:type="page"/>')));
    expect(firstPage).toContain('SCT-001');
    expect(firstPage).not.toContain('X1-001');
  });

  it('refuses a dossier without a letter and another unit’s dossier', async () => {
    const without = await download(admin, '/api/v1/apology-letters/dossiers/X1-002/letter.docx');
    expect(without.status).toBe(404);
    expect(JSON.parse(without.body.toString()).error.message).toContain('has no apology letter yet');
    expect((await download(sctOfficer, '/api/v1/apology-letters/letters.docx?codes=SCT-001,X1-001')).status).toBe(404);
    expect((await download(sctOfficer, '/api/v1/apology-letters/letters.docx?codes=SCT-001,SCT-004')).status).toBe(200);
    expect((await download(viewer, '/api/v1/apology-letters/dossiers/SCT-004/letter.docx')).status).toBe(403);
  });
});

describe('counts by unit and field', () => {
  /*
   * 01/01–30/06/2025, letters now: SCT-004 (overdue), SCT-001, SCT-002, X1-001 (late), all dated 16/06/2025.
   *   SCT: late SCT-001, SCT-002 = 2 (SCT-007 is 2024), both with a letter; overdue SCT-004 = 1 with a letter
   *        (SCT-005 not yet due, SCT-006 withdrawn) → letters 3, missing 0, issued 3
   *   X1:  late X1-001 = 1 with a letter; overdue X1-002 = 1 without → letters 1, missing 1, issued 1
   *   X2:  nothing late. Total: late 3 (3 with letter), overdue 2 (1 with letter), letters 4, missing 1, issued 4.
   * Most missing first: X1, then SCT.
   */
  it('by unit, hand-computed', async () => {
    const res = await admin.get('/api/v1/apology-letters/counts?by=unit&from=2025-01-01&to=2025-06-30');
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      { key: 'X1', name: 'Xã Đồng Tâm', late: 1, lateWithLetter: 1, overdue: 1, overdueWithLetter: 0, letters: 1, missing: 1, issued: 1 },
      { key: 'SCT', name: 'Sở Công Thương', late: 2, lateWithLetter: 2, overdue: 1, overdueWithLetter: 1, letters: 3, missing: 0, issued: 3 },
    ]);
    expect(res.body.total).toMatchObject({ late: 3, lateWithLetter: 3, overdue: 2, overdueWithLetter: 1, letters: 4, missing: 1, issued: 4 });
    // The council and viewers read the same counts (with what they, not the organizer, may do).
    const { can: _adminCan, ...figures } = res.body;
    const { can: _viewerCan, ...viewerFigures } = (await viewer.get('/api/v1/apology-letters/counts?by=unit&from=2025-01-01&to=2025-06-30')).body;
    expect(viewerFigures).toEqual(figures);
    expect((await council.get('/api/v1/apology-letters/counts?by=unit&from=2025-01-01&to=2025-06-30')).status).toBe(200);
  });

  it('by field; a period that ends before the letters were dated counts them as letters but not as issued', async () => {
    const res = await admin.get('/api/v1/apology-letters/counts?by=field&from=2025-01-01&to=2025-06-15');
    // Hộ tịch: X1-001 late (letter), X1-002 overdue (none). Thương mại: SCT-001 late, SCT-004 overdue, both with letters.
    // Công nghiệp: SCT-002 late with a letter. No letter is dated before 16/06.
    expect(res.body.rows).toEqual([
      { key: 'Hộ tịch', name: 'Hộ tịch', late: 1, lateWithLetter: 1, overdue: 1, overdueWithLetter: 0, letters: 1, missing: 1, issued: 0 },
      { key: 'Thương mại', name: 'Thương mại', late: 1, lateWithLetter: 1, overdue: 1, overdueWithLetter: 1, letters: 2, missing: 0, issued: 0 },
      { key: 'Công nghiệp', name: 'Công nghiệp', late: 1, lateWithLetter: 1, overdue: 0, overdueWithLetter: 0, letters: 1, missing: 0, issued: 0 },
    ]);
  });

  it('unit staff count their own unit only; a reversed period is refused', async () => {
    const own = await x1Officer.get('/api/v1/apology-letters/counts?by=unit&from=2025-01-01&to=2025-06-30');
    expect(own.body.rows.map((r: { key: string }) => r.key)).toEqual(['X1']);
    expect((await x1Officer.get('/api/v1/apology-letters/counts?unit=SCT&from=2025-01-01&to=2025-06-30')).status).toBe(403);
    const reversed = await admin.get('/api/v1/apology-letters/counts?from=2025-06-30&to=2025-01-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details.issues[0].path).toBe('query.to');
    // 2024: SCT-007 late without a letter.
    const lastYear = await admin.get('/api/v1/apology-letters/counts?from=2024-01-01&to=2024-12-31');
    expect(lastYear.body.rows).toEqual([
      { key: 'SCT', name: 'Sở Công Thương', late: 1, lateWithLetter: 0, overdue: 0, overdueWithLetter: 0, letters: 0, missing: 1, issued: 0 },
    ]);
  });
});

describe('what the caller may do (can)', () => {
  const NOTHING = { listDossiers: false, issue: false, issueBulk: false, edit: false, editTemplate: false, chooseUnit: false };
  const UNIT_STAFF = { listDossiers: true, issue: true, issueBulk: true, edit: true, editTemplate: false, chooseUnit: false };
  const COUNTS = '/api/v1/apology-letters/counts?from=2025-01-01&to=2025-06-30';

  it('the counts tell every role what it may do', async () => {
    expect((await admin.get(COUNTS)).body.can).toEqual({ listDossiers: true, issue: true, issueBulk: true, edit: true, editTemplate: true, chooseUnit: true });
    expect((await sctOfficer.get(COUNTS)).body.can).toEqual(UNIT_STAFF);
    expect((await sctLeader.get(COUNTS)).body.can).toEqual(UNIT_STAFF);
    expect((await x1Officer.get(COUNTS)).body.can).toEqual(UNIT_STAFF);
    expect((await council.get(COUNTS)).body.can).toEqual(NOTHING);
    expect((await viewer.get(COUNTS)).body.can).toEqual(NOTHING);
    const appraiser = await server.loginAs('appraiser');
    expect((await appraiser.get(COUNTS)).body.can).toEqual(NOTHING);
  });

  it('the dossier list and the template carry the same can', async () => {
    expect((await sctOfficer.get('/api/v1/apology-letters/dossiers')).body.can).toEqual(UNIT_STAFF);
    expect((await admin.get('/api/v1/apology-letters/dossiers')).body.can.chooseUnit).toBe(true);
    expect((await sctLeader.get('/api/v1/apology-letters/template')).body.can).toEqual(UNIT_STAFF);
    expect((await admin.get('/api/v1/apology-letters/template')).body.can.editTemplate).toBe(true);
  });

  it('an officer of another unit is refused what their can allows for their own unit', async () => {
    // X1's officer may issue (can.issue) — for X1 only: SCT's list, counts, letter and DOCX are refused.
    expect((await x1Officer.get('/api/v1/apology-letters/dossiers?unit=SCT')).body.error.reason).toBe('own_unit_dossiers_only');
    expect((await x1Officer.get('/api/v1/apology-letters/counts?unit=SCT&from=2025-01-01&to=2025-06-30')).status).toBe(403);
    const put = await x1Officer.put('/api/v1/apology-letters/dossiers/SCT-002', { reason: 'x', newAppointmentDate: '2025-06-19' });
    expect(put.status).toBe(404);
    expect(put.body.error.reason).toBe('apology_dossier_not_found');
    const bulk = await x1Officer.post('/api/v1/apology-letters/bulk', { reason: 'x', newAppointmentDate: '2025-06-19', letters: [{ dossierCode: 'SCT-002' }] });
    expect(bulk.status).toBe(400);
    expect(bulk.body.error.details.issues[0]).toMatchObject({ path: 'letters.0.dossierCode', code: 'letter_dossier_unknown' });
    expect((await download(x1Officer, '/api/v1/apology-letters/dossiers/SCT-001/letter.docx')).status).toBe(404);
  });
});

describe('the letter template', () => {
  it('starts as the built-in template; unknown and unclosed placeholders are refused by name', async () => {
    const current = await sctOfficer.get('/api/v1/apology-letters/template');
    expect(current.status).toBe(200);
    expect(current.body.isDefault).toBe(true);
    expect(current.body.template.title).toBe('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(Object.keys(current.body.placeholders)).toContain('newAppointmentDate');

    const template = current.body.template;
    const bad = await admin.put('/api/v1/apology-letters/template', {
      ...template,
      paragraphs: [template.paragraphs[0], 'Kính gửi {{ citizenName }} lời xin lỗi.', 'Hẹn ngày {{newAppointmentDate'],
      place: 'Phú Thọ {{unit}}',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const issues = bad.body.error.details.issues;
    expect(issues.map((i: { path: string }) => i.path)).toEqual(['place', 'paragraphs.1', 'paragraphs.2']);
    expect(issues[1].message).toContain('unknown placeholder {{citizenName}}');
    expect(issues[2].message).toContain('not closed');
    expect((await admin.get('/api/v1/apology-letters/template')).body.isDefault).toBe(true);
    expect((await sctOfficer.put('/api/v1/apology-letters/template', template)).status).toBe(403);
  });

  it('preview fills an unsaved template with the example dossier', async () => {
    const { template } = (await admin.get('/api/v1/apology-letters/template')).body;
    const res = await admin.post('/api/v1/apology-letters/template/preview', {
      ...template,
      place: 'Phú Thọ',
      paragraphs: ['Mã hồ sơ {{dossierCode}}, hẹn ngày {{newAppointmentDate}}, lĩnh vực {{field}}.'],
    });
    expect(res.status).toBe(200);
    expect(res.body.paragraphs).toEqual(['Mã hồ sơ H00.00-250301-0001, hẹn ngày 17/03/2025, lĩnh vực Hộ tịch.']);
    expect(res.body.dateLine).toBe('Phú Thọ, ngày 16 tháng 6 năm 2025');
    const bad = await admin.post('/api/v1/apology-letters/template/preview', { ...template, title: '{{nope}}' });
    expect(bad.body.error.details.issues).toEqual([expect.objectContaining({ path: 'title' })]);
  });

  it('saving is audited with before and after, and letters use the saved template; reset goes back to the built-in one', async () => {
    const { template } = (await admin.get('/api/v1/apology-letters/template')).body;
    const edited = { ...template, place: 'Phú Thọ', letterhead: ['UBND tỉnh Phú Thọ', '{{unit}}'], signatureTitle: 'GIÁM ĐỐC', signerName: 'Nguyễn Văn A' };
    const saved = await admin.put('/api/v1/apology-letters/template', edited);
    expect(saved.status).toBe(200);
    expect(saved.body.isDefault).toBe(false);
    const [audit] = await auditOf('apology_letter_template');
    expect(audit).toMatchObject({ action: 'update', entityType: 'setting' });
    expect((audit!.before as { place: string }).place).toBe('……………');
    expect((audit!.after as { place: string }).place).toBe('Phú Thọ');

    const doc = await readDocx((await download(sctOfficer, '/api/v1/apology-letters/dossiers/SCT-004/letter.docx')).body);
    expect(doc.text).toContain('UBND TỈNH PHÚ THỌ');
    expect(doc.text).toContain('Phú Thọ, ngày 16 tháng 6 năm 2025');
    expect(doc.text).toContain('GIÁM ĐỐC');
    expect(doc.text).toContain('Nguyễn Văn A');

    const sample = await download(admin, '/api/v1/apology-letters/template/sample.docx');
    expect(sample.status).toBe(200);
    const sampleDoc = await readDocx(sample.body);
    expect(sampleDoc.text).toContain('mã hồ sơ: H00.00-250301-0001');
    expect(sampleDoc.text).toContain('GIÁM ĐỐC');

    const reset = await admin.delete('/api/v1/apology-letters/template');
    expect(reset.body.isDefault).toBe(true);
    expect((await auditOf('apology_letter_template')).map((a) => a.action)).toEqual(['update', 'delete']);
    const after = await readDocx((await download(sctOfficer, '/api/v1/apology-letters/dossiers/SCT-004/letter.docx')).body);
    expect(after.text).not.toContain('GIÁM ĐỐC');
  });
});
