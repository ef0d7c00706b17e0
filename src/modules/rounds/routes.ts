import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { actorFromSession } from '../../http/request-context.js';
import { IdParam } from '../../http/schemas.js';
import { ApprovalPreview, ExtensionBody, OpenRoundBody, Round, RoundDates, RoundDetail, RoundList, RoundListQuery, Extension } from './schemas.js';
import { approveRound, extendDeadline, getApprovalPreview, getRoundDetail, listRoundsFor, openRound, updateRoundDates } from './service.js';

export async function roundRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;
  const tags = ['rounds'];

  app.get(
    '/api/v1/rounds',
    { config: { access: access.anyRole }, schema: { tags, querystring: RoundListQuery, response: { 200: RoundList } } },
    async (request) => listRoundsFor(db, actorFromSession(request.session), request.query, clock()),
  );

  app.get('/api/v1/rounds/:id', { config: { access: access.anyRole }, schema: { tags, params: IdParam, response: { 200: RoundDetail } } }, async (request) =>
    getRoundDetail(db, actorFromSession(request.session), request.params.id, clock()),
  );

  app.get(
    '/api/v1/rounds/:id/approval',
    {
      config: { access: access.roles(['admin', 'council'], 'province') },
      schema: {
        tags,
        summary:
          'What the approval waits for on the server’s date: units still within their self-assessment, appraisals not final in their window, units that never submitted',
        params: IdParam,
        response: { 200: ApprovalPreview },
      },
    },
    async (request) => getApprovalPreview(db, actorFromSession(request.session), request.params.id, clock()),
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
      schema: {
        tags,
        summary: "The council approves the block's results; refused (409 round_not_ready) while a unit may still submit or an appraisal is still open",
        params: IdParam,
        response: { 200: Round },
      },
    },
    async (request) => approveRound(db, actorFromSession(request.session), request.params.id, clock()),
  );
}
