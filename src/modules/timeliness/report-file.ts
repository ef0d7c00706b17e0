import type { DbOrTx } from '../../db/client.js';
import { loadExcelJS, neutralise } from '../../io/tabular.js';
import { listUnits } from '../units/service.js';
import type { TimelinessReport } from './schemas.js';

/**
 * The timeliness report as the XLSX officials print: a title with the year and the report date, Vietnamese column
 * headers, each unit's name beside its code, counts as numbers and the on-time rate as a number with two decimals
 * (an empty cell when nothing was resolved); the header is frozen and the sheet prints on A4 landscape, one page wide.
 * The CSV keeps the machine columns (service.ts).
 */

const HEADERS: Record<string, string> = {
  unit_code: 'Mã đơn vị',
  unit_name: 'Đơn vị',
  field: 'Lĩnh vực',
  received: 'Tiếp nhận',
  resolved: 'Đã giải quyết',
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Trễ hạn',
  overdue_processing: 'Quá hạn đang xử lý',
  on_time_rate: 'Tỷ lệ trước và đúng hạn (%)',
};

/** "2025-12-31" → "31/12/2025". */
export const viDate = (isoDate: string) => isoDate.split('-').reverse().join('/');

/** The title row: "Báo cáo tình hình giải quyết hồ sơ TTHC năm 2025 — số liệu đến ngày 31/12/2025". */
export function timelinessTitle(report: Pick<TimelinessReport, 'year' | 'as_of'>): string {
  return `Báo cáo tình hình giải quyết hồ sơ TTHC năm ${report.year} — số liệu đến ngày ${viDate(report.as_of)}`;
}

/** The names of the report's units in its year, by code (names change over the years). */
export async function reportUnitNames(db: DbOrTx, report: TimelinessReport): Promise<Map<string, string>> {
  const codes = new Set(report.rows.map((r) => r.unit_code));
  if (codes.size === 0) return new Map();
  const units = await listUnits(db, { year: report.year });
  return new Map(units.filter((u) => codes.has(u.code)).map((u) => [u.code, u.name]));
}

export async function timelinessWorkbook(report: TimelinessReport, unitNames: ReadonlyMap<string, string>): Promise<Buffer> {
  const columns = [
    'unit_code',
    'unit_name',
    ...(report.by === 'field' ? ['field'] : []),
    'received',
    'resolved',
    'early',
    'on_time',
    'late',
    'overdue_processing',
    'on_time_rate',
  ];
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = 'parindex';
  workbook.title = timelinessTitle(report);
  const sheet = workbook.addWorksheet(`timeliness-${report.year}`, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true },
    headerFooter: { oddFooter: 'Trang &P/&N' },
  });
  const HEADER_ROW = 3;
  sheet.mergeCells(1, 1, 1, columns.length);
  const title = sheet.getCell(1, 1);
  title.value = timelinessTitle(report);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, columns.length);
  const note = sheet.getCell(2, 1);
  note.value =
    `${report.unit ? `Đơn vị: ${unitNames.get(report.unit) ?? report.unit} · ` : ''}` +
    'Tỷ lệ = (trước hạn + đúng hạn) / đã giải quyết × 100; quá hạn đang xử lý tính đến ngày báo cáo.';
  note.font = { italic: true };
  note.alignment = { horizontal: 'center', wrapText: true };

  const header = sheet.getRow(HEADER_ROW);
  header.values = columns.map((c) => HEADERS[c]!);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 32;
  report.rows.forEach((r, i) => {
    const values: Record<string, string | number | null> = {
      ...r,
      unit_name: neutralise(unitNames.get(r.unit_code) ?? ''),
      field: r.field === undefined ? null : neutralise(r.field),
      on_time_rate: r.on_time_rate === null ? null : Number(r.on_time_rate),
    };
    sheet.getRow(HEADER_ROW + 1 + i).values = columns.map((c) => values[c] ?? null);
  });
  const rateColumn = columns.indexOf('on_time_rate') + 1;
  const thin = { style: 'thin' as const };
  for (let r = HEADER_ROW; r <= HEADER_ROW + report.rows.length; r += 1) {
    for (let c = 1; c <= columns.length; c += 1) {
      const cell = sheet.getCell(r, c);
      cell.border = { top: thin, left: thin, bottom: thin, right: thin };
      if (r > HEADER_ROW && c === rateColumn) cell.numFmt = '0.00';
      else if (r > HEADER_ROW && c > columns.indexOf('received')) cell.numFmt = '#,##0';
    }
  }
  sheet.columns.forEach((column, i) => {
    const key = columns[i];
    column.width = key === 'unit_name' ? 34 : key === 'field' ? 24 : key === 'unit_code' ? 12 : 14;
  });
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW }];
  sheet.pageSetup.printTitlesRow = `${HEADER_ROW}:${HEADER_ROW}`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
