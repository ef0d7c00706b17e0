import { z } from 'zod';
import { RoleSchema } from '../../http/schemas.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';

/** The contract of signing in and out: requests and responses of /api/v1/auth. */

/** The signed-in user as the web sees it. */
export const SessionUser = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionResponse = z.object({ user: SessionUser, csrfToken: z.string() });
export type SessionResponse = z.infer<typeof SessionResponse>;

export const LoginBody = z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(500) });
export type LoginBody = z.infer<typeof LoginBody>;

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(500),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(500),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
