// The public survey API (src/modules/survey-collection): no login, no CSRF (the key in the URL is the credential).
import type { PublicForm, SaveBody, SaveResult, StartResult, SubmitResult } from '../../../src/modules/survey-collection/schemas';

export type { PublicForm };

/** Which form a short link opens: a unit's counter QR, its kiosk tablet, or a personal single-use link. */
export type SurveyLink = { mode: 'qr'; slug: string } | { mode: 'kiosk'; slug: string; kioskKey: string } | { mode: 'link'; token: string };

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/** /s/<slug>, /s/<slug>/kiosk/<key>, /s/t/<token> (the server serves survey.html on these); null for another path. */
export function parseLink(pathname: string): SurveyLink | null {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] !== 's' || !parts.slice(1).every((p) => SEGMENT.test(p))) return null;
  if (parts.length === 3 && parts[1] === 't') return { mode: 'link', token: parts[2]! };
  if (parts.length === 2) return { mode: 'qr', slug: parts[1]! };
  if (parts.length === 4 && parts[2] === 'kiosk') return { mode: 'kiosk', slug: parts[1]!, kioskKey: parts[3]! };
  return null;
}

/** Where this link keeps its answers in the browser (one place per link). */
export function storageKey(link: SurveyLink): string {
  if (link.mode === 'link') return `parindex.survey.t.${link.token}`;
  return link.mode === 'kiosk' ? `parindex.survey.kiosk.${link.slug}` : `parindex.survey.qr.${link.slug}`;
}

/** A refusal from the server (a status with its reason), or `network` when no answer came (offline, timeout, 5xx). */
export class SurveyApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | undefined,
    readonly params: Record<string, string | number | boolean | null> | undefined,
    message: string,
    readonly issues: { path: string; reason?: string; params?: Record<string, string | number | boolean | null>; message: string }[] = [],
  ) {
    super(message);
  }

  /** Worth trying again later: no connection, or the server or a proxy failed for now. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 408;
  }
}

const TIMEOUT_MS = 20_000;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/public${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new SurveyApiError(0, undefined, undefined, error instanceof Error ? error.message : 'network error');
  }
  const text = await res.text().catch(() => '');
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // a proxy's HTML page: no JSON
  }
  if (res.ok) return json as T;
  const error = (json as { error?: { reason?: string; params?: SurveyApiError['params']; message?: string; details?: { issues?: unknown } } } | null)?.error;
  const issues = Array.isArray(error?.details?.issues)
    ? (error.details.issues as { path?: unknown; reason?: string; code?: string; params?: SurveyApiError['params']; message?: string }[]).map((i) => ({
        path: Array.isArray(i.path) ? i.path.join('.') : String(i.path ?? ''),
        reason: i.reason ?? i.code,
        params: i.params,
        message: i.message ?? '',
      }))
    : [];
  throw new SurveyApiError(res.status, error?.reason, error?.params, error?.message ?? `HTTP ${res.status}`, issues);
}

const enc = encodeURIComponent;

export function loadForm(link: SurveyLink, key: string | null): Promise<PublicForm> {
  const resume = key ? `?key=${enc(key)}` : '';
  if (link.mode === 'link') return call('GET', `/surveys/t/${enc(link.token)}`);
  if (link.mode === 'kiosk') return call('GET', `/surveys/${enc(link.slug)}/kiosk/${enc(link.kioskKey)}${resume}`);
  return call('GET', `/surveys/${enc(link.slug)}${resume}`);
}

/** A new anonymous response (QR, kiosk); a personal link's key is its token. */
export async function startResponse(link: SurveyLink): Promise<string> {
  if (link.mode === 'link') return link.token;
  const body = link.mode === 'kiosk' ? { kioskKey: link.kioskKey } : {};
  return (await call<StartResult>('POST', `/surveys/${enc(link.slug)}/responses`, body)).key;
}

export const saveResponse = (key: string, body: SaveBody) => call<SaveResult>('PUT', `/responses/${enc(key)}`, body);

export const submitResponse = (key: string, body: SaveBody) => call<SubmitResult>('POST', `/responses/${enc(key)}/submit`, body);
