import { z } from 'zod';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { SessionUserSchema } from '../auth/routes.js';
import { actorFromSession } from '../../http/request-context.js';
import { forbidden, notFound } from '../../errors.js';
import { Code, CodeParam, IdParam, Name, RoleSchema } from '../../http/schemas.js';
import { findUnitIdByCode } from '../units/service.js';
import { canSeeUnitAccounts } from './policies.js';
import { createUser, listUsers, resetPassword, updateUser } from './service.js';

const UserSchema = SessionUserSchema.extend({
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
const Username = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only');

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
      if (unitId === null) throw notFound(`Unit ${request.params.code}`);
      if (!canSeeUnitAccounts(actorFromSession(request.session), unitId)) throw forbidden('You may only see the accounts of your own unit');
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
        body: z.object({ username: Username, displayName: Name, role: RoleSchema, unitCode: Code.nullish() }),
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
        body: z.object({ displayName: Name.optional(), role: RoleSchema.optional(), unitCode: Code.nullable().optional(), disabled: z.boolean().optional() }),
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
