import { describeIssue } from '../../catalogue.js';
import { quote } from '../../domain/text.js';
import type { ClassBand, CriterionSurveyLink } from '../../domain/framework.js';
import type { ReasonedText } from '../../errors.js';
import { checkRow } from '../../io/row-schema.js';
import { TABLE_LIMITS, TableFileError } from '../../io/limits.js';
import { detectFormat, fileRejected, readTable, RowErrors, unneutralise } from '../../io/tabular.js';
import { readXlsxRows } from '../../io/xlsx-reader.js';
import { bufferSource } from '../../io/zip.js';
import {
  CLASS_COLUMNS,
  CLASSES_SHEET,
  FRAMEWORK_COLUMNS,
  fileRejectedRows,
  frameworkText,
  issueText,
  normalizeDraft,
  type ParsedFrameworkFile,
  readMethod,
  readPoints,
  readYesNo,
  REQUIRED_COLUMNS,
  unknownMethod,
} from './file-format.js';
import { fail } from './reasons.js';
import { CRITERION_TEXT_COLUMNS, FileCriterionTexts, FileSurveyLink, MAX_CLASS_LABEL, MAX_CRITERIA } from './schemas.js';

/**
 * The `survey` cell: empty (no link), or the link as JSON, checked with the API's schema. A problem names the part of
 * the link in its column (`survey.mapping.bands`).
 */
function readSurveyCell(text: string): { link: CriterionSurveyLink | null } | { error: ReasonedText; column: string } {
  if (text.trim() === '') return { link: null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: frameworkText('framework_survey_not_json', { value: quote(text) }), column: 'survey' };
  }
  const parsed = FileSurveyLink.safeParse(json);
  if (parsed.success) return { link: parsed.data };
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.');
  const described = describeIssue(issue as Parameters<typeof describeIssue>[0]);
  return { error: { ...described, message: `survey${path ? `.${path}` : ''}: ${described.message}` }, column: path ? `survey.${path}` : 'survey' };
}

/** CSV and XLSX framework files: one row per criterion; XLSX may carry the class bands on a `classes` sheet. */

/** The `classes` sheet of a workbook (label,min), or null when there is none or it has no bands. */
async function readClassesSheet(buffer: Buffer): Promise<{ bands: ClassBand[]; rows: number[] } | null> {
  const grid: { row: number; cells: string[] }[] = [];
  const pickSheet = (names: string[]) => names.findIndex((name, i) => i > 0 && name.trim().toLowerCase() === CLASSES_SHEET);
  try {
    for await (const rows of readXlsxRows(bufferSource(buffer), { limits: TABLE_LIMITS, dateText: (date) => date.toISOString(), pickSheet })) {
      for (const { row, cells: raw } of rows) {
        const cells = [0, 1, 2].map((col) => unneutralise(raw[col] ?? '').trim());
        if (cells.some((c) => c !== '')) grid.push({ row, cells });
        if (grid.length > 1000) throw new TableFileError(row, `sheet ${CLASSES_SHEET}: more than 1,000 class bands`);
      }
    }
  } catch (error) {
    if (error instanceof TableFileError) throw fileRejected(error);
    throw error;
  }
  if (grid.length === 0) return null;
  const errors = new RowErrors();
  const [header, ...data] = grid;
  const names = header!.cells.map((c) => c.toLowerCase());
  if (names[0] !== 'label' || names[1] !== 'min' || names[2] !== '') {
    errors.add(header!.row, frameworkText('framework_classes_columns', { columns: CLASS_COLUMNS.join(',') }), `${CLASSES_SHEET}!header`);
  }
  const bands: ClassBand[] = [];
  for (const { row, cells } of data) {
    const min = Number(cells[1]!.replace(',', '.'));
    if (cells[1] === '' || !Number.isFinite(min))
      errors.add(row, frameworkText('framework_classes_min_not_index', { value: quote(cells[1]!) }), `${CLASSES_SHEET}!min`);
    if (cells[0]!.length > MAX_CLASS_LABEL) {
      errors.add(row, frameworkText('framework_classes_label_too_long', { length: cells[0]!.length, max: MAX_CLASS_LABEL }), `${CLASSES_SHEET}!label`);
    }
    bands.push({ label: cells[0]!, min });
  }
  if (errors.any) throw fileRejectedRows(errors.items);
  if (bands.length === 0) return null;
  return { bands, rows: data.map((d) => d.row) };
}

