import { divideRoundHalfUp } from './points.js';

/**
 * Reform plans, inspections and periodic reports (domain.md "Plans and inspections"): the rates and counts the
 * progress views, the `report plans` command and the formula variables read. Pure; dates are local ISO dates
 * (YYYY-MM-DD), which compare as strings. Rates are integer hundredths of a percent (66.67 % = 6667), half up.
 */

export const TASK_STATUSES = ['todo', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskState {
  status: TaskStatus;
  /** Local date. */
  deadline: string | null;
  completedOn: string | null;
}

/** A share in hundredths of a percent, half up; null when there is nothing to count. */
export function rateOf(part: number, whole: number): number | null {
  return whole <= 0 ? null : divideRoundHalfUp(part * 10_000, whole);
}

/** A task counts unless cancelled (cancelled tasks leave the totals). */
export const isCounted = (task: Pick<TaskState, 'status'>) => task.status !== 'cancelled';

/** Not done (nor cancelled) and its deadline is before the as-of date. */
export const isOverdue = (task: TaskState, asOf: string) =>
  task.status !== 'done' && task.status !== 'cancelled' && task.deadline !== null && task.deadline < asOf;

export interface TaskProgress {
  /** Counted tasks (cancelled left out). */
  tasks: number;
  completed: number;
  overdue: number;
  /** completed / tasks, hundredths of a percent; null when no task is counted (not zero). */
  completionRate: number | null;
}

export function taskProgress(tasks: readonly TaskState[], asOf: string): TaskProgress {
  const counted = tasks.filter(isCounted);
  const completed = counted.filter((t) => t.status === 'done').length;
  return {
    tasks: counted.length,
    completed,
    overdue: counted.filter((t) => isOverdue(t, asOf)).length,
    completionRate: rateOf(completed, counted.length),
  };
}

export interface PlanIssue {
  /** Local dates; a plan without an issue date is not issued yet. */
  issuedOn: string | null;
  dueOn: string | null;
}

/** A plan issued after its due date is late (domain.md). */
export const isIssuedLate = (plan: PlanIssue) => plan.issuedOn !== null && plan.dueOn !== null && plan.issuedOn > plan.dueOn;

export interface RequiredPlansChecklist {
  required: number;
  issued: number;
  late: number;
  /** issued / required, hundredths of a percent; null when nothing is required. */
  issuedRate: number | null;
}

/**
 * The checklist of the plans a unit must issue: `required` kinds against the unit's plans by kind (one plan per kind
 * counts; a kind not required does not count).
 */
export function requiredPlansChecklist(required: readonly string[], plans: ReadonlyMap<string, PlanIssue>): RequiredPlansChecklist {
  const kinds = [...new Set(required)];
  const issued = kinds.filter((kind) => plans.get(kind)?.issuedOn);
  return {
    required: kinds.length,
    issued: issued.length,
    late: issued.filter((kind) => isIssuedLate(plans.get(kind)!)).length,
    issuedRate: rateOf(issued.length, kinds.length),
  };
}

/** Inspection coverage: units inspected among all units of the plan, hundredths of a percent (4 of 11 → 36.36 %). */
export const inspectionCoverage = (inspected: number, units: number) => rateOf(inspected, units);

export interface RemediationState {
  deadline: string | null;
  closedOn: string | null;
}

/** An open remediation item past its deadline. */
export const isRemediationOverdue = (item: RemediationState, asOf: string) => item.closedOn === null && item.deadline !== null && item.deadline < asOf;

export interface ReportState {
  dueOn: string;
  submittedOn: string | null;
}

/** Reports submitted on or before their due date among the reports due by the as-of date. */
export function reportsOnTimeRate(reports: readonly ReportState[], asOf: string): number | null {
  const due = reports.filter((r) => r.dueOn < asOf || r.submittedOn !== null);
  return rateOf(due.filter((r) => r.submittedOn !== null && r.submittedOn <= r.dueOn).length, due.length);
}

/** The as-of date of a year's figures when none is given: today while the year runs, else its 31 December. */
export const defaultAsOf = (year: number, today: string) => (today < `${year}-12-31` ? today : `${year}-12-31`);
