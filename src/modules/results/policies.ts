import type { Actor } from '../auth/actor.js';
import type { ResultsCan } from './schemas.js';

/**
 * Who may do what with results. Results are not unit-scoped: every signed-in role reads the published ranking of
 * every unit (src/modules/auth/scope.ts has no say here); what differs by role is the unpublished preview and
 * publication.
 */

/** The organizer and the council see results before publication (the live computation); the command line too. */
export function mayPreviewResults(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'council' || actor.role === 'system';
}

/** Publishing and correcting is the organizer's (the route admits only it; the round must also be approved). */
export function mayPublishResults(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'system';
}

/** What the caller may do with the results it reads: the web shows its buttons from this, not from the role. */
export function resultsCan(actor: Actor): ResultsCan {
  return { publish: mayPublishResults(actor), viewDrafts: mayPreviewResults(actor), exportDocuments: true };
}
