import { eq, sql } from 'drizzle-orm';
import { type Db, inTransaction, type Tx } from '../../db/client.js';
import { dossierProcedureYearlyRollups, procedures, units } from '../../db/schema.js';
import { lockDossierWrites } from '../../db/locks.js';
import { normalizeCode } from '../../domain/codes.js';
import { issuesRejected } from '../../errors.js';
import { assertVersion } from '../../http/if-match.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { EVERY_PROCEDURE } from './policies.js';
import { getProcedure, toView, viewColumns } from './queries.js';
import { fail } from './reasons.js';
import { checkRules, normalizeValues, rowValues, said, sameValues, snapshotOf, type UnitRef, unitsByCode } from './rules.js';
import type { NewProcedureBody, Procedure, ProcedurePatchBody, ProcedureValues } from './schemas.js';

/** Refuses values that break a rule (every refused field at once, the first one's reason the error's); the unit. */
async function requireValid(tx: Tx, v: ProcedureValues): Promise<UnitRef> {
  const unit = (await unitsByCode(tx, [v.unitCode])).get(v.unitCode);
  const issues = checkRules(v, unit);
  if (issues.length)
    throw issuesRejected(
      issues.map((i) => ({ path: i.column, ...i.text })),
      true,
    );
  return unit!;
}

/** The procedure's values; `forUpdate` locks its row until the transaction ends (writes: the version stays current). */
async function loadValues(tx: Tx, code: string, options: { forUpdate?: boolean } = {}): Promise<{ id: number; values: ProcedureValues; view: Procedure }> {
  const query = tx
    .select(viewColumns)
    .from(procedures)
    .innerJoin(units, eq(units.id, procedures.unitId))
    .where(eq(procedures.code, normalizeCode(code)));
  const [row] = options.forUpdate ? await query.for('update', { of: procedures }) : await query;
  if (!row) throw fail('procedure_not_found', { code: normalizeCode(code) });
  const view = toView(row);
  const { id, unitName: _unitName, updatedAt: _updatedAt, version: _version, ...values } = view;
  return { id, values, view };
}

export async function createProcedure(db: Db, actor: Actor, input: NewProcedureBody): Promise<Procedure> {
  const values = normalizeValues({ ...input, internalDays: input.internalDays ?? input.legalDays, fee: input.fee ?? null, published: input.published ?? true });
  return inTransaction(db, async (tx) => {
    const unit = await requireValid(tx, values);
    const [existing] = await tx.select({ id: procedures.id }).from(procedures).where(eq(procedures.code, values.code));
    if (existing) throw fail('procedure_exists', { code: values.code }, { issues: [{ path: 'code', ...said('procedure_exists_field') }] });
    await tx.insert(procedures).values(rowValues(values, unit.id));
    await recordAudit(tx, actor, { action: 'create', entityType: 'procedure', entityId: values.code, after: snapshotOf(values) });
    return getProcedure(tx, EVERY_PROCEDURE, values.code);
  });
}

/** `expected`: the versions If-Match accepts (absent: not checked); a stale one is refused with the current procedure. */
export async function updateProcedure(db: Db, actor: Actor, code: string, patch: ProcedurePatchBody, expected?: readonly number[] | null): Promise<Procedure> {
  return inTransaction(db, async (tx) => {
    const current = await loadValues(tx, code, { forUpdate: true });
    await assertVersion(expected, current.view.version, () => current.view);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ProcedurePatchBody;
    const next = normalizeValues({ ...current.values, ...defined });
    const unit = await requireValid(tx, next);
    if (!sameValues(current.values, next)) {
      await tx
        .update(procedures)
        .set({ ...rowValues(next, unit.id), updatedAt: new Date() })
        .where(eq(procedures.id, current.id));
      await recordAudit(tx, actor, {
        action: 'update',
        entityType: 'procedure',
        entityId: next.code,
        before: snapshotOf(current.values),
        after: snapshotOf(next),
      });
    }
    return getProcedure(tx, EVERY_PROCEDURE, next.code);
  });
}

/**
 * Deletes a procedure no dossier refers to; one that dossiers use is refused (409): unpublish it instead.
 * `dossiers` has no foreign key to procedures, so the check runs under the dossier write lock: an import merging
 * rows of this procedure either commits first (the check sees them) or finds the procedure gone and stops.
 * The check reads the procedure × year rollup, which has a row for every procedure and year some dossier is received
 * in (kept exact under the same lock), by an index: reading `dossiers` for a procedure none uses would scan every
 * year's partition (seconds at 30 million dossiers) while holding the lock every import and feed batch waits for.
 * The dossiers of an archived year still count, as their rollups stay.
 */
export async function deleteProcedure(db: Db, actor: Actor, code: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    await lockDossierWrites(tx);
    const current = await loadValues(tx, code);
    const [used] = await tx
      .select({ one: sql<number>`1` })
      .from(dossierProcedureYearlyRollups)
      .where(eq(dossierProcedureYearlyRollups.procedureId, current.id))
      .limit(1);
    if (used) {
      throw fail('procedure_in_use', { code: normalizeCode(code) }, { issues: [{ path: 'code', ...said('procedure_in_use_field') }] });
    }
    await tx.delete(procedures).where(eq(procedures.id, current.id));
    await recordAudit(tx, actor, { action: 'delete', entityType: 'procedure', entityId: current.values.code, before: snapshotOf(current.values) });
  });
}
