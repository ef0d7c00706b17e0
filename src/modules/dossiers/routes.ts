/**
 * Dossier import over HTTP (issue 4): a CSV/XLSX upload streamed into the import, the record of import runs
 * (progress while a file is read), the JSON batch push of machine clients, and the machine tokens.
 * The import itself (validation, staging, merge, rollups) is import.ts; see docs/dossiers.md.
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { ERROR_STATUS, failWith } from '../../errors.js';
import { reasons as ioReasons } from '../../io/reasons.js';
import { IdParam } from '../../http/schemas.js';
import { FILE_FIELD, receiveFile } from '../../http/upload.js';
import { actorFromSession } from '../../http/request-context.js';
import type { Actor } from '../auth/actor.js';
import { importDossierFile, importDossierRecords } from './import.js';
import { getImportRun, listImportRuns } from './runs.js';
import { dossierText, fail } from './reasons.js';
import {
  ApiToken,
  ApiTokenCreated,
  ApiTokenList,
  BATCH_BODY_LIMIT_BYTES,
  DossierBatchBody,
  DossierCodeParam,
  DossierDetail,
  DossierImportResult,
  DossierSearchQuery,
  DossierSearchResult,
  DossierUploadQuery,
  Flag,
  ImportRunDetail,
  ImportRunList,
  ImportRunsQuery,
  MAX_BATCH_DOSSIERS,
  NewApiTokenBody,
} from './schemas.js';
import { createApiToken, listApiTokens, machineActor, revokeApiToken } from './tokens.js';
import { getDossier, searchDossiers } from './search.js';
import { localDate } from '../../domain/deadlines.js';

const uploadFail = failWith(ioReasons);

/**
 * A rejected import (nothing written) answers 400 `import_rejected`, like every import, with every rejected row, and the run's id so
 * it can be looked up later. An import that went through — with skipInvalid possibly leaving rows out — is 200.
 */
function sendResult(reply: FastifyReply, result: DossierImportResult) {
  if (result.status === 'rejected') {
    const rows = result.errors;
    const params = { rejected: result.rejected, rowsRead: result.rowsRead };
    return reply.status(ERROR_STATUS.import_rejected).send({
      error: {
        code: 'import_rejected',
        reason: 'dossier_import_rejected',
        params,
        message: dossierText('dossier_import_rejected', params).message,
        details: { importId: result.importId, rowsRead: result.rowsRead, rejected: result.rejected, rows },
      },
    });
  }
  return reply.status(200).send(result);
}

/**
 * The uploaded file as the import reads it, failing — instead of ending early — when it is larger than the limit:
 * busboy only truncates an oversized file, and a truncated file must never be imported as if it were whole.
 * The stream is lazy (nothing is pulled from the request before the import reads), so an error can only
 * surface while the import is listening for it.
 */
function guardedFileStream(file: Readable & { truncated?: boolean }, limitBytes: number): Readable {
  const tooLarge = () => fail('dossier_upload_too_large', { limitBytes });
  async function* chunks() {
    for await (const chunk of file) {
      if (file.truncated) throw tooLarge();
      yield chunk as Buffer;
    }
    if (file.truncated) throw tooLarge();
  }
  return Readable.from(chunks(), { objectMode: false });
}