export async function readTabular(buffer: Buffer, format: 'csv' | 'xlsx'): Promise<ParsedFrameworkFile> {
  if (detectFormat(buffer) !== format) {
    const params = { format: format.toUpperCase() };
    throw fail('framework_file_not_format', params, { rows: [{ row: 1, ...frameworkText('framework_file_not_format_row', params) }] });
  }
  const rows = await readTable(buffer, {
    required: REQUIRED_COLUMNS,
    optional: FRAMEWORK_COLUMNS.filter((c) => !(REQUIRED_COLUMNS as readonly string[]).includes(c)),
  });
  const classes = format === 'xlsx' ? await readClassesSheet(buffer) : null;
  const errors = new RowErrors();
  if (rows.length > MAX_CRITERIA) errors.add(rows[MAX_CRITERIA]!.row, frameworkText('framework_too_many_criteria', { max: MAX_CRITERIA, count: rows.length }));
  const criteria = rows.map(({ row, values }) => {
    // The texts with the API's own schema (code 40, title 1,000, appraiser 32, guidance 10,000, formula 2,000).
    checkRow(
      errors,
      row,
      FileCriterionTexts,
      {
        code: values.code ?? '',
        title: values.title ?? '',
        appraiser: values.appraiser ?? null,
        guidance: values.guidance ?? null,
        formula: values.formula ?? null,
      },
      CRITERION_TEXT_COLUMNS,
    );
    const maxPoints = readPoints(values.max_points ?? '');
    if (typeof maxPoints !== 'number') errors.add(row, maxPoints, 'max_points');
    const method = readMethod(values.method ?? '');
    if (method === null) errors.add(row, values.method ? unknownMethod(values.method) : frameworkText('framework_method_empty'), 'method');
    const evidence = readYesNo(values.evidence_required ?? '');
    if (evidence === null) errors.add(row, frameworkText('framework_not_yes_no', { value: quote(values.evidence_required ?? '') }), 'evidence_required');
    const survey = readSurveyCell(values.survey ?? '');
    if ('error' in survey) errors.add(row, survey.error, survey.column);
    return normalizeDraft({
      code: values.code ?? '',
      title: values.title ?? '',
      maxPoints: typeof maxPoints === 'number' ? maxPoints : 0,
      method: method ?? 'manual',
      evidenceRequired: evidence ?? false,
      appraiser: values.appraiser ?? null,
      guidance: values.guidance ?? null,
      formula: values.formula ?? null,
      survey: 'link' in survey ? survey.link : null,
    });
  });
  if (errors.any) throw fileRejectedRows(errors.items);
  return {
    format,
    year: null,
    block: null,
    name: null,
    classes: classes?.bands ?? null,
    criteria,
    locate(issue) {
      if (issue.index !== null) return { row: rows[issue.index]!.row, column: issue.field.startsWith('survey.') ? 'survey' : issue.field, ...issueText(issue) };
      const band = /^classes\.(\d+)\.(\w+)$/.exec(issue.field);
      if (band && classes) {
        return {
          row: classes.rows[Number(band[1])]!,
          column: `${CLASSES_SHEET}!${band[2]}`,
          ...issueText(issue),
          message: `sheet ${CLASSES_SHEET}: ${issue.message}`,
        };
      }
      return { row: 1, column: issue.field, ...issueText(issue) };
    },
    locateField: (field) => ({ row: 1, column: field, message: '' }),
  };
}
