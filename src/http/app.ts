import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Database, Db } from '../db/client.js';
import { readRouting } from '../db/open.js';
import type { ReadRouting } from '../db/replica.js';
import { authRoutes, SESSION_COOKIE } from '../modules/auth/routes.js';
import { csrfMatches, resumeSession } from '../modules/auth/service.js';
import { auditRoutes } from '../modules/audit/routes.js';
import { blockRoutes } from '../modules/blocks/routes.js';
import { frameworkRoutes } from '../modules/frameworks/routes.js';
import { type FileStore, LocalFileStore } from '../modules/files/storage.js';
import { resultRoutes } from '../modules/results/routes.js';
import { roundRoutes } from '../modules/rounds/routes.js';
import { assessmentRoutes } from '../modules/assessments/routes.js';
import { selfAssessmentReportRoutes } from '../modules/assessments/report/routes.js';
import { worklistRoutes } from '../modules/assessments/worklist-routes.js';
import { systemRoutes } from '../modules/system/routes.js';
import { unitRoutes } from '../modules/units/routes.js';
import { userRoutes } from '../modules/users/routes.js';
import { calendarRoutes } from '../modules/calendar/routes.js';
import { procedureRoutes } from '../modules/procedures/routes.js';
import { dossierRoutes } from '../modules/dossiers/routes.js';
import { timelinessRoutes } from '../modules/timeliness/routes.js';
import { apologyRoutes } from '../modules/apology/routes.js';
import { planRoutes } from '../modules/plans/routes.js';
import { reminderRoutes } from '../modules/reminders/routes.js';
import { inspectionRoutes } from '../modules/inspections/routes.js';
import { registerRoutes } from '../modules/registers/routes.js';
import { homeRoutes } from '../modules/home/routes.js';
import { surveyCollectionRoutes } from '../modules/survey-collection/routes.js';
import { surveyResultsRoutes } from '../modules/survey-results/routes.js';
import { surveyCampaignRoutes } from '../modules/survey-campaigns/routes.js';
import { surveyTemplateRoutes } from '../modules/survey-templates/routes.js';
import { surveyEntryRoutes } from '../modules/survey-entry/routes.js';
import { periodicReportRoutes } from '../modules/periodic-reports/routes.js';
import { authenticateMachineToken } from '../modules/dossiers/tokens.js';
import { RateWindow } from './rate-window.js';
import { PUBLICATIONS_CHANNEL, SESSIONS_CHANNEL } from '../db/notify.js';
import { forgetLatestPublications } from '../modules/results/service.js';
import { sessionCache } from '../modules/auth/session-cache.js';
import type { RouteAccess } from './access.js';
import { errorHandler, sendError } from './error-handler.js';
import { refuseNulCharacters } from './nul-guard.js';
import { fail as failRequest } from '../modules/auth/reasons.js';
import './request-context.js';

export interface AppDeps {
  config: Config;
  database: Database;
  /** Where evidence files are kept (content-addressed by sha256). */
  fileStore: FileStore;
  /** The time now; tests move it to check deadlines. */
  clock: () => Date;
  /** Where the reads of routes marked `reads: 'replica'` go (src/db/replica.ts). */
  reads: ReadRouting;
}

// Fastify's server, request, reply and logger parameters stay open: routes only rely on the zod type provider.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type App = FastifyInstance<any, any, any, any, ZodTypeProvider>;

export interface RouteRule {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with its access rule, for the route × role matrix test and docs. */
    routeRules: RouteRule[];
  }
  interface FastifyRequest {
    /**
     * The database this request reads from: on a route marked `reads: 'replica'`, the replica when one is usable
     * and the client has not written in the last few seconds; otherwise (and on every other route) the primary.
     */
    readDb: Db;
  }
}

/**
 * Set after a signed-in user's successful write (an unsafe method answered below 400) for readYourWritesMs, when a
 * replica is configured: its value is the time of the write, so that the user's next reads go to the primary, through
 * whichever app server (docs/scale.md).
 */
export const WROTE_COOKIE = 'parindex_wrote';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** /s/<slug>, /s/<slug>/kiosk/<kioskKey>, /s/t/<token>: served survey.html (web/src/survey-form). */
const SURVEY_LINK = /^\/s\/(?:t\/[A-Za-z0-9_-]{1,64}|[a-z0-9]{1,40}(?:\/kiosk\/[A-Za-z0-9_-]{1,64})?)\/?$/;
const API_PREFIX = '/api/';

