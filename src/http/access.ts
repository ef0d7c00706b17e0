import 'fastify';
import type { Role } from '../db/schema.js';

/**
 * Every route declares who may call it (checked at start-up: a route without a rule refuses to register).
 * - `public`: anyone, no session.
 * - `authenticated`: any signed-in user, even one who must still change a temporary password.
 * - roles: only these roles; the service then applies the unit scope through the resource's policies.
 * - `machine`: a machine client with `Authorization: Bearer <api token>` (no session, no CSRF); a session
 *   cookie does not authorize it.
 */
export type RouteAccess = { public: true } | { authenticated: true } | { machine: true } | { roles: readonly Role[]; scope: 'province' | 'own-unit' };

export const ALL_ROLES: readonly Role[] = ['admin', 'unit_officer', 'unit_leader', 'appraiser', 'council', 'viewer'];
export const ADMIN_ONLY: readonly Role[] = ['admin'];

export const access = {
  public: { public: true } as const,
  authenticated: { authenticated: true } as const,
  machine: { machine: true } as const,
  admin: { roles: ADMIN_ONLY, scope: 'province' } as const,
  anyRole: { roles: ALL_ROLES, scope: 'province' } as const,
  roles: (roles: readonly Role[], scope: 'province' | 'own-unit' = 'own-unit'): RouteAccess => ({ roles, scope }),
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * `replica`: a report, dashboard, public page or export, read from the streaming replica when one is usable
     * (request.readDb, src/db/replica.ts). Its handler reads through request.readDb only, and writes nothing.
     */
    reads?: 'replica';
  }
}
