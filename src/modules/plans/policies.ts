import type { Actor } from '../auth/actor.js';
import { isStaffOf, isUnitStaff, scopeCovers, unitScope } from '../auth/scope.js';

/**
 * Who may do what with plans: the organizer (admin) edits every plan, the province's included; unit staff edit
 * their own unit's plans only; everyone else reads. Unit staff read only their own unit's plans.
 */
/** The organizer, at the web or at the command line. */
const isOrganizer = (actor: Actor) => actor.role === 'admin' || actor.role === 'system';

export const canReadUnitPlans = (actor: Actor, unitId: number | null) => (unitId === null ? !isUnitStaff(actor) : scopeCovers(unitScope(actor), unitId));

export const canEditUnitPlans = (actor: Actor, unitId: number | null) => isOrganizer(actor) || (unitId !== null && isStaffOf(actor, unitId));

export const canSetRequiredPlans = isOrganizer;
