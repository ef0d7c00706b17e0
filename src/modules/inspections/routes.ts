import { z } from 'zod';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, MEDIA_TYPES, noContent, sendDownload } from '../../http/download.js';
import { ifMatch, withEtag } from '../../http/if-match.js';
import { actorFromSession } from '../../http/request-context.js';
import { localDate } from '../../domain/deadlines.js';
import {
  ClosureBody,
  FindingBody,
  FindingParams,
  FindingPatchBody,
  Inspection,
  InspectionBody,
  InspectionIdParam,
  InspectionPatchBody,
  InspectionsQuery,
  InspectionYear,
  Inspector,
  ItemParams,
  RemediationBody,
  RemediationPatchBody,
  Saved,
} from './schemas.js';
import {
  addFinding,
  addItem,
  closeItem,
  createInspection,
  deleteFinding,
  deleteInspection,
  deleteItem,
  inspectionDetail,
  inspectionDocument,
  inspectionYear,
  listInspectors,
  reopenItem,
  updateFinding,
  updateInspection,
  updateItem,
} from './service.js';

/** The roles a team member may have; the service then lets only the organizer and the team's members edit. */
const TEAM_ROLES = ['admin', 'appraiser', 'council'] as const;
/** Remediation items are closed by the inspected unit's staff (own unit, checked in the service) or the team. */
const CLOSURE_ROLES = ['admin', 'appraiser', 'council', 'unit_officer', 'unit_leader'] as const;

