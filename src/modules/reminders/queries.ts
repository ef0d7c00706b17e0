import { and, count, eq, gte, inArray, isNotNull, isNull, lt, lte, min } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { inspectionMembers, inspections, periodicReports, planTasks, plans, remediationItems, reportDeadlines, units } from '../../db/schema.js';
import { daysBetween, type LocalDate } from '../../domain/deadlines.js';
import type { ReportPeriod } from '../../domain/periodic-reports.js';
import type { Actor } from '../auth/actor.js';
import { isUnitStaff } from '../auth/scope.js';
import { REMINDER_HORIZON_DAYS, type Reminder } from './schemas.js';

/** A report whose deadline passed more than this many days ago is no longer reminded of (a closed year stays closed). */
export const REPORT_LOOKBACK_DAYS = 365;

const OPEN_TASK = ['todo', 'in_progress'] as const;

/** The local date `days` after `date` (both 'YYYY-MM-DD'). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const PERIOD_WORDS: Record<ReportPeriod, string> = {
  q1: 'quý I',
  q2: 'quý II',
  q3: 'quý III',
  q4: 'quý IV',
  h1: '6 tháng',
  m9: '9 tháng',
  year: 'năm',
};

/** "Báo cáo CCHC quý I năm 2026", "Báo cáo CCHC năm 2026". */
export function reportTitle(year: number, period: ReportPeriod): string {
  return period === 'year' ? `Báo cáo CCHC năm ${year}` : `Báo cáo CCHC ${PERIOD_WORDS[period]} năm ${year}`;
}

export const AGGREGATE_TITLES = {
  plan_task: 'Nhiệm vụ kế hoạch CCHC quá hạn của các đơn vị',
  remediation: 'Việc khắc phục sau kiểm tra quá hạn',
} as const;

type Base = Omit<Reminder, 'state' | 'daysLeft'>;

const blank = {
  unitCode: null,
  unitName: null,
  planId: null,
  taskCode: null,
  inspectionId: null,
  remediationId: null,
  year: null,
  period: null,
  count: null,
} satisfies Partial<Base>;

function finish(today: LocalDate, item: Base): Reminder {
  const daysLeft = daysBetween(today, item.deadline);
  return { ...item, state: daysLeft < 0 ? 'overdue' : 'due_soon', daysLeft };
}

/** Overdue first, then by deadline (earliest first), then kind, unit and title, so the order is stable. */
export function compareReminders(a: Reminder, b: Reminder): number {
  const rank = (r: Reminder) => (r.state === 'overdue' ? 0 : 1);
  return (
    rank(a) - rank(b) ||
    a.deadline.localeCompare(b.deadline) ||
    a.kind.localeCompare(b.kind) ||
    (a.unitCode ?? '').localeCompare(b.unitCode ?? '') ||
    a.title.localeCompare(b.title, 'vi')
  );
}

/** Open plan tasks due by `until`: of one unit, or of the province's own plans (unitId null). */
async function planTasksDue(db: DbOrTx, unitId: number | null, until: LocalDate): Promise<Base[]> {
  const rows = await db
    .select({
      title: planTasks.title,
      code: planTasks.code,
      deadline: planTasks.deadline,
      planId: plans.id,
      year: plans.year,
      unitCode: units.code,
      unitName: units.name,
    })
    .from(planTasks)
    .innerJoin(plans, eq(plans.id, planTasks.planId))
    .leftJoin(units, eq(units.id, plans.unitId))
    .where(
      and(
        unitId === null ? isNull(plans.unitId) : eq(plans.unitId, unitId),
        inArray(planTasks.status, [...OPEN_TASK]),
        isNotNull(planTasks.deadline),
        lte(planTasks.deadline, until),
      ),
    );
  return rows.map((r) => ({
    ...blank,
    kind: 'plan_task',
    deadline: r.deadline!,
    title: r.title,
    unitCode: r.unitCode,
    unitName: r.unitName,
    planId: r.planId,
    taskCode: r.code,
    year: r.year,
  }));
}

/** A unit's reports due by `until` (within the look-back) and not submitted. */
async function reportsDue(db: DbOrTx, unitId: number, today: LocalDate, until: LocalDate): Promise<Base[]> {
  const rows = await db
    .select({ year: reportDeadlines.year, period: reportDeadlines.period, dueOn: reportDeadlines.dueOn, unitCode: units.code, unitName: units.name })
    .from(reportDeadlines)
    .innerJoin(units, eq(units.id, unitId))
    .leftJoin(
      periodicReports,
      and(eq(periodicReports.unitId, unitId), eq(periodicReports.year, reportDeadlines.year), eq(periodicReports.period, reportDeadlines.period)),
    )
    .where(and(lte(reportDeadlines.dueOn, until), gte(reportDeadlines.dueOn, addDays(today, -REPORT_LOOKBACK_DAYS)), isNull(periodicReports.submittedAt)));
  return rows.map((r) => ({
    ...blank,
    kind: 'report',
    deadline: r.dueOn,
    title: reportTitle(r.year, r.period),
    unitCode: r.unitCode,
    unitName: r.unitName,
    year: r.year,
    period: r.period,
  }));
}

const remediationColumns = {
  id: remediationItems.id,
  title: remediationItems.title,
  deadline: remediationItems.deadline,
  inspectionId: inspections.id,
  year: inspections.year,
  unitCode: units.code,
  unitName: units.name,
};

