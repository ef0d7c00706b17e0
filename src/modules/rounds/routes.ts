import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { actorFromSession } from '../../http/request-context.js';
import { IdParam } from '../../http/schemas.js';
import { ExtensionBody, OpenRoundBody, Round, RoundDates, RoundDetail, RoundList, RoundListQuery, Extension } from './schemas.js';
import { approveRound, extendDeadline, getRoundDetail, listRoundsFor, openRound, updateRoundDates } from './service.js';

export async function roundRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const tags = ['rounds'];

  app.get(
    '/api/v1/rounds',
    { config: { access: access.anyRole }, schema: { tags, querystring: RoundListQuery, response: { 200: RoundList } } },
    async (request) => listRoundsFor(db, actorFromSession(request.session), request.query),
  );

  app.get('/api/v1/rounds/:id', { config: { access: access.anyRole }, schema: { tags, params: IdParam, response: { 200: RoundDetail } } }, async (request) =>
    getRoundDetail(db, actorFromSession(request.session), request.params.id),
  );

  app.post(
    '/api/v1/rounds',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Open the round of a year and block on its latest framework revision, with the stage dates (local, inclusive)',
        body: OpenRoundBody,
        response: { 201: Round },
      },
    },
    async (request, reply) => reply.status(201).send(await openRound(db, actorFromSession(request.session), request.body)),
  );

  app.put(
    '/api/v1/rounds/:id/dates',
    { config: { access: access.admin }, schema: { tags, params: IdParam, body: RoundDates, response: { 200: Round } } },
    async (request) => updateRoundDates(db, actorFromSession(request.session), request.params.id, request.body),
  );

  app.post(
    '/api/v1/rounds/:id/extensions',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'A later deadline for one unit and stage, with a reason (audited)',
        params: IdParam,
        body: ExtensionBody,
        response: { 200: Extension },
      },
    },
    async (request) => extendDeadline(db, actorFromSession(request.session), request.params.id, request.body),
  );

  app.post(
    '/api/v1/rounds/:id/approve',
    {
      config: { access: access.roles(['council'], 'province') },
      schema: { tags, summary: "The council approves the block's results", params: IdParam, response: { 200: Round } },
    },
    async (request) => approveRound(db, actorFromSession(request.session), request.params.id),
  );
}
