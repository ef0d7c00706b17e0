import type { z } from 'zod';
import { describeIssue } from '../../catalogue.js';
import { parseYesNo, quote } from '../../domain/text.js';
import type { ImportRowError, ReasonedText } from '../../errors.js';
import type { IssueLike } from '../../reasons.js';
import { TABLE_LIMITS, TableFileError, type TableLimits, tooManyRows } from '../../io/limits.js';
import { detectFormat, fileRejected, loadExcelJS, unneutralise } from '../../io/tabular.js';
import { readXlsxRows } from '../../io/xlsx-reader.js';
import { bufferSource } from '../../io/zip.js';
import { jsonLines } from '../frameworks/file-json.js';
import { SurveyTemplateContent } from '../surveys/schemas.js';
import { fail, said } from './reasons.js';
import type { SurveyTemplateFormat } from './schemas.js';

/**
 * Template files (docs/surveys.md "Templates"): JSON exactly as the API's content, or an XLSX workbook with three
 * sheets — `template` (field,value rows: code, name, kind), `questions` (one row per question) and `options` (one row
 * per option, by question code). Reading is all or nothing: every problem is a row error naming where it is (JSON:
 * the line and the path; XLSX: the row and `sheet!column`), with the reason of the API's own check.
 */

export type Content = z.infer<typeof SurveyTemplateContent>;

export const TEMPLATE_SHEET = 'template';
export const QUESTIONS_SHEET = 'questions';
export const OPTIONS_SHEET = 'options';
export const QUESTION_COLUMNS = ['code', 'section', 'text', 'type', 'role', 'required', 'show_if_question', 'show_if_any_of'] as const;
export const OPTION_COLUMNS = ['question_code', 'code', 'label', 'weight'] as const;
const TEMPLATE_FIELDS = ['code', 'name', 'kind'] as const;

/** A template is small: 300 questions of 50 options at most. */
const LIMITS: TableLimits = { ...TABLE_LIMITS, maxColumns: 20, maxRows: 20_000, maxKeptChars: 8_000_000 };

/** The canonical content: no empty weight or show-if, keys in the file's order (what is stored, compared and written). */
export function canonicalContent(content: Content): Content {
  return {
    code: content.code,
    name: content.name,
    kind: content.kind,
    questions: content.questions.map((q) => ({
      code: q.code,
      section: q.section,
      text: q.text,
      type: q.type,
      role: q.role,
      required: q.required,
      options: q.options.map((o) => ({ code: o.code, label: o.label, ...(o.weight !== undefined && o.weight !== null ? { weight: o.weight } : {}) })),
      ...(q.showIf ? { showIf: { question: q.showIf.question, anyOf: [...q.showIf.anyOf] } } : {}),
    })),
  };
}

const rejected = (rows: ImportRowError[]) => fail('survey_template_file_rejected', { count: rows.length }, { rows: rows.slice(0, 200) });

const issueText = (issue: z.core.$ZodIssue): ReasonedText => describeIssue(issue as unknown as IssueLike);

// ---------------------------------------------------------------------------------------------------------------
// JSON

/** `questions[3].options[0].code` → `questions.3.options.0.code`, the API's issue path. */
const dotted = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

