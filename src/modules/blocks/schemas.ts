import { z } from 'zod';
import { Code, Name, Year } from '../../http/schemas.js';
import type { RowColumn } from '../../io/row-schema.js';

/**
 * The write requests of blocks: one contract for the API (routes.ts) and the file import (service.ts), so a file
 * refuses exactly what the API refuses. Limits: code 32 characters (letters, digits, _ . -), name 300.
 */

export const NewBlockBody = z.object({ code: Code, name: Name });
export const BlockPatchBody = z.object({ name: Name });

/** What one row of a blocks file (`code,name`) must be: a new block as the API takes it. */
export const BlockFileRow = NewBlockBody;

export const CODE_HINT = 'letters, digits, _ . - ; at most 32';
export const BLOCK_FILE_COLUMNS: Record<keyof z.infer<typeof BlockFileRow>, RowColumn> = {
  code: { column: 'code', hint: CODE_HINT },
  name: { column: 'name' },
};

export type NewBlockBody = z.infer<typeof NewBlockBody>;
export type BlockPatchBody = z.infer<typeof BlockPatchBody>;
export const BlockListQuery = z.object({ year: Year.optional() });

// Responses.

/** A block with the number of its member units in a year. */
export const Block = z.object({ id: z.number(), code: z.string(), name: z.string(), unitCount: z.number() });
export type Block = z.infer<typeof Block>;

/** What the caller may do with blocks. */
export const BlocksCan = z.object({ create: z.boolean(), edit: z.boolean(), delete: z.boolean(), import: z.boolean() });
export type BlocksCan = z.infer<typeof BlocksCan>;

export const BlockList = z.object({ items: z.array(Block), can: BlocksCan });
export type BlockList = z.infer<typeof BlockList>;

export const BlockImportResult = z.object({ created: z.number(), updated: z.number() });
export type BlockImportResult = z.infer<typeof BlockImportResult>;
