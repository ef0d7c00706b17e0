import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignResults, TextsPage, UnitResults } from '../../src/modules/survey-results/schemas.js';
import type { ApiClient } from '../helpers/client.js';
import { readDocx, readXlsx } from '../helpers/documents.js';
import { addResponses, seedOfficialsCampaign, seedSipasCampaign } from '../helpers/survey-results-fixtures.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/*
 * Hand-computed figures of the fixtures (test/helpers/survey-results-fixtures.ts). Satisfied = 4 or 5.
 *
 * SIPAS-2025
 *   SNV (3 submitted, target 4; the draft does not count; A1 perception and E1 expectation never count):
 *     access A2 5✓ 3✗ 4✓, A3 4✓ 4✓ → 4 of 5 = 80.00
 *     procedure P1 4✓ 2✗ 5✓ → 2 of 3 = 66.67;  civil_servant C1 5✓ 4✓ → 100.00
 *     result R1 4✓ 5✓ 2✗ → 66.67;  feedback no answer → empty
 *     SIPAS = (80 + 66.666… + 100 + 66.666…) / 4 = 78.333… → 78.33 (rounding each element first would give 78.335 → 78.34)
 *   SCT (2, target 3): access A2 1✗ 4✓ → 50.00; feedback F1 5✓ 4✓ → 100.00; SIPAS (50 + 100) / 2 = 75.00
 *   X1 (0, target 2): nothing
 *   Province (summed counts): access 5 of 7 = 71.43; procedure 66.67; civil_servant 100.00; result 66.67; feedback 100.00;
 *     SIPAS = (5/7 + 2/3 + 1 + 2/3 + 1) / 5 = 85/105 = 17/21 = 80.952… → 80.95; responses 5, target 9
 *   SNV by sex: nam (r1, r3): access 3/3, procedure 2/2, civil_servant 1/1, result 1/2 → 100, 100, 100, 50; SIPAS 87.50
 *               nu (r2): access 1/2 = 50, procedure 0/1 = 0, civil_servant 1/1 = 100, result 1/1 = 100; SIPAS 62.50
 *   SNV distributions: A2 3 answers (3, 4, 5 once each), mean 4.00; P1 mean 11/3 = 3.67; visits mean 6/3 = 2.00; sex nam 2, nu 1
 * DTXH-2025 (officials, weights A 100, B 60, C 20, D 0, K none)
 *   SNV: Cải cách TTHC 100, 60, 60, 60 → 70.00; Công vụ 100 (K not counted) → 100.00; overall 380 / 5 = 76.00; 2 respondents
 *   SCT: Cải cách TTHC 20 → 20.00; Công vụ 0 → 0.00; overall 10.00; 1 respondent
 *   Province: Cải cách TTHC 300 / 5 = 60.00; Công vụ 100 / 2 = 50.00; overall 400 / 7 = 57.142… → 57.14
 */

let server: TestServer;
let admin: ApiClient;
let sipasId: number;
const BASE = '/api/v1/surveys/campaigns';
const none = { access: null, procedure: null, civil_servant: null, result: null, feedback: null };

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  sipasId = await seedSipasCampaign(server.db);
  await seedOfficialsCampaign(server.db);
  admin = await server.loginAs('admin');
});
afterAll(() => server?.close());

