import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { requireSession } from '../../http/request-context.js';
import { RoleSchema } from '../../http/schemas.js';
import { MIN_PASSWORD_LENGTH } from './passwords.js';
import { changeOwnPassword, login, logout, type ActiveSession } from './service.js';

export const SESSION_COOKIE = 'parindex_sid';

export const SessionUserSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  mustChangePassword: z.boolean(),
});
const SessionResponse = z.object({ user: SessionUserSchema, csrfToken: z.string() });

export async function authRoutes(app: App, { database, config }: AppDeps) {
  const { db } = database;

  function startSession(reply: FastifyReply, session: ActiveSession) {
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.cookieSecure,
      path: '/',
    });
    return { user: session.user, csrfToken: session.csrfToken };
  }

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: access.public },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie and returns the CSRF token',
        body: z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(500) }),
        response: { 200: SessionResponse },
      },
    },
    async (request, reply) => {
      const session = await login(
        db,
        { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] },
        config.sessionIdleMinutes,
      );
      return startSession(reply, session);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { access: access.authenticated }, schema: { tags: ['auth'], summary: 'End the session' } },
    async (request, reply) => {
      await logout(db, requireSession(request.session).token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    { config: { access: access.authenticated }, schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: SessionResponse } } },
    async (request) => {
      const session = requireSession(request.session);
      return { user: session.user, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/change-password',
    {
      config: { access: access.authenticated },
      schema: {
        tags: ['auth'],
        summary: 'Change the own password; all sessions end and a new one starts',
        body: z.object({
          currentPassword: z.string().min(1).max(500),
          newPassword: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(500),
        }),
        response: { 200: SessionResponse },
      },
    },
    async (request, reply) => {
      const session = await changeOwnPassword(
        db,
        requireSession(request.session),
        { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] },
        config.sessionIdleMinutes,
      );
      return startSession(reply, session);
    },
  );
}
