import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendarDays } from '../../db/schema.js';
import { WorkingCalendar } from '../../domain/calendar.js';

/** The province's working-day calendar: every configured holiday and make-up working day. */
export async function loadWorkingCalendar(db: DbOrTx): Promise<WorkingCalendar> {
  const rows = await db.select({ day: calendarDays.day, kind: calendarDays.kind }).from(calendarDays).orderBy(asc(calendarDays.day));
  return new WorkingCalendar(rows);
}
