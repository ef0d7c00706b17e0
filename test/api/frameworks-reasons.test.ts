import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonMessage } from '../../src/catalogue.js';
import { rounds } from '../../src/db/schema.js';
import { compileFormula, FormulaError } from '../../src/domain/formula.js';
import { queryRows } from '../../src/db/client.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Frameworks refuse in reasons with parameters (the framework rules, formulas, class bands, files, in-use
 * revisions), and each one reads in Vietnamese from the catalogue: the editor shows them beside their criterion,
 * the import beside its row.
 */
let server: TestServer;
let admin: ApiClient;

type Reasoned = { reason?: string; code?: string; params?: Record<string, string | number | boolean | null> };
const vi = (item: Reasoned) => reasonMessage((item.reason ?? item.code)!, item.params, 'vi');
const HEADER = 'code,title,max_points,method,evidence_required,appraiser,guidance,formula';
const small = {
  name: 'Khung nhỏ',
  classes: [
    { label: 'Tốt', min: 90 },
    { label: 'Đạt', min: 0 },
  ],
  criteria: [
    { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 2, method: 'manual', appraiser: 'SNV' },
    { code: '1.1', title: 'Kế hoạch', maxPoints: 1, method: 'manual' },
    { code: '1.2', title: 'Báo cáo', maxPoints: 1, method: 'manual' },
  ],
};

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
});
afterAll(() => server?.close());

