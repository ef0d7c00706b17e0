import { z } from 'zod';
import { checkRegisterData, REGISTER_COUNT_NAMES, REGISTER_KINDS, type RegisterCount } from '../../domain/registers.js';
import { Code, TableFormatSchema, Year } from '../../http/schemas.js';
import type { RowColumn } from '../../io/row-schema.js';
import { refineReason } from '../../reasons.js';
import { LocalDateText } from '../apology/schemas.js';

/**
 * The contract of the registers units report on (sổ theo dõi, docs/registers.md): entries of six registers per unit
 * and year, each with a code, a title, an optional date and the register's own fields (src/domain/registers.ts).
 * Shared by the HTTP routes and the command line. Dates are local 'YYYY-MM-DD'.
 */

export const RegisterKindSchema = z.enum(REGISTER_KINDS);

/** An entry's key within its register: a document number ("15/2025/QĐ-UBND"), a course code… */
export const EntryCode = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, 'no control characters');
const Title = z.string().trim().min(1).max(500);
/** The register's own fields as given: choices as their codes, counts as whole numbers (or their text). */
const RawData = z.record(z.string(), z.union([z.string().max(500), z.number()]));

/** Adds each problem of an entry's fields to a zod context at `data.<field>`, with its reason and parameters. */
function refineData(value: { register: (typeof REGISTER_KINDS)[number]; data: Record<string, unknown> }, ctx: z.RefinementCtx) {
  for (const issue of checkRegisterData(value.register, value.data).issues) {
    ctx.addIssue({ code: 'custom', path: ['data', issue.field], message: issue.code, ...refineReason(issue.code, issue.params) });
  }
}

// Requests.

export const RegisterEntryBody = z
  .object({
    year: Year,
    unitCode: Code,
    register: RegisterKindSchema,
    code: EntryCode,
    title: Title,
    entryDate: LocalDateText.nullish(),
    data: RawData,
  })
  .superRefine(refineData);
export type RegisterEntryBody = z.infer<typeof RegisterEntryBody>;

/** An edit: any of code, title, date, and the fields (all of the register's fields when `data` is given). */
export const RegisterEntryPatch = z.object({
  code: EntryCode.optional(),
  title: Title.optional(),
  entryDate: LocalDateText.nullish(),
  data: RawData.optional(),
});
export type RegisterEntryPatch = z.infer<typeof RegisterEntryPatch>;

export const RegistersQuery = z.object({ year: Year, unit: Code.optional(), register: RegisterKindSchema.optional() });
export const EntryIdParam = z.object({ id: z.coerce.number().int().positive() });
export const RegisterImportQuery = z.object({ year: Year, register: RegisterKindSchema });
export const RegisterExportQuery = z.object({
  year: Year,
  register: RegisterKindSchema,
  unit: Code.optional(),
  format: TableFormatSchema.default('csv'),
});

/** The base columns of a register file row, checked with the API's own schemas; the fields are checked by the domain. */
export const RegisterFileRow = z.object({ unitCode: Code, code: EntryCode, title: Title, entryDate: LocalDateText.nullish() });
export type RegisterFileRow = z.infer<typeof RegisterFileRow>;
export const REGISTER_ROW_COLUMNS: Record<string, RowColumn> = {
  unitCode: { column: 'unit_code', label: 'unit code', hint: 'letters, digits, _ . - ; at most 32' },
  code: { column: 'code' },
  title: { column: 'title' },
  entryDate: { column: 'date' },
};

// Responses.

export const RegisterEntry = z.object({
  id: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  year: z.number().int(),
  register: RegisterKindSchema,
  code: z.string(),
  title: z.string(),
  entryDate: z.string().nullable(),
  data: z.record(z.string(), z.union([z.string(), z.number()])),
  version: z.number().int(),
  can: z.object({ edit: z.boolean() }),
});
export type RegisterEntry = z.infer<typeof RegisterEntry>;

export const RegisterCounts = z.object(Object.fromEntries(REGISTER_COUNT_NAMES.map((n) => [n, z.number().int()])) as Record<RegisterCount, z.ZodNumber>);

export const RegisterList = z.object({
  year: z.number().int(),
  unitCode: z.string().nullable().describe('null: every unit (province roles without `unit`)'),
  unitName: z.string().nullable(),
  entries: z.array(RegisterEntry),
  /** Entries per register (of `register` only when given). */
  totals: z.partialRecord(RegisterKindSchema, z.number().int()),
  /** registerCounts of the unit, or summed over the units (isoApplied: units applying ISO 9001). */
  counts: RegisterCounts,
  can: z.object({ create: z.boolean() }),
});
export type RegisterList = z.infer<typeof RegisterList>;

export const RegisterImportResult = z.object({
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type RegisterImportResult = z.infer<typeof RegisterImportResult>;

export const Saved = z.object({ id: z.number().int(), version: z.number().int() });
