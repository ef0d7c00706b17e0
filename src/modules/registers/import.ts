import { and, eq, inArray } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction } from '../../db/client.js';
import { registerEntries } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { checkRegisterData, type RegisterData, registerFieldSpecs, registerFileColumns, type RegisterKind } from '../../domain/registers.js';
import { quote } from '../../domain/text.js';
import { reasonText } from '../../errors.js';
import { normaliseDateCell } from '../../io/date-cell.js';
import { checkRow } from '../../io/row-schema.js';
import { readTable, RowErrors, type TableFormat, writeTable } from '../../io/tabular.js';
import { isLocalDate } from '../apology/schemas.js';
import type { Actor } from '../auth/actor.js';
import { type AuditChange, recordAuditMany } from '../audit/service.js';
import { canEditUnitRegisters } from './policies.js';
import { exportRows, unitIdsByCode } from './queries.js';
import { reasons } from './reasons.js';
import { REGISTER_ROW_COLUMNS, RegisterFileRow, type RegisterImportResult } from './schemas.js';

type EntryRow = typeof registerEntries.$inferSelect;

const said = (reason: keyof typeof reasons, params?: Record<string, string | number>) => reasonText(reasons, reason, params);

/** Two entries' fields alike, whatever the order of their keys. */
export function sameData(a: RegisterData, b: RegisterData): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

const sameEntry = (current: EntryRow, next: { title: string; entryDate: string | null; data: RegisterData }) =>
  current.title === next.title && (current.entryDate ?? null) === next.entryDate && sameData(current.data, next.data);

/**
 * Imports a register's file `unit_code,code,title,date,<the register's fields>` for a year, all or nothing: every row
 * is checked first (unit, code, title, date, each field: choices among their codes, counts whole numbers, passed not
 * over participants; the same unit and code twice) and every problem reported with its row and column; then one
 * transaction writes. Keyed by unit, register and code: an unchanged row writes nothing, a changed one is updated
 * (audited before/after), a new one inserted. Entries missing from the file are kept. Unit staff import only their own
 * unit's rows (another unit's row is a row error). The file is read as a stream of rows within the io limits.
 */
