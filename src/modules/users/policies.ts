import type { Actor } from '../auth/actor.js';

/** Province-wide roles see every unit; unit-bound roles only their own unit. */
export function canSeeUnitAccounts(actor: Actor, unitId: number): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role === 'unit_leader' || actor.role === 'unit_officer') return actor.unitId === unitId;
  return false;
}
