/**
 * Apology letters as DOCX: one A4 portrait page per letter, laid out as an administrative document (Nghị định
 * 30/2020/NĐ-CP): the unit beside the national motto, place and date, the title, the body, "Nơi nhận" and the
 * signature block side by side. Several letters go into ONE document, each after a page break, so that an official
 * prints a day's letters in one go.
 */
import { AlignmentType, PageBreak, Paragraph, type Table } from 'docx';
import {
  nationalHeading,
  officialDocx,
  type PageSetup,
  para as docxPara,
  type ParagraphOptions,
  run,
  twoColumns as docxColumns,
  usableWidth,
} from '../../io/docx.js';
import type { RenderedLetter } from './schemas.js';

export { DOCX_CONTENT_TYPE } from '../../io/docx.js';

/** A4 portrait; margins top/bottom 2 cm, left 3 cm, right 2 cm (the page scaffolding is src/io/docx.ts). */
const PAGE: PageSetup = { orientation: 'portrait', margins: { top: 1134, bottom: 1134, left: 1701, right: 1134 } };
const USABLE_WIDTH = usableWidth(PAGE);
/** The letters' paragraphs are set at 1.25 lines. */
const para = (runs: Parameters<typeof docxPara>[0], options: ParagraphOptions = {}) => docxPara(runs, { line: 300, ...options });
const twoColumns = (left: Paragraph[], right: Paragraph[], leftShare: number) => docxColumns(USABLE_WIDTH, left, right, leftShare);

const center = (value: string, options: { bold?: boolean; italics?: boolean; size?: number; after?: number; before?: number } = {}) =>
  para([run(value, options)], { align: AlignmentType.CENTER, after: options.after ?? 0, before: options.before });

function letterBlocks(letter: RenderedLetter): (Paragraph | Table)[] {
  const heading = nationalHeading({
    width: USABLE_WIDTH,
    issuer: letter.letterhead,
    dateLine: letter.dateLine,
    leftShare: 0.42,
    size: 12,
    mottoSize: 13,
    line: 300,
  });
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
  return officialDocx({ title, fontSize: 14, page: PAGE, children });
}
