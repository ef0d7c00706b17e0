import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { loginAttempts, sessions, units, users } from '../../db/schema.js';
import { fail, invalid } from './reasons.js';
import {
  findUserForLogin,
  getPasswordHash,
  getUser,
  markLoggedIn,
  normalizeUsername,
  presentUser,
  setPassword,
  userColumns,
  type UserView,
} from '../users/service.js';
import type { Actor } from './actor.js';
import type { SessionUser as SessionUserView } from './schemas.js';
import { burnVerification, verifyPassword } from './passwords.js';
import { forgetCachedSession, sessionCache } from './session-cache.js';

export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;

/** The signed-in user: the API's SessionUser, with the unit's id for the unit scope (never sent). */
export type SessionUser = SessionUserView & { unitId: number | null };

export interface ActiveSession {
  token: string;
  csrfToken: string;
  user: SessionUser;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export function toSessionUser(view: UserView): SessionUser {
  const { id, username, displayName, role, unitId, unitCode, unitName, mustChangePassword } = view;
  return { id, username, displayName, role, unitId, unitCode, unitName, mustChangePassword };
}

export function actorOf(user: SessionUser): Actor {
  return { userId: user.id, username: user.username, role: user.role, unitId: user.unitId };
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Advisory lock classes of the login counters (the second key is `hashtext` of the account name or the address).
 * Any constants work; they only have to be the same for every parindex server on one database.
 */
const ACCOUNT_LOCK_CLASS = 72_616_410;
const ADDRESS_LOCK_CLASS = 72_616_411;

async function failuresSince(db: Db, column: 'username' | 'ip', value: string) {
  const since = new Date(Date.now() - LOGIN_WINDOW_MINUTES * 60_000);
  const key = column === 'username' ? loginAttempts.username : loginAttempts.ip;
  // A good sign-in clears an account's count; an address's count runs out only with time,
  // so one valid account cannot be used to keep guessing others' passwords.
  const clearedAt =
    column === 'username'
      ? sql`coalesce((select max(s.at) from login_attempts s where s.username = ${value} and s.succeeded), '-infinity')`
      : sql`'-infinity'::timestamptz`;
  const rows = await db
    .select({
      failures: sql<number>`count(*)::int`,
      oldest: sql<string | null>`min(${loginAttempts.at})`,
    })
    .from(loginAttempts)
    .where(and(eq(key, value), gt(loginAttempts.at, since), eq(loginAttempts.succeeded, false), sql`${loginAttempts.at} > ${clearedAt}`));
  return { failures: rows[0]?.failures ?? 0, oldest: rows[0]?.oldest ? new Date(rows[0].oldest) : null };
}

async function assertNotRateLimited(db: Db, username: string, ip: string) {
  for (const [column, value, max] of [
    ['username', username, MAX_FAILURES_PER_ACCOUNT],
    ['ip', ip, MAX_FAILURES_PER_IP],
  ] as const) {
    const { failures, oldest } = await failuresSince(db, column, value);
    if (failures >= max) {
      const retryAt = (oldest?.getTime() ?? Date.now()) + LOGIN_WINDOW_MINUTES * 60_000;
      throw fail('sign_in_rate_limited', undefined, {
        retryAfterSeconds: Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)),
      });
    }
  }
}

/**
 * Takes one attempt from the account's and the address's allowance before the password is checked, or refuses
 * with `rate_limited`. The attempt is written as a failure at once, under transaction-level advisory locks on
 * the account and the address (always in that order, so two sign-ins cannot deadlock), so parallel guesses
 * count each other while their ~40 ms hashes run, on one app server or several. Returns the attempt's id;
 * a good sign-in then marks it succeeded.
 */
async function reserveAttempt(db: Db, username: string, ip: string): Promise<number> {
  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Db;
    await txDb.execute(sql`select pg_advisory_xact_lock(${ACCOUNT_LOCK_CLASS}::int, hashtext(${username}))`);
    await txDb.execute(sql`select pg_advisory_xact_lock(${ADDRESS_LOCK_CLASS}::int, hashtext(${ip}))`);
    await assertNotRateLimited(txDb, username, ip);
    // clock_timestamp(), not now(): the time the lock was held, so the order of attempts is the order of the locks.
    const [row] = await txDb
      .insert(loginAttempts)
      .values({ username, ip, succeeded: false, at: sql`clock_timestamp()` })
      .returning({ id: loginAttempts.id });
    return row!.id;
  });
}

