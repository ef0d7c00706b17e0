import { UNIT_BOUND_ROLES } from '../../domain/vocabulary.js';
import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction, type Tx } from '../../db/client.js';
import { sessions, units, users, type Role } from '../../db/schema.js';
import { fail, invalid } from './reasons.js';
import type { Actor } from '../auth/actor.js';
import { generateTemporaryPassword, hashPassword } from '../auth/passwords.js';
import { forgetCachedSessionsOf } from '../auth/session-cache.js';
import { recordAudit } from '../audit/service.js';
import { findUnitIdByCode } from '../units/service.js';
import { normalizeCode } from '../../domain/codes.js';
import { containsPattern } from '../../domain/text.js';
import type { NewUser, User, UserListQuery, UserPatchBody } from './schemas.js';

/** Roles that act for one unit (their own unit, or the department that appraises). */

/** An account as the service reads it: the API's User, with the unit's id for the unit scope. */
export type UserView = User & { unitId: number | null };

/** The columns of a UserView (users joined with units); other modules join through these. */
export const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  unitId: users.unitId,
  unitCode: units.code,
  unitName: units.name,
  mustChangePassword: users.mustChangePassword,
  email: users.email,
  disabled: users.disabled,
  createdAt: users.createdAt,
  lastLoginAt: users.lastLoginAt,
};

interface UserRow extends Omit<UserView, 'createdAt' | 'lastLoginAt'> {
  createdAt: Date;
  lastLoginAt: Date | null;
}

export function presentUser(row: UserRow): UserView {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    lastLoginAt: row.lastLoginAt ? row.lastLoginAt.toISOString() : null,
  };
}

/** The audited picture of a user: never the password hash. */
function auditView(view: UserView) {
  const { lastLoginAt: _ignored, ...rest } = view;
  return rest;
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export async function getUser(db: DbOrTx, id: number): Promise<UserView | null> {
  const rows = await db.select(userColumns).from(users).leftJoin(units, eq(units.id, users.unitId)).where(eq(users.id, id));
  return rows[0] ? presentUser(rows[0]) : null;
}

export async function findUserForLogin(db: DbOrTx, username: string) {
  const rows = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabled: users.disabled })
    .from(users)
    .where(eq(users.username, normalizeUsername(username)));
  return rows[0] ?? null;
}

export async function getPasswordHash(db: DbOrTx, userId: number): Promise<string | null> {
  const rows = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return rows[0]?.hash ?? null;
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return rows[0]?.n ?? 0;
}

export async function listUsers(db: Db, filter: UserListQuery): Promise<UserView[]> {
  const conditions = [];
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern)));
  }
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.unit) conditions.push(eq(units.code, normalizeCode(filter.unit)));
  const rows = await db
    .select(userColumns)
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(users.username));
  return rows.map(presentUser);
}

async function resolveUnitForRole(tx: DbOrTx, role: Role, unitCode: string | null | undefined): Promise<number | null> {
  const needsUnit = UNIT_BOUND_ROLES.includes(role);
  if (needsUnit && !unitCode) throw unitCodeRefused(`Role ${role} must be bound to a unit`, 'unit_required_for_role', { role });
  if (!needsUnit && unitCode) throw unitCodeRefused(`Role ${role} is not bound to a unit`, 'unit_not_allowed_for_role', { role });
  if (!unitCode) return null;
  const unitId = await findUnitIdByCode(tx, unitCode);
  if (unitId === null) throw unitCodeRefused(`Unknown unit ${unitCode}`, 'user_unit_unknown', { unit: unitCode });
  return unitId;
}

/** A refused `unitCode`: the issue carries the reason; the headline stays the English sentence clients know. */
const unitCodeRefused = (
  headline: string,
  reason: 'unit_required_for_role' | 'unit_not_allowed_for_role' | 'user_unit_unknown',
  params: Record<string, string>,
) => invalid('unitCode', reason, params, headline);

