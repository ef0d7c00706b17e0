import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../helpers/client.js';
import { pdfText, readDocx } from '../helpers/documents.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { ROUND_2025_DATES } from '../helpers/cycle-fixtures.js';

/*
 * The self-assessment report of commune X1 (Xã Đồng Tâm, under Huyện An Phú) in the 2025 round of block XA.
 * Hand computation (domain.md: not applicable leaves its points and its maximum; bonus and penalty outside the maximum):
 *   field 1: 1.1 self 3.5 (of 4) + 1.2 self 5.25 (of 6)            = 8.75 / 10.00
 *   field 2: 2.1 self 6 (of 6); 2.2 not applicable (4 leaves the max) = 6.00 / 6.00
 *   field 3: survey 3.1 (the organizer entered 4: not the unit's)     = 0.00 / 5.00
 *   field 4: bonus 4.1 (the organizer gave 1.5: not the unit's)       = 0.00 (outside the maximum)
 *   field 5: penalty 5.1 (the organizer took 0.75: not the unit's)    = 0.00 (outside the maximum)
 *   overall, the unit's own scoring (the sheet's "Tự chấm"): 8.75 + 6 = 14.75 of 10 + 6 + 5 = 21.00
 * Evidence: 1.1 two files, 2.1 one file → 3.
 */
let server: TestServer;
let admin: ApiClient;
let officer: ApiClient; // X1
let leader: ApiClient; // X1
let otherCommune: ApiClient; // X2
let appraiser: ApiClient; // SNV
let council: ApiClient;
let viewer: ApiClient;
let roundId: number;

const PDF = (tag: string) =>
  Buffer.from(
    `%PDF-1.4\n% ${tag}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
const x1 = (path: string) => `/api/v1/rounds/${roundId}/units/X1${path}`;
const reportUrl = (format: 'docx' | 'pdf', unit = 'X1') => `/api/v1/rounds/${roundId}/units/${unit}/self-assessment-report?format=${format}`;

async function download(client: ApiClient, url: string) {
  const response = await fetch(`${server.baseUrl}${url}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  officer = await server.loginAs('unit_officer', 'X1');
  leader = await server.loginAs('unit_leader', 'X1');
  otherCommune = await server.loginAs('unit_officer', 'X2');
  appraiser = await server.loginAs('appraiser', 'SNV');
  council = await server.loginAs('council');
  viewer = await server.loginAs('viewer');
  const framework = await admin.post('/api/v1/frameworks', {
    year: 2025,
    blockCode: 'XA',
    name: 'Bộ chỉ số CCHC khối xã 2025',
    classes: [
      { label: 'Tốt', min: 90 },
      { label: 'Khá', min: 80 },
      { label: 'Yếu', min: 0 },
    ],
    criteria: [
      { code: '1', title: 'Chỉ đạo, điều hành', maxPoints: 10, method: 'manual', appraiser: 'SNV' },
      { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 4, method: 'manual', evidenceRequired: true },
      { code: '1.2', title: 'Báo cáo định kỳ', maxPoints: 6, method: 'manual' },
      { code: '2', title: 'Thủ tục hành chính', maxPoints: 10, method: 'manual', appraiser: 'SNV' },
      { code: '2.1', title: 'Công khai thủ tục', maxPoints: 6, method: 'manual' },
      { code: '2.2', title: 'Bộ phận một cửa', maxPoints: 4, method: 'manual' },
      { code: '3', title: 'Điều tra xã hội học', maxPoints: 5, method: 'survey' },
      { code: '3.1', title: 'Mức độ hài lòng', maxPoints: 5, method: 'survey' },
      { code: '4', title: 'Điểm thưởng', maxPoints: 2, method: 'bonus' },
      { code: '4.1', title: 'Sáng kiến CCHC', maxPoints: 2, method: 'bonus' },
      { code: '5', title: 'Điểm trừ', maxPoints: 3, method: 'penalty' },
      { code: '5.1', title: 'Vi phạm kỷ luật hành chính', maxPoints: 3, method: 'penalty' },
    ],
  });
  expect(framework.status, framework.text).toBe(201);
  const round = await admin.post('/api/v1/rounds', { year: 2025, blockCode: 'XA', ...ROUND_2025_DATES });
  expect(round.status, round.text).toBe(201);
  roundId = round.body.id;
  server.now = '2025-11-10T03:00:00Z';
  const writes = [
    await officer.put(x1('/scores/1.1/self'), { score: '3,5', note: 'Đã ban hành kế hoạch CCHC năm 2025' }),
    await officer.put(x1('/scores/1.2/self'), { score: 5.25, note: 'Đủ 4 báo cáo quý' }),
    await officer.put(x1('/scores/2.1/self'), { score: 6 }),
    await officer.put(x1('/scores/2.2/self'), { notApplicable: true, notApplicableReason: 'Xã dùng bộ phận một cửa của huyện' }),
    await officer.upload(x1('/scores/1.1/evidence'), PDF('a'), 'Kế hoạch CCHC 2025.pdf'),
    await officer.upload(x1('/scores/1.1/evidence'), PDF('b'), 'Quyết định ban hành.pdf'),
    await officer.upload(x1('/scores/2.1/evidence'), PDF('c'), 'Ảnh bảng niêm yết.pdf'),
    await admin.put(x1('/scores/3.1/organizer'), { score: 4, reason: 'Kết quả điều tra XHH' }),
    await admin.put(x1('/scores/4.1/organizer'), { score: 1.5, reason: 'Sáng kiến được công nhận' }),
    await admin.put(x1('/scores/5.1/organizer'), { score: 0.75, reason: 'Chậm báo cáo' }),
  ];
  for (const w of writes) expect(w.status, w.text).toBeLessThan(300);
}, 120_000);
afterAll(() => server?.close());