async function createSession(db: Db, userId: number, idleMinutes: number, meta: { ip: string; userAgent?: string }) {
  const token = newToken();
  const csrfToken = newToken();
  await db.insert(sessions).values({
    idHash: hashToken(token),
    userId,
    csrfToken,
    expiresAt: new Date(Date.now() + idleMinutes * 60_000),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300),
  });
  return { token, csrfToken };
}

export async function login(
  db: Db,
  input: { username: string; password: string; ip: string; userAgent?: string },
  idleMinutes: number,
): Promise<ActiveSession> {
  const username = normalizeUsername(input.username);
  // The attempt counts (as a failure) before the hash; only a good sign-in turns it into a success.
  const attemptId = await reserveAttempt(db, username, input.ip);
  const found = await findUserForLogin(db, username);
  const ok = found ? await verifyPassword(found.passwordHash, input.password) : (await burnVerification(input.password), false);
  const succeeded = ok && !!found && !found.disabled;
  if (!succeeded || !found) throw fail('wrong_username_or_password');
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
  await markLoggedIn(db, found.id);
  // Always a fresh id: a session id planted before login is never promoted (no fixation).
  const { token, csrfToken } = await createSession(db, found.id, idleMinutes, input);
  const view = (await getUser(db, found.id))!;
  return { token, csrfToken, user: toSessionUser(view) };
}

const TOUCH_INTERVAL_MS = 60_000;
async function touchSession(db: Db, idHash: string, idleMinutes: number) {
  await db
    .update(sessions)
    .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + idleMinutes * 60_000) })
    .where(eq(sessions.idHash, idHash));
}

/** Finds the live session for a cookie value and slides its expiry. */
export async function resumeSession(db: Db, token: string, idleMinutes: number): Promise<ActiveSession | null> {
  const idHash = hashToken(token);
  const now = Date.now();
  const generation = sessionCache.generation;
  const cached = sessionCache.get(idHash, now);
  if (cached) {
    // Touch at most once a minute, as below; the session is live (it was read within SESSION_CACHE_MS).
    if (now - cached.lastSeenAt > TOUCH_INTERVAL_MS) {
      cached.lastSeenAt = now;
      await touchSession(db, idHash, idleMinutes);
    }
    return { token, ...cached.value };
  }
  // One query for the session and its user.
  const [row] = await db
    .select({ ...userColumns, csrfToken: sessions.csrfToken, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, new Date())));
  if (!row) return null;
  const { csrfToken, lastSeenAt, ...userRow } = row;
  const view = presentUser(userRow);
  if (view.disabled) return null;
  let seen = lastSeenAt.getTime();
  // Touch at most once a minute: a page load makes several requests.
  if (now - seen > TOUCH_INTERVAL_MS) {
    seen = now;
    await touchSession(db, idHash, idleMinutes);
  }
  const value = { csrfToken, user: toSessionUser(view) };
  sessionCache.set(idHash, { value, cachedAt: now, lastSeenAt: seen, userId: view.id }, generation);
  return { token, ...value };
}

export async function logout(db: Db, token: string): Promise<void> {
  const idHash = hashToken(token);
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
  await forgetCachedSession(db, idHash);
}

export async function purgeExpiredSessions(db: Db): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  await db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(Date.now() - 24 * 3600_000)));
}

/** Changes the caller's password, ends all their sessions, and opens a new one (new id). */
export async function changeOwnPassword(
  db: Db,
  current: ActiveSession,
  input: { currentPassword: string; newPassword: string; ip: string; userAgent?: string },
  idleMinutes: number,
): Promise<ActiveSession> {
  const hash = await getPasswordHash(db, current.user.id);
  if (!hash || !(await verifyPassword(hash, input.currentPassword))) {
    throw invalid('currentPassword', 'current_password_wrong', undefined, 'The current password is wrong');
  }
  if (input.currentPassword === input.newPassword) {
    throw invalid('newPassword', 'new_password_same', undefined, 'The new password must differ from the current one');
  }
  const actor = actorOf(current.user);
  const session = await inTransaction(db, async (tx) => {
    await setPassword(tx, actor, current.user.id, input.newPassword, { mustChangePassword: false, action: 'password_change' });
    return createSession(tx, current.user.id, idleMinutes, input);
  });
  const view = (await getUser(db, current.user.id))!;
  return { ...session, user: toSessionUser(view) };
}
