import { z } from 'zod';
import { ROUND_STAGES } from '../../db/schema.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { actorFromSession, requireSession } from '../../http/request-context.js';
import { Code, IdParam, Year } from '../../http/schemas.js';
import { approveRound, extendDeadline, getRoundView, listExtensions, listRounds, openRound, updateRoundDates } from './service.js';

const LocalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD (local)');
const DatesSchema = z.object({
  selfAssessmentFrom: LocalDateSchema,
  selfAssessmentTo: LocalDateSchema,
  appraisalTo: LocalDateSchema,
  explanationTo: LocalDateSchema,
  councilTo: LocalDateSchema,
});
export const RoundSchema = z.object({
  id: z.number(),
  year: z.number(),
  blockCode: z.string(),
  blockName: z.string(),
  frameworkId: z.number(),
  status: z.enum(['open', 'approved', 'published']),
  historical: z.boolean(),
  dates: DatesSchema.nullable(),
  approvedAt: z.string().nullable(),
  unitCount: z.number(),
});

export async function roundRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const tags = ['rounds'];

  app.get(
    '/api/v1/rounds',
    { config: { access: access.anyRole }, schema: { tags, querystring: z.object({ year: Year.optional(), block: Code.optional() }), response: { 200: z.object({ items: z.array(RoundSchema) }) } } },
    async (request) => ({ items: await listRounds(db, request.query) }),
  );

  app.get(
    '/api/v1/rounds/:id',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        params: IdParam,
        response: { 200: RoundSchema.extend({ extensions: z.array(z.object({ unitCode: z.string(), stage: z.string(), until: z.string(), reason: z.string() })) }) },
      },
    },
    async (request) => {
      const round = await getRoundView(db, request.params.id);
      // Extensions name units and reasons: the organizer's and council's business.
      const role = requireSession(request.session).user.role;
      const extensions = role === 'admin' || role === 'council' ? await listExtensions(db, round.id) : [];
      return { ...round, extensions };
    },
  );

  app.post(
    '/api/v1/rounds',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Open the round of a year and block on its latest framework revision, with the stage dates (local, inclusive)',
        body: DatesSchema.extend({ year: Year, blockCode: Code }),
        response: { 201: RoundSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await openRound(db, actorFromSession(request.session), request.body)),
  );

  app.put(
    '/api/v1/rounds/:id/dates',
    { config: { access: access.admin }, schema: { tags, params: IdParam, body: DatesSchema, response: { 200: RoundSchema } } },
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
        body: z.object({ unitCode: Code, stage: z.enum(ROUND_STAGES), until: LocalDateSchema, reason: z.string().trim().min(1).max(2000) }),
        response: { 200: z.object({ unit: z.string(), stage: z.string(), until: z.string(), reason: z.string() }) },
      },
    },
    async (request) => extendDeadline(db, actorFromSession(request.session), request.params.id, request.body),
  );

  app.post(
    '/api/v1/rounds/:id/approve',
    { config: { access: access.roles(['council'], 'province') }, schema: { tags, summary: "The council approves the block's results", params: IdParam, response: { 200: RoundSchema } } },
    async (request) => approveRound(db, actorFromSession(request.session), request.params.id),
  );
}