export async function importRegister(db: Db, actor: Actor, year: number, register: RegisterKind, file: Buffer): Promise<RegisterImportResult> {
  const columns = registerFileColumns(register);
  const rows = await readTable(file, { required: columns.filter((c) => c !== 'date'), optional: ['date'] });
  const unitIds = await unitIdsByCode(db, [...new Set(rows.map((r) => normalizeCode(r.values.unit_code ?? '')).filter(Boolean))]);
  const specs = registerFieldSpecs(register);
  const errors = new RowErrors();
  const parsed: { row: number; unitId: number; value: RegisterFileRow; data: RegisterData }[] = [];
  const firstRow = new Map<string, number>();

  for (const { row, values: cells } of rows) {
    const before = errors.items.length;
    const reported = new Set<string>();
    const dateText = (cells.date ?? '').trim();
    let entryDate: string | null = null;
    if (dateText !== '') {
      const date = normaliseDateCell(dateText);
      if (isLocalDate(date)) entryDate = date;
      else {
        errors.add(row, said('register_file_date_invalid', { value: quote(dateText) }), 'date');
        reported.add('date');
      }
    }
    const given = { unitCode: cells.unit_code ?? '', code: cells.code ?? '', title: cells.title ?? '', entryDate };
    const check = checkRow(errors, row, RegisterFileRow, given, REGISTER_ROW_COLUMNS, reported);
    if (!check.ok) check.columns.forEach((c) => reported.add(c));
    const unitCode = normalizeCode(given.unitCode);
    const unitId = unitIds.get(unitCode);
    if (!reported.has('unit_code')) {
      if (unitId === undefined) errors.add(row, said('register_file_unit_unknown', { unit: unitCode }), 'unit_code');
      else if (!canEditUnitRegisters(actor, unitId)) errors.add(row, said('register_file_unit_not_yours', { unit: unitCode }), 'unit_code');
    }
    // Choices are codes; written in capitals they still are.
    const raw = Object.fromEntries(specs.map(([field, spec]) => [field, spec.type === 'choice' ? (cells[field] ?? '').trim().toLowerCase() : cells[field]]));
    const fields = checkRegisterData(register, raw);
    for (const issue of fields.issues) errors.add(row, said(issue.code, issue.params), issue.field);
    if (check.ok) {
      const key = `${unitCode}\u0000${check.value.code}`;
      const first = firstRow.get(key);
      if (first !== undefined) errors.add(row, said('register_file_code_repeated', { code: check.value.code, unit: unitCode, row: first }), 'code');
      else firstRow.set(key, row);
    }
    if (errors.items.length === before && check.ok && unitId !== undefined) parsed.push({ row, unitId, value: check.value, data: fields.data });
  }
  errors.throwIfAny('Register import rejected');

  return inTransaction(db, async (tx) => {
    const current = await currentEntries(
      tx,
      year,
      register,
      parsed.map((p) => p.unitId),
    );
    const audits: AuditChange[] = [];
    const inserts: (typeof registerEntries.$inferInsert)[] = [];
    let updated = 0;
    let unchanged = 0;
    for (const { unitId, value, data } of parsed) {
      const next = { title: value.title, entryDate: value.entryDate ?? null, data };
      const before = current.get(`${unitId}\u0000${value.code}`);
      if (!before) inserts.push({ unitId, year, register, code: value.code, ...next });
      else if (sameEntry(before, next)) unchanged++;
      else {
        const [after] = await tx
          .update(registerEntries)
          .set({ ...next, updatedAt: new Date() })
          .where(eq(registerEntries.id, before.id))
          .returning();
        audits.push({ action: 'update', entityType: 'register_entry', entityId: before.id, before, after });
        updated++;
      }
    }
    for (let i = 0; i < inserts.length; i += 500) {
      const added = await tx
        .insert(registerEntries)
        .values(inserts.slice(i, i + 500))
        .returning();
      for (const entry of added) audits.push({ action: 'create', entityType: 'register_entry', entityId: entry.id, after: entry });
    }
    await recordAuditMany(tx, actor, audits);
    return { rows: parsed.length, inserted: inserts.length, updated, unchanged };
  });
}

async function currentEntries(db: DbOrTx, year: number, register: RegisterKind, unitIds: readonly number[]): Promise<Map<string, EntryRow>> {
  const ids = [...new Set(unitIds)];
  const byKey = new Map<string, EntryRow>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .select()
      .from(registerEntries)
      .where(and(eq(registerEntries.year, year), eq(registerEntries.register, register), inArray(registerEntries.unitId, ids.slice(i, i + 1000))))
      .for('update');
    for (const row of rows) byKey.set(`${row.unitId}\u0000${row.code}`, row);
  }
  return byKey;
}

/** 'yyyy-mm-dd' → 'dd/mm/yyyy', as the file is read back and as people write dates in Vietnam. */
const dayFirst = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

/**
 * A register's entries of a year as the file the import reads (`unit_code,code,title,date,<fields>`, dates
 * dd/mm/yyyy), sorted by unit and code: every unit's, or unit staff's own (or `unitCode`'s within the reader's scope).
 */
export async function exportRegister(db: DbOrTx, actor: Actor, year: number, register: RegisterKind, format: TableFormat, unitCode?: string): Promise<Buffer> {
  const columns = registerFileColumns(register);
  const rows = await exportRows(db, actor, year, register, unitCode);
  return writeTable(
    format,
    columns,
    rows.map(({ entry, unitCode: code }) => ({ unit_code: code, code: entry.code, title: entry.title, date: dayFirst(entry.entryDate), ...entry.data })),
    register,
  );
}
