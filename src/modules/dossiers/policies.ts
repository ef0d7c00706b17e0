import type { Actor } from '../auth/actor.js';
import { isUnitStaff, unitScope } from '../auth/scope.js';
import { fail } from './reasons.js';

/**
 * Who sees which dossiers: the one unit-scope rule of auth/scope.ts, as for the timeliness figures and the apology
 * letters. Unit staff (officer, leader) see their own unit's dossiers only; the organizer (admin), the council,
 * viewers and appraisers (who score every unit's one-stop-shop criteria) see the province. Imports stay the
 * organizer's (routes.ts).
 */

/**
 * The unit a dossier read is limited to: unit staff to their own unit (asking for another one is refused), the
 * province-wide roles to the unit they asked for, or none (every unit).
 */
export function dossierScopeUnitId(actor: Actor, requested: number | null): number | null {
  if (isUnitStaff(actor) && actor.unitId === null) throw fail('dossier_account_without_unit');
  const scope = unitScope(actor);
  if (scope.kind === 'province') return requested;
  if (requested !== null && requested !== scope.unitId) throw fail('dossier_own_unit_only');
  return scope.unitId;
}
