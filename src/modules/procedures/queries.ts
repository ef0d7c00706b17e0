import { and, asc, count, eq, like, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { procedures, units } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { containsPattern, foldVietnamese } from '../../domain/text.js';
import { type TableFormat, writeTable } from '../../io/tabular.js';
import type { ProcedureReader } from './policies.js';
import { fail } from './reasons.js';
import { normalizeText, unitsByCode } from './rules.js';
import type { Procedure, ProcedureFacets, ProcedureFilter, ProcedurePage } from './schemas.js';

/** A procedure as a dossier import needs it to check codes and compute due dates (dossiers/reference-data.ts). */
export interface ProcedureRef {
  id: number;
  unitId: number;
  field: string;
  internalDays: number;
}

function visibleTo(reader: ProcedureReader): SQL | undefined {
  if (reader.kind === 'all') return undefined;
  return reader.alsoUnitId === null ? eq(procedures.published, true) : or(eq(procedures.published, true), eq(procedures.unitId, reader.alsoUnitId));
}

/** Every folded word of the query must appear in the code, name or field (diacritics and case ignored). */
function searchConditions(q: string | undefined): SQL[] {
  if (!q) return [];
  return foldVietnamese(q)
    .split(' ')
    .filter(Boolean)
    .map((word) => like(procedures.searchKey, containsPattern(word)));
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

export const viewColumns = {
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

type ViewRow = { fee: string | null; updatedAt: Date } & Omit<Procedure, 'fee' | 'updatedAt'>;
export const toView = (row: ViewRow): Procedure => ({ ...row, fee: row.fee === null ? null : Number(row.fee), updatedAt: row.updatedAt.toISOString() });

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

export async function getProcedure(db: DbOrTx, reader: ProcedureReader, code: string): Promise<Procedure> {
  const conditions = [eq(procedures.code, normalizeCode(code)), visibleTo(reader)].filter((c): c is SQL => c !== undefined);
  const [row] = await db
    .select(viewColumns)
    .from(procedures)
    .innerJoin(units, eq(units.id, procedures.unitId))
    .where(and(...conditions));
  if (!row) throw fail('procedure_not_found', { code: normalizeCode(code) });
  return toView(row);
}

/** The units and fields that have procedures the reader may see: the choices of the catalogue's filters. */
export async function procedureFacets(db: DbOrTx, reader: ProcedureReader): Promise<ProcedureFacets> {
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

export const PROCEDURE_FILE_COLUMNS = ['code', 'name', 'field', 'unit_code', 'legal_days', 'internal_days', 'online_level', 'fee', 'published'] as const;

/** The catalogue (optionally one unit's) in the import format, so the file imports back unchanged. */
export async function exportProcedures(db: DbOrTx, reader: ProcedureReader, options: { unit?: string; format: TableFormat }): Promise<Buffer> {
  const filter: ProcedureFilter = options.unit ? { unit: options.unit } : {};
  if (options.unit && !(await unitsByCode(db, [normalizeCode(options.unit)])).size)
    throw fail('procedure_unit_not_found', { unit: normalizeCode(options.unit) });
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
