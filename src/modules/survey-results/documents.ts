import { AlignmentType, BorderStyle, type IBorderOptions, ImageRun, Paragraph, Table, TableCell, TableRow, VerticalAlign, WidthType } from 'docx';
import type ExcelJS from 'exceljs';
import { SIPAS_ELEMENTS, type SipasElement } from '../../domain/surveys.js';
import { nationalHeading, officialDocx, type PageSetup, para, run, usableWidth } from '../../io/docx.js';
import { loadExcelJS, neutralise } from '../../io/tabular.js';
import { DASH, formatViLongDate, formatViNumber } from '../results/documents/format.js';
import { barChartPng, type BarChart } from './charts.js';
import { buildCampaignResults, distribution, type ResultsData, tallyOf } from './queries.js';
import type { CampaignResults } from './schemas.js';

/**
 * The results as files: an XLSX workbook (a sheet per view: units × elements and SIPAS, the distribution of every
 * question per unit, the officials' areas) and a DOCX summary with bar charts as PNG images. Both are built from the
 * same figures as the API's answers, so a file never disagrees with the screen. Words are Vietnamese: officials print them.
 */

export const ELEMENT_LABELS: Record<SipasElement, string> = {
  access: 'Tiếp cận dịch vụ',
  procedure: 'Thủ tục hành chính',
  civil_servant: 'Công chức giải quyết',
  result: 'Kết quả giải quyết',
  feedback: 'Tiếp nhận, xử lý góp ý, phản ánh',
};

const TWO = '0.00';
const num = (value: number | null) => (value === null ? DASH : formatViNumber(value));
const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

function table(sheet: ExcelJS.Worksheet, header: string[], rows: (string | number | null)[][], numberFrom: number) {
  const head = sheet.addRow(header);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  head.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
    cell.border = border;
  });
  for (const values of rows) {
    const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? neutralise(v) : v)));
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = border;
      if (col > numberFrom && typeof cell.value === 'number') cell.numFmt = TWO;
    });
  }
  sheet.views = [{ state: 'frozen', ySplit: head.number }];
}

/** The workbook: "SIPAS" (units × elements, the province last), "Phan bo" (distributions), "Linh vuc" (officials' areas). */
export async function resultsWorkbook(data: ResultsData, now: Date): Promise<Buffer> {
  const results = buildCampaignResults(data, now);
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = 'parindex';
  workbook.title = `${data.campaign.name} (${data.campaign.code})`;

  if (data.campaign.kind !== 'officials') {
    const sheet = workbook.addWorksheet('SIPAS');
    const rows: (string | number | null)[][] = results.units.map((u) => [
      u.unitCode,
      u.unitName,
      u.responses,
      u.target,
      ...SIPAS_ELEMENTS.map((e) => u.elements[e]),
      u.sipas,
    ]);
    if (results.province) {
      const p = results.province;
      rows.push([null, 'Toàn tỉnh', p.responses, p.target, ...SIPAS_ELEMENTS.map((e) => p.elements[e]), p.sipas]);
    }
    table(sheet, ['Mã đơn vị', 'Đơn vị', 'Số phiếu', 'Chỉ tiêu', ...SIPAS_ELEMENTS.map((e) => `${ELEMENT_LABELS[e]} (%)`), 'SIPAS (%)'], rows, 4);
    sheet.columns.forEach((c, i) => (c.width = i === 1 ? 34 : i < 4 ? 11 : 16));
  }

  if (results.officials) {
    const sheet = workbook.addWorksheet('Linh vuc');
    const rows: (string | number | null)[][] = results.officials.map((u) => [u.unitCode, u.unitName, u.responses, ...u.areas, u.overall]);
    if (results.officialsProvince) rows.push([null, 'Toàn tỉnh', null, ...results.officialsProvince.areas, results.officialsProvince.overall]);
    table(sheet, ['Mã đơn vị', 'Đơn vị', 'Số phiếu', ...results.areas, 'Chung'], rows, 3);
    sheet.columns.forEach((c, i) => (c.width = i === 1 ? 34 : i < 3 ? 11 : 16));
  }

  const sheet = workbook.addWorksheet('Phan bo');
  const rows: (string | number | null)[][] = [];
  for (const u of data.units) {
    const t = tallyOf(data, u.unitCode);
    for (const q of data.campaign.questions) {
      const d = distribution(q, t);
      if (d.counts.length === 0) rows.push([u.unitCode, d.code, d.text, d.answered, '', '', null, d.mean]);
      for (const c of d.counts) rows.push([u.unitCode, d.code, d.text, d.answered, c.value, c.label, c.count, d.mean ?? d.meanWeight]);
    }
  }
  table(sheet, ['Mã đơn vị', 'Câu hỏi', 'Nội dung', 'Số trả lời', 'Giá trị', 'Phương án', 'Số lượt chọn', 'Trung bình'], rows, 7);
  sheet.getColumn(7).numFmt = '0';
  sheet.columns.forEach((c, i) => (c.width = i === 2 ? 50 : i === 5 ? 30 : 12));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A4 portrait: 2 cm top and bottom, 3 cm left, 2 cm right. */
const PAGE: PageSetup = { orientation: 'portrait', margins: { top: 1134, bottom: 1134, left: 1701, right: 1134 } };
const WIDTH = usableWidth(PAGE);
/** The usable width in pixels (96 to the inch; 1,440 twips to the inch): how wide a chart is printed. */
const WIDTH_PX = Math.floor((WIDTH / 1440) * 96);
const BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
/** Bars per chart, so that a chart fits on one page. */
const BARS_PER_CHART = 35;

function docxTable(header: string[], rows: string[][], widths: number[]): Table {
  const total = widths.reduce((a, b) => a + b, 0);
  const scaled = widths.map((w) => Math.floor((w / total) * WIDTH));
  const cell = (value: string, i: number, options: { bold?: boolean; shade?: boolean } = {}) =>
    new TableCell({
      width: { size: scaled[i]!, type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      shading: options.shade ? { fill: 'E7E6E6', type: 'clear', color: 'auto' } : undefined,
      margins: { top: 30, bottom: 30, left: 50, right: 50 },
      children: [para([run(value, { bold: options.bold, size: 10 })], { align: i === 1 ? AlignmentType.LEFT : AlignmentType.CENTER, after: 0 })],
    });
  return new Table({
    width: { size: scaled.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: scaled,
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h, i) => cell(h, i, { bold: true, shade: true })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i)) })),
    ],
  });
}

