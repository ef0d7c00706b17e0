/**
 * The page scaffolding of the DOCX documents officials print (Nghị định 30/2020/NĐ-CP): A4 pages with the margins
 * of administrative documents, Times New Roman, the national heading (the issuing body beside "CỘNG HÒA XÃ HỘI CHỦ
 * NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc" and the date line), borderless two-column blocks (heading, signature)
 * and the document itself. The results report and the apology letters are built on it.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  type IBorderOptions,
  Packer,
  type PageBreak,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const DOCX_FONT = 'Times New Roman';
export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** docx sizes are half-points. */
export const pt = (points: number) => points * 2;

export type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

/** A4 in twips, and margins (twips) as administrative documents use: 2 cm top and bottom, 3 cm left, 2 cm right. */
const A4 = { short: 11906, long: 16838 };

export interface PageSetup {
  orientation: 'portrait' | 'landscape';
  margins: { top: number; bottom: number; left: number; right: number };
}

/** The width between the margins, in twips. */
export function usableWidth(page: PageSetup): number {
  return (page.orientation === 'landscape' ? A4.long : A4.short) - page.margins.left - page.margins.right;
}

export const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
export const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };

export interface RunOptions {
  bold?: boolean;
  italics?: boolean;
  /** Points; the document's default size when absent. */
  size?: number;
}

export function run(value: string, options: RunOptions = {}): TextRun {
  return new TextRun({
    text: value,
    bold: options.bold,
    italics: options.italics,
    size: options.size === undefined ? undefined : pt(options.size),
    font: DOCX_FONT,
  });
}

export interface ParagraphOptions {
  align?: Align;
  before?: number;
  after?: number;
  /** First-line indent, twips. */
  indent?: number;
  /** Line spacing (240 = single). */
  line?: number;
}

export function para(runs: (TextRun | PageBreak)[], options: ParagraphOptions = {}): Paragraph {
  return new Paragraph({
    alignment: options.align,
    spacing: { before: options.before ?? 0, after: options.after ?? 60, ...(options.line === undefined ? {} : { line: options.line }) },
    indent: options.indent === undefined ? undefined : { firstLine: options.indent },
    children: runs,
  });
}

/** Two borderless columns across `width` (the heading, the signature block); the left one takes `leftShare`. */
export function twoColumns(width: number, left: Paragraph[], right: Paragraph[], leftShare: number): Table {
  const leftWidth = Math.round(width * leftShare);
  const cell = (children: Paragraph[], size: number) =>
    new TableCell({ width: { size, type: WidthType.DXA }, borders: NO_BORDERS, children: children.length ? children : [para([])] });
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [leftWidth, width - leftWidth],
    borders: { ...NO_BORDERS, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows: [new TableRow({ children: [cell(left, leftWidth), cell(right, width - leftWidth)] })],
  });
}

export interface NationalHeading {
  /** The page's usable width (usableWidth). */
  width: number;
  /** The issuing body, one line each (printed in capitals). */
  issuer: readonly string[];
  /** "Hà Nội, ngày 05 tháng 3 năm 2026" or "Ngày …": see vietnameseDocumentDate in src/domain/text.ts. */
  dateLine: string;
  /** The issuer's share of the width. */
  leftShare: number;
  /** Points of the heading lines; the document's default size when absent. */
  size?: number;
  /** Points of the motto; `size` when absent. */
  mottoSize?: number;
  /** Line spacing of its paragraphs (as the document's body). */
  line?: number;
}

/** The heading of an administrative document: the issuer beside the national title, the motto and the date line. */
export function nationalHeading(heading: NationalHeading): Table {
  const { size, line } = heading;
  const center = (value: string, options: RunOptions & { after?: number } = {}) =>
    para([run(value, { size, ...options })], { align: AlignmentType.CENTER, after: options.after ?? 0, line });
  return twoColumns(
    heading.width,
    [...heading.issuer.map((text) => center(text.toUpperCase(), { bold: true })), center('———————')],
    [
      center(NATIONAL_TITLE, { bold: true }),
      center(NATIONAL_MOTTO, { bold: true, size: heading.mottoSize ?? size }),
      center('———————————', { after: 120 }),
      para([run(heading.dateLine, { italics: true })], { align: AlignmentType.CENTER, after: 60, line }),
    ],
    heading.leftShare,
  );
}

export interface OfficialDocument {
  title: string;
  /** Points of the body text. */
  fontSize: number;
  page: PageSetup;
  /** Paragraphs repeated at the top of every page (e.g. "DỰ THẢO"). */
  header?: Paragraph[];
  children: (Paragraph | Table)[];
}

/** The DOCX file: one A4 section with the page setup, Times New Roman at `fontSize`. */
export function officialDocx(document: OfficialDocument): Promise<Buffer> {
  const { orientation, margins } = document.page;
  return Packer.toBuffer(
    new Document({
      creator: 'parindex',
      title: document.title,
      styles: { default: { document: { run: { font: DOCX_FONT, size: pt(document.fontSize) } } } },
      sections: [
        {
          properties: {
            page: {
              size:
                orientation === 'landscape'
                  ? { width: A4.short, height: A4.long, orientation: PageOrientation.LANDSCAPE }
                  : { width: A4.short, height: A4.long },
              margin: margins,
            },
          },
          headers: document.header ? { default: new Header({ children: document.header }) } : undefined,
          children: document.children,
        },
      ],
    }),
  );
}
