import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { periodicReports, reportDeadlines } from '../../db/schema.js';
import { localDate } from '../../domain/deadlines.js';

/**
 * What the `reportsOnTimeRate` formula variable reads, per unit of `unitIds`: over the year's report deadlines, the
 * reports due (due date before `asOf`, or submitted by the unit whatever the date) and of them those submitted on or
 * before their due date (the local date of `submittedAt`, Asia/Ho_Chi_Minh): the rule of reportsOnTimeRate in
 * src/domain/plans.ts. Every unit asked for is in the map, with due 0 when nothing is due yet.
 */
export async function reportFiguresByUnit(
  db: DbOrTx,
  year: number,
  unitIds: readonly number[],
  asOf: string,
): Promise<Map<number, { due: number; onTime: number }>> {
  const result = new Map<number, { due: number; onTime: number }>();
  for (const id of unitIds) result.set(id, { due: 0, onTime: 0 });
  if (unitIds.length === 0) return result;
  const deadlines = await db.select().from(reportDeadlines).where(eq(reportDeadlines.year, year));
  if (deadlines.length === 0) return result;
  const submitted = await db
    .select({ unitId: periodicReports.unitId, period: periodicReports.period, submittedAt: periodicReports.submittedAt })
    .from(periodicReports)
    .where(and(eq(periodicReports.year, year), inArray(periodicReports.unitId, [...unitIds]), isNotNull(periodicReports.submittedAt)));
  const submittedOn = new Map(submitted.map((r) => [`${r.unitId}/${r.period}`, localDate(r.submittedAt!)]));
  for (const [unitId, figures] of result) {
    for (const { period, dueOn } of deadlines) {
      const on = submittedOn.get(`${unitId}/${period}`) ?? null;
      if (dueOn < asOf || on !== null) figures.due++;
      if (on !== null && on <= dueOn) figures.onTime++;
    }
  }
  return result;
}