const EXPECTED_TABLE = [
  ['Mã', 'Tiêu chí', 'Điểm tối đa', 'Điểm tự đánh giá', 'Ghi chú, giải trình', 'Số TLKC'],
  ['1', 'Chỉ đạo, điều hành', '10,00', '8,75', '', ''],
  ['1.1', 'Kế hoạch CCHC', '4,00', '3,50', 'Đã ban hành kế hoạch CCHC năm 2025', '2'],
  ['1.2', 'Báo cáo định kỳ', '6,00', '5,25', 'Đủ 4 báo cáo quý', '0'],
  ['2', 'Thủ tục hành chính', '6,00', '6,00', '', ''],
  ['2.1', 'Công khai thủ tục', '6,00', '6,00', '', '1'],
  ['2.2', 'Bộ phận một cửa', '(4,00)', 'Không áp dụng', 'Không áp dụng: Xã dùng bộ phận một cửa của huyện', '0'],
  ['3', 'Điều tra xã hội học', '5,00', '–', '', ''],
  ['3.1', 'Mức độ hài lòng', '5,00', '–', 'Điểm điều tra xã hội học: do Sở Nội vụ nhập, không thuộc phần tự chấm', '0'],
  ['4', 'Điểm thưởng', '2,00', '–', '', ''],
  ['4.1', 'Sáng kiến CCHC', '2,00', '–', 'Điểm thưởng: do Sở Nội vụ nhập, không thuộc phần tự chấm', '0'],
  ['5', 'Điểm trừ', '3,00', '–', '', ''],
  ['5.1', 'Vi phạm kỷ luật hành chính', '3,00', '–', 'Điểm trừ: do Sở Nội vụ nhập, không thuộc phần tự chấm', '0'],
  ['', 'Tổng cộng', '21,00', '14,75', '', '3'],
];
const FIELD_TOTALS = [
  '1. Chỉ đạo, điều hành: 8,75 / 10,00 điểm',
  '2. Thủ tục hành chính: 6,00 / 6,00 điểm',
  '3. Điều tra xã hội học: 0,00 / 5,00 điểm',
  '4. Điểm thưởng: 0,00 điểm (điểm thưởng, ngoài điểm tối đa)',
  '5. Điểm trừ: 0,00 điểm (điểm trừ, ngoài điểm tối đa)',
];
const OVERALL = 'Tổng điểm tự đánh giá: 14,75 / 21,00 điểm (điểm đạt / tổng điểm tối đa của các tiêu chí áp dụng).';
const EVIDENCE = ['1.1. Kế hoạch CCHC: (1) Kế hoạch CCHC 2025.pdf; (2) Quyết định ban hành.pdf.', '2.1. Công khai thủ tục: (1) Ảnh bảng niêm yết.pdf.'];

