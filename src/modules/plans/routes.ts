import { z } from 'zod';
import type { App, AppDeps } from '../../http/app.js';
import { access, ALL_ROLES } from '../../http/access.js';
import { fileResponse, MEDIA_TYPES, noContent, sendDownload } from '../../http/download.js';
import { ifMatch } from '../../http/if-match.js';
import { actorFromSession } from '../../http/request-context.js';
import { Year } from '../../http/schemas.js';
import { readUploadedFile } from '../../http/upload.js';
import { CONTENT_TYPES } from '../../io/tabular.js';
import { defaultAsOf } from '../../domain/plans.js';
import { localDateOf } from '../../domain/timeliness.js';
import { isUnitStaff } from '../auth/scope.js';
import { unitCodesById } from '../units/service.js';
import {
  PlanBody,
  PlanIdParam,
  PlanPatchBody,
  PlansQuery,
  PlansReportQuery,
  type PlansReportRow,
  PlanTasksImportQuery,
  PlanTasksImportResult,
  RequiredPlansBody,
  TaskBody,
  TaskParams,
  UnitPlans,
} from './schemas.js';
import {
  createPlan,
  deletePlan,
  deleteTask,
  importPlanTasks,
  plansReport,
  plansReportFile,
  putTask,
  setRequiredPlans,
  unitPlans,
  updatePlan,
} from './service.js';

const Saved = z.object({ id: z.number().int(), version: z.number().int() });

/** Reform plans and their tasks (docs/plans.md). Unit staff work on their own unit's plans; the organizer on all. */
export async function planRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;
  const tags = ['plans'];
  const today = () => localDateOf(clock().getTime());

  app.get(
    '/api/v1/plans',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary:
          'A unit’s plans of a year (the province’s own without `unit`; unit staff: their unit by default) with tasks, progress and the required-plans checklist',
        querystring: PlansQuery,
        response: { 200: UnitPlans },
      },
    },
    async (request) => {
      const actor = actorFromSession(request.session);
      // Unit staff see their own unit's plans unless they name it.
      const own = isUnitStaff(actor) && actor.unitId !== null ? ((await unitCodesById(db, [actor.unitId])).get(actor.unitId) ?? null) : null;
      return unitPlans(db, actor, request.query.year, request.query.unit ?? own, today());
    },
  );

  app.post(
    '/api/v1/plans',
    {
      config: { access: access.roles(['admin', 'unit_officer', 'unit_leader']) },
      schema: {
        tags,
        summary: 'Create a plan for a unit (or the province when `unit` is left out: organizer only)',
        querystring: PlansQuery,
        body: PlanBody,
        response: { 201: Saved },
      },
    },
    async (request, reply) => {
      const plan = await createPlan(db, actorFromSession(request.session), request.query.year, request.query.unit ?? null, request.body);
      return reply.code(201).send({ id: plan.id, version: plan.version });
    },
  );

  app.patch(
    '/api/v1/plans/:id',
    {
      config: { access: access.roles(['admin', 'unit_officer', 'unit_leader']) },
      schema: {
        tags,
        summary: 'Edit a plan (number, issue and due dates, title, kind); If-Match its version',
        params: PlanIdParam,
        body: PlanPatchBody,
        response: { 200: Saved },
      },
    },
    async (request) => {
      const plan = await updatePlan(db, actorFromSession(request.session), request.params.id, request.body, ifMatch(request.headers));
      return { id: plan.id, version: plan.version };
    },
  );

  app.delete(
    '/api/v1/plans/:id',
    {
      config: { access: access.roles(['admin', 'unit_officer', 'unit_leader']) },
      schema: { tags, summary: 'Delete a plan and its tasks', params: PlanIdParam, response: noContent },
    },
    async (request, reply) => {
      await deletePlan(db, actorFromSession(request.session), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/plans/:id/tasks/:task',
    {
      config: { access: access.roles(['admin', 'unit_officer', 'unit_leader']) },
      schema: {
        tags,
        summary: 'Add or replace a task (a done task needs completedOn); If-Match its version',
        params: TaskParams,
        body: TaskBody,
        response: { 200: Saved },
      },
    },
    async (request) => {
      const task = await putTask(
        db,
        actorFromSession(request.session),
        request.params.id,
        { ...request.body, code: request.params.task },
        ifMatch(request.headers),
      );
      return { id: task.id, version: task.version };
    },
  );

  app.delete(
    '/api/v1/plans/:id/tasks/:task',
    {
      config: { access: access.roles(['admin', 'unit_officer', 'unit_leader']) },
      schema: { tags, summary: 'Delete a task', params: TaskParams, response: noContent },
    },
    async (request, reply) => {
      await deleteTask(db, actorFromSession(request.session), request.params.id, request.params.task);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/plans/required',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Set the plans a block’s units must issue in a year (kind, name, due date)',
        querystring: z.object({ year: Year }),
        body: RequiredPlansBody,
        response: { 200: z.object({ year: z.number().int(), count: z.number().int() }) },
      },
    },
    async (request) => {
      const rows = await setRequiredPlans(db, actorFromSession(request.session), request.query.year, request.body);
      return { year: request.query.year, count: rows.length };
    },
  );

  app.post(
    '/api/v1/plans/tasks/import',
    {
      config: { access: access.roles(['admin', 'unit_officer', 'unit_leader']) },
      schema: {
        tags,
        summary:
          'Import plan tasks from CSV/XLSX unit_code,plan_code,task_code,title,area,owner,output,deadline,status,completed_on (all or nothing; keyed by unit, plan and task code)',
        querystring: PlanTasksImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: PlanTasksImportResult },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importPlanTasks(db, actorFromSession(request.session), request.query.year, buffer);
    },
  );

  app.get(
    '/api/v1/plans/report',
    {
      config: { access: { roles: ALL_ROLES.filter((r) => r !== 'unit_officer' && r !== 'unit_leader'), scope: 'province' }, reads: 'replica' },
      schema: {
        tags,
        summary: 'Per unit with plans: plans required and issued, tasks, done, overdue at the as-of date (default today), completion rate',
        querystring: PlansReportQuery,
        response: fileResponse('The report: CSV, XLSX, or JSON rows', 'csv', 'xlsx', 'json'),
      },
    },
    async (request, reply) => {
      const { year, format } = request.query;
      const asOf = request.query.asOf ?? defaultAsOf(year, today());
      if (format === 'json') {
        const rows: PlansReportRow[] = await plansReport(request.readDb, year, asOf);
        return sendDownload(reply, `plans-${year}.json`, MEDIA_TYPES.json, Buffer.from(`${JSON.stringify(rows, null, 2)}\n`));
      }
      return sendDownload(reply, `plans-${year}.${format}`, CONTENT_TYPES[format], await plansReportFile(request.readDb, year, asOf, format));
    },
  );
}
