import type { Actor } from '../auth/actor.js';
import { isStaffOf, scopeCovers, unitScope } from '../auth/scope.js';

/**
 * Who may do what with the registers: the organizer (admin, the command line) edits every unit's entries; unit staff
 * read and edit their own unit's only; viewers, the council and appraisers read every unit's.
 */
const isOrganizer = (actor: Actor) => actor.role === 'admin' || actor.role === 'system';

export const canReadUnitRegisters = (actor: Actor, unitId: number) => scopeCovers(unitScope(actor), unitId);

export const canEditUnitRegisters = (actor: Actor, unitId: number) => isOrganizer(actor) || isStaffOf(actor, unitId);
