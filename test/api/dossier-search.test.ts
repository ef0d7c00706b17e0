import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossiers, units } from '../../src/db/schema.js';
import { createProcedure } from '../../src/modules/procedures/service.js';
import { DossierDetail, DossierSearchResult } from '../../src/modules/dossiers/schemas.js';
import type { ApiClient } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/*
 * The dossier list and one dossier. Today is Monday 16/06/2025 (server clock 10:00 local); no holiday is configured,
 * so working days are Monday–Friday.
 *
 * Dossiers (received → due → resolved; status; timeliness at 16/06 by domain.md):
 *   SCT-001  SCT P.TM  Thương mại   direct  03/03 09:00 → 10/03 → 12/03  resolved          late (2 working days: 11, 12); letter
 *   SCT-002  SCT P.TM  Thương mại   online  25/03 08:00 → 01/04 → 01/04  resolved          on time
 *   SCT-003  SCT P.TM  Thương mại   postal  26/05 23:30 → 02/06 → —      processing        overdue (due before today)
 *   SCT-004  SCT P.CN  Công nghiệp  online  13/06 09:00 → 20/06 → —      processing        pending (not yet due)
 *   SCT-005  SCT P.TM  Thương mại   direct  25/04 09:00 → 02/05 → —      withdrawn         none
 *   SCT-006  SCT P.CN  Công nghiệp  direct  16/06 08:00 → 16/06 → —      needs_supplement  pending (due today is not overdue)
 *   X1-001   X1  P.HT  Hộ tịch      online  27/01 00:10 → 03/02 → 30/01  resolved          early (received 26/01 in UTC)
 *   X1-002   X1  P.HT  Hộ tịch      direct  13/05 09:00 → 20/05 → —      needs_supplement  overdue
 *   SNV-001  SNV P.NV  Nội vụ       direct  02/06 09:00 → 05/06 → 04/06  returned          early
 * Newest received first: SCT-006, SCT-004, SNV-001, SCT-003, X1-002, SCT-005, SCT-002, SCT-001, X1-001.
 */
const NOW = '2025-06-16T10:00:00+07:00';
const ALL = ['SCT-006', 'SCT-004', 'SNV-001', 'SCT-003', 'X1-002', 'SCT-005', 'SCT-002', 'SCT-001', 'X1-001'];

