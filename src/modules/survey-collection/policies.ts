import type { Role } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { isStaffOf } from '../auth/scope.js';

/** Who may call the staff routes of the public form (the unit scope is checked per unit below). */
export const FORM_MANAGERS: readonly Role[] = ['admin', 'unit_officer', 'unit_leader'];

/** The organizer, or the staff of that unit, issue the unit's kiosk key and print its QR poster. */
export function mayManageUnitForms(actor: Actor, unitId: number): boolean {
  return actor.role === 'admin' || actor.role === 'system' || isStaffOf(actor, unitId);
}
