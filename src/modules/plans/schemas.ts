import { z } from 'zod';
import { TASK_STATUSES } from '../../domain/plans.js';
import { Code, TableFormatSchema, Year } from '../../http/schemas.js';
import type { RowColumn } from '../../io/row-schema.js';
import { refineReason } from '../../reasons.js';
import { LocalDateText } from '../apology/schemas.js';

/**
 * The contract of reform plans (kế hoạch CCHC, docs/plans.md): plans and their tasks per unit and year, the plans a
 * block must issue, the plan-task file and the `report plans` figures. Dates are local 'YYYY-MM-DD'.
 */

export const TaskStatus = z.enum(TASK_STATUSES);
const Text = (max: number) => z.string().trim().min(1).max(max);
const OptionalText = (max: number) => z.string().trim().max(max).nullish();
const PlanCode = Code;

// Requests.

export const PlanBody = z.object({
  code: PlanCode,
  title: Text(500),
  /** A required kind (reform, procedure_control, …) when the plan is one of those the block must issue. */
  kind: Code.nullish(),
  documentNo: OptionalText(100),
  issuedOn: LocalDateText.nullish(),
  dueOn: LocalDateText.nullish(),
});
export type PlanBody = z.infer<typeof PlanBody>;
export const PlanPatchBody = PlanBody.omit({ code: true }).partial();

const TaskFields = z.object({
  code: Code,
  title: Text(1000),
  area: OptionalText(200),
  owner: OptionalText(300),
  output: OptionalText(1000),
  deadline: LocalDateText.nullish(),
  status: TaskStatus,
  completedOn: LocalDateText.nullish(),
  evidence: OptionalText(2000),
});
const doneHasDate = (t: { status: string; completedOn?: string | null }) => t.status !== 'done' || !!t.completedOn;
const DONE_HAS_DATE = { message: 'a done task needs completedOn', path: ['completedOn'], ...refineReason('plan_task_done_without_date') };

export const TaskBody = TaskFields.refine(doneHasDate, DONE_HAS_DATE);
export type TaskBody = z.infer<typeof TaskBody>;

export const RequiredPlanBody = z.object({ kind: Code, name: Text(300), dueOn: LocalDateText.nullish() });
export const RequiredPlansBody = z.object({ blockCode: Code, plans: z.array(RequiredPlanBody).max(50) });

export const PlansQuery = z.object({ year: Year, unit: Code.optional() });
export const PlanIdParam = z.object({ id: z.coerce.number().int().positive() });
export const TaskParams = z.object({ id: z.coerce.number().int().positive(), task: Code });
export const YearUnitQuery = z.object({ year: Year, unit: Code.optional() });

export const PlansReportQuery = z.object({
  year: Year,
  asOf: LocalDateText.optional(),
  format: z.enum(['csv', 'xlsx', 'json']).default('csv'),
});
export const PlanTasksImportQuery = z.object({ year: Year });

/** One row of a plan-task file: `unit_code,plan_code,task_code,title,area,owner,output,deadline,status,completed_on`. */
export const PLAN_TASK_COLUMNS = ['unit_code', 'plan_code', 'task_code', 'title', 'area', 'owner', 'output', 'deadline', 'status', 'completed_on'] as const;
export const PlanTaskFileRow = TaskFields.omit({ evidence: true }).extend({ unitCode: Code, planCode: PlanCode }).refine(doneHasDate, DONE_HAS_DATE);
export type PlanTaskFileRow = z.infer<typeof PlanTaskFileRow>;
export const PLAN_TASK_ROW_COLUMNS: Record<string, RowColumn> = {
  unitCode: { column: 'unit_code', label: 'unit code', hint: 'letters, digits, _ . - ; at most 32' },
  planCode: { column: 'plan_code' },
  code: { column: 'task_code' },
  title: { column: 'title' },
  area: { column: 'area' },
  owner: { column: 'owner' },
  output: { column: 'output' },
  deadline: { column: 'deadline' },
  status: { column: 'status' },
  completedOn: { column: 'completed_on' },
};

// Responses.

export const Task = z.object({
  id: z.number().int(),
  code: z.string(),
  title: z.string(),
  area: z.string().nullable(),
  owner: z.string().nullable(),
  output: z.string().nullable(),
  deadline: z.string().nullable(),
  status: TaskStatus,
  completedOn: z.string().nullable(),
  evidence: z.string().nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
});

export const Progress = z.object({
  tasks: z.number().int(),
  completed: z.number().int(),
  overdue: z.number().int(),
  completionRate: z.number().nullable().describe('% with 2 decimals; null when no task is counted'),
});

export const Plan = z.object({
  id: z.number().int(),
  unitCode: z.string().nullable().describe('null: a province plan'),
  unitName: z.string().nullable(),
  year: z.number().int(),
  code: z.string(),
  kind: z.string().nullable(),
  title: z.string(),
  documentNo: z.string().nullable(),
  issuedOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  late: z.boolean(),
  tasks: z.array(Task),
  progress: Progress,
  version: z.number().int(),
  can: z.object({ edit: z.boolean() }),
});
export type Plan = z.infer<typeof Plan>;

export const RequiredPlanStatus = z.object({
  kind: z.string(),
  name: z.string(),
  dueOn: z.string().nullable(),
  planCode: z.string().nullable(),
  issuedOn: z.string().nullable(),
  late: z.boolean(),
});

export const UnitPlans = z.object({
  year: z.number().int(),
  asOf: z.string(),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  required: z.array(RequiredPlanStatus),
  checklist: z.object({ required: z.number().int(), issued: z.number().int(), late: z.number().int(), issuedRate: z.number().nullable() }),
  plans: z.array(Plan),
  progress: Progress,
  can: z.object({ create: z.boolean() }),
});
export type UnitPlans = z.infer<typeof UnitPlans>;

export const PlansReportRow = z.object({
  unit_code: z.string(),
  plans_required: z.number().int(),
  plans_issued: z.number().int(),
  tasks: z.number().int(),
  tasks_completed: z.number().int(),
  tasks_overdue: z.number().int(),
  completion_rate: z.number().nullable(),
});
export type PlansReportRow = z.infer<typeof PlansReportRow>;
export const PLANS_REPORT_COLUMNS = ['unit_code', 'plans_required', 'plans_issued', 'tasks', 'tasks_completed', 'tasks_overdue', 'completion_rate'] as const;

export const PlanTasksImportResult = z.object({
  rows: z.number().int(),
  plansCreated: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type PlanTasksImportResult = z.infer<typeof PlanTasksImportResult>;

export const PlansExportQuery = z.object({ year: Year, format: TableFormatSchema.default('csv') });
