import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { receiveFile } from '../../http/upload.js';
import { ifMatch, withEtag } from '../../http/if-match.js';
import { actorFromSession } from '../../http/request-context.js';
import { fileResponse, noContent, sendDownload } from '../../http/download.js';
import { Evidence } from '../files/schemas.js';
import { openFile } from '../files/service.js';
import { appraise, correctScore, councilScore, explain, organizerPoints, removeEvidence, selfAssess, submit, uploadEvidence } from './commands.js';
import { notificationsFor } from './notifications.js';
import { appraisalQueue, disagreements, evidenceForDownload, getSheet } from './queries.js';
import {
  AppraisalBody,
  AppraisalQueue,
  Disagreements,
  EvidenceParams,
  ExplanationBody,
  NoticeList,
  OrganizerPointsBody,
  RoundIdParams,
  Score,
  ScoreParams,
  ScoreWithReasonBody,
  SelfScoreBody,
  Sheet,
  Submitted,
  UnitParams,
} from './schemas.js';

const UNIT_STAFF = ['unit_officer', 'unit_leader'] as const;

export async function assessmentRoutes(app: App, { database, config, fileStore, clock }: AppDeps) {
  const { db } = database;
  const tags = ['assessments'];
  const ctx = (request: { session: Parameters<typeof actorFromSession>[0]; headers: Parameters<typeof ifMatch>[0] }) => ({
    db,
    actor: actorFromSession(request.session),
    now: clock(),
    ifMatch: ifMatch(request.headers),
  });
  const base = '/api/v1/rounds/:id/units/:unitCode';

  app.get(
    `${base}/assessment`,
    {
      config: { access: access.roles(['admin', 'council', 'appraiser', 'unit_officer', 'unit_leader']) },
      schema: {
        tags,
        summary: "A unit's self-assessment sheet: criteria, scores at every stage, evidence, progress, and what the caller may do",
        params: UnitParams,
        response: { 200: Sheet },
      },
    },
    async (request) => getSheet(db, actorFromSession(request.session), request.params.id, request.params.unitCode, clock()),
  );

  app.put(
    `${base}/scores/:criterionCode/self`,
    {
      config: { access: access.roles(UNIT_STAFF) },
      schema: {
        tags,
        summary: 'Self-score a manual criterion (own unit, before submission, within the window)',
        params: ScoreParams,
        body: SelfScoreBody,
        response: { 200: Score },
      },
    },
    async (request, reply) =>
      withEtag(reply, await selfAssess(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body)),
  );

  app.post(
    `${base}/scores/:criterionCode/evidence`,
    {
      config: { access: access.roles(UNIT_STAFF) },
      schema: {
        tags,
        summary: 'Attach an evidence file (PDF, DOCX, XLSX, image; checked by content)',
        consumes: ['multipart/form-data'],
        params: ScoreParams,
        response: { 201: Evidence },
      },
    },
    async (request, reply) => {
      const part = await receiveFile(request, { limitBytes: config.uploadLimitBytes });
      const item = await uploadEvidence(ctx(request), fileStore, request.params.id, request.params.unitCode, request.params.criterionCode, {
        stream: part.stream,
        fileName: part.filename,
        limitBytes: config.uploadLimitBytes,
      });
      return reply.status(201).send(item);
    },
  );

  app.get(
    `${base}/evidence/:evidenceId`,
    {
      config: { access: access.roles(['admin', 'council', 'appraiser', 'unit_officer', 'unit_leader']) },
      schema: {
        tags,
        summary: 'Download an evidence file',
        params: EvidenceParams,
        response: fileResponse('The evidence file as uploaded (PDF, DOCX, XLSX or an image)', 'pdf', 'docx', 'xlsx', 'any'),
      },
    },
    async (request, reply) => {
      const item = await evidenceForDownload(
        db,
        actorFromSession(request.session),
        request.params.id,
        request.params.unitCode,
        request.params.evidenceId,
        clock(),
      );
      const file = await openFile(db, fileStore, item.sha256);
      return sendDownload(reply, item.fileName, file.mediaType, file.stream);
    },
  );

  app.delete(
    `${base}/evidence/:evidenceId`,
    {
      config: { access: access.roles(UNIT_STAFF) },
      schema: {
        tags,
        summary: 'Remove an evidence file (own unit, before submission, within the self-assessment window)',
        params: EvidenceParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      await removeEvidence(ctx(request), request.params.id, request.params.unitCode, request.params.evidenceId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${base}/submit`,
    {
      config: { access: access.roles(['unit_leader']) },
      schema: { tags, summary: 'The leader submits; the self-assessment locks', params: UnitParams, response: { 200: Submitted } },
    },
    async (request) => submit(ctx(request), request.params.id, request.params.unitCode),
  );

  app.put(
    `${base}/scores/:criterionCode/appraisal`,
    {
      config: { access: access.roles(['appraiser']) },
      schema: {
        tags,
        summary: 'Appraise: accept or set a score with a reason, ask for an explanation, or finalise',
        params: ScoreParams,
        body: AppraisalBody,
        response: { 200: Score },
      },
    },
    async (request, reply) =>
      withEtag(reply, await appraise(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body)),
  );

  app.put(
    `${base}/scores/:criterionCode/explanation`,
    {
      config: { access: access.roles(UNIT_STAFF) },
      schema: { tags, summary: "The unit's answer to an explanation request (once)", params: ScoreParams, body: ExplanationBody, response: { 200: Score } },
    },
    async (request, reply) =>
      withEtag(reply, await explain(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body.answer)),
  );

  app.put(
    `${base}/scores/:criterionCode/council`,
    {
      config: { access: access.roles(['council'], 'province') },
      schema: { tags, summary: 'A council score with its reason', params: ScoreParams, body: ScoreWithReasonBody, response: { 200: Score } },
    },
    async (request, reply) =>
      withEtag(reply, await councilScore(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body)),
  );

  app.put(
    `${base}/scores/:criterionCode/organizer`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Survey, bonus and penalty points entered by the organizer (a survey not held: notApplicable)',
        params: ScoreParams,
        body: OrganizerPointsBody,
        response: { 200: Score },
      },
    },
    async (request, reply) =>
      withEtag(reply, await organizerPoints(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body)),
  );

  app.put(
    `${base}/scores/:criterionCode/correction`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Correct a score of an approved or published round with a reason; publish a correction to make it visible',
        params: ScoreParams,
        body: ScoreWithReasonBody,
        response: { 200: Score },
      },
    },
    async (request, reply) =>
      withEtag(reply, await correctScore(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body)),
  );

  app.get(
    '/api/v1/notifications',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'What waits for me: criteria to score or appraise, explanations asked, approvals, deadlines in the next 7 days',
        response: { 200: NoticeList },
      },
    },
    async (request) => ({ items: await notificationsFor(db, actorFromSession(request.session), clock()) }),
  );

  app.get(
    '/api/v1/rounds/:id/appraisals',
    {
      config: { access: access.roles(['appraiser']) },
      schema: {
        tags,
        summary: "The appraiser's queue: submitted units × the criteria of their department, self and appraisal side by side",
        params: RoundIdParams,
        response: { 200: AppraisalQueue },
      },
    },
    async (request) => ({ items: await appraisalQueue(db, actorFromSession(request.session), request.params.id, clock()) }),
  );

  app.get(
    '/api/v1/rounds/:id/disagreements',
    {
      config: { access: access.roles(['council', 'admin'], 'province') },
      schema: { tags, summary: 'Criteria whose appraised score differs from the self-score', params: RoundIdParams, response: { 200: Disagreements } },
    },
    async (request) => ({ items: await disagreements(db, request.params.id) }),
  );
}
