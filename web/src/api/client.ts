import i18n from '../i18n';
import { localizeParams } from '../../../src/catalogue';
import type { FieldIssue, ImportRowError } from '@server/errors';

/** A refused field as the server names it (`path` "field.sub"), with its reason. */
export type ValidationIssue = FieldIssue;
/** A refused row of an imported file: row, column and reason. */
export type RowError = ImportRowError;
export type { ImportRowError };

const BASE = '/api/v1';

/** An error answered by the API in its `{ error: { code, message, details } }` shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** Why, as a catalogue reason (errors.<reason>) with its parameters; absent on older or generic errors. */
  readonly reason?: string;
  readonly params?: Record<string, string | number | boolean | null>;

  constructor(status: number, code: string, message: string, details?: unknown, reason?: { reason?: unknown; params?: unknown }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    if (typeof reason?.reason === 'string') this.reason = reason.reason;
    if (reason?.params && typeof reason.params === 'object') this.params = reason.params as Record<string, string | number | boolean | null>;
  }

  /** `validation_failed` issues, with `path` as sent by the server ("field.sub"). */
  get issues(): ValidationIssue[] {
    const issues = (this.details as { issues?: unknown } | null | undefined)?.issues;
    if (!Array.isArray(issues)) return [];
    return issues
      .filter((i): i is { path?: unknown; message: string } & Omit<ValidationIssue, 'path'> => typeof (i as { message?: unknown } | null)?.message === 'string')
      .map((i) => ({ ...i, path: Array.isArray(i.path) ? i.path.join('.') : String(i.path ?? '') }));
  }

  /** `import_rejected` rows. */
  get rows(): ImportRowError[] {
    const rows = (this.details as { rows?: unknown } | null | undefined)?.rows;
    if (!Array.isArray(rows)) return [];
    return rows.filter((r): r is ImportRowError => typeof r === 'object' && r !== null && typeof (r as ImportRowError).row === 'number');
  }
}

let csrfToken: string | null = null;
let sessionUserId: string | null = null;

/** Remember the token from login, me or change-password; every unsafe request sends it. */
export function setCsrfToken(token: string | null, userId?: string | number): void {
  csrfToken = token;
  sessionUserId = token && userId !== undefined ? String(userId) : null;
}

interface AuthHandlers {
  onUnauthenticated?: () => void;
  onPasswordChangeRequired?: () => void;
}
let authHandlers: AuthHandlers = {};

/** The router installs these so any 401 / forced-password 403 sends the user to the right screen. */
export function setAuthHandlers(handlers: AuthHandlers): void {
  authHandlers = handlers;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Auth calls handle their own 401 (e.g. `GET /auth/me` when signed out). */
  skipAuthHandlers?: boolean;
  csrfRetried?: boolean;
  /** The version (ETag) the edit was made on: sent as If-Match; a stale one answers 409 stale_version. */
  ifMatch?: number | null;
}

/** Options of an edit: the version it was made on. */
export type EditOptions = Pick<RequestOptions, 'ifMatch'>;

/** Someone else changed the resource since it was loaded (409 stale_version): reload it and show the message. */
export const isStaleVersion = (error: unknown): boolean => error instanceof ApiError && error.code === 'stale_version';

async function refreshCsrfToken(): Promise<boolean> {
  try {
    const res = await fetch(`${BASE}/auth/me`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!res.ok) return false;
    const body = (await res.json()) as { csrfToken?: unknown; user?: { id?: unknown } };
    // Only the same account may silently continue; another sign-in must go through the UI.
    if (typeof body.csrfToken !== 'string' || String(body.user?.id) !== sessionUserId) return false;
    csrfToken = body.csrfToken;
    return true;
  } catch {
    return false;
  }
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function toApiError(res: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    // Not JSON (a proxy page, an empty body): fall through to a generic error.
  }
  const err = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown; reason?: unknown; params?: unknown } } | null)?.error;
  if (err && typeof err.code === 'string') {
    return new ApiError(res.status, err.code, typeof err.message === 'string' ? err.message : err.code, err.details, err);
  }
  return new ApiError(res.status, res.status >= 500 ? 'internal_error' : 'http_error', res.statusText || `HTTP ${res.status}`);
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body; // the browser sets the multipart boundary
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch !== undefined && options.ifMatch !== null) headers['if-match'] = `"${options.ifMatch}"`;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), { method, headers, body, credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'Network error');
  }

  if (!res.ok) {
    const error = await toApiError(res);
    // Another tab may have rotated the session (sign-in, password change): fetch the current
    // token once and repeat the request instead of failing.
    if (error.code === 'csrf_failed' && !options.csrfRetried && (await refreshCsrfToken())) {
      return request<T>(method, path, { ...options, csrfRetried: true });
    }
    if (!options.skipAuthHandlers) {
      if (error.status === 401 && error.code === 'unauthenticated') authHandlers.onUnauthenticated?.();
      if (error.code === 'password_change_required') authHandlers.onPasswordChangeRequired?.();
    }
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], opts?: Omit<RequestOptions, 'query'>) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: EditOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: EditOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T = void>(path: string, opts?: EditOptions) => request<T>('DELETE', path, { ...opts }),
  upload: <T>(path: string, file: File, query?: RequestOptions['query']) => {
    const form = new FormData();
    form.append('file', file);
    return request<T>('POST', path, { body: form, query });
  },
};

/** Field errors keyed by issue path, each in the user's language (errors.<reason>); the first issue per path wins. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.path in out) continue;
    out[issue.path] =
      issue.code && i18n.exists(`errors.${issue.code}`)
        ? i18n.t(`errors.${issue.code}`, { ...localizeParams(issue.params, i18n.language === 'en' ? 'en' : 'vi') })
        : issue.message;
  }
  return out;
}