function remediationItem(r: {
  id: number;
  title: string;
  deadline: string | null;
  inspectionId: number;
  year: number;
  unitCode: string;
  unitName: string;
}): Base {
  return {
    ...blank,
    kind: 'remediation',
    deadline: r.deadline!,
    title: r.title,
    unitCode: r.unitCode,
    unitName: r.unitName,
    inspectionId: r.inspectionId,
    remediationId: r.id,
    year: r.year,
  };
}

/** A unit's open remediation items due by `until`. */
async function unitRemediationDue(db: DbOrTx, unitId: number, until: LocalDate): Promise<Base[]> {
  const rows = await db
    .select(remediationColumns)
    .from(remediationItems)
    .innerJoin(inspections, eq(inspections.id, remediationItems.inspectionId))
    .innerJoin(units, eq(units.id, inspections.unitId))
    .where(and(eq(inspections.unitId, unitId), isNull(remediationItems.closedOn), isNotNull(remediationItems.deadline), lte(remediationItems.deadline, until)));
  return rows.map(remediationItem);
}

/** The open remediation items already overdue of the inspections this user is a team member of. */
async function inspectorRemediationOverdue(db: DbOrTx, userId: number, today: LocalDate): Promise<Base[]> {
  const rows = await db
    .select(remediationColumns)
    .from(remediationItems)
    .innerJoin(inspections, eq(inspections.id, remediationItems.inspectionId))
    .innerJoin(inspectionMembers, and(eq(inspectionMembers.inspectionId, inspections.id), eq(inspectionMembers.userId, userId)))
    .innerJoin(units, eq(units.id, inspections.unitId))
    .where(and(isNull(remediationItems.closedOn), isNotNull(remediationItems.deadline), lt(remediationItems.deadline, today)));
  return rows.map(remediationItem);
}

/** The organizer's aggregates: per report period past due, the active units that have not submitted; overdue tasks and remediation. */
async function organizerAggregates(db: DbOrTx, today: LocalDate): Promise<Base[]> {
  const out: Base[] = [];
  const periods = await db
    .select({ year: reportDeadlines.year, period: reportDeadlines.period, dueOn: reportDeadlines.dueOn })
    .from(reportDeadlines)
    .where(and(lt(reportDeadlines.dueOn, today), gte(reportDeadlines.dueOn, addDays(today, -REPORT_LOOKBACK_DAYS))));
  for (const p of periods) {
    const [row] = await db
      .select({ n: count() })
      .from(units)
      .leftJoin(
        periodicReports,
        and(
          eq(periodicReports.unitId, units.id),
          eq(periodicReports.year, p.year),
          eq(periodicReports.period, p.period),
          isNotNull(periodicReports.submittedAt),
        ),
      )
      .where(and(eq(units.status, 'active'), isNull(periodicReports.id)));
    const missing = row?.n ?? 0;
    if (missing > 0)
      out.push({ ...blank, kind: 'report', deadline: p.dueOn, title: reportTitle(p.year, p.period), year: p.year, period: p.period, count: missing });
  }
  const [tasks] = await db
    .select({ n: count(), first: min(planTasks.deadline) })
    .from(planTasks)
    .innerJoin(plans, eq(plans.id, planTasks.planId))
    .where(and(isNotNull(plans.unitId), inArray(planTasks.status, [...OPEN_TASK]), lt(planTasks.deadline, today)));
  if (tasks && tasks.n > 0) out.push({ ...blank, kind: 'plan_task', deadline: tasks.first!, title: AGGREGATE_TITLES.plan_task, count: tasks.n });
  const [items] = await db
    .select({ n: count(), first: min(remediationItems.deadline) })
    .from(remediationItems)
    .where(and(isNull(remediationItems.closedOn), lt(remediationItems.deadline, today)));
  if (items && items.n > 0) out.push({ ...blank, kind: 'remediation', deadline: items.first!, title: AGGREGATE_TITLES.remediation, count: items.n });
  return out;
}

/**
 * What nears (within REMINDER_HORIZON_DAYS) or passes its deadline for this user on the local day `today`
 * (docs/reminders.md):
 * - unit staff: their unit's open plan tasks, unsubmitted reports and open remediation items due by today + 7;
 * - the organizer: per report period past due, how many active units have not submitted; how many units' plan tasks
 *   and remediation items are overdue; and the province's own plan tasks due by today + 7, one by one;
 * - an inspection team member who is not the organizer (an appraiser or a council member: inspections'
 *   INSPECTOR_ROLES): the open remediation items of their inspections already overdue (the organizer has them in the count);
 * - otherwise nothing: viewers never, the council only as inspectors.
 * Sorted overdue first, then by deadline.
 */
export async function remindersFor(db: DbOrTx, actor: Actor, today: LocalDate): Promise<Reminder[]> {
  if (actor.role === 'viewer' || actor.role === 'system') return [];
  const until = addDays(today, REMINDER_HORIZON_DAYS);
  const items: Base[] = [];
  if (actor.role === 'admin') {
    items.push(...(await organizerAggregates(db, today)), ...(await planTasksDue(db, null, until)));
  } else {
    if (isUnitStaff(actor) && actor.unitId !== null) {
      items.push(
        ...(await planTasksDue(db, actor.unitId, until)),
        ...(await reportsDue(db, actor.unitId, today, until)),
        ...(await unitRemediationDue(db, actor.unitId, until)),
      );
    }
    if (actor.userId !== null) {
      const seen = new Set(items.map((i) => i.remediationId));
      items.push(...(await inspectorRemediationOverdue(db, actor.userId, today)).filter((i) => !seen.has(i.remediationId)));
    }
  }
  return items.map((item) => finish(today, item)).sort(compareReminders);
}
