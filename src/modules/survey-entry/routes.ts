import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, sendDownload } from '../../http/download.js';
import { actorFromSession } from '../../http/request-context.js';
import { readUploadedFile } from '../../http/upload.js';
import { CONTENT_TYPES } from '../../io/tabular.js';
import { exportResponses } from './export.js';
import { importResponses } from './import.js';
import { enterPaper, listPaper, resolvePaper } from './paper.js';
import { ENTRY_ROLES } from './policies.js';
import { entryForm, listResponses, setRecheck } from './responses.js';
import {
  CampaignCodeParam,
  EntryForm,
  ExportQuery,
  ImportResult,
  PaperEntryBody,
  PaperEntryResult,
  PaperFormParams,
  PaperListQuery,
  PaperPage,
  PaperResolveBody,
  RecheckBody,
  ResponseIdParam,
  ResponseListQuery,
  ResponsePage,
  SurveyResponseItem,
} from './schemas.js';

/** Staff entry of paper forms, the re-check flag, and the responses file import / export. */
export async function surveyEntryRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;
  const tags = ['surveys: entry'];
  const base = '/api/v1/surveys/campaigns/:code';
  const staff = access.roles(ENTRY_ROLES);

  app.get(
    `${base}/entry`,
    {
      config: { access: staff },
      schema: {
        tags,
        summary: 'What the paper-entry page needs: the campaign, its questions, its units (unit staff: their own) and groups, and what the caller may do',
        params: CampaignCodeParam,
        response: { 200: EntryForm },
      },
    },
    async (request) => entryForm(db, actorFromSession(request.session), request.params.code, clock()),
  );

  app.post(
    `${base}/paper`,
    {
      config: { access: staff },
      schema: {
        tags,
        summary:
          "Enter a paper form (channel 'paper'; unit staff: their own unit's). Blank required questions are warnings. Without double entry the response is made at once (201, or 200 when the form number is replaced); with it the first entry waits for a second by another user (409 for the same user); equal entries make the response, different ones list their differences",
        params: CampaignCodeParam,
        body: PaperEntryBody,
        response: { 200: PaperEntryResult, 201: PaperEntryResult },
      },
    },
    async (request, reply) => {
      const result = await enterPaper(db, actorFromSession(request.session), request.params.code, request.body, clock());
      return reply.status(result.created || result.entryNo !== null ? 201 : 200).send(result);
    },
  );

  app.get(
    `${base}/paper`,
    {
      config: { access: staff },
      schema: {
        tags,
        summary:
          'Paper forms by state: awaiting_second (one entry), differences (two entries that differ), done (recorded); with their entries, by form number',
        params: CampaignCodeParam,
        querystring: PaperListQuery,
        response: { 200: PaperPage },
      },
    },
    async (request) => listPaper(db, actorFromSession(request.session), request.params.code, request.query),
  );

  app.put(
    `${base}/paper/:formNo/resolve`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: "The organizer's values for a form whose two entries differ (or a correction of a recorded paper form): makes or replaces its response",
        params: PaperFormParams,
        body: PaperResolveBody,
        response: { 200: PaperEntryResult },
      },
    },
    async (request) => resolvePaper(db, actorFromSession(request.session), request.params.code, request.params.formNo, request.body, clock()),
  );

  app.get(
    `${base}/responses`,
    {
      config: { access: staff },
      schema: {
        tags,
        summary:
          "A campaign's responses, newest first (drafts only when asked); unit staff see their own unit's. Flagged (re-check) responses still count in the results",
        params: CampaignCodeParam,
        querystring: ResponseListQuery,
        response: { 200: ResponsePage },
      },
    },
    async (request) => listResponses(db, actorFromSession(request.session), request.params.code, request.query),
  );

  app.post(
    `${base}/responses/import`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary:
          "Import responses from CSV/XLSX (channel 'import'): response_id,unit_code,<question_code>… (officials: response_id,group_code,rated_unit_code,<question_code>…, one row per rated unit); all or nothing, every bad row and column listed; idempotent by response_id",
        params: CampaignCodeParam,
        consumes: ['multipart/form-data'],
        response: { 200: ImportResult },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importResponses(db, actorFromSession(request.session), request.params.code, buffer, clock());
    },
  );

  app.get(
    `${base}/responses/export`,
    {
      config: { access: staff },
      schema: {
        tags,
        summary:
          'Submitted responses as CSV or XLSX, one row per response (officials: per rated unit); values=codes is the import format and re-imports unchanged, values=labels writes option labels',
        params: CampaignCodeParam,
        querystring: ExportQuery,
        response: fileResponse('The responses file', 'csv', 'xlsx'),
      },
    },
    async (request, reply) => {
      const { file, fileName, format } = await exportResponses(db, actorFromSession(request.session), request.params.code, request.query);
      return sendDownload(reply, fileName, CONTENT_TYPES[format], file);
    },
  );

  app.patch(
    '/api/v1/surveys/responses/:id',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Flag a response for re-check (phúc tra) or clear the flag, with a note; audited. A flagged response still counts in the results',
        params: ResponseIdParam,
        body: RecheckBody,
        response: { 200: SurveyResponseItem },
      },
    },
    async (request) => setRecheck(db, actorFromSession(request.session), request.params.id, request.body, clock()),
  );
}
