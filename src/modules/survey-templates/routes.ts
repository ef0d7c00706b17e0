import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, MEDIA_TYPES, noContent, sendDownload } from '../../http/download.js';
import { ifMatch, withEtag } from '../../http/if-match.js';
import { actorFromSession } from '../../http/request-context.js';
import { readUploadedFile } from '../../http/upload.js';
import { SurveyTemplateContent } from '../surveys/schemas.js';
import { TemplateCodeParam, TemplateDetail, TemplateExportQuery, TemplateImportResult, TemplateList } from './schemas.js';
import { createTemplate, deleteTemplate, exportTemplate, getTemplate, importTemplate, listTemplates, replaceTemplate } from './service.js';

export async function surveyTemplateRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const tags = ['surveys'];

  app.get(
    '/api/v1/surveys/templates',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: 'Survey templates (mẫu phiếu): code, name, kind, number of questions, version', response: { 200: TemplateList } },
    },
    async (request) => listTemplates(db, actorFromSession(request.session)),
  );

  app.post(
    '/api/v1/surveys/templates/import',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary:
          'Import a template file (JSON, or XLSX with sheets template, questions, options): a new code is created, an existing one replaced; all or nothing, every problem named by row and column',
        consumes: ['multipart/form-data'],
        response: { 200: TemplateImportResult },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importTemplate(db, actorFromSession(request.session), buffer);
    },
  );

  app.get(
    '/api/v1/surveys/templates/:code',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'One template: its content (the file shape), version, the campaigns opened from it',
        params: TemplateCodeParam,
        response: { 200: TemplateDetail },
      },
    },
    async (request, reply) => withEtag(reply, await getTemplate(db, actorFromSession(request.session), request.params.code)),
  );

  app.get(
    '/api/v1/surveys/templates/:code/export',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'The template as a JSON or XLSX file that imports back to the same content',
        params: TemplateCodeParam,
        querystring: TemplateExportQuery,
        response: fileResponse('The template file', 'json', 'xlsx'),
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const file = await exportTemplate(db, request.params.code, format);
      return sendDownload(
        reply,
        `survey-template-${request.params.code}.${format}`,
        format === 'json' ? 'application/json; charset=utf-8' : MEDIA_TYPES.xlsx,
        file,
      );
    },
  );

  app.post(
    '/api/v1/surveys/templates',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'Create a template from its content', body: SurveyTemplateContent, response: { 201: TemplateDetail } },
    },
    async (request, reply) => {
      const created = await createTemplate(db, actorFromSession(request.session), request.body);
      return reply.status(201).header('ETag', `"${created.version}"`).send(created);
    },
  );

  app.put(
    '/api/v1/surveys/templates/:code',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: "Replace a template's content (its code stays); If-Match: the version read. Running campaigns keep their own copy",
        params: TemplateCodeParam,
        body: SurveyTemplateContent,
        response: { 200: TemplateDetail },
      },
    },
    async (request, reply) =>
      withEtag(reply, await replaceTemplate(db, actorFromSession(request.session), request.params.code, request.body, ifMatch(request.headers))),
  );

  app.delete(
    '/api/v1/surveys/templates/:code',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'Delete a template no campaign was opened from (409 otherwise)', params: TemplateCodeParam, response: noContent },
    },
    async (request, reply) => {
      await deleteTemplate(db, actorFromSession(request.session), request.params.code);
      return reply.status(204).send(null);
    },
  );
}
