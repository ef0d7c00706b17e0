import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  inspectionFindings,
  inspections,
  periodicReports,
  registerEntries,
  remediationItems,
  reportDeadlines,
  surveyCampaigns,
  surveyCampaignUnits,
  unitMemberships,
  units,
  users,
} from '../../db/schema.js';
import { localDate } from '../../domain/deadlines.js';
import { isReportOnTime, periodRange, REPORT_PERIODS, type ReportPeriod } from '../../domain/periodic-reports.js';
import { isRemediationOverdue, rateOf, taskProgress } from '../../domain/plans.js';
import { hundredthsToNumber } from '../../domain/points.js';
import { registerCounts } from '../../domain/registers.js';
import type { Actor } from '../auth/actor.js';
import { systemActor } from '../auth/actor.js';
import { unitPlans } from '../plans/queries.js';
import { loadResults, type ResultsData, unitRow } from '../survey-results/queries.js';
import { timelinessCounts } from '../timeliness/queries/timeliness-counts.js';
import { onTimeRate } from '../timeliness/service.js';
import { canEditReport, canReadReport, canReopenReport, canSeeUnit, canEditDeadlines } from './policies.js';
import { fail } from './reasons.js';
import type { Deadlines, ReportFigures, ReportParams, ReportState, ReportStatus, UnitReport, UnitReportList } from './schemas.js';
import { getTemplate } from './template-store.js';

/** The reads of periodic reports: due dates, a unit's report with the figures assembled as of the period's end, the status. */

export type ReportRow = typeof periodicReports.$inferSelect;
export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

export async function unitByCode(db: DbOrTx, code: string): Promise<UnitRef> {
  const [unit] = await db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(eq(units.code, code.toUpperCase()));
  if (!unit) throw fail('report_unit_not_found', { unit: code });
  return unit;
}

const periodOrder = (p: ReportPeriod) => REPORT_PERIODS.indexOf(p);

export async function deadlineRows(db: DbOrTx, year: number): Promise<{ period: ReportPeriod; dueOn: string }[]> {
  const rows = await db.select({ period: reportDeadlines.period, dueOn: reportDeadlines.dueOn }).from(reportDeadlines).where(eq(reportDeadlines.year, year));
  return rows.sort((a, b) => periodOrder(a.period) - periodOrder(b.period));
}

export async function deadlinesView(db: DbOrTx, actor: Actor, year: number): Promise<Deadlines> {
  const rows = await deadlineRows(db, year);
  return { year, deadlines: rows.map((r) => ({ ...r, ...periodRange(year, r.period) })), can: { edit: canEditDeadlines(actor) } };
}

export async function dueOnOf(db: DbOrTx, year: number, period: ReportPeriod): Promise<string | null> {
  const [row] = await db
    .select({ dueOn: reportDeadlines.dueOn })
    .from(reportDeadlines)
    .where(and(eq(reportDeadlines.year, year), eq(reportDeadlines.period, period)));
  return row?.dueOn ?? null;
}

export async function reportRow(db: DbOrTx, unitId: number, year: number, period: ReportPeriod): Promise<ReportRow | null> {
  const [row] = await db
    .select()
    .from(periodicReports)
    .where(and(eq(periodicReports.unitId, unitId), eq(periodicReports.year, year), eq(periodicReports.period, period)));
  return row ?? null;
}

/** The state of a report against its due date: on time, late, or not (yet) submitted. */
export function stateOf(submittedOn: string | null, dueOn: string | null): ReportState {
  if (submittedOn === null) return 'not_submitted';
  return dueOn === null || isReportOnTime(submittedOn, dueOn) ? 'on_time' : 'late';
}

/** The date the figures are taken at: the period's last day, or today when earlier. */
export const asOfFor = (year: number, period: ReportPeriod, today: string) => {
  const { to } = periodRange(year, period);
  return today < to ? today : to;
};

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Survey results of the campaigns read so far (one tally per campaign while a summary is assembled). */
export type SurveyCache = Map<string, Promise<ResultsData>>;

/**
 * The figures of a unit's report, assembled from the platform's data as of `asOf`: plans and tasks (a task done after
 * `asOf` is not done yet), timeliness over the period (null when the unit has no dossier in it), the year's survey
 * campaigns covering the unit that opened by `asOf`, the inspections of the year up to `asOf` with their remediation,
 * and the register counts of the entries dated by `asOf` (or undated).
 */
