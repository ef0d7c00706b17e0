import { type TableFormat, writeTable } from '../../../io/tabular.js';
import type { BlockResults } from '../schemas.js';

export const RESULT_FILE_COLUMNS = ['unit_code', 'unit_name', 'block', 'score', 'max_score', 'index', 'rank', 'class'] as const;

const two = (value: number | null) => (value === null ? '' : value.toFixed(2));

/** Results as CSV (machine columns), XLSX (the table officials print) or JSON. */
export async function exportResults(results: BlockResults, format: TableFormat | 'json'): Promise<Buffer> {
  if (format === 'json') return Buffer.from(JSON.stringify(results, null, 2), 'utf8');
  if (format === 'csv') {
    const fieldColumns = results.fields.map((f) => `field_${f.code}`);
    return writeTable(
      'csv',
      [...RESULT_FILE_COLUMNS, 'self_score', ...fieldColumns],
      results.units.map((u) => ({
        unit_code: u.unitCode,
        unit_name: u.unitName,
        block: results.blockCode,
        score: two(u.score),
        max_score: two(u.maxScore),
        index: two(u.index),
        rank: u.rank ?? '',
        class: u.class ?? '',
        self_score: two(u.selfScore),
        ...Object.fromEntries(u.fields.map((f) => [`field_${f.code}`, two(f.index)])),
      })),
    );
  }
  const fieldTitle = new Map(results.fields.map((f) => [f.code, `${f.code}. ${f.title}`]));
  const headers = ['STT', 'Đơn vị', 'Điểm tự đánh giá', 'Điểm thẩm định', 'Chỉ số (%)', 'Xếp hạng', 'Xếp loại', ...fieldTitle.values()];
  // Numbers stay numbers so officials can sort and sum in Excel.
  return writeTable(
    'xlsx',
    headers,
    results.units.map((u, i) => ({
      STT: i + 1,
      'Đơn vị': u.unitName,
      'Điểm tự đánh giá': u.selfScore,
      'Điểm thẩm định': u.score,
      'Chỉ số (%)': u.index,
      'Xếp hạng': u.rank,
      'Xếp loại': u.class,
      ...Object.fromEntries(u.fields.map((f) => [fieldTitle.get(f.code)!, f.index])),
    })),
    `${results.blockCode}-${results.year}`,
  );
}