describe('frameworks speak in reasons', () => {
  it('a file for another year names both years, in Vietnamese too', async () => {
    const json = JSON.stringify(
      { year: 2025, block: 'SO', name: 'Nhỏ', classes: [{ label: 'Đạt', min: 0 }], criteria: [{ code: '1', title: 'A', maxPoints: 1, method: 'manual' }] },
      null,
      2,
    );
    const res = await admin.upload('/api/v1/frameworks/import?year=2026&block=SO', json, 'f.json');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'import_rejected',
      reason: 'framework_file_for_year',
      params: { year: 2025, expected: 2026 },
      message: 'The file is for year 2025, not 2026',
    });
    const [row] = res.body.error.details.rows;
    expect(row).toMatchObject({ row: 2, column: 'year', code: 'framework_file_year_mismatch', params: { year: 2025, expected: 2026 } });
    expect(vi(row)).toBe('tệp ghi năm 2025 nhưng đang nhập vào năm 2026; hãy sửa tệp hoặc chọn đúng năm cần nhập');
    expect(vi(res.body.error)).toBe('Tệp dành cho năm 2025, không phải năm 2026');
  });

  it('file rows carry the rule broken: the sum of sub-criteria, an unknown method, unreadable points', async () => {
    const file = [HEADER, '1,A,2,manual,no,,,', '1.1,B,1,manual,no,,,', '1.2,C,mười,thủ công,maybe,,,', '2,D,1.255,manual,,,,'].join('\n');
    const res = await admin.upload('/api/v1/frameworks/import?year=2024&block=SO', file, 'f.csv');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ reason: 'framework_file_rejected', params: { count: 4 } });
    const rows = res.body.error.details.rows as (Reasoned & { row: number; column: string })[];
    expect(rows).toMatchObject([
      { row: 4, column: 'max_points', code: 'framework_points_not_number', params: { value: '"mười"' } },
      { row: 4, column: 'method', code: 'framework_method_unknown', params: { value: '"thủ công"' } },
      { row: 4, column: 'evidence_required', code: 'framework_not_yes_no', params: { value: '"maybe"' } },
      { row: 5, column: 'max_points', code: 'framework_points_not_number', params: { value: '"1.255"' } },
    ]);
    expect(vi(rows[1]!)).toBe('phương thức chấm điểm "thủ công" không hợp lệ; hãy dùng một trong: manual, survey, formula, bonus, penalty');
    expect(vi(rows[0]!)).toBe('điểm tối đa "mười" không phải là số điểm hợp lệ (tối đa hai chữ số thập phân)');

    const sums = await admin.upload('/api/v1/frameworks/import?year=2024&block=SO', [HEADER, '1,A,2,manual,no,,,', '1.1,B,1,manual,no,,,'].join('\n'), 'f.csv');
    expect(sums.body.error.details.rows).toMatchObject([
      { row: 2, column: 'max_points', code: 'criterion_points_not_sum', params: { max: '2.00', sum: '1.00' } },
    ]);
    expect(vi(sums.body.error.details.rows[0])).toBe('điểm tối đa 2,00 khác tổng điểm tối đa của các tiêu chí thành phần (1,00)');
  });

  it('the editor check names each rule broken per criterion, with its code among the parameters', async () => {
    const res = await admin.post('/api/v1/frameworks/check', {
      name: ' ',
      classes: [
        { label: 'Tốt', min: 50 },
        { label: 'Đạt', min: 60 },
      ],
      criteria: [
        ...small.criteria,
        { code: '1.1', title: 'Trùng', maxPoints: 0, method: 'manual' },
        { code: '2', title: 'Công thức', maxPoints: 2, method: 'formula', formula: 'dossierCount > 5 ? 2 : 0' },
        { code: '3', title: 'Thưởng', maxPoints: 1, method: 'bonus' },
        { code: '3.1', title: 'Con', maxPoints: 1, method: 'manual' },
      ],
    });
    expect(res.status, res.text).toBe(200);
    const issues = res.body.issues as (Reasoned & { path: string; message: string })[];
    const by = (path: string) => issues.find((i) => i.path === path)!;
    expect(by('name')).toMatchObject({ code: 'framework_name_empty', message: 'name is empty' });
    expect(vi(by('name'))).toBe('chưa nhập tên bộ tiêu chí');
    expect(by('criteria.3.code')).toMatchObject({
      code: 'criterion_code_twice',
      params: { code: '1.1', criterion: '1.1' },
      message: '1.1: code 1.1 appears twice',
    });
    expect(vi(by('criteria.3.code'))).toBe('mã tiêu chí 1.1 bị trùng (xuất hiện hai lần)');
    expect(by('criteria.4.formula')).toMatchObject({ code: 'formula_unknown_variable', params: { variables: 'dossierCount', criterion: '2' } });
    expect(vi(by('criteria.4.formula'))).toMatch(/^công thức dùng biến không có: dossierCount; các biến được dùng: onTimeRate, /);
    expect(by('criteria.6.method')).toMatchObject({ code: 'criterion_under_bonus', message: '3.1: a criterion under a bonus criterion must be bonus too' });
    expect(vi(by('criteria.6.method'))).toBe('tiêu chí thành phần của tiêu chí điểm thưởng cũng phải là điểm thưởng (bonus)');
    // Class bands: ascending, and none at 0.
    expect(by('classes.1.min')).toMatchObject({ code: 'class_bands_not_descending' });
    expect(vi(by('classes'))).toBe('mức xếp loại thấp nhất phải bắt đầu từ 0 để đơn vị nào cũng được xếp loại');
  });

  it('a save that breaks a rule, an unknown block and a revision in use are refused with their reasons', async () => {
    const bad = await admin.post('/api/v1/frameworks', {
      year: 2023,
      blockCode: 'SO',
      ...small,
      criteria: [{ ...small.criteria[0], maxPoints: 3 }, ...small.criteria.slice(1)],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'validation_failed',
      reason: 'criterion_points_not_sum',
      params: { max: '3.00', sum: '2.00', criterion: '1' },
    });

    const noBlock = await admin.post('/api/v1/frameworks', { year: 2023, blockCode: 'NOPE', ...small });
    expect(noBlock.body.error).toMatchObject({ reason: 'framework_unknown_block', params: { block: 'NOPE' } });
    expect(noBlock.body.error.details.issues).toMatchObject([{ path: 'blockCode', code: 'framework_unknown_block', params: { block: 'NOPE' } }]);
    expect(vi(noBlock.body.error)).toBe('không có khối mã NOPE');

    const created = await admin.post('/api/v1/frameworks', { year: 2021, blockCode: 'SO', ...small });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as number;
    const [so] = await queryRows<{ id: number }>(server.db, sql`select id from blocks where code = 'SO'`);
    await server.db.insert(rounds).values({ frameworkId: id, year: 2021, blockId: so!.id, historical: true, status: 'approved' });
    const put = await admin.put(`/api/v1/frameworks/${id}`, { ...small, name: 'Đổi tên' });
    expect(put.status).toBe(409);
    expect(put.body.error).toMatchObject({ code: 'conflict', reason: 'framework_in_use_change', params: { block: 'SO', year: 2021, revision: 1, id } });
    expect(vi(put.body.error)).toBe(
      `Bộ tiêu chí khối SO năm 2021 (phiên bản 1) đang được một đợt đánh giá sử dụng nên không thể sửa; hãy tạo phiên bản mới từ bộ tiêu chí số ${id}`,
    );
    const del = await admin.delete(`/api/v1/frameworks/${id}`);
    expect(del.body.error).toMatchObject({ reason: 'framework_in_use_delete' });

    const missing = await admin.get('/api/v1/frameworks/999999');
    expect(missing.body.error).toMatchObject({
      code: 'not_found',
      reason: 'framework_not_found',
      params: { id: 999999 },
      message: 'Framework 999999 not found',
    });
    expect(vi(missing.body.error)).toBe('Không tìm thấy bộ tiêu chí số 999999');
  });
});

describe('formula errors are reasons', () => {
  it.each([
    ['onTimeRate = 5', 'formula_unreadable', { position: 12, near: '"= 5"' }, 'không đọc được công thức: lỗi ở ký tự thứ 12, gần "= 5"'],
    ['onTimeRate >', 'formula_incomplete', undefined, 'không đọc được công thức: công thức chưa viết hết'],
    ['process.exit(1)', 'formula_functions_only', { functions: 'min, max, abs, round' }, 'công thức chỉ được dùng các hàm min, max, abs, round'],
    ['"text" == onTimeRate', 'formula_only_numbers', { value: '"text"' }, 'công thức chỉ được dùng số, không dùng "text"'],
  ])('%s', (source, reason, params, text) => {
    let error: unknown;
    try {
      compileFormula(source);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FormulaError);
    expect(error).toMatchObject({ reason, ...(params ? { params } : {}) });
    expect(reasonMessage(reason, params, 'vi')).toBe(text);
  });
});
