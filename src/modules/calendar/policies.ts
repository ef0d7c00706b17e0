import type { Actor } from '../auth/actor.js';
import type { CalendarCan } from './schemas.js';

/**
 * Who may do what with the working-day calendar: every signed-in role reads it (due dates are computed from it);
 * only the organizer (admin) changes it. The calendar is province-wide: no unit scope applies.
 */
export const calendarPolicies = {
  edit(actor: Actor): boolean {
    return actor.role === 'admin';
  },
};

/** What the caller may do with the calendar. */
export function calendarCan(actor: Actor): CalendarCan {
  return { edit: calendarPolicies.edit(actor) };
}
