import { eq } from 'drizzle-orm';
import { type Db, inTransaction, type Tx } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { registerEntries } from '../../db/schema.js';
import { checkRegisterData, type RegisterKind } from '../../domain/registers.js';
import { issuesRejected, reasonText } from '../../errors.js';
import { assertVersion } from '../../http/if-match.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { canEditUnitRegisters } from './policies.js';
import { unitOf } from './queries.js';
import { fail, reasons } from './reasons.js';
import type { RegisterEntryBody, RegisterEntryPatch } from './schemas.js';

/** Writes of register entries: one transaction each, audited with before and after (entity `register_entry`). */

type EntryRow = typeof registerEntries.$inferSelect;
const ENTITY = 'register_entry';

/** The entry's fields checked for its register, or a 400 naming each field as `data.<field>`. */
function checkedData(register: RegisterKind, raw: Record<string, unknown>) {
  const { data, issues } = checkRegisterData(register, raw);
  if (issues.length > 0)
    throw issuesRejected(
      issues.map((i) => ({ path: `data.${i.field}`, ...reasonText(reasons, i.code, i.params) })),
      true,
    );
  return data;
}

const exists = (register: RegisterKind, year: number, code: string) => fail('register_entry_exists', { register, year, code });

async function lockEntry(tx: Tx, actor: Actor, id: number): Promise<EntryRow> {
  const [entry] = await tx.select().from(registerEntries).where(eq(registerEntries.id, id)).for('update');
  if (!entry) throw fail('register_entry_not_found', { entry: String(id) });
  if (!canEditUnitRegisters(actor, entry.unitId)) throw fail('registers_forbidden');
  return entry;
}

export async function createEntry(db: Db, actor: Actor, body: RegisterEntryBody): Promise<EntryRow> {
  const data = checkedData(body.register, body.data);
  return inTransaction(db, async (tx) => {
    const unit = await unitOf(tx, body.unitCode);
    if (!canEditUnitRegisters(actor, unit.id)) throw fail('registers_forbidden');
    try {
      const [entry] = await tx
        .insert(registerEntries)
        .values({ unitId: unit.id, year: body.year, register: body.register, code: body.code, title: body.title, entryDate: body.entryDate ?? null, data })
        .returning();
      await recordAudit(tx, actor, { action: 'create', entityType: ENTITY, entityId: entry!.id, after: entry });
      return entry!;
    } catch (error) {
      if (isUniqueViolation(error)) throw exists(body.register, body.year, body.code);
      throw error;
    }
  });
}

export async function updateEntry(db: Db, actor: Actor, id: number, patch: RegisterEntryPatch, expected: number[] | null = null): Promise<EntryRow> {
  return inTransaction(db, async (tx) => {
    const before = await lockEntry(tx, actor, id);
    await assertVersion(expected, before.version, () => before);
    const data = patch.data !== undefined ? checkedData(before.register, patch.data) : undefined;
    try {
      const [after] = await tx
        .update(registerEntries)
        .set({
          ...(patch.code !== undefined ? { code: patch.code } : {}),
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.entryDate !== undefined ? { entryDate: patch.entryDate ?? null } : {}),
          ...(data !== undefined ? { data } : {}),
          updatedAt: new Date(),
        })
        .where(eq(registerEntries.id, id))
        .returning();
      await recordAudit(tx, actor, { action: 'update', entityType: ENTITY, entityId: id, before, after });
      return after!;
    } catch (error) {
      if (isUniqueViolation(error)) throw exists(before.register, before.year, patch.code ?? before.code);
      throw error;
    }
  });
}

export async function deleteEntry(db: Db, actor: Actor, id: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockEntry(tx, actor, id);
    await tx.delete(registerEntries).where(eq(registerEntries.id, id));
    await recordAudit(tx, actor, { action: 'delete', entityType: ENTITY, entityId: id, before });
  });
}
