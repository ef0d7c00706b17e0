import { localYear } from '../../domain/local-time.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, sendDownload } from '../../http/download.js';
import { actorFromSession } from '../../http/request-context.js';
import { timelinessScope } from './policies.js';
import { TimelinessDashboard, TimelinessDashboardQuery, TimelinessReportQuery } from './schemas.js';
import { REPORT_CONTENT_TYPES, reportFile, reportFileName, reportUnitNames, timelinessDashboard, timelinessReport, todayOf } from './service.js';

/** Unit staff see their own unit; everyone else the province (policies.ts). */
const READERS = access.anyRole;

export async function timelinessRoutes(app: App, { clock }: AppDeps) {
  const tags = ['timeliness'];

  app.get(
    '/api/v1/timeliness/report',
    {
      config: { access: READERS, reads: 'replica' },
      schema: {
        tags,
        summary: 'Timeliness report of a year per unit (or unit and field): received, resolved, early, on time, late, overdue in processing, on-time rate',
        querystring: TimelinessReportQuery,
        response: fileResponse('The report as a file: JSON ({ year, unit, as_of, by, rows }), CSV or XLSX', 'json', 'csv', 'xlsx'),
      },
    },
    async (request, reply) => {
      const { year, unit, asOf, by, format } = request.query;
      const scope = timelinessScope(actorFromSession(request.session));
      const report = await timelinessReport(
        request.readDb,
        { year: year ?? localYear(clock()), unit: unit ?? null, asOf: asOf ?? null, by },
        todayOf(clock),
        scope,
      );
      const names = format === 'xlsx' ? await reportUnitNames(request.readDb, report) : undefined;
      return sendDownload(reply, reportFileName(report, format), REPORT_CONTENT_TYPES[format], await reportFile(report, format, names));
    },
  );

  app.get(
    '/api/v1/timeliness/dashboard',
    {
      config: { access: READERS, reads: 'replica' },
      schema: {
        tags,
        summary: 'Timeliness dashboard: totals, monthly trend, per-unit figures, worst procedures by late count, by channel and by field',
        querystring: TimelinessDashboardQuery,
        response: { 200: TimelinessDashboard },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = timelinessScope(actorFromSession(request.session));
      return timelinessDashboard(
        request.readDb,
        {
          year: q.year ?? localYear(clock()),
          block: q.block ?? null,
          unit: q.unit ?? null,
          field: q.field ?? null,
          channel: q.channel ?? null,
          asOf: q.asOf ?? null,
        },
        todayOf(clock),
        scope,
      );
    },
  );
}
