/**
 * The inspection's documents as DOCX (Nghị định 30/2020/NĐ-CP layout, src/io/docx.ts): the record (biên bản kiểm tra
 * CCHC) with the unit, dates, decision, team, areas, findings, recommendations, remediation items and the signatures
 * of the team lead and the unit head; and the conclusion (kết luận kiểm tra) with the conclusion text, the
 * recommendations and the remediation items with their deadlines. Built from the same view the API returns.
 */
import { AlignmentType, type Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import { nationalHeading, officialDocx, type PageSetup, para, run, twoColumns, usableWidth } from '../../io/docx.js';
import { vietnameseDocumentDate } from '../../domain/text.js';
import type { Inspection } from './schemas.js';

export { DOCX_CONTENT_TYPE } from '../../io/docx.js';

const PAGE: PageSetup = { orientation: 'portrait', margins: { top: 1134, bottom: 1134, left: 1701, right: 1134 } };
const WIDTH = usableWidth(PAGE);
const ISSUER = ['Sở Nội vụ', 'Đoàn kiểm tra CCHC'];

/** "2025-06-05" → "05/06/2025"; a dash when there is no date. */
export const viDate = (iso: string | null | undefined) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '…');

const body = (text: string, options: { bold?: boolean; italics?: boolean } = {}) =>
  para([run(text, options)], { align: AlignmentType.JUSTIFIED, indent: 567, after: 80, line: 300 });
const sectionTitle = (text: string) => para([run(text, { bold: true })], { before: 160, after: 80, line: 300 });
const center = (text: string, options: { bold?: boolean; italics?: boolean; size?: number; before?: number; after?: number } = {}) =>
  para([run(text, options)], { align: AlignmentType.CENTER, before: options.before, after: options.after ?? 0, line: 300 });

const STATUS_TEXT = { open: 'Chưa khắc phục', overdue: 'Quá hạn', closed: 'Đã khắc phục' };

function itemsTable(inspection: Inspection): Table {
  const widths = [600, 3500, 1900, 1300, WIDTH - 600 - 3500 - 1900 - 1300];
  const cell = (text: string, i: number, bold = false) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      children: [para([run(text, { bold, size: 12 })], { align: i === 1 || i === 2 ? AlignmentType.LEFT : AlignmentType.CENTER, after: 0 })],
    });
  const header = new TableRow({
    tableHeader: true,
    children: ['TT', 'Nội dung khắc phục', 'Đơn vị/người thực hiện', 'Thời hạn', 'Tình trạng'].map((h, i) => cell(h, i, true)),
  });
  const rows = inspection.remediation.map(
    (item, n) =>
      new TableRow({
        children: [
          String(n + 1),
          item.title,
          item.owner ?? '',
          viDate(item.deadline),
          item.closedOn ? `${STATUS_TEXT.closed} (${viDate(item.closedOn)})` : item.overdue ? STATUS_TEXT.overdue : STATUS_TEXT.open,
        ].map((text, i) => cell(text, i)),
      }),
  );
  return new Table({ width: { size: WIDTH, type: WidthType.DXA }, columnWidths: widths, rows: [header, ...rows] });
}

const findingsOf = (inspection: Inspection, kind: Inspection['findings'][number]['kind']) =>
  inspection.findings.filter((f) => f.kind === kind).map((f, i) => body(`${i + 1}. ${f.area ? `${f.area}: ` : ''}${f.text}`));
const orNone = (paragraphs: Paragraph[]) => (paragraphs.length > 0 ? paragraphs : [body('Không có.', { italics: true })]);

function heading(dateLine: string) {
  return nationalHeading({ width: WIDTH, issuer: ISSUER, dateLine, leftShare: 0.42, size: 12, mottoSize: 13, line: 300 });
}

const placeLine = (date: string | null) => (date ? vietnameseDocumentDate(date).replace(/^n/, 'N') : 'Ngày … tháng … năm …');

