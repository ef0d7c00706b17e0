import { asc, eq, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction, type Tx } from '../../db/client.js';
import { blocks, unitMemberships } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { reasonText } from '../../errors.js';
import { fail, reasons } from './reasons.js';
import { checkRow } from '../../io/row-schema.js';
import { readTable, RowErrors } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { type Block, BLOCK_FILE_COLUMNS, BlockFileRow, type BlockImportResult, type BlockPatchBody, type NewBlockBody } from './schemas.js';

async function selectBlocks(db: DbOrTx, year: number, code?: string): Promise<Block[]> {
  return db
    .select({
      id: blocks.id,
      code: blocks.code,
      name: blocks.name,
      unitCount: sql<number>`(select count(*)::int from ${unitMemberships} m where m.block_id = ${blocks.id} and m.year = ${year})`,
    })
    .from(blocks)
    .where(code ? eq(blocks.code, normalizeCode(code)) : undefined)
    .orderBy(asc(blocks.code));
}

export const listBlocks = (db: Db, year: number) => selectBlocks(db, year);

export async function getBlock(db: DbOrTx, code: string, year: number): Promise<Block> {
  const [block] = await selectBlocks(db, year, code);
  if (!block) throw fail('block_not_found', { code });
  return block;
}

export async function findBlockIdByCode(db: DbOrTx, code: string): Promise<number | null> {
  const rows = await db
    .select({ id: blocks.id })
    .from(blocks)
    .where(eq(blocks.code, normalizeCode(code)));
  return rows[0]?.id ?? null;
}

function snapshot(block: { id: number; code: string; name: string }) {
  return { id: block.id, code: block.code, name: block.name };
}

async function insertBlock(tx: Tx, actor: Actor, code: string, name: string) {
  const [row] = await tx
    .insert(blocks)
    .values({ code: normalizeCode(code), name: name.trim() })
    .returning();
  await recordAudit(tx, actor, { action: 'create', entityType: 'block', entityId: row!.code, after: snapshot(row!) });
  return row!;
}

/** Returns the block's id, creating it (named by its code, audited) when a file names a new block. */
export async function ensureBlock(tx: Tx, actor: Actor, code: string): Promise<{ id: number; created: boolean }> {
  const id = await findBlockIdByCode(tx, code);
  if (id !== null) return { id, created: false };
  return { id: (await insertBlock(tx, actor, code, normalizeCode(code))).id, created: true };
}

export async function createBlock(db: Db, actor: Actor, input: NewBlockBody, year: number): Promise<Block> {
  return inTransaction(db, async (tx) => {
    if ((await findBlockIdByCode(tx, input.code)) !== null) {
      throw fail('block_exists', { code: normalizeCode(input.code) });
    }
    await insertBlock(tx, actor, input.code, input.name);
    return getBlock(tx, input.code, year);
  });
}

export async function updateBlock(db: Db, actor: Actor, code: string, input: BlockPatchBody, year: number): Promise<Block> {
  return inTransaction(db, async (tx) => {
    const before = await getBlock(tx, code, year);
    const [after] = await tx.update(blocks).set({ name: input.name.trim(), updatedAt: new Date() }).where(eq(blocks.id, before.id)).returning();
    await recordAudit(tx, actor, { action: 'update', entityType: 'block', entityId: before.code, before: snapshot(before), after: snapshot(after!) });
    return getBlock(tx, code, year);
  });
}

export async function deleteBlock(db: Db, actor: Actor, code: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [block] = await tx
      .select()
      .from(blocks)
      .where(eq(blocks.code, normalizeCode(code)));
    if (!block) throw fail('block_not_found', { code });
    const members = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(unitMemberships)
      .where(eq(unitMemberships.blockId, block.id));
    if ((members[0]?.n ?? 0) > 0) {
      throw fail('block_has_members', { code: block.code });
    }
    await tx.delete(blocks).where(eq(blocks.id, block.id));
    await recordAudit(tx, actor, { action: 'delete', entityType: 'block', entityId: block.code, before: snapshot(block) });
  });
}

/** Imports `code,name` rows: all or nothing. */
export async function importBlocks(db: Db, actor: Actor, file: Buffer): Promise<BlockImportResult> {
  const rows = await readTable(file, { required: ['code', 'name'] });
  const errors = new RowErrors();
  const seen = new Map<string, number>();
  const checked: { code: string; name: string }[] = [];
  for (const { row, values } of rows) {
    // The API's own schema: the same code pattern and lengths (code 32, name 300).
    const result = checkRow(errors, row, BlockFileRow, { code: values.code ?? '', name: values.name ?? '' }, BLOCK_FILE_COLUMNS);
    if (!result.ok) continue;
    const code = normalizeCode(result.value.code);
    if (seen.has(code)) errors.add(row, reasonText(reasons, 'block_code_repeated', { code, row: seen.get(code)! }), 'code');
    else {
      seen.set(code, row);
      checked.push({ code, name: result.value.name });
    }
  }
  errors.throwIfAny('Block import rejected');
  return inTransaction(db, async (tx) => {
    let created = 0;
    let updated = 0;
    for (const { code, name } of checked) {
      const [existing] = await tx.select().from(blocks).where(eq(blocks.code, code));
      if (!existing) {
        await insertBlock(tx, actor, code, name);
        created++;
      } else if (existing.name !== name) {
        const [after] = await tx.update(blocks).set({ name, updatedAt: new Date() }).where(eq(blocks.id, existing.id)).returning();
        await recordAudit(tx, actor, { action: 'update', entityType: 'block', entityId: code, before: snapshot(existing), after: snapshot(after!) });
        updated++;
      }
    }
    return { created, updated };
  });
}
