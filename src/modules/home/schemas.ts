import { z } from 'zod';
import { ROUND_STATUSES } from '../../domain/vocabulary.js';
import { RoundDates } from '../rounds/schemas.js';

/** The contract of a unit's home: what unit staff (officer, leader) see first after signing in. */

/** One round the unit takes part in: its sheet's state and the deadlines that matter to the unit. */
export const HomeSheet = z.object({
  roundId: z.number(),
  year: z.number(),
  blockCode: z.string(),
  blockName: z.string(),
  status: z.enum(ROUND_STATUSES),
  dates: RoundDates.nullable(),
  submittedAt: z.string().nullable(),
  progress: z.object({ scored: z.number(), total: z.number() }),
  /** The unit's self-assessment deadline: the round's date, or its extension when later. */
  selfAssessmentDeadline: z.string().nullable(),
  /** A later self-assessment deadline granted to this unit (null: none). */
  selfAssessmentExtension: z.string().nullable(),
  /** A later explanation deadline granted to this unit (null: none). */
  explanationExtension: z.string().nullable(),
  /** Calendar days from today to the self-assessment deadline (negative once passed). */
  daysLeft: z.number().nullable(),
  /** Explanations asked by appraisers and not answered yet. */
  explanationsAsked: z.number(),
});
export type HomeSheet = z.infer<typeof HomeSheet>;

/** The unit's timeliness figures of the year (reports of the timeliness module). */
export const HomeTimeliness = z.object({
  year: z.number(),
  asOf: z.string(),
  received: z.number(),
  resolved: z.number(),
  early: z.number(),
  onTime: z.number(),
  late: z.number(),
  overdue: z.number(),
  onTimeRate: z.string().nullable(),
});
export type HomeTimeliness = z.infer<typeof HomeTimeliness>;

export const UnitHome = z.object({
  today: z.string(),
  unit: z.object({ code: z.string(), name: z.string() }),
  /** Open rounds first, then the others of this year and last year, newest first. */
  sheets: z.array(HomeSheet),
  timeliness: HomeTimeliness,
});
export type UnitHome = z.infer<typeof UnitHome>;
