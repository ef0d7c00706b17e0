/**
 * Errors that mean "the database is not there right now" (a terminated backend, a restart, a pooler reset, a
 * refused connection), as opposed to errors of the request itself. Such a request is answered
 * 503 database_unavailable with Retry-After; the pool replaces the broken connection by itself.
 */

// SQLSTATE class 08 (connection exception), 57P0x (admin/crash shutdown, cannot connect now, idle-session
// timeout, database dropped) and 53300 (too many connections).
const UNAVAILABLE_STATES = new Set(['08000', '08003', '08006', '08001', '08004', '57P01', '57P02', '57P03', '57P04', '57P05', '53300']);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);
// What node-postgres and pg-copy-streams say when the socket is gone (these errors carry no code).
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
  'timeout exceeded when trying to connect',
  'terminating connection due to administrator command',
  'is not currently accepting connections',
];

/** Marks an error met while opening a connection: whatever its code, the request could not reach the database. */
const UNAVAILABLE = Symbol.for('parindex.databaseUnavailable');

export function markDatabaseUnavailable<E>(error: E): E {
  if (error !== null && typeof error === 'object') {
    try {
      Object.defineProperty(error, UNAVAILABLE, { value: true, enumerable: false });
    } catch {
      // A frozen error stays unmarked; its code or message may still say it.
    }
  }
  return error;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e === 'object' && (e as Record<symbol, unknown>)[UNAVAILABLE] === true) return true;
    if (typeof e.code === 'string' && (UNAVAILABLE_STATES.has(e.code) || UNAVAILABLE_NODE_CODES.has(e.code))) return true;
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => (e!.message as string).includes(m))) return true;
  }
  return false;
}

/** Seconds a client should wait before retrying after a 503 database_unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
