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

export function roundCan(actor: Actor, round: Pick<Round, 'status'>): RoundCan {
  const open = round.status === 'open';
  return {
    openSheet: open && isUnitStaff(actor),
    viewUnits: roundPolicies.manage(actor),
    extend: open && roundPolicies.manage(actor),
    viewDisagreements: roundPolicies.oversee(actor),
    approve: open && roundPolicies.approve(actor),
  };
}
