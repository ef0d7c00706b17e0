import { z } from 'zod';
import { REPORT_PERIODS } from '../../domain/periodic-reports.js';
import { LocalDateText } from '../apology/schemas.js';

/**
 * The contract of reminders (docs/reminders.md): what nears or passes its deadline for one user — plan tasks,
 * periodic reports and remediation items — shown in the inbox and sent in the daily e-mail digest.
 */

/** How many days ahead a deadline counts as near (today + 7 included). */
export const REMINDER_HORIZON_DAYS = 7;

export const REMINDER_KINDS = ['plan_task', 'report', 'remediation'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const Reminder = z.object({
  kind: z.enum(REMINDER_KINDS),
  state: z.enum(['due_soon', 'overdue']),
  /** The local date it is due (YYYY-MM-DD); for an aggregate, the earliest one. */
  deadline: z.string(),
  /** Days from today to the deadline: 0 today, negative once overdue. */
  daysLeft: z.number().int(),
  /** The task's or remediation item's title; a report's period in Vietnamese ("Báo cáo quý I năm 2026"); for an aggregate, what is counted. */
  title: z.string(),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  planId: z.number().int().nullable(),
  taskCode: z.string().nullable(),
  inspectionId: z.number().int().nullable(),
  remediationId: z.number().int().nullable(),
  year: z.number().int().nullable(),
  period: z.enum(REPORT_PERIODS).nullable(),
  /** For the organizer's aggregates: how many units (reports) or items (tasks, remediation); else null. */
  count: z.number().int().nullable(),
});
export type Reminder = z.infer<typeof Reminder>;

export const ReminderList = z.object({ today: z.string(), items: z.array(Reminder) });
export type ReminderList = z.infer<typeof ReminderList>;

/** `parindex reminders send --date`: the local day to send for (default today). */
export const DigestSendQuery = z.object({ '--date': LocalDateText.optional() });