type Row = {
  code: string;
  unit: string;
  procedure: string;
  field: string;
  channel: 'direct' | 'online' | 'postal';
  received: string;
  due: string;
  resolved: string | null;
  status: 'resolved' | 'processing' | 'withdrawn' | 'needs_supplement' | 'returned';
  timeliness: 'early' | 'on_time' | 'late' | null;
};
const ROWS: Row[] = [
  {
    code: 'SCT-001',
    unit: 'SCT',
    procedure: 'P.TM',
    field: 'Thương mại',
    channel: 'direct',
    received: '2025-03-03T09:00',
    due: '2025-03-10',
    resolved: '2025-03-12',
    status: 'resolved',
    timeliness: 'late',
  },
  {
    code: 'SCT-002',
    unit: 'SCT',
    procedure: 'P.TM',
    field: 'Thương mại',
    channel: 'online',
    received: '2025-03-25T08:00',
    due: '2025-04-01',
    resolved: '2025-04-01',
    status: 'resolved',
    timeliness: 'on_time',
  },
  {
    code: 'SCT-003',
    unit: 'SCT',
    procedure: 'P.TM',
    field: 'Thương mại',
    channel: 'postal',
    received: '2025-05-26T23:30',
    due: '2025-06-02',
    resolved: null,
    status: 'processing',
    timeliness: null,
  },
  {
    code: 'SCT-004',
    unit: 'SCT',
    procedure: 'P.CN',
    field: 'Công nghiệp',
    channel: 'online',
    received: '2025-06-13T09:00',
    due: '2025-06-20',
    resolved: null,
    status: 'processing',
    timeliness: null,
  },
  {
    code: 'SCT-005',
    unit: 'SCT',
    procedure: 'P.TM',
    field: 'Thương mại',
    channel: 'direct',
    received: '2025-04-25T09:00',
    due: '2025-05-02',
    resolved: null,
    status: 'withdrawn',
    timeliness: null,
  },
  {
    code: 'SCT-006',
    unit: 'SCT',
    procedure: 'P.CN',
    field: 'Công nghiệp',
    channel: 'direct',
    received: '2025-06-16T08:00',
    due: '2025-06-16',
    resolved: null,
    status: 'needs_supplement',
    timeliness: null,
  },
  {
    code: 'X1-001',
    unit: 'X1',
    procedure: 'P.HT',
    field: 'Hộ tịch',
    channel: 'online',
    received: '2025-01-27T00:10',
    due: '2025-02-03',
    resolved: '2025-01-30',
    status: 'resolved',
    timeliness: 'early',
  },
  {
    code: 'X1-002',
    unit: 'X1',
    procedure: 'P.HT',
    field: 'Hộ tịch',
    channel: 'direct',
    received: '2025-05-13T09:00',
    due: '2025-05-20',
    resolved: null,
    status: 'needs_supplement',
    timeliness: null,
  },
  {
    code: 'SNV-001',
    unit: 'SNV',
    procedure: 'P.NV',
    field: 'Nội vụ',
    channel: 'direct',
    received: '2025-06-02T09:00',
    due: '2025-06-05',
    resolved: '2025-06-04',
    status: 'returned',
    timeliness: 'early',
  },
];
/** The timeliness each dossier must show at 16/06/2025, worked out by hand from the table above. */
const EXPECTED_STANDING: Record<string, string | null> = {
  'SCT-001': 'late',
  'SCT-002': 'on_time',
  'SCT-003': 'overdue',
  'SCT-004': 'pending',
  'SCT-005': null,
  'SCT-006': 'pending',
  'X1-001': 'early',
  'X1-002': 'overdue',
  'SNV-001': 'early',
};

let server: TestServer;
let admin: ApiClient;
let viewer: ApiClient;
let commune: ApiClient;

const local = (text: string) => new Date(`${text}${text.length === 10 ? 'T17:00' : ''}:00+07:00`);

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  const procedureOf = {
    'P.TM': ['Cấp phép kinh doanh', 'Thương mại', 'SCT'],
    'P.CN': ['Cấp phép công nghiệp', 'Công nghiệp', 'SCT'],
    'P.HT': ['Đăng ký khai sinh', 'Hộ tịch', 'X1'],
    'P.NV': ['Thẩm định tổ chức', 'Nội vụ', 'SNV'],
  };
  const procedureIds = new Map<string, number>();
  for (const [code, [name, field, unitCode]] of Object.entries(procedureOf)) {
    const p = await createProcedure(server.db, fixtureActor, {
      code,
      name: name!,
      field: field!,
      unitCode: unitCode!,
      legalDays: 10,
      internalDays: 5,
      onlineLevel: 'partial',
    });
    procedureIds.set(code, p.id);
  }
  const unitIds = new Map((await server.db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
  await server.db.insert(dossiers).values(
    ROWS.map((r) => ({
      code: r.code,
      unitId: unitIds.get(r.unit)!,
      procedureId: procedureIds.get(r.procedure)!,
      field: r.field,
      channel: r.channel,
      status: r.status,
      receivedAt: local(r.received),
      dueAt: new Date(`${r.due}T23:59:59+07:00`),
      dueComputed: true,
      resolvedAt: r.resolved ? local(r.resolved) : null,
      returnedAt: r.status === 'returned' && r.resolved ? local(r.resolved) : null,
      receivedDate: r.received.slice(0, 10),
      dueDate: r.due,
      resolvedDate: r.resolved,
      timeliness: r.timeliness,
    })),
  );
  server.now = NOW;
  admin = await server.loginAs('admin');
  viewer = await server.loginAs('viewer');
  commune = await server.loginAs('unit_officer', 'X1');
  const letter = await admin.put('/api/v1/apology-letters/dossiers/SCT-001', {
    reason: 'Thiếu cán bộ thẩm định',
    newAppointmentDate: '2025-03-14',
    issuedOn: '2025-03-11',
  });
  expect(letter.status, letter.text).toBe(201);
}, 60_000);
afterAll(() => server?.close());

