import type { Actor } from '../auth/actor.js';
import type { FrameworkCan, FrameworksCan, FrameworkSummary } from './schemas.js';

/**
 * Who may do what with frameworks: every signed-in role reads them; only the organizer (and the command line)
 * writes them, and a revision a round uses no longer changes. Frameworks are province-wide: no unit scope.
 */

const isOrganizer = (actor: Actor) => actor.role === 'admin' || actor.role === 'system';

export function frameworksCan(actor: Actor): FrameworksCan {
  return { import: isOrganizer(actor) };
}

export function frameworkCan(actor: Actor, framework: Pick<FrameworkSummary, 'inUse'>): FrameworkCan {
  const organizer = isOrganizer(actor);
  // Deleting one in use stays offered: the server's refusal says why (a round uses it) and what to do instead.
  return { edit: organizer && !framework.inUse, revise: organizer, clone: organizer, delete: organizer };
}
