/**
 * Documents of a block's results for officials: the DOCX report (summary and ranking table) and a unit's PDF
 * scorecard. Both are built from the same BlockResults the results API returns (a published revision, or the
 * live computation for those who may preview), so they never disagree with the screen.
 *
 * The scorecard is HTML printed to PDF by headless Chromium (playwright-core driving the system's
 * /usr/bin/chromium); fonts come from the system (DejaVu, which covers Vietnamese) and are embedded in the PDF.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  type IBorderOptions,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
// playwright-core is loaded when the first PDF is printed: it weighs ~90 MB that no other command or request needs.
import type { Browser } from 'playwright-core';
import { normalizeCode } from '../../domain/codes.js';
import { divideRoundHalfUp } from '../../domain/points.js';
import { LOCAL_TIME_ZONE } from '../../domain/local-time.js';
import { fail } from './reasons.js';
import type { BlockResults, UnitRanking } from './service.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_CONTENT_TYPE = 'application/pdf';

/** A published revision of the results, newest first (as `publicationHistory` returns them). */
export interface PublicationEntry {
  revision: number;
  reason: string | null;
  publishedAt: Date | string;
}

export interface DocumentOptions {
  /** The date printed on the document; now by default. */
  generatedAt?: Date;
  /** The issuing body in the letterhead. The organizer of the index is the Department of Home Affairs. */
  issuer?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Vietnamese formatting

/** 54.38 → "54,38": Vietnamese decimal comma, "." between thousands, a fixed number of decimals. */
export function formatViNumber(value: number, decimals = 2): string {
  const scale = 10 ** decimals;
  // Results carry at most two decimals; rounding the scaled value only removes binary noise.
  const scaled = Math.round(Math.abs(value) * scale);
  const whole = String(Math.floor(scaled / scale)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const fraction = decimals > 0 ? `,${String(scaled % scale).padStart(decimals, '0')}` : '';
  return `${value < 0 && scaled !== 0 ? '-' : ''}${whole}${fraction}`;
}

const DASH = '–';
const num = (value: number | null | undefined) => (value === null || value === undefined ? DASH : formatViNumber(value));

const dateParts = new Intl.DateTimeFormat('en-CA', { timeZone: LOCAL_TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric' });
function localDate(instant: Date | string) {
  const parts = Object.fromEntries(dateParts.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return { day: Number(parts.day), month: Number(parts.month), year: Number(parts.year) };
}

/** "05/03/2026" in local time. */
export function formatViDate(instant: Date | string): string {
  const { day, month, year } = localDate(instant);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

/** "ngày 05 tháng 3 năm 2026": the date line of an official document (days below 10 and months below 3 take a zero). */
export function formatViLongDate(instant: Date | string): string {
  const { day, month, year } = localDate(instant);
  return `ngày ${String(day).padStart(2, '0')} tháng ${month < 3 ? String(month).padStart(2, '0') : month} năm ${year}`;
}

/** Why a unit has no index, in Vietnamese (the domain's messages are English). */
export function problemInVietnamese(problem: string | null): string {
  if (!problem) return 'chưa có dữ liệu chấm điểm';
  if (problem.startsWith('every criterion counted in the maximum is not applicable')) {
    return 'mọi tiêu chí tính vào điểm tối đa đều không áp dụng đối với đơn vị';
  }
  const outside = /^criterion (\S+): score (\S+) is outside 0–(\S+)$/.exec(problem);
  if (outside) return `tiêu chí ${outside[1]} có điểm ${formatViNumber(Number(outside[2]))}, ngoài khoảng 0–${formatViNumber(Number(outside[3]))}`;
  return problem;
}

// ---------------------------------------------------------------------------------------------------------------
// Figures shared by both documents

const hundredths = (value: number) => Math.round(value * 100);

/** The mean of two-decimal values, rounded half up to two decimals (exact: summed in hundredths). */
export function averageOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return divideRoundHalfUp(values.map(hundredths).reduce((a, b) => a + b, 0), values.length) / 100;
}

/**
 * Bonus and penalty fields never count in the maximum, so they have no index: their column shows points.
 * Such a field has a maximum of 0 for every unit.
 */
function pointsOnlyFields(results: BlockResults): Set<string> {
  const scored = results.units.filter((u) => u.index !== null);
  return new Set(results.fields.filter((f) => scored.length > 0 && scored.every((u) => (u.fields.find((x) => x.code === f.code)?.maxScore ?? 0) === 0)).map((f) => f.code));
}

/** Block average of each field's index over the units that have one. */
function fieldAverages(results: BlockResults): Map<string, number | null> {
  return new Map(
    results.fields.map((f) => [
      f.code,
      averageOf(results.units.flatMap((u) => {
        const index = u.index === null ? null : (u.fields.find((x) => x.code === f.code)?.index ?? null);
        return index === null ? [] : [index];
      })),
    ]),
  );
}

const rankChange = (u: UnitRanking) => (u.rank !== null && u.previousRank !== null ? u.previousRank - u.rank : null);

function statusLine(results: BlockResults, history: readonly PublicationEntry[]): string {
  if (results.status !== 'published') {
    return results.status === 'approved'
      ? 'dự thảo – chưa công bố (Hội đồng thẩm định đã thông qua kết quả)'
      : 'dự thảo – chưa công bố (đang trong kỳ đánh giá)';
  }
  const latest = history[0];
  if (!latest) return 'đã công bố';
  return latest.revision === 1
    ? `đã công bố ngày ${formatViDate(latest.publishedAt)}`
    : `đã công bố, bản đính chính lần ${latest.revision - 1} ngày ${formatViDate(latest.publishedAt)}`;
}

const joinUnits = (units: readonly UnitRanking[]) => units.map((u) => u.unitName).join(', ');

/** The generated summary of the report, one Vietnamese sentence per line. */
export function resultsSummary(results: BlockResults): string[] {
  const lines: string[] = [];
  const ranked = results.units.filter((u) => u.index !== null);
  const without = results.units.filter((u) => u.index === null);
  const total = results.units.length;
  lines.push(
    total === 0
      ? `${results.blockName} chưa có đơn vị nào tham gia đánh giá năm ${results.year}.`
      : `${results.blockName} có ${total} đơn vị tham gia đánh giá năm ${results.year}; ` +
          (without.length === 0 ? 'tất cả đều được tính Chỉ số.' : `${ranked.length} đơn vị được tính Chỉ số.`),
  );
  if (ranked.length > 0) {
    const highest = Math.max(...ranked.map((u) => u.index!));
    const lowest = Math.min(...ranked.map((u) => u.index!));
    lines.push(`Chỉ số cao nhất: ${formatViNumber(highest)}% – ${joinUnits(ranked.filter((u) => u.index === highest))}.`);
    lines.push(`Chỉ số thấp nhất: ${formatViNumber(lowest)}% – ${joinUnits(ranked.filter((u) => u.index === lowest))}.`);
    lines.push(`Chỉ số trung bình của khối: ${formatViNumber(averageOf(ranked.map((u) => u.index!))!)}%.`);
    const bands = [...results.classes].sort((a, b) => b.min - a.min);
    const perClass = bands.map((band) => `${band.label}: ${ranked.filter((u) => u.class === band.label).length} đơn vị`);
    const unclassed = ranked.filter((u) => u.class === null).length;
    if (unclassed > 0) perClass.push(`chưa xếp loại: ${unclassed} đơn vị`);
    lines.push(`Xếp loại: ${perClass.join('; ')}.`);
    const compared = ranked.filter((u) => rankChange(u) !== null);
    const before = results.year - 1;
    if (compared.length === 0) {
      lines.push(`Chưa có thứ hạng năm ${before} để so sánh.`);
    } else {
      const movers = (direction: 1 | -1, verb: string) => {
        const most = Math.max(...compared.map((u) => direction * rankChange(u)!));
        if (most <= 0) return `Không có đơn vị nào ${verb} hạng so với năm ${before}.`;
        const units = compared.filter((u) => direction * rankChange(u)! === most).map((u) => `${u.unitName} (hạng ${u.previousRank} → ${u.rank})`);
        return `${verb[0]!.toUpperCase()}${verb.slice(1)} hạng nhiều nhất so với năm ${before} (${verb} ${most} bậc): ${units.join(', ')}.`;
      };
      lines.push(movers(1, 'tăng'), movers(-1, 'giảm'));
    }
  }
  if (without.length > 0) {
    lines.push(`Đơn vị chưa tính được Chỉ số: ${without.map((u) => `${u.unitName} (${problemInVietnamese(u.problem)})`).join('; ')}.`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// DOCX report

const FONT = 'Times New Roman';
/** docx sizes are half-points. */
const pt = (points: number) => points * 2;
/** A4 landscape in twips, margins 2 cm (left 2.5 cm) as Vietnamese administrative documents use. */
const PAGE = { width: 16838, height: 11906, top: 1134, bottom: 1134, left: 1418, right: 1134 };
const USABLE_WIDTH = PAGE.width - PAGE.left - PAGE.right;

const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function text(value: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) {
  return new TextRun({ text: value, bold: options.bold, italics: options.italics, size: options.size === undefined ? undefined : pt(options.size), font: FONT });
}

function para(runs: TextRun[], options: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; before?: number; after?: number; indent?: number } = {}) {
  return new Paragraph({
    alignment: options.align,
    spacing: { before: options.before ?? 0, after: options.after ?? 60 },
    indent: options.indent === undefined ? undefined : { firstLine: options.indent },
    children: runs,
  });
}

function letterhead(issuer: string, generatedAt: Date): Table {
  const cell = (children: Paragraph[], width: number) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER }, children });
  const left = Math.round(USABLE_WIDTH * 0.4);
  return new Table({
    width: { size: USABLE_WIDTH, type: WidthType.DXA },
    columnWidths: [left, USABLE_WIDTH - left],
    borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows: [
      new TableRow({
        children: [
          cell([para([text(issuer.toUpperCase(), { bold: true })], { align: AlignmentType.CENTER, after: 0 }), para([text('———————')], { align: AlignmentType.CENTER })], left),
          cell(
            [
              para([text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true })], { align: AlignmentType.CENTER, after: 0 }),
              para([text('Độc lập – Tự do – Hạnh phúc', { bold: true })], { align: AlignmentType.CENTER, after: 0 }),
              para([text('———————')], { align: AlignmentType.CENTER, after: 120 }),
              para([text(formatViLongDate(generatedAt).replace(/^n/, 'N'), { italics: true })], { align: AlignmentType.CENTER }),
            ],
            USABLE_WIDTH - left,
          ),
        ],
      }),
    ],
  });
}

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
            return pointsOnly.has(f.code) ? num(field?.score ?? 0) : num(field?.index);
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
export async function buildResultsReport(results: BlockResults, history: readonly PublicationEntry[] = [], options: DocumentOptions = {}): Promise<Buffer> {
  const generatedAt = options.generatedAt ?? new Date();
  const published = results.status === 'published';
  const corrections = published ? history.filter((h) => h.revision > 1).sort((a, b) => a.revision - b.revision) : [];
  const heading = (value: string) => para([text(value, { bold: true })], { before: 240, after: 120 });
  const children: (Paragraph | Table)[] = [
    letterhead(options.issuer ?? 'Sở Nội vụ', generatedAt),
    para([text(`Báo cáo kết quả Chỉ số CCHC năm ${results.year} – ${results.blockName}`, { bold: true, size: 15 })], { align: AlignmentType.CENTER, before: 360, after: 120 }),
    para([text('Bộ tiêu chí: ', { italics: true }), text(results.frameworkName, { italics: true })], { align: AlignmentType.CENTER, after: 0 }),
    para([text('Tình trạng: ', { italics: true }), text(statusLine(results, history), { italics: true, bold: !published })], { align: AlignmentType.CENTER, after: 240 }),
    heading('I. TÓM TẮT KẾT QUẢ'),
    ...resultsSummary(results).map((line) => para([text(`- ${line}`)], { indent: 567, after: 80, align: AlignmentType.JUSTIFIED })),
    ...corrections.map((c) =>
      para([text(`- Đính chính lần ${c.revision - 1} ngày ${formatViDate(c.publishedAt)}: ${c.reason ?? ''}`)], { indent: 567, after: 80, align: AlignmentType.JUSTIFIED }),
    ),
    heading('II. BẢNG XẾP HẠNG'),
    rankingTable(results),
    para(
      [
        text(
          'Ghi chú: Điểm thẩm định là điểm cuối cùng của từng tiêu chí (điểm của Hội đồng thẩm định, nếu không có thì điểm thẩm định, ' +
            'nếu không có thì điểm tự đánh giá). Chỉ số = điểm ÷ tổng điểm tối đa của các tiêu chí áp dụng × 100, làm tròn 2 chữ số thập phân. ' +
            'Các đơn vị có cùng Chỉ số đồng hạng; hạng kế tiếp được bỏ qua. Điểm thưởng, điểm trừ không tính vào điểm tối đa nên ghi bằng điểm.',
          { italics: true, size: 11 },
        ),
      ],
      { before: 120, align: AlignmentType.JUSTIFIED },
    ),
  ];
  const document = new Document({
    creator: 'parindex',
    title: `Báo cáo kết quả Chỉ số CCHC năm ${results.year} – ${results.blockName}`,
    styles: { default: { document: { run: { font: FONT, size: pt(13) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.height, height: PAGE.width, orientation: PageOrientation.LANDSCAPE },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
          },
        },
        headers: published
          ? undefined
          : { default: new Header({ children: [para([text('DỰ THẢO', { bold: true, size: 12 })], { align: AlignmentType.RIGHT })] }) },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

// ---------------------------------------------------------------------------------------------------------------
// PDF scorecard: HTML printed by Chromium

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function findUnit(results: BlockResults, unitCode: string): UnitRanking {
  const code = normalizeCode(unitCode);
  const unit = results.units.find((u) => u.unitCode === code);
  if (!unit) throw fail('results_unit_not_found', { unit: code, year: results.year, block: results.blockCode });
  return unit;
}

/** The scorecard of one unit as a self-contained HTML page (no scripts, no external resources). */
export function unitScorecardHtml(results: BlockResults, unitCode: string, history: readonly PublicationEntry[] = [], options: DocumentOptions = {}): string {
  const unit = findUnit(results, unitCode);
  const generatedAt = options.generatedAt ?? new Date();
  const ranked = results.units.filter((u) => u.rank !== null).length;
  const averages = fieldAverages(results);
  const pointsOnly = pointsOnlyFields(results);
  const change = rankChange(unit);
  const previous =
    unit.previousRank === null
      ? `chưa có hạng năm ${results.year - 1}`
      : `${unit.previousRank}${change === null || change === 0 ? ' (giữ nguyên)' : change > 0 ? ` (tăng ${change} bậc)` : ` (giảm ${-change} bậc)`}`;
  const bar = (value: number | null, kind: 'unit' | 'avg') =>
    value === null ? '' : `<div class="bar ${kind}"><span style="width:${Math.max(0, Math.min(100, value)).toFixed(2)}%"></span></div>`;
  const fieldRows = results.fields
    .map((f) => {
      const field = unit.fields.find((x) => x.code === f.code);
      const average = averages.get(f.code) ?? null;
      if (pointsOnly.has(f.code)) {
        return `<tr><td class="l">${escapeHtml(`${f.code}. ${f.title}`)}</td><td>${num(unit.index === null ? null : (field?.score ?? 0))}</td><td>${DASH}</td><td>${DASH}</td><td>${DASH}</td><td>${DASH}</td><td class="chart">điểm thưởng/trừ, ngoài điểm tối đa</td></tr>`;
      }
      const index = unit.index === null ? null : (field?.index ?? null);
      const difference = index !== null && average !== null ? index - average : null;
      return (
        `<tr><td class="l">${escapeHtml(`${f.code}. ${f.title}`)}</td><td>${num(unit.index === null ? null : (field?.score ?? null))}</td>` +
        `<td>${num(unit.index === null ? null : (field?.maxScore ?? null))}</td><td><b>${num(index)}</b></td><td>${num(average)}</td>` +
        `<td>${difference === null ? DASH : `${difference > 0 ? '+' : ''}${formatViNumber(difference)}`}</td><td class="chart">${bar(index, 'unit')}${bar(average, 'avg')}</td></tr>`
      );
    })
    .join('');
  const figure = (label: string, value: string, big = false) => `<div class="fig${big ? ' big' : ''}"><div class="k">${label}</div><div class="v">${value}</div></div>`;
  const figures =
    unit.index === null
      ? `<p class="problem">Chưa tính được Chỉ số: ${escapeHtml(problemInVietnamese(unit.problem))}.</p>`
      : `<div class="figs">${figure('Chỉ số CCHC', `${num(unit.index)}%`, true)}${figure('Xếp hạng', `${unit.rank}/${ranked}`, true)}${figure(
          'Xếp loại',
          escapeHtml(unit.class ?? 'chưa xếp loại'),
          true,
        )}${figure('Điểm đạt / tối đa áp dụng', `${num(unit.score)} / ${num(unit.maxScore)}`)}${figure('Điểm tự đánh giá', num(unit.selfScore))}${figure(
          `Hạng năm ${results.year - 1}`,
          escapeHtml(previous),
        )}</div>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(`Phiếu kết quả Chỉ số CCHC năm ${results.year} – ${unit.unitName}`)}</title>
<style>
  @page { size: A4; margin: 18mm 16mm 20mm 20mm; }
  * { box-sizing: border-box; }
  body { font-family: 'DejaVu Serif', 'Noto Serif', 'Times New Roman', serif; font-size: 10.5pt; color: #111; margin: 0; }
  .head { display: flex; justify-content: space-between; text-align: center; font-size: 10pt; }
  .head b { display: block; }
  .head .rule { width: 40%; margin: 2px auto 0; border-top: 1px solid #111; }
  .date { text-align: right; font-style: italic; font-size: 10pt; margin: 6px 0 14px; }
  h1 { text-align: center; font-size: 15pt; margin: 6px 0 2px; }
  h2 { text-align: center; font-size: 14pt; margin: 0 0 6px; }
  .meta { text-align: center; font-size: 10pt; margin: 0 0 12px; }
  .draft { color: #a00; font-weight: bold; }
  .figs { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px; margin: 0 0 14px; }
  .fig { border: 1px solid #999; padding: 6px 8px; }
  .fig .k { font-size: 9pt; color: #444; }
  .fig .v { font-size: 11pt; font-weight: bold; }
  .fig.big .v { font-size: 16pt; }
  .problem { border: 1px solid #a00; padding: 8px; }
  table { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
  th, td { border: 1px solid #555; padding: 3px 5px; text-align: center; vertical-align: middle; }
  th { background: #e7e6e6; }
  td.l { text-align: left; }
  td.chart { width: 20%; font-size: 8pt; color: #555; }
  .bar { height: 6px; background: #f0f0f0; margin: 2px 0; }
  .bar span { display: block; height: 100%; }
  .bar.unit span { background: #1f4e79; }
  .bar.avg span { background: #9dc3e6; }
  .legend { font-size: 8.5pt; color: #444; margin-top: 4px; }
  .legend i { display: inline-block; width: 14px; height: 6px; margin: 0 3px 1px 8px; }
  .note { font-size: 8.5pt; font-style: italic; color: #333; margin-top: 12px; text-align: justify; }
</style></head>
<body>
  <div class="head">
    <div style="width:40%"><b>${escapeHtml((options.issuer ?? 'Sở Nội vụ').toUpperCase())}</b><div class="rule"></div></div>
    <div style="width:60%"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><b>Độc lập – Tự do – Hạnh phúc</b><div class="rule"></div></div>
  </div>
  <div class="date">${escapeHtml(formatViLongDate(generatedAt).replace(/^n/, 'N'))}</div>
  <h1>PHIẾU KẾT QUẢ CHỈ SỐ CCHC NĂM ${results.year}</h1>
  <h2>${escapeHtml(unit.unitName)}</h2>
  <p class="meta">${escapeHtml(results.blockName)} · Bộ tiêu chí: ${escapeHtml(results.frameworkName)}<br>
    Tình trạng: <span class="${results.status === 'published' ? '' : 'draft'}">${escapeHtml(statusLine(results, history))}</span></p>
  ${figures}
  <table>
    <thead><tr><th style="width:30%">Lĩnh vực</th><th>Điểm</th><th>Điểm tối đa</th><th>Chỉ số (%)</th><th>Trung bình khối (%)</th><th>Chênh lệch</th><th>So sánh</th></tr></thead>
    <tbody>${fieldRows}</tbody>
  </table>
  <div class="legend"><i style="background:#1f4e79"></i>Đơn vị<i style="background:#9dc3e6"></i>Trung bình khối</div>
  <p class="note">Chỉ số = điểm ÷ tổng điểm tối đa của các tiêu chí áp dụng × 100, làm tròn 2 chữ số thập phân; tiêu chí không áp dụng không tính vào
    điểm và điểm tối đa. Trung bình khối là trung bình Chỉ số lĩnh vực của các đơn vị trong khối có Chỉ số. Xếp hạng trong ${escapeHtml(results.blockName)}
    gồm ${ranked} đơn vị có Chỉ số; các đơn vị cùng Chỉ số đồng hạng.</p>
</body></html>`;
}

/**
 * Prints HTML to PDF with headless Chromium. One browser is started on first use and shared; it is closed
 * after a minute without work (and by `close()`), so an idle server holds no Chromium. At most two pages
 * print at once. Pages run without JavaScript and without network: the HTML is self-contained.
 */
export class PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly executablePath = DEFAULT_CHROMIUM,
    private readonly options: { concurrency?: number; idleMs?: number; timeoutMs?: number } = {},
  ) {}

  async render(html: string): Promise<Buffer> {
    await this.acquire();
    try {
      const browser = await this.launch();
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true, locale: 'vi-VN', timezoneId: LOCAL_TIME_ZONE });
      context.setDefaultTimeout(this.options.timeoutMs ?? 20_000);
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          preferCSSPageSize: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate:
            '<div style="width:100%;font-size:8px;font-family:\'DejaVu Serif\',serif;text-align:center;color:#555">Trang <span class="pageNumber"></span>/<span class="totalPages"></span></div>',
        });
      } finally {
        await context.close().catch(() => undefined);
      }
    } finally {
      this.release();
    }
  }

  /** Closes the shared browser, if one runs. */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close().catch(() => undefined);
  }

  private launch(): Promise<Browser> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (!this.browser) {
      const launching = import('playwright-core')
        .then(({ chromium }) =>
          chromium.launch({
            executablePath: this.executablePath,
            headless: true,
            args: ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
          }),
        )
        .then(
          (browser) => {
            browser.on('disconnected', () => {
              if (this.browser === launching) this.browser = null;
            });
            return browser;
          },
          (error: unknown) => {
            if (this.browser === launching) this.browser = null;
            throw new Error(`PDF documents are printed by Chromium at ${this.executablePath}, which could not be started (apt-get install chromium): ${(error as Error).message}`);
          },
        );
      this.browser = launching;
    }
    return this.browser;
  }

  private async acquire(): Promise<void> {
    if (this.running < (this.options.concurrency ?? 2)) this.running += 1;
    // A finished render hands its slot straight to the next waiting one.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) return next();
    this.running -= 1;
    if (this.running === 0 && this.browser) {
      this.idleTimer = setTimeout(() => void this.close(), this.options.idleMs ?? 60_000);
      this.idleTimer.unref();
    }
  }
}

export interface ScorecardOptions extends DocumentOptions {
  history?: readonly PublicationEntry[];
  /** A shared renderer (the server's); without one, a browser is started for this document and closed after. */
  renderer?: PdfRenderer;
}

/**
 * A unit's scorecard as PDF: unit, year, block, index, rank of N, class, score of the applicable maximum,
 * previous rank, and each field's score, maximum and index against the block average.
 * Throws not_found when the unit is not in these results.
 */
export async function buildUnitScorecard(results: BlockResults, unitCode: string, options: ScorecardOptions = {}): Promise<Buffer> {
  const html = unitScorecardHtml(results, unitCode, options.history ?? [], options);
  if (options.renderer) return options.renderer.render(html);
  const renderer = new PdfRenderer();
  try {
    return await renderer.render(html);
  } finally {
    await renderer.close();
  }
}
