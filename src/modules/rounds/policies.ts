import type { Actor } from '../auth/actor.js';
import { isUnitStaff } from '../auth/scope.js';
import type { Round, RoundCan, RoundsCan } from './schemas.js';

/**
 * Who may do what with rounds. Every role reads the rounds; the organizer (admin) opens them, changes their dates,
 * grants extensions and follows every unit; the council approves; the organizer and the council see the
 * disagreements and the extensions (they name units and reasons); unit staff open their own unit's sheet.
 */
export const roundPolicies = {
  manage(actor: Actor): boolean {
    return actor.role === 'admin';
  },
  approve(actor: Actor): boolean {
    return actor.role === 'council';
  },
  /** The extensions and the disagreements name units and reasons: the organizer's and the council's business. */
  oversee(actor: Actor): boolean {
    return actor.role === 'admin' || actor.role === 'council';
  },
};

export function roundsCan(actor: Actor): RoundsCan {
  return { open: roundPolicies.manage(actor) };
}

/**
 * `ready`: nothing is left for the approval to wait for (approval.ts); computed only where it matters, for the
 * council on an open round (`needsReadiness`).
 */
export function roundCan(actor: Actor, round: Pick<Round, 'status'>, ready = false): RoundCan {
  const open = round.status === 'open';
  return {
    openSheet: open && isUnitStaff(actor),
    viewUnits: roundPolicies.manage(actor),
    extend: open && roundPolicies.manage(actor),
    viewDisagreements: roundPolicies.oversee(actor),
    viewApproval: open && roundPolicies.oversee(actor),
    approveWhenReady: open && roundPolicies.approve(actor),
    approve: open && roundPolicies.approve(actor) && ready,
  };
}

/** Whether `can.approve` depends on the round's readiness for this caller. */
export function needsReadiness(actor: Actor, round: Pick<Round, 'status'>): boolean {
  return round.status === 'open' && roundPolicies.approve(actor);
}
