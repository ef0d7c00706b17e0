import { and, eq } from 'drizzle-orm';
import { type Db, inTransaction, type Tx } from '../../db/client.js';
import { periodicReports, reportDeadlines } from '../../db/schema.js';
import { localDate } from '../../domain/deadlines.js';
import { periodRange } from '../../domain/periodic-reports.js';
import { type FieldIssue, issuesRejected, reasonText } from '../../errors.js';
import { assertVersion } from '../../http/if-match.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { canEditDeadlines, canEditReport, canReopenReport } from './policies.js';
import { deadlineRows, dueOnOf, type ReportRow, unitByCode } from './queries.js';
import { fail, invalid, reasons } from './reasons.js';
import type { DeadlinesBody, ReportBody, ReportParams } from './schemas.js';
import { getTemplate } from './template-store.js';

/** Writes of periodic reports: one transaction each, audited with before and after; If-Match on the report's version. */

/** Replaces the year's due dates (the periods asked for and when). */
export async function setDeadlines(db: Db, actor: Actor, year: number, body: DeadlinesBody) {
  if (!canEditDeadlines(actor)) throw fail('report_own_unit_only');
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  body.deadlines.forEach((d, i) => {
    if (seen.has(d.period)) issues.push({ path: `deadlines.${i}.period`, ...reasonText(reasons, 'report_period_twice', { period: d.period }) });
    seen.add(d.period);
    const { from } = periodRange(year, d.period);
    if (d.dueOn < from) issues.push({ path: `deadlines.${i}.dueOn`, ...reasonText(reasons, 'report_due_outside_year', { dueOn: d.dueOn, from }) });
  });
  if (issues.length) throw issuesRejected(issues);
  return inTransaction(db, async (tx) => {
    const before = await deadlineRows(tx, year);
    await tx.delete(reportDeadlines).where(eq(reportDeadlines.year, year));
    if (body.deadlines.length) await tx.insert(reportDeadlines).values(body.deadlines.map((d) => ({ year, period: d.period, dueOn: d.dueOn })));
    const after = await deadlineRows(tx, year);
    await recordAudit(tx, actor, { action: 'update', entityType: 'report_deadlines', entityId: String(year), before, after });
    return after;
  });
}

async function lockReport(tx: Tx, unitId: number, params: ReportParams): Promise<ReportRow | null> {
  const [row] = await tx
    .select()
    .from(periodicReports)
    .where(and(eq(periodicReports.unitId, unitId), eq(periodicReports.year, params.year), eq(periodicReports.period, params.period)))
    .for('update');
  return row ?? null;
}

const locked = (row: ReportRow) => fail('report_locked', { submittedOn: localDate(row.submittedAt!).split('-').reverse().join('/') });

/**
 * Writes a report that is not submitted (a submitted one is locked): updates it, or creates it, under its row lock and
 * If-Match.
 */
async function writeUnsubmitted(
  tx: Tx,
  unitId: number,
  params: ReportParams,
  expected: number[] | null,
  values: Partial<Pick<ReportRow, 'sections' | 'documentNo' | 'submittedAt' | 'submittedBy'>>,
): Promise<{ before: ReportRow | null; after: ReportRow }> {
  const before = await lockReport(tx, unitId, params);
  await assertVersion(expected, before?.version ?? 0, () => before);
  if (before?.submittedAt) throw locked(before);
  const [after] = before
    ? await tx
        .update(periodicReports)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(periodicReports.id, before.id))
        .returning()
    : await tx
        .insert(periodicReports)
        .values({ unitId, year: params.year, period: params.period, ...values })
        .returning();
  return { before, after: after! };
}

/** Saves the unit's texts and document number (its staff only, before submission). */
export async function saveReport(db: Db, actor: Actor, params: ReportParams, body: ReportBody, expected: number[] | null = null): Promise<ReportRow> {
  const unit = await unitByCode(db, params.unitCode);
  if (!canEditReport(actor, unit.id)) throw fail('report_own_unit_only');
  const { template } = await getTemplate(db);
  const keys = template.sections.map((s) => s.key);
  const sections: Record<string, string> = {};
  for (const [key, text] of Object.entries(body.sections)) {
    if (!keys.includes(key)) throw invalid(`sections.${key}`, 'report_section_unknown', { key, known: keys.join(', ') });
    if (text.trim() !== '') sections[key] = text.trim();
  }
  return inTransaction(db, async (tx) => {
    const { before, after } = await writeUnsubmitted(tx, unit.id, params, expected, { sections, documentNo: body.documentNo || null });
    await recordAudit(tx, actor, {
      action: before ? 'update' : 'create',
      entityType: 'periodic_report',
      entityId: `${unit.code}/${params.year}/${params.period}`,
      before,
      after,
    });
    return after;
  });
}

/** Submits the report (its staff only): records when and by whom, and locks it. */
export async function submitReport(db: Db, actor: Actor, params: ReportParams, now: Date, expected: number[] | null = null): Promise<ReportRow> {
  const unit = await unitByCode(db, params.unitCode);
  if (!canEditReport(actor, unit.id)) throw fail('report_own_unit_only');
  if ((await dueOnOf(db, params.year, params.period)) === null) throw fail('report_period_not_due', { year: params.year, period: params.period });
  return inTransaction(db, async (tx) => {
    const { before, after } = await writeUnsubmitted(tx, unit.id, params, expected, { submittedAt: now, submittedBy: actor.userId });
    await recordAudit(tx, actor, { action: 'submit', entityType: 'periodic_report', entityId: `${unit.code}/${params.year}/${params.period}`, before, after });
    return after!;
  });
}

/** The organizer reopens a submitted report so that the unit can edit it again (and submit it anew). */
export async function reopenReport(db: Db, actor: Actor, params: ReportParams, expected: number[] | null = null): Promise<ReportRow> {
  if (!canReopenReport(actor)) throw fail('report_own_unit_only');
  const unit = await unitByCode(db, params.unitCode);
  return inTransaction(db, async (tx) => {
    const before = await lockReport(tx, unit.id, params);
    await assertVersion(expected, before?.version ?? 0, () => before);
    if (!before?.submittedAt) throw fail('report_not_submitted');
    const [after] = await tx
      .update(periodicReports)
      .set({ submittedAt: null, submittedBy: null, updatedAt: new Date() })
      .where(eq(periodicReports.id, before.id))
      .returning();
    await recordAudit(tx, actor, { action: 'reopen', entityType: 'periodic_report', entityId: `${unit.code}/${params.year}/${params.period}`, before, after });
    return after!;
  });
}