/** Inspections (kiểm tra CCHC, docs/inspections.md): the organizer's plan, the teams' records, the units' follow-up. */
export async function inspectionRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;
  const tags = ['inspections'];
  const today = () => localDate(clock());
  const saved = (row: { id: number; version: number }) => ({ id: row.id, version: row.version });

  app.get(
    '/api/v1/inspections',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'The year’s inspection plan: coverage over active units, and each inspection with findings and remediation counts (unit staff: their unit’s)',
        querystring: InspectionsQuery,
        response: { 200: InspectionYear },
      },
    },
    async (request) => inspectionYear(db, actorFromSession(request.session), request.query.year, today()),
  );

  app.get(
    '/api/v1/inspections/inspectors',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'The accounts that may be on an inspection team (active admin, appraiser, council)', response: { 200: z.array(Inspector) } },
    },
    async () => listInspectors(db),
  );

  app.post(
    '/api/v1/inspections',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Add an inspection to the year’s plan: unit, planned dates, decision number, areas, team with one lead',
        querystring: InspectionsQuery,
        body: InspectionBody,
        response: { 201: Saved },
      },
    },
    async (request, reply) => {
      const row = await createInspection(db, actorFromSession(request.session), request.query.year, request.body);
      return reply.code(201).send(saved(row));
    },
  );

  app.get(
    '/api/v1/inspections/:id',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: 'An inspection: team, areas, findings, remediation items (overdue flagged)',
        params: InspectionIdParam,
        response: { 200: Inspection },
      },
    },
    async (request, reply) => withEtag(reply, await inspectionDetail(db, actorFromSession(request.session), request.params.id, today())),
  );

  app.patch(
    '/api/v1/inspections/:id',
    {
      config: { access: access.roles(TEAM_ROLES, 'province') },
      schema: {
        tags,
        summary:
          'Edit an inspection (its team: dates, decision, areas, status with conductedOn / conclusion and concludedOn; the organizer also unit and team); If-Match its version',
        params: InspectionIdParam,
        body: InspectionPatchBody,
        response: { 200: Saved },
      },
    },
    async (request) => saved(await updateInspection(db, actorFromSession(request.session), request.params.id, request.body, ifMatch(request.headers))),
  );

  app.delete(
    '/api/v1/inspections/:id',
    {
      config: { access: access.admin },
      schema: { tags, summary: 'Delete an inspection with its findings and items (organizer)', params: InspectionIdParam, response: noContent },
    },
    async (request, reply) => {
      await deleteInspection(db, actorFromSession(request.session), request.params.id, ifMatch(request.headers));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/inspections/:id/findings',
    {
      config: { access: access.roles(TEAM_ROLES, 'province') },
      schema: {
        tags,
        summary: 'Add a strength, shortcoming or recommendation (the team)',
        params: InspectionIdParam,
        body: FindingBody,
        response: { 201: Saved },
      },
    },
    async (request, reply) => reply.code(201).send(saved(await addFinding(db, actorFromSession(request.session), request.params.id, request.body))),
  );

  app.patch(
    '/api/v1/inspections/:id/findings/:finding',
    {
      config: { access: access.roles(TEAM_ROLES, 'province') },
      schema: { tags, summary: 'Edit a finding; If-Match its version', params: FindingParams, body: FindingPatchBody, response: { 200: Saved } },
    },
    async (request) =>
      saved(await updateFinding(db, actorFromSession(request.session), request.params.id, request.params.finding, request.body, ifMatch(request.headers))),
  );

  app.delete(
    '/api/v1/inspections/:id/findings/:finding',
    {
      config: { access: access.roles(TEAM_ROLES, 'province') },
      schema: { tags, summary: 'Delete a finding (items answering it lose the link)', params: FindingParams, response: noContent },
    },
    async (request, reply) => {
      await deleteFinding(db, actorFromSession(request.session), request.params.id, request.params.finding, ifMatch(request.headers));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/inspections/:id/remediation',
    {
      config: { access: access.roles(TEAM_ROLES, 'province') },
      schema: {
        tags,
        summary: 'Add a remediation item: title, owner, deadline, the recommendation it answers (the team)',
        params: InspectionIdParam,
        body: RemediationBody,
        response: { 201: Saved },
      },
    },
    async (request, reply) => reply.code(201).send(saved(await addItem(db, actorFromSession(request.session), request.params.id, request.body))),
  );

  app.patch(
    '/api/v1/inspections/:id/remediation/:item',
    {
      config: { access: access.roles(TEAM_ROLES, 'province') },
      schema: { tags, summary: 'Edit a remediation item; If-Match its version', params: ItemParams, body: RemediationPatchBody, response: { 200: Saved } },
    },
    async (request) =>
      saved(await updateItem(db, actorFromSession(request.session), request.params.id, request.params.item, request.body, ifMatch(request.headers))),
  );

  app.delete(
    '/api/v1/inspections/:id/remediation/:item',
    {
      config: { access: access.roles(TEAM_ROLES, 'province') },
      schema: { tags, summary: 'Delete a remediation item', params: ItemParams, response: noContent },
    },
    async (request, reply) => {
      await deleteItem(db, actorFromSession(request.session), request.params.id, request.params.item, ifMatch(request.headers));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/inspections/:id/remediation/:item/closure',
    {
      config: { access: access.roles(CLOSURE_ROLES) },
      schema: {
        tags,
        summary: 'Close a remediation item with its evidence and date (the inspected unit’s staff, or the team); If-Match its version',
        params: ItemParams,
        body: ClosureBody,
        response: { 200: Saved },
      },
    },
    async (request) =>
      saved(await closeItem(db, actorFromSession(request.session), request.params.id, request.params.item, request.body, today(), ifMatch(request.headers))),
  );

  app.delete(
    '/api/v1/inspections/:id/remediation/:item/closure',
    {
      config: { access: access.roles(CLOSURE_ROLES) },
      schema: { tags, summary: 'Reopen a closed remediation item; If-Match its version', params: ItemParams, response: { 200: Saved } },
    },
    async (request) => saved(await reopenItem(db, actorFromSession(request.session), request.params.id, request.params.item, ifMatch(request.headers))),
  );

  for (const kind of ['record', 'conclusion'] as const) {
    app.get(
      `/api/v1/inspections/:id/${kind}.docx`,
      {
        config: { access: access.anyRole },
        schema: {
          tags,
          summary: kind === 'record' ? 'The inspection record (biên bản kiểm tra CCHC) as DOCX' : 'The inspection conclusion (kết luận kiểm tra) as DOCX',
          params: InspectionIdParam,
          response: fileResponse('The DOCX document', 'docx'),
        },
      },
      async (request, reply) => {
        const { buffer, name } = await inspectionDocument(db, actorFromSession(request.session), request.params.id, kind, today());
        return sendDownload(reply, name, MEDIA_TYPES.docx, buffer);
      },
    );
  }
}
