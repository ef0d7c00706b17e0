import { z } from 'zod';
import { DOSSIER_CHANNELS } from '../../domain/vocabulary.js';
import { Code, Year } from '../../http/schemas.js';

/**
 * The contract of the timeliness report and dashboard (docs/timeliness.md): the queries, the dashboard's answer and
 * the report's JSON file. Rates are strings with two decimals ("86.21"), null when there is nothing to divide by.
 */

// Requests.

const LocalDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const Field = z.string().trim().min(1).max(300);

export const REPORT_GROUPINGS = ['unit', 'field'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];
export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** GET /timeliness/report. */
export const TimelinessReportQuery = z.object({
  year: Year.optional().describe('the local calendar year (default: this year)'),
  unit: Code.optional().describe('only this unit (not its child units)'),
  asOf: LocalDateText.optional().describe('report date D for overdue in processing (default: today while the year runs, else 31 December)'),
  by: z.enum(REPORT_GROUPINGS).default('unit'),
  format: z.enum(REPORT_FORMATS).default('json'),
});

/** The report as the service takes it: the year known, a unit code or none, a report date or the default. */
export const TimelinessReportParams = z.object({
  year: z.number(),
  /** A unit code: only that unit (not its child units). */
  unit: z.string().nullable(),
  /** The report date for overdue in processing; null: defaultReportDate(year, today). */
  asOf: z.string().nullable(),
  by: z.enum(REPORT_GROUPINGS),
});
export type TimelinessReportParams = z.infer<typeof TimelinessReportParams>;

/** GET /timeliness/dashboard. */
export const TimelinessDashboardQuery = z.object({
  year: Year.optional(),
  block: Code.optional(),
  unit: Code.optional(),
  field: Field.optional(),
  channel: z.enum(DOSSIER_CHANNELS).optional(),
  asOf: LocalDateText.optional(),
});
export type TimelinessDashboardQuery = z.infer<typeof TimelinessDashboardQuery>;

/** The dashboard as the service takes it: every filter given or null. */
export const TimelinessDashboardParams = z.object({
  year: z.number(),
  block: z.string().nullable(),
  unit: z.string().nullable(),
  field: z.string().nullable(),
  channel: z.enum(DOSSIER_CHANNELS).nullable(),
  asOf: z.string().nullable(),
});
export type TimelinessDashboardParams = z.infer<typeof TimelinessDashboardParams>;

// Responses.

const Rate = z.string().nullable();

/** The figures of one group: counts of the period, overdue in processing at the report date, and the rates. */
export const TimelinessFigures = z.object({
  received: z.number(),
  /** Received online (channel = online), for the online share. */
  receivedOnline: z.number(),
  resolved: z.number(),
  early: z.number(),
  onTime: z.number(),
  late: z.number(),
  overdue: z.number(),
  /** (early + on time) / resolved × 100, "86.21"; null when nothing was resolved. */
  onTimeRate: Rate,
  /** Received online / received × 100, "23.44"; null when nothing was received. */
  onlineShare: Rate,
});
export type TimelinessFigures = z.infer<typeof TimelinessFigures>;

export const MonthTrend = z.object({ month: z.number(), received: z.number(), resolved: z.number(), early: z.number(), onTime: z.number(), late: z.number() });
export type MonthTrend = z.infer<typeof MonthTrend>;

/**
 * Which units the caller's figures may cover (policies.ts): the whole province, or one unit (unit staff, who may
 * choose neither another unit nor a block).
 */
export const TimelinessScopeView = z.object({
  kind: z.enum(['province', 'unit']),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
});
export type TimelinessScopeView = z.infer<typeof TimelinessScopeView>;

export const TimelinessDashboard = z.object({
  year: z.number(),
  asOf: z.string(),
  /** province = every unit the filters allow; unit = one unit (a unit user, or a unit chosen). */
  view: z.enum(['province', 'unit']),
  scope: TimelinessScopeView,
  filters: z.object({ block: z.string().nullable(), unit: z.string().nullable(), field: z.string().nullable(), channel: z.enum(DOSSIER_CHANNELS).nullable() }),
  totals: TimelinessFigures,
  months: z.array(MonthTrend),
  units: z.array(TimelinessFigures.extend({ unitCode: z.string(), unitName: z.string(), blockCode: z.string().nullable() })),
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
  channels: z.array(TimelinessFigures.extend({ channel: z.enum(DOSSIER_CHANNELS) })),
  fields: z.array(TimelinessFigures.extend({ field: z.string() })),
});
export type TimelinessDashboard = z.infer<typeof TimelinessDashboard>;

/** One row of the report file (snake_case, as its CSV columns). */
export const TimelinessReportRow = z.object({
  unit_code: z.string(),
  /** Only with by = field. */
  field: z.string().optional(),
  received: z.number(),
  resolved: z.number(),
  early: z.number(),
  on_time: z.number(),
  late: z.number(),
  overdue_processing: z.number(),
  /** "98.25"; null when nothing was resolved. */
  on_time_rate: Rate,
});
export type TimelinessReportRow = z.infer<typeof TimelinessReportRow>;

/** The report (the JSON file of GET /timeliness/report?format=json, and what the CSV and XLSX are made of). */
export const TimelinessReport = z.object({
  year: z.number(),
  unit: z.string().nullable(),
  as_of: z.string(),
  by: z.enum(REPORT_GROUPINGS),
  rows: z.array(TimelinessReportRow),
});
export type TimelinessReport = z.infer<typeof TimelinessReport>;
