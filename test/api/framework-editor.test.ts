import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameForYear } from '../../src/modules/frameworks/content.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * What the framework tree editor relies on: the server checks a draft without saving (POST /frameworks/check), each
 * saved change (add a field or a child, remove a subtree) goes through PUT /frameworks/:id, validated as a whole and
 * audited; a clone for another year proposes the name with the new year.
 */
let server: TestServer;
let admin: ApiClient;
let officer: ApiClient;
let frameworkId: number;

const CLASSES = [
  { label: 'Tốt', min: 90 },
  { label: 'Khá', min: 80 },
  { label: 'Trung bình', min: 70 },
  { label: 'Yếu', min: 0 },
];
const BASE = [
  { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 6, method: 'manual', appraiser: 'SNV' },
  { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 2.5, method: 'manual', evidenceRequired: true },
  { code: '1.2', title: 'Báo cáo định kỳ', maxPoints: 3.5, method: 'manual' },
  { code: '1.2.1', title: 'Báo cáo quý', maxPoints: 2, method: 'manual' },
  { code: '1.2.2', title: 'Báo cáo năm', maxPoints: 1.5, method: 'manual' },
  { code: '2', title: 'Thủ tục hành chính', maxPoints: 4, method: 'manual', appraiser: 'SCT' },
  { code: '2.1', title: 'Tỷ lệ hồ sơ đúng hạn', maxPoints: 4, method: 'formula', formula: 'onTimeRate >= 98 ? 4 : 0' },
];

async function auditTotal(): Promise<number> {
  return (await admin.get('/api/v1/audit?entityType=framework&limit=1')).body.total as number;
}

const codesOf = (nodes: { code: string; children: unknown[] }[]): string[] =>
  nodes.flatMap((n) => [n.code, ...codesOf(n.children as { code: string; children: unknown[] }[])]);

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  officer = await server.loginAs('unit_officer', 'SCT');
  const created = await admin.post('/api/v1/frameworks', {
    year: 2025,
    blockCode: 'SO',
    name: 'Bộ chỉ số CCHC khối sở 2025',
    classes: CLASSES,
    criteria: BASE,
  });
  expect(created.status, created.text).toBe(201);
  frameworkId = created.body.id;
});
afterAll(() => server?.close());

describe('checking a draft without saving', () => {
  it('answers no issues for content that would save, and writes nothing', async () => {
    const before = await auditTotal();
    const res = await admin.post('/api/v1/frameworks/check', { name: 'Bản nháp', classes: CLASSES, criteria: BASE });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ issues: [] });
    expect(await auditTotal()).toBe(before);
  });

  it('names every problem by the position of its criterion in the list sent', async () => {
    const before = await auditTotal();
    const res = await admin.post('/api/v1/frameworks/check', {
      name: '  ',
      classes: CLASSES,
      criteria: [
        BASE[0], // 1: 6 points, but its children below add up to 2.5 + 3.5 + 1 = 7
        BASE[1],
        BASE[2],
        BASE[3],
        BASE[4],
        { code: '1.3', title: 'Tiêu chí mới', maxPoints: 1, method: 'manual' },
        { code: '1.1', title: 'Trùng mã', maxPoints: 0, method: 'manual' },
        { code: '', title: 'Chưa có mã', maxPoints: 1, method: 'manual' },
        BASE[5],
        { code: '2.1', title: 'Tỷ lệ hồ sơ đúng hạn', maxPoints: 4, method: 'formula', formula: 'dossierCount > 10 ? 4 : 0' },
        { code: '3', title: 'Điểm thưởng', maxPoints: '1,2,5', method: 'bonus' },
      ],
    });
    expect(res.status, res.text).toBe(200);
    // An unreadable value is reported first, alone, as a save would (the rules need every value read).
    expect(res.body.issues).toMatchObject([
      { path: 'criteria.10.maxPoints', message: 'max points "1,2,5" is not a number of points with at most two decimals' },
    ]);

    const fixed = await admin.post('/api/v1/frameworks/check', {
      name: '  ',
      classes: CLASSES,
      criteria: [
        BASE[0],
        BASE[1],
        BASE[2],
        BASE[3],
        BASE[4],
        { code: '1.3', title: 'Tiêu chí mới', maxPoints: 1, method: 'manual' },
        { code: '1.1', title: 'Trùng mã', maxPoints: 0, method: 'manual' },
        { code: '', title: 'Chưa có mã', maxPoints: 1, method: 'manual' },
        BASE[5],
        { code: '2.1', title: 'Tỷ lệ hồ sơ đúng hạn', maxPoints: 4, method: 'formula', formula: 'dossierCount > 10 ? 4 : 0' },
      ],
    });
    expect(fixed.status, fixed.text).toBe(200);
    const issues = fixed.body.issues as { path: string; message: string }[];
    expect(issues.slice(0, 4)).toMatchObject([
      { path: 'name', message: 'name is empty' },
      { path: 'criteria.6.code', message: '1.1: code 1.1 appears twice' },
      { path: 'criteria.7.code', message: '"" is not a dotted code such as 1, 1.2 or 1.2.3' },
      { path: 'criteria.0.maxPoints', message: '1: max points 6.00 differ from the sum of its sub-criteria, 7.00' },
    ]);
    expect(issues[4]!.path).toBe('criteria.9.formula');
    expect(issues[4]!.message).toMatch(/^2\.1: unknown variable dossierCount; known: .*onTimeRate/);
    expect(issues).toHaveLength(5);
    expect(await auditTotal()).toBe(before);
  });

  it('is for the organizer only', async () => {
    expect((await officer.post('/api/v1/frameworks/check', { name: 'x', classes: CLASSES, criteria: BASE })).status).toBe(403);
  });
});

