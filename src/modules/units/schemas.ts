import { z } from 'zod';
import { Code, Name, Year } from '../../http/schemas.js';
import type { RowColumn } from '../../io/row-schema.js';
import { CODE_HINT } from '../blocks/schemas.js';

/**
 * The write requests of units: one contract for the API (routes.ts) and the file import (service.ts), so a file
 * refuses exactly what the API refuses. Limits: codes 32 characters (letters, digits, _ . -), name 300.
 */

/** A unit as created (POST /units, the target of a merge, each part of a split). */
export const NewUnitPart = z.object({ code: Code, name: Name, parentCode: Code.nullish(), blockCode: Code.nullish() });
export const NewUnitBody = NewUnitPart.extend({ year: Year.optional() });
export const UnitMembershipBody = z.object({ blockCode: Code });
export const MergeUnitsBody = z.object({ sourceCodes: z.array(Code).min(2).max(50), target: NewUnitPart, year: Year });
export const SplitUnitBody = z.object({ into: z.array(NewUnitPart).min(2).max(50), year: Year });

/** What one row of a units file (`code,name,block,parent_code`) must be: a new unit as the API takes it. */
export const UnitFileRow = NewUnitPart.extend({ blockCode: Code });

export const UNIT_FILE_ROW_COLUMNS: Record<keyof z.infer<typeof UnitFileRow>, RowColumn> = {
  code: { column: 'code', hint: CODE_HINT },
  name: { column: 'name' },
  blockCode: { column: 'block', label: 'block code', hint: '' },
  parentCode: { column: 'parent_code', label: 'parent unit code', hint: CODE_HINT },
};

/** PATCH /units/:code: rename from `year` on, move in the tree, or set the block of `year`. */
export const UnitPatchBody = z.object({ name: Name.optional(), parentCode: Code.nullable().optional(), blockCode: Code.optional(), year: Year.optional() });
