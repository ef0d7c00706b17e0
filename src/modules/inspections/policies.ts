import type { Actor } from '../auth/actor.js';
import { isStaffOf, isUnitStaff } from '../auth/scope.js';

/**
 * Who may do what with inspections (docs/inspections.md):
 * - the organizer (admin, or the command line) plans them: adds, deletes, sets the unit and the team; edits all;
 * - the team's members edit their inspection only: dates, areas, status, findings, remediation items;
 * - the inspected unit's staff read their unit's inspections and close (or reopen) its remediation items;
 * - every other role reads every inspection.
 */
export const isOrganizer = (actor: Actor) => actor.role === 'admin' || actor.role === 'system';

export const canReadInspection = (actor: Actor, unitId: number) => !isUnitStaff(actor) || isStaffOf(actor, unitId);

export const canEditInspection = (actor: Actor, memberIds: readonly number[]) =>
  isOrganizer(actor) || (actor.userId !== null && memberIds.includes(actor.userId));

export const canCloseRemediation = (actor: Actor, unitId: number, memberIds: readonly number[]) =>
  canEditInspection(actor, memberIds) || isStaffOf(actor, unitId);
