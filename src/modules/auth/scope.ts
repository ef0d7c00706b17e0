import type { Actor } from './actor.js';

/**
 * The one unit-scope rule: unit staff (officer, leader) act for their own unit only; every other role — the
 * organizer, the council, viewers, appraisers (who appraise across units) and the command line — is
 * province-wide. What a province-wide role may actually see or change is the business of each module's
 * policies (an appraiser sees a sheet only once it is submitted, a viewer no draft at all).
 */
export type UnitScope = { kind: 'province' } | { kind: 'unit'; unitId: number };

export const UNIT_STAFF_ROLES = ['unit_officer', 'unit_leader'] as const;

export function isUnitStaff(actor: Actor): boolean {
  return actor.role === 'unit_officer' || actor.role === 'unit_leader';
}

export function unitScope(actor: Actor): UnitScope {
  if (!isUnitStaff(actor)) return { kind: 'province' };
  // Accounts of these roles are created with a unit (users/schemas.ts); one without is a corrupted row.
  if (actor.unitId === null) throw new Error(`${actor.role} ${actor.username} has no unit`);
  return { kind: 'unit', unitId: actor.unitId };
}

/** Whether the scope reaches this unit. */
export function scopeCovers(scope: UnitScope, unitId: number): boolean {
  return scope.kind === 'province' || scope.unitId === unitId;
}

/** Unit staff of exactly this unit (who may write its self-assessment, its letters, its accounts). */
export function isStaffOf(actor: Actor, unitId: number): boolean {
  return isUnitStaff(actor) && actor.unitId === unitId;
}
