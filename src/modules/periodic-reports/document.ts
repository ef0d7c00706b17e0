/**
 * Periodic reports as DOCX (Nghị định 30/2020/NĐ-CP layout on src/io/docx.ts): a unit's report — the national heading
 * with the unit's letterhead, number and date line, the title, the figures assembled from the platform (plans and tasks,
 * timeliness, surveys, inspections, registers) as tables, each section of the template with the unit's text, and the
 * signature block — and the province summary: one figures row per unit, then per section every unit's text.
 */
import { AlignmentType, type Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import type { RegisterCount } from '../../domain/registers.js';
import { nationalHeading, officialDocx, type PageSetup, para as docxPara, type ParagraphOptions, run, twoColumns, usableWidth } from '../../io/docx.js';
import type { ReportFigures } from './schemas.js';
import type { RenderedReportFrame } from './template.js';

export { DOCX_CONTENT_TYPE } from '../../io/docx.js';

const PORTRAIT: PageSetup = { orientation: 'portrait', margins: { top: 1134, bottom: 1134, left: 1701, right: 1134 } };
const LANDSCAPE: PageSetup = { orientation: 'landscape', margins: { top: 1134, bottom: 1134, left: 1134, right: 1134 } };
const para = (runs: Parameters<typeof docxPara>[0], options: ParagraphOptions = {}) => docxPara(runs, { line: 300, ...options });
const center = (value: string, options: { bold?: boolean; italics?: boolean; size?: number; after?: number; before?: number } = {}) =>
  para([run(value, options)], { align: AlignmentType.CENTER, after: options.after ?? 0, before: options.before });
const heading = (value: string) => para([run(value, { bold: true })], { before: 180, after: 60 });
const body = (text: string) =>
  text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => para([run(line.trim())], { align: AlignmentType.JUSTIFIED, indent: 567, after: 60 }));

const num = (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value).replace('.', ','));
const pct = (value: number | string | null) => (value === null ? '—' : `${Number(value).toFixed(2).replace('.', ',')} %`);

/** A bordered table: a bold header row, then the rows; `widths` are shares of `width`. */
function grid(width: number, header: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]): Table {
  const sizes = widths.map((w) => Math.round(width * w));
  const cell = (text: string, i: number, bold: boolean) =>
    new TableCell({
      width: { size: sizes[i]!, type: WidthType.DXA },
      children: [para([run(text, { bold, size: 12 })], { align: i === 0 || !bold ? AlignmentType.LEFT : AlignmentType.CENTER, after: 0, line: 260 })],
    });
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: sizes,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, i, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, i, false)) })),
    ],
  });
}

export const REGISTER_LABELS: Record<RegisterCount, string> = {
  legalDocumentsIssued: 'Văn bản QPPL ban hành',
  legalDocumentsAmended: 'Văn bản QPPL sửa đổi, bổ sung',
  legalDocumentsRepealProposed: 'Văn bản QPPL đề nghị bãi bỏ',
  proceduresProposedAbolished: 'Thủ tục hành chính đề xuất bãi bỏ',
  proceduresProposedSimplified: 'Thủ tục hành chính đề xuất đơn giản hóa',
  trainingCourses: 'Lớp tập huấn, bồi dưỡng',
  trainingParticipants: 'Lượt người tham gia tập huấn',
  contests: 'Cuộc thi về CCHC',
  contestParticipants: 'Lượt người dự thi',
  knowledgeTestParticipants: 'Người dự kiểm tra kiến thức',
  knowledgeTestPassed: 'Người đạt kiểm tra kiến thức',
  isoApplied: 'Áp dụng ISO 9001 (1: có)',
  isoInternalAudits: 'Lượt đánh giá nội bộ ISO',
};

