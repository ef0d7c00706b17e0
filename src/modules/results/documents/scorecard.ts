import { normalizeCode } from '../../../domain/codes.js';
import { fail } from '../reasons.js';
import type { BlockResults, Publication, UnitRanking } from '../schemas.js';
import { NATIONAL_MOTTO, NATIONAL_TITLE } from '../../../io/docx.js';
import {
  DASH,
  type DocumentOptions,
  escapeHtml,
  fieldAverages,
  formatViLongDate,
  formatViNumber,
  num,
  pointsOnlyFields,
  problemText,
  rankChange,
  statusLine,
} from './format.js';
import { PdfRenderer } from './pdf-renderer.js';
import { officialDocumentCss } from '../../../io/official-html.js';

/** A unit's scorecard: a self-contained HTML page printed to PDF. */

function findUnit(results: BlockResults, unitCode: string): UnitRanking {
  const code = normalizeCode(unitCode);
  const unit = results.units.find((u) => u.unitCode === code);
  if (!unit) throw fail('results_unit_not_found', { unit: code, year: results.year, block: results.blockCode });
  return unit;
}

/** The scorecard of one unit as a self-contained HTML page (no scripts, no external resources). */
export function unitScorecardHtml(results: BlockResults, unitCode: string, history: readonly Publication[] = [], options: DocumentOptions = {}): string {
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
        // A penalty deducts: it is printed negative.
        const points = unit.index === null ? null : (f.method === 'penalty' ? -1 : 1) * (field?.score ?? 0);
        const note = f.method === 'penalty' ? 'điểm trừ, ngoài điểm tối đa' : 'điểm thưởng, ngoài điểm tối đa';
        return `<tr><td class="l">${escapeHtml(`${f.code}. ${f.title}`)}</td><td>${num(points)}</td><td>${DASH}</td><td>${DASH}</td><td>${DASH}</td><td>${DASH}</td><td class="chart">${note}</td></tr>`;
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
  const figure = (label: string, value: string, big = false) =>
    `<div class="fig${big ? ' big' : ''}"><div class="k">${label}</div><div class="v">${value}</div></div>`;
  const figures =
    unit.index === null
      ? `<p class="problem">Chưa tính được Chỉ số: ${escapeHtml(problemText(unit.problem))}.</p>`
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
  ${officialDocumentCss(20)}
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
    <div style="width:60%"><b>${NATIONAL_TITLE}</b><b>${NATIONAL_MOTTO}</b><div class="rule"></div></div>
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

export interface ScorecardOptions extends DocumentOptions {
  history?: readonly Publication[];
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
