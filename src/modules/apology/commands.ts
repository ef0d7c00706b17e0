/**
 * Issuing apology letters, one or several at once, each with its audit row in the same transaction. A dossier has at
 * most one letter; editing it (reason, new date) keeps the previous version in the audit log.
 */
import { eq } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { apologyLetters } from '../../db/schema.js';
import { dayNumber, type WorkingCalendar } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { isOverdueUnresolved } from '../../domain/timeliness.js';
import { issuesRejected, type MessageParams, type ReasonedText, reasonText } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { type AuditChange, recordAudit, recordAuditMany } from '../audit/service.js';
import { reasons as calendarReasons } from '../calendar/reasons.js';
import { loadWorkingCalendar } from '../calendar/service.js';
import { type DossierRow, visibleDossiers } from './queries.js';
import { fail, reasons } from './reasons.js';
import type { IssueResult, LetterInput } from './schemas.js';
import { formatDayMonthYear } from './template.js';

interface Issue extends ReasonedText {
  path: string;
}

const issueAt = (path: string, reason: keyof typeof reasons, params?: MessageParams): Issue => ({ path, ...reasonText(reasons, reason, params) });

const letterSnapshot = (letter: { reason: string; newAppointmentDate: string; issuedOn: string }, issuedBy: string | null) => ({
  reason: letter.reason,
  newAppointmentDate: letter.newAppointmentDate,
  issuedOn: letter.issuedOn,
  issuedBy,
});

/** Whether the dossier needs a letter today: resolved late, or overdue and not yet resolved (the domain's rule). */
function needsLetter(row: DossierRow, today: LocalDate): boolean {
  if (row.timeliness === 'late') return true;
  return isOverdueUnresolved(row.status, row.resolvedDate === null ? null : dayNumber(row.resolvedDate), dayNumber(row.dueDate), dayNumber(today));
}

/**
 * The rules of one letter, each broken rule named by its field: a dossier that needs a letter, a reason, a letter
 * date between the day of receipt and today, and a new appointment date after the due date, not before the
 * letter's date, on a working day.
 */
function checkLetter(row: DossierRow, input: LetterInput, today: LocalDate, calendar: WorkingCalendar, at: (field: string) => string): Issue[] {
  const issues: Issue[] = [];
  if (!needsLetter(row, today)) {
    const due = formatDayMonthYear(row.dueDate);
    issues.push(
      row.resolvedDate
        ? issueAt(at('dossierCode'), 'letter_not_needed_resolved', { code: row.code, due, resolved: formatDayMonthYear(row.resolvedDate) })
        : issueAt(at('dossierCode'), 'letter_not_needed', { code: row.code, due }),
    );
  }
  if (!input.reason?.trim()) issues.push(issueAt(at('reason'), 'letter_reason_required'));
  const issuedOn = input.issuedOn ?? today;
  if (issuedOn > today) issues.push(issueAt(at('issuedOn'), 'letter_dated_after_today', { today: formatDayMonthYear(today) }));
  if (issuedOn < row.receivedDate) {
    issues.push(issueAt(at('issuedOn'), 'letter_dated_before_receipt', { received: formatDayMonthYear(row.receivedDate) }));
  }
  const date = input.newAppointmentDate;
  if (!date) issues.push(issueAt(at('newAppointmentDate'), 'appointment_date_required'));
  else if (date <= row.dueDate) {
    issues.push(issueAt(at('newAppointmentDate'), 'appointment_not_after_due', { due: formatDayMonthYear(row.dueDate) }));
  } else if (date < issuedOn) {
    issues.push(issueAt(at('newAppointmentDate'), 'appointment_before_letter', { issuedOn: formatDayMonthYear(issuedOn) }));
  } else if (!calendar.isWorkingDay(date)) {
    issues.push({ path: at('newAppointmentDate'), ...reasonText(calendarReasons, 'not_working_day', { date: formatDayMonthYear(date) }) });
  }
  return issues;
}

/**
 * Issues (or, for one dossier, edits) letters in one transaction with their audit rows: all or nothing.
 * `bulk` refuses dossiers that already have a letter (edit those one by one), and names every broken rule as
 * `letters.<row>.<field>`; a single letter names plain fields and answers 404 for a dossier the actor cannot see.
 */
export async function issueLetters(db: Db, actor: Actor, inputs: readonly LetterInput[], options: { bulk: boolean; today: LocalDate }): Promise<IssueResult[]> {
  const { bulk, today } = options;
  return inTransaction(db, async (tx) => {
    const calendar = await loadWorkingCalendar(tx);
    const found = await visibleDossiers(
      tx,
      actor,
      inputs.map((i) => i.dossierCode),
    );
    const issues: Issue[] = [];
    const seen = new Set<string>();
    inputs.forEach((input, i) => {
      const at = (field: string) => (bulk ? `letters.${i}.${field}` : field);
      const row = found.get(input.dossierCode);
      if (!row) {
        if (!bulk) throw fail('apology_dossier_not_found', { code: input.dossierCode });
        issues.push(issueAt(at('dossierCode'), 'letter_dossier_unknown', { code: input.dossierCode }));
        return;
      }
      if (seen.has(row.code)) issues.push(issueAt(at('dossierCode'), 'letter_dossier_twice', { code: row.code }));
      seen.add(row.code);
      if (bulk && row.letterId !== null) {
        issues.push(issueAt(at('dossierCode'), 'letter_exists', { code: row.code, issuedOn: formatDayMonthYear(row.issuedOn!) }));
      }
      issues.push(...checkLetter(row, input, today, calendar, at));
    });
    // Every broken rule at once, the first one's reason as the error's.
    if (issues.length) throw issuesRejected(issues);

    const results: IssueResult[] = [];
    const audits: AuditChange[] = [];
    for (const input of inputs) {
      const row = found.get(input.dossierCode)!;
      const values = { reason: input.reason!.trim(), newAppointmentDate: input.newAppointmentDate!, issuedOn: input.issuedOn ?? today, issuedBy: actor.userId };
      const after = letterSnapshot(values, actor.username);
      if (row.letterId === null) {
        await tx.insert(apologyLetters).values({ dossierCode: row.code, ...values });
        audits.push({ action: 'create', entityType: 'apology_letter', entityId: row.code, after });
        results.push({ dossierCode: row.code, created: true, letter: after });
      } else {
        const before = letterSnapshot({ reason: row.reason!, newAppointmentDate: row.newAppointmentDate!, issuedOn: row.issuedOn! }, row.issuedBy);
        await tx.update(apologyLetters).set(values).where(eq(apologyLetters.id, row.letterId));
        audits.push({ action: 'update', entityType: 'apology_letter', entityId: row.code, before, after });
        results.push({ dossierCode: row.code, created: false, letter: after });
      }
    }
    if (audits.length === 1) await recordAudit(tx, actor, audits[0]!);
    else await recordAuditMany(tx, actor, audits);
    return results;
  });
}
