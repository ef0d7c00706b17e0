import { and, asc, count, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { dossiers, type OnlineLevel, procedures, units, type UnitStatus } from '../../db/schema.js';
import { lockDossierWrites } from '../../db/locks.js';
import { normalizeCode } from '../../domain/codes.js';
import { MAX_DAYS, MAX_FEE, parseDays, parseFee, parseOnlineLevel } from '../../domain/procedures.js';
import { parseYesNo } from '../../domain/text.js';
import { foldVietnamese, quote, shortText } from '../../domain/text.js';
import { assertVersion } from '../../http/if-match.js';
import { AppError, type FieldIssue, issuesRejected, type MessageParams, type ReasonedText, reasonText } from '../../errors.js';
import { fail, reasons } from './reasons.js';
import { checkRow } from '../../io/row-schema.js';
import { readTable, RowErrors, type TableFormat, writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { type AuditChange, recordAudit, recordAuditMany } from '../audit/service.js';
import {
  MAX_FIELD_LENGTH,
  MAX_NAME_LENGTH,
  PROCEDURE_CODE_HINT,
  PROCEDURE_CODE_PATTERN,
  PROCEDURE_FILE_ROW_COLUMNS,
  ProcedureFileRow,
} from './schemas.js';

export interface ProcedureRef {
  id: number;
  unitId: number;
  field: string;
  internalDays: number;
}

/** Every procedure by code: what a dossier import needs to check codes and compute due dates. */
export async function procedureLookup(db: DbOrTx): Promise<Map<string, ProcedureRef>> {
  const rows = await db
    .select({ code: procedures.code, id: procedures.id, unitId: procedures.unitId, field: procedures.field, internalDays: procedures.internalDays })
    .from(procedures);
  return new Map(rows.map(({ code, ...ref }) => [code, ref]));
}

// ---------------------------------------------------------------------------------------------------------------
// Values and checks shared by the file import and the API

// The code pattern and the lengths are the API's (schemas.ts), so the import and the API refuse the same values.
export { MAX_FIELD_LENGTH, MAX_NAME_LENGTH, PROCEDURE_CODE_PATTERN } from './schemas.js';

export interface ProcedureValues {
  code: string;
  name: string;
  field: string;
  unitCode: string;
  legalDays: number;
  internalDays: number;
  onlineLevel: OnlineLevel;
  /** Whole VND; null when the catalogue states no fee. */
  fee: number | null;
  published: boolean;
}

export interface ProcedureView extends ProcedureValues {
  id: number;
  unitName: string;
  updatedAt: string;
  /** Optimistic concurrency: the ETag; PATCH may send it back in If-Match. */
  version: number;
}

const searchKeyOf = (v: { code: string; name: string; field: string }) => foldVietnamese(`${v.code} ${v.name} ${v.field}`);
const normalizeText = (text: string) => text.replace(/\s+/g, ' ').trim();

interface UnitRef {
  id: number;
  code: string;
  name: string;
  status: UnitStatus;
}

async function unitsByCode(db: DbOrTx, codes?: readonly string[]): Promise<Map<string, UnitRef>> {
  const query = db.select({ id: units.id, code: units.code, name: units.name, status: units.status }).from(units);
  const rows = codes ? (codes.length ? await query.where(inArray(units.code, [...codes])) : []) : await query;
  return new Map(rows.map((u) => [u.code, u]));
}

/** A problem with one value, named by its file column (import) or body field (API). */
interface Issue {
  column: keyof typeof COLUMN_OF;
  text: ReasonedText;
}

type ProcedureReason = keyof typeof reasons;
const said = (reason: ProcedureReason, params?: MessageParams) => reasonText(reasons, reason, params);

const INACTIVE_UNIT: Record<Exclude<UnitStatus, 'active'>, ProcedureReason> = {
  merged: 'procedure_unit_merged',
  split: 'procedure_unit_split',
  dissolved: 'procedure_unit_dissolved',
};

const COLUMN_OF = {
  code: 'code',
  name: 'name',
  field: 'field',
  unitCode: 'unit_code',
  legalDays: 'legal_days',
  internalDays: 'internal_days',
  onlineLevel: 'online_level',
  fee: 'fee',
  published: 'published',
} as const;

/** The rules on a whole procedure that the value types alone do not give. */
function checkRules(v: ProcedureValues, unit: UnitRef | undefined): Issue[] {
  const issues: Issue[] = [];
  if (!PROCEDURE_CODE_PATTERN.test(v.code)) issues.push({ column: 'code', text: said('procedure_code_invalid', { value: quote(v.code), hint: PROCEDURE_CODE_HINT }) });
  if (!v.name) issues.push({ column: 'name', text: said('procedure_name_empty') });
  else if (v.name.length > MAX_NAME_LENGTH) issues.push({ column: 'name', text: said('procedure_name_too_long', { maximum: MAX_NAME_LENGTH }) });
  if (!v.field) issues.push({ column: 'field', text: said('procedure_field_empty') });
  else if (v.field.length > MAX_FIELD_LENGTH) issues.push({ column: 'field', text: said('procedure_field_too_long', { maximum: MAX_FIELD_LENGTH }) });
  if (!v.unitCode) issues.push({ column: 'unitCode', text: said('procedure_unit_empty') });
  else if (!unit) issues.push({ column: 'unitCode', text: said('procedure_unit_unknown', { unit: shortText(v.unitCode) }) });
  else if (unit.status !== 'active') issues.push({ column: 'unitCode', text: said(INACTIVE_UNIT[unit.status], { unit: v.unitCode }) });
  if (v.internalDays > v.legalDays) {
    issues.push({ column: 'internalDays', text: said('internal_limit_over_legal', { internal: v.internalDays, legal: v.legalDays }) });
  }
  return issues;
}

/** Every refused field at once; the first one's reason is the error's. */
const invalid = (issues: FieldIssue[]): AppError => issuesRejected(issues, true);

/** Why a time-limit cell did not read (the rules of parseDays), as a reason. */
function daysText(text: string, column: string): ReasonedText {
  const trimmed = text.trim();
  if (trimmed === '') return said('procedure_cell_empty', { column });
  if (!/^[+-]?\d+(\.0+)?$/.test(trimmed)) return said('days_not_whole', { column, value: quote(text) });
  if (Number(trimmed) < 0) return said('days_negative', { column, value: shortText(trimmed, 20) });
  return said('days_too_many', { column, value: shortText(trimmed, 20), maximum: MAX_DAYS });
}

/** Why a fee cell did not read (the rules of parseFee), as a reason. */
function feeText(text: string): ReasonedText {
  const trimmed = text.trim().replace(/\s*(vnd|vnđ|đồng|đ)$/i, '');
  const digits = /^\d+$/.test(trimmed) || /^\d{1,3}([., ]\d{3})+$/.test(trimmed);
  return digits ? said('fee_too_large', { value: quote(trimmed), maximum: MAX_FEE }) : said('fee_not_whole', { value: quote(text) });
}

/** What the audit log keeps of a procedure. */
const snapshotOf = (v: ProcedureValues) => ({
  code: v.code,
  name: v.name,
  field: v.field,
  unitCode: v.unitCode,
  legalDays: v.legalDays,
  internalDays: v.internalDays,
  onlineLevel: v.onlineLevel,
  fee: v.fee,
  published: v.published,
});
const sameValues = (a: ProcedureValues, b: ProcedureValues) => JSON.stringify(snapshotOf(a)) === JSON.stringify(snapshotOf(b));

function rowValues(v: ProcedureValues, unitId: number) {
  return {
    code: v.code,
    name: v.name,
    field: v.field,
    searchKey: searchKeyOf(v),
    unitId,
    legalDays: v.legalDays,
    internalDays: v.internalDays,
    onlineLevel: v.onlineLevel,
    fee: v.fee === null ? null : String(v.fee),
    published: v.published,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/**
 * Who reads: the admin (organizer) sees every procedure; anyone else sees the published ones and, for the staff
 * of a unit, also their own unit's unpublished ones (drafts are that unit's non-public data).
 */
export interface ProcedureReader {
  admin: boolean;
  unitId: number | null;
}

export const readerOf = (actor: Actor): ProcedureReader => ({ admin: actor.role === 'admin', unitId: actor.unitId });
export const PUBLIC_READER: ProcedureReader = { admin: false, unitId: null };

export interface ProcedureFilter {
  q?: string;
  unit?: string;
  field?: string;
  online?: OnlineLevel;
  published?: boolean;
}

function visibleTo(reader: ProcedureReader): SQL | undefined {
  if (reader.admin) return undefined;
  return reader.unitId === null ? eq(procedures.published, true) : or(eq(procedures.published, true), eq(procedures.unitId, reader.unitId));
}

/** Every folded word of the query must appear in the code, name or field (diacritics and case ignored). */
function searchConditions(q: string | undefined): SQL[] {
  if (!q) return [];
  return foldVietnamese(q)
    .split(' ')
    .filter(Boolean)
    .map((word) => like(procedures.searchKey, `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
}

function whereOf(reader: ProcedureReader, filter: ProcedureFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [visibleTo(reader), ...searchConditions(filter.q)];
  if (filter.unit) conditions.push(eq(units.code, normalizeCode(filter.unit)));
  if (filter.field) conditions.push(eq(procedures.field, normalizeText(filter.field)));
  if (filter.online) conditions.push(eq(procedures.onlineLevel, filter.online));
  if (filter.published !== undefined) conditions.push(eq(procedures.published, filter.published));
  const present = conditions.filter((c): c is SQL => c !== undefined);
  return present.length ? and(...present) : undefined;
}

const viewColumns = {
  id: procedures.id,
  code: procedures.code,
  name: procedures.name,
  field: procedures.field,
  unitCode: units.code,
  unitName: units.name,
  legalDays: procedures.legalDays,
  internalDays: procedures.internalDays,
  onlineLevel: procedures.onlineLevel,
  fee: procedures.fee,
  published: procedures.published,
  updatedAt: procedures.updatedAt,
  version: procedures.version,
};

type ViewRow = { fee: string | null; updatedAt: Date } & Omit<ProcedureView, 'fee' | 'updatedAt'>;
const toView = (row: ViewRow): ProcedureView => ({ ...row, fee: row.fee === null ? null : Number(row.fee), updatedAt: row.updatedAt.toISOString() });

export interface ProcedurePage {
  items: ProcedureView[];
  total: number;
  limit: number;
  offset: number;
}

export async function listProcedures(
  db: DbOrTx,
  reader: ProcedureReader,
  filter: ProcedureFilter,
  page: { limit: number; offset: number },
): Promise<ProcedurePage> {
  const where = whereOf(reader, filter);
  const rows = await db
    .select(viewColumns)
    .from(procedures)
    .innerJoin(units, eq(units.id, procedures.unitId))
    .where(where)
    .orderBy(asc(procedures.code))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await db.select({ n: count() }).from(procedures).innerJoin(units, eq(units.id, procedures.unitId)).where(where);
  return { items: rows.map(toView), total: Number(total?.n ?? 0), ...page };
}

export async function getProcedure(db: DbOrTx, reader: ProcedureReader, code: string): Promise<ProcedureView> {
  const conditions = [eq(procedures.code, normalizeCode(code)), visibleTo(reader)].filter((c): c is SQL => c !== undefined);
  const [row] = await db.select(viewColumns).from(procedures).innerJoin(units, eq(units.id, procedures.unitId)).where(and(...conditions));
  if (!row) throw fail('procedure_not_found', { code: normalizeCode(code) });
  return toView(row);
}

/** The units and fields that have procedures the reader may see: the choices of the catalogue's filters. */
export async function procedureFacets(db: DbOrTx, reader: ProcedureReader) {
  const where = visibleTo(reader);
  const unitRows = await db
    .selectDistinct({ code: units.code, name: units.name })
    .from(procedures)
    .innerJoin(units, eq(units.id, procedures.unitId))
    .where(where)
    .orderBy(asc(units.code));
  const fieldRows = await db.selectDistinct({ field: procedures.field }).from(procedures).where(where).orderBy(asc(procedures.field));
  return { units: unitRows, fields: fieldRows.map((r) => r.field) };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing one procedure (API)

export type NewProcedure = Omit<ProcedureValues, 'internalDays' | 'fee' | 'published'> & {
  internalDays?: number | undefined;
  fee?: number | null | undefined;
  published?: boolean | undefined;
};
export type ProcedurePatch = Partial<Omit<ProcedureValues, 'code'>>;

function normalizeValues(v: ProcedureValues): ProcedureValues {
  return { ...v, code: normalizeCode(v.code), name: normalizeText(v.name), field: normalizeText(v.field), unitCode: normalizeCode(v.unitCode) };
}

async function requireValid(tx: DbOrTx, v: ProcedureValues): Promise<UnitRef> {
  const unit = (await unitsByCode(tx, [v.unitCode])).get(v.unitCode);
  const issues = checkRules(v, unit);
  if (issues.length) throw invalid(issues.map((i) => ({ path: i.column, ...i.text })));
  return unit!;
}

/** The procedure's values; `forUpdate` locks its row until the transaction ends (writes: the version stays current). */
async function loadValues(tx: DbOrTx, code: string, options: { forUpdate?: boolean } = {}): Promise<{ id: number; values: ProcedureValues; view: ProcedureView }> {
  const query = tx.select(viewColumns).from(procedures).innerJoin(units, eq(units.id, procedures.unitId)).where(eq(procedures.code, normalizeCode(code)));
  const [row] = options.forUpdate ? await query.for('update', { of: procedures }) : await query;
  if (!row) throw fail('procedure_not_found', { code: normalizeCode(code) });
  const view = toView(row);
  const { id, unitName: _unitName, updatedAt: _updatedAt, version: _version, ...values } = view;
  return { id, values, view };
}

export async function createProcedure(db: Db, actor: Actor, input: NewProcedure): Promise<ProcedureView> {
  const values = normalizeValues({ ...input, internalDays: input.internalDays ?? input.legalDays, fee: input.fee ?? null, published: input.published ?? true });
  return db.transaction(async (tx) => {
    const unit = await requireValid(tx, values);
    const [existing] = await tx.select({ id: procedures.id }).from(procedures).where(eq(procedures.code, values.code));
    if (existing) throw fail('procedure_exists', { code: values.code }, { issues: [{ path: 'code', ...said('procedure_exists_field') }] });
    await tx.insert(procedures).values(rowValues(values, unit.id));
    await recordAudit(tx, actor, { action: 'create', entityType: 'procedure', entityId: values.code, after: snapshotOf(values) });
    return getProcedure(tx, { admin: true, unitId: null }, values.code);
  });
}

/** `expected`: the versions If-Match accepts (absent: not checked); a stale one is refused with the current procedure. */
export async function updateProcedure(db: Db, actor: Actor, code: string, patch: ProcedurePatch, expected?: readonly number[] | null): Promise<ProcedureView> {
  return db.transaction(async (tx) => {
    const current = await loadValues(tx, code, { forUpdate: true });
    await assertVersion(expected, current.view.version, () => current.view);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ProcedurePatch;
    const next = normalizeValues({ ...current.values, ...defined });
    const unit = await requireValid(tx, next);
    if (!sameValues(current.values, next)) {
      await tx.update(procedures).set({ ...rowValues(next, unit.id), updatedAt: new Date() }).where(eq(procedures.id, current.id));
      await recordAudit(tx, actor, { action: 'update', entityType: 'procedure', entityId: next.code, before: snapshotOf(current.values), after: snapshotOf(next) });
    }
    return getProcedure(tx, { admin: true, unitId: null }, next.code);
  });
}

/**
 * Deletes a procedure no dossier refers to; one that dossiers use is refused (409): unpublish it instead.
 * `dossiers` has no foreign key to procedures, so the check runs under the dossier write lock: an import merging
 * rows of this procedure either commits first (the check sees them) or finds the procedure gone and stops.
 */
export async function deleteProcedure(db: Db, actor: Actor, code: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockDossierWrites(tx);
    const current = await loadValues(tx, code);
    const [used] = await tx.select({ one: sql<number>`1` }).from(dossiers).where(eq(dossiers.procedureId, current.id)).limit(1);
    if (used) {
      throw fail('procedure_in_use', { code: normalizeCode(code) }, { issues: [{ path: 'code', ...said('procedure_in_use_field') }] });
    }
    await tx.delete(procedures).where(eq(procedures.id, current.id));
    await recordAudit(tx, actor, { action: 'delete', entityType: 'procedure', entityId: current.values.code, before: snapshotOf(current.values) });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// File import and export

export const PROCEDURE_FILE_COLUMNS = ['code', 'name', 'field', 'unit_code', 'legal_days', 'internal_days', 'online_level', 'fee', 'published'] as const;

export interface ProcedureImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Imports `code,name,field,unit_code,legal_days,internal_days,online_level,fee,published` rows: every row is
 * checked first and every problem reported with its row and column; then everything is written in one
 * transaction. A code already in the catalogue is updated (audited with before and after); an unchanged row
 * writes nothing. Procedures missing from the file are left as they are.
 */
export async function importProcedures(db: Db, actor: Actor, file: Buffer): Promise<ProcedureImportResult> {
  const rows = await readTable(file, { required: PROCEDURE_FILE_COLUMNS });
  const errors = new RowErrors();
  const parsed: { row: number; values: ProcedureValues }[] = [];
  const firstRowOf = new Map<string, number>();
  const unitMap = await unitsByCode(db, [...new Set(rows.map((r) => normalizeCode(r.values.unit_code ?? '')).filter(Boolean))]);

  for (const { row, values: cells } of rows) {
    const before = errors.items.length;
    // Cells with their own spellings in a file (days, online level, fee, published) are read first.
    const reported = new Set<string>();
    const report = (text: ReasonedText, column: string) => {
      reported.add(column);
      errors.add(row, text, column);
    };
    const legal = parseDays(cells.legal_days ?? '', 'legal_days');
    if (!legal.ok) report(daysText(cells.legal_days ?? '', 'legal_days'), 'legal_days');
    // An empty internal limit means the unit keeps the legal one.
    const internal = (cells.internal_days ?? '') === '' && legal.ok ? legal : parseDays(cells.internal_days ?? '', 'internal_days');
    if (!internal.ok) report(daysText(cells.internal_days ?? '', 'internal_days'), 'internal_days');
    const online = parseOnlineLevel(cells.online_level ?? '');
    if (!online) {
      report(said('online_level_unknown', { value: quote(cells.online_level ?? '') }), 'online_level');
    }
    const fee = parseFee(cells.fee ?? '');
    if (!fee.ok) report(feeText(cells.fee ?? ''), 'fee');
    const published = parseYesNo(cells.published ?? '');
    if (published === null) report(said('published_not_yes_no', { value: quote(cells.published ?? '') }), 'published');

    // Then the whole row with the API's own schema (code pattern, lengths of code, name, field and unit code).
    const given = {
      code: cells.code ?? '',
      name: cells.name ?? '',
      field: cells.field ?? '',
      unitCode: cells.unit_code ?? '',
      legalDays: legal.ok ? legal.value : 0,
      internalDays: internal.ok ? internal.value : 0,
      onlineLevel: online ?? ('none' as const),
      fee: fee.ok ? fee.value : null,
      published: published ?? true,
    };
    const schemaCheck = checkRow(errors, row, ProcedureFileRow, given, PROCEDURE_FILE_ROW_COLUMNS, reported);
    if (!schemaCheck.ok) for (const column of schemaCheck.columns) reported.add(column);

    const code = normalizeCode(cells.code ?? '');
    if (!reported.has('code')) {
      if (firstRowOf.has(code)) report(said('procedure_code_repeated', { code, row: firstRowOf.get(code)! }), 'code');
      else firstRowOf.set(code, row);
    }

    const values = normalizeValues({ ...given, code });
    for (const issue of checkRules(values, unitMap.get(values.unitCode))) {
      // Do not repeat a problem already reported for the same cell, nor compare limits that did not parse.
      if (reported.has(COLUMN_OF[issue.column])) continue;
      if (issue.column === 'internalDays' && !(legal.ok && internal.ok)) continue;
      errors.add(row, issue.text, COLUMN_OF[issue.column]);
    }
    if (errors.items.length === before) parsed.push({ row, values });
  }
  errors.throwIfAny('Procedure import rejected');

  return db.transaction(async (tx) => {
    const existingRows = await tx.select(viewColumns).from(procedures).innerJoin(units, eq(units.id, procedures.unitId)).where(inArray(procedures.code, parsed.map((p) => p.values.code)));
    const existing = new Map(existingRows.map((r) => [r.code, toView(r)]));
    const inserts: ReturnType<typeof rowValues>[] = [];
    const audits: AuditChange[] = [];
    let updated = 0;
    let unchanged = 0;
    for (const { values } of parsed) {
      const unitId = unitMap.get(values.unitCode)!.id;
      const current = existing.get(values.code);
      if (!current) {
        inserts.push(rowValues(values, unitId));
        audits.push({ action: 'create', entityType: 'procedure', entityId: values.code, after: snapshotOf(values) });
      } else if (sameValues(current, values)) {
        unchanged++;
      } else {
        await tx.update(procedures).set({ ...rowValues(values, unitId), updatedAt: new Date() }).where(eq(procedures.id, current.id));
        audits.push({ action: 'update', entityType: 'procedure', entityId: values.code, before: snapshotOf(current), after: snapshotOf(values) });
        updated++;
      }
    }
    for (let i = 0; i < inserts.length; i += 500) await tx.insert(procedures).values(inserts.slice(i, i + 500));
    await recordAuditMany(tx, actor, audits);
    return { rows: parsed.length, created: inserts.length, updated, unchanged };
  });
}

/** The catalogue (optionally one unit's) in the import format, so the file imports back unchanged. */
export async function exportProcedures(db: DbOrTx, reader: ProcedureReader, options: { unit?: string; format: TableFormat }): Promise<Buffer> {
  const filter: ProcedureFilter = options.unit ? { unit: options.unit } : {};
  if (options.unit && !(await unitsByCode(db, [normalizeCode(options.unit)])).size) throw fail('procedure_unit_not_found', { unit: normalizeCode(options.unit) });
  const rows = await db
    .select(viewColumns)
    .from(procedures)
    .innerJoin(units, eq(units.id, procedures.unitId))
    .where(whereOf(reader, filter))
    .orderBy(asc(procedures.code));
  const records = rows.map(toView).map((p) => ({
    code: p.code,
    name: p.name,
    field: p.field,
    unit_code: p.unitCode,
    legal_days: p.legalDays,
    internal_days: p.internalDays,
    online_level: p.onlineLevel,
    fee: p.fee,
    published: p.published ? 'true' : 'false',
  }));
  return writeTable(options.format, PROCEDURE_FILE_COLUMNS, records, 'procedures');
}



// The formula criteria read the online counts through this module's service.
export { onlineProcedureCounts, procedureStatistics, statisticsTable } from './stats.js';
