/**
 * Apology letters as DOCX: one A4 portrait page per letter, laid out as an administrative document (Nghị định
 * 30/2020/NĐ-CP): the unit beside the national motto, place and date, the title, the body, "Nơi nhận" and the
 * signature block side by side. Several letters go into ONE document, each after a page break, so that an official
 * prints a day's letters in one go.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  type IBorderOptions,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { RenderedLetter } from './template.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const FONT = 'Times New Roman';
/** docx sizes are half-points. */
const pt = (points: number) => points * 2;
/** A4 portrait in twips; margins top/bottom 2 cm, left 3 cm, right 2 cm. */
const PAGE = { width: 11906, height: 16838, top: 1134, bottom: 1134, left: 1701, right: 1134 };
const USABLE_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

function run(value: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) {
  return new TextRun({ text: value, bold: options.bold, italics: options.italics, size: options.size === undefined ? undefined : pt(options.size), font: FONT });
}

function para(runs: (TextRun | PageBreak)[], options: { align?: Align; before?: number; after?: number; indent?: number } = {}) {
  return new Paragraph({
    alignment: options.align,
    spacing: { before: options.before ?? 0, after: options.after ?? 60, line: 300 },
    indent: options.indent === undefined ? undefined : { firstLine: options.indent },
    children: runs,
  });
}

function twoColumns(left: Paragraph[], right: Paragraph[], leftShare: number): Table {
  const leftWidth = Math.round(USABLE_WIDTH * leftShare);
  const cell = (children: Paragraph[], width: number) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS, children: children.length ? children : [para([])] });
  return new Table({
    width: { size: USABLE_WIDTH, type: WidthType.DXA },
    columnWidths: [leftWidth, USABLE_WIDTH - leftWidth],
    borders: { ...NO_BORDERS, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows: [new TableRow({ children: [cell(left, leftWidth), cell(right, USABLE_WIDTH - leftWidth)] })],
  });
}

const center = (value: string, options: { bold?: boolean; italics?: boolean; size?: number; after?: number; before?: number } = {}) =>
  para([run(value, options)], { align: AlignmentType.CENTER, after: options.after ?? 0, before: options.before });

function letterBlocks(letter: RenderedLetter): (Paragraph | Table)[] {
  const heading = twoColumns(
    [
      ...letter.letterhead.map((line) => center(line.toUpperCase(), { bold: true, size: 12 })),
      center('———————', { size: 12 }),
    ],
    [
      center('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 12 }),
      center('Độc lập - Tự do - Hạnh phúc', { bold: true, size: 13 }),
      center('———————————', { size: 12, after: 120 }),
      center(letter.dateLine, { italics: true }),
    ],
    0.42,
  );
  const signature = twoColumns(
    letter.recipients.map((line, i) => para([run(line, { bold: i === 0, italics: i === 0, size: i === 0 ? 12 : 11 })], { after: 0 })),
    [
      center(letter.signatureTitle, { bold: true }),
      center(letter.signatureNote, { italics: true, size: 12 }),
      ...(letter.signerName ? [center(' ', { after: 1200 }), center(letter.signerName, { bold: true })] : []),
    ],
    0.45,
  );
  return [
    heading,
    center(letter.title, { bold: true, size: 14, before: 480, after: 240 }),
    para([run(letter.salutation)], { align: AlignmentType.CENTER, after: 240 }),
    ...letter.paragraphs.map((p) => para([run(p)], { align: AlignmentType.JUSTIFIED, indent: 567, after: 120 })),
    para([], { after: 240 }),
    signature,
  ];
}

/** One DOCX with every letter, each on its own page (a page break between two letters). */
export async function buildLettersDocx(letters: readonly RenderedLetter[], title = 'Phiếu xin lỗi và hẹn lại ngày trả kết quả'): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  letters.forEach((letter, i) => {
    if (i > 0) children.push(new Paragraph({ children: [new PageBreak()] }));
    children.push(...letterBlocks(letter));
  });
  const document = new Document({
    creator: 'parindex',
    title,
    styles: { default: { document: { run: { font: FONT, size: pt(14) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
