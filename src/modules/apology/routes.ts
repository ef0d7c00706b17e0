import { z } from 'zod';
import { ifMatch, withEtag } from '../../http/if-match.js';
import type { Role } from '../../db/schema.js';
import { localDate } from '../../domain/deadlines.js';
import type { App, AppDeps } from '../../http/app.js';
import { access, ALL_ROLES } from '../../http/access.js';
import { sendDownload } from '../../http/download.js';
import { actorFromSession } from '../../http/request-context.js';
import { Code } from '../../http/schemas.js';
import { DOCX_CONTENT_TYPE } from './document.js';
import {
  getTemplate,
  isLocalDate,
  issueLetters,
  letterCounts,
  lettersDocx,
  listLateDossiers,
  previewTemplate,
  resetTemplate,
  sampleLetterDocx,
  saveTemplate,
  TemplateSchema,
} from './service.js';
import { PLACEHOLDERS } from './template.js';

/** Unit staff list and issue letters for their own unit; the organizer for every unit. */
const ISSUERS: readonly Role[] = ['admin', 'unit_officer', 'unit_leader'];

const LocalDateSchema = z
  .string()
  .trim()
  .refine(isLocalDate, 'must be a date YYYY-MM-DD');
const DossierCode = z.string().trim().min(1).max(100);
const Reason = z.string().trim().max(2000);

const LetterSchema = z.object({
  reason: z.string(),
  newAppointmentDate: z.string(),
  issuedOn: z.string(),
  issuedBy: z.string().nullable(),
});
const LateDossierSchema = z.object({
  code: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  procedureCode: z.string(),
  procedureName: z.string(),
  field: z.string(),
  status: z.string(),
  receivedDate: z.string(),
  dueDate: z.string(),
  resolvedDate: z.string().nullable(),
  state: z.enum(['late', 'overdue']),
  workingDaysLate: z.number(),
  letter: LetterSchema.nullable(),
});
const IssueResultSchema = z.object({ dossierCode: z.string(), created: z.boolean(), letter: LetterSchema });
const CountRowSchema = z.object({
  key: z.string(),
  name: z.string(),
  late: z.number(),
  lateWithLetter: z.number(),
  overdue: z.number(),
  overdueWithLetter: z.number(),
  letters: z.number(),
  missing: z.number(),
  issued: z.number(),
});
const TemplateViewSchema = z.object({
  template: TemplateSchema,
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  version: z.number().int().describe('The ETag (0: the built-in template); send it back in If-Match when saving'),
  placeholders: z.record(z.string(), z.string()),
});
const RenderedSchema = z.object({
  letterhead: z.array(z.string()),
  dateLine: z.string(),
  title: z.string(),
  salutation: z.string(),
  paragraphs: z.array(z.string()),
  signatureTitle: z.string(),
  signatureNote: z.string(),
  signerName: z.string(),
  recipients: z.array(z.string()),
});

const MAX_BULK = 500;

