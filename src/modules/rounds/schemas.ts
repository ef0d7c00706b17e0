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
  viewApproval: z.boolean().describe('see what the approval waits for: GET /rounds/:id/approval (organizer and council, round open)'),
  approveWhenReady: z.boolean().describe('the caller approves this round once nothing is waited for (council, round open)'),
  approve: z.boolean().describe('approve the results now (council, round open, nothing left to wait for: see ApprovalPreview)'),
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

// ---------------------------------------------------------------------------------------------------------------
// Approval: what it waits for (approval.ts)

/** A unit in the approval's lists, with its self-assessment deadline (its extension included when later). */
export const ApprovalUnit = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  deadline: LocalDate,
  extended: z.boolean().describe('the deadline is the unit’s extension'),
});
export type ApprovalUnit = z.infer<typeof ApprovalUnit>;

/** A unit × criterion whose appraisal is not final while its window is still open. */
export const ApprovalAppraisal = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  criterionCode: z.string(),
  title: z.string(),
  appraiser: z.string().describe('the appraising department'),
  deadline: LocalDate.describe('the last day the appraiser may still change it (after an explanation request: the council’s)'),
  explanationAsked: z.boolean(),
});
export type ApprovalAppraisal = z.infer<typeof ApprovalAppraisal>;

/** At most this many items per list; `count` gives the whole number. */
export const APPROVAL_LIST_LIMIT = 200;

/**
 * What the approval of a round waits for, on the server's date: the units that have not submitted while their
 * self-assessment is still open, and the appraisals not final while their window is open. `ready` (and `can.approve`
 * for the council) when both are empty. The units whose deadline passed without a submission are listed apart:
 * they are ranked on the appraisal and council scores only, and marked `notSubmitted` in the ranking.
 */
export const ApprovalPreview = z.object({
  roundId: z.number(),
  status: z.enum(ROUND_STATUSES),
  today: LocalDate,
  ready: z.boolean(),
  units: z.number(),
  submitted: z.number(),
  notSubmitted: z.array(ApprovalUnit),
  pendingSubmissions: z.object({ count: z.number(), items: z.array(ApprovalUnit) }),
  pendingAppraisals: z.object({ count: z.number(), items: z.array(ApprovalAppraisal) }),
  can: z.object({ approve: z.boolean() }),
});
export type ApprovalPreview = z.infer<typeof ApprovalPreview>;
