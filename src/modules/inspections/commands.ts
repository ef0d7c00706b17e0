import { and, eq, inArray } from 'drizzle-orm';
import { type Db, inTransaction, type Tx } from '../../db/client.js';
import { inspectionFindings, inspectionMembers, inspections, remediationItems, units, users } from '../../db/schema.js';
import { assertVersion } from '../../http/if-match.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { canCloseRemediation, canEditInspection, isOrganizer } from './policies.js';
import { fail, invalid } from './reasons.js';
import {
  type ClosureBody,
  type FindingBody,
  INSPECTOR_ROLES,
  type InspectionBody,
  type InspectionPatchBody,
  type MemberBody,
  type RemediationBody,
} from './schemas.js';

/**
 * Writes of inspections, their findings and remediation items: one transaction each, the inspection locked first,
 * audited with before and after; edits check If-Match against the row's version.
 */

type InspectionRow = typeof inspections.$inferSelect;
type Locked = { inspection: InspectionRow; memberIds: number[]; members: { userId: number; lead: boolean }[] };

async function lockInspection(tx: Tx, actor: Actor, id: number): Promise<Locked> {
  const [inspection] = await tx.select().from(inspections).where(eq(inspections.id, id)).for('update');
  // Unit staff of another unit: it does not exist for them.
  if (!inspection || ((actor.role === 'unit_officer' || actor.role === 'unit_leader') && actor.unitId !== inspection.unitId)) {
    throw fail('inspection_not_found', { inspection: String(id) });
  }
  const members = await tx
    .select({ userId: inspectionMembers.userId, lead: inspectionMembers.lead })
    .from(inspectionMembers)
    .where(eq(inspectionMembers.inspectionId, id));
  return { inspection, members, memberIds: members.map((m) => m.userId) };
}

/** Locks the inspection for an edit by the organizer or its team. */
async function lockForEdit(tx: Tx, actor: Actor, id: number): Promise<Locked> {
  const locked = await lockInspection(tx, actor, id);
  if (!canEditInspection(actor, locked.memberIds)) throw fail('inspection_not_on_team');
  return locked;
}

async function activeUnit(tx: Tx, code: string): Promise<number> {
  const [unit] = await tx.select({ id: units.id, status: units.status }).from(units).where(eq(units.code, code.toUpperCase()));
  if (!unit) throw fail('inspection_unit_not_found', { unit: code });
  if (unit.status !== 'active') throw invalid('unitCode', 'inspection_unit_inactive', { unit: code.toUpperCase() });
  return unit.id;
}

/** The team's accounts must be active admin, appraiser or council accounts. */
async function checkMembers(tx: Tx, members: readonly MemberBody[]): Promise<void> {
  if (members.length === 0) return;
  const ids = members.map((m) => m.userId);
  const found = await tx.select({ id: users.id, role: users.role, disabled: users.disabled }).from(users).where(inArray(users.id, ids));
  const ok = new Set(found.filter((u) => !u.disabled && (INSPECTOR_ROLES as readonly string[]).includes(u.role)).map((u) => u.id));
  const index = ids.findIndex((id) => !ok.has(id));
  if (index >= 0) throw invalid(`members.${index}.userId`, 'inspection_member_invalid', { user: ids[index]! });
}

async function replaceMembers(tx: Tx, id: number, members: readonly MemberBody[]): Promise<void> {
  await tx.delete(inspectionMembers).where(eq(inspectionMembers.inspectionId, id));
  if (members.length > 0) await tx.insert(inspectionMembers).values(members.map((m) => ({ inspectionId: id, userId: m.userId, lead: m.lead })));
}

