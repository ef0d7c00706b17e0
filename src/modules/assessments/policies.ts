import type { Actor } from '../auth/actor.js';

/**
 * Who may do what on one unit's assessment. Unpublished assessments are never shown to another unit's staff
 * or to viewers; appraisers see the units they appraise once submitted; the organizer and council see all.
 */
export const policies = {
  readSheet(actor: Actor, unitId: number, submitted: boolean): boolean {
    if (actor.role === 'admin' || actor.role === 'council') return true;
    if (actor.role === 'unit_officer' || actor.role === 'unit_leader') return actor.unitId === unitId;
    if (actor.role === 'appraiser') return submitted;
    return false;
  },
  selfAssess(actor: Actor, unitId: number): boolean {
    return (actor.role === 'unit_officer' || actor.role === 'unit_leader') && actor.unitId === unitId;
  },
  submit(actor: Actor, unitId: number): boolean {
    return actor.role === 'unit_leader' && actor.unitId === unitId;
  },
  /** An appraiser acts for the department that appraises the criterion. */
  appraise(actor: Actor, appraiserUnitCode: string | null, actorUnitCode: string | null): boolean {
    return actor.role === 'appraiser' && appraiserUnitCode !== null && appraiserUnitCode === actorUnitCode;
  },
  council(actor: Actor): boolean {
    return actor.role === 'council';
  },
  organizer(actor: Actor): boolean {
    return actor.role === 'admin';
  },
};
