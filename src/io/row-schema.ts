import type { z } from 'zod';
import { describeIssue } from '../catalogue.js';
import { quote } from '../domain/text.js';
import type { ReasonedText } from '../errors.js';
import type { IssueLike } from '../reasons.js';
import { ioText } from './reasons.js';
import type { RowErrors } from './tabular.js';

/**
 * The per-row check of an import with the zod schema of the API's own request, so that a file refuses exactly what
 * the API refuses (a 10 MB name is refused at its row and column, not stored). Each problem is reported once per
 * cell, at the file's column, and quotes at most ~100 characters of the value (see `quote`).
 */

/** How a schema key maps to the file and how its problems read. */
export interface RowColumn {
  /** The file column reported in `{ row, column, message }`. */
  column: string;
  /** How the message names the value ("block code"); the column by default. */
  label?: string;
  /**
   * For codes: any problem but an empty cell reads `invalid <label> "<value>" (<hint>)` (no parentheses when the hint
   * is ''), the wording the imports have always used.
   */
  hint?: string;
}

export type RowCheck<T> = { ok: true; value: T } | { ok: false; columns: Set<string> };

/** The hint of a code column ("letters, digits, _ . - ; at most 32"), whose maximum the reasons take as a parameter. */
const CODE_HINT = /^letters, digits, _ \. - ; at most (\d+)$/;

/** The reason of an invalid code by how the column is labelled; the column's own name when it has no label. */
const CODE_REASONS: Record<string, 'cell_unit_code_invalid' | 'cell_parent_code_invalid'> = {
  'unit code': 'cell_unit_code_invalid',
  'parent unit code': 'cell_parent_code_invalid',
};

/**
 * One zod issue on one cell as a reason with its parameters (src/io/reasons.ts), the message in English. A problem
 * the io reasons do not name keeps the schema's reason (too_long, not_one_of…) with the English prose of the file
 * imports ("invalid <label> "<value>": <zod message>").
 */
export function cellReason(issue: z.core.$ZodIssue, value: unknown, spec: RowColumn): ReasonedText {
  const label = spec.label ?? spec.column;
  const raw = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  const text = raw.trim();
  if (text === '' && (issue.code === 'too_small' || issue.code === 'invalid_type')) return ioText('cell_empty', { column: spec.column });
  if (spec.hint !== undefined) {
    const shown = quote(text);
    const maximum = CODE_HINT.exec(spec.hint)?.[1];
    if (maximum !== undefined) {
      const reason = CODE_REASONS[label];
      if (reason) return ioText(reason, { value: shown, maximum: Number(maximum) });
      if (spec.label === undefined) return ioText('cell_code_invalid', { label, value: shown, maximum: Number(maximum) });
    }
    if (spec.hint === '' && label === 'block code') return ioText('cell_block_code_invalid', { value: shown });
    return { message: `invalid ${label} ${shown}${spec.hint ? ` (${spec.hint})` : ''}` };
  }
  // The length zod measured: the trimmed text where the schema trims, else the whole value; both are over the limit.
  if (issue.code === 'too_big' && issue.origin === 'string') {
    const length = text.length > Number(issue.maximum) ? text.length : raw.length;
    return ioText('cell_too_many_chars', { label, length, maximum: Number(issue.maximum) });
  }
  const message = `invalid ${label} ${quote(text)}: ${issue.message}`;
  const schemaReason = describeIssue(issue as IssueLike);
  return schemaReason.code === 'invalid' ? { message } : { code: schemaReason.code, ...(schemaReason.params ? { params: schemaReason.params } : {}), message };
}

/** The English message of one zod issue on one cell (see cellReason). */
export function cellMessage(issue: z.core.$ZodIssue, value: unknown, spec: RowColumn): string {
  return cellReason(issue, value, spec).message;
}

/**
 * Parses one row's values (keyed like the API body) with `schema`; every failing cell is added to `errors` at
 * `row` and its column, unless its column is in `alreadyReported` (a cell the import's own reading refused).
 * Keys missing from `columns` report under their own name.
 */
export function checkRow<T>(
  errors: RowErrors,
  row: number,
  schema: z.ZodType<T>,
  input: Record<string, unknown>,
  columns: Record<string, RowColumn | string> = {},
  alreadyReported: ReadonlySet<string> = new Set(),
): RowCheck<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const failed = new Set<string>();
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '');
    const given = columns[key] ?? key;
    const spec = typeof given === 'string' ? { column: given } : given;
    if (failed.has(spec.column)) continue;
    failed.add(spec.column);
    if (alreadyReported.has(spec.column)) continue;
    errors.add(row, cellReason(issue, input[key], spec), spec.column || undefined);
  }
  return { ok: false, columns: failed };
}
