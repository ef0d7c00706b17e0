import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { normalizeCode } from '../../domain/codes.js';
import { type ClassBand, type CriterionDraft, type FrameworkIssue, METHODS, type Method } from '../../domain/framework.js';
import { type Hundredths, parsePoints, PointsFormatError, pointsToNumber } from '../../domain/points.js';
import { Code, Name } from '../../http/schemas.js';
import { quote } from '../../domain/text.js';
import { AppError, type ImportRowError, type ReasonedText, reasonText } from '../../errors.js';
import { describeIssue } from '../../catalogue.js';
import { frameworkReasons } from '../../domain/framework-reasons.js';
import { fail, type FrameworksReason, reasons } from './reasons.js';
import { cellMessage, checkRow } from '../../io/row-schema.js';
import { TABLE_LIMITS, TableFileError } from '../../io/limits.js';
import { detectFormat, fileRejected, loadExcelJS, neutralise, readTable, RowErrors, unneutralise } from '../../io/tabular.js';
import { readXlsxRows } from '../../io/xlsx-reader.js';
import { bufferSource } from '../../io/zip.js';
import { ClassBandSchema, CRITERION_LIMITS, CRITERION_TEXT_COLUMNS, FileCriterionTexts, MAX_CLASS_LABEL, MAX_CLASSES, MAX_CRITERIA } from './schemas.js';

/**
 * Framework files: JSON (`{ year, block, name, classes, criteria }`, the format of
 * samples/framework-departments-2025.json), CSV and XLSX with one row per criterion. XLSX also carries the
 * class bands on a second sheet named `classes`. Reading never touches the database: it turns a file into drafts and
 * knows where in the file each draft came from, so the framework rules can be reported against file rows.
 */

export const FRAMEWORK_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type FrameworkFileFormat = (typeof FRAMEWORK_FORMATS)[number];

export const FRAMEWORK_COLUMNS = ['code', 'title', 'max_points', 'method', 'evidence_required', 'appraiser', 'guidance', 'formula'] as const;
const REQUIRED_COLUMNS = ['code', 'title', 'max_points', 'method'] as const;
const CLASS_COLUMNS = ['label', 'min'] as const;
export const CLASSES_SHEET = 'classes';
const CRITERIA_SHEET = 'criteria';

/** A framework's content: what a file or an editor gives, what a revision stores. */
export interface FrameworkContent {
  name: string;
  classes: ClassBand[];
  criteria: CriterionDraft[];
}

/** A whole framework file. */
export interface FrameworkFile extends FrameworkContent {
  year: number;
  block: string;
}

/** One criterion as the JSON file writes it: optional keys are left out when empty, as in the sample. */
export interface FileCriterion {
  code: string;
  title: string;
  maxPoints: number;
  method: Method;
  evidenceRequired?: true;
  appraiser?: string;
  guidance?: string;
  formula?: string;
}

export interface ParsedFrameworkFile {
  format: FrameworkFileFormat;
  /** Year, block and name as the file states them (JSON only; null in CSV and XLSX). */
  year: number | null;
  block: string | null;
  name: string | null;
  /** Class bands from the file, or null when it has none (CSV; XLSX without a `classes` sheet). */
  classes: ClassBand[] | null;
  criteria: CriterionDraft[];
  /** Where a framework rule's issue points in the file. */
  locate(issue: FrameworkIssue): ImportRowError;
  /** Where a top-level field (`year`, `block`) is in the file. */
  locateField(field: string): ImportRowError;
}

/** The largest max points a criterion may have (the database keeps numeric(8,2)). */
const MAX_POINTS_LIMIT: Hundredths = 1_000_000;

/** A reason of this module as `{ code, params, message }` (an issue's or a row's text). */
export const frameworkText = (reason: FrameworksReason, params?: Parameters<typeof reasonText>[2]) => reasonText(reasons, reason, params);

/** Reads points ("1.25", "1,25", 3); returns why it cannot (a reason, "max points …") instead of throwing. */
export function readPoints(value: string | number): Hundredths | ReasonedText {
  if (typeof value === 'string' && value.trim() === '') return frameworkText('framework_points_empty');
  try {
    const points = parsePoints(value);
    if (points < 0) return reasonText(frameworkReasons, 'criterion_points_negative');
    if (points > MAX_POINTS_LIMIT) {
      return frameworkText('framework_points_too_large', { value: typeof value === 'string' ? quote(value) : value, max: pointsToNumber(MAX_POINTS_LIMIT) });
    }
    return points;
  } catch (error) {
    if (error instanceof PointsFormatError) return frameworkText('framework_points_not_number', { value: typeof value === 'string' ? quote(value) : JSON.stringify(value) });
    throw error;
  }
}

