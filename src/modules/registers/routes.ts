import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, noContent, sendDownload } from '../../http/download.js';
import { ifMatch } from '../../http/if-match.js';
import { actorFromSession } from '../../http/request-context.js';
import { readUploadedFile } from '../../http/upload.js';
import { CONTENT_TYPES } from '../../io/tabular.js';
import {
  EntryIdParam,
  RegisterEntryBody,
  RegisterEntryPatch,
  RegisterExportQuery,
  RegisterImportQuery,
  RegisterImportResult,
  RegisterList,
  RegistersQuery,
  Saved,
} from './schemas.js';
import { createEntry, deleteEntry, exportRegister, importRegister, listRegisters, updateEntry } from './service.js';

const EDITORS = ['admin', 'unit_officer', 'unit_leader'] as const;

/** The registers units report on (docs/registers.md). Unit staff work on their own unit's entries; the organizer on all. */
export async function registerRoutes(app: App, { database }: AppDeps) {
  const { db } = database;
  const tags = ['registers'];

  app.get(
    '/api/v1/registers',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'A year’s register entries of a unit (unit staff: their own) or of every unit, with the entries per register and the register counts',
        querystring: RegistersQuery,
        response: { 200: RegisterList },
      },
    },
    async (request) => {
      const { year, unit, register } = request.query;
      return listRegisters(db, actorFromSession(request.session), year, unit ?? null, register);
    },
  );

  app.post(
    '/api/v1/registers',
    {
      config: { access: access.roles(EDITORS) },
      schema: { tags, summary: 'Add an entry to a unit’s register of a year', body: RegisterEntryBody, response: { 201: Saved } },
    },
    async (request, reply) => {
      const entry = await createEntry(db, actorFromSession(request.session), request.body);
      return reply.code(201).send({ id: entry.id, version: entry.version });
    },
  );

  app.patch(
    '/api/v1/registers/:id',
    {
      config: { access: access.roles(EDITORS) },
      schema: {
        tags,
        summary: 'Edit an entry (code, title, date, fields: all of the register’s when `data` is given); If-Match its version',
        params: EntryIdParam,
        body: RegisterEntryPatch,
        response: { 200: Saved },
      },
    },
    async (request) => {
      const entry = await updateEntry(db, actorFromSession(request.session), request.params.id, request.body, ifMatch(request.headers));
      return { id: entry.id, version: entry.version };
    },
  );

  app.delete(
    '/api/v1/registers/:id',
    {
      config: { access: access.roles(EDITORS) },
      schema: { tags, summary: 'Delete an entry', params: EntryIdParam, response: noContent },
    },
    async (request, reply) => {
      await deleteEntry(db, actorFromSession(request.session), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/registers/import',
    {
      config: { access: access.roles(EDITORS) },
      schema: {
        tags,
        summary: 'Import a register from CSV/XLSX unit_code,code,title,date,<the register’s fields> (all or nothing; keyed by unit, register and code)',
        querystring: RegisterImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: RegisterImportResult },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importRegister(db, actorFromSession(request.session), request.query.year, request.query.register, buffer);
    },
  );

  app.get(
    '/api/v1/registers/export',
    {
      config: { access: access.anyRole, reads: 'replica' },
      schema: {
        tags,
        summary: 'A register’s entries of a year as the file the import reads (unit staff: their own unit’s)',
        querystring: RegisterExportQuery,
        response: fileResponse('The register: CSV or XLSX', 'csv', 'xlsx'),
      },
    },
    async (request, reply) => {
      const { year, register, format, unit } = request.query;
      const file = await exportRegister(request.readDb, actorFromSession(request.session), year, register, format, unit);
      return sendDownload(reply, `${register}-${year}.${format}`, CONTENT_TYPES[format], file);
    },
  );
}
