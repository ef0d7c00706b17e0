/**
 * Sessions resumed in the last moments, by the SHA-256 of their id: a page load or a busy dashboard sends many
 * requests, and each would otherwise read the session from the database. An entry lives SESSION_CACHE_MS at most.
 * A change (sign-out, a disabled account, a new role or password) forgets the entries of this server at once and
 * sends a notification on SESSIONS_CHANNEL, on which every app server of the database listens (src/http/app.ts), so
 * the others forget theirs as soon as the change commits (issue 14, docs/scale.md "Several app servers").
 */
import type { DbOrTx } from '../../db/client.js';
import { notify, SESSIONS_CHANNEL } from '../../db/notify.js';
import type { SessionUser } from './service.js';

export const SESSION_CACHE_MS = 2_000;
const MAX_ENTRIES = 10_000;

export interface CachedSession<T> {
  value: T;
  cachedAt: number;
  /** When the session's expiry was last slid forward (sessions.last_seen_at). */
  lastSeenAt: number;
  userId: number;
}

export class SessionCache<T> {
  private readonly entries = new Map<string, CachedSession<T>>();
  /**
   * Counts the forgets: a session read from the database before a forget (a sign-out committed on another server
   * while this one was reading) must not be cached after it.
   */
  generation = 0;

  constructor(private readonly ttlMs = SESSION_CACHE_MS) {}

  get(idHash: string, now = Date.now()): CachedSession<T> | null {
    const entry = this.entries.get(idHash);
    if (!entry) return null;
    if (now - entry.cachedAt >= this.ttlMs) {
      this.entries.delete(idHash);
      return null;
    }
    return entry;
  }

  /** Caches a session read from the database when `generation` was current; not when something was forgotten since. */
  set(idHash: string, entry: CachedSession<T>, generation = this.generation): void {
    if (generation !== this.generation) return;
    this.entries.delete(idHash);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(idHash, entry);
  }

  forget(idHash: string): void {
    this.generation++;
    this.entries.delete(idHash);
  }

  forgetUser(userId: number): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (entry.userId === userId) this.entries.delete(key);
  }

  /** Forgets everything (notifications may have been lost while the listening connection was down). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** A notification on SESSIONS_CHANNEL: a session's id hash, or `user:<id>`. */
  applyNotification(payload: string): void {
    const user = /^user:(\d+)$/.exec(payload);
    if (user) this.forgetUser(Number(user[1]));
    else this.forget(payload);
  }
}

/** This server's cache of resumed sessions (see resumeSession). */
export const sessionCache = new SessionCache<{ csrfToken: string; user: SessionUser }>();

/**
 * Forgets what this server remembers of a user's sessions (their account, role or password changed) and tells the
 * other app servers to (when `db` is a transaction: when it commits).
 */
export async function forgetCachedSessionsOf(db: DbOrTx, userId: number): Promise<void> {
  sessionCache.forgetUser(userId);
  await notify(db, SESSIONS_CHANNEL, `user:${userId}`);
}

/** Forgets a session that ended (signed out), here and on the other app servers. */
export async function forgetCachedSession(db: DbOrTx, idHash: string): Promise<void> {
  sessionCache.forget(idHash);
  await notify(db, SESSIONS_CHANNEL, idHash);
}
