import { z } from 'zod';
import { CALENDAR_DAY_KINDS } from '../../db/schema.js';
import type { RowColumn } from '../../io/row-schema.js';

/**
 * The write requests of the working-day calendar: one contract for the API (routes.ts) and the file import
 * (service.ts), so a file refuses exactly what the API refuses. Limits: a day's name 200 characters.
 */

export const MAX_DAY_NAME = 200;

export const LocalDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
export const Kind = z.enum(CALENDAR_DAY_KINDS);
export const DayName = z.string().trim().min(1).max(MAX_DAY_NAME);

/** POST /calendar/days: one day or a range, its kind and name. */
export const SetDaysBody = z.object({ from: LocalDateText, to: LocalDateText.optional(), kind: Kind, name: DayName });
/** PATCH /calendar/days/:date. */
export const DayPatchBody = z.object({ kind: Kind.optional(), name: DayName.optional() });

/**
 * What one row of a calendar file must be beyond its dates (a file may write DD/MM/YYYY, a range in two columns, a
 * kind in any case, which the import reads first): the kind and name the API takes.
 */
export const CalendarFileRow = SetDaysBody.pick({ kind: true, name: true });

export const CALENDAR_FILE_ROW_COLUMNS: Record<keyof z.infer<typeof CalendarFileRow>, RowColumn> = {
  kind: { column: 'kind' },
  name: { column: 'name' },
};
