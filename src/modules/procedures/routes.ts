import { ifMatch, withEtag } from '../../http/if-match.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, noContent, sendDownload } from '../../http/download.js';
import { actorFromSession } from '../../http/request-context.js';
import { readUploadedFile } from '../../http/upload.js';
import { CONTENT_TYPES } from '../../io/tabular.js';
import { procedureReader, proceduresCan, PUBLIC_READER } from './policies.js';
import {
  NewProcedureBody,
  Procedure,
  ProcedureCodeParam,
  ProcedureExportQuery,
  ProcedureFacets,
  ProcedureImportResult,
  ProcedureListQuery,
  ProcedurePageResponse,
  ProcedurePatchBody,
  ProcedureStatistics,
  ProcedureStatsExportQuery,
  PublicProcedure,
  PublicProcedureListQuery,
  PublicProcedurePage,
} from './schemas.js';
import {
  createProcedure,
  deleteProcedure,
  exportProcedures,
  getProcedure,
  importProcedures,
  listProcedures,
  procedureFacets,
  procedureStatistics,
  statisticsTable,
  updateProcedure,
} from './service.js';

/** A procedure as the public catalogue shows it: without its id, publication state, time of change and version. */
const publicView = ({ id: _id, published: _p, updatedAt: _u, version: _v, ...item }: Procedure): PublicProcedure => item;

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
        querystring: ProcedureListQuery,
        response: { 200: ProcedurePageResponse },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      const actor = actorFromSession(request.session);
      return { ...(await listProcedures(db, procedureReader(actor), filter, { limit, offset })), can: proceduresCan(actor) };
    },
  );

  app.get(
    '/api/v1/procedures/facets',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: 'Units and fields that have procedures (filter choices)', response: { 200: ProcedureFacets } },
    },
    async (request) => procedureFacets(db, procedureReader(actorFromSession(request.session))),
  );

  app.get(
    '/api/v1/procedures/stats',
    {
      config: { access: access.anyRole, reads: 'replica' },
      schema: {
        tags,
        summary:
          'Per unit and for the province: procedures total and published; of the published ones fully / partly / not online, and the time cut against the legal limit (count, average %, cut by ≥ 30 %)',
        response: { 200: ProcedureStatistics },
      },
    },
    async (request) => procedureStatistics(request.readDb),
  );

  app.get(
    '/api/v1/procedures/stats/export',
    {
      config: { access: access.anyRole, reads: 'replica' },
      schema: {
        tags,
        summary: 'The per-unit statistics as CSV or XLSX (a last row TOTAL for the province)',
        querystring: ProcedureStatsExportQuery,
        response: fileResponse('The statistics file', 'csv', 'xlsx'),
      },
    },
    async (request, reply) => {
      const file = await statisticsTable(request.readDb, request.query.format);
      return sendDownload(reply, `procedure-statistics.${request.query.format}`, CONTENT_TYPES[request.query.format], file);
    },
  );

  app.get(
    '/api/v1/procedures/export',
    {
      config: { access: access.anyRole, reads: 'replica' },
      schema: {
        tags,
        summary: 'The catalogue (or one unit’s) as CSV or XLSX in the import format, re-importable',
        querystring: ProcedureExportQuery,
        response: fileResponse('The procedures file', 'csv', 'xlsx'),
      },
    },
    async (request, reply) => {
      const { format, unit } = request.query;
      const file = await exportProcedures(request.readDb, procedureReader(actorFromSession(request.session)), { format, ...(unit ? { unit } : {}) });
      return sendDownload(reply, `procedures${unit ? `-${unit.toUpperCase()}` : ''}.${format}`, CONTENT_TYPES[format], file);
    },
  );

  app.post(
    '/api/v1/procedures/import',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary:
          'Import procedures from CSV/XLSX code,name,field,unit_code,legal_days,internal_days,online_level,fee,published (all or nothing; updates by code)',
        consumes: ['multipart/form-data'],
        response: { 200: ProcedureImportResult },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importProcedures(db, actorFromSession(request.session), buffer);
    },
  );

  app.get(
    '/api/v1/procedures/:code',
    { config: { access: access.anyRole }, schema: { tags, params: ProcedureCodeParam, response: { 200: Procedure } } },
    async (request, reply) => withEtag(reply, await getProcedure(db, procedureReader(actorFromSession(request.session)), request.params.code)),
  );

  app.post(
    '/api/v1/procedures',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Create a procedure; internalDays defaults to legalDays, published to true',
        body: NewProcedureBody,
        response: { 201: Procedure },
      },
    },
    async (request, reply) => reply.status(201).send(await createProcedure(db, actorFromSession(request.session), request.body)),
  );

  app.patch(
    '/api/v1/procedures/:code',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'Change a procedure (its code stays)', params: ProcedureCodeParam, body: ProcedurePatchBody, response: { 200: Procedure } },
    },
    async (request, reply) =>
      withEtag(reply, await updateProcedure(db, actorFromSession(request.session), request.params.code, request.body, ifMatch(request.headers))),
  );

  app.delete(
    '/api/v1/procedures/:code',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Delete a procedure no dossier refers to (409 otherwise: unpublish it instead)',
        params: ProcedureCodeParam,
        response: noContent,
      },
    },
    async (request, reply) => {
      await deleteProcedure(db, actorFromSession(request.session), request.params.code);
      return reply.status(204).send(null);
    },
  );

  // Public, without signing in: the published catalogue only.
  const publicTags = ['public'];
  app.get(
    '/api/v1/public/procedures',
    {
      config: { access: access.public, reads: 'replica' },
      schema: {
        tags: publicTags,
        summary: 'The published procedure catalogue; q searches code, name and field ignoring diacritics ("thuong mai" finds "thương mại")',
        querystring: PublicProcedureListQuery,
        response: { 200: PublicProcedurePage },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query;
      const page = await listProcedures(request.readDb, PUBLIC_READER, filter, { limit, offset });
      return { ...page, items: page.items.map(publicView) };
    },
  );

  app.get(
    '/api/v1/public/procedures/facets',
    {
      config: { access: access.public, reads: 'replica' },
      schema: { tags: publicTags, summary: 'Units and fields of the published catalogue', response: { 200: ProcedureFacets } },
    },
    async (request) => procedureFacets(request.readDb, PUBLIC_READER),
  );

  app.get(
    '/api/v1/public/procedures/:code',
    {
      config: { access: access.public, reads: 'replica' },
      schema: { tags: publicTags, summary: 'One published procedure', params: ProcedureCodeParam, response: { 200: PublicProcedure } },
    },
    async (request) => publicView(await getProcedure(request.readDb, PUBLIC_READER, request.params.code)),
  );
}
