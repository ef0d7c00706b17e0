import { AlignmentType, BorderStyle, type IBorderOptions, type Paragraph, Table, TableCell, TableRow, VerticalAlign, WidthType } from 'docx';
import { nationalHeading, officialDocx, type PageSetup, para as docxPara, run, usableWidth } from '../../../io/docx.js';
import type { BlockResults, Publication } from '../schemas.js';
import { DASH, type DocumentOptions, formatViDate, formatViLongDate, num, pointsOnlyFields, resultsSummary, statusLine } from './format.js';

/** The DOCX report of a block's results: letterhead, title, status, a generated summary and the ranking table. */

/** A4 landscape, margins 2 cm (left 2.5 cm) as Vietnamese administrative documents use. */
const PAGE: PageSetup = { orientation: 'landscape', margins: { top: 1134, bottom: 1134, left: 1418, right: 1134 } };
const USABLE_WIDTH = usableWidth(PAGE);
const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

const text = run;
const para = (runs: Parameters<typeof docxPara>[0], options: Parameters<typeof docxPara>[1] = {}) => docxPara(runs, options);

function rankingTable(results: BlockResults): Table {
  const pointsOnly = pointsOnlyFields(results);
  const fixed = [600, 2900, 1150, 1150, 1050, 850, 1150];
  const fieldWidth = results.fields.length ? Math.max(500, Math.floor((USABLE_WIDTH - fixed.reduce((a, b) => a + b, 0)) / results.fields.length)) : 0;
  const widths = [...fixed, ...results.fields.map(() => fieldWidth)];
  const size = results.fields.length > 6 ? 9 : 11;
  const cell = (value: string, width: number, options: { bold?: boolean; left?: boolean; shade?: boolean } = {}) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      shading: options.shade ? { fill: 'E7E6E6', type: 'clear', color: 'auto' } : undefined,
      margins: { top: 40, bottom: 40, left: 60, right: 60 },
      children: [para([text(value, { bold: options.bold, size })], { align: options.left ? AlignmentType.LEFT : AlignmentType.CENTER, after: 0 })],
    });
  const headers = [
    'STT',
    'Đơn vị',
    'Điểm tự đánh giá',
    'Điểm thẩm định',
    'Chỉ số (%)',
    'Xếp hạng',
    'Xếp loại',
    ...results.fields.map((f) => `${f.code}. ${f.title}${pointsOnly.has(f.code) ? ' (điểm)' : ' (%)'}`),
  ];
  const header = new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, widths[i]!, { bold: true, shade: true })) });
  const rows = results.units.map(
    (u, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          String(i + 1),
          u.unitName,
          num(u.selfScore),
          num(u.score),
          num(u.index),
          u.rank === null ? DASH : String(u.rank),
          u.class ?? DASH,
          ...results.fields.map((f) => {
            if (u.index === null) return DASH;
            const field = u.fields.find((x) => x.code === f.code);
            // A penalty deducts: printed negative.
            return pointsOnly.has(f.code) ? num((f.method === 'penalty' ? -1 : 1) * (field?.score ?? 0)) : num(field?.index);
          }),
        ].map((value, at) => cell(value, widths[at]!, { left: at === 1 })),
      }),
  );
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN },
    rows: [header, ...rows],
  });
}

/**
 * The DOCX report of a block's results: letterhead, title, framework and status, a generated summary and the
 * ranking table (STT, unit, self score, final score, index, rank, class, one column per field).
 * `history` is the list of published revisions, newest first; it dates the publication and lists corrections.
 */
export async function buildResultsReport(results: BlockResults, history: readonly Publication[] = [], options: DocumentOptions = {}): Promise<Buffer> {
  const generatedAt = options.generatedAt ?? new Date();
  const published = results.status === 'published';
  const corrections = published ? history.filter((h) => h.revision > 1).sort((a, b) => a.revision - b.revision) : [];
  const heading = (value: string) => para([text(value, { bold: true })], { before: 240, after: 120 });
  const children: (Paragraph | Table)[] = [
    nationalHeading({
      width: USABLE_WIDTH,
      issuer: [options.issuer ?? 'Sở Nội vụ'],
      dateLine: formatViLongDate(generatedAt).replace(/^n/, 'N'),
      leftShare: 0.4,
    }),
    para([text(`Báo cáo kết quả Chỉ số CCHC năm ${results.year} – ${results.blockName}`, { bold: true, size: 15 })], {
      align: AlignmentType.CENTER,
      before: 360,
      after: 120,
    }),
    para([text('Bộ tiêu chí: ', { italics: true }), text(results.frameworkName, { italics: true })], { align: AlignmentType.CENTER, after: 0 }),
    para([text('Tình trạng: ', { italics: true }), text(statusLine(results, history), { italics: true, bold: !published })], {
      align: AlignmentType.CENTER,
      after: 240,
    }),
    heading('I. TÓM TẮT KẾT QUẢ'),
    ...resultsSummary(results).map((line) => para([text(`- ${line}`)], { indent: 567, after: 80, align: AlignmentType.JUSTIFIED })),
    ...corrections.map((c) =>
      para([text(`- Đính chính lần ${c.revision - 1} ngày ${formatViDate(c.publishedAt)}: ${c.reason ?? ''}`)], {
        indent: 567,
        after: 80,
        align: AlignmentType.JUSTIFIED,
      }),
    ),
    heading('II. BẢNG XẾP HẠNG'),
    rankingTable(results),
    para(
      [
        text(
          'Ghi chú: Điểm thẩm định là điểm cuối cùng của từng tiêu chí (điểm của Hội đồng thẩm định, nếu không có thì điểm thẩm định, ' +
            'nếu không có thì điểm tự đánh giá). Chỉ số = điểm ÷ tổng điểm tối đa của các tiêu chí áp dụng × 100, làm tròn 2 chữ số thập phân. ' +
            'Các đơn vị có cùng Chỉ số đồng hạng; hạng kế tiếp được bỏ qua. Điểm thưởng, điểm trừ không tính vào điểm tối đa nên ghi bằng điểm; điểm trừ ghi số âm.',
          { italics: true, size: 11 },
        ),
      ],
      { before: 120, align: AlignmentType.JUSTIFIED },
    ),
  ];
  return officialDocx({
    title: `Báo cáo kết quả Chỉ số CCHC năm ${results.year} – ${results.blockName}`,
    fontSize: 13,
    page: PAGE,
    header: published ? undefined : [para([text('DỰ THẢO', { bold: true, size: 12 })], { align: AlignmentType.RIGHT })],
    children,
  });
}