function routePattern(url: string): RegExp {
  const escaped = url
    .split('/')
    // `::` is Fastify's literal colon (POST /dossiers::batch serves /dossiers:batch).
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replaceAll('::', ':').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

/** `fileStore` defaults to a LocalFileStore in `<dataDir>/files`, `clock` to the real time. */
export async function buildApp(
  input: Omit<AppDeps, 'fileStore' | 'clock' | 'reads'> & { fileStore?: FileStore; clock?: () => Date; reads?: ReadRouting },
  options: FastifyServerOptions = {},
): Promise<App> {
  const deps: AppDeps = {
    ...input,
    fileStore: input.fileStore ?? LocalFileStore.inDataDir(input.config.dataDir),
    clock: input.clock ?? (() => new Date()),
    reads: input.reads ?? readRouting(input.database, input.config),
  };
  const { config, database } = deps;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // A URL that does not decode (e.g. %ED%A0%80, a lone surrogate) or a bad content type: answered like every error.
    frameworkErrors: (error, _request, reply) => {
      void sendError(reply, error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request', error.message.slice(0, 200));
    },
    ...options,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('session', null);
  app.decorateRequest('machineClient', null);
  app.decorateRequest('readDb', null as unknown as Db);
  // The routing was opened here (not handed in by startServer): its replica pool closes with the app.
  if (!input.reads) app.addHook('onClose', async () => deps.reads.close());
  app.decorate('routeRules', [] as RouteRule[]);

  const patterns: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    for (const method of methods) patterns.push({ method, pattern: routePattern(route.url) });
    // A routed read may land on a read-only replica: only reads are ever routed.
    if (route.config?.reads === 'replica' && methods.some((m) => m !== 'GET'))
      throw new Error(`Route ${methods.join(',')} ${route.url} writes: it cannot read from a replica`);
    if (!route.url.startsWith('/api/v1')) return;
    const accessRule = route.config?.access;
    if (!accessRule) throw new Error(`Route ${methods.join(',')} ${route.url} declares no access rule`);
    for (const method of methods) app.routeRules.push({ method, url: route.url, access: accessRule });
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        // Mantine sets inline style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.cookieSecure,
    // The legacy header agrees with CSP frame-ancestors 'none': no page of the app is ever shown in a frame.
    xFrameOptions: { action: 'deny' },
  });
  // Routes read files through src/http/upload.ts (receiveFile), which refuses a cut, misnamed, extra or malformed part.
  await app.register(multipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10, parts: 12 } });
  app.decorate('uploadLimitBytes', config.uploadLimitBytes);
  await app.register(swagger, {
    openapi: {
      info: { title: 'parindex API', version: '1', description: 'Public Administration Reform Index (Chỉ số CCHC) platform' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // Sessions ended or changed, and results published, through another app server of the database are forgotten
  // here at once (issue 14); after a lost listening connection, everything remembered is.
  const unlisten = await database.listen(
    {
      [SESSIONS_CHANNEL]: (payload) => sessionCache.applyNotification(payload),
      [PUBLICATIONS_CHANNEL]: () => forgetLatestPublications(),
    },
    () => {
      sessionCache.clear();
      forgetLatestPublications();
    },
  );
  app.addHook('onClose', unlisten);
  // Counted in the database, so that every app server counts the same calls.
  const machineCalls = new RateWindow(config.machineCallsPerMinute, 60_000);
  app.addHook('onRequest', async (request) => {
    const rule = request.routeOptions.config?.access;
    if (!rule || 'public' in rule) return;
    if ('machine' in rule) {
      const now = deps.clock();
      const client = await authenticateMachineToken(database.db, request.headers.authorization, now);
      const taken = await machineCalls.take(database.db, client.tokenId, now.getTime());
      if (!taken.ok) {
        const retryAfterSeconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
        throw failRequest(
          'machine_token_rate_limited',
          { limit: machineCalls.limit, seconds: retryAfterSeconds },
          {
            retryAfterSeconds,
            limitPerMinute: machineCalls.limit,
          },
        );
      }
      request.machineClient = client;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    request.session = token ? await resumeSession(database.db, token, config.sessionIdleMinutes) : null;
    const session = request.session;
    if (!session) throw failRequest('sign_in_first');
    if (UNSAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (!csrfMatches(session.csrfToken, typeof header === 'string' ? header : undefined)) {
        throw failRequest('csrf_token_wrong');
      }
    }
    if ('authenticated' in rule) return;
    if (session.user.mustChangePassword) {
      throw failRequest('temporary_password_change_first');
    }
    if (!rule.roles.includes(session.user.role)) {
      throw failRequest('role_may_not', { role: session.user.role });
    }
  });

  // Routed reads (reports, dashboards, public pages, exports): after the access check, so a refused request costs
  // no replica check.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.reads !== 'replica') {
      request.readDb = database.db;
      return;
    }
    const wrote = Number(request.cookies[WROTE_COOKIE]);
    request.readDb = await deps.reads.reader(Number.isFinite(wrote) && wrote > 0 ? wrote : null, deps.clock().getTime());
  });
  app.addHook('onSend', async (request, reply) => {
    // A signed-in user's own writes only: signing in, a public survey answer or a machine push reads no report after.
    if (request.session && UNSAFE_METHODS.has(request.method) && reply.statusCode < 400 && deps.reads.readYourWritesMs > 0) {
      // @fastify/cookie has written its cookies in its own, earlier onSend hook: this one is added to the header.
      const wrote = app.serializeCookie(WROTE_COOKIE, String(deps.clock().getTime()), {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.cookieSecure,
        path: '/',
        maxAge: Math.ceil(deps.reads.readYourWritesMs / 1000),
      });
      reply.header('set-cookie', wrote); // appended to any set-cookie already there (Fastify keeps them all)
    }
  });

  // NUL cannot be stored in PostgreSQL text: refused at the edge, naming the field, before any schema or query.
  app.addHook('preValidation', async (request) => refuseNulCharacters(request));

  // An upload refused before its end (a bad row, a cell bomb) leaves the rest of the body unread: the connection is
  // closed after the answer, so neither the socket nor the server's close waits for bytes nobody will read.
  app.addHook('onSend', async (request, reply) => {
    if (!request.raw.readableEnded && request.isMultipart()) reply.header('connection', 'close');
  });

  app.setErrorHandler(errorHandler);

  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: { public: true } } }, async () => app.swagger());
  await app.register(async (api) => {
    await systemRoutes(api, deps);
    await authRoutes(api, deps);
    await blockRoutes(api, deps);
    await unitRoutes(api, deps);
    await frameworkRoutes(api, deps);
    await userRoutes(api, deps);
    await auditRoutes(api, deps);
    await resultRoutes(api, deps);
    await roundRoutes(api, deps);
    await assessmentRoutes(api, deps);
    await selfAssessmentReportRoutes(api, deps);
    await worklistRoutes(api, deps);
    await calendarRoutes(api, deps);
    await procedureRoutes(api, deps);
    await dossierRoutes(api, deps);
    await timelinessRoutes(api, deps);
    await apologyRoutes(api, deps);
    await homeRoutes(api, deps);
    await planRoutes(api, deps);
    await reminderRoutes(api, deps);
    await inspectionRoutes(api, deps);
    await registerRoutes(api, deps);
    await surveyCollectionRoutes(api, deps);
    await surveyResultsRoutes(api, deps);
    await surveyCampaignRoutes(api, deps);
    await surveyTemplateRoutes(api, deps);
    await surveyEntryRoutes(api, deps);
    await periodicReportRoutes(api, deps);
  });

  const webIndex = path.join(config.webDistDir, 'index.html');
  const hasWeb = fs.existsSync(webIndex);
  if (hasWeb) {
    // The build writes .br and .gz beside each asset (vite.config.ts): sent to browsers that accept them.
    await app.register(fastifyStatic, { root: config.webDistDir, wildcard: false, index: false, preCompressed: true });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0]!;
    const allowed = [...new Set(patterns.filter((p) => p.pattern.test(url)).map((p) => p.method))];
    if (allowed.length) {
      reply.header('allow', allowed.join(', '));
      return sendError(reply, 'method_not_allowed', `${request.method} is not allowed on ${url}; use ${allowed.join(', ')}`);
    }
    if (url.startsWith(API_PREFIX) || url === '/api' || request.method !== 'GET') {
      return sendError(reply, 'not_found', `No route ${request.method} ${url}`);
    }
    // The public survey form's short links (a unit's QR, its kiosk tablet, a personal link): its own small page.
    if (hasWeb && SURVEY_LINK.test(url) && fs.existsSync(path.join(config.webDistDir, 'survey.html'))) {
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('survey.html');
    }
    // Client-side routes of the SPA.
    if (hasWeb) return reply.type('text/html').sendFile('index.html');
    return reply
      .type('text/html')
      .send(
        '<!doctype html><meta charset="utf-8"><title>parindex</title><p>The web app is not built: run <code>npm run build</code>. The API is at <a href="/api/docs">/api/docs</a>.</p>',
      );
  });

  return app;
}
