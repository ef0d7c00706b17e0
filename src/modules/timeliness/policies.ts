import type { Actor } from '../auth/actor.js';

/**
 * Who sees which timeliness figures. The organizer (admin), the council, viewers and appraisers see the whole
 * province: the figures are aggregates without personal data, and appraisers score every unit's one-stop-shop
 * criteria from them. Unit staff (officer, leader) see their own unit only — not its child units, whose
 * figures are those units' own data. The command line (system actor) sees everything.
 */
export type TimelinessScope = { kind: 'province' } | { kind: 'unit'; unitId: number };

export function timelinessScope(actor: Actor): TimelinessScope {
  if (actor.role === 'unit_officer' || actor.role === 'unit_leader') {
    if (actor.unitId === null) throw new Error(`${actor.role} ${actor.username} has no unit`);
    return { kind: 'unit', unitId: actor.unitId };
  }
  return { kind: 'province' };
}
