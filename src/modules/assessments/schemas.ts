import { z } from 'zod';
import { METHODS } from '../../domain/framework.js';
import { Code } from '../../http/schemas.js';
import { FormulaDetail } from '../indicators/schemas.js';
import { Round } from '../rounds/schemas.js';

/**
 * The contract of a unit's assessment: the sheet, the writes of each stage (self-assessment, appraisal and
 * explanation, council, the organizer's points, corrections), the appraiser's queue, the disagreements and the
 * notifications.
 */

// ---------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------

/** Points as a number or a text ("7,5" or "7.5"); checked against the criterion's maximum by the service. */
export const Points = z.union([z.number(), z.string().trim().min(1)]);
export type Points = z.infer<typeof Points>;

const Text = z.string().trim().max(4000);

export const RoundIdParams = z.object({ id: z.coerce.number().int().positive() });
export const UnitParams = RoundIdParams.extend({ unitCode: Code });
export const ScoreParams = UnitParams.extend({ criterionCode: z.string().regex(/^\d+(\.\d+)*$/, 'a dotted criterion code') });
export const EvidenceParams = UnitParams.extend({ evidenceId: z.coerce.number().int().positive() });

export const SelfScoreBody = z.object({
  score: Points.nullable().optional(),
  note: Text.nullable().optional(),
  notApplicable: z.boolean().optional(),
  notApplicableReason: Text.nullable().optional(),
  missingEvidenceReason: Text.nullable().optional(),
});
export type SelfScoreBody = z.infer<typeof SelfScoreBody>;

export const AppraisalBody = z.object({
  score: Points.optional(),
  reason: Text.nullable().optional(),
  explanationRequest: Text.nullable().optional(),
  final: z.boolean().optional(),
});
export type AppraisalBody = z.infer<typeof AppraisalBody>;

export const ExplanationBody = z.object({ answer: Text.min(1) });
export type ExplanationBody = z.infer<typeof ExplanationBody>;

/** A council score, or an organizer's correction after approval: always with a reason. */
export const ScoreWithReasonBody = z.object({ score: Points, reason: Text.min(1) });
export type ScoreWithReasonBody = z.infer<typeof ScoreWithReasonBody>;

export const OrganizerPointsBody = z.object({ score: Points.optional(), notApplicable: z.boolean().optional(), reason: Text.min(1) });
export type OrganizerPointsBody = z.infer<typeof OrganizerPointsBody>;

// ---------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------

/** One criterion's score at every stage. */
export const Score = z.object({
  notApplicable: z.boolean(),
  notApplicableReason: z.string().nullable(),
  selfScore: z.number().nullable(),
  selfNote: z.string().nullable(),
  missingEvidenceReason: z.string().nullable(),
  appraisedScore: z.number().nullable(),
  appraisalReason: z.string().nullable(),
  explanationRequest: z.string().nullable(),
  explanationAnswer: z.string().nullable(),
  appraisalFinal: z.boolean(),
  councilScore: z.number().nullable(),
  councilReason: z.string().nullable(),
  version: z.number().int().describe('0 before the first write; send it back in If-Match'),
});
export type Score = z.infer<typeof Score>;

export const Submitted = z.object({ submittedAt: z.string() });
export type Submitted = z.infer<typeof Submitted>;

/** An evidence file as the sheet lists it. */
export const SheetEvidence = z.object({ id: z.number(), fileName: z.string(), size: z.number(), mediaType: z.string(), uploadedAt: z.string() });
export type SheetEvidence = z.infer<typeof SheetEvidence>;

/**
 * What the caller may do on one criterion of the sheet (assessments/policies.ts), from who they are, the round's
 * status, the submission and the criterion (a leaf, its method, its appraising department, a final appraisal, an
 * open explanation request). The stage's dates are not in it: a write after a deadline is refused with the
 * deadline's reason, which the sheet shows.
 */
export const CriterionCan = z.object({
  selfAssess: z.boolean(),
  uploadEvidence: z.boolean(),
  removeEvidence: z.boolean(),
  explain: z.boolean().describe('answer the explanation asked on this criterion'),
  appraise: z.boolean(),
  council: z.boolean(),
  organizerScore: z.boolean().describe('enter survey, bonus or penalty points'),
});
export type CriterionCan = z.infer<typeof CriterionCan>;

/** What the caller may do on the sheet as a whole: true when they may on at least one criterion (submit: the sheet). */
export const SheetCan = CriterionCan.omit({ removeEvidence: true, explain: true }).extend({ submit: z.boolean() });
export type SheetCan = z.infer<typeof SheetCan>;

export const SheetCriterion = z.object({
  code: z.string(),
  title: z.string(),
  maxPoints: z.number(),
  method: z.enum(METHODS),
  leaf: z.boolean(),
  evidenceRequired: z.boolean(),
  appraiser: z.string().nullable(),
  guidance: z.string().nullable(),
  evidenceCount: z.number(),
  evidence: z.array(SheetEvidence),
  score: Score.nullable(),
  formula: FormulaDetail.nullable(),
  can: CriterionCan,
});
export type SheetCriterion = z.infer<typeof SheetCriterion>;

/** A unit's sheet: the framework as a checklist with its scores, evidence and progress. */
export const Sheet = z.object({
  round: Round,
  unitCode: z.string(),
  submittedAt: z.string().nullable(),
  progress: z.object({ scored: z.number(), toScore: z.number(), total: z.number() }),
  criteria: z.array(SheetCriterion),
  can: SheetCan,
});
export type Sheet = z.infer<typeof Sheet>;

export const AppraisalStatus = z.enum(['to_appraise', 'appraised', 'waiting_explanation', 'final']);

export const AppraisalQueueItem = Score.extend({
  unitCode: z.string(),
  criterionCode: z.string(),
  title: z.string(),
  maxPoints: z.number(),
  evidenceRequired: z.boolean(),
  evidenceCount: z.number(),
  status: AppraisalStatus,
});
export type AppraisalQueueItem = z.infer<typeof AppraisalQueueItem>;

export const AppraisalQueue = z.object({ items: z.array(AppraisalQueueItem) });
export type AppraisalQueue = z.infer<typeof AppraisalQueue>;

export const Disagreement = Score.extend({ unitCode: z.string(), criterionCode: z.string() });
export type Disagreement = z.infer<typeof Disagreement>;

export const Disagreements = z.object({ items: z.array(Disagreement) });
export type Disagreements = z.infer<typeof Disagreements>;

export const NOTICE_KINDS = ['to_score', 'to_submit', 'explanation_asked', 'to_appraise', 'disagreements', 'to_approve', 'deadline'] as const;

/** Something waiting for the user in an open round. */
export const Notice = z.object({
  kind: z.enum(NOTICE_KINDS),
  roundId: z.number(),
  year: z.number(),
  blockCode: z.string(),
  unitCode: z.string().nullable(),
  count: z.number().describe('criteria or units waiting; for a deadline, the days left'),
  deadline: z.string().nullable().describe('local date the stage closes'),
  can: z.object({ openSheet: z.boolean().describe("the notice is about the caller's unit: it links to that unit's sheet") }),
});
export type Notice = z.infer<typeof Notice>;

export const NoticeList = z.object({ items: z.array(Notice) });
export type NoticeList = z.infer<typeof NoticeList>;
