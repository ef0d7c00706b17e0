/**
 * Errors that mean "the database is not there right now" (a terminated backend, a restart, a pooler reset, a
 * refused connection), as opposed to errors of the request itself. Such a request is answered
 * 503 database_unavailable with Retry-After; the pool replaces the broken connection by itself.
 */

// SQLSTATE classes 08 (connection exception) and 57P0x (admin/crash shutdown, cannot connect now).
const UNAVAILABLE_STATES = new Set(['08000', '08003', '08006', '08001', '08004', '57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
  'timeout exceeded when trying to connect',
  'terminating connection due to administrator command',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && (UNAVAILABLE_STATES.has(e.code) || UNAVAILABLE_NODE_CODES.has(e.code))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => (e!.message as string).includes(m))) return true;
  }
  return false;
}

/** Seconds a client should wait before retrying after a 503 database_unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
