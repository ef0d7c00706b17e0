import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../src/modules/calendar/service.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: ApiClient;
let viewer: ApiClient;
let officer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  viewer = await server.loginAs('viewer');
  officer = await server.loginAs('unit_officer', 'SCT');
});
afterAll(() => server?.close());

const year = (y: number, client = admin) => client.get(`/api/v1/calendar?year=${y}`);
async function auditOf(entityType: string, entityId: string) {
  const res = await admin.get(`/api/v1/audit?entityType=${entityType}&entityId=${encodeURIComponent(entityId)}&limit=100`);
  expect(res.status, res.text).toBe(200);
  // Oldest first.
  return (res.body.items as { action: string; before: unknown; after: unknown; actorUsername: string }[]).reverse();
}
const dayList = async (y: number) => ((await year(y)).body.days as { date: string; kind: string; name: string }[]).map((d) => `${d.date} ${d.kind} ${d.name}`);

// 2026 starts on a Thursday: 52 weeks and one Thursday → 261 weekdays. Its fixed-date holidays (1 Jan Thu, 30 Apr
// Thu, 1 May Fri, 2 Sep Wed) all fall on weekdays.
describe('a year of the calendar', () => {
  it('reads a year not set up: no days, Monday–Friday only, and both warnings; any signed-in role may read, no one without a session', async () => {
    const res = await year(2026, viewer);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ year: 2026, setUp: false, movableConfirmed: false, workingDays: 261, days: [], ranges: [] });
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toEqual(['year_not_set_up', 'movable_holidays_unconfirmed']);
    expect(res.body.warnings[1].holidays).toEqual(['Tết Nguyên đán', 'Giỗ Tổ Hùng Vương', 'Quốc khánh (ngày thứ hai)']);
    expect((await year(2026, officer)).status).toBe(200);
    // What each caller may do (calendar/policies.ts): only the organizer edits the calendar.
    expect(res.body.can).toEqual({ edit: false });
    expect((await year(2026, officer)).body.can).toEqual({ edit: false });
    expect((await year(2026, admin)).body.can).toEqual({ edit: true });
    expect((await server.client().get('/api/v1/calendar?year=2026')).status).toBe(401);
    expect((await year(1989)).status).toBe(400);
  });

  it('sets a year up once: the four fixed-date holidays pre-filled and audited; a second call changes nothing', async () => {
    expect((await viewer.post('/api/v1/calendar/years/2026/setup', {})).status).toBe(403);
    const first = await admin.post('/api/v1/calendar/years/2026/setup', {});
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ created: true, prefilled: 4 });
    expect(first.body.calendar).toMatchObject({ setUp: true, movableConfirmed: false, workingDays: 257 });
    expect(first.body.calendar.warnings.map((w: { code: string }) => w.code)).toEqual(['movable_holidays_unconfirmed']);
    expect(await dayList(2026)).toEqual([
      '2026-01-01 holiday Tết Dương lịch',
      '2026-04-30 holiday Ngày Chiến thắng',
      '2026-05-01 holiday Ngày Quốc tế Lao động',
      '2026-09-02 holiday Quốc khánh',
    ]);
    const again = await admin.post('/api/v1/calendar/years/2026/setup', {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, prefilled: 0 });
    const yearAudit = await auditOf('calendar_year', '2026');
    expect(yearAudit).toHaveLength(1);
    expect(yearAudit[0]).toMatchObject({
      action: 'create',
      before: null,
      after: { year: 2026, movableConfirmed: false, prefilled: ['2026-01-01', '2026-04-30', '2026-05-01', '2026-09-02'] },
    });
    expect(await auditOf('calendar_day', '2026-04-30')).toMatchObject([
      { action: 'create', after: { date: '2026-04-30', kind: 'holiday', name: 'Ngày Chiến thắng' } },
    ]);
  });

  it('adds a holiday range and a make-up Saturday; the due dates follow', async () => {
    const tet = await admin.post('/api/v1/calendar/days', { from: '2026-02-14', to: '2026-02-22', kind: 'holiday', name: ' Tết Nguyên đán ' });
    expect(tet.status, tet.text).toBe(200);
    expect(tet.body).toEqual({ created: 9, updated: 0, unchanged: 0, yearsSetUp: [] });
    const makeUp = await admin.post('/api/v1/calendar/days', { from: '2026-01-10', kind: 'workday', name: 'Làm bù' });
    expect(makeUp.body).toEqual({ created: 1, updated: 0, unchanged: 0, yearsSetUp: [] });
    const view = (await year(2026)).body;
    // 257 − 5 weekdays of Tết (16–20 Feb) + 1 make-up Saturday = 253.
    expect(view.workingDays).toBe(253);
    expect(view.ranges).toEqual([
      { from: '2026-01-01', to: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch', days: 1 },
      { from: '2026-01-10', to: '2026-01-10', kind: 'workday', name: 'Làm bù', days: 1 },
      { from: '2026-02-14', to: '2026-02-22', kind: 'holiday', name: 'Tết Nguyên đán', days: 9 },
      { from: '2026-04-30', to: '2026-04-30', kind: 'holiday', name: 'Ngày Chiến thắng', days: 1 },
      { from: '2026-05-01', to: '2026-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động', days: 1 },
      { from: '2026-09-02', to: '2026-09-02', kind: 'holiday', name: 'Quốc khánh', days: 1 },
    ]);
    expect(view.days.find((d: { date: string }) => d.date === '2026-02-14')).toEqual({
      date: '2026-02-14',
      kind: 'holiday',
      name: 'Tết Nguyên đán',
      weekday: 6,
    });
    const calendar = await loadWorkingCalendar(server.db);
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23'); // Friday before Tết → Monday after
    expect(calendar.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10'); // Friday → the make-up Saturday
    // Setting the same days again: unchanged; renaming part of the range: updated, audited with before and after.
    expect((await admin.post('/api/v1/calendar/days', { from: '2026-02-14', to: '2026-02-15', kind: 'holiday', name: 'Tết Nguyên đán' })).body).toEqual({
      created: 0,
      updated: 0,
      unchanged: 2,
      yearsSetUp: [],
    });
    expect((await admin.post('/api/v1/calendar/days', { from: '2026-02-21', to: '2026-02-23', kind: 'holiday', name: 'Tết Bính Ngọ' })).body).toEqual({
      created: 1,
      updated: 2,
      unchanged: 0,
      yearsSetUp: [],
    });
    expect((await auditOf('calendar_day', '2026-02-22')).map((a) => [a.action, a.before, a.after])).toEqual([
      ['create', null, { date: '2026-02-22', kind: 'holiday', name: 'Tết Nguyên đán' }],
      ['update', { date: '2026-02-22', kind: 'holiday', name: 'Tết Nguyên đán' }, { date: '2026-02-22', kind: 'holiday', name: 'Tết Bính Ngọ' }],
    ]);
  });

  it('refuses bad input with the field at fault and writes nothing', async () => {
    const before = await dayList(2026);
    const cases: [unknown, string, RegExp][] = [
      [
        { from: '2026-03-02', kind: 'workday', name: 'Làm bù' },
        'kind',
        /2026-03-02 is a Monday, already a working day; a make-up working day must be a Saturday or Sunday/,
      ],
      [{ from: '2026-03-06', to: '2026-03-08', kind: 'workday', name: 'Làm bù' }, 'kind', /2026-03-06 is a Friday/],
      [{ from: '2026-03-10', to: '2026-03-01', kind: 'holiday', name: 'X' }, 'to', /starts \(2026-03-10\) after it ends \(2026-03-01\)/],
      [{ from: '2026-03-01', to: '2026-04-01', kind: 'holiday', name: 'X' }, 'to', /32 days; at most 31/],
      [{ from: '2026-02-30', kind: 'holiday', name: 'X' }, 'from', /not a calendar date/],
      [{ from: '2026-3-1', kind: 'holiday', name: 'X' }, 'from', /YYYY-MM-DD/],
      [{ from: '2026-03-02', kind: 'vacation', name: 'X' }, 'kind', /./],
      [{ from: '2026-03-02', kind: 'holiday', name: '  ' }, 'name', /./],
      [{ from: '1989-12-31', kind: 'holiday', name: 'X' }, 'from', /year must be from 1990/],
    ];
    for (const [body, path, message] of cases) {
      const res = await admin.post('/api/v1/calendar/days', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues[0].path, JSON.stringify(body)).toBe(path);
      expect(res.body.error.details.issues[0].message, JSON.stringify(body)).toMatch(message);
    }
    expect((await officer.post('/api/v1/calendar/days', { from: '2026-03-02', kind: 'holiday', name: 'X' })).status).toBe(403);
    expect(await dayList(2026)).toEqual(before);
  });

  it('changes and removes days, one or a range, audited; the fixed holiday removed stays removed', async () => {
    const renamed = await admin.patch('/api/v1/calendar/days/2026-01-10', { name: 'Làm bù cho thứ Sáu 02/01' });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toEqual({ date: '2026-01-10', kind: 'workday', name: 'Làm bù cho thứ Sáu 02/01', weekday: 6 });
    const toWorkday = await admin.patch('/api/v1/calendar/days/2026-04-30', { kind: 'workday' });
    expect(toWorkday.status).toBe(400);
    expect(toWorkday.body.error.message).toMatch(/2026-04-30 is a Thursday/);
    expect((await admin.patch('/api/v1/calendar/days/2026-03-03', { name: 'X' })).status).toBe(404);
    expect((await admin.patch('/api/v1/calendar/days/2026-13-03', { name: 'X' })).status).toBe(400);

    const one = await admin.delete('/api/v1/calendar/days/2026-09-02');
    expect(one.status, one.text).toBe(200);
    expect(one.body).toEqual({ deleted: 1 });
    expect(await auditOf('calendar_day', '2026-09-02')).toMatchObject([
      { action: 'create' },
      { action: 'delete', before: { date: '2026-09-02', kind: 'holiday', name: 'Quốc khánh' }, after: null },
    ]);
    const range = await admin.delete('/api/v1/calendar/days/2026-02-14?to=2026-02-28');
    expect(range.body).toEqual({ deleted: 10 }); // 14–23 February
    expect((await admin.delete('/api/v1/calendar/days/2026-02-14')).status).toBe(404);
    expect((await admin.delete('/api/v1/calendar/days/2026-02-14?to=2026-02-01')).status).toBe(400);
    // Set up again: the removed fixed holiday does not come back.
    expect((await admin.post('/api/v1/calendar/years/2026/setup', {})).body.prefilled).toBe(0);
    expect(await dayList(2026)).toEqual([
      '2026-01-01 holiday Tết Dương lịch',
      '2026-01-10 workday Làm bù cho thứ Sáu 02/01',
      '2026-04-30 holiday Ngày Chiến thắng',
      '2026-05-01 holiday Ngày Quốc tế Lao động',
    ]);
    // 261 − 3 weekday holidays + 1 make-up Saturday.
    expect((await year(2026)).body.workingDays).toBe(259);
  });

  it('confirms the movable holidays once (audited); the warning goes', async () => {
    expect((await viewer.post('/api/v1/calendar/years/2026/confirm-movable', {})).status).toBe(403);
    const res = await admin.post('/api/v1/calendar/years/2026/confirm-movable', {});
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ setUp: true, movableConfirmed: true, warnings: [] });
    await admin.post('/api/v1/calendar/years/2026/confirm-movable', {});
    expect((await auditOf('calendar_year', '2026')).map((a) => [a.action, a.before, a.after])).toEqual([
      ['create', null, { year: 2026, movableConfirmed: false, prefilled: ['2026-01-01', '2026-04-30', '2026-05-01', '2026-09-02'] }],
      ['update', { year: 2026, movableConfirmed: false }, { year: 2026, movableConfirmed: true }],
    ]);
  });
});

