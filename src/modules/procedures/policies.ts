import type { Actor } from '../auth/actor.js';
import type { ProceduresCan } from './schemas.js';

/**
 * Who reads the catalogue: the organizer (admin) and the command line see every procedure; anyone else sees the
 * published ones and, for an account that belongs to a unit (its staff, or an appraiser of that department), also
 * that unit's unpublished ones: drafts are the unit's non-public data, not hidden from its own people. The public
 * pages read as `PUBLIC_READER`.
 */
export type ProcedureReader = { kind: 'all' } | { kind: 'published'; alsoUnitId: number | null };

export const PUBLIC_READER: ProcedureReader = { kind: 'published', alsoUnitId: null };
export const EVERY_PROCEDURE: ProcedureReader = { kind: 'all' };

export const procedurePolicies = {
  /** Create, change, delete and import procedures: the organizer. */
  manage(actor: Actor): boolean {
    return actor.role === 'admin';
  },
  reader(actor: Actor): ProcedureReader {
    if (actor.role === 'admin' || actor.role === 'system') return EVERY_PROCEDURE;
    return { kind: 'published', alsoUnitId: actor.unitId };
  },
};

export const procedureReader = (actor: Actor): ProcedureReader => procedurePolicies.reader(actor);

/** What the caller may do with the catalogue. */
export function proceduresCan(actor: Actor): ProceduresCan {
  const manage = procedurePolicies.manage(actor);
  return { create: manage, import: manage, edit: manage, delete: manage };
}
