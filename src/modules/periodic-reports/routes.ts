import { z } from 'zod';
import type { App, AppDeps } from '../../http/app.js';
import { access, ALL_ROLES } from '../../http/access.js';
import { fileResponse, sendDownload } from '../../http/download.js';
import { ifMatch, withEtag } from '../../http/if-match.js';
import { actorFromSession } from '../../http/request-context.js';
import { localDateOf } from '../../domain/timeliness.js';
import type { Actor } from '../auth/actor.js';
import { DOCX_CONTENT_TYPE } from './document.js';
import { canEditTemplate } from './policies.js';
import {
  Deadlines,
  DeadlinesBody,
  ReportParams,
  ReportStatus,
  ReportTemplate,
  StatusQuery,
  TemplateResponse,
  type TemplateView,
  UnitReport,
  UnitReportList,
  UnitYearParams,
  YearQuery,
} from './schemas.js';
import {
  deadlinesView,
  getTemplate,
  reopenReport,
  reportStatus,
  resetTemplate,
  saveReport,
  saveTemplate,
  setDeadlines,
  submitReport,
  summaryDocx,
  unitReport,
  unitReportDocx,
  unitReportList,
} from './service.js';
import { ReportBody } from './schemas.js';
import { PLACEHOLDERS } from './template.js';

const Saved = z.object({ version: z.number().int(), submittedAt: z.string().nullable() });
const UNIT_STAFF = ['unit_officer', 'unit_leader'] as const;
const READERS = ['admin', 'appraiser', 'council', 'viewer'] as const;