export async function createUser(db: Db, actor: Actor, input: NewUser) {
  const temporaryPassword = input.password ?? generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const user = await inTransaction(db, async (tx) => {
    const unitId = await resolveUnitForRole(tx, input.role, input.unitCode);
    const username = normalizeUsername(input.username);
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
    if (existing.length) throw fail('username_taken', { username });
    const [row] = await tx
      .insert(users)
      .values({
        username,
        displayName: input.displayName.trim(),
        role: input.role,
        unitId,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? true,
        email: input.email ?? null,
      })
      .returning({ id: users.id });
    const view = (await getUser(tx, row!.id))!;
    await recordAudit(tx, actor, { action: 'create', entityType: 'user', entityId: view.id, after: auditView(view) });
    return view;
  });
  return { user, temporaryPassword: input.password ? null : temporaryPassword };
}

export async function updateUser(db: Db, actor: Actor, id: number, patch: UserPatchBody): Promise<UserView> {
  return inTransaction(db, async (tx) => {
    const before = await getUser(tx, id);
    if (!before) throw fail('user_not_found');
    if (actor.userId === id && ((patch.role !== undefined && patch.role !== before.role) || patch.disabled)) {
      throw fail('own_account_protected');
    }
    const role = patch.role ?? before.role;
    const unitCode = patch.unitCode !== undefined ? patch.unitCode : patch.role !== undefined && !UNIT_BOUND_ROLES.includes(role) ? null : before.unitCode;
    const unitId = await resolveUnitForRole(tx, role, unitCode);
    await tx
      .update(users)
      .set({
        displayName: patch.displayName?.trim() ?? before.displayName,
        role,
        unitId,
        disabled: patch.disabled ?? before.disabled,
        email: patch.email !== undefined ? patch.email : before.email,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id));
    // A disabled account or a changed role must not keep acting on old sessions.
    if (patch.disabled || role !== before.role || unitId !== before.unitId) {
      await tx.delete(sessions).where(eq(sessions.userId, id));
    }
    await forgetCachedSessionsOf(tx, id);
    const after = (await getUser(tx, id))!;
    await recordAudit(tx, actor, { action: 'update', entityType: 'user', entityId: id, before: auditView(before), after: auditView(after) });
    return after;
  });
}

/** One's own e-mail address (the reminder digest's); audited. */
export async function setOwnEmail(db: Db, actor: Actor, email: string | null): Promise<string | null> {
  if (actor.userId === null) throw fail('user_not_found');
  const id = actor.userId;
  return inTransaction(db, async (tx) => {
    const before = await getUser(tx, id);
    if (!before) throw fail('user_not_found');
    await tx.update(users).set({ email, updatedAt: new Date() }).where(eq(users.id, id));
    await recordAudit(tx, actor, { action: 'update', entityType: 'user', entityId: id, before: { email: before.email }, after: { email } });
    return email;
  });
}

/** Sets a new password; ends every session of the user. Audited without any password material. */
export async function setPassword(
  db: Tx,
  actor: Actor,
  id: number,
  password: string,
  options: { mustChangePassword: boolean; action: 'password_reset' | 'password_change' },
): Promise<void> {
  const passwordHash = await hashPassword(password);
  const before = await getUser(db, id);
  if (!before) throw fail('user_not_found');
  await db.update(users).set({ passwordHash, mustChangePassword: options.mustChangePassword, updatedAt: new Date() }).where(eq(users.id, id));
  await db.delete(sessions).where(eq(sessions.userId, id));
  await forgetCachedSessionsOf(db, id);
  await recordAudit(db, actor, {
    action: options.action,
    entityType: 'user',
    entityId: id,
    before: { mustChangePassword: before.mustChangePassword },
    after: { mustChangePassword: options.mustChangePassword },
  });
}

export async function resetPassword(db: Db, actor: Actor, id: number): Promise<string> {
  const temporaryPassword = generateTemporaryPassword();
  await inTransaction(db, (tx) => setPassword(tx, actor, id, temporaryPassword, { mustChangePassword: true, action: 'password_reset' }));
  return temporaryPassword;
}

export async function markLoggedIn(db: DbOrTx, id: number): Promise<void> {
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, id));
}
