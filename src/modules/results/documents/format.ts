/**
 * What the results documents (the DOCX report, the PDF scorecard) share: numbers, dates and reasons written the
 * Vietnamese way, the figures computed over a block, the status line and the generated summary. Every document is
 * built from the same BlockResults the results API returns, so it never disagrees with the screen.
 */
import { reasonMessage } from '../../../catalogue.js';
import { isOutsideMaximum } from '../../../domain/framework.js';
import { LOCAL_TIME_ZONE } from '../../../domain/local-time.js';
import { divideRoundHalfUp } from '../../../domain/points.js';
import { vietnameseDocumentDate } from '../../../domain/text.js';
import type { BlockResults, Publication, UnitProblem, UnitRanking } from '../schemas.js';

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

export const DASH = '–';

/** Text for HTML documents (the PDF scorecard and reports). */
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
export const num = (value: number | null | undefined) => (value === null || value === undefined ? DASH : formatViNumber(value));

const dateParts = new Intl.DateTimeFormat('en-CA', { timeZone: LOCAL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
/** "2026-03-05": the local date of an instant. */
function localIsoDate(instant: Date | string): string {
  const parts = Object.fromEntries(dateParts.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** "05/03/2026" in local time. */
export function formatViDate(instant: Date | string): string {
  const [year, month, day] = localIsoDate(instant).split('-');
  return `${day}/${month}/${year}`;
}

/** "ngày 05 tháng 3 năm 2026": the date line of an official document (days below 10 and months below 3 take a zero). */
export function formatViLongDate(instant: Date | string): string {
  return vietnameseDocumentDate(localIsoDate(instant));
}

/** Why a unit has no index, in Vietnamese from the catalogue (a formula's own reason after it). */
export function problemText(problem: UnitProblem | null): string {
  if (!problem) return 'chưa có dữ liệu chấm điểm';
  const text = (reason: { code: string; params?: UnitProblem['params']; message: string }) => reasonMessage(reason.code, reason.params, 'vi') ?? reason.message;
  return problem.cause ? `${text(problem)}: ${text(problem.cause)}` : text(problem);
}

// ---------------------------------------------------------------------------------------------------------------
// Figures shared by both documents

const hundredths = (value: number) => Math.round(value * 100);

/** The mean of two-decimal values, rounded half up to two decimals (exact: summed in hundredths). */
export function averageOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return (
    divideRoundHalfUp(
      values.map(hundredths).reduce((a, b) => a + b, 0),
      values.length,
    ) / 100
  );
}

/** Bonus and penalty fields never count in the maximum, so they have no index: their column shows points. */
export function pointsOnlyFields(results: BlockResults): Set<string> {
  return new Set(results.fields.filter((f) => isOutsideMaximum(f.method)).map((f) => f.code));
}

/** Block average of each field's index over the units that have one. */
export function fieldAverages(results: BlockResults): Map<string, number | null> {
  return new Map(
    results.fields.map((f) => [
      f.code,
      averageOf(
        results.units.flatMap((u) => {
          const index = u.index === null ? null : (u.fields.find((x) => x.code === f.code)?.index ?? null);
          return index === null ? [] : [index];
        }),
      ),
    ]),
  );
}

export const rankChange = (u: UnitRanking) => (u.rank !== null && u.previousRank !== null ? u.previousRank - u.rank : null);

export function statusLine(results: BlockResults, history: readonly Publication[]): string {
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
    lines.push(`Đơn vị chưa tính được Chỉ số: ${without.map((u) => `${u.unitName} (${problemText(u.problem)})`).join('; ')}.`);
  }
  return lines;
}
