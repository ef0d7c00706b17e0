import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

const NUL = '\u0000';
const MAX_DEPTH = 64;
const MAX_PATH = 100;

/** Arrays and record-like objects (a parsed query is an object without Object.prototype); not buffers or streams. */
function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || value instanceof Date) return false;
  return typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/** The path of the first string (value or key) holding NUL, or null. Bodies are at most BODY_LIMIT_BYTES of JSON. */
function nulPath(value: unknown, path: string[], depth: number): string[] | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (depth > MAX_DEPTH || !isPlainContainer(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], [...path, String(i)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes(NUL)) return [...path, key];
    const found = nulPath(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses a request whose query, path parameters or JSON body hold a NUL character (`\u0000`, `%00`) anywhere,
 * with 400 validation_failed naming the field the way schema errors do (`query.q`, `params.code`, `username`).
 * PostgreSQL text cannot hold NUL, so such a value could only fail later, deeper, as a database error.
 */
export function refuseNulCharacters(request: FastifyRequest): void {
  for (const [where, value] of [
    ['query', request.query],
    ['params', request.params],
    ['body', request.body],
  ] as const) {
    const found = nulPath(value, where === 'body' ? [] : [where], 0);
    if (!found) continue;
    const joined = found.join('.').replaceAll(NUL, '\\u0000');
    const path = joined.length > MAX_PATH ? `${joined.slice(0, MAX_PATH)}…` : joined || 'body';
    const message = 'must not contain NUL characters (\\u0000)';
    throw new AppError('validation_failed', `${path}: ${message}`, { issues: [{ path, code: 'contains_nul', message }] }, { reason: 'contains_nul' });
  }
}
