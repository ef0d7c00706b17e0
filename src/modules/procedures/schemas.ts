import { z } from 'zod';
import { ONLINE_LEVELS } from '../../db/schema.js';
import { MAX_DAYS, MAX_FEE } from '../../domain/procedures.js';
import { Code } from '../../http/schemas.js';
import type { RowColumn } from '../../io/row-schema.js';
import { CODE_HINT } from '../blocks/schemas.js';

/**
 * The write requests of the procedure catalogue: one contract for the API (routes.ts) and the file import
 * (service.ts), so a file refuses exactly what the API refuses. Limits: code 64 characters, name 1,000, field 300,
 * unit code 32, time limits 0–1,000 working days, fee up to 14 digits.
 */

/** National procedure codes such as 1.004227 or 2.002145.000.00.00.H12; stored upper-case. */
export const PROCEDURE_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_.-]{0,63}$/;
export const MAX_CODE_LENGTH = 64;
export const MAX_NAME_LENGTH = 1000;
export const MAX_FIELD_LENGTH = 300;
export const PROCEDURE_CODE_HINT = `letters, digits, _ . - ; at most ${MAX_CODE_LENGTH}`;

export const ProcedureCode = z
  .string()
  .trim()
  .min(1)
  .max(MAX_CODE_LENGTH)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only');
export const Days = z.number().int().min(0).max(MAX_DAYS);
export const Fee = z.number().int().min(0).max(MAX_FEE);
export const Online = z.enum(ONLINE_LEVELS);

/** Every field of a procedure but its code (PATCH takes any of them). */
export const ProcedureBody = z.object({
  name: z.string().trim().min(1).max(MAX_NAME_LENGTH),
  field: z.string().trim().min(1).max(MAX_FIELD_LENGTH),
  unitCode: Code,
  legalDays: Days,
  internalDays: Days,
  onlineLevel: Online,
  fee: Fee.nullable(),
  published: z.boolean(),
});
export const NewProcedureBody = ProcedureBody.extend({
  code: ProcedureCode,
  internalDays: Days.optional(),
  fee: Fee.nullable().optional(),
  published: z.boolean().optional(),
});
export const ProcedurePatchBody = ProcedureBody.partial();

/**
 * What one row of a procedures file must be once its cells are read (days, fee, online level and published have
 * their own spellings in a file): a new procedure as the API takes it.
 */
export const ProcedureFileRow = NewProcedureBody;

export const PROCEDURE_FILE_ROW_COLUMNS: Record<keyof z.infer<typeof ProcedureFileRow>, RowColumn> = {
  code: { column: 'code', hint: PROCEDURE_CODE_HINT },
  name: { column: 'name' },
  field: { column: 'field' },
  unitCode: { column: 'unit_code', label: 'unit code', hint: CODE_HINT },
  legalDays: { column: 'legal_days' },
  internalDays: { column: 'internal_days' },
  onlineLevel: { column: 'online_level' },
  fee: { column: 'fee' },
  published: { column: 'published' },
};
