import { z } from 'zod';
import { Code, Name } from '../../http/schemas.js';
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
