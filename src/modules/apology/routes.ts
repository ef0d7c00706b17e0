import { localDate } from '../../domain/deadlines.js';
import type { App, AppDeps } from '../../http/app.js';
import { access, ALL_ROLES } from '../../http/access.js';
import { fileResponse, sendDownload } from '../../http/download.js';
import { ifMatch, withEtag } from '../../http/if-match.js';
import { actorFromSession } from '../../http/request-context.js';
import type { Actor } from '../auth/actor.js';
import { issueLetters } from './commands.js';
import { letterCounts } from './counts.js';
import { DOCX_CONTENT_TYPE } from './document.js';
import { apologyCan, ISSUERS } from './policies.js';
import { lettersDocx, listLateDossiers } from './queries.js';
import {
  ApologyTemplate,
  BulkIssueResult,
  BulkLettersBody,
  DossierCodeParams,
  IssueResult,
  LateDossierList,
  LateDossiersQuery,
  LetterBody,
  LetterCounts,
  LetterCountsQuery,
  LettersDocxQuery,
  RenderedLetter,
  TemplateResponse,
  type TemplateView,
} from './schemas.js';
import { getTemplate, previewTemplate, resetTemplate, sampleLetterDocx, saveTemplate } from './template-store.js';
import { PLACEHOLDERS } from './template.js';

export async function apologyRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;
  const tags = ['apology letters'];
  const today = () => localDate(clock());
  const templateResponse = (view: TemplateView, actor: Actor): TemplateResponse => ({ ...view, placeholders: PLACEHOLDERS, can: apologyCan(actor) });

  app.get(
    '/api/v1/apology-letters/dossiers',
    {
      config: { access: access.roles(ISSUERS) },
      schema: {
        tags,
        summary: 'Late dossiers (resolved late) and overdue ones (not yet resolved), with their apology letter if any; unit staff see their own unit',
        querystring: LateDossiersQuery,
        response: { 200: LateDossierList },
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
        params: DossierCodeParams,
        body: LetterBody,
        response: { 200: IssueResult, 201: IssueResult },
      },
    },
    async (request, reply) => {
      const [result] = await issueLetters(db, actorFromSession(request.session), [{ dossierCode: request.params.code, ...request.body }], {
        bulk: false,
        today: today(),
      });
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
        body: BulkLettersBody,
        response: { 201: BulkIssueResult },
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
      config: { access: access.roles(ISSUERS), reads: 'replica' },
      schema: {
        tags,
        summary: "The dossier's apology letter as DOCX (from the current template)",
        params: DossierCodeParams,
        response: fileResponse('The letter', 'docx'),
      },
    },
    async (request, reply) => {
      const file = await lettersDocx(request.readDb, actorFromSession(request.session), [request.params.code]);
      return sendDownload(reply, `phieu-xin-loi-${request.params.code}.docx`, DOCX_CONTENT_TYPE, file);
    },
  );

  app.get(
    '/api/v1/apology-letters/letters.docx',
    {
      config: { access: access.roles(ISSUERS), reads: 'replica' },
      schema: {
        tags,
        summary: 'Several letters in ONE DOCX, one per page, in the order given (codes separated by commas)',
        querystring: LettersDocxQuery,
        response: fileResponse('The letters, one per page', 'docx'),
      },
    },
    async (request, reply) => {
      const file = await lettersDocx(request.readDb, actorFromSession(request.session), request.query.codes);
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
        querystring: LetterCountsQuery,
        response: { 200: LetterCounts },
      },
    },
    async (request) => letterCounts(db, actorFromSession(request.session), request.query, today()),
  );

  app.get(
    '/api/v1/apology-letters/template',
    {
      config: { access: access.roles(ISSUERS) },
      schema: {
        tags,
        summary: 'The letter template (the built-in one until the organizer saves one) and its placeholders',
        response: { 200: TemplateResponse },
      },
    },
    async (request, reply) => withEtag(reply, templateResponse(await getTemplate(db), actorFromSession(request.session))),
  );

  app.put(
    '/api/v1/apology-letters/template',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Save the letter template; unknown placeholders are refused by name',
        body: ApologyTemplate,
        response: { 200: TemplateResponse },
      },
    },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      return withEtag(reply, templateResponse(await saveTemplate(db, actor, request.body, ifMatch(request.headers)), actor));
    },
  );

  app.delete(
    '/api/v1/apology-letters/template',
    { config: { access: access.admin }, schema: { tags, summary: 'Back to the built-in template', response: { 200: TemplateResponse } } },
    async (request, reply) => {
      const actor = actorFromSession(request.session);
      return withEtag(reply, templateResponse(await resetTemplate(db, actor, ifMatch(request.headers)), actor));
    },
  );

  app.post(
    '/api/v1/apology-letters/template/preview',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'A template (not saved) filled with an example dossier', body: ApologyTemplate, response: { 200: RenderedLetter } },
    },
    async (request) => previewTemplate(request.body, today()),
  );

  app.get(
    '/api/v1/apology-letters/template/sample.docx',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'The saved template filled with an example dossier, as DOCX', response: fileResponse('The sample letter', 'docx') },
    },
    async (_request, reply) => sendDownload(reply, 'phieu-xin-loi-mau.docx', DOCX_CONTENT_TYPE, await sampleLetterDocx(db, today())),
  );
}
