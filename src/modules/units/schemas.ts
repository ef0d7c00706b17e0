import { z } from 'zod';
import { UNIT_STATUSES } from '../../domain/vocabulary.js';
import { Code, Name, TableFormatSchema, Year } from '../../http/schemas.js';
import type { RowColumn } from '../../io/row-schema.js';
import { CODE_HINT } from '../blocks/schemas.js';

/**
 * The contract of units: the requests (one for the API in routes.ts, the file import and the CLI, so a file
 * refuses exactly what the API refuses) and the responses. Limits: codes 32 characters (letters, digits, _ . -),
 * name 300.
 */

// Requests.

/** A unit as created (POST /units, the target of a merge, each part of a split). */
export const NewUnitPart = z.object({ code: Code, name: Name, parentCode: Code.nullish(), blockCode: Code.nullish() });
/** A new unit from `year` on (what the service takes). */
export const NewUnit = NewUnitPart.extend({ year: Year });
export type NewUnit = z.infer<typeof NewUnit>;
/** POST /units: `year` defaults to this year. */
export const NewUnitBody = NewUnit.extend({ year: Year.optional() });
export const UnitMembershipBody = z.object({ blockCode: Code });
export const MergeUnitsBody = z.object({ sourceCodes: z.array(Code).min(2).max(50), target: NewUnitPart, year: Year });
export type MergeUnitsBody = z.infer<typeof MergeUnitsBody>;
export const SplitUnitBody = z.object({ into: z.array(NewUnitPart).min(2).max(50), year: Year });
export type SplitUnitBody = z.infer<typeof SplitUnitBody>;

/** PATCH /units/:code: rename from `year` on, move in the tree, or set the block of `year`. */
export const UnitPatchBody = z.object({ name: Name.optional(), parentCode: Code.nullable().optional(), blockCode: Code.optional(), year: Year.optional() });
export type UnitPatchBody = z.infer<typeof UnitPatchBody>;
/** A change of a unit for one year (what the service takes). */
export const UnitPatch = UnitPatchBody.extend({ year: Year });
export type UnitPatch = z.infer<typeof UnitPatch>;

export const UnitListQuery = z.object({
  q: z.string().max(200).optional(),
  block: Code.optional(),
  year: Year.optional(),
  status: z.enum(UNIT_STATUSES).optional(),
  parent: Code.optional(),
});
/** The filter of the unit list (the service's: the year is known). */
export type UnitFilter = z.infer<typeof UnitListQuery> & { year: number };
export const UnitYearQuery = z.object({ year: Year.optional() });
export const UnitExportQuery = z.object({ format: TableFormatSchema.default('csv'), year: Year.optional() });
export const UnitYearParams = z.object({ code: Code, year: Year });

/** What one row of a units file (`code,name,block,parent_code`) must be: a new unit as the API takes it. */
export const UnitFileRow = NewUnitPart.extend({ blockCode: Code });

export const UNIT_FILE_ROW_COLUMNS: Record<keyof z.infer<typeof UnitFileRow>, RowColumn> = {
  code: { column: 'code', hint: CODE_HINT },
  name: { column: 'name' },
  blockCode: { column: 'block', label: 'block code', hint: '' },
  parentCode: { column: 'parent_code', label: 'parent unit code', hint: CODE_HINT },
};

// Responses.

/** A unit as listed, with its name and block in the year asked for. */
export const Unit = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  blockCode: z.string().nullable(),
  blockName: z.string().nullable(),
  status: z.enum(UNIT_STATUSES),
  validFromYear: z.number().nullable(),
  validToYear: z.number().nullable(),
  version: z.number().int().describe('The ETag; send it back in If-Match when changing the unit'),
});
export type Unit = z.infer<typeof Unit>;

const UnitLink = z.object({ code: z.string(), kind: z.string(), year: z.number() });

/** A unit with its history: names by year, block by year, where it came from and went to, its children. */
export const UnitDetail = Unit.extend({
  names: z.array(z.object({ fromYear: z.number(), name: z.string() })),
  memberships: z.array(z.object({ year: z.number(), blockCode: z.string() })),
  predecessors: z.array(UnitLink),
  successors: z.array(UnitLink),
  children: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type UnitDetail = z.infer<typeof UnitDetail>;

/** What the caller may do with this unit (units/policies.ts). */
export const UnitCan = z.object({
  edit: z.boolean().describe('rename, move in the tree, set or remove the block of a year'),
  merge: z.boolean(),
  split: z.boolean(),
  seeAccounts: z.boolean().describe("see the unit's user accounts"),
});
export type UnitCan = z.infer<typeof UnitCan>;

/** A unit's detail as answered to a signed-in user: with what this user may do with it. */
export const UnitDetailResponse = UnitDetail.extend({ can: UnitCan });
export type UnitDetailResponse = z.infer<typeof UnitDetailResponse>;

/** What the caller may do with the units as a whole. */
export const UnitsCan = z.object({ create: z.boolean(), import: z.boolean() });
export type UnitsCan = z.infer<typeof UnitsCan>;

export const UnitList = z.object({ items: z.array(Unit), year: z.number(), can: UnitsCan });
export type UnitList = z.infer<typeof UnitList>;

export const SplitResult = z.object({ items: z.array(UnitDetailResponse) });
export type SplitResult = z.infer<typeof SplitResult>;

export const UnitImportResult = z.object({ created: z.number(), updated: z.number(), blocksCreated: z.number() });
export type UnitImportResult = z.infer<typeof UnitImportResult>;
