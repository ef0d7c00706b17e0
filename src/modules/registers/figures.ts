import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { registerEntries } from '../../db/schema.js';
import { type RegisterCount, registerCounts, type RegisterEntryState, type RegisterKind } from '../../domain/registers.js';

/**
 * What the register formula variables read, per unit of `unitIds` and year: every register count (registerCounts;
 * all zeros for a unit without entries), and the registers that have at least one entry of the year among those
 * units (a criterion reading a register nobody filled in is "no register data", not zero).
 */
export async function registerFiguresByUnit(
  db: DbOrTx,
  year: number,
  unitIds: readonly number[],
): Promise<{ counts: Map<number, Record<RegisterCount, number>>; registersWithData: Set<RegisterKind> }> {
  const counts = new Map<number, Record<RegisterCount, number>>();
  const registersWithData = new Set<RegisterKind>();
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return { counts, registersWithData };
  const rows = await db
    .select({ unitId: registerEntries.unitId, register: registerEntries.register, data: registerEntries.data })
    .from(registerEntries)
    .where(and(eq(registerEntries.year, year), inArray(registerEntries.unitId, ids)));
  const byUnit = new Map<number, RegisterEntryState[]>();
  for (const row of rows) {
    registersWithData.add(row.register);
    const list = byUnit.get(row.unitId) ?? [];
    list.push({ register: row.register, data: row.data });
    byUnit.set(row.unitId, list);
  }
  for (const unitId of ids) counts.set(unitId, registerCounts(byUnit.get(unitId) ?? []));
  return { counts, registersWithData };
}
