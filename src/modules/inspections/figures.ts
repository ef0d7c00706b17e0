import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { inspections, remediationItems } from '../../db/schema.js';
import { isRemediationOverdue } from '../../domain/plans.js';

/**
 * What the formula variable `remediationOverdue` reads, per unit of `unitIds` that has an inspection in `year`:
 * `inspected` when one of them is conducted or concluded (planned only: false), its remediation items, and of them
 * those overdue at `asOf` (deadline before `asOf`, and not closed by then: closedOn null or after `asOf`). Units
 * without an inspection of the year are absent.
 */
export async function remediationFiguresByUnit(
  db: DbOrTx,
  year: number,
  unitIds: readonly number[],
  asOf: string,
): Promise<Map<number, { inspected: boolean; items: number; overdue: number }>> {
  const result = new Map<number, { inspected: boolean; items: number; overdue: number }>();
  if (unitIds.length === 0) return result;
  const rows = await db
    .select({ id: inspections.id, unitId: inspections.unitId, status: inspections.status })
    .from(inspections)
    .where(and(eq(inspections.year, year), inArray(inspections.unitId, [...unitIds])));
  if (rows.length === 0) return result;
  const unitOf = new Map(rows.map((r) => [r.id, r.unitId]));
  for (const row of rows) {
    const figures = result.get(row.unitId) ?? { inspected: false, items: 0, overdue: 0 };
    if (row.status !== 'planned') figures.inspected = true;
    result.set(row.unitId, figures);
  }
  const items = await db
    .select({ inspectionId: remediationItems.inspectionId, deadline: remediationItems.deadline, closedOn: remediationItems.closedOn })
    .from(remediationItems)
    .where(inArray(remediationItems.inspectionId, [...unitOf.keys()]));
  for (const item of items) {
    const figures = result.get(unitOf.get(item.inspectionId)!)!;
    figures.items += 1;
    // Closed after the as-of date: still open then.
    const closedOn = item.closedOn !== null && item.closedOn <= asOf ? item.closedOn : null;
    if (isRemediationOverdue({ deadline: item.deadline, closedOn }, asOf)) figures.overdue += 1;
  }
  return result;
}
