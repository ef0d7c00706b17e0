import { and, eq } from 'drizzle-orm';
import { type Db, inTransaction, type Tx } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { blocks, plans, planTasks, requiredPlans } from '../../db/schema.js';
import { assertVersion } from '../../http/if-match.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { canEditUnitPlans, canSetRequiredPlans } from './policies.js';
import { unitIdOf } from './queries.js';
import { fail } from './reasons.js';
import type { z } from 'zod';
import type { PlanBody, PlanPatchBody, RequiredPlansBody, TaskBody } from './schemas.js';

/** Writes of plans, tasks and required plans: one transaction each, audited with before and after. */

type PlanRow = typeof plans.$inferSelect;

async function lockPlan(tx: Tx, actor: Actor, id: number): Promise<PlanRow> {
  const [plan] = await tx.select().from(plans).where(eq(plans.id, id)).for('update');
  if (!plan) throw fail('plan_not_found', { plan: String(id) });
  if (!canEditUnitPlans(actor, plan.unitId)) throw fail('plans_forbidden');
  return plan;
}

const planValues = (body: Partial<PlanBody>) => ({
  ...(body.title !== undefined ? { title: body.title } : {}),
  ...(body.kind !== undefined ? { kind: body.kind ?? null } : {}),
  ...(body.documentNo !== undefined ? { documentNo: body.documentNo || null } : {}),
  ...(body.issuedOn !== undefined ? { issuedOn: body.issuedOn ?? null } : {}),
  ...(body.dueOn !== undefined ? { dueOn: body.dueOn ?? null } : {}),
});

/** A plan of a unit (or of the province when `unitCode` is null: the organizer's). */
export async function createPlan(db: Db, actor: Actor, year: number, unitCode: string | null, body: PlanBody): Promise<PlanRow> {
  return inTransaction(db, async (tx) => {
    const unit = unitCode ? await unitIdOf(tx, unitCode) : null;
    if (!canEditUnitPlans(actor, unit?.id ?? null)) throw fail('plans_forbidden');
    try {
      const [plan] = await tx
        .insert(plans)
        .values({ unitId: unit?.id ?? null, year, code: body.code, title: body.title, ...planValues(body) })
        .returning();
      await recordAudit(tx, actor, { action: 'create', entityType: 'plan', entityId: plan!.id, after: plan });
      return plan!;
    } catch (error) {
      if (isUniqueViolation(error)) throw fail('plan_exists', { plan: body.code, year });
      throw error;
    }
  });
}

export async function updatePlan(db: Db, actor: Actor, id: number, patch: z.infer<typeof PlanPatchBody>, expected: number[] | null = null): Promise<PlanRow> {
  return inTransaction(db, async (tx) => {
    const before = await lockPlan(tx, actor, id);
    await assertVersion(expected, before.version, () => before);
    const [after] = await tx
      .update(plans)
      .set({ ...planValues(patch), updatedAt: new Date() })
      .where(eq(plans.id, id))
      .returning();
    await recordAudit(tx, actor, { action: 'update', entityType: 'plan', entityId: id, before, after });
    return after!;
  });
}

export async function deletePlan(db: Db, actor: Actor, id: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockPlan(tx, actor, id);
    const tasks = await tx.select().from(planTasks).where(eq(planTasks.planId, id));
    await tx.delete(plans).where(eq(plans.id, id));
    await recordAudit(tx, actor, { action: 'delete', entityType: 'plan', entityId: id, before: { ...before, tasks } });
  });
}

const taskValues = (body: TaskBody) => ({
  title: body.title,
  area: body.area || null,
  owner: body.owner || null,
  output: body.output || null,
  deadline: body.deadline ?? null,
  status: body.status,
  // Only a done task keeps a completion date.
  completedOn: body.status === 'done' ? (body.completedOn ?? null) : null,
  evidence: body.evidence || null,
});

/** Adds a task, or replaces the task of the same code (with `expected` versions from If-Match). */
export async function putTask(db: Db, actor: Actor, planId: number, body: TaskBody, expected: number[] | null = null) {
  return inTransaction(db, async (tx) => {
    const plan = await lockPlan(tx, actor, planId);
    const [before] = await tx
      .select()
      .from(planTasks)
      .where(and(eq(planTasks.planId, planId), eq(planTasks.code, body.code)))
      .for('update');
    await assertVersion(expected, before?.version ?? 0, () => before ?? null);
    const [after] = before
      ? await tx
          .update(planTasks)
          .set({ ...taskValues(body), updatedAt: new Date() })
          .where(eq(planTasks.id, before.id))
          .returning()
      : await tx
          .insert(planTasks)
          .values({ planId, code: body.code, ...taskValues(body) })
          .returning();
    await recordAudit(tx, actor, {
      action: before ? 'update' : 'create',
      entityType: 'plan_task',
      entityId: `${plan.id}/${body.code}`,
      before: before ?? null,
      after,
    });
    return after!;
  });
}

export async function deleteTask(db: Db, actor: Actor, planId: number, code: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const plan = await lockPlan(tx, actor, planId);
    const [before] = await tx
      .delete(planTasks)
      .where(and(eq(planTasks.planId, planId), eq(planTasks.code, code)))
      .returning();
    if (!before) throw fail('plan_task_not_found', { plan: plan.code, task: code });
    await recordAudit(tx, actor, { action: 'delete', entityType: 'plan_task', entityId: `${plan.id}/${code}`, before });
  });
}

/** Replaces the list of plans a block must issue in a year. */
export async function setRequiredPlans(db: Db, actor: Actor, year: number, body: z.infer<typeof RequiredPlansBody>) {
  if (!canSetRequiredPlans(actor)) throw fail('required_plans_forbidden');
  return inTransaction(db, async (tx) => {
    const [block] = await tx.select({ id: blocks.id }).from(blocks).where(eq(blocks.code, body.blockCode.toUpperCase()));
    if (!block) throw fail('plan_block_not_found', { block: body.blockCode });
    const where = and(eq(requiredPlans.year, year), eq(requiredPlans.blockId, block.id));
    const before = await tx.select().from(requiredPlans).where(where);
    await tx.delete(requiredPlans).where(where);
    const rows = [...new Map(body.plans.map((p) => [p.kind, p])).values()].map((p) => ({
      year,
      blockId: block.id,
      kind: p.kind,
      name: p.name,
      dueOn: p.dueOn ?? null,
    }));
    if (rows.length > 0) await tx.insert(requiredPlans).values(rows);
    await recordAudit(tx, actor, { action: 'update', entityType: 'required_plans', entityId: `${year}/${body.blockCode.toUpperCase()}`, before, after: rows });
    return rows;
  });
}