/** An inspection of the year's plan (organizer only), planned. */
export async function createInspection(db: Db, actor: Actor, year: number, body: InspectionBody): Promise<InspectionRow> {
  if (!isOrganizer(actor)) throw fail('inspection_organizer_only');
  return inTransaction(db, async (tx) => {
    const unitId = await activeUnit(tx, body.unitCode);
    await checkMembers(tx, body.members);
    const [row] = await tx
      .insert(inspections)
      .values({
        year,
        unitId,
        plannedFrom: body.plannedFrom ?? null,
        plannedTo: body.plannedTo ?? null,
        decisionNo: body.decisionNo || null,
        areas: body.areas,
      })
      .returning();
    await replaceMembers(tx, row!.id, body.members);
    await recordAudit(tx, actor, { action: 'create', entityType: 'inspection', entityId: row!.id, after: { ...row, members: body.members } });
    return row!;
  });
}

/** The state's requirements: conducted needs its date; concluded needs the conclusion and its date. */
function checkStatus(next: Pick<InspectionRow, 'status' | 'conductedOn' | 'conclusion' | 'concludedOn'>): void {
  if (next.status === 'planned') return;
  if (!next.conductedOn) throw invalid('conductedOn', 'inspection_conducted_without_date');
  if (next.status !== 'concluded') return;
  if (!next.conclusion?.trim()) throw invalid('conclusion', 'inspection_conclusion_required');
  if (!next.concludedOn) throw invalid('concludedOn', 'inspection_concluded_without_date');
  if (next.concludedOn < next.conductedOn) throw invalid('concludedOn', 'inspection_concluded_before_conducted');
}

/**
 * Edits an inspection: its team edits dates, decision number, areas, status and conclusion; the organizer also its
 * unit and team. A stale If-Match version is refused.
 */
export async function updateInspection(db: Db, actor: Actor, id: number, patch: InspectionPatchBody, expected: number[] | null = null): Promise<InspectionRow> {
  return inTransaction(db, async (tx) => {
    const { inspection: before, members } = await lockForEdit(tx, actor, id);
    if ((patch.unitCode !== undefined || patch.members !== undefined) && !isOrganizer(actor)) throw fail('inspection_organizer_only');
    await assertVersion(expected, before.version, () => before);
    const values: Partial<InspectionRow> = {};
    if (patch.unitCode !== undefined) values.unitId = await activeUnit(tx, patch.unitCode);
    if (patch.plannedFrom !== undefined) values.plannedFrom = patch.plannedFrom ?? null;
    if (patch.plannedTo !== undefined) values.plannedTo = patch.plannedTo ?? null;
    if (patch.decisionNo !== undefined) values.decisionNo = patch.decisionNo || null;
    if (patch.areas !== undefined) values.areas = patch.areas;
    if (patch.status !== undefined) values.status = patch.status;
    if (patch.conductedOn !== undefined) values.conductedOn = patch.conductedOn ?? null;
    if (patch.conclusion !== undefined) values.conclusion = patch.conclusion || null;
    if (patch.concludedOn !== undefined) values.concludedOn = patch.concludedOn ?? null;
    const next = { ...before, ...values };
    if (next.plannedFrom && next.plannedTo && next.plannedFrom > next.plannedTo) throw invalid('plannedTo', 'inspection_dates_reversed');
    checkStatus(next);
    if (patch.members !== undefined) {
      await checkMembers(tx, patch.members);
      await replaceMembers(tx, id, patch.members);
    }
    const [after] = await tx
      .update(inspections)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(inspections.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'update',
      entityType: 'inspection',
      entityId: id,
      before: { ...before, members },
      after: { ...after, members: patch.members ?? members },
    });
    return after!;
  });
}

/** Deletes an inspection with its team, findings and items (organizer only). */
export async function deleteInspection(db: Db, actor: Actor, id: number, expected: number[] | null = null): Promise<void> {
  await inTransaction(db, async (tx) => {
    const { inspection, members } = await lockInspection(tx, actor, id);
    if (!isOrganizer(actor)) throw fail('inspection_organizer_only');
    await assertVersion(expected, inspection.version, () => inspection);
    const findings = await tx.select().from(inspectionFindings).where(eq(inspectionFindings.inspectionId, id));
    const items = await tx.select().from(remediationItems).where(eq(remediationItems.inspectionId, id));
    await tx.delete(inspections).where(eq(inspections.id, id));
    await recordAudit(tx, actor, { action: 'delete', entityType: 'inspection', entityId: id, before: { ...inspection, members, findings, items } });
  });
}

