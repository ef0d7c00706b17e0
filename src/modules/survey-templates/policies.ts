import type { Actor } from '../auth/actor.js';
import type { TemplatesCan } from './schemas.js';

/** Survey templates: the organizer (admin) and the command line edit them; every signed-in role reads them. */
export const templatePolicies = {
  manage(actor: Actor): boolean {
    return actor.role === 'admin' || actor.role === 'system';
  },
};

export function templatesCan(actor: Actor): TemplatesCan {
  const manage = templatePolicies.manage(actor);
  return { create: manage, import: manage, edit: manage, delete: manage };
}
