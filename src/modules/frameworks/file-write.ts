import { stringify } from 'csv-stringify/sync';
import { canonicalSurveyLink, type CriterionDraft } from '../../domain/framework.js';
import { pointsToNumber } from '../../domain/points.js';
import { loadExcelJS, neutralise } from '../../io/tabular.js';
import {
  CLASS_COLUMNS,
  CLASSES_SHEET,
  CRITERIA_SHEET,
  FRAMEWORK_COLUMNS,
  type FrameworkFile,
  type FrameworkFileFormat,
  toFileCriterion,
} from './file-format.js';

/** Writing a framework as a file (JSON, CSV, XLSX) that imports back to the same framework. */

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/**
 * One criterion as a CSV/XLSX row. The `survey` column (the link as compact JSON) is written only when some criterion
 * of the framework has a link, so a framework without survey links exports the same eight columns as before.
 */
function tableRow(c: CriterionDraft, withSurvey: boolean) {
  const row: (string | number)[] = [
    c.code,
    c.title,
    pointsToNumber(c.maxPoints),
    c.method,
    yesNo(c.evidenceRequired),
    c.appraiser ?? '',
    c.guidance ?? '',
    c.formula ?? '',
  ];
  if (withSurvey) row.push(c.survey ? JSON.stringify(canonicalSurveyLink(c.survey)) : '');
  return row;
}

const columnsOf = (withSurvey: boolean) => (withSurvey ? [...FRAMEWORK_COLUMNS] : FRAMEWORK_COLUMNS.filter((c) => c !== 'survey'));

export function frameworkToJson(file: FrameworkFile) {
  return { year: file.year, block: file.block, name: file.name, classes: file.classes, criteria: file.criteria.map(toFileCriterion) };
}

/** Writes a framework in a format that reads back to the same framework. */
export async function writeFrameworkFile(file: FrameworkFile, format: FrameworkFileFormat): Promise<Buffer> {
  if (format === 'json') return Buffer.from(`${JSON.stringify(frameworkToJson(file), null, 2)}\n`, 'utf8');
  const withSurvey = file.criteria.some((c) => c.survey);
  if (format === 'csv') {
    // Points as plain numbers with a decimal point (0.25); codes as written.
    // Text cells that a spreadsheet would run as a formula get a leading apostrophe (taken off again on import).
    const rows = file.criteria.map((c) => tableRow(c, withSurvey).map((v) => String(neutralise(v))));
    return Buffer.from(stringify(rows, { header: true, columns: columnsOf(withSurvey) }), 'utf8');
  }
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet(CRITERIA_SHEET);
  sheet.addRow(columnsOf(withSurvey)).font = { bold: true };
  for (const c of file.criteria) sheet.addRow(tableRow(c, withSurvey));
  // Codes stay text (1.10 is not 1.1).
  sheet.getColumn(1).numFmt = '@';
  [10, 60, 12, 10, 18, 12, 60, 50, 50].forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  const bands = workbook.addWorksheet(CLASSES_SHEET);
  bands.addRow([...CLASS_COLUMNS]).font = { bold: true };
  for (const band of file.classes) bands.addRow([band.label, band.min]);
  bands.getColumn(1).width = 20;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const FRAMEWORK_CONTENT_TYPES: Record<FrameworkFileFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
