import { z } from 'zod';
import { ifMatch, withEtag } from '../../http/if-match.js';
import { UNIT_STATUSES } from '../../db/schema.js';
import { localYear } from '../../domain/local-time.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { actorFromSession } from '../../http/request-context.js';
import { Code, CodeParam, TableFormatSchema, Year } from '../../http/schemas.js';
import { sendDownload } from '../../http/download.js';
import { readUploadedFile } from '../../http/upload.js';
import { CONTENT_TYPES } from '../../io/tabular.js';
import { MergeUnitsBody, NewUnitBody, SplitUnitBody, UnitMembershipBody, UnitPatchBody } from './schemas.js';
import {
  createUnit,
  exportUnits,
  getUnitDetail,
  importUnits,
  listUnits,
  mergeUnits,
  removeMembership,
  splitUnit,
  updateUnit,
} from './service.js';

const UnitSchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  blockCode: z.string().nullable(),
  blockName: z.string().nullable(),
  status: z.enum(UNIT_STATUSES),
  validFromYear: z.number().nullable(),
  validToYear: z.number().nullable(),
  version: z.number().int().describe('The ETag; send it back in If-Match when changing the unit'),
});
const Link = z.object({ code: z.string(), kind: z.string(), year: z.number() });
const UnitDetailSchema = UnitSchema.extend({
  names: z.array(z.object({ fromYear: z.number(), name: z.string() })),
  memberships: z.array(z.object({ year: z.number(), blockCode: z.string() })),
  predecessors: z.array(Link),
  successors: z.array(Link),
  children: z.array(z.object({ code: z.string(), name: z.string() })),
});

export async function unitRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const thisYear = () => localYear(new Date());
  const tags = ['units'];
  const YearQuery = z.object({ year: Year.optional() });

  app.get(
    '/api/v1/units',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'Units (đơn vị); q ignores Vietnamese diacritics; block membership is that of `year`',
        querystring: z.object({
          q: z.string().max(200).optional(),
          block: Code.optional(),
          year: Year.optional(),
          status: z.enum(UNIT_STATUSES).optional(),
          parent: Code.optional(),
        }),
        response: { 200: z.object({ items: z.array(UnitSchema), year: z.number() }) },
      },
    },
    async (request) => {
      const year = request.query.year ?? thisYear();
      return { items: await listUnits(db, { ...request.query, year }), year };
    },
  );

  app.get(
    '/api/v1/units/export',
    {
      config: { access: access.anyRole },
      schema: { tags, summary: 'Units of a year as CSV or XLSX (code,name,block,parent_code), re-importable', querystring: z.object({ format: TableFormatSchema.default('csv'), year: Year.optional() }) },
    },
    async (request, reply) => {
      const year = request.query.year ?? thisYear();
      const file = await exportUnits(db, year, request.query.format);
      return sendDownload(reply, `units-${year}.${request.query.format}`, CONTENT_TYPES[request.query.format], file);
    },
  );

  app.get(
    '/api/v1/units/:code',
    { config: { access: access.anyRole }, schema: { tags, params: CodeParam, querystring: YearQuery, response: { 200: UnitDetailSchema } } },
    async (request, reply) => withEtag(reply, await getUnitDetail(db, request.params.code, request.query.year ?? thisYear())),
  );

  app.post(
    '/api/v1/units',
    {
      config: { access: access.admin },
      schema: { tags, body: NewUnitBody, response: { 201: UnitDetailSchema } },
    },
    async (request, reply) => {
      const unit = await createUnit(db, actorFromSession(request.session), { ...request.body, year: request.body.year ?? thisYear() });
      return reply.status(201).send(unit);
    },
  );

  app.patch(
    '/api/v1/units/:code',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Rename (from `year` on), move in the tree, or set the block of `year`',
        params: CodeParam,
        body: UnitPatchBody,
        response: { 200: UnitDetailSchema },
      },
    },
    async (request, reply) =>
      withEtag(reply, await updateUnit(db, actorFromSession(request.session), request.params.code, { ...request.body, year: request.body.year ?? thisYear() }, ifMatch(request.headers))),
  );

  app.put(
    '/api/v1/units/:code/memberships/:year',
    {
      config: { access: access.admin },
      schema: { tags, summary: "Set the unit's block for a year", params: CodeParam.extend({ year: Year }), body: UnitMembershipBody, response: { 200: UnitDetailSchema } },
    },
    async (request) =>
      updateUnit(db, actorFromSession(request.session), request.params.code, { blockCode: request.body.blockCode, year: request.params.year }),
  );

  app.delete(
    '/api/v1/units/:code/memberships/:year',
    { config: { access: access.admin }, schema: { tags, params: CodeParam.extend({ year: Year }), response: { 200: UnitDetailSchema } } },
    async (request) => removeMembership(db, actorFromSession(request.session), request.params.code, request.params.year),
  );

  app.post(
    '/api/v1/units/merge',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Merge units into a new or existing unit from `year`; past years stay with the old units',
        body: MergeUnitsBody,
        response: { 201: UnitDetailSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await mergeUnits(db, actorFromSession(request.session), request.body)),
  );

  app.post(
    '/api/v1/units/:code/split',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Split a unit into new units from `year`',
        params: CodeParam,
        body: SplitUnitBody,
        response: { 201: z.object({ items: z.array(UnitDetailSchema) }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ items: await splitUnit(db, actorFromSession(request.session), request.params.code, request.body) }),
  );

  app.post(
    '/api/v1/units/import',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Import units from CSV/XLSX with columns code,name,block,parent_code for a year (all or nothing)',
        consumes: ['multipart/form-data'],
        querystring: YearQuery,
        response: { 200: z.object({ created: z.number(), updated: z.number(), blocksCreated: z.number() }) },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importUnits(db, actorFromSession(request.session), buffer, request.query.year ?? thisYear());
    },
  );
}
