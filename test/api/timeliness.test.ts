import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnit } from '../../src/modules/units/service.js';
import type { ApiClient } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { insertTimelinessFixture, REPORT_2025_BY_FIELD_CSV, REPORT_2025_CSV, REPORT_HEADER } from '../helpers/timeliness-fixtures.js';

/*
 * Hand computation from the fixture rows (test/helpers/timeliness-fixtures.ts), year 2025:
 *   SNV received 10 + 6 + 4 = 20 (the 2024-12 and 2026-01 rows are outside the year), resolved 8 + 6 + 3 = 17,
 *       early 5 + 4 + 0 = 9, on time 2 + 1 + 1 = 4, late 1 + 1 + 2 = 4, rate 13 / 17 = 76.470… → 76.47
 *   SCT received 3, nothing resolved → empty rate;  X1 9 resolved, 6 in time → 66.666… → 66.67
 *   X2 31 of 32 in time → 96.875 → 96.88 (half up)
 * Overdue rollup: SNV 2 unresolved due 2025-12-30; SNV 1 unresolved due 2025-12-31; SNV 4 due 2025-11-10 resolved
 *   2025-12-31; SCT 3 due 2025-06-20 resolved 2026-01-05; H1 5 unresolved due 2025-09-01; X1 1 due 2025-12-31
 *   resolved 2026-01-02. Overdue at D = due < D and (unresolved or resolved after D):
 *   D = 2025-12-30: SNV 4 (the 2 due that very day are not yet overdue), SCT 3, H1 5, X1 0
 *   D = 2025-12-31: SNV 2 (the 4 were resolved on D; the 1 is due on D), SCT 3, H1 5, X1 0
 *   D = 2026-01-01: SNV 2 + 1 = 3, SCT 3 (resolved later), H1 5, X1 1
 *   D = 2026-01-05: SNV 3, SCT 0 (resolved on D), H1 5, X1 0
 */

let server: TestServer;
let admin: ApiClient;

const csvAt = (rows: string[]) => [REPORT_HEADER, ...rows, ''].join('\n');

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await createUnit(server.db, fixtureActor, { code: 'STP', name: 'Sở Tư pháp', blockCode: 'SO', year: 2025 });
  await insertTimelinessFixture(server.db);
  admin = await server.loginAs('admin');
});
afterAll(() => server?.close());

