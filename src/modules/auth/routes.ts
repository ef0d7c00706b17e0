import { noContent } from '../../http/download.js';
import type { FastifyReply } from 'fastify';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { requireSession } from '../../http/request-context.js';
import { ChangePasswordBody, LoginBody, SessionResponse } from './schemas.js';
import { changeOwnPassword, login, logout, type ActiveSession } from './service.js';

export const SESSION_COOKIE = 'parindex_sid';

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
        body: LoginBody,
        response: { 200: SessionResponse },
      },
    },
    async (request, reply) => {
      const session = await login(db, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] }, config.sessionIdleMinutes);
      return startSession(reply, session);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { access: access.authenticated }, schema: { tags: ['auth'], summary: 'End the session', response: noContent } },
    async (request, reply) => {
      await logout(db, requireSession(request.session).token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
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
        body: ChangePasswordBody,
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