export async function dossierRoutes(app: App, { database, config, clock }: AppDeps) {
  const { db } = database;
  const tags = ['dossiers'];

  app.post(
    '/api/v1/dossiers/imports',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Import a dossier file (CSV or XLSX, multipart field `file`), streamed; re-importing a code updates it',
        description:
          'skipInvalid=true loads the valid rows and lists the others; without it one invalid row rejects the file (400 import_rejected, nothing written). ' +
          '`size` (the file size in bytes) lets the progress of the run show bytes read of bytes total. ' +
          'Poll GET /api/v1/dossiers/imports?status=running to follow the run while the file is read.',
        querystring: DossierUploadQuery,
        response: { 200: DossierImportResult },
      },
    },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      if (!request.isMultipart()) {
        throw uploadFail('upload_not_multipart', { field: FILE_FIELD });
      }
      const limit = config.dossierUploadLimitBytes;
      const part = await receiveFile(request, { limitBytes: limit, setting: 'DOSSIER_UPLOAD_LIMIT_BYTES' });
      // A skipInvalid form field counts when it comes before the file part (fields after it are not read yet).
      const field = part.fields.skipInvalid;
      const fieldValue = field && !Array.isArray(field) && field.type === 'field' ? Flag.safeParse(String(field.value)) : null;
      const skipInvalid = request.query.skipInvalid ?? (fieldValue?.success ? fieldValue.data : false);
      const contentLength = Number(request.headers['content-length']);
      const bytesTotal = request.query.size ?? (Number.isFinite(contentLength) && contentLength > 0 ? contentLength : null);
      const result = await importDossierFile(database, actor, {
        stream: guardedFileStream(part.stream, limit),
        fileName: part.filename || null,
        bytesTotal,
        skipInvalid,
        source: 'upload',
        now: clock(),
      });
      return sendResult(reply, result);
    },
  );

  app.get(
    '/api/v1/dossiers/imports',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Dossier import runs, newest first (who, when, counts, status, progress)',
        querystring: ImportRunsQuery,
        response: { 200: ImportRunList },
      },
    },
    async (request) => {
      const { mine, ...filter } = request.query;
      const actor: Actor = actorFromSession(request.session);
      return listImportRuns(db, { ...filter, startedBy: mine ? actor.username : undefined });
    },
  );

  app.get(
    '/api/v1/dossiers/imports/:id',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'One import run: progress (rows read, bytes read of total), outcome and rejected rows',
        params: IdParam,
        response: { 200: ImportRunDetail },
      },
    },
    async (request) => getImportRun(db, request.params.id),
  );

  app.post(
    // `::` is a literal colon in a Fastify path: the route is POST /api/v1/dossiers:batch.
    '/api/v1/dossiers::batch',
    {
      config: { access: access.machine },
      bodyLimit: BATCH_BODY_LIMIT_BYTES,
      // Counted before the body is validated, so an oversized batch is told so plainly (413) rather than per item.
      preValidation: async (request) => {
        const items = (request.body as { dossiers?: unknown } | null)?.dossiers;
        if (Array.isArray(items) && items.length > MAX_BATCH_DOSSIERS) {
          throw fail(
            'dossier_batch_too_large',
            { maxDossiers: MAX_BATCH_DOSSIERS, dossiers: items.length },
            { maxDossiers: MAX_BATCH_DOSSIERS, dossiers: items.length },
          );
        }
      },
      schema: {
        tags,
        summary: 'Push up to 10,000 dossiers (machine clients, Authorization: Bearer <API token>); idempotent',
        description:
          'A dossier code already known is updated; the same batch twice changes nothing the second time (all unchanged). ' +
          'All-or-nothing unless skipInvalid; rejected rows are numbered from 1 in the order of `dossiers` (400 import_rejected when nothing was written).',
        body: DossierBatchBody,
        response: { 200: DossierImportResult },
      },
    },
    async (request, reply) => {
      const client = request.machineClient;
      if (!client) throw fail('dossier_batch_needs_token');
      const result = await importDossierRecords(database, machineActor(client), {
        records: request.body.dossiers,
        skipInvalid: request.body.skipInvalid,
        source: 'batch',
        now: clock(),
      });
      return sendResult(reply, result);
    },
  );

  // The dossier list and one dossier: every role; unit staff see their own unit's dossiers (policies.ts).
  const today = () => localDate(clock());
  app.get(
    '/api/v1/dossiers',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'Dossiers, newest received first: filters by code (whole or part), unit, procedure, field, channel, status, timeliness and dates',
        description:
          'timeliness is judged at today (local): early / on_time / late for a resolved dossier, overdue (awaiting its result past its due date), ' +
          'pending (awaiting its result, not yet due). Dates are local days, both ends included. Unit staff see their own unit only ' +
          '(another unit: 403). Pages hold at most 100 dossiers and reach the first 10,000; totals are exact up to 10,000.',
        querystring: DossierSearchQuery,
        response: { 200: DossierSearchResult },
      },
    },
    async (request) => searchDossiers(db, actorFromSession(request.session), request.query, today()),
  );

  app.get(
    '/api/v1/dossiers/:code',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'One dossier: every field, unit and procedure names, the due date in working days, timeliness today and its apology letter',
        params: DossierCodeParam,
        response: { 200: DossierDetail },
      },
    },
    async (request) => getDossier(db, actorFromSession(request.session), request.params.code, today()),
  );

  const tokenTags = ['api-tokens'];
  app.get(
    '/api/v1/api-tokens',
    {
      config: { access: access.admin },
      schema: { tags: tokenTags, summary: 'Machine tokens (the token itself is never shown again)', response: { 200: ApiTokenList } },
    },
    async () => ({ items: await listApiTokens(db) }),
  );

  app.post(
    '/api/v1/api-tokens',
    {
      config: { access: access.admin },
      schema: {
        tags: tokenTags,
        summary: 'Create a machine token; `token` is in this answer only (store it in the client system)',
        body: NewApiTokenBody,
        response: { 201: ApiTokenCreated },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiToken(db, actorFromSession(request.session), request.body)),
  );

  app.delete(
    '/api/v1/api-tokens/:id',
    {
      config: { access: access.admin },
      schema: { tags: tokenTags, summary: 'Revoke a machine token at once (kept in the list as revoked)', params: IdParam, response: { 200: ApiToken } },
    },
    async (request) => revokeApiToken(db, actorFromSession(request.session), request.params.id, clock()),
  );
}
