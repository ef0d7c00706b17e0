import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, noContent, sendDownload } from '../../http/download.js';
import { ifMatch, withEtag } from '../../http/if-match.js';
import { actorFromSession } from '../../http/request-context.js';
import { IdParam } from '../../http/schemas.js';
import { readUploadedFile } from '../../http/upload.js';
import { cloneFramework, createFramework, createRevision, deleteFramework, replaceFramework } from './commands.js';
import { checkFrameworkContent, classesFromInput, contentFromInput, criteriaFromInput } from './content.js';
import { FRAMEWORK_CONTENT_TYPES } from './file-write.js';
import { frameworkCan, frameworksCan } from './policies.js';
import {
  CheckBody,
  CheckResponse,
  CloneBody,
  ContentBody,
  ExportQuery,
  FrameworkDetail,
  FrameworkList,
  FrameworkListQuery,
  FrameworkView,
  ImportQuery,
  ImportResponse,
  NewFrameworkBody,
  RevisionBody,
} from './schemas.js';
import { getFramework, listFrameworks } from './service.js';
import { exportFramework, importFramework } from './transfer.js';

export async function frameworkRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const tags = ['frameworks'];

  app.get(
    '/api/v1/frameworks',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'Frameworks (bộ tiêu chí), every revision, newest year first',
        querystring: FrameworkListQuery,
        response: { 200: FrameworkList },
      },
    },
    async (request) => ({ items: await listFrameworks(db, request.query), can: frameworksCan(actorFromSession(request.session)) }),
  );

  app.get(
    '/api/v1/frameworks/:id',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'A framework with its criteria as a tree (from the dotted codes), and what the caller may do with it',
        params: IdParam,
        response: { 200: FrameworkView },
      },
    },
    async (request, reply) => {
      const framework = await getFramework(db, request.params.id);
      return withEtag(reply, { ...framework, can: frameworkCan(actorFromSession(request.session), framework) });
    },
  );

  app.post(
    '/api/v1/frameworks',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Create the next revision of a year and block from a full definition',
        body: NewFrameworkBody,
        response: { 201: FrameworkDetail },
      },
    },
    async (request, reply) => {
      const { year, blockCode, ...content } = request.body;
      const created = await createFramework(db, actorFromSession(request.session), { year, blockCode, content: contentFromInput(content) });
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/v1/frameworks/:id',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Replace name, classes and criteria of a framework no round uses (409 when in use)',
        params: IdParam,
        body: ContentBody,
        response: { 200: FrameworkDetail },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await replaceFramework(db, actorFromSession(request.session), request.params.id, contentFromInput(request.body), ifMatch(request.headers)),
      ),
  );

  app.post(
    '/api/v1/frameworks/check',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Check name, classes and criteria against the framework rules without saving; every issue by body path (criteria.3.maxPoints)',
        body: CheckBody,
        response: { 200: CheckResponse },
      },
    },
    async (request) => checkFrameworkContent(db, request.body),
  );

  app.post(
    '/api/v1/frameworks/:id/revisions',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'A new revision of the same year and block, copied from this one; any of name, classes, criteria replaces the copy',
        params: IdParam,
        body: RevisionBody,
        response: { 201: FrameworkDetail },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const created = await createRevision(db, actorFromSession(request.session), request.params.id, {
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.classes !== undefined ? { classes: classesFromInput(body.classes) } : {}),
        ...(body.criteria !== undefined ? { criteria: criteriaFromInput(body.criteria) } : {}),
      });
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/v1/frameworks/:id/clone',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary:
          "Copy a framework to another year (and block): revision 1 there, or the next revision; the name defaults to the source's with its year replaced",
        params: IdParam,
        body: CloneBody,
        response: { 201: FrameworkDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await cloneFramework(db, actorFromSession(request.session), request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/frameworks/:id',
    { config: { access: access.admin }, schema: { tags, summary: 'Delete a framework no round uses (409 when in use)', params: IdParam, response: noContent } },
    async (request, reply) => {
      await deleteFramework(db, actorFromSession(request.session), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/frameworks/import',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Import a framework file (JSON, CSV or XLSX) as the next revision of its year and block, all or nothing',
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: { 201: ImportResponse },
      },
    },
    async (request, reply) => {
      const { buffer } = await readUploadedFile(request);
      const result = await importFramework(db, actorFromSession(request.session), buffer, request.query);
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/api/v1/frameworks/:id/export',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'A framework as a JSON, CSV or XLSX file that imports back unchanged',
        params: IdParam,
        querystring: ExportQuery,
        response: fileResponse('The framework file', 'json', 'csv', 'xlsx'),
      },
    },
    async (request, reply) => {
      const { buffer, filename } = await exportFramework(db, request.params.id, request.query.format);
      return sendDownload(reply, filename, FRAMEWORK_CONTENT_TYPES[request.query.format], buffer);
    },
  );
}
