import { localYear } from '../../domain/local-time.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, sendDownload } from '../../http/download.js';
import { ifMatch, withEtag } from '../../http/if-match.js';
import { actorFromSession } from '../../http/request-context.js';
import { CodeParam } from '../../http/schemas.js';
import { readUploadedFile } from '../../http/upload.js';
import { CONTENT_TYPES } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { unitCan, unitsCan } from './policies.js';
import {
  MergeUnitsBody,
  NewUnitBody,
  SplitResult,
  SplitUnitBody,
  UnitDetailResponse,
  UnitExportQuery,
  UnitImportResult,
  UnitList,
  UnitListQuery,
  UnitMembershipBody,
  UnitPatchBody,
  UnitYearParams,
  UnitYearQuery,
  type UnitDetail,
} from './schemas.js';
import { createUnit, exportUnits, getUnitDetail, importUnits, listUnits, mergeUnits, removeMembership, splitUnit, updateUnit } from './service.js';

/** A unit's detail with what the caller may do with it. */
const withCan = (actor: Actor, unit: UnitDetail): UnitDetailResponse => ({ ...unit, can: unitCan(actor, unit) });

export async function unitRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const thisYear = () => localYear(new Date());
  const tags = ['units'];

  app.get(
    '/api/v1/units',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'Units (đơn vị); q ignores Vietnamese diacritics; block membership is that of `year`',
        querystring: UnitListQuery,
        response: { 200: UnitList },
      },
    },
    async (request) => {
      const year = request.query.year ?? thisYear();
      return { items: await listUnits(db, { ...request.query, year }), year, can: unitsCan(actorFromSession(request.session)) };
    },
  );

  app.get(
    '/api/v1/units/export',
    {
      config: { access: access.anyRole, reads: 'replica' },
      schema: {
        tags,
        summary: 'Units of a year as CSV or XLSX (code,name,block,parent_code), re-importable',
        querystring: UnitExportQuery,
        response: fileResponse('The units file', 'csv', 'xlsx'),
      },
    },
    async (request, reply) => {
      const year = request.query.year ?? thisYear();
      const file = await exportUnits(request.readDb, year, request.query.format);
      return sendDownload(reply, `units-${year}.${request.query.format}`, CONTENT_TYPES[request.query.format], file);
    },
  );

  app.get(
    '/api/v1/units/:code',
    { config: { access: access.anyRole }, schema: { tags, params: CodeParam, querystring: UnitYearQuery, response: { 200: UnitDetailResponse } } },
    async (request, reply) =>
      withEtag(reply, withCan(actorFromSession(request.session), await getUnitDetail(db, request.params.code, request.query.year ?? thisYear()))),
  );

  app.post(
    '/api/v1/units',
    {
      config: { access: access.admin },
      schema: { tags, body: NewUnitBody, response: { 201: UnitDetailResponse } },
    },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      const unit = await createUnit(db, actor, { ...request.body, year: request.body.year ?? thisYear() });
      return reply.status(201).send(withCan(actor, unit));
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
        response: { 200: UnitDetailResponse },
      },
    },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      const patch = { ...request.body, year: request.body.year ?? thisYear() };
      return withEtag(reply, withCan(actor, await updateUnit(db, actor, request.params.code, patch, ifMatch(request.headers))));
    },
  );

  app.put(
    '/api/v1/units/:code/memberships/:year',
    {
      config: { access: access.admin },
      schema: { tags, summary: "Set the unit's block for a year", params: UnitYearParams, body: UnitMembershipBody, response: { 200: UnitDetailResponse } },
    },
    async (request) => {
      const actor = actorFromSession(request.session);
      return withCan(actor, await updateUnit(db, actor, request.params.code, { blockCode: request.body.blockCode, year: request.params.year }));
    },
  );

  app.delete(
    '/api/v1/units/:code/memberships/:year',
    { config: { access: access.admin }, schema: { tags, params: UnitYearParams, response: { 200: UnitDetailResponse } } },
    async (request) => {
      const actor = actorFromSession(request.session);
      return withCan(actor, await removeMembership(db, actor, request.params.code, request.params.year));
    },
  );

  app.post(
    '/api/v1/units/merge',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Merge units into a new or existing unit from `year`; past years stay with the old units',
        body: MergeUnitsBody,
        response: { 201: UnitDetailResponse },
      },
    },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      return reply.status(201).send(withCan(actor, await mergeUnits(db, actor, request.body)));
    },
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
        response: { 201: SplitResult },
      },
    },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      const parts = await splitUnit(db, actor, request.params.code, request.body);
      return reply.status(201).send({ items: parts.map((unit) => withCan(actor, unit)) });
    },
  );

  app.post(
    '/api/v1/units/import',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Import units from CSV/XLSX with columns code,name,block,parent_code for a year (all or nothing)',
        consumes: ['multipart/form-data'],
        querystring: UnitYearQuery,
        response: { 200: UnitImportResult },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importUnits(db, actorFromSession(request.session), buffer, request.query.year ?? thisYear());
    },
  );
}
