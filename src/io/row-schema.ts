import type { z } from 'zod';
import { quote } from '../domain/text.js';
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

/** The message of one zod issue on one cell. */
export function cellMessage(issue: z.core.$ZodIssue, value: unknown, spec: RowColumn): string {
  const label = spec.label ?? spec.column;
  const raw = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  const text = raw.trim();
  if (text === '' && (issue.code === 'too_small' || issue.code === 'invalid_type')) return `${spec.column} is empty`;
  if (spec.hint !== undefined) return `invalid ${label} ${quote(text)}${spec.hint ? ` (${spec.hint})` : ''}`;
  // The length zod measured: the trimmed text where the schema trims, else the whole value; both are over the limit.
  if (issue.code === 'too_big' && issue.origin === 'string') {
    const length = text.length > Number(issue.maximum) ? text.length : raw.length;
    return `${label} has ${length} characters (at most ${String(issue.maximum)})`;
  }
  return `invalid ${label} ${quote(text)}: ${issue.message}`;
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
    errors.add(row, cellMessage(issue, input[key], spec), spec.column || undefined);
  }
  return { ok: false, columns: failed };
}
