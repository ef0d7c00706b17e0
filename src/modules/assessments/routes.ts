import { z } from 'zod';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { receiveFile } from '../../http/upload.js';
import { ifMatch, withEtag } from '../../http/if-match.js';
import { actorFromSession } from '../../http/request-context.js';
import { Code } from '../../http/schemas.js';
import { sendDownload } from '../../http/download.js';
import { openFile } from '../files/service.js';
import { notificationsFor } from './notifications.js';
import { appraisalQueue, appraise, correctScore, councilScore, organizerPoints, disagreements, evidenceForDownload, explain, getSheet, removeEvidence, selfAssess, submit, uploadEvidence } from './service.js';

const Points = z.union([z.number(), z.string().trim().min(1)]);
const UnitParams = z.object({ id: z.coerce.number().int().positive(), unitCode: Code });
const ScoreParams = UnitParams.extend({ criterionCode: z.string().regex(/^\d+(\.\d+)*$/, 'a dotted criterion code') });
const Text = z.string().trim().max(4000);

const ScoreViewSchema = z.object({
  notApplicable: z.boolean(),
  notApplicableReason: z.string().nullable(),
  selfScore: z.number().nullable(),
  selfNote: z.string().nullable(),
  missingEvidenceReason: z.string().nullable(),
  appraisedScore: z.number().nullable(),
  appraisalReason: z.string().nullable(),
  explanationRequest: z.string().nullable(),
  explanationAnswer: z.string().nullable(),
  appraisalFinal: z.boolean(),
  councilScore: z.number().nullable(),
  councilReason: z.string().nullable(),
  version: z.number().int().describe('0 before the first write; send it back in If-Match'),
});

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
      schema: { tags, summary: "A unit's self-assessment sheet: criteria, scores at every stage, evidence, progress", params: UnitParams },
    },
    async (request) => getSheet(db, actorFromSession(request.session), request.params.id, request.params.unitCode),
  );

  app.put(
    `${base}/scores/:criterionCode/self`,
    {
      config: { access: access.roles(UNIT_STAFF) },
      schema: {
        tags,
        summary: 'Self-score a manual criterion (own unit, before submission, within the window)',
        params: ScoreParams,
        body: z.object({ score: Points.nullable().optional(), note: Text.nullable().optional(), notApplicable: z.boolean().optional(), notApplicableReason: Text.nullable().optional(), missingEvidenceReason: Text.nullable().optional() }),
        response: { 200: ScoreViewSchema },
      },
    },
    async (request, reply) => withEtag(reply, await selfAssess(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body)),
  );

  app.post(
    `${base}/scores/:criterionCode/evidence`,
    { config: { access: access.roles(UNIT_STAFF) }, schema: { tags, summary: 'Attach an evidence file (PDF, DOCX, XLSX, image; checked by content)', consumes: ['multipart/form-data'], params: ScoreParams } },
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
      schema: { tags, summary: 'Download an evidence file', params: UnitParams.extend({ evidenceId: z.coerce.number().int().positive() }) },
    },
    async (request, reply) => {
      const item = await evidenceForDownload(db, actorFromSession(request.session), request.params.id, request.params.unitCode, request.params.evidenceId);
      const file = await openFile(db, fileStore, item.sha256);
      return sendDownload(reply, item.fileName, file.mediaType, file.stream);
    },
  );

  app.delete(
    `${base}/evidence/:evidenceId`,
    {
      config: { access: access.roles(UNIT_STAFF) },
      schema: { tags, summary: "Remove an evidence file (own unit, before submission, within the self-assessment window)", params: UnitParams.extend({ evidenceId: z.coerce.number().int().positive() }) },
    },
    async (request, reply) => {
      await removeEvidence(ctx(request), request.params.id, request.params.unitCode, request.params.evidenceId);
      return reply.status(204).send();
    },
  );

  app.post(
    `${base}/submit`,
    { config: { access: access.roles(['unit_leader']) }, schema: { tags, summary: 'The leader submits; the self-assessment locks', params: UnitParams, response: { 200: z.object({ submittedAt: z.string() }) } } },
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
        body: z.object({ score: Points.optional(), reason: Text.nullable().optional(), explanationRequest: Text.nullable().optional(), final: z.boolean().optional() }),
        response: { 200: ScoreViewSchema },
      },
    },
    async (request, reply) => withEtag(reply, await appraise(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body)),
  );

  app.put(
    `${base}/scores/:criterionCode/explanation`,
    { config: { access: access.roles(UNIT_STAFF) }, schema: { tags, summary: "The unit's answer to an explanation request (once)", params: ScoreParams, body: z.object({ answer: Text.min(1) }), response: { 200: ScoreViewSchema } } },
    async (request, reply) => withEtag(reply, await explain(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body.answer)),
  );

  app.put(
    `${base}/scores/:criterionCode/council`,
    {
      config: { access: access.roles(['council'], 'province') },
      schema: { tags, summary: 'A council score with its reason', params: ScoreParams, body: z.object({ score: Points, reason: Text.min(1) }), response: { 200: ScoreViewSchema } },
    },
    async (request, reply) => withEtag(reply, await councilScore(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body)),
  );

  app.put(
    `${base}/scores/:criterionCode/organizer`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Survey, bonus and penalty points entered by the organizer (a survey not held: notApplicable)',
        params: ScoreParams,
        body: z.object({ score: Points.optional(), notApplicable: z.boolean().optional(), reason: Text.min(1) }),
        response: { 200: ScoreViewSchema },
      },
    },
    async (request, reply) => withEtag(reply, await organizerPoints(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body)),
  );

  app.put(
    `${base}/scores/:criterionCode/correction`,
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Correct a score of an approved or published round with a reason; publish a correction to make it visible',
        params: ScoreParams,
        body: z.object({ score: Points, reason: Text.min(1) }),
        response: { 200: ScoreViewSchema },
      },
    },
    async (request, reply) => withEtag(reply, await correctScore(ctx(request), request.params.id, request.params.unitCode, request.params.criterionCode, request.body)),
  );

  app.get(
    '/api/v1/notifications',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'What waits for me: criteria to score or appraise, explanations asked, approvals, deadlines in the next 7 days',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                kind: z.enum(['to_score', 'to_submit', 'explanation_asked', 'to_appraise', 'disagreements', 'to_approve', 'deadline']),
                roundId: z.number(),
                year: z.number(),
                blockCode: z.string(),
                unitCode: z.string().nullable(),
                count: z.number(),
                deadline: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await notificationsFor(db, actorFromSession(request.session), clock()) }),
  );

  app.get(
    '/api/v1/rounds/:id/appraisals',
    {
      config: { access: access.roles(['appraiser']) },
      schema: { tags, summary: "The appraiser's queue: submitted units × the criteria of their department, self and appraisal side by side", params: z.object({ id: z.coerce.number().int().positive() }) },
    },
    async (request) => ({ items: await appraisalQueue(db, actorFromSession(request.session), request.params.id) }),
  );

  app.get(
    '/api/v1/rounds/:id/disagreements',
    {
      config: { access: access.roles(['council', 'admin'], 'province') },
      schema: { tags, summary: 'Criteria whose appraised score differs from the self-score', params: z.object({ id: z.coerce.number().int().positive() }) },
    },
    async (request) => ({ items: await disagreements(db, request.params.id) }),
  );
}