describe('the self-assessment report of a sheet', () => {
  it('DOCX before submission: a draft with the letterhead, the criteria, totals, evidence and the signature block', { timeout: 120_000 }, async () => {
    const file = await download(officer, reportUrl('docx'));
    expect(file.status, file.body.toString()).toBe(200);
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(file.disposition).toBe('attachment; filename="self-assessment-X1-2025.docx"');
    const docx = await readDocx(file.body);
    expect(docx.headerText).toContain('DỰ THẢO');
    // The letterhead: the district above the commune, beside the national title, and the date of the server's clock.
    const letterhead = docx.tables[0]!.flat().join(' | ');
    expect(letterhead).toContain('HUYỆN AN PHÚ');
    expect(letterhead).toContain('XÃ ĐỒNG TÂM');
    expect(letterhead).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(letterhead).toContain('Ngày 10 tháng 11 năm 2025');
    expect(docx.paragraphs).toContain('BÁO CÁO TỰ ĐÁNH GIÁ, CHẤM ĐIỂM');
    expect(docx.paragraphs).toContain('CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025');
    expect(docx.paragraphs).toContain('Đơn vị: Xã Đồng Tâm (X1) – Khối xã');
    expect(docx.paragraphs).toContain('Bản nháp – đơn vị chưa nộp bản tự đánh giá');
    expect(docx.tables[1]).toEqual(EXPECTED_TABLE);
    for (const line of [...FIELD_TOTALS, OVERALL, ...EVIDENCE]) expect(docx.paragraphs).toContain(line);
    const signature = docx.tables[2]!.flat().join(' | ');
    expect(signature).toContain('THỦ TRƯỞNG ĐƠN VỊ');
    expect(signature).toContain('(Ký tên, đóng dấu)');
    expect(signature).toContain('……, ngày …… tháng …… năm ……');
    expect(signature).toContain('Nơi nhận:');
    // A4 portrait.
    expect(docx.xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // The PDF of the draft says so too.
    const draft = pdfText((await download(officer, reportUrl('pdf'))).body);
    expect(draft).toMatch(/^DỰ THẢO HUYỆN AN PHÚ XÃ ĐỒNG TÂM/);
    expect(draft).toContain('Bản nháp – đơn vị chưa nộp bản tự đánh giá');
  });

  it('after submission: no draft mark, the submission date; an appraiser of the block reads it too, as PDF', async () => {
    server.now = '2025-11-20T03:00:00Z';
    const submitted = await leader.post(x1('/submit'));
    expect(submitted.status, submitted.text).toBe(200);
    const docx = await readDocx((await download(leader, reportUrl('docx'))).body);
    expect(docx.headerText).not.toContain('DỰ THẢO');
    expect(docx.paragraphs).toContain('Đã nộp bản tự đánh giá ngày 20/11/2025');
    expect(docx.tables[1]).toEqual(EXPECTED_TABLE);

    const file = await download(appraiser, reportUrl('pdf'));
    expect(file.status, file.body.toString()).toBe(200);
    expect(file.type).toBe('application/pdf');
    expect(file.disposition).toBe('attachment; filename="self-assessment-X1-2025.pdf"');
    expect(file.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(file.body);
    for (const expected of [
      'HUYỆN AN PHÚ',
      'XÃ ĐỒNG TÂM',
      'BÁO CÁO TỰ ĐÁNH GIÁ, CHẤM ĐIỂM',
      'CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025',
      'Đã nộp bản tự đánh giá ngày 20/11/2025',
      '1.1 Kế hoạch CCHC 4,00 3,50 Đã ban hành kế hoạch CCHC năm 2025 2',
      '2.2 Bộ phận một cửa (4,00) Không áp dụng Không áp dụng: Xã dùng bộ phận một cửa của huyện 0',
      '5.1 Vi phạm kỷ luật hành chính 3,00 –',
      'Tổng cộng 21,00 14,75',
      ...FIELD_TOTALS,
      OVERALL,
      ...EVIDENCE,
      'THỦ TRƯỞNG ĐƠN VỊ',
      '(Ký tên, đóng dấu)',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('DỰ THẢO');
  }, 120_000);

  it('the council and the organizer read it; another commune, a viewer and the public are refused', async () => {
    expect((await download(council, reportUrl('docx'))).status).toBe(200);
    expect((await download(admin, reportUrl('docx'))).status).toBe(200);
    const other = await otherCommune.get(reportUrl('docx'));
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({ code: 'forbidden', reason: 'sheet_read_forbidden' });
    expect((await otherCommune.get(reportUrl('pdf'))).status).toBe(403);
    expect((await viewer.get(reportUrl('docx'))).status).toBe(403);
    expect((await server.client().get(reportUrl('docx'))).status).toBe(401);
    // Its own report is there for X2's officer; a bad format and an unknown unit are refused plainly.
    expect((await download(otherCommune, reportUrl('docx', 'X2'))).status).toBe(200);
    expect((await officer.get(`/api/v1/rounds/${roundId}/units/X1/self-assessment-report?format=odt`)).status).toBe(400);
    expect((await admin.get(reportUrl('docx', 'NOPE'))).status).toBe(404);
  });

  it('an appraiser is refused before the unit submits', async () => {
    expect((await appraiser.get(reportUrl('docx', 'X2'))).status).toBe(403);
  });
});
