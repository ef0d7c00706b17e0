import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, MEDIA_TYPES, sendDownload } from '../../http/download.js';
import { errorHandler } from '../../http/error-handler.js';
import { actorFromSession } from '../../http/request-context.js';
import { appPdfRenderer } from '../results/documents/pdf-renderer.js';
import { FORM_MANAGERS } from './policies.js';
import { fail } from './reasons.js';
import {
  CampaignUnitParams,
  KioskParams,
  KioskResult,
  PUBLIC_BODY_LIMIT,
  PublicForm,
  ResponseKeyParams,
  ResumeQuery,
  SaveBody,
  SaveResult,
  SlugParams,
  StartBody,
  StartResult,
  SubmitBody,
  SubmitResult,
  TokenParams,
} from './schemas.js';
import { saveResponse, slugForm, startResponse, submitResponse, tokenForm } from './service.js';
import { issueKioskKey, POSTER_SIZE, unitPoster } from './staff.js';

/**
 * The public survey form's API (no session, no CSRF token: the unguessable key in the URL is the credential, and a
 * browser request from another site is refused by its Origin / Sec-Fetch-Site), and the staff's kiosk key and poster.
 */
export async function surveyCollectionRoutes(app: App, { database, clock, config }: AppDeps) {
  const { db } = database;
  const tags = ['survey collection'];
  const publicWrite = {
    bodyLimit: PUBLIC_BODY_LIMIT,
    // A body over the limit is refused with the form's own reason (and its size), like every other refusal.
    errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      errorHandler(
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? fail('survey_body_too_large', { kilobytes: PUBLIC_BODY_LIMIT / 1024 }) : error,
        request,
        reply,
      ),
    preValidation: async (request: FastifyRequest) => refuseCrossSite(request, config.publicUrl),
  };
  const context = (request: FastifyRequest) => ({ now: clock(), clientIp: request.ip });

  app.get(
    '/api/v1/public/surveys/:slug',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: "The public form of a unit's counter QR; with ?key= the browser's response as saved",
        params: SlugParams,
        querystring: ResumeQuery,
        response: { 200: PublicForm },
      },
    },
    async (request) => slugForm(db, { slug: request.params.slug, ...optional('key', request.query.key) }, clock()),
  );

  app.get(
    '/api/v1/public/surveys/:slug/kiosk/:kioskKey',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: "The public form on a unit's kiosk tablet; with ?key= the response in progress",
        params: KioskParams,
        querystring: ResumeQuery,
        response: { 200: PublicForm },
      },
    },
    async (request) => slugForm(db, { slug: request.params.slug, kioskKey: request.params.kioskKey, ...optional('key', request.query.key) }, clock()),
  );

  app.get(
    '/api/v1/public/surveys/t/:token',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: "The form of a personal single-use link, with the token's response as the server has it (submitted once, submitted for every browser)",
        params: TokenParams,
        response: { 200: PublicForm },
      },
    },
    async (request) => tokenForm(db, request.params.token, clock()),
  );

  app.post(
    '/api/v1/public/surveys/:slug/responses',
    {
      ...publicWrite,
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Start an anonymous response (counter QR, or the kiosk with its key); rate-limited per client address',
        params: SlugParams,
        body: StartBody,
        response: { 201: StartResult },
      },
    },
    async (request, reply) => {
      const result = await startResponse(db, { slug: request.params.slug, ...optional('kioskKey', request.body.kioskKey) }, context(request));
      return reply.status(201).send(result);
    },
  );

  app.put(
    '/api/v1/public/responses/:key',
    {
      ...publicWrite,
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Save the answers so far (a response key or a personal token); a save numbered no higher than the last is ignored',
        params: ResponseKeyParams,
        body: SaveBody,
        response: { 200: SaveResult },
      },
    },
    async (request) => saveResponse(db, request.params.key, request.body, clock()),
  );

  app.post(
    '/api/v1/public/responses/:key/submit',
    {
      ...publicWrite,
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Submit the response (answers checked complete); once only, whatever the browser',
        params: ResponseKeyParams,
        body: SubmitBody,
        response: { 200: SubmitResult },
      },
    },
    async (request) => submitResponse(db, request.params.key, request.body, clock()),
  );

  app.post(
    '/api/v1/surveys/campaigns/:code/units/:unit/kiosk',
    {
      config: { access: access.roles(FORM_MANAGERS) },
      schema: {
        tags,
        summary: "Issue the unit's kiosk link (shown once; the previous one stops working): the organizer or the unit's staff",
        params: CampaignUnitParams,
        response: { 201: KioskResult },
      },
    },
    async (request, reply) => {
      const result = await issueKioskKey(db, actorFromSession(request.session), request.params.code, request.params.unit);
      return reply.status(201).send(result);
    },
  );

  for (const format of ['png', 'pdf'] as const) {
    app.get(
      `/api/v1/surveys/campaigns/:code/units/:unit/poster.${format}`,
      {
        config: { access: access.roles(FORM_MANAGERS) },
        schema: {
          tags,
          summary: `The unit's A4 QR poster for the counter, as ${format.toUpperCase()}: the organizer or the unit's staff`,
          params: CampaignUnitParams,
          response:
            format === 'pdf'
              ? fileResponse('The poster', 'pdf')
              : { 200: { description: 'The poster', content: { 'image/png': { schema: z.string().meta({ format: 'binary' }) } } } },
        },
      },
      async (request, reply) => {
        const base = config.publicUrl ?? `${request.protocol}://${request.host}`;
        const poster = await unitPoster(db, actorFromSession(request.session), request.params.code, request.params.unit, base);
        const renderer = appPdfRenderer(app);
        const file = format === 'pdf' ? await renderer.render(poster.html) : await renderer.screenshot(poster.html, { ...POSTER_SIZE, scale: 2 });
        return sendDownload(reply, `${poster.name}.${format}`, format === 'pdf' ? MEDIA_TYPES.pdf : 'image/png', file);
      },
    );
  }
}

const optional = <K extends string, V>(name: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [name]: value }) as Partial<Record<K, V>>;

/** A browser says where a request comes from: one from another site (or an opaque origin) is refused. */
function refuseCrossSite(request: FastifyRequest, publicUrl: string | undefined): void {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site') throw fail('survey_cross_origin');
  const origin = request.headers.origin;
  if (origin === undefined) return;
  const host = URL.canParse(origin) ? new URL(origin).host : null;
  const allowed = new Set([request.host, ...(publicUrl ? [new URL(publicUrl).host] : [])]);
  if (host === null || !allowed.has(host)) throw fail('survey_cross_origin');
}
