import { z } from 'zod';
import { localYear } from '../../domain/local-time.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { sendDownload } from '../../http/download.js';
import { actorFromSession } from '../../http/request-context.js';
import { TableFormatSchema, Year } from '../../http/schemas.js';
import { readUploadedFile } from '../../http/upload.js';
import { CONTENT_TYPES } from '../../io/tabular.js';
import { DayPatchBody, Kind, LocalDateText, SetDaysBody } from './schemas.js';
import {
  confirmMovableHolidays,
  deleteDays,
  exportCalendar,
  getCalendarYear,
  importCalendar,
  setDays,
  setUpYear,
  updateDay,
} from './service.js';


const DaySchema = z.object({ date: z.string(), kind: Kind, name: z.string(), weekday: z.number().int() });
const RangeSchema = z.object({ from: z.string(), to: z.string(), kind: Kind, name: z.string(), days: z.number().int() });
const YearViewSchema = z.object({
  year: z.number().int(),
  setUp: z.boolean(),
  movableConfirmed: z.boolean(),
  warnings: z.array(z.object({ code: z.enum(['year_not_set_up', 'movable_holidays_unconfirmed']), message: z.string(), holidays: z.array(z.string()).optional() })),
  workingDays: z.number().int(),
  days: z.array(DaySchema),
  ranges: z.array(RangeSchema),
  movableHolidays: z.array(z.string()),
});
const WriteCountsSchema = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
const YearParam = z.object({ year: Year });
const DateParam = z.object({ date: LocalDateText });
const BooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * The working-day calendar: every signed-in role reads it (due dates are computed from it); only the organizer
 * (admin) changes it. Every change is audited in its transaction.
 */
export async function calendarRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;
  const tags = ['calendar'];

  app.get(
    '/api/v1/calendar',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: "A year's calendar: configured holidays and make-up working days, set-up and confirmation state, warnings",
        querystring: z.object({ year: Year.optional() }),
        response: { 200: YearViewSchema },
      },
    },
    async (request) => getCalendarYear(db, request.query.year ?? localYear(clock())),
  );

  app.get(
    '/api/v1/calendar/export',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: "A year's configured days as CSV/XLSX date,kind,name (re-importable)",
        querystring: z.object({ year: Year, format: TableFormatSchema.default('csv') }),
      },
    },
    async (request, reply) => {
      const { year, format } = request.query;
      const file = await exportCalendar(db, year, format);
      return sendDownload(reply, `calendar-${year}.${format}`, CONTENT_TYPES[format], file);
    },
  );

  app.post(
    '/api/v1/calendar/years/:year/setup',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: "Set a year up: pre-fill Vietnam's fixed-date holidays (idempotent; 201 the first time, 200 after)",
        params: YearParam,
        response: { 200: z.object({ created: z.boolean(), prefilled: z.number().int(), calendar: YearViewSchema }), 201: z.object({ created: z.boolean(), prefilled: z.number().int(), calendar: YearViewSchema }) },
      },
    },
    async (request, reply) => {
      const result = await setUpYear(db, actorFromSession(request.session), request.params.year);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/v1/calendar/years/:year/confirm-movable',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: "Confirm that the year's movable holidays (Tết, Hùng Kings' day, the second National Day holiday) are entered",
        params: YearParam,
        response: { 200: YearViewSchema },
      },
    },
    async (request) => confirmMovableHolidays(db, actorFromSession(request.session), request.params.year),
  );

  app.post(
    '/api/v1/calendar/days',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Set one day or a range (from..to, both included, at most 31 days) to a holiday or a make-up working day',
        body: SetDaysBody,
        response: { 200: WriteCountsSchema.extend({ yearsSetUp: z.array(z.number().int()) }) },
      },
    },
    async (request) => setDays(db, actorFromSession(request.session), request.body),
  );

  app.patch(
    '/api/v1/calendar/days/:date',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Change the kind or the name of a configured day',
        params: DateParam,
        body: DayPatchBody,
        response: { 200: DaySchema },
      },
    },
    async (request) => updateDay(db, actorFromSession(request.session), request.params.date, request.body),
  );

  app.delete(
    '/api/v1/calendar/days/:date',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Remove a configured day, or with ?to= every configured day from :date to that date; they become ordinary days',
        params: DateParam,
        querystring: z.object({ to: LocalDateText.optional() }),
        response: { 200: z.object({ deleted: z.number().int() }) },
      },
    },
    async (request) => deleteDays(db, actorFromSession(request.session), request.params.date, request.query.to),
  );

  app.post(
    '/api/v1/calendar/import',
    {
      config: { access: access.admin },
      schema: {
        tags,
        summary: 'Import holidays and make-up working days from CSV/XLSX: date,kind,name or date_from,date_to,kind,name (all or nothing)',
        consumes: ['multipart/form-data'],
        querystring: z.object({ confirmMovable: BooleanQuery.optional() }),
        response: {
          200: WriteCountsSchema.extend({
            days: z.number().int(),
            years: z.array(z.object({ year: z.number().int(), setUpNow: z.boolean(), movableConfirmed: z.boolean() })),
          }),
        },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importCalendar(db, actorFromSession(request.session), buffer, { confirmMovable: request.query.confirmMovable ?? false });
    },
  );
}
