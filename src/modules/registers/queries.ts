import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { registerEntries, units } from '../../db/schema.js';
import { REGISTER_COUNT_NAMES, REGISTER_KINDS, type RegisterCount, registerCounts, type RegisterKind } from '../../domain/registers.js';
import type { Actor } from '../auth/actor.js';
import { isUnitStaff } from '../auth/scope.js';
import { canEditUnitRegisters, canReadUnitRegisters } from './policies.js';
import { fail } from './reasons.js';
import type { RegisterEntry, RegisterList } from './schemas.js';

type EntryRow = typeof registerEntries.$inferSelect;

export async function unitOf(db: DbOrTx, code: string): Promise<{ id: number; code: string; name: string }> {
  const [unit] = await db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(eq(units.code, code.trim().toUpperCase()));
  if (!unit) throw fail('register_unit_not_found', { unit: code });
  return unit;
}

/**
 * The unit a reader looks at: the one named (refused when out of the reader's scope), else unit staff's own unit,
 * else null (every unit, for province roles).
 */
export async function readableUnit(db: DbOrTx, actor: Actor, unitCode: string | null | undefined) {
  if (unitCode) {
    const unit = await unitOf(db, unitCode);
    if (!canReadUnitRegisters(actor, unit.id)) throw fail('registers_forbidden');
    return unit;
  }
  if (isUnitStaff(actor) && actor.unitId !== null) {
    const [unit] = await db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(eq(units.id, actor.unitId));
    return unit ?? null;
  }
  return null;
}

export const entryView = (actor: Actor, row: EntryRow, unit: { code: string; name: string }): RegisterEntry => ({
  id: row.id,
  unitCode: unit.code,
  unitName: unit.name,
  year: row.year,
  register: row.register,
  code: row.code,
  title: row.title,
  entryDate: row.entryDate,
  data: row.data,
  version: row.version,
  can: { edit: canEditUnitRegisters(actor, row.unitId) },
});

/** A year's entries (of one unit and/or one register when given), with their units, sorted by unit code, register and code. */
export async function entriesOf(db: DbOrTx, year: number, unitId: number | null, register?: RegisterKind) {
  const where: SQL[] = [eq(registerEntries.year, year)];
  if (unitId !== null) where.push(eq(registerEntries.unitId, unitId));
  if (register) where.push(eq(registerEntries.register, register));
  return db
    .select({ entry: registerEntries, unitCode: units.code, unitName: units.name })
    .from(registerEntries)
    .innerJoin(units, eq(units.id, registerEntries.unitId))
    .where(and(...where))
    .orderBy(asc(units.code), asc(registerEntries.register), asc(registerEntries.code));
}

const sumCounts = (all: Iterable<Record<RegisterCount, number>>) => {
  const total = Object.fromEntries(REGISTER_COUNT_NAMES.map((n) => [n, 0])) as Record<RegisterCount, number>;
  for (const counts of all) for (const n of REGISTER_COUNT_NAMES) total[n] += counts[n];
  return total;
};

/**
 * The entries of a year of one unit (unit staff: their own by default) or of every unit, with the entries per register
 * and the register counts: the unit's (registerCounts), or without a unit the sum of each unit's counts (so
 * isoApplied counts the units applying ISO 9001).
 */
export async function listRegisters(
  db: DbOrTx,
  actor: Actor,
  year: number,
  unitCode: string | null | undefined,
  register?: RegisterKind,
): Promise<RegisterList> {
  const unit = await readableUnit(db, actor, unitCode);
  const rows = await entriesOf(db, year, unit?.id ?? null, register);
  const byUnit = new Map<number, EntryRow[]>();
  for (const { entry } of rows) byUnit.set(entry.unitId, [...(byUnit.get(entry.unitId) ?? []), entry]);
  const totals = Object.fromEntries((register ? [register] : REGISTER_KINDS).map((k) => [k, 0])) as Record<RegisterKind, number>;
  for (const { entry } of rows) totals[entry.register]++;
  return {
    year,
    unitCode: unit?.code ?? null,
    unitName: unit?.name ?? null,
    entries: rows.map((r) => entryView(actor, r.entry, { code: r.unitCode, name: r.unitName })),
    totals,
    counts: sumCounts([...byUnit.values()].map((entries) => registerCounts(entries))),
    can: { create: unit ? canEditUnitRegisters(actor, unit.id) : actor.role === 'admin' || actor.role === 'system' },
  };
}

/** Export rows of a register: unit staff get their own unit's; others every unit's, or `unitCode`'s. */
export async function exportRows(db: DbOrTx, actor: Actor, year: number, register: RegisterKind, unitCode?: string) {
  const unit = await readableUnit(db, actor, unitCode);
  return entriesOf(db, year, unit?.id ?? null, register);
}

export async function unitIdsByCode(db: DbOrTx, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ id: units.id, code: units.code })
    .from(units)
    .where(inArray(units.code, [...codes]));
  return new Map(rows.map((u) => [u.code, u.id]));
}