export async function assembleFigures(
  db: DbOrTx,
  unit: UnitRef,
  year: number,
  period: ReportPeriod,
  asOf: string,
  surveyCache: SurveyCache = new Map(),
): Promise<ReportFigures> {
  const { from, to } = periodRange(year, period);
  const system = systemActor('periodic-report');

  const plan = await unitPlans(db, system, year, unit.code, asOf);
  const tasks = plan.plans.flatMap((p) =>
    p.tasks.map((t) => (t.status === 'done' && t.completedOn !== null && t.completedOn > asOf ? { ...t, status: 'in_progress' as const } : t)),
  );
  const progress = taskProgress(tasks, asOf);

  const [counts] = await timelinessCounts(db, { from, to: nextDay(to), asOf, unitIds: [unit.id], field: null, channel: null }, [], { withOnline: false });
  const timeliness =
    counts && counts.received + counts.resolved + counts.overdue > 0
      ? {
          received: counts.received,
          resolved: counts.resolved,
          early: counts.early,
          onTime: counts.onTime,
          late: counts.late,
          overdue: counts.overdue,
          onTimeRate: onTimeRate(counts),
        }
      : null;

  const campaigns = await db
    .select({ code: surveyCampaigns.code, opensOn: surveyCampaigns.opensOn })
    .from(surveyCampaigns)
    .innerJoin(surveyCampaignUnits, eq(surveyCampaignUnits.campaignId, surveyCampaigns.id))
    .where(and(eq(surveyCampaigns.year, year), eq(surveyCampaignUnits.unitId, unit.id)))
    .orderBy(asc(surveyCampaigns.code));
  const surveys: ReportFigures['surveys'] = [];
  for (const c of campaigns.filter((c) => c.opensOn <= asOf)) {
    try {
      let data = surveyCache.get(c.code);
      if (!data) surveyCache.set(c.code, (data = loadResults(db, system, c.code)));
      const results = await data;
      const campaignUnit = results.units.find((u) => u.unitId === unit.id);
      if (!campaignUnit) continue;
      const row = unitRow(results, campaignUnit);
      surveys.push({ code: c.code, name: results.campaign.name, kind: results.campaign.kind, responses: row.responses, target: row.target, sipas: row.sipas });
    } catch {
      // A campaign whose results cannot be read (e.g. no rated question) is left out of the report rather than failing it.
    }
  }

  const inspectionRows = await db
    .select()
    .from(inspections)
    .where(and(eq(inspections.year, year), eq(inspections.unitId, unit.id)));
  const counted = inspectionRows.filter((i) => (i.conductedOn ?? i.plannedFrom ?? `${year}-01-01`) <= asOf);
  const conducted = counted.filter((i) => i.conductedOn !== null && i.conductedOn <= asOf);
  const conductedIds = conducted.map((i) => i.id);
  const findings = conductedIds.length
    ? await db.select({ id: inspectionFindings.id }).from(inspectionFindings).where(inArray(inspectionFindings.inspectionId, conductedIds))
    : [];
  const items = conductedIds.length
    ? await db
        .select({ deadline: remediationItems.deadline, closedOn: remediationItems.closedOn })
        .from(remediationItems)
        .where(inArray(remediationItems.inspectionId, conductedIds))
    : [];
  const asOfItems = items.map((r) => ({ deadline: r.deadline, closedOn: r.closedOn !== null && r.closedOn <= asOf ? r.closedOn : null }));
  const closed = asOfItems.filter((r) => r.closedOn !== null).length;

  const entries = await db
    .select({ register: registerEntries.register, data: registerEntries.data, entryDate: registerEntries.entryDate })
    .from(registerEntries)
    .where(and(eq(registerEntries.year, year), eq(registerEntries.unitId, unit.id)));

  return {
    plans: {
      plans: plan.plans.length,
      required: plan.checklist.required,
      issued: plan.checklist.issued,
      late: plan.checklist.late,
      issuedRate: hundredthsToNumber(rateOf(plan.checklist.issued, plan.checklist.required)),
      tasks: progress.tasks,
      completed: progress.completed,
      overdue: progress.overdue,
      completionRate: hundredthsToNumber(progress.completionRate),
    },
    timeliness,
    surveys,
    inspections: {
      inspections: counted.length,
      conducted: conducted.length,
      findings: findings.length,
      remediation: asOfItems.length,
      closed,
      open: asOfItems.length - closed,
      overdue: asOfItems.filter((r) => isRemediationOverdue(r, asOf)).length,
    },
    registers: registerCounts(entries.filter((e) => e.entryDate === null || e.entryDate <= asOf)),
  };
}

async function usernameOf(db: DbOrTx, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const [user] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, id));
  return user?.name ?? null;
}