async function chartParagraphs(chart: BarChart): Promise<Paragraph[]> {
  const paragraphs: Paragraph[] = [];
  const present = chart.bars.filter((b) => b.value !== null);
  for (let from = 0; from < present.length; from += BARS_PER_CHART) {
    const part = present.slice(from, from + BARS_PER_CHART);
    const title = present.length > BARS_PER_CHART ? `${chart.title} (${from + 1}–${from + part.length})` : chart.title;
    const { png, width, height } = await barChartPng({ ...chart, title, bars: part });
    const scale = WIDTH_PX / width;
    paragraphs.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 120, after: 120 },
        children: [
          new ImageRun({
            type: 'png',
            data: png,
            transformation: { width: Math.round(width * scale), height: Math.round(height * scale) },
            altText: { name: title, description: title, title },
          }),
        ],
      }),
    );
  }
  return paragraphs;
}

/** The summary's sentences. */
export function resultsSummary(results: CampaignResults): string[] {
  const lines: string[] = [];
  const units = results.units;
  const responses = units.reduce((sum, u) => sum + u.responses, 0);
  const target = units.reduce((sum, u) => sum + u.target, 0);
  lines.push(`Đợt khảo sát ${results.campaign.name} (${results.campaign.code}) năm ${results.campaign.year} khảo sát ${units.length} đơn vị.`);
  lines.push(
    `Số phiếu hợp lệ: ${responses} trên chỉ tiêu ${target} phiếu; ${units.filter((u) => u.responses >= u.target && u.responses > 0).length} đơn vị đạt chỉ tiêu.`,
  );
  if (results.campaign.kind !== 'officials') {
    if (results.province) lines.push(`Chỉ số hài lòng (SIPAS) chung: ${num(results.province.sipas)}%.`);
    const ranked = units.filter((u) => u.sipas !== null);
    if (ranked.length > 0) {
      const high = Math.max(...ranked.map((u) => u.sipas!));
      const low = Math.min(...ranked.map((u) => u.sipas!));
      const names = (value: number) =>
        ranked
          .filter((u) => u.sipas === value)
          .map((u) => u.unitName)
          .join(', ');
      lines.push(`SIPAS cao nhất: ${num(high)}% – ${names(high)}; thấp nhất: ${num(low)}% – ${names(low)}.`);
    }
    const none = units.filter((u) => u.responses === 0);
    if (none.length > 0) lines.push(`Đơn vị chưa có phiếu: ${none.map((u) => u.unitName).join(', ')}.`);
  } else if (results.officialsProvince) {
    lines.push(`Điểm trung bình chung của các đơn vị được đánh giá: ${num(results.officialsProvince.overall)} điểm (thang 100).`);
  }
  return lines;
}