/** The record (biên bản): what the team found at the unit, signed by the team lead and the unit head. */
export function buildRecordDocx(inspection: Inspection): Promise<Buffer> {
  const lead = inspection.members.find((m) => m.lead);
  const when = inspection.conductedOn ?? inspection.plannedFrom;
  const children = [
    heading(placeLine(when)),
    center('BIÊN BẢN KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH', { bold: true, size: 14, before: 360 }),
    center(`tại ${inspection.unitName}`, { bold: true, after: 240 }),
    body(`Thực hiện Quyết định số ${inspection.decisionNo ?? '…'} về việc thành lập Đoàn kiểm tra công tác cải cách hành chính năm ${inspection.year}.`),
    body(
      `Thời gian kiểm tra: ${
        inspection.conductedOn
          ? `ngày ${viDate(inspection.conductedOn)}`
          : `từ ngày ${viDate(inspection.plannedFrom)} đến ngày ${viDate(inspection.plannedTo)} (dự kiến)`
      }.`,
    ),
    body(`Đơn vị được kiểm tra: ${inspection.unitName} (${inspection.unitCode}).`),
    sectionTitle('I. THÀNH PHẦN ĐOÀN KIỂM TRA'),
    ...orNone(inspection.members.map((m, i) => body(`${i + 1}. ${m.displayName}${m.lead ? ' – Trưởng đoàn' : ' – Thành viên'}`))),
    sectionTitle('II. NỘI DUNG KIỂM TRA'),
    ...orNone(inspection.areas.map((area, i) => body(`${i + 1}. ${area}`))),
    sectionTitle('III. KẾT QUẢ KIỂM TRA'),
    para([run('1. Ưu điểm', { bold: true, italics: true })], { after: 60, line: 300 }),
    ...orNone(findingsOf(inspection, 'strength')),
    para([run('2. Tồn tại, hạn chế', { bold: true, italics: true })], { after: 60, line: 300 }),
    ...orNone(findingsOf(inspection, 'shortcoming')),
    sectionTitle('IV. KIẾN NGHỊ'),
    ...orNone(findingsOf(inspection, 'recommendation')),
    sectionTitle('V. CÁC VIỆC CẦN KHẮC PHỤC'),
    ...(inspection.remediation.length > 0 ? [itemsTable(inspection)] : orNone([])),
    body('Biên bản được lập thành 02 bản, Đoàn kiểm tra giữ 01 bản, đơn vị được kiểm tra giữ 01 bản.'),
    para([], { after: 240 }),
    twoColumns(
      WIDTH,
      [
        center('ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA', { bold: true }),
        center('THỦ TRƯỞNG ĐƠN VỊ', { bold: true }),
        center('(Ký, ghi rõ họ tên, đóng dấu)', { italics: true, size: 12 }),
      ],
      [
        center('TRƯỞNG ĐOÀN KIỂM TRA', { bold: true }),
        center('(Ký, ghi rõ họ tên)', { italics: true, size: 12 }),
        center(' ', { after: 1200 }),
        center(lead?.displayName ?? '', { bold: true }),
      ],
      0.5,
    ),
  ];
  return officialDocx({ title: `Biên bản kiểm tra CCHC – ${inspection.unitName}`, fontSize: 14, page: PAGE, children });
}

/** The conclusion (kết luận): the conclusion text, the recommendations and the items with their deadlines. */
export function buildConclusionDocx(inspection: Inspection): Promise<Buffer> {
  const lead = inspection.members.find((m) => m.lead);
  const children = [
    heading(placeLine(inspection.concludedOn)),
    center('KẾT LUẬN KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH', { bold: true, size: 14, before: 360 }),
    center(`đối với ${inspection.unitName}`, { bold: true, after: 240 }),
    body(
      `Căn cứ Quyết định số ${inspection.decisionNo ?? '…'} và kết quả kiểm tra ngày ${viDate(inspection.conductedOn)} tại ${inspection.unitName}, Đoàn kiểm tra kết luận như sau:`,
    ),
    sectionTitle('I. KẾT LUẬN'),
    ...(inspection.conclusion ?? '…')
      .split(/\n+/)
      .filter((line) => line.trim())
      .map((line) => body(line.trim())),
    sectionTitle('II. KIẾN NGHỊ'),
    ...orNone(findingsOf(inspection, 'recommendation')),
    sectionTitle('III. CÁC VIỆC CẦN KHẮC PHỤC VÀ THỜI HẠN'),
    ...(inspection.remediation.length > 0 ? [itemsTable(inspection)] : orNone([])),
    body(`Đề nghị ${inspection.unitName} tổ chức khắc phục và báo cáo kết quả về Sở Nội vụ trước các thời hạn nêu trên.`),
    para([], { after: 240 }),
    twoColumns(
      WIDTH,
      [
        para([run('Nơi nhận:', { bold: true, italics: true, size: 12 })], { after: 0 }),
        para([run(`- ${inspection.unitName};`, { size: 11 })], { after: 0 }),
        para([run('- Lưu: VT, Đoàn kiểm tra.', { size: 11 })], { after: 0 }),
      ],
      [
        center('TRƯỞNG ĐOÀN KIỂM TRA', { bold: true }),
        center('(Ký, ghi rõ họ tên)', { italics: true, size: 12 }),
        center(' ', { after: 1200 }),
        center(lead?.displayName ?? '', { bold: true }),
      ],
      0.5,
    ),
  ];
  return officialDocx({ title: `Kết luận kiểm tra CCHC – ${inspection.unitName}`, fontSize: 14, page: PAGE, children });
}
