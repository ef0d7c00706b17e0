import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction, queryRows, type Tx } from '../../db/client.js';
import { unitLineage, unitMemberships, unitNames, units, type UnitStatus } from '../../db/schema.js';
import { isValidCode, normalizeCode } from '../../domain/codes.js';
import { foldVietnamese } from '../../domain/text.js';
import { reasonText } from '../../errors.js';
import { assertVersion } from '../../http/if-match.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { findBlockIdByCode } from '../blocks/service.js';
import { findUnitIdByCode, getUnitDetail, parents, unitHistory } from './queries.js';
import { fail, invalid, reasons } from './reasons.js';
import type { MergeUnitsBody, NewUnit, SplitUnitBody, UnitDetail, UnitPatch } from './schemas.js';

/** The writes of units: each in one transaction with its audit rows. */

/** Search finds a unit by its code and by any name it has had. */
const searchKeyOf = (code: string, names: string[]) => foldVietnamese([code, ...new Set(names)].join(' '));

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
    .select({
      code: units.code,
      name: units.name,
      parentCode: parents.code,
      status: units.status,
      validFromYear: units.validFromYear,
      validToYear: units.validToYear,
    })
    .from(units)
    .leftJoin(parents, eq(parents.id, units.parentId))
    .where(eq(units.id, id));
  const { names, memberships } = await unitHistory(tx, id);
  return { ...row!, names, memberships };
}

type InactiveStatus = Exclude<UnitStatus, 'active'>;
const NOT_ACTIVE = { merged: 'unit_merged_not_active', split: 'unit_split_not_active', dissolved: 'unit_dissolved_not_active' } as const satisfies Record<
  InactiveStatus,
  keyof typeof reasons
>;
const TARGET_NOT_ACTIVE = { merged: 'merge_target_merged', split: 'merge_target_split', dissolved: 'merge_target_dissolved' } as const satisfies Record<
  InactiveStatus,
  keyof typeof reasons
>;

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
  const [row] = await tx
    .select()
    .from(units)
    .where(eq(units.code, normalizeCode(code)));
  if (!row) throw fail('unit_not_found', { code });
  return row;
}

/** Refuses a parent that is the unit itself or one of its descendants. */
async function assertNoCycle(tx: DbOrTx, unitId: number, parentId: number) {
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`
    with recursive ancestors(id, parent_id) as (
      select id, parent_id from units where id = ${parentId}
      union all
      select u.id, u.parent_id from units u join ancestors a on u.id = a.parent_id
    ) select id from ancestors where id = ${unitId} limit 1`,
  );
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
  const history = await tx
    .select({ name: unitNames.name })
    .from(unitNames)
    .where(eq(unitNames.unitId, unitId))
    .orderBy(sql`${unitNames.fromYear} desc`);
  const current = history[0]?.name ?? name;
  await tx
    .update(units)
    .set({
      name: current,
      searchKey: searchKeyOf(
        code,
        history.map((h) => h.name),
      ),
      updatedAt: new Date(),
    })
    .where(eq(units.id, unitId));
}

/** Inserts a unit (audited); `extra` gives the parent and block by id when the caller resolved them already. */
export async function insertUnit(tx: Tx, actor: Actor, input: NewUnit, extra: { parentId?: number | null; blockId?: number | null } = {}) {
  const code = normalizeCode(input.code);
  if (!isValidCode(code)) throw invalid('code', 'unit_code_invalid');
  if ((await findUnitIdByCode(tx, code)) !== null)
    throw fail('unit_exists', { code }, { issues: [{ path: 'code', ...reasonText(reasons, 'unit_exists_field') }] });
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
  return inTransaction(db, async (tx) => {
    await insertUnit(tx, actor, input);
    return getUnitDetail(tx, input.code, input.year);
  });
}

/** Applies a change (audited when something changed); false when it changed nothing. */
export async function applyPatch(tx: Tx, actor: Actor, code: string, patch: UnitPatch): Promise<boolean> {
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
  await tx
    .update(units)
    .set({ updatedAt: new Date() })
    .where(and(eq(units.id, row.id), eq(units.version, row.version)));
  await recordAudit(tx, actor, { action: 'update', entityType: 'unit', entityId: row.code, before, after });
  return true;
}

/**
 * `expected`: the versions If-Match accepts (absent: not checked). The unit's row is locked first, so a stale version
 * is refused (409 stale_version, with the unit as it is now) and two edits cannot interleave.
 */
export async function updateUnit(db: Db, actor: Actor, code: string, patch: UnitPatch, expected?: readonly number[] | null): Promise<UnitDetail> {
  return inTransaction(db, async (tx) => {
    const [locked] = await tx
      .select({ version: units.version })
      .from(units)
      .where(eq(units.code, normalizeCode(code)))
      .for('update');
    if (!locked) throw fail('unit_not_found', { code });
    await assertVersion(expected, locked.version, () => getUnitDetail(tx, code, patch.year));
    await applyPatch(tx, actor, code, patch);
    return getUnitDetail(tx, code, patch.year);
  });
}

export async function removeMembership(db: Db, actor: Actor, code: string, year: number): Promise<UnitDetail> {
  return inTransaction(db, async (tx) => {
    const row = await loadUnitRow(tx, code);
    const before = await unitSnapshot(tx, row.id);
    const deleted = await tx
      .delete(unitMemberships)
      .where(and(eq(unitMemberships.unitId, row.id), eq(unitMemberships.year, year)))
      .returning();
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
  await tx
    .update(units)
    .set({ status, validToYear: year - 1, updatedAt: new Date() })
    .where(eq(units.id, unitId));
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

/**
 * Merges active units into a new (or existing active) unit from `year`. The sources keep their past
 * years; their children move under the target.
 */
export async function mergeUnits(db: Db, actor: Actor, input: MergeUnitsBody): Promise<UnitDetail> {
  return inTransaction(db, async (tx) => {
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
      if (codes.includes(targetCode)) throw invalid('target.code', 'merge_target_is_source');
      const target = await loadUnitRow(tx, targetCode);
      if (target.status !== 'active') throw invalid('target.code', TARGET_NOT_ACTIVE[target.status], { code: targetCode });
      await applyPatch(tx, actor, targetCode, { name: input.target.name, blockCode: input.target.blockCode ?? undefined, year: input.year });
    }
    for (const source of sources) {
      const before = await unitSnapshot(tx, source.id);
      await retireUnit(tx, source.id, 'merged', input.year);
      await tx.insert(unitLineage).values({ fromUnitId: source.id, toUnitId: targetId, kind: 'merge', year: input.year });
      const children = await tx
        .select({ code: units.code })
        .from(units)
        .where(and(eq(units.parentId, source.id), eq(units.status, 'active')));
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

/** Splits an active unit into new units from `year`; the source keeps its past years. */
export async function splitUnit(db: Db, actor: Actor, code: string, input: SplitUnitBody): Promise<UnitDetail[]> {
  return inTransaction(db, async (tx) => {
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
      const parentId =
        part.parentCode !== undefined ? (part.parentCode ? await requireUnitId(tx, part.parentCode, `into.${i}.parentCode`) : null) : source.parentId;
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