async function codes(client: ApiClient, query: string): Promise<string[]> {
  const res = await client.get(`/api/v1/dossiers${query}`);
  expect(res.status, res.text).toBe(200);
  const body = DossierSearchResult.parse(res.body);
  expect(body.total, query).toBe(body.items.length);
  return body.items.map((d) => d.code);
}

describe('the dossier list', () => {
  it('lists every dossier newest received first, with names, timeliness at today and the letter mark', async () => {
    const res = await admin.get('/api/v1/dossiers');
    expect(res.status, res.text).toBe(200);
    const body = DossierSearchResult.parse(res.body);
    expect(body.items.map((d) => d.code)).toEqual(ALL);
    expect(body).toMatchObject({ total: 9, totalIsLowerBound: false, page: 1, asOf: '2025-06-16', scopeUnitCode: null, scopeUnitName: null });
    expect(Object.fromEntries(body.items.map((d) => [d.code, d.timeliness]))).toEqual(EXPECTED_STANDING);
    expect(body.items.filter((d) => d.hasLetter).map((d) => d.code)).toEqual(['SCT-001']);
    expect(body.items.find((d) => d.code === 'SCT-003')).toEqual({
      code: 'SCT-003',
      unitCode: 'SCT',
      unitName: 'Sở Công Thương',
      procedureCode: 'P.TM',
      procedureName: 'Cấp phép kinh doanh',
      field: 'Thương mại',
      channel: 'postal',
      status: 'processing',
      receivedAt: '2025-05-26T16:30:00.000Z',
      dueDate: '2025-06-02',
      resolvedAt: null,
      timeliness: 'overdue',
      hasLetter: false,
    });
  });

  it('filters by code: a whole code, a part of codes (any case)', async () => {
    expect(await codes(admin, '?code=X1-002')).toEqual(['X1-002']);
    expect(await codes(admin, '?code=sct-00')).toEqual(['SCT-006', 'SCT-004', 'SCT-003', 'SCT-005', 'SCT-002', 'SCT-001']);
    expect(await codes(admin, '?code=001')).toEqual(['SNV-001', 'SCT-001', 'X1-001']);
    expect(await codes(admin, '?code=NOPE')).toEqual([]);
  });

  it('filters by unit, procedure, field, channel and status', async () => {
    expect(await codes(admin, '?unit=X1')).toEqual(['X1-002', 'X1-001']);
    expect(await codes(admin, '?unit=sct&status=processing')).toEqual(['SCT-004', 'SCT-003']);
    expect(await codes(admin, '?procedure=P.CN')).toEqual(['SCT-006', 'SCT-004']);
    expect(await codes(admin, '?procedure=P.NOPE')).toEqual([]);
    expect(await codes(admin, `?field=${encodeURIComponent('Hộ tịch')}`)).toEqual(['X1-002', 'X1-001']);
    expect(await codes(admin, '?channel=online')).toEqual(['SCT-004', 'SCT-002', 'X1-001']);
    expect(await codes(admin, '?channel=postal')).toEqual(['SCT-003']);
    expect(await codes(admin, '?status=needs_supplement')).toEqual(['SCT-006', 'X1-002']);
    expect(await codes(admin, '?status=withdrawn')).toEqual(['SCT-005']);
    const unknown = await admin.get('/api/v1/dossiers?unit=NOPE');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.reason).toBe('dossier_search_unit_not_found');
    expect((await admin.get('/api/v1/dossiers?channel=fax')).status).toBe(400);
  });

  it('filters by timeliness at today: early, on time, late, overdue, pending — each as the domain rules classify it', async () => {
    expect(await codes(admin, '?timeliness=early')).toEqual(['SNV-001', 'X1-001']);
    expect(await codes(admin, '?timeliness=on_time')).toEqual(['SCT-002']);
    expect(await codes(admin, '?timeliness=late')).toEqual(['SCT-001']);
    expect(await codes(admin, '?timeliness=overdue')).toEqual(['SCT-003', 'X1-002']);
    expect(await codes(admin, '?timeliness=pending')).toEqual(['SCT-006', 'SCT-004']);
    // The filter (SQL) and the answer (TypeScript) agree on every dossier.
    for (const standing of ['early', 'on_time', 'late', 'overdue', 'pending']) {
      const expected = ALL.filter((code) => EXPECTED_STANDING[code] === standing);
      expect(await codes(admin, `?timeliness=${standing}`), standing).toEqual(expected);
    }
  });

  it('the report date follows the server clock: on 21/06 the dossier due 20/06 is overdue', async () => {
    server.now = '2025-06-21T10:00:00+07:00';
    try {
      expect(await codes(admin, '?timeliness=overdue')).toEqual(['SCT-006', 'SCT-004', 'SCT-003', 'X1-002']);
      expect(await codes(admin, '?timeliness=pending')).toEqual([]);
    } finally {
      server.now = NOW;
    }
  });

  it('filters by received and resolved dates: local days, both ends included', async () => {
    // SCT-003 was received at 23:30 local on 26/05 (16:30 UTC): in the range ending on 26/05.
    expect(await codes(admin, '?receivedFrom=2025-03-25&receivedTo=2025-05-26')).toEqual(['SCT-003', 'X1-002', 'SCT-005', 'SCT-002']);
    // X1-001 was received at 00:10 local on 27/01 (26/01 in UTC): in the range starting on 27/01, not in the one ending on 26/01.
    expect(await codes(admin, '?receivedFrom=2025-01-27&receivedTo=2025-01-27')).toEqual(['X1-001']);
    expect(await codes(admin, '?receivedTo=2025-01-26')).toEqual([]);
    expect(await codes(admin, '?resolvedFrom=2025-03-12&resolvedTo=2025-06-04')).toEqual(['SNV-001', 'SCT-002', 'SCT-001']);
    expect(await codes(admin, '?resolvedTo=2025-01-30')).toEqual(['X1-001']);
    expect(await codes(admin, '?unit=SCT&timeliness=late&resolvedFrom=2025-03-12&channel=direct')).toEqual(['SCT-001']);
    expect((await admin.get('/api/v1/dossiers?receivedFrom=2025-02-30')).status).toBe(400);
  });

  it('pages with a capped page size and depth', async () => {
    const page = async (n: number) => DossierSearchResult.parse((await admin.get(`/api/v1/dossiers?pageSize=4&page=${n}`)).body);
    const [p1, p2, p3, p4] = [await page(1), await page(2), await page(3), await page(4)];
    expect(p1.items.map((d) => d.code)).toEqual(ALL.slice(0, 4));
    expect(p2.items.map((d) => d.code)).toEqual(ALL.slice(4, 8));
    expect(p3.items.map((d) => d.code)).toEqual(['X1-001']);
    expect(p4.items).toEqual([]);
    expect([p1.total, p3.total, p1.pageSize]).toEqual([9, 9, 4]);
    const tooBig = await admin.get('/api/v1/dossiers?pageSize=101');
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.code).toBe('validation_failed');
    const tooDeep = await admin.get('/api/v1/dossiers?pageSize=100&page=101');
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error).toMatchObject({ reason: 'dossier_search_too_deep', params: { maxRows: 10000 } });
  });

  it('a commune officer sees only their unit’s dossiers; another unit is refused, its dossier does not exist for them', async () => {
    const res = await commune.get('/api/v1/dossiers');
    const body = DossierSearchResult.parse(res.body);
    expect(body.items.map((d) => d.code)).toEqual(['X1-002', 'X1-001']);
    expect([body.scopeUnitCode, body.scopeUnitName]).toEqual(['X1', 'Xã Đồng Tâm']);
    expect(await codes(commune, '?code=SCT')).toEqual([]);
    expect(await codes(commune, '?timeliness=overdue')).toEqual(['X1-002']);
    expect(await codes(commune, '?unit=X1')).toEqual(['X1-002', 'X1-001']);
    const other = await commune.get('/api/v1/dossiers?unit=SCT');
    expect(other.status).toBe(403);
    expect(other.body.error.reason).toBe('dossier_own_unit_only');
    expect((await commune.get('/api/v1/dossiers/SCT-001')).status).toBe(404);
    expect((await commune.get('/api/v1/dossiers/X1-002')).status).toBe(200);
  });

  it('a viewer sees the province', async () => {
    expect(await codes(viewer, '')).toEqual(ALL);
  });
});