// 2027 starts on a Friday: 261 weekdays; its fixed holidays on weekdays are 1 Jan (Fri), 30 Apr (Fri), 2 Sep (Thu);
// 1 May is a Saturday.
describe('import and export', () => {
  it('imports single days and ranges across the year boundary, sets the new year up, and exports the year back', async () => {
    const csv = [
      'date,date_from,date_to,kind,name',
      '2026-12-31,,,holiday,Nghỉ bù Tết Dương lịch',
      ',2027-02-06,2027-02-14,holiday,Tết Nguyên đán',
      '2027-02-20,,,workday,Làm bù',
      '',
    ].join('\n');
    const res = await admin.upload('/api/v1/calendar/import', csv, 'lich.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      days: 11,
      created: 11,
      updated: 0,
      unchanged: 0,
      years: [
        { year: 2026, setUpNow: false, movableConfirmed: true },
        { year: 2027, setUpNow: true, movableConfirmed: false },
      ],
    });
    const y2027 = (await year(2027)).body;
    expect(y2027.setUp).toBe(true);
    // 261 − 3 fixed weekday holidays − 5 weekdays of Tết (8–12 Feb) + 1 make-up Saturday = 254.
    expect(y2027.workingDays).toBe(254);
    expect(y2027.days).toHaveLength(4 + 9 + 1);

    const exported = await admin.get('/api/v1/calendar/export?year=2027&format=csv');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="calendar-2027.csv"');
    const rows = parse(exported.text) as string[][];
    expect(rows[0]).toEqual(['date', 'kind', 'name']);
    expect(rows.slice(1).map((r) => r.join('|'))).toEqual([
      '2027-01-01|holiday|Tết Dương lịch',
      ...['06', '07', '08', '09', '10', '11', '12', '13', '14'].map((d) => `2027-02-${d}|holiday|Tết Nguyên đán`),
      '2027-02-20|workday|Làm bù',
      '2027-04-30|holiday|Ngày Chiến thắng',
      '2027-05-01|holiday|Ngày Quốc tế Lao động',
      '2027-09-02|holiday|Quốc khánh',
    ]);
    // A viewer may export too; the file imports back without a change.
    expect((await viewer.get('/api/v1/calendar/export?year=2027')).text).toBe(exported.text);
    const back = await admin.upload('/api/v1/calendar/import', exported.text, 'calendar-2027.csv');
    expect(back.body).toMatchObject({ days: 14, created: 0, updated: 0, unchanged: 14 });
  });

  it('rejects a file with every bad row listed by row and column, and writes nothing', async () => {
    const before = await dayList(2027);
    const csv = [
      'date,date_from,date_to,kind,name',
      '2027-02-30,,,holiday,X',
      ',2027-03-10,2027-03-01,holiday,Y',
      '2027-03-15,,,vacation,Z',
      '2027-03-16,,,workday,Làm bù',
      '2027-03-20,,,holiday,',
      '2027-03-20,,,holiday,Again',
      '2027-03-22,2027-03-23,2027-03-24,holiday,W',
      '2027-03-27,,,workday,Làm bù hợp lệ',
      ',2027-01-01,2027-03-01,holiday,Too long',
      ',2027-04-10,,holiday,Half',
    ].join('\n');
    const res = await admin.upload('/api/v1/calendar/import', csv, 'bad.csv');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('import_rejected');
    expect(res.body.error.details.rows).toMatchObject([
      { row: 2, column: 'date', message: '"2027-02-30" is not a date (YYYY-MM-DD or DD/MM/YYYY)' },
      { row: 3, column: 'date_to', message: 'the range starts (2027-03-10) after it ends (2027-03-01)' },
      { row: 4, column: 'kind', message: 'unknown kind "vacation"; use holiday or workday' },
      { row: 5, column: 'kind', message: '2027-03-16 is a Tuesday, already a working day; a make-up working day must be a Saturday or Sunday' },
      { row: 6, column: 'name', message: 'name is empty' },
      { row: 7, column: 'date', message: '2027-03-20 is already given on row 6' },
      { row: 8, column: 'date', message: 'give either date or date_from and date_to, not both' },
      { row: 10, column: 'date_to', message: 'the range 2027-01-01..2027-03-01 has 60 days; at most 31' },
      { row: 11, column: 'date_to', message: 'date_to is empty' },
    ]);
    expect(await dayList(2027)).toEqual(before);

    const noDate = await admin.upload('/api/v1/calendar/import', 'date_from,kind,name\n2027-03-27,workday,X\n', 'x.csv');
    expect(noDate.status).toBe(400);
    expect(noDate.body.error.details.rows).toMatchObject([
      { row: 1, column: 'date_to', message: 'the file needs a column "date", or the columns "date_from" and "date_to"' },
    ]);
    const unknownColumn = await admin.upload('/api/v1/calendar/import', 'date,kind,name,note\n2027-03-27,workday,X,\n', 'x.csv');
    expect(unknownColumn.body.error.details.rows[0]).toMatchObject({ row: 1, column: 'note' });
    expect((await viewer.upload('/api/v1/calendar/import', 'date,kind,name\n2027-03-27,workday,X\n')).status).toBe(403);
  });

  it('imports XLSX with date cells and DD/MM/YYYY text, and confirms the movable holidays when asked', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('lich');
    sheet.addRow(['date_from', 'date_to', 'kind', 'name']);
    sheet.addRow([new Date(Date.UTC(2027, 3, 30)), new Date(Date.UTC(2027, 4, 3)), 'Holiday', 'Nghỉ lễ 30/4 – 1/5']);
    sheet.addRow(['08/05/2027', '8/5/2027', 'workday', 'Làm bù cho thứ Hai 03/5']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await admin.upload('/api/v1/calendar/import?confirmMovable=true', buffer, 'lich.xlsx');
    expect(res.status, res.text).toBe(200);
    // 30 Apr (fixed, renamed), 1 May (fixed, renamed), 2 May and 3 May new, 8 May new.
    expect(res.body).toEqual({ days: 5, created: 3, updated: 2, unchanged: 0, years: [{ year: 2027, setUpNow: false, movableConfirmed: true }] });
    const view = (await year(2027)).body;
    expect(view.movableConfirmed).toBe(true);
    expect(view.ranges.filter((r: { from: string }) => r.from >= '2027-04-01' && r.from < '2027-06-01')).toEqual([
      { from: '2027-04-30', to: '2027-05-03', kind: 'holiday', name: 'Nghỉ lễ 30/4 – 1/5', days: 4 },
      { from: '2027-05-08', to: '2027-05-08', kind: 'workday', name: 'Làm bù cho thứ Hai 03/5', days: 1 },
    ]);
    // 254 − 1 (Mon 3 May) + 1 (Sat 8 May) = 254; 30 Apr was already a holiday.
    expect(view.workingDays).toBe(254);

    const xlsx = await admin.get('/api/v1/calendar/export?year=2027&format=xlsx');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const read = new ExcelJS.Workbook();
    const raw = await fetch(`${server.baseUrl}/api/v1/calendar/export?year=2027&format=xlsx`, { headers: { cookie: admin.cookie! } });
    await read.xlsx.load((await raw.arrayBuffer()) as ArrayBuffer);
    const rows = read.worksheets[0]!.getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1).join('|'));
    expect(rows[0]).toBe('date|kind|name');
    expect(rows).toContain('2027-05-08|workday|Làm bù cho thứ Hai 03/5');
    expect(rows).toHaveLength(1 + view.days.length);
  });
});
