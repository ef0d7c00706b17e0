/**
 * Which dossiers need an apology letter, and their letters as DOCX (reads). A dossier needs a letter when it is
 * - **late**: resolved after its due date (timeliness = 'late'), or
 * - **overdue, not yet resolved**: the domain's isOverdueUnresolved (src/domain/timeliness.ts; SQL twin in
 *   timeliness/overdue.ts) — the unit should apologise and give a new date before the late result.
 */
import { and, asc, desc, eq, gte, ilike, inArray, isNotNull, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, queryRows } from '../../db/client.js';
import { apologyLetters, dossiers, procedures, units, users } from '../../db/schema.js';
import type { WorkingCalendar } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { containsPattern } from '../../domain/text.js';
import type { Actor } from '../auth/actor.js';
import { loadWorkingCalendar } from '../calendar/service.js';
import { overdueUnresolvedSql } from '../timeliness/overdue.js';
import { findUnitIdByCode } from '../units/service.js';
import { buildLettersDocx } from './document.js';
import { apologyCan, scopedUnitId } from './policies.js';
import { fail } from './reasons.js';
import type { LateDossier, LateDossierList, LateDossiersFilter, LetterState, RenderedLetter } from './schemas.js';
import { getTemplate } from './template-store.js';
import { type LetterData, renderLetter } from './template.js';

export async function unitIdOf(db: DbOrTx, code: string | undefined): Promise<number | null> {
  if (!code) return null;
  const id = await findUnitIdByCode(db, code);
  if (id === null) throw fail('apology_unit_not_found', { code });
  return id;
}

const DOSSIER_COLUMNS = { status: dossiers.status, resolvedDate: dossiers.resolvedDate, dueDate: dossiers.dueDate };

/** Resolved after its due date. */
export const lateCondition = sql`${dossiers.timeliness} = 'late'`;
/** Not resolved, neither withdrawn nor rejected, and due before today. */
export const overdueCondition = (today: LocalDate) => overdueUnresolvedSql(DOSSIER_COLUMNS, today);
const needsLetterCondition = (today: LocalDate) => sql`(${lateCondition} or ${overdueCondition(today)})`;

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
/** A dossier with its letter (if any), as the letters are checked and printed from. */
export type DossierRow = Awaited<ReturnType<ReturnType<typeof selectDossiers>['where']>>[number];

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
      row.letterId === null ? null : { reason: row.reason!, newAppointmentDate: row.newAppointmentDate!, issuedOn: row.issuedOn!, issuedBy: row.issuedBy },
  };
}

/** Late and overdue dossiers the actor may see, those without a letter first, then the oldest due date. */
export async function listLateDossiers(db: Db, actor: Actor, filter: LateDossiersFilter, today: LocalDate): Promise<LateDossierList> {
  const unitId = scopedUnitId(actor, await unitIdOf(db, filter.unit));
  const conditions: SQL[] = [filter.state === 'late' ? lateCondition : filter.state === 'overdue' ? overdueCondition(today) : needsLetterCondition(today)];
  if (unitId !== null) conditions.push(eq(dossiers.unitId, unitId));
  if (filter.field) conditions.push(eq(dossiers.field, filter.field));
  if (filter.letter === 'with') conditions.push(isNotNull(apologyLetters.id));
  if (filter.letter === 'without') conditions.push(isNull(apologyLetters.id));
  const dateColumn = filter.dateBy === 'resolved' ? dossiers.resolvedDate : dossiers.dueDate;
  if (filter.from) conditions.push(gte(dateColumn, filter.from));
  if (filter.to) conditions.push(lte(dateColumn, filter.to));
  if (filter.q?.trim()) conditions.push(ilike(dossiers.code, containsPattern(filter.q.trim())));
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
    can: apologyCan(actor),
  };
}

/** The dossiers of these codes that the actor may see, with their letters. */
export async function visibleDossiers(db: DbOrTx, actor: Actor, codes: readonly string[]): Promise<Map<string, DossierRow>> {
  if (codes.length === 0) return new Map();
  const unitId = scopedUnitId(actor, null);
  const conditions = [inArray(dossiers.code, [...codes])];
  if (unitId !== null) conditions.push(eq(dossiers.unitId, unitId));
  const rows = await selectDossiers(db).where(and(...conditions));
  return new Map(rows.map((r) => [r.code, r]));
}

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