describe('one dossier', () => {
  it('shows every field, the names, the working-day due date, the timeliness and the letter with its document', async () => {
    const res = await admin.get('/api/v1/dossiers/SCT-001');
    expect(res.status, res.text).toBe(200);
    const detail = DossierDetail.parse(res.body);
    expect(detail).toEqual({
      code: 'SCT-001',
      unitCode: 'SCT',
      unitName: 'Sở Công Thương',
      procedureCode: 'P.TM',
      procedureName: 'Cấp phép kinh doanh',
      procedureLegalDays: 10,
      procedureInternalDays: 5,
      field: 'Thương mại',
      channel: 'direct',
      status: 'resolved',
      receivedAt: '2025-03-03T02:00:00.000Z',
      receivedDate: '2025-03-03',
      dueAt: '2025-03-10T16:59:59.000Z',
      dueDate: '2025-03-10',
      dueComputed: true,
      resolvedAt: '2025-03-12T10:00:00.000Z',
      resolvedDate: '2025-03-12',
      returnedAt: null,
      timeliness: 'late',
      // 4, 5, 6, 7 and 10 March.
      workingDaysAllowed: 5,
      // 11 and 12 March.
      workingDaysLate: 2,
      updatedAt: detail.updatedAt,
      asOf: '2025-06-16',
      hasLetter: true,
      letter: {
        reason: 'Thiếu cán bộ thẩm định',
        newAppointmentDate: '2025-03-14',
        issuedOn: '2025-03-11',
        issuedBy: admin.user.username,
        downloadUrl: '/api/v1/apology-letters/dossiers/SCT-001/letter.docx',
      },
      needsLetter: false,
    });
    // The link opens the letter itself (the apology module's document).
    const docx = await fetch(`${server.baseUrl}${detail.letter!.downloadUrl}`, { headers: { cookie: admin.cookie! } });
    expect(docx.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()));
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain('SCT-001');
    expect(text).toContain('Thiếu cán bộ thẩm định');
  });

  it('an overdue dossier without a letter counts its working days late until today and says it needs a letter', async () => {
    const detail = DossierDetail.parse((await commune.get('/api/v1/dossiers/X1-002')).body);
    // Due Tuesday 20/05; working days after it up to Monday 16/06: 21–23 May, 26–30 May, 2–6 June, 9–13 June, 16 June = 19.
    expect(detail).toMatchObject({ timeliness: 'overdue', workingDaysLate: 19, workingDaysAllowed: 5, letter: null, hasLetter: false, needsLetter: true });
  });

  it('a viewer sees the letter but gets no download link (letters are printed by their issuers)', async () => {
    const detail = DossierDetail.parse((await viewer.get('/api/v1/dossiers/SCT-001')).body);
    expect(detail.letter).toMatchObject({ reason: 'Thiếu cán bộ thẩm định', downloadUrl: null });
  });

  it('an unknown code is 404 with its reason', async () => {
    const res = await admin.get('/api/v1/dossiers/HS-KHONG-CO');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', reason: 'dossier_not_found', params: { code: 'HS-KHONG-CO' } });
  });
});