/** Framework file rows refused: 400 import_rejected with the rows, nothing written. */
export const fileRejectedRows = (rows: ImportRowError[]): AppError => fail('framework_file_rejected', { count: rows.length }, { rows });

const YES = new Set(['yes', 'true', '1', 'có', 'co']);
const NO = new Set(['no', 'false', '0', 'không', 'khong', '']);

/** evidence_required: yes/no, true/false, 1/0, có/không (any case); empty means no. */
export function readYesNo(value: string): boolean | null {
  const text = value.normalize('NFC').trim().toLowerCase();
  if (YES.has(text)) return true;
  if (NO.has(text)) return false;
  return null;
}

export function readMethod(value: string): Method | null {
  const text = value.trim().toLowerCase();
  return (METHODS as readonly string[]).includes(text) ? (text as Method) : null;
}

const emptyToNull = (value: string | null | undefined) => {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
};

/** Trims texts, upper-cases appraiser codes and turns empty optional texts into null. */
export function normalizeDraft(c: CriterionDraft): CriterionDraft {
  const appraiser = emptyToNull(c.appraiser);
  return {
    code: c.code.trim(),
    title: c.title.trim(),
    maxPoints: c.maxPoints,
    method: c.method,
    evidenceRequired: c.evidenceRequired,
    appraiser: appraiser === null ? null : normalizeCode(appraiser),
    guidance: emptyToNull(c.guidance),
    formula: emptyToNull(c.formula),
  };
}

export function toFileCriterion(c: CriterionDraft): FileCriterion {
  return {
    code: c.code,
    title: c.title,
    maxPoints: pointsToNumber(c.maxPoints),
    method: c.method,
    ...(c.evidenceRequired ? { evidenceRequired: true as const } : {}),
    ...(c.appraiser ? { appraiser: c.appraiser } : {}),
    ...(c.guidance ? { guidance: c.guidance } : {}),
    ...(c.formula ? { formula: c.formula } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Format detection

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function jsonText(buffer: Buffer): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, '');
    JSON.parse(text);
    return text;
  } catch {
    return null;
  }
}

/** XLSX by its zip signature, JSON when the content parses as JSON, else CSV. */
export function detectFrameworkFormat(buffer: Buffer): FrameworkFileFormat {
  if (buffer.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  return jsonText(buffer) !== null ? 'json' : 'csv';
}

// ---------------------------------------------------------------------------------------------
// JSON

/** The file's field names for the framework rules' fields (which use the CSV column names). */
const JSON_FIELD: Record<string, string> = { max_points: 'maxPoints', evidence_required: 'evidenceRequired' };

/** `criteria[3].maxPoints` from ['criteria', 3, 'maxPoints']. */
function jsonPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((path, part) => (typeof part === 'number' ? `${path}[${part}]` : path ? `${path}.${String(part)}` : String(part)), '');
}

/**
 * The line each value of a JSON text starts on, by path (`criteria[3].maxPoints`). The text has already parsed,
 * so the scan can trust its shape; strings cannot hold raw line breaks, so lines only end in white space.
 */
export function jsonLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const space = () => {
    while (i < text.length && /\s/.test(text[i]!)) {
      if (text[i] === '\n') line++;
      i++;
    }
  };
  const string = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    space();
    lines.set(path, line);
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      for (let k = 0; ; k++) {
        space();
        if (c === '{') {
          const key = string();
          space();
          i++; // the colon
          value(path ? `${path}.${key}` : key);
        } else {
          value(`${path}[${k}]`);
        }
        space();
        if (text[i++] !== ',') return;
      }
    }
    if (c === '"') {
      string();
      return;
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  };
  value('');
  return lines;
}

// The API's texts and limits (schemas.ts); points and method are read below with the file's own spellings.
const JsonCriterion = FileCriterionTexts.extend({
  maxPoints: z.union([z.number(), z.string().max(CRITERION_LIMITS.maxPointsText)], { error: 'max points must be a number such as 1.25' }),
  method: z.string(),
  evidenceRequired: z.boolean().nullish(),
}).strict();

const JsonFramework = z.object({
  year: z.number().int().min(1990).max(2100).optional(),
  block: Code.optional(),
  name: Name.optional(),
  classes: z.array(ClassBandSchema.strict()).max(MAX_CLASSES).optional(),
  criteria: z.array(JsonCriterion).max(MAX_CRITERIA),
});

