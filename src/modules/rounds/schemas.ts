import { z } from 'zod';
import { STAGES } from '../../domain/deadlines.js';
import { ROUND_STATUSES } from '../../domain/vocabulary.js';
import { Code, Year } from '../../http/schemas.js';

/**
 * The contract of rounds: what the routes take and answer. A round is a year and block assessed on one framework
 * revision, with its stage dates (local, inclusive).
 */

export const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD (local)');

export const RoundDates = z.object({
  selfAssessmentFrom: LocalDate,
  selfAssessmentTo: LocalDate,
  appraisalTo: LocalDate,
  explanationTo: LocalDate,
  councilTo: LocalDate,
});
export type RoundDates = z.infer<typeof RoundDates>;

export const RoundStage = z.enum(STAGES);
export type RoundStage = z.infer<typeof RoundStage>;

export const RoundListQuery = z.object({ year: Year.optional(), block: Code.optional() });
export type RoundListQuery = z.infer<typeof RoundListQuery>;

export const OpenRoundBody = RoundDates.extend({ year: Year, blockCode: Code });
export type OpenRoundBody = z.infer<typeof OpenRoundBody>;

export const ExtensionBody = z.object({ unitCode: Code, stage: RoundStage, until: LocalDate, reason: z.string().trim().min(1).max(2000) });
export type ExtensionBody = z.infer<typeof ExtensionBody>;

/** A round as stored: what the writes answer. */
export const Round = z.object({
  id: z.number(),
  year: z.number(),
  blockCode: z.string(),
  blockName: z.string(),
  frameworkId: z.number(),
  status: z.enum(ROUND_STATUSES),
  historical: z.boolean(),
  dates: RoundDates.nullable(),
  approvedAt: z.string().nullable(),
  unitCount: z.number(),
});
export type Round = z.infer<typeof Round>;

/** What the caller may do with a round (rounds/policies.ts). */
export const RoundCan = z.object({
  openSheet: z.boolean().describe("open the caller's own unit's sheet (unit staff, round open)"),
  viewUnits: z.boolean().describe("see every unit's progress and the extensions"),
  extend: z.boolean().describe('grant a later deadline to a unit (round open)'),
  viewDisagreements: z.boolean(),
  approve: z.boolean().describe('approve the results (council, round open)'),
});
export type RoundCan = z.infer<typeof RoundCan>;

/** A round as the list and the detail answer a signed-in user: with what this user may do with it. */
export const RoundWithCan = Round.extend({ can: RoundCan });
export type RoundWithCan = z.infer<typeof RoundWithCan>;

/** What the caller may do with rounds as a whole. */
export const RoundsCan = z.object({ open: z.boolean().describe('open the round of a year and block') });
export type RoundsCan = z.infer<typeof RoundsCan>;

export const RoundList = z.object({ items: z.array(RoundWithCan), can: RoundsCan });
export type RoundList = z.infer<typeof RoundList>;

export const RoundExtension = z.object({ unitCode: z.string(), stage: RoundStage, until: z.string(), reason: z.string() });
export type RoundExtension = z.infer<typeof RoundExtension>;

/** The detail: the extensions are listed to the organizer and the council only (empty for the others). */
export const RoundDetail = RoundWithCan.extend({ extensions: z.array(RoundExtension) });
export type RoundDetail = z.infer<typeof RoundDetail>;

/** A granted extension as the audit log keeps it. */
export const Extension = z.object({ unit: z.string(), stage: RoundStage, until: z.string(), reason: z.string() });
export type Extension = z.infer<typeof Extension>;
