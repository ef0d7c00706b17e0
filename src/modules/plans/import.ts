import { and, eq, inArray } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { plans, planTasks, units } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { TASK_STATUSES, type TaskStatus } from '../../domain/plans.js';
import { quote } from '../../domain/text.js';
import { reasonText } from '../../errors.js';
import { normaliseDateCell } from '../../io/date-cell.js';
import { checkRow } from '../../io/row-schema.js';
import { readTable, RowErrors } from '../../io/tabular.js';
import { isLocalDate } from '../apology/schemas.js';
import type { Actor } from '../auth/actor.js';
import { type AuditChange, recordAuditMany } from '../audit/service.js';
import { canEditUnitPlans } from './policies.js';
import { reasons } from './reasons.js';
import { PLAN_TASK_COLUMNS, PLAN_TASK_ROW_COLUMNS, PlanTaskFileRow, type PlanTaskFileRow as Row, type PlanTasksImportResult } from './schemas.js';

type TaskRow = typeof planTasks.$inferSelect;

const said = (reason: keyof typeof reasons, params?: Record<string, string | number>) => reasonText(reasons, reason, params);
const blankToNull = (text: string | undefined) => (text === undefined || text.trim() === '' ? null : text.trim());

/** The values of a task as stored, to tell an unchanged row from a changed one. */
const stored = (row: Row) => ({
  title: row.title,
  area: row.area ?? null,
  owner: row.owner ?? null,
  output: row.output ?? null,
  deadline: row.deadline ?? null,
  status: row.status,
  completedOn: row.status === 'done' ? (row.completedOn ?? null) : null,
});
const sameTask = (current: TaskRow, next: ReturnType<typeof stored>) =>
  (Object.keys(next) as (keyof typeof next)[]).every((key) => (current[key] ?? null) === next[key]);

/**
 * Imports `unit_code,plan_code,task_code,title,area,owner,output,deadline,status,completed_on` for a year, all or
 * nothing: every row is checked first (unit, codes, dates, status; a done task needs completed_on; the same task twice)
 * and every problem reported with its row and column; then one transaction writes. Keyed by unit, plan and task code:
 * an unchanged row writes nothing, a changed one replaces the task (audited before/after). A plan the file names that
 * the unit does not have yet is created with its code as title, not yet issued (the unit completes it). Unit staff
 * import only their own unit's rows; tasks missing from the file are kept.
 */