/** A zod issue on a JSON framework file as a reason whose text quotes at most ~100 characters of any value or key. */
function jsonIssueMessage(issue: z.core.$ZodIssue, root: unknown): ReasonedText {
  if (issue.code === 'unrecognized_keys') {
    const shown = issue.keys.slice(0, 10).map((key) => quote(key)).join(', ');
    if (issue.keys.length === 1) return frameworkText('framework_json_unknown_key', { key: shown });
    if (issue.keys.length <= 10) return frameworkText('framework_json_unknown_keys', { keys: shown });
    return frameworkText('framework_json_unknown_keys_more', { keys: shown, more: issue.keys.length - 10 });
  }
  let value: unknown = root;
  for (const key of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  const last = issue.path.at(-1);
  if (last === 'maxPoints' && issue.code === 'invalid_union') return frameworkText('framework_points_type');
  if (typeof value === 'string' && typeof last === 'string') {
    const message: string | ReasonedText = cellMessage(issue, value, { column: last });
    return typeof message === 'string' ? { message } : message;
  }
  // Any other shape problem (a number out of range, a wrong type) reads as the API's schema issue would.
  return describeIssue(issue as Parameters<typeof describeIssue>[0]);
}

function readJson(buffer: Buffer): ParsedFrameworkFile {
  const text = jsonText(buffer);
  if (text === null) throw fail('framework_file_not_json', undefined, { rows: [{ row: 1, ...frameworkText('framework_file_not_json_row') }] });
  const lines = jsonLines(text);
  const at = (path: string, text: ReasonedText): ImportRowError => {
    // The nearest enclosing value that the file has (a missing key points at its object).
    let probe = path;
    while (probe && !lines.has(probe)) {
      const shorter = probe.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
      probe = shorter === probe ? '' : shorter;
    }
    return { row: lines.get(probe) ?? 1, column: path || 'file', ...text };
  };
  const json: unknown = JSON.parse(text);
  const parsed = JsonFramework.safeParse(json);
  if (!parsed.success) {
    throw fail('framework_json_shape', undefined, {
      rows: parsed.error.issues.slice(0, 200).map((issue) => at(jsonPath(issue.path), jsonIssueMessage(issue, json))),
    });
  }
  const file = parsed.data;
  const errors: ImportRowError[] = [];
  const criteria: CriterionDraft[] = file.criteria.map((c, i) => {
    const maxPoints = readPoints(c.maxPoints);
    if (typeof maxPoints !== 'number') errors.push(at(`criteria[${i}].maxPoints`, maxPoints));
    const method = readMethod(c.method);
    if (method === null) errors.push(at(`criteria[${i}].method`, unknownMethod(c.method)));
    return normalizeDraft({
      code: c.code,
      title: c.title,
      maxPoints: typeof maxPoints === 'number' ? maxPoints : 0,
      method: method ?? 'manual',
      evidenceRequired: c.evidenceRequired ?? false,
      appraiser: c.appraiser ?? null,
      guidance: c.guidance ?? null,
      formula: c.formula ?? null,
    });
  });
  if (errors.length) throw fileRejectedRows(errors);
  return {
    format: 'json',
    year: file.year ?? null,
    block: file.block ? normalizeCode(file.block) : null,
    name: file.name ?? null,
    classes: file.classes ? file.classes.map((band) => ({ label: band.label.trim(), min: band.min })) : null,
    criteria,
    locate(issue) {
      if (issue.index !== null) return at(`criteria[${issue.index}].${JSON_FIELD[issue.field] ?? issue.field}`, issueText(issue));
      return at(issue.field.replace(/\.(\d+)/g, '[$1]'), issueText(issue));
    },
    locateField: (field) => at(field, { message: '' }),
  };
}

const unknownMethod = (value: string) => frameworkText('framework_method_unknown', { value: quote(value), methods: METHODS.join(', ') });

/** A framework rule's issue as a file row's text. */
const issueText = (issue: FrameworkIssue): ReasonedText => ({ code: issue.reason, ...(issue.params ? { params: issue.params } : {}), message: issue.message });

// ---------------------------------------------------------------------------------------------
// CSV and XLSX


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
    if (cells[1] === '' || !Number.isFinite(min)) errors.add(row, frameworkText('framework_classes_min_not_index', { value: quote(cells[1]!) }), `${CLASSES_SHEET}!min`);
    if (cells[0]!.length > MAX_CLASS_LABEL) {
      errors.add(row, frameworkText('framework_classes_label_too_long', { length: cells[0]!.length, max: MAX_CLASS_LABEL }), `${CLASSES_SHEET}!label`);
    }
    bands.push({ label: cells[0]!, min });
  }
  if (errors.any) throw fileRejectedRows(errors.items);
  if (bands.length === 0) return null;
  return { bands, rows: data.map((d) => d.row) };
}

