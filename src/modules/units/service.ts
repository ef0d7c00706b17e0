import { aliasedTable, and, asc, eq, gte, inArray, like, sql, type SQL } from 'drizzle-orm';
import { type Db, type DbOrTx, queryRows } from '../../db/client.js';
import { blocks, unitLineage, unitMemberships, unitNames, units, type UnitStatus } from '../../db/schema.js';
import { isValidCode, normalizeCode } from '../../domain/codes.js';
import { checkRow } from '../../io/row-schema.js';
import { foldVietnamese } from '../../domain/text.js';
import { assertVersion } from '../../http/if-match.js';
import { reasonText } from '../../errors.js';
import { fail, invalid, reasons } from './reasons.js';
import { readTable, RowErrors, type TableFormat, writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { ensureBlock, findBlockIdByCode } from '../blocks/service.js';
import { UNIT_FILE_ROW_COLUMNS, UnitFileRow } from './schemas.js';

export interface UnitView {
  id: number;
  code: string;
  name: string;
  parentCode: string | null;
  blockCode: string | null;
  blockName: string | null;
  status: UnitStatus;
  validFromYear: number | null;
  validToYear: number | null;
  /** Optimistic concurrency: the ETag; PATCH may send it back in If-Match. Raised by every change of the unit. */
  version: number;
}

export interface UnitDetail extends UnitView {
  names: { fromYear: number; name: string }[];
  memberships: { year: number; blockCode: string }[];
  predecessors: { code: string; kind: string; year: number }[];
  successors: { code: string; kind: string; year: number }[];
  children: { code: string; name: string }[];
}

export interface UnitFilter {
  year: number;
  q?: string;
  block?: string;
  status?: UnitStatus;
  parent?: string;
}

const parents = aliasedTable(units, 'parent');

/** Search finds a unit by its code and by any name it has had. */
const searchKeyOf = (code: string, names: string[]) => foldVietnamese([code, ...new Set(names)].join(' '));

function selectUnits(db: DbOrTx, year: number, where: SQL | undefined): Promise<UnitView[]> {
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

export async function listUnits(db: DbOrTx, filter: UnitFilter): Promise<UnitView[]> {
  const conditions: SQL[] = [];
  if (filter.q) {
    for (const word of foldVietnamese(filter.q).split(' ').filter(Boolean)) {
      conditions.push(like(units.searchKey, `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    }
  }
  if (filter.block) conditions.push(eq(blocks.code, normalizeCode(filter.block)));
  if (filter.status) conditions.push(eq(units.status, filter.status));
  if (filter.parent) conditions.push(eq(parents.code, normalizeCode(filter.parent)));
  return selectUnits(db, filter.year, conditions.length ? and(...conditions) : undefined);
}

/** Codes of units by id. */
export async function unitCodesById(db: DbOrTx, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: units.id, code: units.code }).from(units).where(inArray(units.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.code]));
}

export async function findUnitIdByCode(db: DbOrTx, code: string): Promise<number | null> {
  const rows = await db.select({ id: units.id }).from(units).where(eq(units.code, normalizeCode(code)));
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

export async function getUnitDetail(db: DbOrTx, code: string, year: number): Promise<UnitDetail> {
  const [unit] = await selectUnits(db, year, eq(units.code, normalizeCode(code)));
  if (!unit) throw fail('unit_not_found', { code });
  // One after another: inside a transaction all queries share one connection.
  const names = await db.select({ fromYear: unitNames.fromYear, name: unitNames.name }).from(unitNames).where(eq(unitNames.unitId, unit.id)).orderBy(asc(unitNames.fromYear));
  const memberships = await db
      .select({ year: unitMemberships.year, blockCode: blocks.code })
      .from(unitMemberships)
      .innerJoin(blocks, eq(blocks.id, unitMemberships.blockId))
      .where(eq(unitMemberships.unitId, unit.id))
      .orderBy(asc(unitMemberships.year));
  const predecessors = await lineageLinks(db, unit.id, 'predecessors');
  const successors = await lineageLinks(db, unit.id, 'successors');
  const children = await db.select({ code: units.code, name: units.name }).from(units).where(eq(units.parentId, unit.id)).orderBy(asc(units.code));
  return { ...unit, names, memberships, predecessors, successors, children };
}

interface UnitSnapshotRow {
  code: string;
  name: string;
  parentCode: string | null;
  status: UnitStatus;
  validFromYear: number | null;
  validToYear: number | null;
}

/** What the audit log keeps of a unit: its fields, names by year and memberships by year. */
async function unitSnapshot(tx: DbOrTx, id: number) {
  const [row]: UnitSnapshotRow[] = await tx
    .select({ code: units.code, name: units.name, parentCode: parents.code, status: units.status, validFromYear: units.validFromYear, validToYear: units.validToYear })
    .from(units)
    .leftJoin(parents, eq(parents.id, units.parentId))
    .where(eq(units.id, id));
  const memberships = await tx
    .select({ year: unitMemberships.year, blockCode: blocks.code })
    .from(unitMemberships)
    .innerJoin(blocks, eq(blocks.id, unitMemberships.blockId))
    .where(eq(unitMemberships.unitId, id))
    .orderBy(asc(unitMemberships.year));
  const names = await tx.select({ fromYear: unitNames.fromYear, name: unitNames.name }).from(unitNames).where(eq(unitNames.unitId, id)).orderBy(asc(unitNames.fromYear));
  return { ...row!, names, memberships };
}

type InactiveStatus = Exclude<UnitStatus, 'active'>;
const NOT_ACTIVE = { merged: 'unit_merged_not_active', split: 'unit_split_not_active', dissolved: 'unit_dissolved_not_active' } as const satisfies Record<InactiveStatus, keyof typeof reasons>;
const TARGET_NOT_ACTIVE = { merged: 'merge_target_merged', split: 'merge_target_split', dissolved: 'merge_target_dissolved' } as const satisfies Record<InactiveStatus, keyof typeof reasons>;
const NOT_REIMPORTED = { merged: 'unit_merged_not_reimported', split: 'unit_split_not_reimported', dissolved: 'unit_dissolved_not_reimported' } as const satisfies Record<InactiveStatus, keyof typeof reasons>;

async function requireBlockId(tx: DbOrTx, code: string, path = 'blockCode'): Promise<number> {
  const id = await findBlockIdByCode(tx, code);
  if (id === null) throw invalid(path, 'unit_block_unknown', { block: normalizeCode(code) });
  return id;
}

async function requireUnitId(tx: DbOrTx, code: string, path: string): Promise<number> {
  const id = await findUnitIdByCode(tx, code);
  if (id === null) throw invalid(path, 'unit_unknown', { unit: normalizeCode(code) });
  return id;
}

async function loadUnitRow(tx: DbOrTx, code: string) {
  const [row] = await tx.select().from(units).where(eq(units.code, normalizeCode(code)));
  if (!row) throw fail('unit_not_found', { code });
  return row;
}

/** Refuses a parent that is the unit itself or one of its descendants. */
async function assertNoCycle(tx: DbOrTx, unitId: number, parentId: number) {
  const rows = await queryRows<{ id: number }>(tx, sql`
    with recursive ancestors(id, parent_id) as (
      select id, parent_id from units where id = ${parentId}
      union all
      select u.id, u.parent_id from units u join ancestors a on u.id = a.parent_id
    ) select id from ancestors where id = ${unitId} limit 1`);
  if (rows.length) throw invalid('parentCode', 'unit_parent_cycle');
}

async function setMembershipRow(tx: DbOrTx, unitId: number, year: number, blockId: number) {
  await tx
    .insert(unitMemberships)
    .values({ unitId, year, blockId })
    .onConflictDoUpdate({ target: [unitMemberships.unitId, unitMemberships.year], set: { blockId } });
}

async function setName(tx: DbOrTx, unitId: number, code: string, name: string, fromYear: number) {
  await tx
    .insert(unitNames)
    .values({ unitId, fromYear, name })
    .onConflictDoUpdate({ target: [unitNames.unitId, unitNames.fromYear], set: { name } });
  // The current name is the one from the latest year on record.
  const history = await tx.select({ name: unitNames.name }).from(unitNames).where(eq(unitNames.unitId, unitId)).orderBy(sql`${unitNames.fromYear} desc`);
  const current = history[0]?.name ?? name;
  await tx
    .update(units)
    .set({ name: current, searchKey: searchKeyOf(code, history.map((h) => h.name)), updatedAt: new Date() })
    .where(eq(units.id, unitId));
}

export interface NewUnit {
  code: string;
  name: string;
  parentCode?: string | null;
  blockCode?: string | null;
  year: number;
}

async function insertUnit(tx: DbOrTx, actor: Actor, input: NewUnit, extra: { parentId?: number | null; blockId?: number | null } = {}) {
  const code = normalizeCode(input.code);
  if (!isValidCode(code)) throw invalid('code', 'unit_code_invalid');
  if ((await findUnitIdByCode(tx, code)) !== null) throw fail('unit_exists', { code }, { issues: [{ path: 'code', ...reasonText(reasons, 'unit_exists_field') }] });
  const parentId = extra.parentId !== undefined ? extra.parentId : input.parentCode ? await requireUnitId(tx, input.parentCode, 'parentCode') : null;
  const blockId = extra.blockId !== undefined ? extra.blockId : input.blockCode ? await requireBlockId(tx, input.blockCode) : null;
  const name = input.name.trim();
  const [row] = await tx
    .insert(units)
    .values({ code, name, searchKey: searchKeyOf(code, [name]), parentId, status: 'active', validFromYear: input.year })
    .returning({ id: units.id });
  await tx.insert(unitNames).values({ unitId: row!.id, fromYear: input.year, name });
  if (blockId !== null) await setMembershipRow(tx, row!.id, input.year, blockId);
  await recordAudit(tx, actor, { action: 'create', entityType: 'unit', entityId: code, after: await unitSnapshot(tx, row!.id) });
  return row!.id;
}

export async function createUnit(db: Db, actor: Actor, input: NewUnit): Promise<UnitDetail> {
  return db.transaction(async (tx) => {
    await insertUnit(tx, actor, input);
    return getUnitDetail(tx, input.code, input.year);
  });
}

export interface UnitPatch {
  name?: string;
  parentCode?: string | null;
  blockCode?: string;
  year: number;
}

async function applyPatch(tx: DbOrTx, actor: Actor, code: string, patch: UnitPatch): Promise<boolean> {
  const row = await loadUnitRow(tx, code);
  const before = await unitSnapshot(tx, row.id);
  if (patch.name !== undefined) {
    const currentInYear = (await getUnitDetail(tx, row.code, patch.year)).name;
    if (currentInYear !== patch.name.trim()) await setName(tx, row.id, row.code, patch.name.trim(), patch.year);
  }
  if (patch.parentCode !== undefined) {
    const parentId = patch.parentCode ? await requireUnitId(tx, patch.parentCode, 'parentCode') : null;
    if (parentId !== null) await assertNoCycle(tx, row.id, parentId);
    if (parentId !== row.parentId) await tx.update(units).set({ parentId, updatedAt: new Date() }).where(eq(units.id, row.id));
  }
  if (patch.blockCode !== undefined) {
    await setMembershipRow(tx, row.id, patch.year, await requireBlockId(tx, patch.blockCode));
  }
  const after = await unitSnapshot(tx, row.id);
  if (JSON.stringify(before) === JSON.stringify(after)) return false;
  // Names and blocks live in their own tables: touching the row raises its version (trigger bump_version), unless a
  // change of the row itself already did.
  await tx.update(units).set({ updatedAt: new Date() }).where(and(eq(units.id, row.id), eq(units.version, row.version)));
  await recordAudit(tx, actor, { action: 'update', entityType: 'unit', entityId: row.code, before, after });
  return true;
}

/**
 * `expected`: the versions If-Match accepts (absent: not checked). The unit's row is locked first, so a stale version
 * is refused (409 stale_version, with the unit as it is now) and two edits cannot interleave.
 */
export async function updateUnit(db: Db, actor: Actor, code: string, patch: UnitPatch, expected?: readonly number[] | null): Promise<UnitDetail> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ version: units.version }).from(units).where(eq(units.code, normalizeCode(code))).for('update');
    if (!locked) throw fail('unit_not_found', { code });
    await assertVersion(expected, locked.version, () => getUnitDetail(tx, code, patch.year));
    await applyPatch(tx, actor, code, patch);
    return getUnitDetail(tx, code, patch.year);
  });
}

export async function removeMembership(db: Db, actor: Actor, code: string, year: number): Promise<UnitDetail> {
  return db.transaction(async (tx) => {
    const row = await loadUnitRow(tx, code);
    const before = await unitSnapshot(tx, row.id);
    const deleted = await tx.delete(unitMemberships).where(and(eq(unitMemberships.unitId, row.id), eq(unitMemberships.year, year))).returning();
    if (!deleted.length) throw fail('unit_membership_not_found', { code: row.code, year });
    await recordAudit(tx, actor, { action: 'update', entityType: 'unit', entityId: row.code, before, after: await unitSnapshot(tx, row.id) });
    return getUnitDetail(tx, code, year);
  });
}

/** A unit can only end (merge, split) from a year after its first one, so that it keeps at least one year. */
function assertExistsBefore(unit: { code: string; validFromYear: number | null }, year: number, path: string) {
  if (unit.validFromYear !== null && year <= unit.validFromYear) {
    throw invalid(path, 'unit_too_new_to_end', { code: unit.code, from: unit.validFromYear, next: unit.validFromYear + 1 });
  }
}

/** Ends a unit at the end of year − 1: it stays in past years, leaves the later ones. */
async function retireUnit(tx: DbOrTx, unitId: number, status: 'merged' | 'split', year: number) {
  await tx.update(units).set({ status, validToYear: year - 1, updatedAt: new Date() }).where(eq(units.id, unitId));
  await tx.delete(unitMemberships).where(and(eq(unitMemberships.unitId, unitId), gte(unitMemberships.year, year)));
}

async function blockOf(tx: DbOrTx, unitId: number, year: number): Promise<number | null> {
  const [row] = await tx
    .select({ blockId: unitMemberships.blockId })
    .from(unitMemberships)
    .where(and(eq(unitMemberships.unitId, unitId), sql`${unitMemberships.year} <= ${year}`))
    .orderBy(sql`${unitMemberships.year} desc`)
    .limit(1);
  return row?.blockId ?? null;
}

export interface MergeInput {
  sourceCodes: string[];
  target: { code: string; name: string; parentCode?: string | null; blockCode?: string | null };
  year: number;
}

/**
 * Merges active units into a new (or existing active) unit from `year`. The sources keep their past
 * years; their children move under the target.
 */
export async function mergeUnits(db: Db, actor: Actor, input: MergeInput): Promise<UnitDetail> {
  return db.transaction(async (tx) => {
    const codes = [...new Set(input.sourceCodes.map(normalizeCode))];
    if (codes.length < 2) throw invalid('sourceCodes', 'merge_needs_two_units');
    const targetCode = normalizeCode(input.target.code);
    const sources = await tx.select().from(units).where(inArray(units.code, codes));
    for (const code of codes) {
      const source = sources.find((s) => s.code === code);
      if (!source) throw invalid('sourceCodes', 'unit_unknown', { unit: code });
      if (source.status !== 'active') throw invalid('sourceCodes', NOT_ACTIVE[source.status], { code });
      assertExistsBefore(source, input.year, 'year');
    }
    const defaultBlock = await blockOf(tx, sources[0]!.id, input.year);
    const blockId = input.target.blockCode ? await requireBlockId(tx, input.target.blockCode, 'target.blockCode') : defaultBlock;
    let targetId = await findUnitIdByCode(tx, targetCode);
    if (targetId === null) {
      targetId = await insertUnit(tx, actor, { ...input.target, year: input.year }, { blockId });
    } else {
      if (!codes.includes(targetCode)) {
        const target = await loadUnitRow(tx, targetCode);
        if (target.status !== 'active') throw invalid('target.code', TARGET_NOT_ACTIVE[target.status], { code: targetCode });
      } else {
        throw invalid('target.code', 'merge_target_is_source');
      }
      await applyPatch(tx, actor, targetCode, { name: input.target.name, blockCode: input.target.blockCode ?? undefined, year: input.year });
    }
    for (const source of sources) {
      const before = await unitSnapshot(tx, source.id);
      await retireUnit(tx, source.id, 'merged', input.year);
      await tx.insert(unitLineage).values({ fromUnitId: source.id, toUnitId: targetId, kind: 'merge', year: input.year });
      const children = await tx.select({ code: units.code }).from(units).where(and(eq(units.parentId, source.id), eq(units.status, 'active')));
      for (const child of children) await applyPatch(tx, actor, child.code, { parentCode: targetCode, year: input.year });
      await recordAudit(tx, actor, {
        action: 'merge',
        entityType: 'unit',
        entityId: source.code,
        before,
        after: { ...(await unitSnapshot(tx, source.id)), mergedInto: targetCode },
      });
    }
    return getUnitDetail(tx, targetCode, input.year);
  });
}

export interface SplitInput {
  into: { code: string; name: string; parentCode?: string | null; blockCode?: string | null }[];
  year: number;
}

/** Splits an active unit into new units from `year`; the source keeps its past years. */
export async function splitUnit(db: Db, actor: Actor, code: string, input: SplitInput): Promise<UnitDetail[]> {
  return db.transaction(async (tx) => {
    const source = await loadUnitRow(tx, code);
    if (source.status !== 'active') throw invalid('code', NOT_ACTIVE[source.status], { code: source.code });
    assertExistsBefore(source, input.year, 'year');
    const codes = input.into.map((u) => normalizeCode(u.code));
    if (codes.length < 2) throw invalid('into', 'split_needs_two_units');
    if (new Set(codes).size !== codes.length) throw invalid('into', 'split_codes_repeated');
    const defaultBlock = await blockOf(tx, source.id, input.year);
    const before = await unitSnapshot(tx, source.id);
    const created: number[] = [];
    for (const [i, part] of input.into.entries()) {
      const blockId = part.blockCode ? await requireBlockId(tx, part.blockCode, `into.${i}.blockCode`) : defaultBlock;
      const parentId = part.parentCode !== undefined ? (part.parentCode ? await requireUnitId(tx, part.parentCode, `into.${i}.parentCode`) : null) : source.parentId;
      created.push(await insertUnit(tx, actor, { ...part, year: input.year }, { blockId, parentId }));
    }
    await retireUnit(tx, source.id, 'split', input.year);
    for (const toUnitId of created) {
      await tx.insert(unitLineage).values({ fromUnitId: source.id, toUnitId, kind: 'split', year: input.year });
    }
    await recordAudit(tx, actor, {
      action: 'split',
      entityType: 'unit',
      entityId: source.code,
      before,
      after: { ...(await unitSnapshot(tx, source.id)), splitInto: codes },
    });
    const details: UnitDetail[] = [];
    for (const c of codes) details.push(await getUnitDetail(tx, c, input.year));
    return details;
  });
}

export const UNIT_FILE_COLUMNS = ['code', 'name', 'block', 'parent_code'] as const;

/**
 * Imports `code,name,block,parent_code` rows for a year: all rows are checked first and every error is
 * reported with its row; then everything is written in one transaction. Unknown blocks are created by code.
 */
export async function importUnits(db: Db, actor: Actor, file: Buffer, year: number) {
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

  return db.transaction(async (tx) => {
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
  const rows = list
    .filter((u) => u.blockCode !== null)
    .map((u) => ({ code: u.code, name: u.name, block: u.blockCode, parent_code: u.parentCode ?? '' }));
  return writeTable(format, UNIT_FILE_COLUMNS, rows, `units-${year}`);
}