/** The figure tables of one report, each under its numbered heading; a part without data says so. */
export function figureBlocks(width: number, figures: ReportFigures): (Paragraph | Table)[] {
  const two = (rows: [string, string][]) => grid(width, ['Chỉ tiêu', 'Số liệu'], rows, [0.7, 0.3]);
  const p = figures.plans;
  const blocks: (Paragraph | Table)[] = [
    heading('1. Kế hoạch và nhiệm vụ cải cách hành chính'),
    two([
      ['Kế hoạch của đơn vị', String(p.plans)],
      ['Kế hoạch bắt buộc đã ban hành / phải ban hành', `${p.issued}/${p.required}`],
      ['Kế hoạch ban hành chậm', String(p.late)],
      ['Nhiệm vụ đã hoàn thành / tổng số nhiệm vụ', `${p.completed}/${p.tasks}`],
      ['Tỷ lệ hoàn thành nhiệm vụ', pct(p.completionRate)],
      ['Nhiệm vụ quá hạn', String(p.overdue)],
    ]),
    heading('2. Giải quyết hồ sơ thủ tục hành chính'),
  ];
  const t = figures.timeliness;
  blocks.push(
    t
      ? two([
          ['Hồ sơ tiếp nhận', String(t.received)],
          ['Hồ sơ đã giải quyết', String(t.resolved)],
          ['Trước hạn / đúng hạn / trễ hạn', `${t.early} / ${t.onTime} / ${t.late}`],
          ['Quá hạn đang giải quyết', String(t.overdue)],
          ['Tỷ lệ giải quyết đúng hạn', pct(t.onTimeRate)],
        ])
      : para([run('Đơn vị không có hồ sơ thủ tục hành chính trong kỳ.', { italics: true })]),
  );
  blocks.push(heading('3. Khảo sát sự hài lòng'));
  blocks.push(
    figures.surveys.length
      ? grid(
          width,
          ['Đợt khảo sát', 'Phiếu / chỉ tiêu', 'Chỉ số SIPAS'],
          figures.surveys.map((s) => [s.name, `${s.responses}/${s.target}`, pct(s.sipas)]),
          [0.55, 0.2, 0.25],
        )
      : para([run('Không có đợt khảo sát nào của năm đối với đơn vị.', { italics: true })]),
  );
  const i = figures.inspections;
  blocks.push(
    heading('4. Kiểm tra cải cách hành chính'),
    two([
      ['Cuộc kiểm tra (đã tiến hành / theo kế hoạch)', `${i.conducted}/${i.inspections}`],
      ['Nội dung phát hiện, kiến nghị', String(i.findings)],
      ['Việc khắc phục: đã hoàn thành / tổng số', `${i.closed}/${i.remediation}`],
      ['Việc khắc phục quá hạn', String(i.overdue)],
    ]),
    heading('5. Các sổ theo dõi'),
    two((Object.keys(REGISTER_LABELS) as RegisterCount[]).map((k) => [REGISTER_LABELS[k], num(figures.registers[k] ?? 0)])),
  );
  return blocks;
}