export async function importPlanTasks(db: Db, actor: Actor, year: number, file: Buffer): Promise<PlanTasksImportResult> {
  const rows = await readTable(file, {
    required: ['unit_code', 'plan_code', 'task_code', 'title', 'status'],
    optional: PLAN_TASK_COLUMNS.filter((c) => !['unit_code', 'plan_code', 'task_code', 'title', 'status'].includes(c)),
  });
  const codes = [...new Set(rows.map((r) => normalizeCode(r.values.unit_code ?? '')).filter(Boolean))];
  const unitRows = codes.length ? await db.select({ id: units.id, code: units.code }).from(units).where(inArray(units.code, codes)) : [];
  const unitIds = new Map(unitRows.map((u) => [u.code, u.id]));
  const errors = new RowErrors();
  const parsed: { row: number; unitId: number; value: Row }[] = [];
  const firstRow = new Map<string, number>();

  for (const { row, values: cells } of rows) {
    const before = errors.items.length;
    const reported = new Set<string>();
    const dates: Record<'deadline' | 'completed_on', string | null> = { deadline: null, completed_on: null };
    for (const column of ['deadline', 'completed_on'] as const) {
      const text = blankToNull(cells[column]);
      if (text === null) continue;
      const date = normaliseDateCell(text);
      if (isLocalDate(date)) dates[column] = date;
      else {
        errors.add(row, said('plan_file_date_invalid', { value: quote(text) }), column);
        reported.add(column);
      }
    }
    const statusText = (cells.status ?? '').trim().toLowerCase();
    if (statusText !== '' && !(TASK_STATUSES as readonly string[]).includes(statusText)) {
      errors.add(row, said('plan_file_status_unknown', { value: quote(cells.status ?? '') }), 'status');
      reported.add('status');
    }
    const given = {
      unitCode: cells.unit_code ?? '',
      planCode: cells.plan_code ?? '',
      code: cells.task_code ?? '',
      title: cells.title ?? '',
      area: blankToNull(cells.area),
      owner: blankToNull(cells.owner),
      output: blankToNull(cells.output),
      deadline: dates.deadline,
      status: (reported.has('status') ? 'todo' : statusText) as TaskStatus,
      completedOn: dates.completed_on,
    };
    const check = checkRow(errors, row, PlanTaskFileRow, given, PLAN_TASK_ROW_COLUMNS, reported);
    if (!check.ok) check.columns.forEach((c) => reported.add(c));
    const unitCode = normalizeCode(given.unitCode);
    const unitId = unitIds.get(unitCode);
    if (!reported.has('unit_code')) {
      if (unitId === undefined) errors.add(row, said('plan_file_unit_unknown', { unit: unitCode }), 'unit_code');
      else if (!canEditUnitPlans(actor, unitId)) errors.add(row, said('plan_file_unit_not_yours', { unit: unitCode }), 'unit_code');
    }
    if (check.ok) {
      const key = `${unitCode}\u0000${check.value.planCode}\u0000${check.value.code}`;
      const first = firstRow.get(key);
      if (first !== undefined) {
        errors.add(row, said('plan_file_task_repeated', { task: check.value.code, plan: check.value.planCode, unit: unitCode, row: first }), 'task_code');
      } else firstRow.set(key, row);
    }
    if (errors.items.length === before && check.ok && unitId !== undefined) parsed.push({ row, unitId, value: check.value });
  }
  errors.throwIfAny('Plan task import rejected');

  return inTransaction(db, async (tx) => {
    const audits: AuditChange[] = [];
    const planIds = new Map<string, number>();
    let plansCreated = 0;
    for (const key of new Set(parsed.map((p) => `${p.unitId}\u0000${p.value.planCode}`))) {
      const [unitId, code] = key.split('\u0000') as [string, string];
      const [existing] = await tx
        .select({ id: plans.id })
        .from(plans)
        .where(and(eq(plans.unitId, Number(unitId)), eq(plans.year, year), eq(plans.code, code)));
      if (existing) planIds.set(key, existing.id);
      else {
        const [plan] = await tx
          .insert(plans)
          .values({ unitId: Number(unitId), year, code, title: code })
          .returning();
        planIds.set(key, plan!.id);
        plansCreated++;
        audits.push({ action: 'create', entityType: 'plan', entityId: plan!.id, after: plan });
      }
    }
    const current = await tx
      .select()
      .from(planTasks)
      .where(inArray(planTasks.planId, [...new Set(planIds.values())]));
    const byKey = new Map(current.map((t) => [`${t.planId}\u0000${t.code}`, t]));
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    const inserts: (typeof planTasks.$inferInsert)[] = [];
    for (const { unitId, value } of parsed) {
      const planId = planIds.get(`${unitId}\u0000${value.planCode}`)!;
      const next = stored(value);
      const before = byKey.get(`${planId}\u0000${value.code}`);
      if (!before) {
        inserts.push({ planId, code: value.code, ...next });
        created++;
      } else if (sameTask(before, next)) unchanged++;
      else {
        const [after] = await tx
          .update(planTasks)
          .set({ ...next, updatedAt: new Date() })
          .where(eq(planTasks.id, before.id))
          .returning();
        audits.push({ action: 'update', entityType: 'plan_task', entityId: `${planId}/${value.code}`, before, after });
        updated++;
      }
    }
    for (let i = 0; i < inserts.length; i += 500) {
      const added = await tx
        .insert(planTasks)
        .values(inserts.slice(i, i + 500))
        .returning();
      for (const task of added) audits.push({ action: 'create', entityType: 'plan_task', entityId: `${task.planId}/${task.code}`, after: task });
    }
    await recordAuditMany(tx, actor, audits);
    return { rows: parsed.length, plansCreated, created, updated, unchanged };
  });
}
