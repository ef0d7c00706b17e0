import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sqlState } from '../db/errors.js';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/unavailable.js';
import { describeIssue } from '../catalogue.js';
import { AppError, type ErrorCode, ERROR_STATUS, type MessageParams } from '../errors.js';

const SQLSTATE_CODES: Record<string, { code: ErrorCode; message: string }> = {
  '23505': { code: 'conflict', message: 'A record with the same unique value already exists' },
  '23503': { code: 'conflict', message: 'The record is referenced by other records, or refers to a missing one' },
  // ON DELETE RESTRICT reports a row still referenced as 23001, not 23503.
  '23001': { code: 'conflict', message: 'The record is referenced by other records' },
  '23514': { code: 'validation_failed', message: 'A value breaks a data rule' },
  '22P02': { code: 'bad_request', message: 'A value has the wrong format' },
  '22003': { code: 'bad_request', message: 'A number is out of range' },
  // NUL (\u0000) or another byte sequence PostgreSQL text cannot hold.
  '22021': { code: 'bad_request', message: 'A value contains a character that cannot be stored (such as NUL)' },
  '22P05': { code: 'bad_request', message: 'A value contains a character that cannot be stored (such as NUL)' },
  '54000': { code: 'bad_request', message: 'A value is too long' },
  '40001': { code: 'conflict', message: 'The change collided with another one; try again' },
};

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  // Upload routes take one file (`files: 1`): a second file part is a malformed request, not a large one.
  FST_FILES_LIMIT: 'bad_request',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/** Longest error message sent; a longer one (quoting a huge value) is cut. */
const MAX_MESSAGE = 500;
/**
 * A string in `details` longer than this (no field the API accepts is as long) is quoted by its first QUOTE_LENGTH
 * characters only: a safety net under the services' own short quotes. `stale_version` details are the current
 * record, sent whole.
 */
const MAX_DETAIL_STRING = 10_000;
const QUOTE_LENGTH = 100;
/** At most this many validation issues are listed; `moreIssues` counts the rest. */
const MAX_ISSUES = 50;

const cutTo = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** `details` with every over-long string cut, so an error never echoes a huge bad value (plain objects and arrays only). */
function boundDetails(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_DETAIL_STRING ? cutTo(value, QUOTE_LENGTH) : value;
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => boundDetails(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [cutTo(key, QUOTE_LENGTH), boundDetails(item, depth + 1)]));
}

/** The error body: `{ error: { code, reason?, params?, message, details? } }` (docs/api.md). */
export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown, reason?: { reason?: string; params?: MessageParams }) {
  const bounded = details === undefined ? {} : { details: code === 'stale_version' ? details : boundDetails(details) };
  const why = reason?.reason ? { reason: reason.reason, ...(reason.params ? { params: boundDetails(reason.params) } : {}) } : {};
  return reply.status(ERROR_STATUS[code]).send({ error: { code, ...why, message: cutTo(message, MAX_MESSAGE), ...bounded } });
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.code === 'rate_limited') {
      const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) reply.header('retry-after', String(retry));
    }
    return sendError(reply, error.code, error.message, error.details, error);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    // Paths and messages may quote what was sent (an unknown key, say): at most ~100 characters of it.
    const issues = error.validation.slice(0, MAX_ISSUES).map((v) => {
      const { code, params, message } = describeIssue({ ...(v.params as object), code: v.keyword, message: v.message });
      return {
        // Body fields are named as they are (`code`, `target.code`), like the services' own checks; query and
        // path parameters keep a prefix (`query.year`, `params.code`).
        path: cutTo(
          [...(where === 'body' ? [] : [where === 'querystring' ? 'query' : where]), ...v.instancePath.split('/').filter(Boolean)].join('.'),
          QUOTE_LENGTH,
        ),
        code,
        ...(params ? { params } : {}),
        message: cutTo(message, 2 * QUOTE_LENGTH),
      };
    });
    const more = error.validation.length - issues.length;
    const first = issues[0];
    return sendError(reply, 'validation_failed', first ? `${first.path}: ${first.message}` : 'Invalid request', {
      issues,
      ...(more > 0 ? { moreIssues: more } : {}),
    });
  }
  const fastifyCode = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (fastifyCode) return sendError(reply, fastifyCode, error.message);
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    return sendError(reply, 'database_unavailable', 'The database is not reachable right now; try again in a few seconds', {
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    });
  }
  const state = sqlState(error);
  const mapped = state ? SQLSTATE_CODES[state] : undefined;
  if (mapped) {
    request.log.warn({ sqlState: state, err: error }, 'database constraint');
    return sendError(reply, mapped.code, mapped.message);
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return sendError(reply, error.statusCode === 413 ? 'payload_too_large' : 'bad_request', error.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendError(reply, 'internal_error', `Internal error; reference ${request.id}`);
}
