import { eq } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { units, type UnitStatus } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { reasonText } from '../../errors.js';
import { checkRow } from '../../io/row-schema.js';
import { readTable, RowErrors, type TableFormat, writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { ensureBlock } from '../blocks/service.js';
import { applyPatch, insertUnit } from './commands.js';
import { listUnits, parents } from './queries.js';
import { reasons } from './reasons.js';
import { UNIT_FILE_ROW_COLUMNS, UnitFileRow, type UnitImportResult } from './schemas.js';

/** The units file (`code,name,block,parent_code`): import all or nothing, and export (re-importable). */

type InactiveStatus = Exclude<UnitStatus, 'active'>;
const NOT_REIMPORTED = {
  merged: 'unit_merged_not_reimported',
  split: 'unit_split_not_reimported',
  dissolved: 'unit_dissolved_not_reimported',
} as const satisfies Record<InactiveStatus, keyof typeof reasons>;

export const UNIT_FILE_COLUMNS = ['code', 'name', 'block', 'parent_code'] as const;

/**
 * Imports `code,name,block,parent_code` rows for a year: all rows are checked first and every error is
 * reported with its row; then everything is written in one transaction. Unknown blocks are created by code.
 */
export async function importUnits(db: Db, actor: Actor, file: Buffer, year: number): Promise<UnitImportResult> {
  const rows = await readTable(file, { required: UNIT_FILE_COLUMNS });
  const errors = new RowErrors();
  const firstRowOf = new Map<string, number>();
  // The API's own schema first (code pattern, codes 32 and name 300 characters), then the rules across rows. A row
  // whose code or parent_code fails it is left out of the checks on those cells, which would only repeat the problem.
  const badCells = new Map<number, Set<string>>();
  const isBad = (row: number, column: string) => badCells.get(row)?.has(column) ?? false;
  for (const { row, values } of rows) {
    const input = { code: values.code ?? '', name: values.name ?? '', blockCode: values.block ?? '', parentCode: values.parent_code || null };
    const checked = checkRow(errors, row, UnitFileRow, input, UNIT_FILE_ROW_COLUMNS);
    if (!checked.ok) {
      badCells.set(row, checked.columns);
      if (checked.columns.has('code')) continue;
    }
    const code = normalizeCode(input.code);
    if (firstRowOf.has(code)) errors.add(row, reasonText(reasons, 'unit_code_repeated', { code, row: firstRowOf.get(code)! }), 'code');
    else firstRowOf.set(code, row);
  }
  const existingRows: { code: string; id: number; status: UnitStatus; parentCode: string | null }[] = await db
    .select({ code: units.code, id: units.id, status: units.status, parentCode: parents.code })
    .from(units)
    .leftJoin(parents, eq(parents.id, units.parentId));
  const existing = new Map(existingRows.map((u) => [u.code, u]));
  for (const { row, values } of rows) {
    const parent = normalizeCode(values.parent_code ?? '');
    const code = normalizeCode(values.code ?? '');
    if (!parent || isBad(row, 'code') || isBad(row, 'parent_code')) continue;
    if (parent === code) errors.add(row, reasonText(reasons, 'unit_own_parent'), 'parent_code');
    else if (!firstRowOf.has(parent) && !existing.has(parent)) errors.add(row, reasonText(reasons, 'unit_parent_unknown', { unit: parent }), 'parent_code');
  }
  // Parent loops, in file order over the tree as it stands: the row that would close a loop is refused.
  const parentOf = new Map(existingRows.map((u) => [u.code, u.parentCode]));
  for (const { row, values } of rows) {
    const code = normalizeCode(values.code ?? '');
    const parent = normalizeCode(values.parent_code ?? '') || null;
    if (!code || parent === code || isBad(row, 'code') || isBad(row, 'parent_code')) continue;
    let ancestor = parent;
    for (let depth = 0; ancestor && ancestor !== code && depth <= parentOf.size; depth++) ancestor = parentOf.get(ancestor) ?? null;
    if (ancestor === code) errors.add(row, reasonText(reasons, 'unit_parent_cycle'), 'parent_code');
    else parentOf.set(code, parent);
  }
  for (const { row, values } of rows) {
    if (isBad(row, 'code')) continue;
    const current = existing.get(normalizeCode(values.code ?? ''));
    if (current && current.status !== 'active') errors.add(row, reasonText(reasons, NOT_REIMPORTED[current.status], { code: current.code }), 'code');
  }
  errors.throwIfAny('Unit import rejected');

  return inTransaction(db, async (tx) => {
    let created = 0;
    let blocksCreated = 0;
    const updatedCodes = new Set<string>();
    const blockIds = new Map<string, number>();
    for (const code of new Set(rows.map((r) => normalizeCode(r.values.block!)))) {
      const block = await ensureBlock(tx, actor, code);
      blockIds.set(code, block.id);
      if (block.created) blocksCreated++;
    }
    // A new unit gets its parent at once when the parent already exists; a parent that comes later in the
    // file is set in the second pass.
    const idOf = new Map([...existing].map(([code, unit]) => [code, unit.id]));
    for (const { values } of rows) {
      const code = normalizeCode(values.code!);
      const blockCode = normalizeCode(values.block!);
      if (!existing.has(code)) {
        const parentId = idOf.get(normalizeCode(values.parent_code ?? '')) ?? null;
        idOf.set(code, await insertUnit(tx, actor, { code, name: values.name!, year }, { parentId, blockId: blockIds.get(blockCode)! }));
        created++;
      } else if (await applyPatch(tx, actor, code, { name: values.name!, blockCode, year })) {
        updatedCodes.add(code);
      }
    }
    for (const { values } of rows) {
      const code = normalizeCode(values.code!);
      const parentCode = normalizeCode(values.parent_code ?? '') || null;
      if ((await applyPatch(tx, actor, code, { parentCode, year })) && existing.has(code)) updatedCodes.add(code);
    }
    return { created, updated: updatedCodes.size, blocksCreated };
  });
}

export async function exportUnits(db: Db, year: number, format: TableFormat): Promise<Buffer> {
  const list = await listUnits(db, { year });
  const rows = list.filter((u) => u.blockCode !== null).map((u) => ({ code: u.code, name: u.name, block: u.blockCode, parent_code: u.parentCode ?? '' }));
  return writeTable(format, UNIT_FILE_COLUMNS, rows, `units-${year}`);
}
