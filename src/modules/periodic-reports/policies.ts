import type { Actor } from '../auth/actor.js';
import { isStaffOf, isUnitStaff } from '../auth/scope.js';

/**
 * Who may do what with periodic reports. A unit's staff read, write and submit their own unit's reports only; the
 * organizer (admin) reads every report, drafts included, sets the due dates and the template, and reopens a submitted
 * report. Viewers, the council and appraisers read submitted reports only: a draft is seen by its unit and the organizer.
 */
export const isOrganizer = (actor: Actor) => actor.role === 'admin' || actor.role === 'system';

/** Whether the actor may see anything of this unit's reports (the list of periods, a submitted report). */
export const canSeeUnit = (actor: Actor, unitId: number) => !isUnitStaff(actor) || isStaffOf(actor, unitId);

/** Whether the actor may read this report: a draft only its unit and the organizer. */
export const canReadReport = (actor: Actor, unitId: number, submitted: boolean) =>
  isOrganizer(actor) || isStaffOf(actor, unitId) || (!isUnitStaff(actor) && submitted);

export const canEditReport = (actor: Actor, unitId: number) => isStaffOf(actor, unitId);
export const canReopenReport = isOrganizer;
export const canEditDeadlines = isOrganizer;
export const canEditTemplate = isOrganizer;