// Findings.

async function lockFinding(tx: Tx, inspectionId: number, findingId: number) {
  const [finding] = await tx
    .select()
    .from(inspectionFindings)
    .where(and(eq(inspectionFindings.id, findingId), eq(inspectionFindings.inspectionId, inspectionId)))
    .for('update');
  if (!finding) throw fail('inspection_finding_not_found', { finding: String(findingId) });
  return finding;
}

export async function addFinding(db: Db, actor: Actor, inspectionId: number, body: FindingBody) {
  return inTransaction(db, async (tx) => {
    await lockForEdit(tx, actor, inspectionId);
    let position = body.position;
    if (position === undefined) {
      const existing = await tx
        .select({ position: inspectionFindings.position })
        .from(inspectionFindings)
        .where(eq(inspectionFindings.inspectionId, inspectionId));
      position = existing.reduce((max, f) => Math.max(max, f.position + 1), 0);
    }
    const [after] = await tx
      .insert(inspectionFindings)
      .values({ inspectionId, kind: body.kind, area: body.area || null, text: body.text, position })
      .returning();
    await recordAudit(tx, actor, { action: 'create', entityType: 'inspection_finding', entityId: after!.id, after });
    return after!;
  });
}

export async function updateFinding(
  db: Db,
  actor: Actor,
  inspectionId: number,
  findingId: number,
  patch: Partial<FindingBody>,
  expected: number[] | null = null,
) {
  return inTransaction(db, async (tx) => {
    await lockForEdit(tx, actor, inspectionId);
    const before = await lockFinding(tx, inspectionId, findingId);
    await assertVersion(expected, before.version, () => before);
    const [after] = await tx
      .update(inspectionFindings)
      .set({
        ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
        ...(patch.area !== undefined ? { area: patch.area || null } : {}),
        ...(patch.text !== undefined ? { text: patch.text } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        updatedAt: new Date(),
      })
      .where(eq(inspectionFindings.id, findingId))
      .returning();
    await recordAudit(tx, actor, { action: 'update', entityType: 'inspection_finding', entityId: findingId, before, after });
    return after!;
  });
}

/** Deletes a finding; the items that answered it keep going, without the link. */
export async function deleteFinding(db: Db, actor: Actor, inspectionId: number, findingId: number, expected: number[] | null = null): Promise<void> {
  await inTransaction(db, async (tx) => {
    await lockForEdit(tx, actor, inspectionId);
    const before = await lockFinding(tx, inspectionId, findingId);
    await assertVersion(expected, before.version, () => before);
    await tx.delete(inspectionFindings).where(eq(inspectionFindings.id, findingId));
    await recordAudit(tx, actor, { action: 'delete', entityType: 'inspection_finding', entityId: findingId, before });
  });
}

// Remediation items.

async function lockItem(tx: Tx, inspectionId: number, itemId: number) {
  const [item] = await tx
    .select()
    .from(remediationItems)
    .where(and(eq(remediationItems.id, itemId), eq(remediationItems.inspectionId, inspectionId)))
    .for('update');
  if (!item) throw fail('remediation_item_not_found', { item: String(itemId) });
  return item;
}

async function checkRecommendation(tx: Tx, inspectionId: number, findingId: number | null | undefined): Promise<void> {
  if (findingId === null || findingId === undefined) return;
  const [finding] = await tx
    .select({ kind: inspectionFindings.kind })
    .from(inspectionFindings)
    .where(and(eq(inspectionFindings.id, findingId), eq(inspectionFindings.inspectionId, inspectionId)));
  if (finding?.kind !== 'recommendation') throw invalid('findingId', 'remediation_finding_invalid');
}

export async function addItem(db: Db, actor: Actor, inspectionId: number, body: RemediationBody) {
  return inTransaction(db, async (tx) => {
    await lockForEdit(tx, actor, inspectionId);
    await checkRecommendation(tx, inspectionId, body.findingId);
    const [after] = await tx
      .insert(remediationItems)
      .values({ inspectionId, title: body.title, owner: body.owner || null, deadline: body.deadline ?? null, findingId: body.findingId ?? null })
      .returning();
    await recordAudit(tx, actor, { action: 'create', entityType: 'remediation_item', entityId: after!.id, after });
    return after!;
  });
}

export async function updateItem(
  db: Db,
  actor: Actor,
  inspectionId: number,
  itemId: number,
  patch: Partial<RemediationBody>,
  expected: number[] | null = null,
) {
  return inTransaction(db, async (tx) => {
    await lockForEdit(tx, actor, inspectionId);
    const before = await lockItem(tx, inspectionId, itemId);
    await assertVersion(expected, before.version, () => before);
    await checkRecommendation(tx, inspectionId, patch.findingId);
    const [after] = await tx
      .update(remediationItems)
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.owner !== undefined ? { owner: patch.owner || null } : {}),
        ...(patch.deadline !== undefined ? { deadline: patch.deadline ?? null } : {}),
        ...(patch.findingId !== undefined ? { findingId: patch.findingId ?? null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(remediationItems.id, itemId))
      .returning();
    await recordAudit(tx, actor, { action: 'update', entityType: 'remediation_item', entityId: itemId, before, after });
    return after!;
  });
}

export async function deleteItem(db: Db, actor: Actor, inspectionId: number, itemId: number, expected: number[] | null = null): Promise<void> {
  await inTransaction(db, async (tx) => {
    await lockForEdit(tx, actor, inspectionId);
    const before = await lockItem(tx, inspectionId, itemId);
    await assertVersion(expected, before.version, () => before);
    await tx.delete(remediationItems).where(eq(remediationItems.id, itemId));
    await recordAudit(tx, actor, { action: 'delete', entityType: 'remediation_item', entityId: itemId, before });
  });
}

/** The unit (or the team) closes an item with its evidence and date, not after `today`. */
export async function closeItem(
  db: Db,
  actor: Actor,
  inspectionId: number,
  itemId: number,
  body: ClosureBody,
  today: string,
  expected: number[] | null = null,
) {
  return inTransaction(db, async (tx) => {
    const { inspection, memberIds } = await lockInspection(tx, actor, inspectionId);
    if (!canCloseRemediation(actor, inspection.unitId, memberIds)) throw fail('remediation_close_forbidden');
    const before = await lockItem(tx, inspectionId, itemId);
    await assertVersion(expected, before.version, () => before);
    if (body.closedOn! > today) throw invalid('closedOn', 'remediation_closed_in_future', { date: body.closedOn! });
    const [after] = await tx
      .update(remediationItems)
      .set({ closedOn: body.closedOn!, evidence: body.evidence!, closedBy: actor.userId, updatedAt: new Date() })
      .where(eq(remediationItems.id, itemId))
      .returning();
    await recordAudit(tx, actor, { action: 'close', entityType: 'remediation_item', entityId: itemId, before, after });
    return after!;
  });
}

/** Reopens a closed item (its evidence is kept in the audit log). */
export async function reopenItem(db: Db, actor: Actor, inspectionId: number, itemId: number, expected: number[] | null = null) {
  return inTransaction(db, async (tx) => {
    const { inspection, memberIds } = await lockInspection(tx, actor, inspectionId);
    if (!canCloseRemediation(actor, inspection.unitId, memberIds)) throw fail('remediation_close_forbidden');
    const before = await lockItem(tx, inspectionId, itemId);
    await assertVersion(expected, before.version, () => before);
    const [after] = await tx
      .update(remediationItems)
      .set({ closedOn: null, evidence: null, closedBy: null, updatedAt: new Date() })
      .where(eq(remediationItems.id, itemId))
      .returning();
    await recordAudit(tx, actor, { action: 'reopen', entityType: 'remediation_item', entityId: itemId, before, after });
    return after!;
  });
}
