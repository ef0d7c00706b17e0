import { aliasedTable, and, asc, eq, like, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { blocks, unitLineage, unitMemberships, unitNames, units } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { containsPattern, foldVietnamese } from '../../domain/text.js';
import { fail } from './reasons.js';
import type { Unit, UnitDetail, UnitFilter } from './schemas.js';
import { intArray } from '../../db/arrays.js';

/** The reads of units: the list of a year, one unit with its history, and look-ups by code for other modules. */

export const parents = aliasedTable(units, 'parent');

function selectUnits(db: DbOrTx, year: number, where: SQL | undefined): Promise<Unit[]> {
  // The name a unit had in that year (renames keep past years' names).
  const nameInYear = sql<string>`coalesce((select n.name from ${unitNames} n where n.unit_id = ${units.id} and n.from_year <= ${year} order by n.from_year desc limit 1), ${units.name})`;
  return db
    .select({
      id: units.id,
      code: units.code,
      name: nameInYear,
      parentCode: parents.code,
      blockCode: blocks.code,
      blockName: blocks.name,
      status: units.status,
      validFromYear: units.validFromYear,
      validToYear: units.validToYear,
      version: units.version,
    })
    .from(units)
    .leftJoin(parents, eq(parents.id, units.parentId))
    .leftJoin(unitMemberships, and(eq(unitMemberships.unitId, units.id), eq(unitMemberships.year, year)))
    .leftJoin(blocks, eq(blocks.id, unitMemberships.blockId))
    .where(where)
    .orderBy(asc(units.code));
}

export async function listUnits(db: DbOrTx, filter: UnitFilter): Promise<Unit[]> {
  const conditions: SQL[] = [];
  if (filter.q) {
    for (const word of foldVietnamese(filter.q).split(' ').filter(Boolean)) conditions.push(like(units.searchKey, containsPattern(word)));
  }
  if (filter.block) conditions.push(eq(blocks.code, normalizeCode(filter.block)));
  if (filter.status) conditions.push(eq(units.status, filter.status));
  if (filter.parent) conditions.push(eq(parents.code, normalizeCode(filter.parent)));
  return selectUnits(db, filter.year, conditions.length ? and(...conditions) : undefined);
}

/** Codes of units by id. */
export async function unitCodesById(db: DbOrTx, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: units.id, code: units.code })
    .from(units)
    .where(sql`${units.id} = any(${intArray(ids)})`);
  return new Map(rows.map((r) => [r.id, r.code]));
}

export async function findUnitIdByCode(db: DbOrTx, code: string): Promise<number | null> {
  const rows = await db
    .select({ id: units.id })
    .from(units)
    .where(eq(units.code, normalizeCode(code)));
  return rows[0]?.id ?? null;
}

/** The units this one came from (predecessors) or went into (successors) by merge or split. */
function lineageLinks(db: DbOrTx, unitId: number, direction: 'predecessors' | 'successors') {
  const other = aliasedTable(units, 'other');
  const [self, linked] = direction === 'predecessors' ? [unitLineage.toUnitId, unitLineage.fromUnitId] : [unitLineage.fromUnitId, unitLineage.toUnitId];
  return db
    .select({ code: other.code, kind: unitLineage.kind, year: unitLineage.year })
    .from(unitLineage)
    .innerJoin(other, eq(other.id, linked))
    .where(eq(self, unitId))
    .orderBy(asc(other.code));
}

/** A unit's names by year and blocks by year. */
export async function unitHistory(db: DbOrTx, unitId: number) {
  // One after another: inside a transaction all queries share one connection.
  const names = await db
    .select({ fromYear: unitNames.fromYear, name: unitNames.name })
    .from(unitNames)
    .where(eq(unitNames.unitId, unitId))
    .orderBy(asc(unitNames.fromYear));
  const memberships = await db
    .select({ year: unitMemberships.year, blockCode: blocks.code })
    .from(unitMemberships)
    .innerJoin(blocks, eq(blocks.id, unitMemberships.blockId))
    .where(eq(unitMemberships.unitId, unitId))
    .orderBy(asc(unitMemberships.year));
  return { names, memberships };
}

export async function getUnitDetail(db: DbOrTx, code: string, year: number): Promise<UnitDetail> {
  const [unit] = await selectUnits(db, year, eq(units.code, normalizeCode(code)));
  if (!unit) throw fail('unit_not_found', { code });
  const { names, memberships } = await unitHistory(db, unit.id);
  const predecessors = await lineageLinks(db, unit.id, 'predecessors');
  const successors = await lineageLinks(db, unit.id, 'successors');
  const children = await db.select({ code: units.code, name: units.name }).from(units).where(eq(units.parentId, unit.id)).orderBy(asc(units.code));
  return { ...unit, names, memberships, predecessors, successors, children };
}
