import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { actorFromSession } from '../../http/request-context.js';
import { CodeParam, IdParam } from '../../http/schemas.js';
import type { Actor } from '../auth/actor.js';
import { findUnitIdByCode } from '../units/service.js';
import { userCan, userPolicies, usersCan } from './policies.js';
import { fail } from './reasons.js';
import {
  CreatedUser,
  NewUserBody,
  OwnEmail,
  OwnEmailBody,
  TemporaryPassword,
  UnitAccountList,
  UserList,
  UserListQuery,
  UserPatchBody,
  UserWithCan,
} from './schemas.js';
import { createUser, getUser, listUsers, resetPassword, setOwnEmail, updateUser, type UserView } from './service.js';

/** An account with what the caller may do with it. */
const withCan = (actor: Actor, user: UserView): UserWithCan => ({ ...user, can: userCan(actor, user) });

export async function userRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const tags = ['users'];

  app.get(
    '/api/v1/users',
    {
      config: { access: access.admin },
      schema: { tags, querystring: UserListQuery, response: { 200: UserList } },
    },
    async (request) => {
      const actor = actorFromSession(request.session);
      const users = await listUsers(db, request.query);
      return { items: users.map((user) => withCan(actor, user)), can: usersCan(actor) };
    },
  );

  app.get(
    '/api/v1/units/:code/users',
    {
      config: { access: access.roles(['admin', 'unit_leader', 'unit_officer'], 'own-unit') },
      schema: {
        tags,
        summary: "The accounts of one unit; a unit's own staff see only their unit",
        params: CodeParam,
        response: { 200: UnitAccountList },
      },
    },
    async (request) => {
      const unitId = await findUnitIdByCode(db, request.params.code);
      if (unitId === null) throw fail('users_unit_not_found', { unit: request.params.code });
      if (!userPolicies.seeUnitAccounts(actorFromSession(request.session), unitId)) throw fail('unit_accounts_own_unit_only');
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
        response: { 201: CreatedUser },
      },
    },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      const { user, temporaryPassword } = await createUser(db, actor, request.body);
      return reply.status(201).send({ user: withCan(actor, user), temporaryPassword: temporaryPassword! });
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: { access: access.admin },
      schema: { tags, params: IdParam, body: UserPatchBody, response: { 200: UserWithCan } },
    },
    async (request) => {
      const actor = actorFromSession(request.session);
      return withCan(actor, await updateUser(db, actor, request.params.id, request.body));
    },
  );

  app.get(
    '/api/v1/users/me/email',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: 'One’s own e-mail address (where the daily reminder digest goes)', response: { 200: OwnEmail } },
    },
    async (request) => {
      const { userId } = actorFromSession(request.session);
      const me = userId === null ? null : await getUser(db, userId);
      return { email: me?.email ?? null };
    },
  );

  app.put(
    '/api/v1/users/me/email',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: 'Set or remove (null) one’s own e-mail address for the daily reminder digest', body: OwnEmailBody, response: { 200: OwnEmail } },
    },
    async (request) => ({ email: await setOwnEmail(db, actorFromSession(request.session), request.body.email) }),
  );

  app.post(
    '/api/v1/users/:id/reset-password',
    {
      config: { access: access.admin },
      schema: { tags, summary: "Give a new temporary password; the user's sessions end", params: IdParam, response: { 200: TemporaryPassword } },
    },
    async (request) => ({ temporaryPassword: await resetPassword(db, actorFromSession(request.session), request.params.id) }),
  );
}
