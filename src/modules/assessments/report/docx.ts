import { AlignmentType, BorderStyle, type IBorderOptions, type Paragraph, Table, TableCell, TableRow, VerticalAlign, WidthType } from 'docx';
import { nationalHeading, officialDocx, type PageSetup, para, run, twoColumns, usableWidth } from '../../../io/docx.js';
import type { SelfAssessmentContent } from './content.js';
import { type ReportTexts, reportTexts } from './texts.js';

/** The self-assessment report as DOCX: A4 portrait, the unit's letterhead, the criteria table, totals, evidence, signature. */

/** A4 portrait; margins top/bottom 2 cm, left 3 cm, right 2 cm (Nghị định 30/2020/NĐ-CP). */
const PAGE: PageSetup = { orientation: 'portrait', margins: { top: 1134, bottom: 1134, left: 1701, right: 1134 } };
const WIDTH = usableWidth(PAGE);
const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: THIN, bottom: THIN, left: THIN, right: THIN };
const COLUMNS = [800, 3400, 900, 1000, 2371, 600];

function cell(value: string | string[], width: number, options: { bold?: boolean; left?: boolean; shade?: boolean; italics?: boolean } = {}) {
  const lines = Array.isArray(value) ? (value.length ? value : ['']) : [value];
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: BORDERS,
    verticalAlign: VerticalAlign.CENTER,
    shading: options.shade ? { fill: 'E7E6E6', type: 'clear', color: 'auto' } : undefined,
    margins: { top: 30, bottom: 30, left: 60, right: 60 },
    children: lines.map((line) =>
      para([run(line, { bold: options.bold, italics: options.italics, size: 11 })], {
        align: options.left ? AlignmentType.LEFT : AlignmentType.CENTER,
        after: 0,
      }),
    ),
  });
}

function criteriaTable(texts: ReportTexts): Table {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: texts.tableHeaders.map((h, i) => cell(h, COLUMNS[i]!, { bold: true, shade: true })),
  });
  const rows = texts.tableRows.map(
    (r) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell(r.code, COLUMNS[0]!, { bold: r.bold }),
          cell(r.title, COLUMNS[1]!, { bold: r.bold, left: true }),
          cell(r.max, COLUMNS[2]!, { bold: r.bold }),
          cell(r.score, COLUMNS[3]!, { bold: r.bold }),
          cell(r.notes, COLUMNS[4]!, { left: true, italics: r.bold }),
          cell(r.evidence, COLUMNS[5]!),
        ],
      }),
  );
  const total = new TableRow({
    cantSplit: true,
    children: [
      cell('', COLUMNS[0]!),
      cell(texts.totalLabel, COLUMNS[1]!, { bold: true, left: true }),
      cell(texts.totalMax, COLUMNS[2]!, { bold: true }),
      cell(texts.totalScore, COLUMNS[3]!, { bold: true }),
      cell('', COLUMNS[4]!),
      cell(String(texts.evidenceCount), COLUMNS[5]!, { bold: true }),
    ],
  });
  return new Table({ width: { size: WIDTH, type: WidthType.DXA }, columnWidths: COLUMNS, rows: [header, ...rows, total] });
}

export async function selfAssessmentDocx(content: SelfAssessmentContent, generatedAt: Date): Promise<Buffer> {
  const texts = reportTexts(content, generatedAt);
  const center = (value: string, options: { bold?: boolean; italics?: boolean; size?: number; after?: number; before?: number } = {}) =>
    para([run(value, options)], { align: AlignmentType.CENTER, after: options.after ?? 0, before: options.before });
  const heading = (value: string) => para([run(value, { bold: true })], { before: 240, after: 120 });
  const bullet = (value: string) => para([run(value)], { indent: 567, after: 60, align: AlignmentType.JUSTIFIED });
  const children: (Paragraph | Table)[] = [
    nationalHeading({ width: WIDTH, issuer: texts.issuer, dateLine: texts.dateLine, leftShare: 0.42, size: 12, mottoSize: 13 }),
    center(texts.title, { bold: true, size: 14, before: 360 }),
    center(texts.subtitle, { bold: true, size: 13 }),
    center(texts.unitLine, { after: 0 }),
    center(texts.statusLine, { italics: true, after: 240 }),
    heading(texts.sections.criteria),
    criteriaTable(texts),
    heading(texts.sections.totals),
    ...texts.fieldTotals.map(bullet),
    para([run(texts.overallLine, { bold: true })], { indent: 567, after: 60 }),
    ...(texts.unscoredLine ? [bullet(texts.unscoredLine)] : []),
    heading(texts.sections.evidence),
    ...(texts.evidenceLines.length ? texts.evidenceLines.map(bullet) : [bullet(texts.noEvidence)]),
    para([], { after: 240 }),
    twoColumns(
      WIDTH,
      texts.recipients.map((line, i) => para([run(line, { bold: i === 0, italics: i === 0, size: i === 0 ? 12 : 11 })], { after: 0 })),
      [
        center(texts.signature.dateLine, { italics: true, after: 60 }),
        center(texts.signature.title, { bold: true }),
        center(texts.signature.note, { italics: true, size: 12, after: 1400 }),
        center(texts.signature.nameLine, { italics: true }),
      ],
      0.45,
    ),
  ];
  return officialDocx({
    title: `${texts.title} – ${content.unitName}`,
    fontSize: 13,
    page: PAGE,
    header: content.submittedAt ? undefined : [para([run('DỰ THẢO', { bold: true, size: 12 })], { align: AlignmentType.RIGHT })],
    children,
  });
}
