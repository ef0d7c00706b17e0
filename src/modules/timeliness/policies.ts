import type { Actor } from '../auth/actor.js';
import { type UnitScope, unitScope } from '../auth/scope.js';
import type { TimelinessScopeView } from './schemas.js';

/**
 * Who sees which timeliness figures: the one unit-scope rule (auth/scope.ts). The organizer (admin), the council,
 * viewers and appraisers see the whole province: the figures are aggregates without personal data, and appraisers
 * score every unit's one-stop-shop criteria from them. Unit staff (officer, leader) see their own unit only — not
 * its child units, whose figures are those units' own data. The command line (system actor) sees everything.
 */
export type TimelinessScope = UnitScope;

export function timelinessScope(actor: Actor): TimelinessScope {
  return unitScope(actor);
}

/** The scope as the dashboard tells it to the caller (the web locks the unit and block filters of a unit scope). */
export function timelinessScopeView(scope: TimelinessScope, unitOf: (id: number) => { code: string; name: string }): TimelinessScopeView {
  if (scope.kind === 'province') return { kind: 'province', unitCode: null, unitName: null };
  const unit = unitOf(scope.unitId);
  return { kind: 'unit', unitCode: unit.code, unitName: unit.name || null };
}