/** Periodic reports (docs/periodic-reports.md): due dates, the template, each unit's report, status and summary. */
export async function periodicReportRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;
  const tags = ['periodic reports'];
  const today = () => localDateOf(clock().getTime());
  const templateResponse = (view: TemplateView, actor: Actor): TemplateResponse => ({
    ...view,
    placeholders: PLACEHOLDERS,
    can: { edit: canEditTemplate(actor) },
  });
  const saved = (row: { version: number; submittedAt: Date | null }) => ({ version: row.version, submittedAt: row.submittedAt?.toISOString() ?? null });

  app.get(
    '/api/v1/reports/deadlines',
    {
      config: { access: access.roles(ALL_ROLES, 'province') },
      schema: { tags, summary: 'The periods whose report is due in a year, and when', querystring: YearQuery, response: { 200: Deadlines } },
    },
    async (request) => deadlinesView(db, actorFromSession(request.session), request.query.year),
  );

  app.put(
    '/api/v1/reports/deadlines',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Replace the year’s due dates (a period left out is not asked for); audited',
        querystring: YearQuery,
        body: DeadlinesBody,
        response: { 200: Deadlines },
      },
    },
    async (request) => {
      const actor = actorFromSession(request.session);
      await setDeadlines(db, actor, request.query.year, request.body);
      return deadlinesView(db, actor, request.query.year);
    },
  );

  app.get(
    '/api/v1/reports/template',
    {
      config: { access: access.roles(ALL_ROLES, 'province') },
      schema: {
        tags,
        summary: 'The report template (the built-in one until the organizer saves one) and its placeholders',
        response: { 200: TemplateResponse },
      },
    },
    async (request, reply) => withEtag(reply, templateResponse(await getTemplate(db), actorFromSession(request.session))),
  );

  app.put(
    '/api/v1/reports/template',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Save the report template; unknown placeholders are refused naming the field; If-Match its version',
        body: ReportTemplate,
        response: { 200: TemplateResponse },
      },
    },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      return withEtag(reply, templateResponse(await saveTemplate(db, actor, request.body, ifMatch(request.headers)), actor));
    },
  );

  app.delete(
    '/api/v1/reports/template',
    { config: { access: access.admin }, schema: { tags, summary: 'Back to the built-in report template', response: { 200: TemplateResponse } } },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      return withEtag(reply, templateResponse(await resetTemplate(db, actor, ifMatch(request.headers)), actor));
    },
  );

  app.get(
    '/api/v1/reports/status',
    {
      config: { access: access.roles(READERS, 'province'), reads: 'replica' },
      schema: { tags, summary: 'Each unit’s report of a period: on time, late or not submitted', querystring: StatusQuery, response: { 200: ReportStatus } },
    },
    async (request) => reportStatus(request.readDb, request.query.year, request.query.period),
  );

  app.get(
    '/api/v1/reports/summary.docx',
    {
      config: { access: access.roles(READERS, 'province'), reads: 'replica' },
      schema: {
        tags,
        summary: 'The province summary of a period as DOCX: figures per unit, then each section with the submitted units’ texts',
        querystring: StatusQuery,
        response: fileResponse('The summary', 'docx'),
      },
    },
    async (request, reply) => {
      const { year, period } = request.query;
      return sendDownload(reply, `tong-hop-bao-cao-${period}-${year}.docx`, DOCX_CONTENT_TYPE, await summaryDocx(request.readDb, year, period, today()));
    },
  );

  app.get(
    '/api/v1/reports/:unitCode/:year',
    {
      config: { access: access.roles(ALL_ROLES) },
      schema: {
        tags,
        summary: 'A unit’s reports of a year: each period due, its due date and state',
        params: UnitYearParams,
        response: { 200: UnitReportList },
      },
    },
    async (request) => unitReportList(db, actorFromSession(request.session), request.params.unitCode, request.params.year, today()),
  );

  app.get(
    '/api/v1/reports/:unitCode/:year/:period',
    {
      config: { access: access.roles(ALL_ROLES) },
      schema: {
        tags,
        summary: 'A unit’s report of a period: its texts, state and the figures assembled as of the period’s end (a draft: its unit and the organizer only)',
        params: ReportParams,
        response: { 200: UnitReport },
      },
    },
    async (request, reply) => withEtag(reply, await unitReport(db, actorFromSession(request.session), request.params, today())),
  );

  app.put(
    '/api/v1/reports/:unitCode/:year/:period',
    {
      config: { access: access.roles(UNIT_STAFF) },
      schema: {
        tags,
        summary: 'Save the unit’s texts and document number (its staff only; locked once submitted); If-Match its version',
        params: ReportParams,
        body: ReportBody,
        response: { 200: Saved },
      },
    },
    async (request, reply) => {
      const row = await saveReport(db, actorFromSession(request.session), request.params, request.body, ifMatch(request.headers));
      return withEtag(reply, saved(row));
    },
  );

  app.post(
    '/api/v1/reports/:unitCode/:year/:period/submit',
    {
      config: { access: access.roles(UNIT_STAFF) },
      schema: { tags, summary: 'Submit the report: records when and by whom, and locks it', params: ReportParams, response: { 200: Saved } },
    },
    async (request, reply) => {
      const row = await submitReport(db, actorFromSession(request.session), request.params, clock(), ifMatch(request.headers));
      return withEtag(reply, saved(row));
    },
  );

  app.post(
    '/api/v1/reports/:unitCode/:year/:period/reopen',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'Reopen a submitted report so that its unit can edit it again; audited', params: ReportParams, response: { 200: Saved } },
    },
    async (request, reply) => {
      const row = await reopenReport(db, actorFromSession(request.session), request.params, ifMatch(request.headers));
      return withEtag(reply, saved(row));
    },
  );

  app.get(
    '/api/v1/reports/:unitCode/:year/:period/report.docx',
    {
      config: { access: access.roles(ALL_ROLES) },
      schema: { tags, summary: 'The unit’s report as DOCX from the current template', params: ReportParams, response: fileResponse('The report', 'docx') },
    },
    async (request, reply) => {
      const { unitCode, year, period } = request.params;
      const file = await unitReportDocx(db, actorFromSession(request.session), request.params, today());
      return sendDownload(reply, `bao-cao-cchc-${unitCode.toUpperCase()}-${period}-${year}.docx`, DOCX_CONTENT_TYPE, file);
    },
  );
}
