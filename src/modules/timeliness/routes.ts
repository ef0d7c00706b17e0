import { z } from 'zod';
import { DOSSIER_CHANNELS } from '../../db/schema.js';
import { localYear } from '../../domain/local-time.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { sendDownload } from '../../http/download.js';
import { actorFromSession } from '../../http/request-context.js';
import { Code, Year } from '../../http/schemas.js';
import { timelinessScope } from './policies.js';
import { REPORT_CONTENT_TYPES, reportFile, reportFileName, timelinessDashboard, timelinessReport, todayOf } from './service.js';

const LocalDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const Field = z.string().trim().min(1).max(300);

const ReportQuery = z.object({
  year: Year.optional().describe('the local calendar year (default: this year)'),
  unit: Code.optional().describe('only this unit (not its child units)'),
  asOf: LocalDateText.optional().describe('report date D for overdue in processing (default: today while the year runs, else 31 December)'),
  by: z.enum(['unit', 'field']).default('unit'),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});

const DashboardQuery = z.object({
  year: Year.optional(),
  block: Code.optional(),
  unit: Code.optional(),
  field: Field.optional(),
  channel: z.enum(DOSSIER_CHANNELS).optional(),
  asOf: LocalDateText.optional(),
});

const Rate = z.string().nullable();
const Figures = z.object({
  received: z.number(),
  receivedOnline: z.number(),
  resolved: z.number(),
  early: z.number(),
  onTime: z.number(),
  late: z.number(),
  overdue: z.number(),
  onTimeRate: Rate,
  onlineShare: Rate,
});
const DashboardSchema = z.object({
  year: z.number(),
  asOf: z.string(),
  view: z.enum(['province', 'unit']),
  filters: z.object({ block: z.string().nullable(), unit: z.string().nullable(), field: z.string().nullable(), channel: z.enum(DOSSIER_CHANNELS).nullable() }),
  totals: Figures,
  months: z.array(z.object({ month: z.number(), received: z.number(), resolved: z.number(), early: z.number(), onTime: z.number(), late: z.number() })),
  units: z.array(Figures.extend({ unitCode: z.string(), unitName: z.string(), blockCode: z.string().nullable() })),
  worstProcedures: z.array(
    z.object({
      procedureCode: z.string(),
      procedureName: z.string(),
      unitCode: z.string(),
      unitName: z.string(),
      late: z.number(),
      resolved: z.number(),
      onTimeRate: Rate,
    }),
  ),
  channels: z.array(Figures.extend({ channel: z.enum(DOSSIER_CHANNELS) })),
  fields: z.array(Figures.extend({ field: z.string() })),
});

/** Unit staff see their own unit; everyone else the province (policies.ts). */
const READERS = access.anyRole;

export async function timelinessRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;
  const tags = ['timeliness'];

  app.get(
    '/api/v1/timeliness/report',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Timeliness report of a year per unit (or unit and field): received, resolved, early, on time, late, overdue in processing, on-time rate',
        querystring: ReportQuery,
      },
    },
    async (request, reply) => {
      const { year, unit, asOf, by, format } = request.query;
      const scope = timelinessScope(actorFromSession(request.session));
      const report = await timelinessReport(db, { year: year ?? localYear(clock()), unit: unit ?? null, asOf: asOf ?? null, by }, todayOf(clock), scope);
      return sendDownload(reply, reportFileName(report, format), REPORT_CONTENT_TYPES[format], await reportFile(report, format));
    },
  );

  app.get(
    '/api/v1/timeliness/dashboard',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Timeliness dashboard: totals, monthly trend, per-unit figures, worst procedures by late count, by channel and by field',
        querystring: DashboardQuery,
        response: { 200: DashboardSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = timelinessScope(actorFromSession(request.session));
      return timelinessDashboard(
        db,
        { year: q.year ?? localYear(clock()), block: q.block ?? null, unit: q.unit ?? null, field: q.field ?? null, channel: q.channel ?? null, asOf: q.asOf ?? null },
        todayOf(clock),
        scope,
      );
    },
  );
}
