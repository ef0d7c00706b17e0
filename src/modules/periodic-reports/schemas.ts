import { z } from 'zod';
import { REPORT_PERIODS } from '../../domain/periodic-reports.js';
import { Code, Year } from '../../http/schemas.js';
import { LocalDateText } from '../apology/schemas.js';

/**
 * The contract of periodic reports (báo cáo định kỳ CCHC, docs/periodic-reports.md): the year's due dates, a unit's
 * report of a period (assembled figures + the unit's texts), its submission, the organizer's template, the on-time
 * status of every unit. Dates are local 'YYYY-MM-DD'; rates are percentages with two decimals, null when nothing counts.
 */

export const ReportPeriod = z.enum(REPORT_PERIODS);

// Requests.

export const YearQuery = z.object({ year: Year });
export const StatusQuery = z.object({ year: Year, period: ReportPeriod });

export const DeadlineRow = z.object({ period: ReportPeriod, dueOn: LocalDateText });
export const DeadlinesBody = z.object({ deadlines: z.array(DeadlineRow).max(REPORT_PERIODS.length * 2) });
export type DeadlinesBody = z.infer<typeof DeadlinesBody>;

export const UnitYearParams = z.object({ unitCode: Code, year: Year });
export const ReportParams = z.object({ unitCode: Code, year: Year, period: ReportPeriod });
export type ReportParams = z.infer<typeof ReportParams>;

/** A section key: lower-case letters, digits and `_`. */
export const SectionKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'a section key: lower-case letters, digits and _, starting with a letter');

export const ReportBody = z.object({
  /** The unit's texts by the template's section key (a key not in the template is refused). */
  sections: z.record(z.string(), z.string().max(30_000)),
  documentNo: z.string().trim().max(100).nullish(),
});
export type ReportBody = z.infer<typeof ReportBody>;

const Line = z.string().max(300);
export const TemplateSection = z.object({ key: SectionKey, title: z.string().trim().min(1).max(300), hint: z.string().max(2000).default('') });

/** The organizer's report template: texts with {{placeholders}} and the sections units write. */
export const ReportTemplate = z.object({
  letterhead: z.array(Line).max(4),
  place: z.string().max(100),
  dateLine: Line,
  title: z.string().trim().min(1).max(500),
  intro: z.string().max(2000).default(''),
  sections: z.array(TemplateSection).min(1).max(20),
  signatureTitle: Line,
  signatureNote: Line.default(''),
  signerName: Line.default(''),
  recipients: z.array(Line).max(10),
});
export type ReportTemplate = z.infer<typeof ReportTemplate>;

// Responses.

export const Deadlines = z.object({
  year: z.number().int(),
  deadlines: z.array(z.object({ period: ReportPeriod, dueOn: z.string(), from: z.string(), to: z.string() })),
  can: z.object({ edit: z.boolean() }),
});
export type Deadlines = z.infer<typeof Deadlines>;

export const TemplateView = z.object({
  template: ReportTemplate,
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
  version: z.number().int().describe('The ETag (0: the built-in template); send it back in If-Match when saving'),
});
export type TemplateView = z.infer<typeof TemplateView>;
export const TemplateResponse = TemplateView.extend({ placeholders: z.record(z.string(), z.string()), can: z.object({ edit: z.boolean() }) });
export type TemplateResponse = z.infer<typeof TemplateResponse>;

const Rate = z.number().nullable().describe('% with 2 decimals; null when nothing is counted');

export const ReportFigures = z.object({
  plans: z.object({
    plans: z.number().int(),
    required: z.number().int(),
    issued: z.number().int(),
    late: z.number().int(),
    issuedRate: Rate,
    tasks: z.number().int(),
    completed: z.number().int(),
    overdue: z.number().int(),
    completionRate: Rate,
  }),
  /** Null when the unit has no dossier in the period. */
  timeliness: z
    .object({
      received: z.number().int(),
      resolved: z.number().int(),
      early: z.number().int(),
      onTime: z.number().int(),
      late: z.number().int(),
      overdue: z.number().int(),
      onTimeRate: z.string().nullable(),
    })
    .nullable(),
  /** The year's survey campaigns that cover the unit and opened by the as-of date. */
  surveys: z.array(
    z.object({ code: z.string(), name: z.string(), kind: z.string(), responses: z.number().int(), target: z.number().int(), sipas: z.number().nullable() }),
  ),
  inspections: z.object({
    inspections: z.number().int(),
    conducted: z.number().int(),
    findings: z.number().int(),
    remediation: z.number().int(),
    closed: z.number().int(),
    open: z.number().int(),
    overdue: z.number().int(),
  }),
  registers: z.record(z.string(), z.number()),
});
export type ReportFigures = z.infer<typeof ReportFigures>;

export const REPORT_STATES = ['not_submitted', 'on_time', 'late'] as const;
export const ReportState = z.enum(REPORT_STATES);
export type ReportState = z.infer<typeof ReportState>;

export const UnitReport = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  year: z.number().int(),
  period: ReportPeriod,
  from: z.string(),
  to: z.string(),
  /** The date the figures are taken at: the period's end, or today when earlier. */
  asOf: z.string(),
  /** Null: no deadline set for this period. */
  dueOn: z.string().nullable(),
  submittedAt: z.string().nullable(),
  /** Local date of the submission. */
  submittedOn: z.string().nullable(),
  submittedBy: z.string().nullable(),
  state: ReportState,
  documentNo: z.string().nullable(),
  sections: z.record(z.string(), z.string()),
  templateSections: z.array(TemplateSection),
  figures: ReportFigures,
  version: z.number().int().describe('0: nothing saved yet'),
  can: z.object({ edit: z.boolean(), submit: z.boolean(), reopen: z.boolean() }),
});
export type UnitReport = z.infer<typeof UnitReport>;

export const UnitPeriodRow = z.object({
  period: ReportPeriod,
  dueOn: z.string(),
  state: ReportState,
  /** Not submitted and past its due date. */
  overdue: z.boolean(),
  submittedOn: z.string().nullable(),
  saved: z.boolean(),
});
export const UnitReportList = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  year: z.number().int(),
  periods: z.array(UnitPeriodRow),
});
export type UnitReportList = z.infer<typeof UnitReportList>;

export const StatusRow = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  state: ReportState,
  submittedOn: z.string().nullable(),
  documentNo: z.string().nullable(),
});
export const ReportStatus = z.object({
  year: z.number().int(),
  period: ReportPeriod,
  dueOn: z.string().nullable(),
  units: z.array(StatusRow),
  counts: z.object({ units: z.number().int(), submitted: z.number().int(), onTime: z.number().int(), late: z.number().int(), notSubmitted: z.number().int() }),
});
export type ReportStatus = z.infer<typeof ReportStatus>;
