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

/** An error meant for the client: a stable code, a human message, and structured details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export interface ImportRowError {
  /** 1-based line in the file; the header is row 1. */
  row: number;
  column?: string;
  message: string;
}

export function importRejected(message: string, rows: ImportRowError[]): AppError {
  return new AppError('import_rejected', message, { rows });
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message);
