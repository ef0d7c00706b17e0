export const ERROR_STATUS = {
  validation_failed: 400,
  import_rejected: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  password_change_required: 403,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  stale_version: 409,
  deadline_passed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  database_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Values a message is filled with: `{{min}}` in a template takes `params.min`. */
export type MessageParams = Record<string, string | number | boolean | null>;

/**
 * One reason an operation can be refused, in both languages. `code` is the HTTP category (and status) it is sent
 * under; the reason itself travels as `error.reason` (or an issue's / a row's `code`) with its `params`, and the
 * web and the CLI show `vi` or `en` filled with them. `en` is also the `message` API clients read.
 */
export interface ReasonDefinition {
  code: ErrorCode;
  vi: string;
  en: string;
}

export type Reasons = Record<string, ReasonDefinition>;

/** A module's reasons; kept as data (no imports) so the web bundles the same catalogue. */
export const defineReasons = <const T extends Reasons>(reasons: T): T => reasons;

/** A template with its `{{name}}` placeholders filled; a missing parameter stays visible as `{{name}}`. */
export function fillMessage(template: string, params?: MessageParams | null): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = params?.[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** An error meant for the client: a stable code, the reason with its parameters, an English message, details. */
export class AppError extends Error {
  readonly reason?: string;
  readonly params?: MessageParams;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options: { reason?: string; params?: MessageParams } = {},
  ) {
    super(message);
    this.name = 'AppError';
    if (options.reason) this.reason = options.reason;
    if (options.params) this.params = options.params;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** What a validation issue or an import row error carries: the reason, its parameters, its English text. */
export interface ReasonedText {
  code?: string;
  params?: MessageParams;
  message: string;
}

/** A reason of `reasons` as text: `{ code, params, message }`, the message in English. */
export function reasonText<T extends Reasons>(
  reasons: T,
  reason: keyof T & string,
  params?: MessageParams,
): Required<Pick<ReasonedText, 'code' | 'message'>> & ReasonedText {
  const definition = reasons[reason]!;
  return { code: reason, ...(params ? { params } : {}), message: fillMessage(definition.en, params) };
}

/**
 * The thrower of a module's reasons: `fail('score_out_of_range', { min: 0, max: '1.00' })` is an AppError with the
 * reason's HTTP code, `reason`, `params` and the English message; `details` carries anything else for the client.
 */
export function failWith<T extends Reasons>(reasons: T) {
  return (reason: keyof T & string, params?: MessageParams, details?: Record<string, unknown>): AppError => {
    const definition = reasons[reason]!;
    return new AppError(definition.code, fillMessage(definition.en, params), details, { reason, ...(params ? { params } : {}) });
  };
}

/**
 * The thrower of a module's field reasons: `invalid('selfAssessmentTo', 'date_before', { other: '…' })` is a 400
 * validation_failed whose one issue names the field with the reason, like a schema error.
 */
export function invalidWith<T extends Reasons>(reasons: T) {
  return (path: string, reason: keyof T & string, params?: MessageParams, message?: string): AppError => {
    const issue = { path, ...reasonText(reasons, reason, params) };
    return new AppError('validation_failed', message ?? `${path}: ${issue.message}`, { issues: [issue] }, { reason, ...(params ? { params } : {}) });
  };
}

/** A field's problem: its path and its reason. */
export interface FieldIssue extends ReasonedText {
  path: string;
}

/**
 * Every refused field at once as one 400 validation_failed; the first issue's reason is the error's, and the
 * English message names it (`selfAssessmentTo: must not be before …`), or lists them all when `listAll`.
 */
export function issuesRejected(issues: readonly FieldIssue[], listAll = false): AppError {
  const first = issues[0]!;
  const message = listAll ? issues.map((i) => `${i.path}: ${i.message}`).join('; ') : `${first.path}: ${first.message}`;
  return new AppError(
    'validation_failed',
    message,
    { issues },
    { ...(first.code ? { reason: first.code } : {}), ...(first.params ? { params: first.params } : {}) },
  );
}

export interface ImportRowError extends ReasonedText {
  /** 1-based line in the file; the header is row 1. */
  row: number;
  column?: string;
}

export function importRejected(message: string, rows: ImportRowError[]): AppError {
  return new AppError('import_rejected', message, { rows });
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message);
