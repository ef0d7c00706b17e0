import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { actorFromSession } from '../../http/request-context.js';
import { AppraisalWorkList, AppraisalWorkQuery, CouncilWorkList, CouncilWorkQuery } from './schemas.js';
import { appraisalWorkList, councilWorkList } from './worklists.js';

/** The work lists of the appraisers and of the council (worklists.ts); the organizer may read both. */
export async function worklistRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;
  const tags = ['assessments'];

  app.get(
    '/api/v1/work/appraisal',
    {
      config: { access: access.roles(['appraiser', 'admin'], 'province') },
      schema: {
        tags,
        summary: "The appraiser's work list: every unit × criterion of their department in the open rounds, with its status and the counts",
        querystring: AppraisalWorkQuery,
        response: { 200: AppraisalWorkList },
      },
    },
    async (request) => appraisalWorkList(db, actorFromSession(request.session), request.query, clock()),
  );

  app.get(
    '/api/v1/work/council',
    {
      config: { access: access.roles(['council', 'admin'], 'province') },
      schema: {
        tags,
        summary: "The council's work list: per open round (block), every unit's progress and the disagreements",
        querystring: CouncilWorkQuery,
        response: { 200: CouncilWorkList },
      },
    },
    async (request) => councilWorkList(db, actorFromSession(request.session), request.query, clock()),
  );
}
