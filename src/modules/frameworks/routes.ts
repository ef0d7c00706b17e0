import { z } from 'zod';
import { ifMatch, withEtag } from '../../http/if-match.js';
import { METHODS } from '../../domain/framework.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { actorFromSession } from '../../http/request-context.js';
import { Code, IdParam, Name, Year } from '../../http/schemas.js';
import { readUploadedFile } from '../../http/upload.js';
import { FRAMEWORK_CONTENT_TYPES, FRAMEWORK_FORMATS } from './file-format.js';
import { CheckBody, ClassBandSchema, CloneBody, ContentBody, NewFrameworkBody, RevisionBody } from './schemas.js';
import {
  checkFrameworkContent,
  classesFromInput,
  cloneFramework,
  contentFromInput,
  criteriaFromInput,
  type CriterionNode,
  createFramework,
  createRevision,
  deleteFramework,
  exportFramework,
  getFramework,
  importFramework,
  listFrameworks,
  replaceFramework,
} from './service.js';
import { sendDownload } from '../../http/download.js';


const FrameworkSummarySchema = z.object({
  id: z.number(),
  year: z.number(),
  blockCode: z.string(),
  blockName: z.string(),
  revision: z.number(),
  name: z.string(),
  classes: z.array(ClassBandSchema),
  criterionCount: z.number(),
  totalMax: z.number(),
  inUse: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().describe('The ETag; the editor sends it back in If-Match'),
});

const CriterionFields = z.object({
  id: z.number(),
  code: z.string(),
  parentCode: z.string().nullable(),
  position: z.number(),
  title: z.string(),
  maxPoints: z.number(),
  method: z.enum(METHODS),
  evidenceRequired: z.boolean(),
  appraiser: z.string().nullable(),
  effectiveAppraiser: z.string().nullable(),
  guidance: z.string().nullable(),
  formula: z.string().nullable(),
  leaf: z.boolean(),
});

/**
 * The tree's schema, spelled out level by level: a recursive zod schema leaves a dangling `$ref` in the OpenAPI
 * document (fastify-type-provider-zod drops the shared definitions of cycles). Levels below TREE_LEVELS still arrive,
 * only untyped in the document; real frameworks have three or four.
 */
const TREE_LEVELS = 6;
function criterionNodeSchema(levels: number): z.ZodType<CriterionNode> {
  return CriterionFields.extend({ children: z.array(levels > 1 ? criterionNodeSchema(levels - 1) : z.any()) });
}
const CriterionNodeSchema = criterionNodeSchema(TREE_LEVELS);

const FrameworkDetailSchema = FrameworkSummarySchema.extend({ criteria: z.array(CriterionNodeSchema) });

const FormatSchema = z.enum(FRAMEWORK_FORMATS);

/** A rule's issue: the body path, the reason (errors.<code> in the web) with its parameters, the English text. */
const IssueSchema = z.object({
  path: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  message: z.string(),
});

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
        querystring: z.object({ year: Year.optional(), block: Code.optional() }),
        response: { 200: z.object({ items: z.array(FrameworkSummarySchema) }) },
      },
    },
    async (request) => ({ items: await listFrameworks(db, request.query) }),
  );

  app.get(
    '/api/v1/frameworks/:id',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: 'A framework with its criteria as a tree (from the dotted codes)', params: IdParam, response: { 200: FrameworkDetailSchema } },
    },
    async (request, reply) => withEtag(reply, await getFramework(db, request.params.id)),
  );

  app.post(
    '/api/v1/frameworks',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Create the next revision of a year and block from a full definition',
        body: NewFrameworkBody,
        response: { 201: FrameworkDetailSchema },
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
        response: { 200: FrameworkDetailSchema },
      },
    },
    async (request, reply) => withEtag(reply, await replaceFramework(db, actorFromSession(request.session), request.params.id, contentFromInput(request.body), ifMatch(request.headers))),
  );

  app.post(
    '/api/v1/frameworks/check',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Check name, classes and criteria against the framework rules without saving; every issue by body path (criteria.3.maxPoints)',
        body: CheckBody,
        response: { 200: z.object({ issues: z.array(IssueSchema) }) },
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
        response: { 201: FrameworkDetailSchema },
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
        summary: "Copy a framework to another year (and block): revision 1 there, or the next revision; the name defaults to the source's with its year replaced",
        params: IdParam,
        body: CloneBody,
        response: { 201: FrameworkDetailSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await cloneFramework(db, actorFromSession(request.session), request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/frameworks/:id',
    { config: { access: access.admin }, schema: { tags, summary: 'Delete a framework no round uses (409 when in use)', params: IdParam } },
    async (request, reply) => {
      await deleteFramework(db, actorFromSession(request.session), request.params.id);
      return reply.status(204).send();
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
        querystring: z.object({ year: Year.optional(), block: Code.optional(), format: FormatSchema.optional(), name: Name.optional() }),
        response: { 201: z.object({ framework: FrameworkSummarySchema, classesSource: z.enum(['file', 'previous_revision', 'default']) }) },
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
      schema: { tags, summary: 'A framework as a JSON, CSV or XLSX file that imports back unchanged', params: IdParam, querystring: z.object({ format: FormatSchema.default('json') }) },
    },
    async (request, reply) => {
      const { buffer, filename } = await exportFramework(db, request.params.id, request.query.format);
      return sendDownload(reply, filename, FRAMEWORK_CONTENT_TYPES[request.query.format], buffer);
    },
  );
}
