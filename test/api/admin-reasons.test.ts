import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonMessage } from '../../src/catalogue.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Errors of users, units, blocks, calendar, procedures, apology letters and timeliness leave the server as a reason
 * with parameters (issue 10, item 2), and the catalogue speaks them in Vietnamese.
 */

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
});
afterAll(() => server?.close());

const issuesOf = (response: { body: { error: { details: { issues: unknown[] } } } }) => response.body.error.details.issues;

describe('reasons with parameters', () => {
  it('users: a taken username, bad characters, a unit the role needs', async () => {
    expect((await admin.post('/api/v1/users', { username: 'reason.taken', displayName: 'Một', role: 'viewer' })).status).toBe(201);
    const taken = await admin.post('/api/v1/users', { username: 'Reason.Taken', displayName: 'Hai', role: 'viewer' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({
      code: 'conflict',
      reason: 'username_taken',
      params: { username: 'reason.taken' },
      message: 'Username reason.taken is already taken',
    });
    expect(reasonMessage('username_taken', { username: 'reason.taken' }, 'vi')).toBe('Tên đăng nhập reason.taken đã có người dùng');

    const bad = await admin.post('/api/v1/users', { username: 'bad name!', displayName: 'Ba', role: 'viewer' });
    expect(bad.status).toBe(400);
    expect(issuesOf(bad)).toEqual([{ path: 'username', code: 'username_characters', message: 'letters, digits, . _ - only' }]);
    expect(reasonMessage('username_characters', null, 'vi')).toBe('chỉ gồm chữ cái không dấu, chữ số và . _ -');

    const noUnit = await admin.post('/api/v1/users', { username: 'reason.leader', displayName: 'Bốn', role: 'unit_leader' });
    expect(noUnit.body.error).toMatchObject({ reason: 'unit_required_for_role', params: { role: 'unit_leader' } });
    expect(issuesOf(noUnit)).toEqual([
      { path: 'unitCode', code: 'unit_required_for_role', params: { role: 'unit_leader' }, message: 'required for role unit_leader' },
    ]);
  });

  it('calendar: a range in the wrong order, too long, a make-up day on a weekday', async () => {
    const reversed = await admin.post('/api/v1/calendar/days', { from: '2026-03-10', to: '2026-03-01', kind: 'holiday', name: 'X' });
    expect(reversed.body.error).toMatchObject({ reason: 'range_dates_reversed', params: { from: '2026-03-10', to: '2026-03-01' } });
    expect(reasonMessage('range_dates_reversed', { from: '2026-03-10', to: '2026-03-01' }, 'vi')).toBe(
      'ngày bắt đầu (10/03/2026) sau ngày kết thúc (01/03/2026)',
    );

    const long = await admin.post('/api/v1/calendar/days', { from: '2026-03-01', to: '2026-04-01', kind: 'holiday', name: 'X' });
    expect(issuesOf(long)).toEqual([
      {
        path: 'to',
        code: 'range_too_long',
        params: { from: '2026-03-01', to: '2026-04-01', days: 32, maximum: 31 },
        message: 'the range 2026-03-01..2026-04-01 has 32 days; at most 31',
      },
    ]);
    expect(reasonMessage('range_too_long', { from: '2026-03-01', to: '2026-04-01', days: 32, maximum: 31 }, 'vi')).toBe(
      'khoảng 01/03/2026..01/04/2026 có 32 ngày; tối đa 31 ngày',
    );

    const monday = await admin.post('/api/v1/calendar/days', { from: '2026-03-02', kind: 'workday', name: 'Làm bù' });
    expect(monday.body.error).toMatchObject({ reason: 'makeup_workday_on_monday', params: { date: '2026-03-02' } });
    expect(reasonMessage('makeup_workday_on_monday', { date: '2026-03-02' }, 'vi')).toBe(
      '02/03/2026 là thứ Hai, vốn đã là ngày làm việc; ngày làm bù phải là thứ Bảy hoặc Chủ nhật',
    );

    const rows = await admin.upload('/api/v1/calendar/import', 'date_from,date_to,kind,name\n2026-05-10,2026-05-01,holiday,X\n2026-05-11,,vacation,Y\n');
    expect(rows.body.error.code).toBe('import_rejected');
    expect(rows.body.error.details.rows).toEqual(
      expect.arrayContaining([
        {
          row: 2,
          column: 'date_to',
          code: 'range_dates_reversed',
          params: { from: '2026-05-10', to: '2026-05-01' },
          message: 'the range starts (2026-05-10) after it ends (2026-05-01)',
        },
        { row: 3, column: 'date_to', code: 'calendar_cell_empty', params: { column: 'date_to' }, message: 'date_to is empty' },
        { row: 3, column: 'kind', code: 'calendar_kind_unknown', params: { value: '"vacation"' }, message: 'unknown kind "vacation"; use holiday or workday' },
      ]),
    );
  });

  it('procedures: import row errors name the reason, the row and the column', async () => {
    const file = [
      'code,name,field,unit_code,legal_days,internal_days,online_level,fee,published',
      '1.000001,Cấp phép,Công thương,SCT,10,12,full,abc,có',
      '1.000002,Cấp phép,Công thương,NOPE,x,,full,,không',
    ].join('\n');
    const rejected = await admin.upload('/api/v1/procedures/import', file);
    expect(rejected.status).toBe(400);
    const rows = rejected.body.error.details.rows;
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          row: 2,
          column: 'fee',
          code: 'fee_not_whole',
          params: { value: '"abc"' },
          message: 'fee "abc" is not a whole number of VND (e.g. 50000 or 50.000; empty when not stated)',
        },
        {
          row: 2,
          column: 'internal_days',
          code: 'internal_limit_over_legal',
          params: { internal: 12, legal: 10 },
          message: 'internal limit 12 days is longer than the legal limit 10 days',
        },
        {
          row: 3,
          column: 'legal_days',
          code: 'days_not_whole',
          params: { column: 'legal_days', value: '"x"' },
          message: 'legal_days "x" is not a whole number of working days',
        },
        { row: 3, column: 'unit_code', code: 'procedure_unit_unknown', params: { unit: 'NOPE' }, message: 'unknown unit NOPE' },
      ]),
    );
    expect(reasonMessage('internal_limit_over_legal', { internal: 12, legal: 10 }, 'vi')).toBe(
      'thời hạn nội bộ 12 ngày dài hơn thời hạn theo quy định 10 ngày',
    );
  });

  it('units: merge, split and rename refusals', async () => {
    const one = await admin.post('/api/v1/units/merge', { sourceCodes: ['X1', 'x1'], target: { code: 'X9', name: 'Xã Mới' }, year: 2030 });
    expect(one.body.error).toMatchObject({ code: 'validation_failed', reason: 'merge_needs_two_units' });
    expect(reasonMessage('merge_needs_two_units', null, 'vi')).toBe('cần ít nhất hai đơn vị khác nhau để sáp nhập');

    const intoSource = await admin.post('/api/v1/units/merge', { sourceCodes: ['X1', 'X2'], target: { code: 'X2', name: 'Xã Mới' }, year: 2030 });
    expect(issuesOf(intoSource)).toMatchObject([{ path: 'target.code', code: 'merge_target_is_source' }]);

    const split = await admin.post('/api/v1/units/X1/split', {
      into: [
        { code: 'X1A', name: 'A' },
        { code: 'x1a', name: 'B' },
      ],
      year: 2030,
    });
    expect(split.body.error).toMatchObject({ reason: 'split_codes_repeated' });

    const rename = await admin.patch('/api/v1/units/NOPE', { name: 'Tên mới' });
    expect(rename.status).toBe(404);
    expect(rename.body.error).toMatchObject({ reason: 'unit_not_found', params: { code: 'NOPE' }, message: 'Unit NOPE not found' });
    expect(reasonMessage('unit_not_found', { code: 'NOPE' }, 'vi')).toBe('Không tìm thấy đơn vị NOPE');
  });

  it('the letter template and the timeliness report date', async () => {
    const { template } = (await admin.get('/api/v1/apology-letters/template')).body;
    const bad = await admin.put('/api/v1/apology-letters/template', {
      ...template,
      paragraphs: ['Kính gửi {{ citizenName }}.', 'Hẹn ngày {{newAppointmentDate'],
    });
    const issues = issuesOf(bad) as { code: string; params: Record<string, string> }[];
    expect(issues.map((i) => i.code)).toEqual(['template_placeholder_unknown', 'template_placeholder_unclosed']);
    expect(issues[0]!.params.placeholder).toBe('{{citizenName}}');
    expect(reasonMessage('template_placeholder_unclosed', issues[1]!.params, 'vi')).toBe('có trường trộn chưa đóng: hãy viết {{name}}');

    const badDate = await admin.get('/api/v1/timeliness/report?year=2025&asOf=2025-02-30');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error).toMatchObject({ reason: 'not_a_calendar_date', params: { value: '"2025-02-30"' } });
    expect(reasonMessage('not_a_calendar_date', { value: '"2025-02-30"' }, 'vi')).toBe('"2025-02-30" không phải là ngày có thật trên lịch');
  });

  it('request refusals: role and sign-in', async () => {
    const viewer = await server.loginAs('viewer');
    const refused = await viewer.post('/api/v1/units', { code: 'Z1', name: 'Z' });
    expect(refused.body.error).toMatchObject({ code: 'forbidden', reason: 'role_may_not', params: { role: 'viewer' }, message: 'Role viewer may not do this' });
    expect(reasonMessage('role_may_not', { role: 'viewer' }, 'vi')).toBe('Vai trò người xem không được thực hiện thao tác này');
    const anonymous = await server.client().get('/api/v1/units');
    expect(anonymous.body.error).toMatchObject({ code: 'unauthenticated', reason: 'sign_in_first' });
  });
});
