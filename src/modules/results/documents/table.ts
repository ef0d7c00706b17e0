import { isOutsideMaximum } from '../../../domain/framework.js';
import { loadExcelJS, neutralise, type TableFormat, writeTable } from '../../../io/tabular.js';
import type { BlockResults, Publication, ResultsField, UnitRanking } from '../schemas.js';
import { statusLine } from './format.js';

export const RESULT_FILE_COLUMNS = ['unit_code', 'unit_name', 'block', 'score', 'max_score', 'index', 'rank', 'class'] as const;

const two = (value: number | null) => (value === null ? '' : value.toFixed(2));
/** Hundredths, so that sums of two-decimal points stay exact. */
const cents = (value: number) => Math.round(value * 100);

/**
 * The points a bonus or penalty field gives a unit, signed: a bonus adds, a penalty deducts (negative). Null for a
 * unit without an index (its fields say nothing) and for other fields.
 */
export function signedPoints(field: Pick<ResultsField, 'code' | 'method'>, unit: UnitRanking): number | null {
  if (!isOutsideMaximum(field.method) || unit.index === null) return null;
  const points = unit.fields.find((f) => f.code === field.code)?.score ?? 0;
  return field.method === 'penalty' && points !== 0 ? -points : points;
}

/** The bonus (positive) and penalty (negative) points of a unit over all bonus and penalty fields. */
export function bonusAndPenalty(results: BlockResults, unit: UnitRanking): { bonus: number | null; penalty: number | null } {
  if (unit.index === null) return { bonus: null, penalty: null };
  const total = (method: 'bonus' | 'penalty') =>
    results.fields.filter((f) => f.method === method).reduce((sum, f) => sum + cents(signedPoints(f, unit) ?? 0), 0) / 100;
  return { bonus: total('bonus'), penalty: total('penalty') };
}

/** The title of the printed ranking: "Kết quả Chỉ số CCHC năm 2025 — Khối sở, ban, ngành". */
export const rankingTitle = (results: BlockResults) => `Kết quả Chỉ số CCHC năm ${results.year} — ${results.blockName}`;

/** A field's column header in the printed table: the index in %, or the points of a bonus (+) or penalty (−) field. */
function fieldHeader(field: ResultsField): string {
  if (field.method === 'bonus') return `${field.code}. ${field.title} (điểm)`;
  if (field.method === 'penalty') return `${field.code}. ${field.title} (điểm, số âm)`;
  return `${field.code}. ${field.title} (%)`;
}

/**
 * Results as CSV (machine columns), XLSX (the table officials print) or JSON.
 * CSV: the machine columns, then self_score, bonus_points, penalty_points (negative: points deducted), not_submitted
 * (yes: the unit let its deadline pass without submitting, ranked on the appraisers' scores) and each field's index. XLSX: a title row and the status, then the table (frozen header, A4 landscape fitted to the page width).
 */
export async function exportResults(results: BlockResults, format: TableFormat | 'json', history: readonly Publication[] = []): Promise<Buffer> {
  if (format === 'json') return Buffer.from(JSON.stringify(results, null, 2), 'utf8');
  if (format === 'csv') {
    const fieldColumns = results.fields.map((f) => `field_${f.code}`);
    return writeTable(
      'csv',
      [...RESULT_FILE_COLUMNS, 'self_score', 'bonus_points', 'penalty_points', 'not_submitted', ...fieldColumns],
      results.units.map((u) => {
        const { bonus, penalty } = bonusAndPenalty(results, u);
        return {
          unit_code: u.unitCode,
          unit_name: u.unitName,
          block: results.blockCode,
          score: two(u.score),
          max_score: two(u.maxScore),
          index: two(u.index),
          rank: u.rank ?? '',
          class: u.class ?? '',
          self_score: two(u.selfScore),
          bonus_points: two(bonus),
          penalty_points: two(penalty),
          not_submitted: u.notSubmitted ? 'yes' : 'no',
          ...Object.fromEntries(u.fields.map((f) => [`field_${f.code}`, two(f.index)])),
        };
      }),
    );
  }
  return rankingWorkbook(results, history);
}

const TWO_DECIMALS = '0.00';

/** The printed ranking: title, status, header (frozen, repeated on each printed page), one row per unit. */
async function rankingWorkbook(results: BlockResults, history: readonly Publication[]): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = 'parindex';
  workbook.title = rankingTitle(results);
  const sheet = workbook.addWorksheet(`${results.blockCode}-${results.year}`, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: 'Trang &P/&N' },
  });
  const headers = ['STT', 'Đơn vị', 'Điểm tự đánh giá', 'Điểm thẩm định', 'Điểm tối đa áp dụng', 'Chỉ số (%)', 'Xếp hạng', 'Xếp loại'];
  const columns = [...headers, ...results.fields.map(fieldHeader)];
  const HEADER_ROW = 3;

  sheet.mergeCells(1, 1, 1, columns.length);
  const title = sheet.getCell(1, 1);
  title.value = rankingTitle(results);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 24;
  sheet.mergeCells(2, 1, 2, columns.length);
  const status = sheet.getCell(2, 1);
  status.value = `Bộ tiêu chí: ${results.frameworkName} · Tình trạng: ${statusLine(results, history)}`;
  status.font = { italic: true };
  status.alignment = { horizontal: 'center' };

  const header = sheet.getRow(HEADER_ROW);
  header.values = columns;
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 45;
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };

  // Numbers stay numbers so officials can sort and sum in Excel; text cells are neutralised as in every export.
  results.units.forEach((u, i) => {
    const row = sheet.getRow(HEADER_ROW + 1 + i);
    row.values = [
      i + 1,
      neutralise(u.unitName),
      // Before approval a unit that has not submitted may still do so: "chưa nộp", as the ranking table says.
      u.notSubmitted ? (results.status === 'open' ? 'Chưa nộp' : 'Không nộp') : u.selfScore,
      u.score,
      u.maxScore,
      u.index,
      u.rank,
      u.class === null ? null : neutralise(u.class),
      ...results.fields.map((f) =>
        isOutsideMaximum(f.method) ? signedPoints(f, u) : u.index === null ? null : (u.fields.find((x) => x.code === f.code)?.index ?? null),
      ),
    ];
  });

  const lastRow = HEADER_ROW + results.units.length;
  for (let r = HEADER_ROW; r <= lastRow; r += 1) {
    for (let c = 1; c <= columns.length; c += 1) {
      const cell = sheet.getCell(r, c);
      cell.border = border;
      if (r > HEADER_ROW && c >= 3 && c !== 7 && c !== 8) cell.numFmt = TWO_DECIMALS;
      if (r > HEADER_ROW && c !== 2) cell.alignment = { horizontal: 'center' };
    }
  }
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  });
  sheet.columns.forEach((column, i) => {
    column.width = i === 0 ? 6 : i === 1 ? 34 : i < headers.length ? 12 : 16;
  });
  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: HEADER_ROW, topLeftCell: `C${HEADER_ROW + 1}` }];
  sheet.pageSetup.printTitlesRow = `${HEADER_ROW}:${HEADER_ROW}`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