/** A unit's report of a period: its texts and state, and the figures as of the period's end (or today). */
export async function unitReport(db: DbOrTx, actor: Actor, params: ReportParams, today: string): Promise<UnitReport> {
  const unit = await unitByCode(db, params.unitCode);
  if (!canSeeUnit(actor, unit.id)) throw fail('report_own_unit_only');
  const row = await reportRow(db, unit.id, params.year, params.period);
  const submitted = row?.submittedAt != null;
  if (!canReadReport(actor, unit.id, submitted)) throw fail('report_draft_hidden', { unit: unit.code });
  const dueOn = await dueOnOf(db, params.year, params.period);
  const asOf = asOfFor(params.year, params.period, today);
  const { template } = await getTemplate(db);
  const submittedOn = row?.submittedAt ? localDate(row.submittedAt) : null;
  return {
    unitCode: unit.code,
    unitName: unit.name,
    year: params.year,
    period: params.period,
    ...periodRange(params.year, params.period),
    asOf,
    dueOn,
    submittedAt: row?.submittedAt?.toISOString() ?? null,
    submittedOn,
    submittedBy: await usernameOf(db, row?.submittedBy ?? null),
    state: stateOf(submittedOn, dueOn),
    documentNo: row?.documentNo ?? null,
    sections: row?.sections ?? {},
    templateSections: template.sections,
    figures: await assembleFigures(db, unit, params.year, params.period, asOf),
    version: row?.version ?? 0,
    can: {
      edit: canEditReport(actor, unit.id) && !submitted,
      submit: canEditReport(actor, unit.id) && !submitted && dueOn !== null,
      reopen: canReopenReport(actor) && submitted,
    },
  };
}

/** The periods a unit reports on in a year (those with a due date), each with its state. */
export async function unitReportList(db: DbOrTx, actor: Actor, unitCode: string, year: number, today: string): Promise<UnitReportList> {
  const unit = await unitByCode(db, unitCode);
  if (!canSeeUnit(actor, unit.id)) throw fail('report_own_unit_only');
  const deadlines = await deadlineRows(db, year);
  const rows = await db
    .select()
    .from(periodicReports)
    .where(and(eq(periodicReports.unitId, unit.id), eq(periodicReports.year, year)));
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  return {
    unitCode: unit.code,
    unitName: unit.name,
    year,
    periods: deadlines.map(({ period, dueOn }) => {
      const row = byPeriod.get(period);
      const submittedOn = row?.submittedAt ? localDate(row.submittedAt) : null;
      return { period, dueOn, state: stateOf(submittedOn, dueOn), overdue: submittedOn === null && dueOn < today, submittedOn, saved: row !== undefined };
    }),
  };
}

/** The units expected to report in a year: those in a block that year, else every active unit; by code. */
export async function reportingUnits(db: DbOrTx, year: number): Promise<UnitRef[]> {
  const members = await db
    .select({ id: units.id, code: units.code, name: units.name })
    .from(units)
    .innerJoin(unitMemberships, eq(unitMemberships.unitId, units.id))
    .where(eq(unitMemberships.year, year))
    .orderBy(asc(units.code));
  if (members.length > 0) return members;
  return db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(eq(units.status, 'active')).orderBy(asc(units.code));
}

/** Who reported a period on time, late, or not at all ("18/21 đúng hạn"). */
export async function reportStatus(db: DbOrTx, year: number, period: ReportPeriod): Promise<ReportStatus> {
  const dueOn = await dueOnOf(db, year, period);
  const unitList = await reportingUnits(db, year);
  const rows = await db
    .select()
    .from(periodicReports)
    .where(and(eq(periodicReports.year, year), eq(periodicReports.period, period)));
  const byUnit = new Map(rows.map((r) => [r.unitId, r]));
  const statusRows = unitList.map((u) => {
    const row = byUnit.get(u.id);
    const submittedOn = row?.submittedAt ? localDate(row.submittedAt) : null;
    return { unitCode: u.code, unitName: u.name, state: stateOf(submittedOn, dueOn), submittedOn, documentNo: submittedOn ? (row?.documentNo ?? null) : null };
  });
  const count = (state: ReportState) => statusRows.filter((r) => r.state === state).length;
  return {
    year,
    period,
    dueOn,
    units: statusRows,
    counts: {
      units: statusRows.length,
      submitted: statusRows.length - count('not_submitted'),
      onTime: count('on_time'),
      late: count('late'),
      notSubmitted: count('not_submitted'),
    },
  };
}
