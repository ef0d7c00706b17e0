import 'fastify';
import type { ActiveSession } from '../modules/auth/service.js';
import type { Actor } from '../modules/auth/actor.js';
import { actorOf } from '../modules/auth/service.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    session: ActiveSession | null;
  }
}

export function requireSession(session: ActiveSession | null): ActiveSession {
  if (!session) throw new AppError('unauthenticated', 'Sign in first');
  return session;
}

export function actorFromSession(session: ActiveSession | null): Actor {
  return actorOf(requireSession(session).user);
}