export async function apologyRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;
  const tags = ['apology letters'];
  const today = () => localDate(clock());
  const withPlaceholders = <T extends object>(view: T) => ({ ...view, placeholders: PLACEHOLDERS });

  app.get(
    '/api/v1/apology-letters/dossiers',
    {
      config: { access: access.roles(ISSUERS) },
      schema: {
        tags,
        summary: 'Late dossiers (resolved late) and overdue ones (not yet resolved), with their apology letter if any; unit staff see their own unit',
        querystring: z.object({
          unit: Code.optional(),
          field: z.string().trim().max(200).optional(),
          state: z.enum(['late', 'overdue']).optional(),
          letter: z.enum(['with', 'without']).optional(),
          dateBy: z.enum(['due', 'resolved']).default('due'),
          from: LocalDateSchema.optional(),
          to: LocalDateSchema.optional(),
          q: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(LateDossierSchema), total: z.number(), withoutLetter: z.number() }) },
      },
    },
    async (request) => listLateDossiers(db, actorFromSession(request.session), request.query, today()),
  );

  app.put(
    '/api/v1/apology-letters/dossiers/:code',
    {
      config: { access: access.roles(ISSUERS) },
      schema: {
        tags,
        summary: "Issue the dossier's apology letter, or edit it (the previous version stays in the audit log)",
        params: z.object({ code: DossierCode }),
        body: z.object({ reason: Reason, newAppointmentDate: LocalDateSchema, issuedOn: LocalDateSchema.optional() }),
        response: { 200: IssueResultSchema, 201: IssueResultSchema },
      },
    },
    async (request, reply) => {
      const [result] = await issueLetters(db, actorFromSession(request.session), [{ dossierCode: request.params.code, ...request.body }], { bulk: false, today: today() });
      return reply.status(result!.created ? 201 : 200).send(result!);
    },
  );

  app.post(
    '/api/v1/apology-letters/bulk',
    {
      config: { access: access.roles(ISSUERS) },
      schema: {
        tags,
        summary: 'Issue letters for several dossiers at once (all or nothing): one reason and new date for all, or per row',
        body: z.object({
          reason: Reason.optional(),
          newAppointmentDate: LocalDateSchema.optional(),
          issuedOn: LocalDateSchema.optional(),
          letters: z
            .array(z.object({ dossierCode: DossierCode, reason: Reason.optional(), newAppointmentDate: LocalDateSchema.optional() }))
            .min(1)
            .max(MAX_BULK),
        }),
        response: { 201: z.object({ items: z.array(IssueResultSchema) }) },
      },
    },
    async (request, reply) => {
      const { reason, newAppointmentDate, issuedOn, letters } = request.body;
      const inputs = letters.map((l) => ({
        dossierCode: l.dossierCode,
        reason: l.reason || reason,
        newAppointmentDate: l.newAppointmentDate ?? newAppointmentDate,
        issuedOn,
      }));
      const items = await issueLetters(db, actorFromSession(request.session), inputs, { bulk: true, today: today() });
      return reply.status(201).send({ items });
    },
  );

  app.get(
    '/api/v1/apology-letters/dossiers/:code/letter.docx',
    {
      config: { access: access.roles(ISSUERS) },
      schema: { tags, summary: "The dossier's apology letter as DOCX (from the current template)", params: z.object({ code: DossierCode }) },
    },
    async (request, reply) => {
      const file = await lettersDocx(db, actorFromSession(request.session), [request.params.code]);
      return sendDownload(reply, `phieu-xin-loi-${request.params.code}.docx`, DOCX_CONTENT_TYPE, file);
    },
  );

  app.get(
    '/api/v1/apology-letters/letters.docx',
    {
      config: { access: access.roles(ISSUERS) },
      schema: {
        tags,
        summary: 'Several letters in ONE DOCX, one per page, in the order given (codes separated by commas)',
        querystring: z.object({
          codes: z
            .string()
            .transform((s) => [...new Set(s.split(',').map((c) => c.trim()).filter(Boolean))])
            .pipe(z.array(DossierCode).min(1).max(MAX_BULK)),
        }),
      },
    },
    async (request, reply) => {
      const file = await lettersDocx(db, actorFromSession(request.session), request.query.codes);
      return sendDownload(reply, `phieu-xin-loi-${today()}-${request.query.codes.length}.docx`, DOCX_CONTENT_TYPE, file);
    },
  );

  app.get(
    '/api/v1/apology-letters/counts',
    {
      config: { access: access.roles(ALL_ROLES, 'province') },
      schema: {
        tags,
        summary: 'Late and overdue dossiers of a period with and without a letter, by unit or by field; unit staff get their own unit',
        querystring: z.object({ by: z.enum(['unit', 'field']).default('unit'), from: LocalDateSchema, to: LocalDateSchema, unit: Code.optional() }),
        response: { 200: z.object({ rows: z.array(CountRowSchema), total: CountRowSchema }) },
      },
    },
    async (request) => letterCounts(db, actorFromSession(request.session), request.query, today()),
  );

  app.get(
    '/api/v1/apology-letters/template',
    {
      config: { access: access.roles(ISSUERS) },
      schema: { tags, summary: 'The letter template (the built-in one until the organizer saves one) and its placeholders', response: { 200: TemplateViewSchema } },
    },
    async (_request, reply) => withEtag(reply, withPlaceholders(await getTemplate(db))),
  );

  app.put(
    '/api/v1/apology-letters/template',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'Save the letter template; unknown placeholders are refused by name', body: TemplateSchema, response: { 200: TemplateViewSchema } },
    },
    async (request, reply) => withEtag(reply, withPlaceholders(await saveTemplate(db, actorFromSession(request.session), request.body, ifMatch(request.headers)))),
  );

  app.delete(
    '/api/v1/apology-letters/template',
    { config: { access: access.admin }, schema: { tags, summary: 'Back to the built-in template', response: { 200: TemplateViewSchema } } },
    async (request, reply) => withEtag(reply, withPlaceholders(await resetTemplate(db, actorFromSession(request.session), ifMatch(request.headers)))),
  );

  app.post(
    '/api/v1/apology-letters/template/preview',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'A template (not saved) filled with an example dossier', body: TemplateSchema, response: { 200: RenderedSchema } },
    },
    async (request) => previewTemplate(request.body, today()),
  );

  app.get(
    '/api/v1/apology-letters/template/sample.docx',
    { config: { access: access.admin }, schema: { tags, summary: 'The saved template filled with an example dossier, as DOCX' } },
    async (_request, reply) => sendDownload(reply, 'phieu-xin-loi-mau.docx', DOCX_CONTENT_TYPE, await sampleLetterDocx(db, today())),
  );
}
