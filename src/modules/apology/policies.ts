import type { Role } from '../../domain/vocabulary.js';
import type { Actor } from '../auth/actor.js';
import { isUnitStaff, unitScope } from '../auth/scope.js';
import { fail } from './reasons.js';
import type { ApologyCan } from './schemas.js';

/**
 * Who may do what with apology letters. Unit staff (officer, leader) list and issue the letters of their own unit;
 * the organizer (admin) those of every unit, and alone edits the template. Everyone reads the counts (unit staff
 * of their own unit). The unit scope is the one rule of auth/scope.ts.
 */

/** The roles that list dossiers and issue letters (the route's access rule; the unit scope then applies). */
export const ISSUERS: readonly Role[] = ['admin', 'unit_officer', 'unit_leader'];

export const apologyPolicies = {
  issue(actor: Actor): boolean {
    return (ISSUERS as readonly string[]).includes(actor.role);
  },
  editTemplate(actor: Actor): boolean {
    return actor.role === 'admin';
  },
};

/**
 * The unit a request is limited to: unit staff to their own unit (asking for another one is refused), the
 * province-wide roles to the unit they asked for, or none (every unit).
 */
export function scopedUnitId(actor: Actor, requested: number | null): number | null {
  if (isUnitStaff(actor) && actor.unitId === null) throw fail('account_without_unit');
  const scope = unitScope(actor);
  if (scope.kind === 'province') return requested;
  if (requested !== null && requested !== scope.unitId) throw fail('own_unit_dossiers_only');
  return scope.unitId;
}

/** What the caller may do, for the web's tabs and buttons. */
export function apologyCan(actor: Actor): ApologyCan {
  const issue = apologyPolicies.issue(actor);
  return {
    listDossiers: issue,
    issue,
    issueBulk: issue,
    edit: issue,
    editTemplate: apologyPolicies.editTemplate(actor),
    chooseUnit: issue && unitScope(actor).kind === 'province',
  };
}
