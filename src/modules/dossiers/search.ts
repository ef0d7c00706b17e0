/**
 * The dossier list and one dossier (reads): filters over indexed columns, offset paging with a capped page size and
 * depth, the timeliness at the report date (today) by the rules of src/domain/timeliness.ts, and the dossier's
 * apology letter read through the apology module. Unit staff see their own unit's dossiers only (policies.ts).
 *
 * Speed on a large table: the list is ordered by (received_at desc, code desc), which the indexes of migration 0008
 * serve for the province (dossiers_received_idx) and for one unit (dossiers_unit_received_idx), so a page reads
 * about `pageSize` index entries; a received-date range is a range of the same indexes (local days are converted
 * to instants); a whole code is found by the primary key; totals stop counting at MAX_SEARCH_COUNT.
 */
import { and, desc, eq, gte, ilike, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { dossiers, procedures, units } from '../../db/schema.js';
import { dayNumber } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { containsPattern } from '../../domain/text.js';
import { startOfLocalDayNumber } from '../../domain/timeliness.js';
import type { Actor } from '../auth/actor.js';
import { apologyCan } from '../apology/policies.js';
import { visibleDossiers } from '../apology/queries.js';
import { dossierReferenceData } from './reference-data.js';
import { findUnitIdByCode } from '../units/service.js';
import { dossierScopeUnitId } from './policies.js';
import { fail } from './reasons.js';
import { dossierStanding, needsLetter, standingSql } from './standing.js';
import {
  type DossierDetail,
  type DossierListItem,
  type DossierSearchFilter,
  type DossierSearchResult,
  MAX_SEARCH_COUNT,
  MAX_SEARCH_OFFSET,
} from './schemas.js';

const STANDING_COLUMNS = { status: dossiers.status, resolvedDate: dossiers.resolvedDate, dueDate: dossiers.dueDate, timeliness: dossiers.timeliness };

const listColumns = {
  code: dossiers.code,
  unitId: dossiers.unitId,
  unitCode: units.code,
  unitName: units.name,
  procedureCode: procedures.code,
  procedureName: procedures.name,
  field: dossiers.field,
  channel: dossiers.channel,
  status: dossiers.status,
  receivedAt: dossiers.receivedAt,
  dueDate: dossiers.dueDate,
  resolvedAt: dossiers.resolvedAt,
  resolvedDate: dossiers.resolvedDate,
  timeliness: dossiers.timeliness,
};

/** The first instant of a local day, as a timestamp parameter. */
const dayStart = (date: LocalDate) => new Date(startOfLocalDayNumber(dayNumber(date)));
const nextDayStart = (date: LocalDate) => new Date(startOfLocalDayNumber(dayNumber(date) + 1));

/** The conditions of a search (the unit scope included); null when nothing can match (an unknown unit or procedure). */
async function searchConditions(db: Db, actor: Actor, filter: DossierSearchFilter, today: LocalDate): Promise<SQL[] | null> {
  const requested = filter.unit ? await findUnitIdByCode(db, filter.unit.toUpperCase()) : null;
  if (filter.unit && requested === null) throw fail('dossier_search_unit_not_found', { code: filter.unit });
  const unitId = dossierScopeUnitId(actor, requested);
  const conditions: SQL[] = [];
  if (unitId !== null) conditions.push(eq(dossiers.unitId, unitId));
  if (filter.procedure) {
    const { procedures } = await dossierReferenceData(db);
    const procedure = procedures.get(filter.procedure) ?? procedures.get(filter.procedure.toUpperCase());
    if (!procedure) return null;
    conditions.push(eq(dossiers.procedureId, procedure.id));
  }
  if (filter.code) {
    // A whole code is one primary-key look-up; anything else matches part of a code.
    // Looked up within the caller's scope, so another unit's codes are never confirmed to exist.
    const exactWhere = unitId === null ? eq(dossiers.code, filter.code) : and(eq(dossiers.code, filter.code), eq(dossiers.unitId, unitId));
    const [exact] = await db.select({ code: dossiers.code }).from(dossiers).where(exactWhere).limit(1);
    conditions.push(exact ? eq(dossiers.code, filter.code) : ilike(dossiers.code, containsPattern(filter.code)));
  }
  if (filter.field) conditions.push(eq(dossiers.field, filter.field));
  if (filter.channel) conditions.push(eq(dossiers.channel, filter.channel));
  if (filter.status) conditions.push(eq(dossiers.status, filter.status));
  if (filter.timeliness) conditions.push(standingSql(filter.timeliness, STANDING_COLUMNS, today));
  // received_date is the local day of received_at: a day range is an instant range, which the indexes serve.
  // The same range on received_date too: the partitions (one per year of receipt) outside it are not read.
  if (filter.receivedFrom) conditions.push(gte(dossiers.receivedAt, dayStart(filter.receivedFrom)), gte(dossiers.receivedDate, filter.receivedFrom));
  if (filter.receivedTo) conditions.push(lt(dossiers.receivedAt, nextDayStart(filter.receivedTo)), lte(dossiers.receivedDate, filter.receivedTo));
  if (filter.resolvedFrom) conditions.push(gte(dossiers.resolvedDate, filter.resolvedFrom));
  if (filter.resolvedTo) {
    conditions.push(lte(dossiers.resolvedDate, filter.resolvedTo));
    // Implied (the import refuses a result before its receipt) and served by the received-time indexes.
    conditions.push(lt(dossiers.receivedAt, nextDayStart(filter.resolvedTo)), lte(dossiers.receivedDate, filter.resolvedTo));
  }
  return conditions;
}

function toListItem(row: Awaited<ReturnType<typeof selectList>>[number], today: LocalDate, letters: ReadonlySet<string>): DossierListItem {
  return {
    code: row.code,
    unitCode: row.unitCode,
    unitName: row.unitName,
    procedureCode: row.procedureCode,
    procedureName: row.procedureName,
    field: row.field,
    channel: row.channel,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    dueDate: row.dueDate,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    timeliness: dossierStanding(row, today),
    hasLetter: letters.has(row.code),
  };
}

function selectList(db: Db, where: SQL | undefined, limit: number, offset: number) {
  return db
    .select(listColumns)
    .from(dossiers)
    .innerJoin(units, eq(units.id, dossiers.unitId))
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(where)
    .orderBy(desc(dossiers.receivedAt), desc(dossiers.code))
    .limit(limit)
    .offset(offset);
}

/** The codes among `codes` that have an apology letter (read through the apology module, within the actor's scope). */
async function codesWithLetters(db: Db, actor: Actor, codes: readonly string[]): Promise<Set<string>> {
  const found = await visibleDossiers(db, actor, codes);
  return new Set([...found.values()].filter((row) => row.letterId !== null).map((row) => row.code));
}

/** One page of the dossiers the actor may see, newest received first. */
export async function searchDossiers(db: Db, actor: Actor, filter: DossierSearchFilter, today: LocalDate): Promise<DossierSearchResult> {
  const offset = (filter.page - 1) * filter.pageSize;
  if (offset >= MAX_SEARCH_OFFSET) throw fail('dossier_search_too_deep', { maxRows: MAX_SEARCH_OFFSET });
  const conditions = await searchConditions(db, actor, filter, today);
  const scope = dossierScopeUnitId(actor, null);
  const scopeUnit = scope === null ? undefined : (await db.select({ code: units.code, name: units.name }).from(units).where(eq(units.id, scope)))[0];
  const base = { page: filter.page, pageSize: filter.pageSize, asOf: today, scopeUnitCode: scopeUnit?.code ?? null, scopeUnitName: scopeUnit?.name ?? null };
  if (conditions === null) return { ...base, items: [], total: 0, totalIsLowerBound: false };
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = await selectList(db, where, filter.pageSize, offset);
  // Counted up to one past the cap: a province-wide count of millions stops early.
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(
    db
      .select({ one: sql`1` })
      .from(dossiers)
      .where(where)
      .limit(MAX_SEARCH_COUNT + 1)
      .as('capped'),
  );
  const n = counted?.n ?? 0;
  const letters = await codesWithLetters(
    db,
    actor,
    rows.map((r) => r.code),
  );
  return {
    ...base,
    items: rows.map((row) => toListItem(row, today, letters)),
    total: Math.min(n, MAX_SEARCH_COUNT),
    totalIsLowerBound: n > MAX_SEARCH_COUNT,
  };
}

/** One dossier with every field, its unit and procedure, due date in working days, timeliness and letter. */
export async function getDossier(db: Db, actor: Actor, code: string, today: LocalDate): Promise<DossierDetail> {
  const unitId = dossierScopeUnitId(actor, null);
  const conditions = [eq(dossiers.code, code)];
  // Another unit's dossier does not exist for unit staff (404, as for the letters).
  if (unitId !== null) conditions.push(eq(dossiers.unitId, unitId));
  const [row] = await db
    .select({
      ...listColumns,
      legalDays: procedures.legalDays,
      internalDays: procedures.internalDays,
      dueAt: dossiers.dueAt,
      dueComputed: dossiers.dueComputed,
      returnedAt: dossiers.returnedAt,
      receivedDate: dossiers.receivedDate,
      updatedAt: dossiers.updatedAt,
    })
    .from(dossiers)
    .innerJoin(units, eq(units.id, dossiers.unitId))
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(and(...conditions));
  if (!row) throw fail('dossier_not_found', { code });
  const { calendar } = await dossierReferenceData(db);
  const standing = dossierStanding(row, today);
  const lateUntil = standing === 'late' ? row.resolvedDate : standing === 'overdue' ? today : null;
  const letterRow = (await visibleDossiers(db, actor, [row.code])).get(row.code);
  const letter =
    letterRow && letterRow.letterId !== null
      ? {
          reason: letterRow.reason!,
          newAppointmentDate: letterRow.newAppointmentDate!,
          issuedOn: letterRow.issuedOn!,
          issuedBy: letterRow.issuedBy,
          // The letter's DOCX route is open to those who print letters (apology policies).
          downloadUrl: apologyCan(actor).issue ? `/api/v1/apology-letters/dossiers/${encodeURIComponent(row.code)}/letter.docx` : null,
        }
      : null;
  return {
    code: row.code,
    unitCode: row.unitCode,
    unitName: row.unitName,
    procedureCode: row.procedureCode,
    procedureName: row.procedureName,
    procedureLegalDays: row.legalDays,
    procedureInternalDays: row.internalDays,
    field: row.field,
    channel: row.channel,
    status: row.status,
    receivedAt: row.receivedAt.toISOString(),
    receivedDate: row.receivedDate,
    dueAt: row.dueAt.toISOString(),
    dueDate: row.dueDate,
    dueComputed: row.dueComputed,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedDate: row.resolvedDate,
    returnedAt: row.returnedAt?.toISOString() ?? null,
    timeliness: standing,
    workingDaysAllowed: Math.max(0, calendar.workingDaysBetween(row.receivedDate, row.dueDate)),
    workingDaysLate: lateUntil ? Math.max(0, calendar.workingDaysBetween(row.dueDate, lateUntil)) : 0,
    updatedAt: row.updatedAt.toISOString(),
    asOf: today,
    hasLetter: letter !== null,
    letter,
    needsLetter: needsLetter(standing) && letter === null,
  };
}
