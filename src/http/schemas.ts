import { z } from 'zod';
import { ROLES } from '../db/schema.js';

export const Year = z.coerce.number().int().min(1990).max(2100);
export const Code = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only');
export const Name = z.string().trim().min(1).max(300);
export const RoleSchema = z.enum(ROLES);
export const IdParam = z.object({ id: z.coerce.number().int().positive() });
export const CodeParam = z.object({ code: Code });
export const TableFormatSchema = z.enum(['csv', 'xlsx']);
