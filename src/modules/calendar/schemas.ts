import { z } from 'zod';
import { CALENDAR_DAY_KINDS } from '../../db/schema.js';
import { TableFormatSchema, Year } from '../../http/schemas.js';
import type { RowColumn } from '../../io/row-schema.js';

/**
 * The contract of the working-day calendar: the write requests (one for the API in routes.ts and the file import,
 * so a file refuses exactly what the API refuses) and the responses. Limits: a day's name 200 characters.
 */

export const MAX_DAY_NAME = 200;

// Requests.

export const LocalDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
export const Kind = z.enum(CALENDAR_DAY_KINDS);
export const DayName = z.string().trim().min(1).max(MAX_DAY_NAME);

/** POST /calendar/days: one day or a range, its kind and name. */
export const SetDaysBody = z.object({ from: LocalDateText, to: LocalDateText.optional(), kind: Kind, name: DayName });
export type SetDaysBody = z.infer<typeof SetDaysBody>;
/** PATCH /calendar/days/:date. */
export const DayPatchBody = z.object({ kind: Kind.optional(), name: DayName.optional() });
export type DayPatchBody = z.infer<typeof DayPatchBody>;

export const CalendarYearParam = z.object({ year: Year });
export const CalendarDateParam = z.object({ date: LocalDateText });
export const CalendarQuery = z.object({ year: Year.optional() });
export const CalendarExportQuery = z.object({ year: Year, format: TableFormatSchema.default('csv') });
export const DeleteDaysQuery = z.object({ to: LocalDateText.optional() });
export const CalendarImportQuery = z.object({
  confirmMovable: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/**
 * What one row of a calendar file must be beyond its dates (a file may write DD/MM/YYYY, a range in two columns, a
 * kind in any case, which the import reads first): the kind and name the API takes.
 */
export const CalendarFileRow = SetDaysBody.pick({ kind: true, name: true });

export const CALENDAR_FILE_ROW_COLUMNS: Record<keyof z.infer<typeof CalendarFileRow>, RowColumn> = {
  kind: { column: 'kind' },
  name: { column: 'name' },
};

// Responses.

/** A configured day: a holiday or a make-up working day. */
export const CalendarDay = z.object({
  date: z.string(),
  kind: Kind,
  name: z.string(),
  weekday: z.number().int().describe('0 = Sunday … 6 = Saturday'),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

/** Consecutive configured days of the same kind and name (the Tết week, a long weekend). */
export const CalendarRange = z.object({ from: z.string(), to: z.string(), kind: Kind, name: z.string(), days: z.number().int() });
export type CalendarRange = z.infer<typeof CalendarRange>;

export const CALENDAR_WARNING_CODES = ['year_not_set_up', 'movable_holidays_unconfirmed'] as const;

/** Something the organizer should do for the year; the web words it from `code` (and `holidays`). */
export const CalendarWarning = z.object({
  code: z.enum(CALENDAR_WARNING_CODES),
  message: z.string().describe('English, for API clients and logs'),
  holidays: z.array(z.string()).optional().describe("The movable holidays to check (Tết, Hùng Kings' day, the second National Day holiday)"),
});
export type CalendarWarning = z.infer<typeof CalendarWarning>;

/** What the caller may do with the calendar (calendar/policies.ts). */
export const CalendarCan = z.object({ edit: z.boolean().describe('set up the year, add, change, remove and import days, confirm the movable holidays') });
export type CalendarCan = z.infer<typeof CalendarCan>;

/** A year's calendar: configured days, set-up and confirmation state, warnings. */
export const CalendarYear = z.object({
  year: z.number().int(),
  setUp: z.boolean(),
  movableConfirmed: z.boolean(),
  warnings: z.array(CalendarWarning),
  workingDays: z.number().int().describe('Working days from 1 January to 31 December under this calendar'),
  days: z.array(CalendarDay),
  ranges: z.array(CalendarRange),
  movableHolidays: z.array(z.string()),
});
export type CalendarYear = z.infer<typeof CalendarYear>;

/** A year's calendar as answered to a signed-in user: with what this user may do with it. */
export const CalendarYearResponse = CalendarYear.extend({ can: CalendarCan });
export type CalendarYearResponse = z.infer<typeof CalendarYearResponse>;

export const SetUpResult = z.object({ created: z.boolean(), prefilled: z.number().int(), calendar: CalendarYear });
export type SetUpResult = z.infer<typeof SetUpResult>;

export const WriteCounts = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
export type WriteCounts = z.infer<typeof WriteCounts>;

export const SetDaysResult = WriteCounts.extend({ yearsSetUp: z.array(z.number().int()) });
export type SetDaysResult = z.infer<typeof SetDaysResult>;

export const DeleteDaysResult = z.object({ deleted: z.number().int() });
export type DeleteDaysResult = z.infer<typeof DeleteDaysResult>;

export const CalendarImportResult = WriteCounts.extend({
  days: z.number().int().describe('Days the file names, ranges expanded'),
  years: z
    .array(z.object({ year: z.number().int(), setUpNow: z.boolean(), movableConfirmed: z.boolean() }))
    .describe('The years the file touches, and what they look like now'),
});
export type CalendarImportResult = z.infer<typeof CalendarImportResult>;
