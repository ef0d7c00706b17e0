import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { hundredthsToNumber } from '../../domain/points.js';
import type { DbOrTx } from '../../db/client.js';
import { plans, planTasks, requiredPlans, unitMemberships, units } from '../../db/schema.js';
import type { PlanFigures } from '../../domain/indicators.js';
import { isIssuedLate, isOverdue, requiredPlansChecklist, type TaskState, taskProgress, type TaskProgress } from '../../domain/plans.js';
import type { Actor } from '../auth/actor.js';
import { canEditUnitPlans, canReadUnitPlans } from './policies.js';
import { fail } from './reasons.js';
import type { Plan, PlansReportRow, UnitPlans } from './schemas.js';

/** One report query per figure: a unit's plans with their progress, and the province's `report plans` rows. */

type PlanRow = typeof plans.$inferSelect;
type TaskRow = typeof planTasks.$inferSelect;

const progressView = (p: TaskProgress) => ({ ...p, completionRate: hundredthsToNumber(p.completionRate) });

export async function unitIdOf(db: DbOrTx, code: string): Promise<{ id: number; name: string }> {
  const [unit] = await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.code, code.toUpperCase()));
  if (!unit) throw fail('plan_unit_not_found', { unit: code });
  return unit;
}

async function tasksOf(db: DbOrTx, planIds: readonly number[]): Promise<Map<number, TaskRow[]>> {
  const byPlan = new Map<number, TaskRow[]>();
  if (planIds.length === 0) return byPlan;
  const rows = await db
    .select()
    .from(planTasks)
    .where(inArray(planTasks.planId, [...planIds]))
    .orderBy(asc(planTasks.planId), asc(planTasks.code));
  for (const row of rows) byPlan.set(row.planId, [...(byPlan.get(row.planId) ?? []), row]);
  return byPlan;
}

/** A plan as shown: late against its own due date, else `requiredDue` (the required plan of its kind's). */
function planView(actor: Actor, plan: PlanRow, unit: { code: string; name: string } | null, tasks: TaskRow[], asOf: string, requiredDue: string | null): Plan {
  return {
    id: plan.id,
    unitCode: unit?.code ?? null,
    unitName: unit?.name ?? null,
    year: plan.year,
    code: plan.code,
    kind: plan.kind,
    title: plan.title,
    documentNo: plan.documentNo,
    issuedOn: plan.issuedOn,
    dueOn: plan.dueOn,
    late: isIssuedLate({ issuedOn: plan.issuedOn, dueOn: plan.dueOn ?? requiredDue }),
    tasks: tasks.map((t) => ({
      id: t.id,
      code: t.code,
      title: t.title,
      area: t.area,
      owner: t.owner,
      output: t.output,
      deadline: t.deadline,
      status: t.status,
      completedOn: t.completedOn,
      evidence: t.evidence,
      overdue: isOverdue(t, asOf),
      version: t.version,
    })),
    progress: progressView(taskProgress(tasks, asOf)),
    version: plan.version,
    can: { edit: canEditUnitPlans(actor, plan.unitId) },
  };
}

type RequiredRow = { kind: string; name: string; dueOn: string | null };

/** The plans each unit's block requires in the year, by unit id (only `unitIds`' when given), kinds in order. */
async function requiredPlansOf(db: DbOrTx, year: number, unitIds?: readonly number[]): Promise<Map<number, RequiredRow[]>> {
  const rows = await db
    .select({ unitId: unitMemberships.unitId, kind: requiredPlans.kind, name: requiredPlans.name, dueOn: requiredPlans.dueOn })
    .from(requiredPlans)
    .innerJoin(unitMemberships, and(eq(unitMemberships.blockId, requiredPlans.blockId), eq(unitMemberships.year, requiredPlans.year)))
    .where(and(eq(requiredPlans.year, year), unitIds ? inArray(unitMemberships.unitId, [...unitIds]) : undefined))
    .orderBy(asc(requiredPlans.kind));
  const byUnit = new Map<number, RequiredRow[]>();
  for (const { unitId, ...row } of rows) byUnit.set(unitId, [...(byUnit.get(unitId) ?? []), row]);
  return byUnit;
}

/**
 * A unit's required-plans checklist: each required kind against the unit's plan of that kind issued by `asOf`, late
 * when issued after its due date (the plan's own, else the required plan's). Also each kind's plan, for the views.
 */
function checklistOf<P extends Pick<PlanRow, 'kind' | 'issuedOn' | 'dueOn'>>(required: readonly RequiredRow[], unitPlanRows: readonly P[], asOf: string) {
  const byKind = new Map(unitPlanRows.filter((p) => p.kind !== null).map((p) => [p.kind!, p]));
  const issue = (r: RequiredRow) => {
    const plan = byKind.get(r.kind);
    return { issuedOn: plan?.issuedOn && plan.issuedOn <= asOf ? plan.issuedOn : null, dueOn: plan?.dueOn ?? r.dueOn };
  };
  const checklist = requiredPlansChecklist(
    required.map((r) => r.kind),
    new Map(required.map((r) => [r.kind, issue(r)])),
  );
  return { checklist, byKind, issue };
}

/**
 * A unit's plans of a year (or the province's own when `unitCode` is null), with the required-plans checklist
 * ("7 of 7 issued, 2 late") and the task progress as of a date.
 */
