import { and, asc, count, eq, inArray, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { inspectionFindings, inspectionMembers, inspections, remediationItems, units, users } from '../../db/schema.js';
import { inspectionCoverage, isRemediationOverdue } from '../../domain/plans.js';
import { hundredthsToNumber } from '../../domain/points.js';
import type { Actor } from '../auth/actor.js';
import { canCloseRemediation, canEditInspection, canReadInspection, isOrganizer } from './policies.js';
import { fail } from './reasons.js';
import { INSPECTOR_ROLES, type Inspection, type InspectionSummary, type InspectionYear, type Inspector } from './schemas.js';

/** Reads of inspections: the year's plan with its coverage and counts, one inspection in full, the inspectors. */

type InspectionRow = typeof inspections.$inferSelect;
type ItemRow = typeof remediationItems.$inferSelect;
type MemberView = Inspection['members'][number];

export async function membersOf(db: DbOrTx, ids: readonly number[]): Promise<Map<number, MemberView[]>> {
  const byInspection = new Map<number, MemberView[]>();
  if (ids.length === 0) return byInspection;
  const rows = await db
    .select({ inspectionId: inspectionMembers.inspectionId, userId: users.id, displayName: users.displayName, role: users.role, lead: inspectionMembers.lead })
    .from(inspectionMembers)
    .innerJoin(users, eq(users.id, inspectionMembers.userId))
    .where(inArray(inspectionMembers.inspectionId, [...ids]))
    .orderBy(asc(inspectionMembers.inspectionId), asc(users.displayName));
  for (const { inspectionId, ...member } of rows) {
    const list = byInspection.get(inspectionId) ?? [];
    // The lead first, then by name.
    if (member.lead) list.unshift(member);
    else list.push(member);
    byInspection.set(inspectionId, list);
  }
  return byInspection;
}

function itemCounts(items: readonly Pick<ItemRow, 'deadline' | 'closedOn'>[], asOf: string) {
  const closed = items.filter((i) => i.closedOn !== null).length;
  return { open: items.length - closed, overdue: items.filter((i) => isRemediationOverdue(i, asOf)).length, closed };
}

function summaryOf(
  actor: Actor,
  row: InspectionRow,
  unit: { code: string; name: string },
  members: readonly MemberView[],
  findingCount: number,
  items: readonly Pick<ItemRow, 'deadline' | 'closedOn'>[],
  asOf: string,
): InspectionSummary {
  return {
    id: row.id,
    year: row.year,
    unitCode: unit.code,
    unitName: unit.name,
    status: row.status,
    plannedFrom: row.plannedFrom,
    plannedTo: row.plannedTo,
    conductedOn: row.conductedOn,
    concludedOn: row.concludedOn,
    decisionNo: row.decisionNo,
    lead: members.find((m) => m.lead)?.displayName ?? null,
    findingCount,
    items: itemCounts(items, asOf),
    version: row.version,
    can: {
      edit: canEditInspection(
        actor,
        members.map((m) => m.userId),
      ),
    },
  };
}

/**
 * The year's inspection plan: coverage over the province's active units ("4 / 11 đơn vị, 36,36 %": distinct units
 * with an inspection conducted or concluded), the units planned, and each inspection (unit staff: their unit's only)
 * with its findings and its remediation items open, overdue at `asOf` and closed.
 */
export async function inspectionYear(db: DbOrTx, actor: Actor, year: number, asOf: string): Promise<InspectionYear> {
  const rows = await db
    .select({ inspection: inspections, unitCode: units.code, unitName: units.name })
    .from(inspections)
    .innerJoin(units, eq(units.id, inspections.unitId))
    .where(eq(inspections.year, year))
    .orderBy(asc(inspections.plannedFrom), asc(units.code), asc(inspections.id));
  const [active] = await db.select({ n: count() }).from(units).where(eq(units.status, 'active'));
  const activeUnits = Number(active?.n ?? 0);
  const inspected = new Set(rows.filter((r) => r.inspection.status !== 'planned').map((r) => r.inspection.unitId)).size;
  const planned = new Set(rows.map((r) => r.inspection.unitId)).size;

  const visible = rows.filter((r) => canReadInspection(actor, r.inspection.unitId));
  const ids = visible.map((r) => r.inspection.id);
  const members = await membersOf(db, ids);
  const findingCounts = new Map<number, number>();
  const itemsOf = new Map<number, Pick<ItemRow, 'deadline' | 'closedOn'>[]>();
  if (ids.length > 0) {
    const counts = await db
      .select({ id: inspectionFindings.inspectionId, n: count() })
      .from(inspectionFindings)
      .where(inArray(inspectionFindings.inspectionId, ids))
      .groupBy(inspectionFindings.inspectionId);
    for (const c of counts) findingCounts.set(c.id, Number(c.n));
    const items = await db
      .select({ id: remediationItems.inspectionId, deadline: remediationItems.deadline, closedOn: remediationItems.closedOn })
      .from(remediationItems)
      .where(inArray(remediationItems.inspectionId, ids));
    for (const { id, ...item } of items) itemsOf.set(id, [...(itemsOf.get(id) ?? []), item]);
  }
  return {
    year,
    asOf,
    coverage: { units: activeUnits, inspected, planned, rate: hundredthsToNumber(inspectionCoverage(inspected, activeUnits)) },
    inspections: visible.map((r) =>
      summaryOf(
        actor,
        r.inspection,
        { code: r.unitCode, name: r.unitName },
        members.get(r.inspection.id) ?? [],
        findingCounts.get(r.inspection.id) ?? 0,
        itemsOf.get(r.inspection.id) ?? [],
        asOf,
      ),
    ),
    can: { create: isOrganizer(actor) },
  };
}

/** An inspection and its unit, or not found (also for unit staff of another unit: it does not exist for them). */
export async function readableInspection(db: DbOrTx, actor: Actor, id: number) {
  const [row] = await db
    .select({ inspection: inspections, unitCode: units.code, unitName: units.name })
    .from(inspections)
    .innerJoin(units, eq(units.id, inspections.unitId))
    .where(eq(inspections.id, id));
  if (!row || !canReadInspection(actor, row.inspection.unitId)) throw fail('inspection_not_found', { inspection: String(id) });
  return row;
}

/** One inspection in full: team (lead first), areas, findings in order, remediation items with the overdue flag. */
export async function inspectionDetail(db: DbOrTx, actor: Actor, id: number, asOf: string): Promise<Inspection> {
  const { inspection, unitCode, unitName } = await readableInspection(db, actor, id);
  const members = (await membersOf(db, [id])).get(id) ?? [];
  const findings = await db
    .select()
    .from(inspectionFindings)
    .where(eq(inspectionFindings.inspectionId, id))
    .orderBy(asc(inspectionFindings.position), asc(inspectionFindings.id));
  const items = await db
    .select({ item: remediationItems, closedBy: users.displayName })
    .from(remediationItems)
    .leftJoin(users, eq(users.id, remediationItems.closedBy))
    .where(eq(remediationItems.inspectionId, id))
    .orderBy(asc(remediationItems.deadline), asc(remediationItems.id));
  const memberIds = members.map((m) => m.userId);
  const summary = summaryOf(
    actor,
    inspection,
    { code: unitCode, name: unitName },
    members,
    findings.length,
    items.map((i) => i.item),
    asOf,
  );
  return {
    ...summary,
    areas: inspection.areas,
    conclusion: inspection.conclusion,
    members,
    findings: findings.map((f) => ({ id: f.id, kind: f.kind, area: f.area, text: f.text, position: f.position, version: f.version })),
    remediation: items.map(({ item, closedBy }) => ({
      id: item.id,
      findingId: item.findingId,
      title: item.title,
      owner: item.owner,
      deadline: item.deadline,
      closedOn: item.closedOn,
      evidence: item.evidence,
      closedBy,
      overdue: isRemediationOverdue(item, asOf),
      version: item.version,
    })),
    asOf,
    can: {
      edit: canEditInspection(actor, memberIds),
      manage: isOrganizer(actor),
      close: canCloseRemediation(actor, inspection.unitId, memberIds),
    },
  };
}

/** The accounts that may be on a team: active admin, appraiser and council accounts, by name. */
export async function listInspectors(db: DbOrTx): Promise<Inspector[]> {
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
    .from(users)
    .where(and(inArray(users.role, [...INSPECTOR_ROLES]), ne(users.disabled, true)))
    .orderBy(asc(users.displayName));
}
