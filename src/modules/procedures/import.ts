import { eq, inArray } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { procedures, units } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { parseDays, parseFee, parseOnlineLevel, type ProcedureCellRefusal } from '../../domain/procedures.js';
import { parseYesNo, quote } from '../../domain/text.js';
import { type ReasonedText, reasonText } from '../../errors.js';
import { checkRow } from '../../io/row-schema.js';
import { readTable, RowErrors } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { type AuditChange, recordAuditMany } from '../audit/service.js';
import { PROCEDURE_FILE_COLUMNS, toView, viewColumns } from './queries.js';
import { reasons } from './reasons.js';
import { checkRules, COLUMN_OF, normalizeValues, rowValues, said, sameValues, snapshotOf, unitsByCode } from './rules.js';
import { PROCEDURE_FILE_ROW_COLUMNS, ProcedureFileRow, type ProcedureImportResult, type ProcedureValues } from './schemas.js';

/** Why a cell did not read (the domain's parseDays / parseFee), as the reason a row error carries. */
const refusalText = (refusal: ProcedureCellRefusal): ReasonedText => reasonText(reasons, refusal.reason, refusal.params);

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
    if (!legal.ok) report(refusalText(legal.refusal), 'legal_days');
    // An empty internal limit means the unit keeps the legal one.
    const internal = (cells.internal_days ?? '') === '' && legal.ok ? legal : parseDays(cells.internal_days ?? '', 'internal_days');
    if (!internal.ok) report(refusalText(internal.refusal), 'internal_days');
    const online = parseOnlineLevel(cells.online_level ?? '');
    if (!online) {
      report(said('online_level_unknown', { value: quote(cells.online_level ?? '') }), 'online_level');
    }
    const fee = parseFee(cells.fee ?? '');
    if (!fee.ok) report(refusalText(fee.refusal), 'fee');
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

  return inTransaction(db, async (tx) => {
    const existingRows = await tx
      .select(viewColumns)
      .from(procedures)
      .innerJoin(units, eq(units.id, procedures.unitId))
      .where(
        inArray(
          procedures.code,
          parsed.map((p) => p.values.code),
        ),
      );
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
        await tx
          .update(procedures)
          .set({ ...rowValues(values, unitId), updatedAt: new Date() })
          .where(eq(procedures.id, current.id));
        audits.push({ action: 'update', entityType: 'procedure', entityId: values.code, before: snapshotOf(current), after: snapshotOf(values) });
        updated++;
      }
    }
    for (let i = 0; i < inserts.length; i += 500) await tx.insert(procedures).values(inserts.slice(i, i + 500));
    await recordAuditMany(tx, actor, audits);
    return { rows: parsed.length, created: inserts.length, updated, unchanged };
  });
}
