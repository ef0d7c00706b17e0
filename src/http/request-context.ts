import 'fastify';
import type { ActiveSession } from '../modules/auth/service.js';
import type { Actor } from '../modules/auth/actor.js';
import { actorOf } from '../modules/auth/service.js';
import { fail } from '../modules/auth/reasons.js';

declare module 'fastify' {
  interface FastifyRequest {
    session: ActiveSession | null;
  }
}

export function requireSession(session: ActiveSession | null): ActiveSession {
  if (!session) throw fail('sign_in_first');
  return session;
}

export function actorFromSession(session: ActiveSession | null): Actor {
  return actorOf(requireSession(session).user);
}
