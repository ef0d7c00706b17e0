import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Role } from '../../db/schema.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { actorFromSession, requireSession } from '../../http/request-context.js';
import { Code, Year } from '../../http/schemas.js';
import { sendDownload } from '../../http/download.js';
import { sendJsonText } from '../../http/json-text.js';
import { ifMatch } from '../../http/if-match.js';
import { readUploadedFile } from '../../http/upload.js';
import { CONTENT_TYPES } from '../../io/tabular.js';
import { buildResultsReport, buildUnitScorecard, DOCX_CONTENT_TYPE, PdfRenderer, PDF_CONTENT_TYPE } from './documents.js';
import {
  exportResults,
  importScores,
  publicationHistory,
  publishedRounds,
  publishRound,
  requireRound,
  unitCriteriaResults,
  visibleResults,
  visibleResultsJson,
} from './service.js';

const FieldSchema = z.object({ code: z.string(), score: z.number(), maxScore: z.number(), index: z.number().nullable() });
const UnitRankingSchema = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  selfScore: z.number().nullable(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  index: z.number().nullable(),
  rank: z.number().nullable(),
  class: z.string().nullable(),
  previousRank: z.number().nullable(),
  fields: z.array(FieldSchema),
  problem: z.string().nullable(),
});
export const BlockResultsSchema = z.object({
  roundId: z.number(),
  year: z.number(),
  blockCode: z.string(),
  blockName: z.string(),
  status: z.enum(['open', 'approved', 'published']),
  frameworkName: z.string(),
  classes: z.array(z.object({ label: z.string(), min: z.number() })),
  fields: z.array(z.object({ code: z.string(), title: z.string(), method: z.enum(['manual', 'survey', 'formula', 'bonus', 'penalty']), maxPoints: z.number() })),
  units: z.array(UnitRankingSchema),
});
/** A formula criterion in the drill-down: see docs/formula-criteria.md. Publications made before it have none. */
const FormulaDetailSchema = z.object({
  formula: z.string(),
  status: z.enum(['computed', 'missing', 'error']),
  computed: z.number().nullable(),
  exact: z.string().nullable(),
  clamped: z.boolean(),
  inputs: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['percent', 'count', 'points']),
      value: z.number().nullable(),
      basis: z.record(z.string(), z.number()),
      missing: z.string().nullable(),
    }),
  ),
  reason: z.string().nullable(),
  decidedBy: z.enum(['council', 'appraisal', 'computed', 'self', 'not_applicable', 'none']),
});
const VisibleResultsSchema = z.object({ results: BlockResultsSchema, revision: z.number().nullable(), publishedAt: z.string().nullable() });
const YearBlock = z.object({ year: Year, block: Code });

/** The organizer and the council see results before publication; everyone else only published ones. */
const PREVIEW_ROLES: readonly Role[] = ['admin', 'council'];
const mayPreview = (session: FastifyRequest['session']) => PREVIEW_ROLES.includes(requireSession(session).user.role);

