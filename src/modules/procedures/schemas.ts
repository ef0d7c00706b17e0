import { z } from 'zod';
import { ONLINE_LEVELS } from '../../db/schema.js';
import { MAX_DAYS, MAX_FEE } from '../../domain/procedures.js';
import { Code, TableFormatSchema } from '../../http/schemas.js';
import type { RowColumn } from '../../io/row-schema.js';
import { CODE_HINT } from '../blocks/schemas.js';

/**
 * The contract of the procedure catalogue: the requests (one for the API in routes.ts, the file import and the CLI,
 * so a file refuses exactly what the API refuses) and the responses. Limits: code 64 characters, name 1,000, field
 * 300, unit code 32, time limits 0–1,000 working days, fee up to 14 digits.
 */

// Requests.

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
export type NewProcedureBody = z.infer<typeof NewProcedureBody>;
export const ProcedurePatchBody = ProcedureBody.partial();
export type ProcedurePatchBody = z.infer<typeof ProcedurePatchBody>;
/** Every value of a procedure, as the service checks and stores it. */
export const ProcedureValues = ProcedureBody.extend({ code: ProcedureCode });
export type ProcedureValues = z.infer<typeof ProcedureValues>;

export const ProcedureCodeParam = z.object({ code: ProcedureCode });

const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
const Search = z.string().max(200).optional();

/** What the catalogue is filtered by (q searches code, name and field ignoring diacritics). */
export const ProcedureFilter = z.object({
  q: Search,
  unit: Code.optional(),
  field: z.string().max(MAX_FIELD_LENGTH).optional(),
  online: Online.optional(),
  published: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type ProcedureFilter = z.infer<typeof ProcedureFilter>;
export const ProcedureListQuery = ProcedureFilter.extend(Paging);
export type ProcedureListQuery = z.infer<typeof ProcedureListQuery>;
/** The public catalogue: published procedures only, 20 a page by default, at most 100. */
export const PublicProcedureListQuery = ProcedureFilter.omit({ published: true }).extend({
  ...Paging,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PublicProcedureListQuery = z.infer<typeof PublicProcedureListQuery>;
export const ProcedureExportQuery = z.object({ format: TableFormatSchema.default('csv'), unit: Code.optional() });
export const ProcedureStatsExportQuery = z.object({ format: TableFormatSchema.default('csv') });

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

// Responses.

export const Procedure = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  field: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  legalDays: z.number(),
  internalDays: z.number(),
  onlineLevel: Online,
  fee: z.number().nullable().describe('Whole VND; null when the catalogue states no fee'),
  published: z.boolean(),
  updatedAt: z.string(),
  version: z.number().int().describe('The ETag; send it back in If-Match when changing the procedure'),
});
export type Procedure = z.infer<typeof Procedure>;

/** A procedure as the public catalogue shows it. */
export const PublicProcedure = Procedure.omit({ id: true, published: true, updatedAt: true, version: true });
export type PublicProcedure = z.infer<typeof PublicProcedure>;

/** What the caller may do with the catalogue (procedures/policies.ts). */
export const ProceduresCan = z.object({ create: z.boolean(), import: z.boolean(), edit: z.boolean(), delete: z.boolean() });
export type ProceduresCan = z.infer<typeof ProceduresCan>;

const PageFields = { total: z.number(), limit: z.number(), offset: z.number() };
export const ProcedurePage = z.object({ items: z.array(Procedure), ...PageFields });
export type ProcedurePage = z.infer<typeof ProcedurePage>;
/** A page of the catalogue as answered to a signed-in user: with what this user may do with it. */
export const ProcedurePageResponse = ProcedurePage.extend({ can: ProceduresCan });
export type ProcedurePageResponse = z.infer<typeof ProcedurePageResponse>;
export const PublicProcedurePage = z.object({ items: z.array(PublicProcedure), ...PageFields });
export type PublicProcedurePage = z.infer<typeof PublicProcedurePage>;

/** The units and fields that have procedures the reader may see: the choices of the catalogue's filters. */
export const ProcedureFacets = z.object({ units: z.array(z.object({ code: z.string(), name: z.string() })), fields: z.array(z.string()) });
export type ProcedureFacets = z.infer<typeof ProcedureFacets>;

export const ProcedureStats = z.object({
  total: z.number().describe('Every procedure, published or not'),
  published: z.number().describe('The published catalogue; every figure below counts published procedures only'),
  full: z.number(),
  partial: z.number(),
  none: z.number(),
  fullSharePercent: z.number().nullable().describe('full / published × 100, two decimals half up; null without published procedures'),
  withLegalLimit: z.number().describe('Published procedures with a legal limit above 0 days: the base of the time-cut averages'),
  cut: z.number().describe('Published procedures whose internal limit is shorter than the legal one'),
  averageCutPercent: z.number().nullable().describe('Mean of (legal − internal) / legal × 100 over withLegalLimit, two decimals half up'),
  cutAtLeast30: z.number().describe('Published procedures cut by 30 % or more of the legal limit'),
  cutAtLeast30SharePercent: z.number().nullable().describe('cutAtLeast30 / withLegalLimit × 100, two decimals half up'),
});
export type ProcedureStats = z.infer<typeof ProcedureStats>;
export const UnitProcedureStats = ProcedureStats.extend({ unitCode: z.string(), unitName: z.string() });
export type UnitProcedureStats = z.infer<typeof UnitProcedureStats>;
export const ProcedureStatistics = z.object({ units: z.array(UnitProcedureStats), province: ProcedureStats });
export type ProcedureStatistics = z.infer<typeof ProcedureStatistics>;

export const ProcedureImportResult = z.object({ rows: z.number(), created: z.number(), updated: z.number(), unchanged: z.number() });
export type ProcedureImportResult = z.infer<typeof ProcedureImportResult>;
