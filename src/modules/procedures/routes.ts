import { z } from 'zod';
import { ifMatch, withEtag } from '../../http/if-match.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { sendDownload } from '../../http/download.js';
import { actorFromSession } from '../../http/request-context.js';
import { Code, TableFormatSchema } from '../../http/schemas.js';
import { readUploadedFile } from '../../http/upload.js';
import { CONTENT_TYPES } from '../../io/tabular.js';
import { MAX_FIELD_LENGTH, NewProcedureBody, Online, ProcedureCode, ProcedurePatchBody } from './schemas.js';
import {
  createProcedure,
  deleteProcedure,
  exportProcedures,
  getProcedure,
  importProcedures,
  listProcedures,
  PUBLIC_READER,
  procedureFacets,
  procedureStatistics,
  readerOf,
  statisticsTable,
  updateProcedure,
} from './service.js';

const CodeParam = z.object({ code: ProcedureCode });
const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

const ProcedureSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  field: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  legalDays: z.number(),
  internalDays: z.number(),
  onlineLevel: Online,
  fee: z.number().nullable(),
  published: z.boolean(),
  updatedAt: z.string(),
  version: z.number().int().describe('The ETag; send it back in If-Match when changing the procedure'),
});
const PublicProcedureSchema = ProcedureSchema.omit({ id: true, published: true, updatedAt: true, version: true });

const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
const Search = z.string().max(200).optional();
const ListQuery = z.object({
  q: Search,
  unit: Code.optional(),
  field: z.string().max(MAX_FIELD_LENGTH).optional(),
  online: Online.optional(),
  published: BoolQuery.optional(),
  ...Paging,
});
const PageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number(), limit: z.number(), offset: z.number() });
const Facets = z.object({ units: z.array(z.object({ code: z.string(), name: z.string() })), fields: z.array(z.string()) });

const StatsSchema = z.object({
  total: z.number(),
  published: z.number(),
  full: z.number(),
  partial: z.number(),
  none: z.number(),
  fullSharePercent: z.number().nullable(),
  withLegalLimit: z.number(),
  cut: z.number(),
  averageCutPercent: z.number().nullable(),
  cutAtLeast30: z.number(),
  cutAtLeast30SharePercent: z.number().nullable(),
});

export async function procedureRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const tags = ['procedures'];

  app.get(
    '/api/v1/procedures',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary:
          'The procedure catalogue (thủ tục hành chính), paged; q searches code, name and field ignoring diacritics. Unpublished procedures: the admin sees all, unit staff their own unit’s',
        querystring: ListQuery,
        response: { 200: PageOf(ProcedureSchema) },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      return listProcedures(db, readerOf(actorFromSession(request.session)), filter, { limit, offset });
    },
  );

  app.get(
    '/api/v1/procedures/facets',
    { config: { access: access.anyRole }, schema: { tags, summary: 'Units and fields that have procedures (filter choices)', response: { 200: Facets } } },
    async (request) => procedureFacets(db, readerOf(actorFromSession(request.session))),
  );

  app.get(
    '/api/v1/procedures/stats',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary:
          'Per unit and for the province: procedures total and published; of the published ones fully / partly / not online, and the time cut against the legal limit (count, average %, cut by ≥ 30 %)',
        response: { 200: z.object({ units: z.array(StatsSchema.extend({ unitCode: z.string(), unitName: z.string() })), province: StatsSchema }) },
      },
    },
    async () => procedureStatistics(db),
  );

  app.get(
    '/api/v1/procedures/stats/export',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: 'The per-unit statistics as CSV or XLSX (a last row TOTAL for the province)', querystring: z.object({ format: TableFormatSchema.default('csv') }) },
    },
    async (request, reply) => {
      const file = await statisticsTable(db, request.query.format);
      return sendDownload(reply, `procedure-statistics.${request.query.format}`, CONTENT_TYPES[request.query.format], file);
    },
  );

  app.get(
    '/api/v1/procedures/export',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'The catalogue (or one unit’s) as CSV or XLSX in the import format, re-importable',
        querystring: z.object({ format: TableFormatSchema.default('csv'), unit: Code.optional() }),
      },
    },
    async (request, reply) => {
      const { format, unit } = request.query;
      const file = await exportProcedures(db, readerOf(actorFromSession(request.session)), { format, ...(unit ? { unit } : {}) });
      return sendDownload(reply, `procedures${unit ? `-${unit.toUpperCase()}` : ''}.${format}`, CONTENT_TYPES[format], file);
    },
  );

  app.post(
    '/api/v1/procedures/import',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Import procedures from CSV/XLSX code,name,field,unit_code,legal_days,internal_days,online_level,fee,published (all or nothing; updates by code)',
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ rows: z.number(), created: z.number(), updated: z.number(), unchanged: z.number() }) },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importProcedures(db, actorFromSession(request.session), buffer);
    },
  );

  app.get(
    '/api/v1/procedures/:code',
    { config: { access: access.anyRole }, schema: { tags, params: CodeParam, response: { 200: ProcedureSchema } } },
    async (request, reply) => withEtag(reply, await getProcedure(db, readerOf(actorFromSession(request.session)), request.params.code)),
  );

  app.post(
    '/api/v1/procedures',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Create a procedure; internalDays defaults to legalDays, published to true',
        body: NewProcedureBody,
        response: { 201: ProcedureSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createProcedure(db, actorFromSession(request.session), request.body)),
  );

  app.patch(
    '/api/v1/procedures/:code',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'Change a procedure (its code stays)', params: CodeParam, body: ProcedurePatchBody, response: { 200: ProcedureSchema } },
    },
    async (request, reply) => withEtag(reply, await updateProcedure(db, actorFromSession(request.session), request.params.code, request.body, ifMatch(request.headers))),
  );

  app.delete(
    '/api/v1/procedures/:code',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'Delete a procedure no dossier refers to (409 otherwise: unpublish it instead)', params: CodeParam },
    },
    async (request, reply) => {
      await deleteProcedure(db, actorFromSession(request.session), request.params.code);
      return reply.status(204).send();
    },
  );

  // Public, without signing in: the published catalogue only.
  const publicTags = ['public'];
  app.get(
    '/api/v1/public/procedures',
    {
      config: { access: access.public },
      schema: {
        tags: publicTags,
        summary: 'The published procedure catalogue; q searches code, name and field ignoring diacritics ("thuong mai" finds "thương mại")',
        querystring: z.object({ q: Search, unit: Code.optional(), field: z.string().max(MAX_FIELD_LENGTH).optional(), online: Online.optional(), ...Paging, limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: PageOf(PublicProcedureSchema) },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      const page = await listProcedures(db, PUBLIC_READER, filter, { limit, offset });
      return { ...page, items: page.items.map(({ id: _id, published: _p, updatedAt: _u, ...item }) => item) };
    },
  );

  app.get(
    '/api/v1/public/procedures/facets',
    { config: { access: access.public }, schema: { tags: publicTags, summary: 'Units and fields of the published catalogue', response: { 200: Facets } } },
    async () => procedureFacets(db, PUBLIC_READER),
  );

  app.get(
    '/api/v1/public/procedures/:code',
    { config: { access: access.public }, schema: { tags: publicTags, summary: 'One published procedure', params: CodeParam, response: { 200: PublicProcedureSchema } } },
    async (request) => {
      const { id: _id, published: _p, updatedAt: _u, ...item } = await getProcedure(db, PUBLIC_READER, request.params.code);
      return item;
    },
  );
}
