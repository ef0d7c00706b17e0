import { localYear } from '../../domain/local-time.js';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { fileResponse, sendDownload } from '../../http/download.js';
import { actorFromSession } from '../../http/request-context.js';
import { readUploadedFile } from '../../http/upload.js';
import { CONTENT_TYPES } from '../../io/tabular.js';
import { calendarCan } from './policies.js';
import {
  CalendarDateParam,
  CalendarDay,
  CalendarExportQuery,
  CalendarImportQuery,
  CalendarImportResult,
  CalendarQuery,
  CalendarYear,
  CalendarYearParam,
  CalendarYearResponse,
  DayPatchBody,
  DeleteDaysQuery,
  DeleteDaysResult,
  SetDaysBody,
  SetDaysResult,
  SetUpResult,
} from './schemas.js';
import { confirmMovableHolidays, deleteDays, exportCalendar, getCalendarYear, importCalendar, setDays, setUpYear, updateDay } from './service.js';

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
        querystring: CalendarQuery,
        response: { 200: CalendarYearResponse },
      },
    },
    async (request) => ({
      ...(await getCalendarYear(db, request.query.year ?? localYear(clock()))),
      can: calendarCan(actorFromSession(request.session)),
    }),
  );

  app.get(
    '/api/v1/calendar/export',
    {
      config: { access: access.anyRole },
      schema: {
        tags,
        summary: "A year's configured days as CSV/XLSX date,kind,name (re-importable)",
        querystring: CalendarExportQuery,
        response: fileResponse('The calendar file', 'csv', 'xlsx'),
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
        params: CalendarYearParam,
        response: { 200: SetUpResult, 201: SetUpResult },
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
        params: CalendarYearParam,
        response: { 200: CalendarYear },
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
        response: { 200: SetDaysResult },
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
        params: CalendarDateParam,
        body: DayPatchBody,
        response: { 200: CalendarDay },
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
        params: CalendarDateParam,
        querystring: DeleteDaysQuery,
        response: { 200: DeleteDaysResult },
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
        querystring: CalendarImportQuery,
        response: { 200: CalendarImportResult },
      },
    },
    async (request) => {
      const { buffer } = await readUploadedFile(request);
      return importCalendar(db, actorFromSession(request.session), buffer, { confirmMovable: request.query.confirmMovable ?? false });
    },
  );
}