async function readTabular(buffer: Buffer, format: 'csv' | 'xlsx'): Promise<ParsedFrameworkFile> {
  if (detectFormat(buffer) !== format) {
    const params = { format: format.toUpperCase() };
    throw fail('framework_file_not_format', params, { rows: [{ row: 1, ...frameworkText('framework_file_not_format_row', params) }] });
  }
  const rows = await readTable(buffer, { required: REQUIRED_COLUMNS, optional: FRAMEWORK_COLUMNS.filter((c) => !(REQUIRED_COLUMNS as readonly string[]).includes(c)) });
  const classes = format === 'xlsx' ? await readClassesSheet(buffer) : null;
  const errors = new RowErrors();
  if (rows.length > MAX_CRITERIA) errors.add(rows[MAX_CRITERIA]!.row, frameworkText('framework_too_many_criteria', { max: MAX_CRITERIA, count: rows.length }));
  const criteria = rows.map(({ row, values }) => {
    // The texts with the API's own schema (code 40, title 1,000, appraiser 32, guidance 10,000, formula 2,000).
    checkRow(
      errors,
      row,
      FileCriterionTexts,
      { code: values.code ?? '', title: values.title ?? '', appraiser: values.appraiser ?? null, guidance: values.guidance ?? null, formula: values.formula ?? null },
      CRITERION_TEXT_COLUMNS,
    );
    const maxPoints = readPoints(values.max_points ?? '');
    if (typeof maxPoints !== 'number') errors.add(row, maxPoints, 'max_points');
    const method = readMethod(values.method ?? '');
    if (method === null) errors.add(row, values.method ? unknownMethod(values.method) : frameworkText('framework_method_empty'), 'method');
    const evidence = readYesNo(values.evidence_required ?? '');
    if (evidence === null) errors.add(row, frameworkText('framework_not_yes_no', { value: quote(values.evidence_required ?? '') }), 'evidence_required');
    return normalizeDraft({
      code: values.code ?? '',
      title: values.title ?? '',
      maxPoints: typeof maxPoints === 'number' ? maxPoints : 0,
      method: method ?? 'manual',
      evidenceRequired: evidence ?? false,
      appraiser: values.appraiser ?? null,
      guidance: values.guidance ?? null,
      formula: values.formula ?? null,
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
      if (issue.index !== null) return { row: rows[issue.index]!.row, column: issue.field, ...issueText(issue) };
      const band = /^classes\.(\d+)\.(\w+)$/.exec(issue.field);
      if (band && classes) {
        return { row: classes.rows[Number(band[1])]!, column: `${CLASSES_SHEET}!${band[2]}`, ...issueText(issue), message: `sheet ${CLASSES_SHEET}: ${issue.message}` };
      }
      return { row: 1, column: issue.field, ...issueText(issue) };
    },
    locateField: (field) => ({ row: 1, column: field, message: '' }),
  };
}

/** Reads a framework file; any value that cannot be read rejects the file (400 import_rejected with rows). */
export async function readFrameworkFile(buffer: Buffer, format?: FrameworkFileFormat): Promise<ParsedFrameworkFile> {
  if (buffer.length === 0) throw fail('framework_file_empty', undefined, { rows: [{ row: 1, ...frameworkText('framework_file_empty_row') }] });
  const actual = format ?? detectFrameworkFormat(buffer);
  return actual === 'json' ? readJson(buffer) : readTabular(buffer, actual);
}

// ---------------------------------------------------------------------------------------------
// Writing

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function tableRow(c: CriterionDraft) {
  return [c.code, c.title, pointsToNumber(c.maxPoints), c.method, yesNo(c.evidenceRequired), c.appraiser ?? '', c.guidance ?? '', c.formula ?? ''];
}

export function frameworkToJson(file: FrameworkFile) {
  return { year: file.year, block: file.block, name: file.name, classes: file.classes, criteria: file.criteria.map(toFileCriterion) };
}

/** Writes a framework in a format that reads back to the same framework. */
export async function writeFrameworkFile(file: FrameworkFile, format: FrameworkFileFormat): Promise<Buffer> {
  if (format === 'json') return Buffer.from(`${JSON.stringify(frameworkToJson(file), null, 2)}\n`, 'utf8');
  if (format === 'csv') {
    // Points as plain numbers with a decimal point (0.25); codes as written.
    // Text cells that a spreadsheet would run as a formula get a leading apostrophe (taken off again on import).
    const rows = file.criteria.map((c) => tableRow(c).map((v) => String(neutralise(v))));
    return Buffer.from(stringify(rows, { header: true, columns: [...FRAMEWORK_COLUMNS] }), 'utf8');
  }
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet(CRITERIA_SHEET);
  sheet.addRow([...FRAMEWORK_COLUMNS]).font = { bold: true };
  for (const c of file.criteria) sheet.addRow(tableRow(c));
  // Codes stay text (1.10 is not 1.1).
  sheet.getColumn(1).numFmt = '@';
  [10, 60, 12, 10, 18, 12, 60, 50].forEach((width, i) => {
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
