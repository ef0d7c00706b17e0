import { z } from 'zod';
import { Code, Name, RoleSchema } from '../../http/schemas.js';
import { refineReason } from '../../reasons.js';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import { SessionUser } from '../auth/schemas.js';

/**
 * The contract of user accounts: the requests (one for the API in routes.ts and the CLI, `parindex user add`, so
 * both refuse exactly the same input) and the responses.
 */

// Requests.

const USERNAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** A sign-in name: 3–64 letters, digits, `.`, `_`, `-` (stored in lower case). */
export const Username = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .refine((value) => USERNAME_PATTERN.test(value), { message: 'letters, digits, . _ - only', ...refineReason('username_characters') });

/** An e-mail address (where the daily reminder digest goes, docs/reminders.md). */
const EMAIL_FORMAT = z.email();
export const Email = z
  .string()
  .trim()
  .max(254)
  .refine((value) => EMAIL_FORMAT.safeParse(value).success, { message: 'is not an e-mail address', ...refineReason('email_invalid') });

/** POST /users (and `parindex user add`, which adds the password it reads from standard input). */
export const NewUserBody = z.object({ username: Username, displayName: Name, role: RoleSchema, unitCode: Code.nullish(), email: Email.nullish() });
export type NewUserBody = z.infer<typeof NewUserBody>;

/** `parindex user add`: the API's new user, with the password read from standard input. */
export const CliNewUser = NewUserBody.extend({ password: z.string().min(MIN_PASSWORD_LENGTH).max(500), mustChangePassword: z.boolean() });

/** What the service creates: the API's new user; a password given (CLI, demo) or else a temporary one generated. */
export const NewUser = NewUserBody.extend({ password: z.string().max(500).optional(), mustChangePassword: z.boolean().optional() });
export type NewUser = z.infer<typeof NewUser>;

/** PATCH /users/:id. */
export const UserPatchBody = z.object({
  displayName: Name.optional(),
  role: RoleSchema.optional(),
  unitCode: Code.nullable().optional(),
  disabled: z.boolean().optional(),
  /** null removes the address (no reminder e-mail). */
  email: Email.nullable().optional(),
});
export type UserPatchBody = z.infer<typeof UserPatchBody>;

export const UserListQuery = z.object({ q: z.string().max(100).optional(), role: RoleSchema.optional(), unit: Code.optional() });
export type UserListQuery = z.infer<typeof UserListQuery>;

// Responses.

/** An account as the organizer sees it (never its password). */
export const User = SessionUser.extend({
  email: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type User = z.infer<typeof User>;

/** What the caller may do with one account (users/policies.ts). */
export const UserCan = z.object({
  edit: z.boolean(),
  changeRole: z.boolean().describe('false on the own account'),
  disable: z.boolean().describe('false on the own account'),
  resetPassword: z.boolean(),
});
export type UserCan = z.infer<typeof UserCan>;

/** What the caller may do with the accounts as a whole. */
export const UsersCan = z.object({ create: z.boolean() });
export type UsersCan = z.infer<typeof UsersCan>;

export const UserWithCan = User.extend({ can: UserCan });
export type UserWithCan = z.infer<typeof UserWithCan>;

export const UserList = z.object({ items: z.array(UserWithCan), can: UsersCan });
export type UserList = z.infer<typeof UserList>;

/** A unit's accounts, as its own staff see them. */
export const UnitAccount = User.omit({ lastLoginAt: true });
export type UnitAccount = z.infer<typeof UnitAccount>;
export const UnitAccountList = z.object({ items: z.array(UnitAccount) });

export const CreatedUser = z.object({ user: UserWithCan, temporaryPassword: z.string() });
export type CreatedUser = z.infer<typeof CreatedUser>;

/** PUT /users/me/email: one's own address for the reminder digest (null: none). */
export const OwnEmailBody = z.object({ email: Email.nullable() });
export const OwnEmail = z.object({ email: z.string().nullable() });

export const TemporaryPassword = z.object({ temporaryPassword: z.string() });
