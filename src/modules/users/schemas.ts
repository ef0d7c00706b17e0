import { z } from 'zod';
import { Code, Name, RoleSchema } from '../../http/schemas.js';
import { refineReason } from '../../reasons.js';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.js';

/**
 * The requests of user accounts: one contract for the API (routes.ts) and the CLI (`parindex user add`), so both
 * refuse exactly the same input.
 */

const USERNAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** A sign-in name: 3–64 letters, digits, `.`, `_`, `-` (stored in lower case). */
export const Username = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .refine((value) => USERNAME_PATTERN.test(value), { message: 'letters, digits, . _ - only', ...refineReason('username_characters') });

/** POST /users (and `parindex user add`, which adds the password it reads from standard input). */
export const NewUserBody = z.object({ username: Username, displayName: Name, role: RoleSchema, unitCode: Code.nullish() });

/** PATCH /users/:id. */
export const UserPatchBody = z.object({ displayName: Name.optional(), role: RoleSchema.optional(), unitCode: Code.nullable().optional(), disabled: z.boolean().optional() });

export type NewUserInput = z.infer<typeof NewUserBody>;

/** `parindex user add`: the API's new user, with the password read from standard input. */
export const CliNewUser = NewUserBody.extend({ password: z.string().min(MIN_PASSWORD_LENGTH).max(500), mustChangePassword: z.boolean() });