/** The DOCX summary: heading, summary sentences, the table and the charts (SIPAS per unit, the five elements; or the areas). */
export async function resultsDocx(data: ResultsData, now: Date): Promise<Buffer> {
  const results = buildCampaignResults(data, now);
  const title = `Báo cáo kết quả khảo sát: ${results.campaign.name} năm ${results.campaign.year}`;
  const heading = (value: string) => para([run(value, { bold: true })], { before: 240, after: 120 });
  const children: (Paragraph | Table)[] = [
    nationalHeading({ width: WIDTH, issuer: ['Sở Nội vụ'], dateLine: formatViLongDate(now).replace(/^n/, 'N'), leftShare: 0.4 }),
    para([run(title, { bold: true, size: 15 })], { align: AlignmentType.CENTER, before: 360, after: 240 }),
    heading('I. TÓM TẮT'),
    ...resultsSummary(results).map((line) => para([run(`- ${line}`)], { indent: 567, after: 80, align: AlignmentType.JUSTIFIED })),
  ];
  if (results.campaign.kind !== 'officials') {
    children.push(
      heading('II. KẾT QUẢ THEO ĐƠN VỊ'),
      docxTable(
        ['STT', 'Đơn vị', 'Số phiếu / chỉ tiêu', ...SIPAS_ELEMENTS.map((e) => ELEMENT_LABELS[e]), 'SIPAS'],
        [
          ...results.units.map((u, i) => [
            String(i + 1),
            u.unitName,
            `${u.responses}/${u.target}`,
            ...SIPAS_ELEMENTS.map((e) => num(u.elements[e])),
            num(u.sipas),
          ]),
          ...(results.province
            ? [
                [
                  '',
                  'Toàn tỉnh',
                  `${results.province.responses}/${results.province.target}`,
                  ...SIPAS_ELEMENTS.map((e) => num(results.province!.elements[e])),
                  num(results.province.sipas),
                ],
              ]
            : []),
        ],
        [5, 24, 10, 10, 10, 10, 10, 11, 10],
      ),
      heading('III. BIỂU ĐỒ'),
      ...(await chartParagraphs({
        title: 'Chỉ số SIPAS theo đơn vị (%)',
        bars: [...results.units].sort((a, b) => (b.sipas ?? -1) - (a.sipas ?? -1)).map((u) => ({ label: u.unitName, value: u.sipas })),
      })),
      ...(await chartParagraphs({
        title: results.province ? 'Chỉ số hài lòng theo yếu tố – toàn tỉnh (%)' : 'Chỉ số hài lòng theo yếu tố (%)',
        bars: SIPAS_ELEMENTS.map((e) => ({
          label: ELEMENT_LABELS[e],
          value: results.province ? results.province.elements[e] : (results.units[0]?.elements[e] ?? null),
        })),
      })),
    );
  } else if (results.officials) {
    children.push(
      heading('II. ĐIỂM THEO ĐƠN VỊ VÀ LĨNH VỰC (thang 100)'),
      docxTable(
        ['STT', 'Đơn vị', 'Số phiếu', ...results.areas, 'Chung'],
        results.officials.map((u, i) => [String(i + 1), u.unitName, String(u.responses), ...u.areas.map(num), num(u.overall)]),
        [5, 24, 8, ...results.areas.map(() => 10), 10],
      ),
      heading('III. BIỂU ĐỒ'),
      ...(await chartParagraphs({
        title: 'Điểm chung theo đơn vị',
        bars: [...results.officials].sort((a, b) => (b.overall ?? -1) - (a.overall ?? -1)).map((u) => ({ label: u.unitName, value: u.overall })),
      })),
      ...(results.officialsProvince
        ? await chartParagraphs({
            title: 'Điểm theo lĩnh vực – toàn tỉnh',
            bars: results.areas.map((area, i) => ({ label: area, value: results.officialsProvince!.areas[i]! })),
          })
        : []),
    );
  }
  return officialDocx({ title, fontSize: 13, page: PAGE, children });
}
