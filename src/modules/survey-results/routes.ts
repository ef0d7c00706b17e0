import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, MEDIA_TYPES, sendDownload } from '../../http/download.js';
import { actorFromSession } from '../../http/request-context.js';
import { resultsDocx, resultsWorkbook } from './documents.js';
import { campaignResults, loadResults, unitResults, unitTexts } from './queries.js';
import { sipasReport } from './report.js';
import { CampaignParams, CampaignResults, CampaignUnitParams, ResultsExportQuery, SipasReportQuery, TextsPage, TextsQuery, UnitResults } from './schemas.js';

/** A campaign's results: the units table, a unit's detail and free texts, the XLSX/DOCX files and the SIPAS report. */
export async function surveyResultsRoutes(app: App, { clock }: AppDeps) {
  const tags = ['survey results'];
  // Every role reads results; the service narrows unit staff to their own unit (policies.ts), 404 for another unit.
  const readers = access.anyRole;

  app.get(
    '/api/v1/surveys/campaigns/:code/results',
    {
      config: { access: readers, reads: 'replica' },
      schema: {
        tags,
        summary:
          'Per unit: responses against the target, the five elements’ satisfaction indices and the SIPAS index; the province from summed counts; ' +
          'for an officials’ survey the mean weight per unit and reform area. Unit staff see their own unit only',
        params: CampaignParams,
        response: { 200: CampaignResults },
      },
    },
    async (request) => campaignResults(request.readDb, actorFromSession(request.session), request.params.code, clock()),
  );

  app.get(
    '/api/v1/surveys/campaigns/:code/results/units/:unit',
    {
      config: { access: readers, reads: 'replica' },
      schema: {
        tags,
        summary: "A unit's results: indices, by respondent profile, the distribution of every question (404 for a unit the reader may not see)",
        params: CampaignUnitParams,
        response: { 200: UnitResults },
      },
    },
    async (request) => unitResults(request.readDb, actorFromSession(request.session), request.params.code, request.params.unit, clock()),
  );

  app.get(
    '/api/v1/surveys/campaigns/:code/results/units/:unit/texts',
    {
      config: { access: readers, reads: 'replica' },
      schema: {
        tags,
        summary: "A unit's free-text answers, oldest response first, paged (text as the respondent wrote it: show it as text)",
        params: CampaignUnitParams,
        querystring: TextsQuery,
        response: { 200: TextsPage },
      },
    },
    async (request) => unitTexts(request.readDb, actorFromSession(request.session), request.params.code, request.params.unit, request.query),
  );

  app.get(
    '/api/v1/surveys/campaigns/:code/results/export',
    {
      config: { access: readers, reads: 'replica' },
      schema: {
        tags,
        summary: 'The results as XLSX (a sheet per view) or a DOCX summary with bar charts',
        params: CampaignParams,
        querystring: ResultsExportQuery,
        response: fileResponse('The results file', 'xlsx', 'docx'),
      },
    },
    async (request, reply) => {
      const data = await loadResults(request.readDb, actorFromSession(request.session), request.params.code);
      const { format } = request.query;
      const file = format === 'docx' ? await resultsDocx(data, clock()) : await resultsWorkbook(data, clock());
      return sendDownload(reply, `ket-qua-khao-sat-${data.campaign.code}.${format}`, MEDIA_TYPES[format], file);
    },
  );

  app.get(
    '/api/v1/surveys/campaigns/:code/results/report',
    {
      config: { access: readers, reads: 'replica' },
      schema: {
        tags,
        summary: 'The SIPAS report (as `parindex report sipas`): unit_code,responses,access,procedure,civil_servant,result,feedback,sipas for every unit',
        params: CampaignParams,
        querystring: SipasReportQuery,
        response: fileResponse('The report', 'csv', 'xlsx', 'json'),
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const { format } = request.query;
      const file = await sipasReport(request.readDb, actorFromSession(request.session), code, format);
      return sendDownload(reply, `sipas-${code}.${format}`, MEDIA_TYPES[format], file);
    },
  );
}
