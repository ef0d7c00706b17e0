import { normalizeCode } from '../../domain/codes.js';
import {
  canonicalSurveyLink,
  type ClassBand,
  type CriterionDraft,
  type CriterionSurveyLink,
  type FrameworkIssue,
  METHODS,
  type Method,
} from '../../domain/framework.js';
import { frameworkReasons } from '../../domain/framework-reasons.js';
import { type Hundredths, parsePoints, PointsFormatError, pointsToNumber } from '../../domain/points.js';
import { parseYesNo, quote } from '../../domain/text.js';
import { type AppError, type ImportRowError, type ReasonedText, reasonText } from '../../errors.js';
import { fail, type FrameworksReason, reasons } from './reasons.js';

/**
 * Framework files: JSON (`{ year, block, name, classes, criteria }`, the format of
 * samples/framework-departments-2025.json), CSV and XLSX with one row per criterion. XLSX also carries the
 * class bands on a second sheet named `classes`. Reading never touches the database: it turns a file into drafts and
 * knows where in the file each draft came from, so the framework rules can be reported against file rows. This file
 * holds what every format shares; file-read.ts reads (file-json.ts, file-table.ts), file-write.ts writes.
 */

export const FRAMEWORK_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type FrameworkFileFormat = (typeof FRAMEWORK_FORMATS)[number];

export const FRAMEWORK_COLUMNS = ['code', 'title', 'max_points', 'method', 'evidence_required', 'appraiser', 'guidance', 'formula', 'survey'] as const;
export const REQUIRED_COLUMNS = ['code', 'title', 'max_points', 'method'] as const;
export const CLASS_COLUMNS = ['label', 'min'] as const;
export const CLASSES_SHEET = 'classes';
export const CRITERIA_SHEET = 'criteria';

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
  survey?: CriterionSurveyLink;
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
    if (error instanceof PointsFormatError)
      return frameworkText('framework_points_not_number', { value: typeof value === 'string' ? quote(value) : JSON.stringify(value) });
    throw error;
  }
}

/** Framework file rows refused: 400 import_rejected with the rows, nothing written. */
export const fileRejectedRows = (rows: ImportRowError[]): AppError => fail('framework_file_rejected', { count: rows.length }, { rows });

/**
 * evidence_required: yes/no, true/false, 1/0, có/không, "x" for a ticked box (any case, with or without
 * diacritics: parseYesNo); empty means no.
 */
export function readYesNo(value: string): boolean | null {
  return value.trim() === '' ? false : parseYesNo(value);
}

export const unknownMethod = (value: string) => frameworkText('framework_method_unknown', { value: quote(value), methods: METHODS.join(', ') });

/** A framework rule's issue as a file row's text. */
export const issueText = (issue: FrameworkIssue): ReasonedText => ({
  code: issue.reason,
  ...(issue.params ? { params: issue.params } : {}),
  message: issue.message,
});

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
    survey: c.survey ? canonicalSurveyLink({ ...c.survey, campaign: c.survey.campaign.trim() }) : null,
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
    ...(c.survey ? { survey: canonicalSurveyLink(c.survey) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Format detection

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function jsonText(buffer: Buffer): string | null {
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
