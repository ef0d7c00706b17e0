import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { actorFromSession } from '../../http/request-context.js';
import { localDate } from '../../domain/deadlines.js';
import { remindersFor } from './queries.js';
import { ReminderList } from './schemas.js';

/** The reminders of the inbox (docs/reminders.md): what nears or passes its deadline for the caller. */
export async function reminderRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;

  app.get(
    '/api/v1/reminders',
    {
      config: { access: access.anyRole },
      schema: {
        tags: ['reminders'],
        summary:
          'Plan tasks, periodic reports and remediation items due within 7 days or overdue, for the caller: unit staff their unit’s, ' +
          'inspectors their inspections’ overdue items, the organizer counts province-wide; overdue first, then by deadline',
        response: { 200: ReminderList },
      },
    },
    async (request) => {
      const today = localDate(clock());
      return { today, items: await remindersFor(db, actorFromSession(request.session), today) };
    },
  );
}