export interface UnitReportDocument {
  frame: RenderedReportFrame;
  documentNo: string | null;
  figures: ReportFigures;
  sections: Record<string, string>;
  /** "Bản nháp" printed at the top of a report not submitted. */
  draft: boolean;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

function signature(width: number, frame: RenderedReportFrame) {
  return twoColumns(
    width,
    frame.recipients.map((line, i) => para([run(line, { bold: i === 0, italics: i === 0, size: i === 0 ? 12 : 11 })], { after: 0 })),
    [
      center(frame.signatureTitle, { bold: true }),
      center(frame.signatureNote, { italics: true, size: 12 }),
      ...(frame.signerName ? [center(' ', { after: 1200 }), center(frame.signerName, { bold: true })] : []),
    ],
    0.45,
  );
}

export async function buildUnitReportDocx(doc: UnitReportDocument): Promise<Buffer> {
  const width = usableWidth(PORTRAIT);
  const { frame } = doc;
  const children: (Paragraph | Table)[] = [
    nationalHeading({ width, issuer: frame.letterhead, dateLine: frame.dateLine, leftShare: 0.42, size: 12, mottoSize: 13, line: 300 }),
    para([run(`Số: ${doc.documentNo ?? '……'}`, { size: 13 })], { after: 120 }),
    center(frame.title, { bold: true, size: 14, before: 240, after: 240 }),
    ...body(frame.intro),
    heading(`${ROMAN[0]}. SỐ LIỆU TỪ HỆ THỐNG`),
    ...figureBlocks(width, doc.figures),
    ...frame.sections.flatMap((s, i) => [heading(`${ROMAN[i + 1] ?? i + 2}. ${s.title.toUpperCase()}`), ...orEmpty(body(doc.sections[s.key] ?? ''))]),
    para([], { after: 240 }),
    signature(width, frame),
  ];
  return officialDocx({
    title: frame.title,
    fontSize: 14,
    page: PORTRAIT,
    header: doc.draft ? [center('BẢN NHÁP — CHƯA GỬI', { bold: true, size: 11 })] : undefined,
    children,
  });
}

const orEmpty = (paragraphs: Paragraph[]) => (paragraphs.length ? paragraphs : [para([run('(Chưa có nội dung)', { italics: true })], { indent: 567 })]);

export interface SummaryUnit {
  unitCode: string;
  unitName: string;
  state: 'not_submitted' | 'on_time' | 'late';
  submittedOn: string | null;
  figures: ReportFigures;
  /** The unit's texts when the report was submitted, else none. */
  sections: Record<string, string> | null;
}

export interface SummaryDocument {
  issuer: string[];
  dateLine: string;
  title: string;
  dueOn: string | null;
  sections: { key: string; title: string }[];
  units: SummaryUnit[];
}

const STATE_LABELS = { on_time: 'Đúng hạn', late: 'Trễ hạn', not_submitted: 'Chưa gửi' } as const;
const dmy = (date: string | null) => (date ? date.split('-').reverse().join('/') : '—');

export async function buildSummaryDocx(doc: SummaryDocument): Promise<Buffer> {
  const width = usableWidth(LANDSCAPE);
  const submitted = doc.units.filter((u) => u.state !== 'not_submitted');
  const onTime = doc.units.filter((u) => u.state === 'on_time').length;
  const children: (Paragraph | Table)[] = [
    nationalHeading({ width, issuer: doc.issuer, dateLine: doc.dateLine, leftShare: 0.4, size: 12, mottoSize: 13, line: 300 }),
    center(doc.title, { bold: true, size: 14, before: 240, after: 120 }),
    para([run(`Hạn gửi báo cáo: ${dmy(doc.dueOn)}. Đã gửi ${submitted.length}/${doc.units.length} đơn vị; ${onTime}/${doc.units.length} đúng hạn.`)], {
      align: AlignmentType.CENTER,
      after: 240,
    }),
    heading('I. SỐ LIỆU CỦA CÁC ĐƠN VỊ'),
    grid(
      width,
      ['Đơn vị', 'Báo cáo', 'Ngày gửi', 'KH ban hành', 'Nhiệm vụ HT', 'Tỷ lệ HT', 'NV quá hạn', 'Hồ sơ đúng hạn', 'Khắc phục quá hạn'],
      doc.units.map((u) => [
        u.unitName,
        STATE_LABELS[u.state],
        dmy(u.submittedOn),
        `${u.figures.plans.issued}/${u.figures.plans.required}`,
        `${u.figures.plans.completed}/${u.figures.plans.tasks}`,
        pct(u.figures.plans.completionRate),
        String(u.figures.plans.overdue),
        u.figures.timeliness ? pct(u.figures.timeliness.onTimeRate) : '—',
        String(u.figures.inspections.overdue),
      ]),
      [0.22, 0.09, 0.1, 0.09, 0.1, 0.1, 0.09, 0.11, 0.1],
    ),
    ...doc.sections.flatMap((s, i) => {
      const texts = submitted.filter((u) => (u.sections?.[s.key] ?? '').trim() !== '');
      return [
        heading(`${ROMAN[i + 1] ?? i + 2}. ${s.title.toUpperCase()}`),
        ...(texts.length
          ? texts.flatMap((u) => {
              const [first, ...rest] = u.sections![s.key]!.split(/\r?\n/).filter((l) => l.trim() !== '');
              return [
                para([run(`${u.unitName}: `, { bold: true }), run(first!.trim())], { align: AlignmentType.JUSTIFIED, indent: 567, after: 60 }),
                ...rest.map((line) => para([run(line.trim())], { align: AlignmentType.JUSTIFIED, indent: 567, after: 60 })),
              ];
            })
          : [para([run('(Không có đơn vị nào báo cáo nội dung này)', { italics: true })], { indent: 567 })]),
      ];
    }),
  ];
  return officialDocx({ title: doc.title, fontSize: 13, page: LANDSCAPE, children });
}
