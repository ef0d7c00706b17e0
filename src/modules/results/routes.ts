import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, sendDownload } from '../../http/download.js';
import { DOCX_CONTENT_TYPE } from '../../io/docx.js';
import { ifMatch } from '../../http/if-match.js';
import { sendJsonText } from '../../http/json-text.js';
import { actorFromSession } from '../../http/request-context.js';
import { readUploadedFile } from '../../http/upload.js';
import { CONTENT_TYPES } from '../../io/tabular.js';
import { publishRound } from './commands.js';
import { appPdfRenderer, PDF_CONTENT_TYPE } from './documents/pdf-renderer.js';
import { buildResultsReport } from './documents/report.js';
import { buildUnitScorecard } from './documents/scorecard.js';
import { exportResults } from './documents/table.js';
import { mayPreviewResults, resultsCan } from './policies.js';
import {
  ExportQuery,
  PublicationList,
  PublicResults,
  PublishBody,
  PublishedRoundList,
  PublishResponse,
  ScorecardQuery,
  ScoresImportResponse,
  UnitCriteriaResults,
  UnitParams,
  VisibleResults,
  YearBlock,
} from './schemas.js';
import { importScores } from './scores-import.js';
import { publicationHistory, publishedRounds, requireRound, unitCriteriaResults, visibleResults, visibleResultsJson } from './service.js';

export async function resultRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const tags = ['results'];

  app.get(
    '/api/v1/results',
    {
      config: { access: access.anyRole, reads: 'replica' },
      schema: {
        tags,
        summary: 'Ranking of a block in a year: published results, or the live computation for the organizer and council; `can` says what the caller may do',
        querystring: YearBlock,
        response: { 200: VisibleResults },
      },
    },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      return sendJsonText(
        reply,
        await visibleResultsJson(request.readDb, request.query.year, request.query.block, mayPreviewResults(actor), resultsCan(actor)),
      );
    },
  );

  app.get(
    '/api/v1/results/export',
    {
      config: { access: access.anyRole, reads: 'replica' },
      schema: {
        tags,
        summary: 'The ranking as CSV, XLSX (the printed table) or JSON',
        querystring: ExportQuery,
        response: fileResponse('The ranking', 'csv', 'xlsx', 'json'),
      },
    },
    async (request, reply) => {
      const { year, block, format } = request.query;
      const { results } = await visibleResults(request.readDb, year, block, mayPreviewResults(actorFromSession(request.session)));
      const file = await exportResults(results, format, format === 'xlsx' ? await publicationHistory(request.readDb, results.roundId) : []);
      return sendDownload(
        reply,
        `results-${results.blockCode}-${year}.${format}`,
        format === 'json' ? 'application/json; charset=utf-8' : CONTENT_TYPES[format],
        file,
      );
    },
  );

  // One Chromium for the server's PDF documents, started on first use and stopped when idle or on close.
  const pdfRenderer = appPdfRenderer(app);

  app.get(
    '/api/v1/results/report.docx',
    {
      config: { access: access.anyRole, reads: 'replica' },
      schema: {
        tags,
        summary: "The block's results as a DOCX report: summary in Vietnamese and the ranking table",
        querystring: YearBlock,
        response: fileResponse('The report', 'docx'),
      },
    },
    async (request, reply) => {
      const { year, block } = request.query;
      const { results } = await visibleResults(request.readDb, year, block, mayPreviewResults(actorFromSession(request.session)));
      const file = await buildResultsReport(results, await publicationHistory(request.readDb, results.roundId));
      return sendDownload(reply, `results-report-${results.blockCode}-${year}.docx`, DOCX_CONTENT_TYPE, file);
    },
  );

  app.get(
    '/api/v1/results/scorecard.pdf',
    {
      config: { access: access.anyRole, reads: 'replica' },
      schema: {
        tags,
        summary: "A unit's scorecard as PDF: index, rank, class, fields against the block average",
        querystring: ScorecardQuery,
        response: fileResponse('The scorecard', 'pdf'),
      },
    },
    async (request, reply) => {
      const { year, block, unit } = request.query;
      const { results } = await visibleResults(request.readDb, year, block, mayPreviewResults(actorFromSession(request.session)));
      const file = await buildUnitScorecard(results, unit, { history: await publicationHistory(request.readDb, results.roundId), renderer: pdfRenderer });
      return sendDownload(reply, `scorecard-${unit.toUpperCase()}-${results.blockCode}-${year}.pdf`, PDF_CONTENT_TYPE, file);
    },
  );

  app.get(
    '/api/v1/results/publications',
    {
      config: { access: access.anyRole, reads: 'replica' },
      schema: {
        tags,
        summary: 'Published revisions of a round, newest first (corrections keep the old ones)',
        querystring: YearBlock,
        response: { 200: PublicationList },
      },
    },
    async (request) => {
      const round = await requireRound(request.readDb, request.query.year, request.query.block);
      return { items: await publicationHistory(request.readDb, round.id) };
    },
  );

  app.get(
    '/api/v1/results/units/:unitCode',
    {
      config: { access: access.anyRole, reads: 'replica' },
      schema: {
        tags,
        summary: "A unit's criteria as published (where it earned and lost points); before publication for the organizer and council",
        params: UnitParams,
        querystring: YearBlock,
        response: { 200: UnitCriteriaResults },
      },
    },
    async (request) =>
      unitCriteriaResults(
        request.readDb,
        request.query.year,
        request.query.block,
        request.params.unitCode,
        mayPreviewResults(actorFromSession(request.session)),
      ),
  );

  app.get(
    '/api/v1/public/rounds',
    {
      config: { access: access.public, reads: 'replica' },
      schema: { tags, summary: 'The years and blocks with published results, newest first (for the public page)', response: { 200: PublishedRoundList } },
    },
    async (request) => ({ items: await publishedRounds(request.readDb) }),
  );

  app.get(
    '/api/v1/public/results',
    {
      config: { access: access.public, reads: 'replica' },
      schema: { tags, summary: 'Published results, without signing in', querystring: YearBlock, response: { 200: PublicResults } },
    },
    async (request, reply) => sendJsonText(reply, await visibleResultsJson(request.readDb, request.query.year, request.query.block, false)),
  );

  app.post(
    '/api/v1/results/publish',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Publish approved results (freezes them); publishing again is a correction and needs a reason. If-Match: the revision corrected (0: none)',
        body: PublishBody,
        response: { 200: PublishResponse },
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
        response: { 200: ScoresImportResponse },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importScores(db, actorFromSession(request.session), buffer, request.query.year, request.query.block);
    },
  );
}
