/**
 * Apology letters (phiếu xin lỗi và hẹn lại ngày trả kết quả): which dossiers need one, issuing and editing them,
 * the DOCX, counts by unit and field, and the organizer's template. See docs/apology-letters.md.
 *
 * A dossier needs a letter when it is
 * - **late**: resolved after its due date (timeliness = 'late'), or
 * - **overdue, not yet resolved**: no resolution date, due date before today, and not withdrawn or rejected —
 *   the unit should apologise and give a new date before the late result, so these are listed too.
 * A dossier has at most one letter; editing it (reason, new date) keeps the previous version in the audit log.
 */
import { and, asc, desc, eq, gte, ilike, inArray, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, type DbOrTx, queryRows } from '../../db/client.js';
import { apologyLetters, dossiers, procedures, settings, units, users } from '../../db/schema.js';
import { dayNumber, type WorkingCalendar } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { assertVersion } from '../../http/if-match.js';
import { AppError, issuesRejected, type MessageParams, type ReasonedText, reasonText } from '../../errors.js';
import { reasons as calendarReasons } from '../calendar/reasons.js';
import { fail, invalid, reasons } from './reasons.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit, recordAuditMany, type AuditChange } from '../audit/service.js';
import { loadWorkingCalendar } from '../calendar/service.js';
import { findUnitIdByCode } from '../units/service.js';
import { buildLettersDocx } from './document.js';
import {
  type ApologyTemplate,
  DEFAULT_TEMPLATE,
  formatDayMonthYear,
  type LetterData,
  type RenderedLetter,
  renderLetter,
  sampleLetterData,
  TEMPLATE_SETTING_KEY,
  templateIssues,
} from './template.js';

// ---------------------------------------------------------------------------------------------------------------
// Who may see what

const UNIT_ROLES = new Set(['unit_officer', 'unit_leader']);

/**
 * The unit a request is limited to: unit staff to their own unit (asking for another one is refused), the
 * province-wide roles to the unit they asked for, or none (every unit).
 */
function scopedUnitId(actor: Actor, requested: number | null): number | null {
  if (UNIT_ROLES.has(actor.role)) {
    if (actor.unitId === null) throw fail('account_without_unit');
    if (requested !== null && requested !== actor.unitId) throw fail('own_unit_dossiers_only');
    return actor.unitId;
  }
  return requested;
}

async function unitIdOf(db: DbOrTx, code: string | undefined): Promise<number | null> {
  if (!code) return null;
  const id = await findUnitIdByCode(db, code);
  if (id === null) throw fail('apology_unit_not_found', { code });
  return id;
}

// ---------------------------------------------------------------------------------------------------------------
// Which dossiers need a letter

const lateCondition = sql`${dossiers.timeliness} = 'late'`;
const overdueCondition = (today: LocalDate) =>
  sql`(${dossiers.resolvedDate} is null and ${dossiers.dueDate} < ${today}::date and ${dossiers.status} not in ('withdrawn', 'rejected'))`;
const needsLetterCondition = (today: LocalDate) => sql`(${lateCondition} or ${overdueCondition(today)})`;

export type LetterState = 'late' | 'overdue';

export interface ApologyListFilter {
  unit?: string;
  field?: string;
  /** late (resolved late), overdue (not yet resolved), or both. */
  state?: LetterState;
  letter?: 'with' | 'without';
  /** Which date `from`–`to` applies to (inclusive, local dates). */
  dateBy: 'due' | 'resolved';
  from?: LocalDate;
  to?: LocalDate;
  /** Part of the dossier code. */
  q?: string;
  limit: number;
  offset: number;
}

export interface IssuedLetter {
  reason: string;
  newAppointmentDate: LocalDate;
  issuedOn: LocalDate;
  issuedBy: string | null;
}