describe('survey results', { timeout: 120_000 }, () => {
  it('gives each unit its indices and the province its index from summed counts', async () => {
    const results = await admin.getAs(CampaignResults, `${BASE}/SIPAS-2025/results`);
    expect(results.campaign.code).toBe('SIPAS-2025');
    expect(results.units).toEqual([
      { unitCode: 'SCT', unitName: 'Sở Công Thương', responses: 2, target: 3, elements: { ...none, access: 50, feedback: 100 }, sipas: 75 },
      {
        unitCode: 'SNV',
        unitName: 'Sở Nội vụ',
        responses: 3,
        target: 4,
        elements: { access: 80, procedure: 66.67, civil_servant: 100, result: 66.67, feedback: null },
        sipas: 78.33,
      },
      { unitCode: 'X1', unitName: 'Xã Đồng Tâm', responses: 0, target: 2, elements: none, sipas: null },
    ]);
    expect(results.province).toEqual({
      responses: 5,
      target: 9,
      elements: { access: 71.43, procedure: 66.67, civil_servant: 100, result: 66.67, feedback: 100 },
      sipas: 80.95,
    });
    expect(results.officials).toBeNull();
    expect(results.can).toEqual({ export: true, allUnits: true });
  });

  it("gives a unit's detail: profiles, distributions", async () => {
    const unit = await admin.getAs(UnitResults, `${BASE}/SIPAS-2025/results/units/snv`);
    expect(unit.unit).toMatchObject({ unitCode: 'SNV', responses: 3, sipas: 78.33 });
    expect(unit.profiles).toEqual([
      {
        question: 'sex',
        text: 'Giới tính',
        options: [
          { option: 'nam', label: 'Nam', responses: 2, elements: { access: 100, procedure: 100, civil_servant: 100, result: 50, feedback: null }, sipas: 87.5 },
          { option: 'nu', label: 'Nữ', responses: 1, elements: { access: 50, procedure: 0, civil_servant: 100, result: 100, feedback: null }, sipas: 62.5 },
        ],
      },
    ]);
    const q = (code: string) => unit.questions.find((x) => x.code === code)!;
    expect(q('A2')).toEqual({
      code: 'A2',
      section: 'access',
      text: 'Câu hỏi A2',
      type: 'scale',
      role: 'satisfaction',
      answered: 3,
      counts: [
        { value: '1', label: 'Rất không hài lòng', count: 0 },
        { value: '2', label: '2', count: 0 },
        { value: '3', label: '3', count: 1 },
        { value: '4', label: '4', count: 1 },
        { value: '5', label: 'Rất hài lòng', count: 1 },
      ],
      mean: 4,
      meanWeight: null,
    });
    expect(q('P1').mean).toBe(3.67);
    expect(q('visits')).toMatchObject({ answered: 3, counts: [], mean: 2 });
    expect(q('sex').counts).toEqual([
      { value: 'nam', label: 'Nam', count: 2 },
      { value: 'nu', label: 'Nữ', count: 1 },
    ]);
    expect(q('note')).toMatchObject({ answered: 2, counts: [], mean: null });
    expect(q('F1').answered).toBe(0);

    const empty = await admin.getAs(UnitResults, `${BASE}/SIPAS-2025/results/units/X1`);
    expect(empty.unit).toEqual({ unitCode: 'X1', unitName: 'Xã Đồng Tâm', responses: 0, target: 2, elements: none, sipas: null });
    expect(empty.profiles[0]!.options.map((o) => o.responses)).toEqual([0, 0]);
  });

  it('pages free texts, returned as written', async () => {
    const all = await admin.getAs(TextsPage, `${BASE}/SIPAS-2025/results/units/SNV/texts`);
    expect(all.total).toBe(2);
    expect(all.items.map((i) => [i.question, i.text])).toEqual([
      ['note', '<script>alert(1)</script>'],
      ['note', 'Nhanh & gọn'],
    ]);
    expect(all.questions).toEqual([{ code: 'note', text: 'Góp ý khác' }]);
    const second = await admin.getAs(TextsPage, `${BASE}/SIPAS-2025/results/units/SNV/texts?question=note&limit=1&offset=1`);
    expect(second).toMatchObject({
      total: 2,
      limit: 1,
      offset: 1,
      items: [{ question: 'note', text: 'Nhanh & gọn', submittedAt: '2025-06-02T03:00:00.000Z' }],
    });
    expect((await admin.getAs(TextsPage, `${BASE}/SIPAS-2025/results/units/X1/texts`)).total).toBe(0);
    const notText = await admin.get(`${BASE}/SIPAS-2025/results/units/SNV/texts?question=A2`);
    expect(notText.status).toBe(400);
    expect(notText.body.error.reason).toBe('survey_results_question_not_text');
    expect((await admin.get(`${BASE}/SIPAS-2025/results/units/SNV/texts?limit=0`)).status).toBe(400);
  });

  it('officials: mean weight per unit and area, the province and the rated texts', async () => {
    const results = await admin.getAs(CampaignResults, `${BASE}/DTXH-2025/results`);
    expect(results.areas).toEqual(['Cải cách TTHC', 'Công vụ']);
    expect(results.officials).toEqual([
      { unitCode: 'SCT', unitName: 'Sở Công Thương', responses: 1, areas: [20, 0], overall: 10 },
      { unitCode: 'SNV', unitName: 'Sở Nội vụ', responses: 2, areas: [70, 100], overall: 76 },
    ]);
    expect(results.officialsProvince).toEqual({ areas: [60, 50], overall: 57.14 });
    const snv = await admin.getAs(UnitResults, `${BASE}/DTXH-2025/results/units/SNV`);
    expect(snv.areas).toEqual([
      { area: 'Cải cách TTHC', score: 70, answers: 4 },
      { area: 'Công vụ', score: 100, answers: 1 },
    ]);
    expect(snv.overall).toBe(76);
    expect(snv.questions.find((q) => q.code === 'q3')).toMatchObject({ answered: 2, meanWeight: 100 });
    expect(snv.questions.find((q) => q.code === 'group')!.counts.map((c) => c.count)).toEqual([1, 1]);
    const texts = await admin.getAs(TextsPage, `${BASE}/DTXH-2025/results/units/SNV/texts`);
    expect(texts.items.map((i) => i.text)).toEqual(['Tốt']);
    expect((await admin.getAs(TextsPage, `${BASE}/DTXH-2025/results/units/SCT/texts`)).total).toBe(0);
  });

  it('unit staff see their own unit only; others answer 404', async () => {
    const officer = await server.loginAs('unit_officer', 'SCT');
    const results = await officer.getAs(CampaignResults, `${BASE}/SIPAS-2025/results`);
    expect(results.units.map((u) => u.unitCode)).toEqual(['SCT']);
    expect(results.province).toBeNull();
    expect(results.can.allUnits).toBe(false);
    expect((await officer.get(`${BASE}/SIPAS-2025/results/units/SCT`)).status).toBe(200);
    const other = await officer.get(`${BASE}/SIPAS-2025/results/units/SNV`);
    expect(other.status).toBe(404);
    expect(other.body.error.reason).toBe('survey_results_unit_not_found');
    expect((await officer.get(`${BASE}/SIPAS-2025/results/units/SNV/texts`)).status).toBe(404);
    const report = await officer.get(`${BASE}/SIPAS-2025/results/report?format=csv`);
    expect(report.text).toBe('unit_code,responses,access,procedure,civil_servant,result,feedback,sipas\nSCT,2,50.00,,,,100.00,75.00\n');

    const leader = await server.loginAs('unit_leader', 'X2');
    expect((await leader.getAs(CampaignResults, `${BASE}/SIPAS-2025/results`)).units).toEqual([]);

    for (const role of ['viewer', 'council', 'appraiser'] as const) {
      const reader = await server.loginAs(role);
      expect((await reader.getAs(CampaignResults, `${BASE}/SIPAS-2025/results`)).units).toHaveLength(3);
      expect((await reader.get(`${BASE}/SIPAS-2025/results/units/SNV`)).status).toBe(200);
    }
    expect((await server.client().get(`${BASE}/SIPAS-2025/results`)).status).toBe(401);
  });

  it('answers 404 for an unknown campaign or unit', async () => {
    const campaign = await admin.get(`${BASE}/NOPE/results`);
    expect(campaign.status).toBe(404);
    expect(campaign.body.error.reason).toBe('survey_campaign_not_found');
    const unit = await admin.get(`${BASE}/SIPAS-2025/results/units/X2`);
    expect(unit.status).toBe(404);
    expect(unit.body.error.reason).toBe('survey_results_unit_not_found');
    expect((await admin.get(`${BASE}/SIPAS-2025/results/export?format=pdf`)).status).toBe(400);
  });

  it('the SIPAS report: CSV, JSON and XLSX', async () => {
    const csv = await admin.get(`${BASE}/SIPAS-2025/results/report`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toBe(
      [
        'unit_code,responses,access,procedure,civil_servant,result,feedback,sipas',
        'SCT,2,50.00,,,,100.00,75.00',
        'SNV,3,80.00,66.67,100.00,66.67,,78.33',
        'X1,0,,,,,,',
        '',
      ].join('\n'),
    );
    expect(parse(csv.text, { columns: true })).toHaveLength(3);
    const json = await admin.get(`${BASE}/SIPAS-2025/results/report?format=json`);
    expect(JSON.parse(json.text)).toEqual([
      { unit_code: 'SCT', responses: 2, access: 50, procedure: null, civil_servant: null, result: null, feedback: 100, sipas: 75 },
      { unit_code: 'SNV', responses: 3, access: 80, procedure: 66.67, civil_servant: 100, result: 66.67, feedback: null, sipas: 78.33 },
      { unit_code: 'X1', responses: 0, access: null, procedure: null, civil_servant: null, result: null, feedback: null, sipas: null },
    ]);
    const xlsx = await fetchBuffer(`${BASE}/SIPAS-2025/results/report?format=xlsx`);
    const { rowValues } = await readXlsx(xlsx);
    expect(rowValues(1)).toEqual(['unit_code', 'responses', 'access', 'procedure', 'civil_servant', 'result', 'feedback', 'sipas']);
    expect(rowValues(3)).toEqual(['SNV', 3, 80, 66.67, 100, 66.67, '', 78.33]);
  });

  it('exports the results as XLSX (a sheet per view) and a DOCX summary with chart images', async () => {
    const xlsx = await fetchBuffer(`${BASE}/SIPAS-2025/results/export?format=xlsx`);
    const { workbook } = await readXlsx(xlsx);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['SIPAS', 'Phan bo']);
    const sipas = workbook.getWorksheet('SIPAS')!;
    const row = (n: number) => Array.from({ length: 10 }, (_, i) => (sipas.getRow(n).values as unknown[])[i + 1] ?? null);
    expect(row(2)).toEqual(['SCT', 'Sở Công Thương', 2, 3, 50, null, null, null, 100, 75]);
    expect(row(3)).toEqual(['SNV', 'Sở Nội vụ', 3, 4, 80, 66.67, 100, 66.67, null, 78.33]);
    expect(row(4)).toEqual(['X1', 'Xã Đồng Tâm', 0, 2, null, null, null, null, null, null]);
    expect(row(5)).toEqual([null, 'Toàn tỉnh', 5, 9, 71.43, 66.67, 100, 66.67, 100, 80.95]);
    const spread = workbook.getWorksheet('Phan bo')!;
    const lines = spread
      .getSheetValues()
      .slice(2)
      .map((r) => Array.from((r as unknown[]).slice(1), (v) => v ?? null));
    expect(lines).toContainEqual(['SNV', 'A2', 'Câu hỏi A2', 3, '3', '3', 1, 4]);
    expect(lines).toContainEqual(['SCT', 'F1', 'Câu hỏi F1', 2, '5', 'Rất hài lòng', 1, 4.5]);

    const officials = await readXlsx(await fetchBuffer(`${BASE}/DTXH-2025/results/export?format=xlsx`));
    expect(officials.workbook.worksheets.map((s) => s.name)).toEqual(['Linh vuc', 'Phan bo']);
    expect(officials.rowValues(1)).toEqual(['Mã đơn vị', 'Đơn vị', 'Số phiếu', 'Cải cách TTHC', 'Công vụ', 'Chung']);
    expect(officials.rowValues(3)).toEqual(['SNV', 'Sở Nội vụ', 2, 70, 100, 76]);

    const docx = await fetchBuffer(`${BASE}/SIPAS-2025/results/export?format=docx`);
    const { paragraphs, tables } = await readDocx(docx);
    const text = paragraphs.join('\n');
    expect(text).toContain('Báo cáo kết quả khảo sát: Khảo sát SIPAS-2025 năm 2025');
    expect(text).toContain('Số phiếu hợp lệ: 5 trên chỉ tiêu 9 phiếu; 0 đơn vị đạt chỉ tiêu.');
    expect(text).toContain('Chỉ số hài lòng (SIPAS) chung: 80,95%.');
    expect(text).toContain('SIPAS cao nhất: 78,33% – Sở Nội vụ; thấp nhất: 75,00% – Sở Công Thương.');
    expect(text).toContain('Đơn vị chưa có phiếu: Xã Đồng Tâm.');
    const ranking = tables.find((t) => t[0]?.[0] === 'STT')!;
    expect(ranking[2]).toEqual(['2', 'Sở Nội vụ', '3/4', '80,00', '66,67', '100,00', '66,67', '–', '78,33']);
    expect(ranking[4]).toEqual(['', 'Toàn tỉnh', '5/9', '71,43', '66,67', '100,00', '66,67', '100,00', '80,95']);
    const zip = await JSZip.loadAsync(docx);
    const images = Object.keys(zip.files).filter((name) => /^word\/media\/.+\.png$/.test(name));
    expect(images).toHaveLength(2);
    for (const name of images) {
      const png = await zip.file(name)!.async('nodebuffer');
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.length).toBeGreaterThan(5000);
    }

    const officialsDocx = await readDocx(await fetchBuffer(`${BASE}/DTXH-2025/results/export?format=docx`));
    expect(officialsDocx.paragraphs.join('\n')).toContain('Điểm trung bình chung của các đơn vị được đánh giá: 57,14 điểm (thang 100).');
    expect(officialsDocx.tables.find((t) => t[0]?.[0] === 'STT')![2]).toEqual(['2', 'Sở Nội vụ', '2', '70,00', '100,00', '76,00']);
  });

  it('recomputes when responses change', async () => {
    // X1 gets one response: access A2 4 ✓ → 100.00; province access 6 of 8 = 75.00, SIPAS (3/4 + 2/3 + 1 + 2/3 + 1) / 5 = 4.0833…/5 = 81.67
    await addResponses(server.db, sipasId, [{ unit: 'X1', answers: { A2: 4 } }]);
    const results = await admin.getAs(CampaignResults, `${BASE}/SIPAS-2025/results`);
    expect(results.units.find((u) => u.unitCode === 'X1')).toMatchObject({ responses: 1, sipas: 100 });
    expect(results.province).toMatchObject({ responses: 6, sipas: 81.67, elements: { access: 75 } });
  });
});

async function fetchBuffer(path: string): Promise<Buffer> {
  const response = await fetch(server.baseUrl + path, { headers: { cookie: admin.cookie! } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}
