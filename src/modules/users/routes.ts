import { z } from 'zod';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { SessionUserSchema } from '../auth/routes.js';
import { actorFromSession } from '../../http/request-context.js';
import { Code, CodeParam, IdParam, RoleSchema } from '../../http/schemas.js';
import { findUnitIdByCode } from '../units/service.js';
import { canSeeUnitAccounts } from './policies.js';
import { fail } from './reasons.js';
import { NewUserBody, UserPatchBody } from './schemas.js';
import { createUser, listUsers, resetPassword, updateUser } from './service.js';

const UserSchema = SessionUserSchema.extend({
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});

export async function userRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const tags = ['users'];

  app.get(
    '/api/v1/users',
    {
      config: { access: access.admin },
      schema: {
        tags,
        querystring: z.object({ q: z.string().max(100).optional(), role: RoleSchema.optional(), unit: Code.optional() }),
        response: { 200: z.object({ items: z.array(UserSchema) }) },
      },
    },
    async (request) => ({ items: await listUsers(db, request.query) }),
  );

  app.get(
    '/api/v1/units/:code/users',
    {
      config: { access: access.roles(['admin', 'unit_leader', 'unit_officer'], 'own-unit') },
      schema: {
        tags,
        summary: "The accounts of one unit; a unit's own staff see only their unit",
        params: CodeParam,
        response: { 200: z.object({ items: z.array(UserSchema.omit({ lastLoginAt: true })) }) },
      },
    },
    async (request) => {
      const unitId = await findUnitIdByCode(db, request.params.code);
      if (unitId === null) throw fail('users_unit_not_found', { unit: request.params.code });
      if (!canSeeUnitAccounts(actorFromSession(request.session), unitId)) throw fail('unit_accounts_own_unit_only');
      return { items: await listUsers(db, { unit: request.params.code }) };
    },
  );

  app.post(
    '/api/v1/users',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Create a user with a temporary password (shown once; changed at first sign-in)',
        body: NewUserBody,
        response: { 201: z.object({ user: UserSchema, temporaryPassword: z.string() }) },
      },
    },
    async (request, reply) => {
      const { user, temporaryPassword } = await createUser(db, actorFromSession(request.session), request.body);
      return reply.status(201).send({ user, temporaryPassword: temporaryPassword! });
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { access: access.admin },
      schema: {
        tags,
        params: IdParam,
        body: UserPatchBody,
        response: { 200: UserSchema },
      },
    },
    async (request) => updateUser(db, actorFromSession(request.session), request.params.id, request.body),
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      config: { access: access.admin },
      schema: { tags, summary: "Give a new temporary password; the user's sessions end", params: IdParam, response: { 200: z.object({ temporaryPassword: z.string() }) } },
    },
    async (request) => ({ temporaryPassword: await resetPassword(db, actorFromSession(request.session), request.params.id) }),
  );
}