export interface LateDossier {
  code: string;
  unitCode: string;
  unitName: string;
  procedureCode: string;
  procedureName: string;
  field: string;
  status: string;
  receivedDate: LocalDate;
  dueDate: LocalDate;
  resolvedDate: LocalDate | null;
  state: LetterState;
  /** Working days after the due date until the resolution date (late) or today (overdue). */
  workingDaysLate: number;
  letter: IssuedLetter | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function dossierColumns() {
  return {
    code: dossiers.code,
    unitId: dossiers.unitId,
    unitCode: units.code,
    unitName: units.name,
    procedureCode: procedures.code,
    procedureName: procedures.name,
    field: dossiers.field,
    status: dossiers.status,
    receivedDate: dossiers.receivedDate,
    dueDate: dossiers.dueDate,
    resolvedDate: dossiers.resolvedDate,
    timeliness: dossiers.timeliness,
    letterId: apologyLetters.id,
    reason: apologyLetters.reason,
    newAppointmentDate: apologyLetters.newAppointmentDate,
    issuedOn: apologyLetters.issuedOn,
    issuedBy: users.username,
  };
}

function selectDossiers(db: DbOrTx) {
  return db
    .select(dossierColumns())
    .from(dossiers)
    .innerJoin(units, eq(units.id, dossiers.unitId))
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .leftJoin(apologyLetters, eq(apologyLetters.dossierCode, dossiers.code))
    .leftJoin(users, eq(users.id, apologyLetters.issuedBy));
}
type DossierRow = Awaited<ReturnType<ReturnType<typeof selectDossiers>['where']>>[number];

function toLateDossier(row: DossierRow, today: LocalDate, calendar: WorkingCalendar): LateDossier {
  const state: LetterState = row.timeliness === 'late' ? 'late' : 'overdue';
  return {
    code: row.code,
    unitCode: row.unitCode,
    unitName: row.unitName,
    procedureCode: row.procedureCode,
    procedureName: row.procedureName,
    field: row.field,
    status: row.status,
    receivedDate: row.receivedDate,
    dueDate: row.dueDate,
    resolvedDate: row.resolvedDate,
    state,
    workingDaysLate: Math.max(0, calendar.workingDaysBetween(row.dueDate, row.resolvedDate ?? today)),
    letter:
      row.letterId === null
        ? null
        : { reason: row.reason!, newAppointmentDate: row.newAppointmentDate!, issuedOn: row.issuedOn!, issuedBy: row.issuedBy },
  };
}

/** Late and overdue dossiers the actor may see, those without a letter first, then the oldest due date. */
export async function listLateDossiers(db: Db, actor: Actor, filter: ApologyListFilter, today: LocalDate) {
  const unitId = scopedUnitId(actor, await unitIdOf(db, filter.unit));
  const conditions: SQL[] = [
    filter.state === 'late' ? lateCondition : filter.state === 'overdue' ? overdueCondition(today) : needsLetterCondition(today),
  ];
  if (unitId !== null) conditions.push(eq(dossiers.unitId, unitId));
  if (filter.field) conditions.push(eq(dossiers.field, filter.field));
  if (filter.letter === 'with') conditions.push(isNotNull(apologyLetters.id));
  if (filter.letter === 'without') conditions.push(isNull(apologyLetters.id));
  const dateColumn = filter.dateBy === 'resolved' ? dossiers.resolvedDate : dossiers.dueDate;
  if (filter.from) conditions.push(gte(dateColumn, filter.from));
  if (filter.to) conditions.push(lte(dateColumn, filter.to));
  if (filter.q?.trim()) conditions.push(ilike(dossiers.code, `%${escapeLike(filter.q.trim())}%`));
  const where = and(...conditions);

  const rows = await selectDossiers(db)
    .where(where)
    .orderBy(desc(sql`${apologyLetters.id} is null`), asc(dossiers.dueDate), asc(dossiers.code))
    .limit(filter.limit)
    .offset(filter.offset);
  const [totals] = await queryRows<{ total: number; without: number }>(
    db,
    sql`select count(*)::int as total, count(*) filter (where ${apologyLetters.id} is null)::int as without
        from ${dossiers} left join ${apologyLetters} on ${apologyLetters.dossierCode} = ${dossiers.code} where ${where}`,
  );
  const calendar = await loadWorkingCalendar(db);
  return {
    items: rows.map((row) => toLateDossier(row, today, calendar)),
    total: totals?.total ?? 0,
    withoutLetter: totals?.without ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Issuing letters

export interface LetterInput {
  dossierCode: string;
  reason?: string | null;
  newAppointmentDate?: LocalDate | null;
  /** The date printed on the letter; today by default (an earlier date records a letter issued on paper). */
  issuedOn?: LocalDate | null;
}

interface Issue extends ReasonedText {
  path: string;
}

const issueAt = (path: string, reason: keyof typeof reasons, params?: MessageParams): Issue => ({ path, ...reasonText(reasons, reason, params) });

/** Every broken rule at once, the first one's reason as the error's. */
const refused = (issues: Issue[]): AppError => issuesRejected(issues);

const letterSnapshot = (letter: { reason: string; newAppointmentDate: string; issuedOn: string }, issuedBy: string | null) => ({
  reason: letter.reason,
  newAppointmentDate: letter.newAppointmentDate,
  issuedOn: letter.issuedOn,
  issuedBy,
});

/**
 * The rules of one letter, each broken rule named by its field: a dossier that needs a letter, a reason, a letter
 * date between the day of receipt and today, and a new appointment date after the due date, not before the
 * letter's date, on a working day.
 */
function checkLetter(row: DossierRow, input: LetterInput, today: LocalDate, calendar: WorkingCalendar, at: (field: string) => string): Issue[] {
  const issues: Issue[] = [];
  const isLate = row.timeliness === 'late';
  const isOverdue = row.resolvedDate === null && row.dueDate < today && row.status !== 'withdrawn' && row.status !== 'rejected';
  if (!isLate && !isOverdue) {
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

async function visibleDossiers(db: DbOrTx, actor: Actor, codes: readonly string[]): Promise<Map<string, DossierRow>> {
  if (codes.length === 0) return new Map();
  const unitId = scopedUnitId(actor, null);
  const conditions = [inArray(dossiers.code, [...codes])];
  if (unitId !== null) conditions.push(eq(dossiers.unitId, unitId));
  const rows = await selectDossiers(db).where(and(...conditions));
  return new Map(rows.map((r) => [r.code, r]));
}

export interface IssueResult {
  dossierCode: string;
  created: boolean;
  letter: IssuedLetter;
}

/**
 * Issues (or, for one dossier, edits) letters in one transaction with their audit rows: all or nothing.
 * `bulk` refuses dossiers that already have a letter (edit those one by one), and names every broken rule as
 * `letters.<row>.<field>`; a single letter names plain fields and answers 404 for a dossier the actor cannot see.
 */
export async function issueLetters(
  db: Db,
  actor: Actor,
  inputs: readonly LetterInput[],
  options: { bulk: boolean; today: LocalDate },
): Promise<IssueResult[]> {
  const { bulk, today } = options;
  return db.transaction(async (tx) => {
    const calendar = await loadWorkingCalendar(tx);
    const found = await visibleDossiers(tx, actor, inputs.map((i) => i.dossierCode));
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
    if (issues.length) throw refused(issues);

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

// ---------------------------------------------------------------------------------------------------------------
// Documents

/** The letters of these dossiers, in the order given; a dossier without a letter (or not visible) is refused. */
export async function lettersDocx(db: Db, actor: Actor, codes: readonly string[]): Promise<Buffer> {
  const found = await visibleDossiers(db, actor, codes);
  const template = (await getTemplate(db)).template;
  const letters: RenderedLetter[] = [];
  for (const code of codes) {
    const row = found.get(code);
    if (!row) throw fail('apology_dossier_not_found', { code });
    if (row.letterId === null) throw fail('dossier_has_no_letter', { code });
    letters.push(renderLetter(template, letterDataOf(row)));
  }
  return buildLettersDocx(letters);
}

function letterDataOf(row: DossierRow): LetterData {
  return {
    unitCode: row.unitCode,
    unitName: row.unitName,
    dossierCode: row.code,
    procedureCode: row.procedureCode,
    procedureName: row.procedureName,
    field: row.field,
    receivedDate: row.receivedDate,
    dueDate: row.dueDate,
    reason: row.reason!,
    newAppointmentDate: row.newAppointmentDate!,
    issuedOn: row.issuedOn!,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Counts

export interface LetterCountRow {
  /** Unit code, or the field's name. */
  key: string;
  name: string;
  /** Resolved late in the period (resolution date). */
  late: number;
  lateWithLetter: number;
  /** Not resolved, due in the period and before today. */
  overdue: number;
  overdueWithLetter: number;
  /** lateWithLetter + overdueWithLetter. */
  letters: number;
  /** late + overdue − letters. */
  missing: number;
  /** Letters dated (issued_on) in the period, whatever the dossier's dates. */
  issued: number;
}

export async function letterCounts(
  db: Db,
  actor: Actor,
  input: { by: 'unit' | 'field'; from: LocalDate; to: LocalDate; unit?: string },
  today: LocalDate,
): Promise<{ rows: LetterCountRow[]; total: LetterCountRow }> {
  if (input.from > input.to) {
    throw invalid('query.to', 'letter_counts_dates_reversed');
  }
  const unitId = scopedUnitId(actor, await unitIdOf(db, input.unit));
  const key = input.by === 'unit' ? sql`${dossiers.unitId}::text` : sql`${dossiers.field}`;
  const scope = unitId === null ? sql`true` : sql`${dossiers.unitId} = ${unitId}`;
  const dossierCounts = await queryRows<{ key: string; late: number; late_with_letter: number; overdue: number; overdue_with_letter: number }>(
    db,
    sql`select ${key} as key,
          count(*) filter (where ${dossiers.timeliness} = 'late')::int as late,
          count(${apologyLetters.id}) filter (where ${dossiers.timeliness} = 'late')::int as late_with_letter,
          count(*) filter (where ${dossiers.resolvedDate} is null)::int as overdue,
          count(${apologyLetters.id}) filter (where ${dossiers.resolvedDate} is null)::int as overdue_with_letter
        from ${dossiers} left join ${apologyLetters} on ${apologyLetters.dossierCode} = ${dossiers.code}
        where ${scope} and (
          (${lateCondition} and ${dossiers.resolvedDate} between ${input.from}::date and ${input.to}::date)
          or (${overdueCondition(today)} and ${dossiers.dueDate} between ${input.from}::date and ${input.to}::date))
        group by 1`,
  );
  const issuedCounts = await queryRows<{ key: string; issued: number }>(
    db,
    sql`select ${key} as key, count(*)::int as issued
        from ${apologyLetters} join ${dossiers} on ${dossiers.code} = ${apologyLetters.dossierCode}
        where ${scope} and ${apologyLetters.issuedOn} between ${input.from}::date and ${input.to}::date
        group by 1`,
  );
  const byKey = new Map<string, LetterCountRow>();
  const rowOf = (k: string) => {
    let row = byKey.get(k);
    if (!row) {
      row = { key: k, name: k, late: 0, lateWithLetter: 0, overdue: 0, overdueWithLetter: 0, letters: 0, missing: 0, issued: 0 };
      byKey.set(k, row);
    }
    return row;
  };
  for (const c of dossierCounts) {
    const row = rowOf(c.key);
    Object.assign(row, { late: c.late, lateWithLetter: c.late_with_letter, overdue: c.overdue, overdueWithLetter: c.overdue_with_letter });
  }
  for (const c of issuedCounts) rowOf(c.key).issued = c.issued;
  for (const row of byKey.values()) {
    row.letters = row.lateWithLetter + row.overdueWithLetter;
    row.missing = row.late + row.overdue - row.letters;
  }
  if (input.by === 'unit' && byKey.size > 0) {
    const names = await db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(inArray(units.id, [...byKey.keys()].map(Number)));
    for (const u of names) Object.assign(byKey.get(String(u.id))!, { key: u.code, name: u.name });
  }
  const rows = [...byKey.values()].sort((a, b) => b.missing - a.missing || b.late + b.overdue - (a.late + a.overdue) || a.key.localeCompare(b.key, 'vi'));
  const total: LetterCountRow = { key: '', name: '', late: 0, lateWithLetter: 0, overdue: 0, overdueWithLetter: 0, letters: 0, missing: 0, issued: 0 };
  for (const row of rows) {
    for (const k of ['late', 'lateWithLetter', 'overdue', 'overdueWithLetter', 'letters', 'missing', 'issued'] as const) total[k] += row[k];
  }
  return { rows, total };
}

/**
 * For the formula criteria: unit id → late dossiers resolved in `year` (local resolution date) that have no
 * apology letter. Units with none are absent from the map.
 */
export async function lateWithoutLetterCounts(db: DbOrTx, year: number): Promise<Map<number, number>> {
  const rows = await queryRows<{ unit_id: number; count: number }>(
    db,
    sql`select ${dossiers.unitId} as unit_id, count(*)::int as count
        from ${dossiers} left join ${apologyLetters} on ${apologyLetters.dossierCode} = ${dossiers.code}
        where ${lateCondition} and ${apologyLetters.id} is null
          and ${dossiers.resolvedDate} between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
        group by 1`,
  );
  return new Map(rows.map((r) => [Number(r.unit_id), Number(r.count)]));
}

// ---------------------------------------------------------------------------------------------------------------
// Template

const line = (max: number) => z.string().max(max);
export const TemplateSchema = z.object({
  letterhead: z.array(line(200)).max(4),
  place: line(100),
  applicant: line(100),
  dateLine: line(200),
  title: line(300),
  salutation: line(300),
  paragraphs: z.array(line(3000)).min(1).max(20),
  signatureTitle: line(200),
  signatureNote: line(200),
  signerName: line(200),
  recipients: z.array(line(300)).max(10),
});

export interface TemplateView {
  template: ApologyTemplate;
  isDefault: boolean;
  updatedAt: string | null;
  /** Optimistic concurrency: the ETag (0 while the built-in template is used); a save sends it back in If-Match. */
  version: number;
}

export async function getTemplate(db: DbOrTx): Promise<TemplateView> {
  const [row] = await db.select().from(settings).where(eq(settings.key, TEMPLATE_SETTING_KEY));
  if (!row) return { template: DEFAULT_TEMPLATE, isDefault: true, updatedAt: null, version: 0 };
  // A stored template missing a newer field takes that field's default.
  const parsed = TemplateSchema.safeParse({ ...DEFAULT_TEMPLATE, ...(row.value as object) });
  if (!parsed.success) return { template: DEFAULT_TEMPLATE, isDefault: true, updatedAt: row.updatedAt.toISOString(), version: row.version };
  return { template: parsed.data, isDefault: false, updatedAt: row.updatedAt.toISOString(), version: row.version };
}

/**
 * Template saves and resets take turns on a transaction-level advisory lock (the row may not exist yet, so a row lock
 * cannot serialise the first saves): each then reads the current version in a fresh statement and checks If-Match.
 */
const TEMPLATE_WRITE_LOCK_KEY = 72_616_404;
async function lockTemplate(tx: DbOrTx, expected: readonly number[] | null | undefined): Promise<TemplateView> {
  await tx.execute(sql`select pg_advisory_xact_lock(${TEMPLATE_WRITE_LOCK_KEY})`);
  const current = await getTemplate(tx);
  await assertVersion(expected, current.version, () => current);
  return current;
}

/** Refuses unknown or malformed placeholders, naming each one and the field it is in. */
export function assertValidTemplate(template: ApologyTemplate): void {
  const issues = templateIssues(template);
  if (issues.length) throw refused(issues);
}

export async function saveTemplate(db: Db, actor: Actor, template: ApologyTemplate, expected?: readonly number[] | null): Promise<TemplateView> {
  assertValidTemplate(template);
  return db.transaction(async (tx) => {
    const before = await lockTemplate(tx, expected);
    await tx
      .insert(settings)
      .values({ key: TEMPLATE_SETTING_KEY, value: template })
      .onConflictDoUpdate({ target: settings.key, set: { value: template, updatedAt: sql`now()` } });
    await recordAudit(tx, actor, { action: 'update', entityType: 'setting', entityId: TEMPLATE_SETTING_KEY, before: before.template, after: template });
    return getTemplate(tx);
  });
}

/** Back to the built-in template (the stored one is removed; the audit log keeps it). */
export async function resetTemplate(db: Db, actor: Actor, expected?: readonly number[] | null): Promise<TemplateView> {
  return db.transaction(async (tx) => {
    const before = await lockTemplate(tx, expected);
    if (!before.isDefault) {
      await tx.delete(settings).where(eq(settings.key, TEMPLATE_SETTING_KEY));
      await recordAudit(tx, actor, { action: 'delete', entityType: 'setting', entityId: TEMPLATE_SETTING_KEY, before: before.template, after: DEFAULT_TEMPLATE });
    }
    return getTemplate(tx);
  });
}

/** A template (saved or not) filled with the example dossier: what the editor's preview shows. */
export function previewTemplate(template: ApologyTemplate, today: LocalDate): RenderedLetter {
  assertValidTemplate(template);
  return renderLetter(template, sampleLetterData(today));
}

export async function sampleLetterDocx(db: DbOrTx, today: LocalDate): Promise<Buffer> {
  const { template } = await getTemplate(db);
  return buildLettersDocx([renderLetter(template, sampleLetterData(today))], 'Phiếu xin lỗi (mẫu)');
}

/** 'YYYY-MM-DD' that names a real day. */
export function isLocalDate(text: string): boolean {
  try {
    dayNumber(text);
    return true;
  } catch {
    return false;
  }
}
