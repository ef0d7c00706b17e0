import type { Actor } from '../auth/actor.js';
import { isUnitStaff, unitScope } from '../auth/scope.js';
import { fail } from './reasons.js';
import type { ResultsCan } from './schemas.js';

/**
 * Who reads a campaign's results. The organizer (admin), the council, viewers and appraisers read every unit; unit
 * staff (officer, leader) read their own unit only: the campaign's table and reports hold just their row (no province
 * totals, which with few units would give the others away), and another unit's page answers 404 as if it had none.
 */

/** The unit a reader is limited to (its id), or null for every unit. */
export function readerUnit(actor: Actor): number | null {
  if (isUnitStaff(actor) && actor.unitId === null) throw fail('survey_results_account_without_unit');
  const scope = unitScope(actor);
  return scope.kind === 'unit' ? scope.unitId : null;
}

/** What the reader may do, for the web's buttons: every reader downloads what they see. */
export function resultsCan(allUnits: boolean): ResultsCan {
  return { export: true, allUnits };
}