function readJson(buffer: Buffer): Content {
  let text: string;
  let json: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, '');
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : 'not UTF-8';
    throw rejected([{ row: 1, ...said('survey_template_json_invalid', { detail }) }]);
  }
  const parsed = SurveyTemplateContent.safeParse(json);
  if (parsed.success) return canonicalContent(parsed.data);
  const lines = new Map([...jsonLines(text)].map(([path, line]) => [dotted(path), line]));
  const lineOf = (path: string) => {
    let probe = path;
    while (probe && !lines.has(probe)) probe = probe.includes('.') ? probe.slice(0, probe.lastIndexOf('.')) : '';
    return lines.get(probe) ?? 1;
  };
  throw rejected(
    parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return { row: lineOf(path), column: path || 'file', ...issueText(issue) };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// XLSX

interface SheetRow {
  row: number;
  cells: string[];
}

/** The non-blank rows of the named sheet (case-insensitive), or null when the workbook has no such sheet. */
async function sheetRows(buffer: Buffer, name: string): Promise<SheetRow[] | null> {
  let found = false;
  const pickSheet = (names: string[]) => {
    const index = names.findIndex((n) => n.trim().toLowerCase() === name);
    found = index >= 0;
    return index;
  };
  const rows: SheetRow[] = [];
  try {
    for await (const batch of readXlsxRows(bufferSource(buffer), { limits: LIMITS, dateText: (d) => d.toISOString(), pickSheet })) {
      for (const { row, cells } of batch) {
        const values = cells.map((c) => unneutralise(c).trim());
        if (values.some((v) => v !== '')) rows.push({ row, cells: values });
        if (rows.length > LIMITS.maxRows) throw tooManyRows(row, LIMITS);
      }
    }
  } catch (error) {
    if (error instanceof TableFileError) throw fileRejected(error);
    throw error;
  }
  return found ? rows : null;
}

/** Where each part of the content came from in the workbook, to name the cell of a problem. */
interface Origins {
  templateRows: Partial<Record<(typeof TEMPLATE_FIELDS)[number], number>>;
  questionRows: number[];
  optionRows: number[][];
}

/** The cell a content issue points at: `questions.2.type` → the questions sheet's row of question 2, column type. */
function locate(path: readonly PropertyKey[], origins: Origins): { row: number; column: string } {
  const [top, i, field, j, sub] = path;
  if (top === 'questions' && typeof i === 'number') {
    const row = origins.questionRows[i] ?? 1;
    if (field === 'options' && typeof j === 'number') {
      return { row: origins.optionRows[i]?.[j] ?? row, column: `${OPTIONS_SHEET}!${typeof sub === 'string' ? sub : 'code'}` };
    }
    if (field === 'options') return { row, column: `${OPTIONS_SHEET}!question_code` };
    if (field === 'showIf') return { row, column: `${QUESTIONS_SHEET}!${j === 'anyOf' ? 'show_if_any_of' : 'show_if_question'}` };
    return { row, column: `${QUESTIONS_SHEET}!${typeof field === 'string' ? field : 'code'}` };
  }
  if (top === 'questions') return { row: 1, column: `${QUESTIONS_SHEET}!code` };
  const key = String(top ?? 'code') as (typeof TEMPLATE_FIELDS)[number];
  return { row: origins.templateRows[key] ?? 1, column: `${TEMPLATE_SHEET}!${TEMPLATE_FIELDS.includes(key) ? key : 'value'}` };
}

/** Checks a header row: exactly these columns (case-insensitive, in any order); the index of each. */
function headerIndex(sheet: string, header: SheetRow | undefined, columns: readonly string[], errors: ImportRowError[]): Map<string, number> | null {
  const names = (header?.cells ?? []).map((c) => c.toLowerCase());
  while (names.length > 0 && names.at(-1) === '') names.pop();
  const index = new Map(names.map((n, k) => [n, k]));
  const ok = columns.every((c) => index.has(c)) && names.every((n) => columns.includes(n)) && index.size === names.length;
  if (!ok) {
    errors.push({ row: header?.row ?? 1, column: `${sheet}!header`, ...said('survey_template_sheet_columns', { sheet, columns: columns.join(',') }) });
    return null;
  }
  return index;
}

async function readXlsx(buffer: Buffer): Promise<Content> {
  const errors: ImportRowError[] = [];
  const sheets = {
    template: await sheetRows(buffer, TEMPLATE_SHEET),
    questions: await sheetRows(buffer, QUESTIONS_SHEET),
    options: await sheetRows(buffer, OPTIONS_SHEET),
  };
  for (const [sheet, rows] of Object.entries(sheets)) {
    if (rows === null && sheet !== OPTIONS_SHEET) errors.push({ row: 1, column: `${sheet}!A`, ...said('survey_template_sheet_missing', { sheet }) });
  }
  if (errors.length) throw rejected(errors);

  // template: field,value rows (a header row "field,value" is optional).
  const origins: Origins = { templateRows: {}, questionRows: [], optionRows: [] };
  const head: Record<string, string> = {};
  for (const { row, cells } of sheets.template!) {
    const field = (cells[0] ?? '').toLowerCase();
    if (field === 'field' && (cells[1] ?? '').toLowerCase() === 'value') continue;
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(field)) {
      errors.push({ row, column: `${TEMPLATE_SHEET}!A`, ...said('survey_template_field_unknown', { field: quote(cells[0] ?? '') }) });
      continue;
    }
    head[field] = cells[1] ?? '';
    origins.templateRows[field as (typeof TEMPLATE_FIELDS)[number]] = row;
  }

  const [qHeader, ...qRows] = sheets.questions!;
  const qIndex = headerIndex(QUESTIONS_SHEET, qHeader, QUESTION_COLUMNS, errors);
  const questions: Record<string, unknown>[] = [];
  const byCode = new Map<string, number>();
  if (qIndex) {
    for (const { row, cells } of qRows) {
      const cell = (c: string) => cells[qIndex.get(c)!] ?? '';
      const required = cell('required') === '' ? false : parseYesNo(cell('required'));
      if (required === null)
        errors.push({ row, column: `${QUESTIONS_SHEET}!required`, ...said('survey_template_not_yes_no', { value: quote(cell('required')) }) });
      const showQuestion = cell('show_if_question');
      const showAny = cell('show_if_any_of')
        .split(';')
        .map((v) => v.trim())
        .filter(Boolean);
      if ((showQuestion === '') !== (showAny.length === 0)) {
        errors.push({
          row,
          column: `${QUESTIONS_SHEET}!${showQuestion ? 'show_if_any_of' : 'show_if_question'}`,
          ...said('survey_template_show_if_incomplete'),
        });
      }
      if (!byCode.has(cell('code'))) byCode.set(cell('code'), questions.length);
      origins.questionRows.push(row);
      origins.optionRows.push([]);
      questions.push({
        code: cell('code'),
        section: cell('section'),
        text: cell('text'),
        type: cell('type').toLowerCase(),
        role: cell('role').toLowerCase(),
        required: required ?? false,
        options: [],
        ...(showQuestion && showAny.length ? { showIf: { question: showQuestion, anyOf: showAny } } : {}),
      });
    }
  }

  if (sheets.options && sheets.options.length > 0) {
    const [oHeader, ...oRows] = sheets.options;
    const oIndex = headerIndex(OPTIONS_SHEET, oHeader, OPTION_COLUMNS, errors);
    if (oIndex) {
      for (const { row, cells } of oRows) {
        const cell = (c: string) => cells[oIndex.get(c)!] ?? '';
        const at = byCode.get(cell('question_code'));
        if (at === undefined) {
          if (qIndex)
            errors.push({
              row,
              column: `${OPTIONS_SHEET}!question_code`,
              ...said('survey_template_option_question_unknown', { question: quote(cell('question_code')) }),
            });
          continue;
        }
        const weightText = cell('weight');
        let weight: number | undefined;
        if (weightText !== '') {
          weight = Number(weightText.replace(',', '.'));
          if (!/^\d{1,3}([.,]0*)?$/.test(weightText) || !Number.isInteger(weight) || weight > 100) {
            errors.push({ row, column: `${OPTIONS_SHEET}!weight`, ...said('survey_template_weight_not_number', { value: quote(weightText) }) });
            weight = undefined;
          }
        }
        (questions[at]!.options as unknown[]).push({ code: cell('code'), label: cell('label'), ...(weight !== undefined ? { weight } : {}) });
        origins.optionRows[at]!.push(row);
      }
    }
  }
  if (errors.length) throw rejected(errors);

  const parsed = SurveyTemplateContent.safeParse({ code: head.code ?? '', name: head.name ?? '', kind: (head.kind ?? '').toLowerCase(), questions });
  if (parsed.success) return canonicalContent(parsed.data);
  throw rejected(parsed.error.issues.map((issue) => ({ ...locate(issue.path, origins), ...issueText(issue) })));
}

