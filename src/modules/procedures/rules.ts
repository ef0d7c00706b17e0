import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { units, type UnitStatus } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { foldVietnamese, quote, shortText } from '../../domain/text.js';
import { type MessageParams, type ReasonedText, reasonText } from '../../errors.js';
import { reasons } from './reasons.js';
import { MAX_FIELD_LENGTH, MAX_NAME_LENGTH, PROCEDURE_CODE_HINT, PROCEDURE_CODE_PATTERN, type ProcedureValues } from './schemas.js';

/** The values and checks a procedure's writes share: the API's commands and the file import. */

export type ProcedureReason = keyof typeof reasons;
export const said = (reason: ProcedureReason, params?: MessageParams) => reasonText(reasons, reason, params);

export const normalizeText = (text: string) => text.replace(/\s+/g, ' ').trim();
const searchKeyOf = (v: { code: string; name: string; field: string }) => foldVietnamese(`${v.code} ${v.name} ${v.field}`);

export interface UnitRef {
  id: number;
  code: string;
  name: string;
  status: UnitStatus;
}

export async function unitsByCode(db: DbOrTx, codes?: readonly string[]): Promise<Map<string, UnitRef>> {
  const query = db.select({ id: units.id, code: units.code, name: units.name, status: units.status }).from(units);
  const rows = codes ? (codes.length ? await query.where(inArray(units.code, [...codes])) : []) : await query;
  return new Map(rows.map((u) => [u.code, u]));
}

/** The file column of each value (an import names the column, the API the body field). */
export const COLUMN_OF = {
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

/** A problem with one value, named by its file column (import) or body field (API). */
export interface Issue {
  column: keyof typeof COLUMN_OF;
  text: ReasonedText;
}

const INACTIVE_UNIT: Record<Exclude<UnitStatus, 'active'>, ProcedureReason> = {
  merged: 'procedure_unit_merged',
  split: 'procedure_unit_split',
  dissolved: 'procedure_unit_dissolved',
};

/**
 * The rules on a whole procedure once normalized: the code pattern and the lengths after white space is folded
 * (what the schema cannot see), an active unit, and an internal limit no longer than the legal one.
 */
export function checkRules(v: ProcedureValues, unit: UnitRef | undefined): Issue[] {
  const issues: Issue[] = [];
  if (!PROCEDURE_CODE_PATTERN.test(v.code))
    issues.push({ column: 'code', text: said('procedure_code_invalid', { value: quote(v.code), hint: PROCEDURE_CODE_HINT }) });
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

export function normalizeValues(v: ProcedureValues): ProcedureValues {
  return { ...v, code: normalizeCode(v.code), name: normalizeText(v.name), field: normalizeText(v.field), unitCode: normalizeCode(v.unitCode) };
}

/** What the audit log keeps of a procedure. */
export const snapshotOf = (v: ProcedureValues) => ({
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
export const sameValues = (a: ProcedureValues, b: ProcedureValues) => JSON.stringify(snapshotOf(a)) === JSON.stringify(snapshotOf(b));

/** The table row of a procedure. */
export function rowValues(v: ProcedureValues, unitId: number) {
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