export async function resultRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const tags = ['results'];

  app.get(
    '/api/v1/results',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: 'Ranking of a block in a year: published results, or the live computation for the organizer and council', querystring: YearBlock, response: { 200: VisibleResultsSchema } },
    },
    async (request, reply) =>
      sendJsonText(reply, await visibleResultsJson(db, request.query.year, request.query.block, mayPreview(request.session))),
  );

  app.get(
    '/api/v1/results/export',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: 'The ranking as CSV, XLSX (the printed table) or JSON', querystring: YearBlock.extend({ format: z.enum(['csv', 'xlsx', 'json']).default('xlsx') }) },
    },
    async (request, reply) => {
      const { year, block, format } = request.query;
      const { results } = await visibleResults(db, year, block, mayPreview(request.session));
      const file = await exportResults(results, format);
      return sendDownload(reply, `results-${results.blockCode}-${year}.${format}`, format === 'json' ? 'application/json; charset=utf-8' : CONTENT_TYPES[format], file);
    },
  );

  // One Chromium for the server's PDF scorecards, started on first use and stopped when idle or on close.
  const pdfRenderer = new PdfRenderer();
  app.addHook('onClose', () => pdfRenderer.close());

  app.get(
    '/api/v1/results/report.docx',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: "The block's results as a DOCX report: summary in Vietnamese and the ranking table", querystring: YearBlock },
    },
    async (request, reply) => {
      const { year, block } = request.query;
      const { results } = await visibleResults(db, year, block, mayPreview(request.session));
      const file = await buildResultsReport(results, await publicationHistory(db, results.roundId));
      return sendDownload(reply, `results-report-${results.blockCode}-${year}.docx`, DOCX_CONTENT_TYPE, file);
    },
  );

  app.get(
    '/api/v1/results/scorecard.pdf',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: "A unit's scorecard as PDF: index, rank, class, fields against the block average", querystring: YearBlock.extend({ unit: Code }) },
    },
    async (request, reply) => {
      const { year, block, unit } = request.query;
      const { results } = await visibleResults(db, year, block, mayPreview(request.session));
      const file = await buildUnitScorecard(results, unit, { history: await publicationHistory(db, results.roundId), renderer: pdfRenderer });
      return sendDownload(reply, `scorecard-${unit.toUpperCase()}-${results.blockCode}-${year}.pdf`, PDF_CONTENT_TYPE, file);
    },
  );

  app.get(
    '/api/v1/results/publications',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'Published revisions of a round, newest first (corrections keep the old ones)',
        querystring: YearBlock,
        response: { 200: z.object({ items: z.array(z.object({ revision: z.number(), reason: z.string().nullable(), publishedAt: z.string() })) }) },
      },
    },
    async (request) => {
      const round = await requireRound(db, request.query.year, request.query.block);
      const items = await publicationHistory(db, round.id);
      return { items: items.map((i) => ({ ...i, publishedAt: i.publishedAt.toISOString() })) };
    },
  );

  app.get(
    '/api/v1/results/units/:unitCode',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: "A unit's criteria as published (where it earned and lost points); before publication for the organizer and council",
        params: z.object({ unitCode: Code }),
        querystring: YearBlock,
        response: {
          200: z.object({
            year: z.number(),
            blockCode: z.string(),
            unitCode: z.string(),
            revision: z.number().nullable(),
            criteria: z.array(
              z.object({
                code: z.string(),
                title: z.string(),
                method: z.string(),
                applicable: z.boolean(),
                score: z.number(),
                maxScore: z.number(),
                lost: z.number(),
                index: z.number().nullable(),
                formula: FormulaDetailSchema.optional(),
              }),
            ),
          }),
        },
      },
    },
    async (request) =>
      unitCriteriaResults(db, request.query.year, request.query.block, request.params.unitCode, mayPreview(request.session)),
  );

  app.get(
    '/api/v1/public/rounds',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'The years and blocks with published results, newest first (for the public page)',
        response: { 200: z.object({ items: z.array(z.object({ year: z.number(), blockCode: z.string(), blockName: z.string() })) }) },
      },
    },
    async () => ({ items: await publishedRounds(db) }),
  );

  app.get(
    '/api/v1/public/results',
    {
      config: { access: access.public },
      schema: { tags, summary: 'Published results, without signing in', querystring: YearBlock, response: { 200: VisibleResultsSchema } },
    },
    async (request, reply) => sendJsonText(reply, await visibleResultsJson(db, request.query.year, request.query.block, false)),
  );

  app.post(
    '/api/v1/results/publish',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Publish approved results (freezes them); publishing again is a correction and needs a reason. If-Match: the revision corrected (0: none)',
        body: YearBlock.extend({ reason: z.string().trim().max(2000).optional() }),
        response: { 200: z.object({ revision: z.number(), results: BlockResultsSchema }) },
      },
    },
    async (request) => {
      const round = await requireRound(db, request.body.year, request.body.block);
      return publishRound(db, actorFromSession(request.session), round.id, request.body.reason ?? null, ifMatch(request.headers));
    },
  );

  app.post(
    '/api/v1/scores/import',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: "Load a past year's scores (unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable) as approved",
        consumes: ['multipart/form-data'],
        querystring: YearBlock,
        response: { 200: z.object({ roundId: z.number(), units: z.number(), rows: z.number(), changed: z.number() }) },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importScores(db, actorFromSession(request.session), buffer, request.query.year, request.query.block);
    },
  );
}