/** A template file's content: XLSX by its zip signature, else JSON; refused whole with every problem located. */
export async function readTemplateFile(buffer: Buffer): Promise<Content> {
  if (buffer.length === 0) throw rejected([{ row: 1, ...said('survey_template_file_unknown') }]);
  if (detectFormat(buffer) === 'xlsx') return readXlsx(buffer);
  const first = buffer
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!first.startsWith('{')) throw rejected([{ row: 1, ...said('survey_template_file_unknown') }]);
  return readJson(buffer);
}

/** The template as a file of that format; reading it back gives the same content. */
export async function writeTemplateFile(content: Content, format: SurveyTemplateFormat): Promise<Buffer> {
  const canonical = canonicalContent(content);
  if (format === 'json') return Buffer.from(`${JSON.stringify(canonical, null, 2)}\n`, 'utf8');
  const workbook = new (await loadExcelJS()).Workbook();
  const template = workbook.addWorksheet(TEMPLATE_SHEET);
  template.addRow(['field', 'value']).font = { bold: true };
  template.addRow(['code', canonical.code]);
  template.addRow(['name', canonical.name]);
  template.addRow(['kind', canonical.kind]);
  template.getColumn(1).width = 12;
  template.getColumn(2).width = 80;
  const questions = workbook.addWorksheet(QUESTIONS_SHEET);
  questions.addRow([...QUESTION_COLUMNS]).font = { bold: true };
  const options = workbook.addWorksheet(OPTIONS_SHEET);
  options.addRow([...OPTION_COLUMNS]).font = { bold: true };
  for (const q of canonical.questions) {
    questions.addRow([q.code, q.section, q.text, q.type, q.role, q.required ? 'yes' : 'no', q.showIf?.question ?? '', q.showIf?.anyOf.join(';') ?? '']);
    for (const o of q.options) options.addRow([q.code, o.code, o.label, o.weight ?? '']);
  }
  questions.columns.forEach((col, k) => (col.width = k === 2 ? 70 : 16));
  options.columns.forEach((col, k) => (col.width = k === 2 ? 40 : 16));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
