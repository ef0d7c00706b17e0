import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/unavailable.js';
import { AppError, type ErrorCode, ERROR_STATUS } from './errors.js';

/** SQLSTATE of a database error; drivers and Drizzle may wrap it in `cause`. */
function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

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
  FST_FILES_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown) {
  return reply.status(ERROR_STATUS[code]).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.code === 'rate_limited') {
      const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) reply.header('retry-after', String(retry));
    }
    return sendError(reply, error.code, error.message, error.details);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const issues = error.validation.map((v) => ({
      // Body fields are named as they are (`code`, `target.code`), like the services' own checks; query and
      // path parameters keep a prefix (`query.year`, `params.code`).
      path: [...(where === 'body' ? [] : [where === 'querystring' ? 'query' : where]), ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    const first = issues[0];
    return sendError(reply, 'validation_failed', first ? `${first.path}: ${first.message}` : 'Invalid request', { issues });
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