describe('GET /api/v1/timeliness/report', () => {
  it('CSV: one row per unit with any figure, sorted by code, rates with two decimals, empty when nothing resolved', async () => {
    const response = await admin.get('/api/v1/timeliness/report?year=2025&format=csv');
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="timeliness-2025.csv"');
    // The server's clock is past 2025, so D defaults to 2025-12-31.
    expect(response.text).toBe(REPORT_2025_CSV);
  });

  it.each([
    ['2025-12-30', ['H1,0,0,0,0,0,5,', 'SCT,3,0,0,0,0,3,', 'SNV,20,17,9,4,4,4,76.47', 'X1,9,9,3,3,3,0,66.67', 'X2,32,32,20,11,1,0,96.88']],
    ['2025-12-31', ['H1,0,0,0,0,0,5,', 'SCT,3,0,0,0,0,3,', 'SNV,20,17,9,4,4,2,76.47', 'X1,9,9,3,3,3,0,66.67', 'X2,32,32,20,11,1,0,96.88']],
    ['2026-01-01', ['H1,0,0,0,0,0,5,', 'SCT,3,0,0,0,0,3,', 'SNV,20,17,9,4,4,3,76.47', 'X1,9,9,3,3,3,1,66.67', 'X2,32,32,20,11,1,0,96.88']],
    ['2026-01-05', ['H1,0,0,0,0,0,5,', 'SCT,3,0,0,0,0,0,', 'SNV,20,17,9,4,4,3,76.47', 'X1,9,9,3,3,3,0,66.67', 'X2,32,32,20,11,1,0,96.88']],
  ])('overdue in processing at D = %s', async (asOf, rows) => {
    const response = await admin.get(`/api/v1/timeliness/report?year=2025&format=csv&asOf=${asOf}`);
    expect(response.status, response.text).toBe(200);
    expect(response.text).toBe(csvAt(rows));
  });

  it('a unit that only has overdue dossiers, or nothing at all, and a year without data', async () => {
    // 2024: only the 2024-12 row (100 received, 50 resolved early); overdue at 2024-12-31: nothing is due before it.
    const y2024 = await admin.get('/api/v1/timeliness/report?year=2024&format=csv');
    expect(y2024.text).toBe(csvAt(['SNV,100,50,50,0,0,0,100.00']));
    const y2023 = await admin.get('/api/v1/timeliness/report?year=2023&format=csv');
    expect(y2023.text).toBe(csvAt([]));
  });

  it('--by field adds the field column after unit_code (fields in Vietnamese order)', async () => {
    const response = await admin.get('/api/v1/timeliness/report?year=2025&format=csv&by=field');
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="timeliness-2025-by-field.csv"');
    expect(response.text).toBe(REPORT_2025_BY_FIELD_CSV);
  });

  it('unit: that unit only, not its child units; a unit without figures gets a row of zeros', async () => {
    expect((await admin.get('/api/v1/timeliness/report?year=2025&format=csv&unit=h1')).text).toBe(csvAt(['H1,0,0,0,0,0,5,']));
    expect((await admin.get('/api/v1/timeliness/report?year=2025&format=csv&unit=STP')).text).toBe(csvAt(['STP,0,0,0,0,0,0,']));
    const snv = await admin.get('/api/v1/timeliness/report?year=2025&format=csv&unit=SNV&by=field');
    expect(snv.text).toBe(
      [
        'unit_code,field,received,resolved,early,on_time,late,overdue_processing,on_time_rate',
        'SNV,Đất đai,4,3,0,1,2,0,33.33',
        'SNV,Hộ tịch,16,14,9,3,2,2,85.71',
        '',
      ].join('\n'),
    );
  });

  it('JSON: the parameters and the rows', async () => {
    const response = await admin.get('/api/v1/timeliness/report?year=2025&asOf=2026-01-01&unit=X1');
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(response.text)).toEqual({
      year: 2025,
      unit: 'X1',
      as_of: '2026-01-01',
      by: 'unit',
      rows: [{ unit_code: 'X1', received: 9, resolved: 9, early: 3, on_time: 3, late: 3, overdue_processing: 1, on_time_rate: '66.67' }],
    });
  });

  it('XLSX: the printed table: a title with the year and report date, Vietnamese headers, unit names, rates with two decimals', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/timeliness/report?year=2025&format=xlsx`, { headers: { cookie: admin.cookie! } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="timeliness-2025.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(sheet.getCell('A1').value).toBe('Báo cáo tình hình giải quyết hồ sơ TTHC năm 2025 — số liệu đến ngày 31/12/2025');
    expect(String(sheet.getCell('A2').value)).toContain('Tỷ lệ = (trước hạn + đúng hạn) / đã giải quyết × 100');
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => n >= 3 && rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      ['Mã đơn vị', 'Đơn vị', 'Tiếp nhận', 'Đã giải quyết', 'Trước hạn', 'Đúng hạn', 'Trễ hạn', 'Quá hạn đang xử lý', 'Tỷ lệ trước và đúng hạn (%)'],
      ['H1', 'Huyện An Phú', 0, 0, 0, 0, 0, 5],
      ['SCT', 'Sở Công Thương', 3, 0, 0, 0, 0, 3],
      ['SNV', 'Sở Nội vụ', 20, 17, 9, 4, 4, 2, 76.47],
      ['X1', 'Xã Đồng Tâm', 9, 9, 3, 3, 3, 0, 66.67],
      ['X2', 'Xã Hòa Bình', 32, 32, 20, 11, 1, 0, 96.88],
    ]);
    // Rates as numbers with two decimals (100 shows "100.00"), counts with a thousands separator.
    expect(sheet.getCell('I6').numFmt).toBe('0.00');
    expect(sheet.getCell('C6').numFmt).toBe('#,##0');
    expect(values(6)[8]).toBe(76.47);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, fitToHeight: 0 });
    // By field, for one unit at a given date: the field column and the unit named under the title.
    const byField = await fetch(`${server.baseUrl}/api/v1/timeliness/report?year=2025&format=xlsx&by=field&unit=SNV&asOf=2026-01-05`, {
      headers: { cookie: admin.cookie! },
    });
    const second = new ExcelJS.Workbook();
    await second.xlsx.load(await byField.arrayBuffer());
    const fieldSheet = second.worksheets[0]!;
    expect(fieldSheet.getCell('A1').value).toBe('Báo cáo tình hình giải quyết hồ sơ TTHC năm 2025 — số liệu đến ngày 05/01/2026');
    expect(String(fieldSheet.getCell('A2').value)).toMatch(/^Đơn vị: Sở Nội vụ · /);
    expect((fieldSheet.getRow(3).values as unknown[]).slice(1, 4)).toEqual(['Mã đơn vị', 'Đơn vị', 'Lĩnh vực']);
    // At D = 2026-01-05 the 1 unresolved land dossier due 2025-12-31 is overdue (SNV 3 = 2 + 1, see the top).
    expect((fieldSheet.getRow(4).values as unknown[]).slice(1)).toEqual(['SNV', 'Sở Nội vụ', 'Đất đai', 4, 3, 0, 1, 2, 1, 33.33]);
  });

  it('refuses bad parameters with what is wrong, and unknown units', async () => {
    const badDate = await admin.get('/api/v1/timeliness/report?year=2025&asOf=2025-02-30');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.code).toBe('validation_failed');
    expect(badDate.body.error.message).toContain('asOf');
    const badFormat = await admin.get('/api/v1/timeliness/report?year=2025&format=pdf');
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.code).toBe('validation_failed');
    const badYear = await admin.get('/api/v1/timeliness/report?year=twenty');
    expect(badYear.status).toBe(400);
    const unknown = await admin.get('/api/v1/timeliness/report?year=2025&unit=NOPE');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });
});

describe('who sees what', () => {
  it('unit staff get their own unit (not its communes) and are refused another unit', async () => {
    const district = await server.loginAs('unit_officer', 'H1');
    expect((await district.get('/api/v1/timeliness/report?year=2025&format=csv')).text).toBe(csvAt(['H1,0,0,0,0,0,5,']));
    const other = await district.get('/api/v1/timeliness/report?year=2025&unit=X1');
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    const dashboard = await district.get('/api/v1/timeliness/dashboard?year=2025');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.view).toBe('unit');
    expect(dashboard.body.filters.unit).toBe('H1');
    expect(dashboard.body.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['H1']);
    expect(dashboard.body.totals.overdue).toBe(5);
    // The answer says the caller's scope: the web locks the unit and block filters from it.
    expect(dashboard.body.scope).toEqual({ kind: 'unit', unitCode: 'H1', unitName: 'Huyện An Phú' });
    const refused = await district.get('/api/v1/timeliness/dashboard?year=2025&unit=SNV');
    expect(refused.status).toBe(403);
    expect(refused.body.error.reason).toBe('timeliness_own_unit_only');
    const leader = await server.loginAs('unit_leader', 'SNV');
    expect((await leader.get('/api/v1/timeliness/report?year=2025&format=csv&unit=SNV')).text).toBe(csvAt(['SNV,20,17,9,4,4,2,76.47']));
    expect((await leader.get('/api/v1/timeliness/dashboard?year=2025')).body.scope).toEqual({ kind: 'unit', unitCode: 'SNV', unitName: 'Sở Nội vụ' });
    expect((await leader.get('/api/v1/timeliness/dashboard?year=2025&unit=H1')).status).toBe(403);
  });

  it.each(['viewer', 'council', 'appraiser', 'admin'] as const)('%s sees the province', async (role) => {
    const client = await server.loginAs(role, 'SNV');
    expect((await client.get('/api/v1/timeliness/report?year=2025&format=csv')).text).toBe(REPORT_2025_CSV);
    // Even with a unit chosen, the scope stays the province (the view is that unit's).
    const chosen = (await client.get('/api/v1/timeliness/dashboard?year=2025&unit=X1')).body;
    expect(chosen.scope).toEqual({ kind: 'province', unitCode: null, unitName: null });
    expect(chosen.view).toBe('unit');
  });
});

describe('GET /api/v1/timeliness/dashboard', () => {
  it('province view: totals, months, units, worst procedures, channels, fields', async () => {
    const response = await admin.get('/api/v1/timeliness/dashboard?year=2025');
    expect(response.status, response.text).toBe(200);
    const d = response.body;
    expect(d.year).toBe(2025);
    expect(d.asOf).toBe('2025-12-31');
    expect(d.view).toBe('province');
    // 64 received, 15 online (SNV 6 + X1 9) → 23.4375 → 23.44; 58 resolved, 32 early + 18 on time → 86.206… → 86.21.
    expect(d.totals).toEqual({
      received: 64,
      receivedOnline: 15,
      resolved: 58,
      early: 32,
      onTime: 18,
      late: 8,
      overdue: 10,
      onTimeRate: '86.21',
      onlineShare: '23.44',
    });
    const month = (m: number) => d.months.find((x: { month: number }) => x.month === m);
    expect(d.months).toHaveLength(12);
    expect(month(1)).toEqual({ month: 1, received: 10, resolved: 8, early: 5, onTime: 2, late: 1 });
    expect(month(2)).toEqual({ month: 2, received: 32, resolved: 32, early: 20, onTime: 11, late: 1 });
    expect(month(6)).toEqual({ month: 6, received: 3, resolved: 0, early: 0, onTime: 0, late: 0 });
    expect(month(12)).toEqual({ month: 12, received: 4, resolved: 3, early: 0, onTime: 1, late: 2 });
    expect(month(11)).toEqual({ month: 11, received: 0, resolved: 0, early: 0, onTime: 0, late: 0 });
    expect(d.units.map((u: { unitCode: string; unitName: string; blockCode: string }) => [u.unitCode, u.unitName, u.blockCode])).toEqual([
      ['H1', 'Huyện An Phú', 'HUYEN'],
      ['SCT', 'Sở Công Thương', 'SO'],
      ['SNV', 'Sở Nội vụ', 'SO'],
      ['X1', 'Xã Đồng Tâm', 'XA'],
      ['X2', 'Xã Hòa Bình', 'XA'],
    ]);
    expect(d.units[2]).toMatchObject({ received: 20, receivedOnline: 6, resolved: 17, overdue: 2, onTimeRate: '76.47', onlineShare: '30.00' });
    // Late: X1's 3.000004 3; SNV's 1.000002 and 1.000001 2 each (the lower rate, 33.33 < 85.71, first); X2's 3.000004 1.
    expect(d.worstProcedures).toEqual([
      { procedureCode: '3.000004', procedureName: 'Đăng ký kết hôn', unitCode: 'X1', unitName: 'Xã Đồng Tâm', late: 3, resolved: 9, onTimeRate: '66.67' },
      {
        procedureCode: '1.000002',
        procedureName: 'Cấp giấy chứng nhận quyền sử dụng đất',
        unitCode: 'SNV',
        unitName: 'Sở Nội vụ',
        late: 2,
        resolved: 3,
        onTimeRate: '33.33',
      },
      { procedureCode: '1.000001', procedureName: 'Đăng ký khai sinh', unitCode: 'SNV', unitName: 'Sở Nội vụ', late: 2, resolved: 14, onTimeRate: '85.71' },
      { procedureCode: '3.000004', procedureName: 'Đăng ký kết hôn', unitCode: 'X2', unitName: 'Xã Hòa Bình', late: 1, resolved: 32, onTimeRate: '96.88' },
    ]);
    // direct: 10 + 4 + 32 received, 43 resolved, 25 early + 14 on time → 90.697… → 90.70; overdue 2 (SNV) + 5 (H1).
    expect(d.channels).toEqual([
      {
        channel: 'direct',
        received: 46,
        receivedOnline: 0,
        resolved: 43,
        early: 25,
        onTime: 14,
        late: 4,
        overdue: 7,
        onTimeRate: '90.70',
        onlineShare: '0.00',
      },
      {
        channel: 'online',
        received: 15,
        receivedOnline: 15,
        resolved: 15,
        early: 7,
        onTime: 4,
        late: 4,
        overdue: 0,
        onTimeRate: '73.33',
        onlineShare: '100.00',
      },
      { channel: 'postal', received: 3, receivedOnline: 0, resolved: 0, early: 0, onTime: 0, late: 0, overdue: 3, onTimeRate: null, onlineShare: '0.00' },
    ]);
    expect(
      d.fields.map((f: { field: string; received: number; resolved: number; overdue: number; onTimeRate: string | null }) => [
        f.field,
        f.received,
        f.resolved,
        f.overdue,
        f.onTimeRate,
      ]),
    ).toEqual([
      ['Công thương', 3, 0, 3, null],
      ['Đất đai', 4, 3, 0, '33.33'],
      ['Hộ tịch', 57, 55, 7, '89.09'],
    ]);
  });

  it('filters: block, unit, channel, field, report date', async () => {
    const xa = (await admin.get('/api/v1/timeliness/dashboard?year=2025&block=XA')).body;
    expect(xa.filters.block).toBe('XA');
    expect(xa.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['X1', 'X2']);
    // 41 received, 9 online → 21.951… → 21.95; 37 of 41 in time → 90.243… → 90.24.
    expect(xa.totals).toEqual({
      received: 41,
      receivedOnline: 9,
      resolved: 41,
      early: 23,
      onTime: 14,
      late: 4,
      overdue: 0,
      onTimeRate: '90.24',
      onlineShare: '21.95',
    });

    const online = (await admin.get('/api/v1/timeliness/dashboard?year=2025&channel=online&asOf=2026-01-01')).body;
    expect(online.asOf).toBe('2026-01-01');
    expect(online.totals).toMatchObject({ received: 15, resolved: 15, overdue: 1 });
    // The month trend of one channel (read from the unit × field × channel × month rollup): SNV's online row of
    // March and X1's of July; every other month zero.
    const zeroMonth = { received: 0, resolved: 0, early: 0, onTime: 0, late: 0 };
    expect(online.months).toEqual(
      Array.from({ length: 12 }, (_, i) =>
        i + 1 === 3
          ? { month: 3, received: 6, resolved: 6, early: 4, onTime: 1, late: 1 }
          : i + 1 === 7
            ? { month: 7, received: 9, resolved: 9, early: 3, onTime: 3, late: 3 }
            : { month: i + 1, ...zeroMonth },
      ),
    );

    const land = (await admin.get(`/api/v1/timeliness/dashboard?year=2025&field=${encodeURIComponent('Đất đai')}&asOf=2026-01-01`)).body;
    expect(land.totals).toMatchObject({ received: 4, resolved: 3, late: 2, overdue: 1, onTimeRate: '33.33' });
    expect(land.months.filter((m: { received: number; resolved: number }) => m.received + m.resolved > 0)).toEqual([
      { month: 12, received: 4, resolved: 3, early: 0, onTime: 1, late: 2 },
    ]);

    const unit = (await admin.get('/api/v1/timeliness/dashboard?year=2025&unit=x2')).body;
    expect(unit.view).toBe('unit');
    expect(unit.filters.unit).toBe('X2');
    expect(unit.totals).toMatchObject({ received: 32, resolved: 32, onTimeRate: '96.88' });

    const soWithX1 = (await admin.get('/api/v1/timeliness/dashboard?year=2025&block=SO&unit=X1')).body;
    expect(soWithX1.totals.received).toBe(0);
    expect(soWithX1.units).toEqual([]);
  });

  it('refuses unknown blocks and bad filters', async () => {
    expect((await admin.get('/api/v1/timeliness/dashboard?year=2025&block=NOPE')).status).toBe(404);
    const channel = await admin.get('/api/v1/timeliness/dashboard?year=2025&channel=fax');
    expect(channel.status).toBe(400);
    expect(channel.body.error.code).toBe('validation_failed');
    expect((await admin.get('/api/v1/timeliness/dashboard?year=2025&asOf=31/12/2025')).status).toBe(400);
  });
});