export async function unitPlans(db: DbOrTx, actor: Actor, year: number, unitCode: string | null, asOf: string): Promise<UnitPlans> {
  const unit = unitCode ? { ...(await unitIdOf(db, unitCode)), code: unitCode.toUpperCase() } : null;
  if (!canReadUnitPlans(actor, unit?.id ?? null)) throw fail('plans_forbidden');
  const rows = await db
    .select()
    .from(plans)
    .where(and(eq(plans.year, year), unit ? eq(plans.unitId, unit.id) : isNull(plans.unitId)))
    .orderBy(asc(plans.code));
  const tasks = await tasksOf(
    db,
    rows.map((p) => p.id),
  );
  const required = unit ? ((await requiredPlansOf(db, year, [unit.id])).get(unit.id) ?? []) : [];
  const dueOfKind = new Map(required.map((r) => [r.kind, r.dueOn]));
  const views = rows.map((p) => planView(actor, p, unit, tasks.get(p.id) ?? [], asOf, p.kind ? (dueOfKind.get(p.kind) ?? null) : null));
  const { checklist, byKind, issue } = checklistOf(required, rows, asOf);
  return {
    year,
    asOf,
    unitCode: unit?.code ?? null,
    unitName: unit?.name ?? null,
    required: required.map((r) => {
      const issued = issue(r);
      return { kind: r.kind, name: r.name, dueOn: r.dueOn, planCode: byKind.get(r.kind)?.code ?? null, issuedOn: issued.issuedOn, late: isIssuedLate(issued) };
    }),
    checklist: { ...checklist, issuedRate: hundredthsToNumber(checklist.issuedRate) },
    plans: views,
    progress: progressView(taskProgress([...tasks.values()].flat(), asOf)),
    can: { create: canEditUnitPlans(actor, unit?.id ?? null) },
  };
}

/**
 * `report plans`: per unit that has plans or tasks in the year, sorted by unit code: the plans its block requires,
 * of those issued by the as-of date (a required kind counts once), its counted tasks, done, overdue at the as-of
 * date, and the completion rate (empty when no task is counted). Province plans (no unit) are not a unit's row.
 */
export async function plansReport(db: DbOrTx, year: number, asOf: string): Promise<PlansReportRow[]> {
  const planRows = await db.select({ plan: plans, unitCode: units.code }).from(plans).innerJoin(units, eq(units.id, plans.unitId)).where(eq(plans.year, year));
  const tasks = await tasksOf(
    db,
    planRows.map((p) => p.plan.id),
  );
  const requiredByUnit = await requiredPlansOf(db, year);

  const byUnit = new Map<string, { unitId: number; plans: PlanRow[] }>();
  for (const { plan, unitCode } of planRows) {
    const entry = byUnit.get(unitCode) ?? { unitId: plan.unitId!, plans: [] };
    entry.plans.push(plan);
    byUnit.set(unitCode, entry);
  }
  return [...byUnit.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([unitCode, { unitId, plans: unitPlanRows }]) => {
      const { checklist } = checklistOf(requiredByUnit.get(unitId) ?? [], unitPlanRows, asOf);
      const progress = taskProgress(
        unitPlanRows.flatMap((p) => (tasks.get(p.id) ?? []) as TaskState[]),
        asOf,
      );
      return {
        unit_code: unitCode,
        plans_required: checklist.required,
        plans_issued: checklist.issued,
        tasks: progress.tasks,
        tasks_completed: progress.completed,
        tasks_overdue: progress.overdue,
        completion_rate: hundredthsToNumber(progress.completionRate),
      };
    });
}

/**
 * What the plan formula variables read, per unit of `unitIds` with plans or required plans in the year: counted tasks
 * (cancelled left out) and done; the required kinds of the unit's block, those issued (a plan of that kind with an
 * issue date), and of them issued after their due date (the plan's own, else the required plan's).
 */
export async function planFiguresByUnit(db: DbOrTx, year: number, unitIds: readonly number[]): Promise<Map<number, PlanFigures>> {
  const result = new Map<number, PlanFigures>();
  if (unitIds.length === 0) return result;
  const ids = [...unitIds];
  const taskRows = await db
    .select({ unitId: plans.unitId, status: planTasks.status })
    .from(planTasks)
    .innerJoin(plans, eq(plans.id, planTasks.planId))
    .where(and(eq(plans.year, year), inArray(plans.unitId, ids)));
  const planRows = await db
    .select({ unitId: plans.unitId, kind: plans.kind, issuedOn: plans.issuedOn, dueOn: plans.dueOn })
    .from(plans)
    .where(and(eq(plans.year, year), inArray(plans.unitId, ids)));
  const required = await requiredPlansOf(db, year, ids);
  const byUnit = <T extends { unitId: number | null }>(rows: readonly T[]) => {
    const grouped = new Map<number, T[]>();
    for (const row of rows) grouped.set(row.unitId!, [...(grouped.get(row.unitId!) ?? []), row]);
    return grouped;
  };
  const tasksByUnit = byUnit(taskRows);
  const plansByUnit = byUnit(planRows);
  const yearEnd = `${year}-12-31`;
  for (const unitId of ids) {
    const progress = taskProgress(
      (tasksByUnit.get(unitId) ?? []).map((t) => ({ status: t.status, deadline: null, completedOn: null })),
      yearEnd,
    );
    const { checklist } = checklistOf(required.get(unitId) ?? [], plansByUnit.get(unitId) ?? [], yearEnd);
    result.set(unitId, { tasks: progress.tasks, completed: progress.completed, required: checklist.required, issued: checklist.issued, late: checklist.late });
  }
  return result;
}
