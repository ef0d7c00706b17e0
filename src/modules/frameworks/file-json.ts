import { z } from 'zod';
import { describeIssue } from '../../catalogue.js';
import { normalizeCode } from '../../domain/codes.js';
import type { CriterionDraft } from '../../domain/framework.js';
import { quote } from '../../domain/text.js';
import type { ImportRowError, ReasonedText } from '../../errors.js';
import { Code, Name } from '../../http/schemas.js';
import { cellMessage } from '../../io/row-schema.js';
import {
  fileRejectedRows,
  frameworkText,
  issueText,
  jsonText,
  normalizeDraft,
  type ParsedFrameworkFile,
  readMethod,
  readPoints,
  unknownMethod,
} from './file-format.js';
import { fail } from './reasons.js';
import { ClassBandSchema, CRITERION_LIMITS, FileCriterionTexts, FileSurveyLink, MAX_CLASSES, MAX_CRITERIA } from './schemas.js';

/** JSON framework files (`{ year, block, name, classes, criteria }`), each problem reported at its line. */

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
  survey: FileSurveyLink.nullish(),
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
    const shown = issue.keys
      .slice(0, 10)
      .map((key) => quote(key))
      .join(', ');
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

export function readJson(buffer: Buffer): ParsedFrameworkFile {
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
      survey: c.survey ?? null,
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
      // A survey link's field (`survey.mapping.bands.1.points`) written as the file's path (`survey.mapping.bands[1].points`).
      const field = (JSON_FIELD[issue.field] ?? issue.field).replace(/\.(\d+)/g, '[$1]');
      if (issue.index !== null) return at(`criteria[${issue.index}].${field}`, issueText(issue));
      return at(issue.field.replace(/\.(\d+)/g, '[$1]'), issueText(issue));
    },
    locateField: (field) => at(field, { message: '' }),
  };
}
