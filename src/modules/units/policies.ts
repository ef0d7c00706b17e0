import type { Actor } from '../auth/actor.js';
import { userPolicies } from '../users/policies.js';
import type { UnitCan, UnitsCan } from './schemas.js';

/**
 * Who may do what with units. The organization (units, blocks, merges, splits) is the organizer's (admin) alone;
 * every role may read it. A unit's accounts are seen by the organizer and the unit's own staff (users/policies.ts).
 */
export const unitPolicies = {
  manage(actor: Actor): boolean {
    return actor.role === 'admin';
  },
};

export function unitsCan(actor: Actor): UnitsCan {
  const manage = unitPolicies.manage(actor);
  return { create: manage, import: manage };
}

export function unitCan(actor: Actor, unit: { id: number; status: string }): UnitCan {
  const manage = unitPolicies.manage(actor);
  // Only an active unit can be merged or split (commands.ts refuses the others).
  const active = unit.status === 'active';
  return { edit: manage, merge: manage && active, split: manage && active, seeAccounts: userPolicies.seeUnitAccounts(actor, unit.id) };
}
