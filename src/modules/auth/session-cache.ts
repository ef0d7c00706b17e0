/**
 * Sessions resumed in the last moments, by the SHA-256 of their id: a page load or a busy dashboard sends many
 * requests, and each would otherwise read the session from the database. An entry lives SESSION_CACHE_MS at most,
 * so a change made through another app server (sign-out, a disabled account, a new role) reaches this one within
 * that time; changes made through this server forget the entries at once.
 */
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

  set(idHash: string, entry: CachedSession<T>): void {
    this.entries.delete(idHash);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(idHash, entry);
  }

  forget(idHash: string): void {
    this.entries.delete(idHash);
  }

  forgetUser(userId: number): void {
    for (const [key, entry] of this.entries) if (entry.userId === userId) this.entries.delete(key);
  }
}

/** This server's cache of resumed sessions (see resumeSession). */
export const sessionCache = new SessionCache<{ csrfToken: string; user: SessionUser }>();

/** Forgets what this server remembers of a user's sessions (their account, role or password changed). */
export const forgetCachedSessionsOf = (userId: number) => sessionCache.forgetUser(userId);