describe('the editor saves each change through PUT, checked as a whole and audited', () => {
  const put = (criteria: unknown[], name = 'Bộ chỉ số CCHC khối sở 2025') =>
    admin.put(`/api/v1/frameworks/${frameworkId}`, { name, classes: CLASSES, criteria });

  it('adds a child criterion with its parent raised to the new sum; existing criteria keep their ids', async () => {
    const before = (await admin.get(`/api/v1/frameworks/${frameworkId}`)).body;
    const auditBefore = await auditTotal();
    const res = await put([
      { ...BASE[0], maxPoints: 7 },
      ...BASE.slice(1, 5),
      { code: '1.3', title: 'Kiểm tra CCHC', maxPoints: '1', method: 'manual', evidenceRequired: true, guidance: 'Có kế hoạch kiểm tra: 1 điểm.' },
      ...BASE.slice(5),
    ]);
    expect(res.status, res.text).toBe(200);
    expect(codesOf(res.body.criteria)).toEqual(['1', '1.1', '1.2', '1.2.1', '1.2.2', '1.3', '2', '2.1']);
    const field = res.body.criteria[0];
    expect(field.maxPoints).toBe(7);
    expect(field.id).toBe(before.criteria[0].id);
    expect(field.children[0].id).toBe(before.criteria[0].children[0].id);
    expect(field.children[2]).toMatchObject({
      code: '1.3',
      maxPoints: 1,
      evidenceRequired: true,
      appraiser: null,
      effectiveAppraiser: 'SNV',
      guidance: 'Có kế hoạch kiểm tra: 1 điểm.',
    });
    expect(res.body.totalMax).toBe(11); // 7 + 4
    expect(await auditTotal()).toBe(auditBefore + 1);
    const audit = (await admin.get('/api/v1/audit?entityType=framework&limit=1')).body.items[0];
    expect(audit).toMatchObject({ action: 'update', entityId: String(frameworkId) });
    expect(audit.before.criteria).toHaveLength(7);
    expect(audit.after.criteria.map((c: { code: string }) => c.code)).toEqual(['1', '1.1', '1.2', '1.2.1', '1.2.2', '1.3', '2', '2.1']);
  });

  it('refuses a child added without its parent raised, beside the parent, and writes nothing', async () => {
    const current = (await admin.get(`/api/v1/frameworks/${frameworkId}`)).body;
    const auditBefore = await auditTotal();
    const res = await put([
      { ...BASE[0], maxPoints: 7 },
      ...BASE.slice(1, 5),
      { code: '1.3', title: 'Kiểm tra CCHC', maxPoints: 1, method: 'manual' },
      BASE[5],
      BASE[6],
      { code: '2.2', title: 'Công khai thủ tục', maxPoints: 0.75, method: 'manual' },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.issues).toMatchObject([
      { path: 'criteria.6.maxPoints', message: '2: max points 4.00 differ from the sum of its sub-criteria, 4.75' },
    ]);
    expect(await auditTotal()).toBe(auditBefore);
    expect((await admin.get(`/api/v1/frameworks/${frameworkId}`)).body).toEqual(current);
  });

  it('adds a field at the end, then removes a criterion with its subtree', async () => {
    const added = await put([
      { ...BASE[0], maxPoints: 7 },
      ...BASE.slice(1, 5),
      { code: '1.3', title: 'Kiểm tra CCHC', maxPoints: 1, method: 'manual', evidenceRequired: true, guidance: 'Có kế hoạch kiểm tra: 1 điểm.' },
      BASE[5],
      BASE[6],
      { code: '3', title: 'Điểm thưởng', maxPoints: 2, method: 'bonus' },
    ]);
    expect(added.status, added.text).toBe(200);
    expect(codesOf(added.body.criteria)).toEqual(['1', '1.1', '1.2', '1.2.1', '1.2.2', '1.3', '2', '2.1', '3']);
    expect(added.body.totalMax).toBe(11); // a bonus field is outside the maximum

    // Remove 1.2 with 1.2.1 and 1.2.2: field 1 drops to 2.5 + 1.
    const auditBefore = await auditTotal();
    const removed = await put([
      { ...BASE[0], maxPoints: 3.5 },
      BASE[1],
      { code: '1.3', title: 'Kiểm tra CCHC', maxPoints: 1, method: 'manual', evidenceRequired: true, guidance: 'Có kế hoạch kiểm tra: 1 điểm.' },
      BASE[5],
      BASE[6],
      { code: '3', title: 'Điểm thưởng', maxPoints: 2, method: 'bonus' },
    ]);
    expect(removed.status, removed.text).toBe(200);
    expect(codesOf(removed.body.criteria)).toEqual(['1', '1.1', '1.3', '2', '2.1', '3']);
    expect(removed.body.totalMax).toBe(7.5);
    expect(removed.body.criterionCount).toBe(6);
    expect(await auditTotal()).toBe(auditBefore + 1);
    const audit = (await admin.get('/api/v1/audit?entityType=framework&limit=1')).body.items[0];
    expect(audit.before.criteria.map((c: { code: string }) => c.code)).toContain('1.2.2');
    expect(audit.after.criteria.map((c: { code: string }) => c.code)).not.toContain('1.2');
  });
});

describe('a clone for another year proposes the name with the new year', () => {
  it('replaces the year only where it stands as a whole number', () => {
    expect(nameForYear('Bộ chỉ số CCHC khối sở 2025', 2025, 2026)).toBe('Bộ chỉ số CCHC khối sở 2026');
    expect(nameForYear('Bộ tiêu chí năm 2025 (sửa đổi 2025)', 2025, 2027)).toBe('Bộ tiêu chí năm 2027 (sửa đổi 2027)');
    expect(nameForYear('Quyết định 120251 năm 2025', 2025, 2026)).toBe('Quyết định 120251 năm 2026');
    expect(nameForYear('Bộ tiêu chí khối sở', 2025, 2026)).toBe('Bộ tiêu chí khối sở');
    expect(nameForYear('Bộ tiêu chí 2024', 2025, 2026)).toBe('Bộ tiêu chí 2024');
  });

  it('the server uses the new year without a name, and the name given when there is one', async () => {
    const plain = await admin.post(`/api/v1/frameworks/${frameworkId}/clone`, { year: 2026 });
    expect(plain.status, plain.text).toBe(201);
    expect(plain.body).toMatchObject({ year: 2026, revision: 1, name: 'Bộ chỉ số CCHC khối sở 2026' });
    const audit = (await admin.get('/api/v1/audit?entityType=framework&limit=1')).body.items[0];
    expect(audit).toMatchObject({ action: 'clone', after: { year: 2026, name: 'Bộ chỉ số CCHC khối sở 2026', source: { id: frameworkId, year: 2025 } } });

    const named = await admin.post(`/api/v1/frameworks/${frameworkId}/clone`, { year: 2026, name: '  Bộ tiêu chí khối sở năm 2026 (dự thảo)  ' });
    expect(named.status, named.text).toBe(201);
    expect(named.body).toMatchObject({ year: 2026, revision: 2, name: 'Bộ tiêu chí khối sở năm 2026 (dự thảo)' });

    const empty = await admin.post(`/api/v1/frameworks/${frameworkId}/clone`, { year: 2027, name: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.issues[0].path).toBe('name');
  });
});
