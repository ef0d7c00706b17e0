import { z } from 'zod';
import { METHODS } from '../../domain/framework.js';
import { Code } from '../../http/schemas.js';
import { FormulaDetail } from '../indicators/schemas.js';
import { Round } from '../rounds/schemas.js';
import { SurveySource } from '../results/schemas.js';

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
  uploadEvidence: z.boolean().describe('attach evidence: in the self-assessment, or with the answer to an explanation asked here'),
  removeEvidence: z.boolean().describe('remove evidence in the self-assessment (files added with an explanation answer: while `explain` and `uploadEvidence`)'),
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
  /** A survey criterion linked to a campaign: its points from the campaign for this unit (docs/results.md "Survey criteria"). */
  survey: SurveySource.optional(),
  can: CriterionCan,
});
export type SheetCriterion = z.infer<typeof SheetCriterion>;

/**
 * Running points of a part of the sheet (src/domain/sheet-totals.ts): `self` what the unit scored (self-scores and
 * formula values), `current` each criterion's latest stage (council, else appraisal, else self); `maxScore` the
 * applicable maximum (not-applicable, bonus and penalty criteria left out). Bonus adds, penalty subtracts.
 */
export const SheetTotal = z.object({
  maxScore: z.number(),
  self: z.number(),
  current: z.number(),
  bonus: z.number().describe('bonus points given at the current stage'),
  penalty: z.number().describe('penalty points taken at the current stage (a positive amount, subtracted)'),
});
export type SheetTotal = z.infer<typeof SheetTotal>;

export const SheetFieldTotal = SheetTotal.extend({
  code: z.string(),
  title: z.string(),
  method: z.enum(METHODS),
  scored: z.number().describe('self-scored criteria (manual leaves scored or not applicable)'),
  total: z.number().describe('manual leaves of the field'),
});
export type SheetFieldTotal = z.infer<typeof SheetFieldTotal>;

export const SheetTotals = z.object({
  fields: z.array(SheetFieldTotal),
  overall: SheetTotal.describe('kept within [0, applicable max], as the index keeps it'),
  appraised: z.boolean().describe('some criterion has an appraisal or council score: `current` may differ from `self`'),
});
export type SheetTotals = z.infer<typeof SheetTotals>;

/** A unit's sheet: the framework as a checklist with its scores, evidence, progress and running totals. */
export const Sheet = z.object({
  round: Round,
  unitCode: z.string(),
  submittedAt: z.string().nullable(),
  missedSubmission: z.boolean().describe('the unit never submitted and its self-assessment window has closed: appraisers score it, the ranking marks it'),
  progress: z.object({ scored: z.number(), toScore: z.number(), total: z.number() }),
  totals: SheetTotals,
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
  criterionCode: z.string().nullable().describe('on the sheet: the first criterion concerned (to score, explanation asked)'),
  workList: z.enum(['appraisal', 'council']).nullable().describe('elsewhere: the work list whose rows the notice counts'),
});
export type Notice = z.infer<typeof Notice>;

export const NoticeList = z.object({ items: z.array(Notice) });
export type NoticeList = z.infer<typeof NoticeList>;

// ---------------------------------------------------------------------------------------------------------
// Work lists (worklists.ts): the appraiser's rows to appraise and the council's progress per block
// ---------------------------------------------------------------------------------------------------------

/**
 * Where one unit × criterion stands for its appraiser: the unit has not submitted yet; submitted and waiting for
 * (or in the middle of) the appraisal; an explanation asked and not answered; answered, waiting for the final
 * appraisal; the appraisal final.
 */
export const WORK_STATUSES = ['waiting_submission', 'to_appraise', 'explanation_asked', 'answered', 'final'] as const;
export const WorkStatus = z.enum(WORK_STATUSES);
export type WorkStatus = z.infer<typeof WorkStatus>;

export const AppraisalWorkQuery = z.object({
  round: z.coerce.number().int().positive().optional(),
  unit: Code.optional(),
  field: z.string().regex(/^\d+$/, 'a field code (1, 2, …)').optional(),
  status: WorkStatus.optional(),
  department: Code.optional().describe("the appraising department (the organizer only; an appraiser's is always their own unit)"),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AppraisalWorkQuery = z.infer<typeof AppraisalWorkQuery>;

export const WorkRound = z.object({ id: z.number(), year: z.number(), blockCode: z.string(), blockName: z.string() });
export type WorkRound = z.infer<typeof WorkRound>;

export const AppraisalWorkItem = z.object({
  roundId: z.number(),
  year: z.number(),
  blockCode: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  fieldCode: z.string(),
  criterionCode: z.string(),
  title: z.string(),
  maxPoints: z.number(),
  department: z.string(),
  status: WorkStatus,
  submittedAt: z.string().nullable(),
  missedSubmission: z.boolean().describe("never submitted, self-assessment window closed: appraised on the appraisers' own scores"),
  notApplicable: z.boolean(),
  selfScore: z.number().nullable(),
  appraisedScore: z.number().nullable(),
  explanationRequest: z.string().nullable(),
  explanationAnswer: z.string().nullable(),
  can: z.object({ openSheet: z.boolean().describe('the caller may open the unit’s sheet (after its submission)') }),
});
export type AppraisalWorkItem = z.infer<typeof AppraisalWorkItem>;

export const WorkCounts = z.object({
  waiting_submission: z.number(),
  to_appraise: z.number(),
  explanation_asked: z.number(),
  answered: z.number(),
  final: z.number(),
});
export type WorkCounts = z.infer<typeof WorkCounts>;

export const AppraisalWorkList = z.object({
  department: z.string().nullable().describe('the department whose rows these are; null: every department (the organizer)'),
  rounds: z.array(WorkRound).describe('the open rounds with criteria of the department (the round filter)'),
  units: z.array(z.object({ code: z.string(), name: z.string() })).describe('the units of those rounds (the unit filter)'),
  fields: z.array(z.object({ code: z.string(), title: z.string() })).describe('the fields with criteria of the department (the field filter)'),
  departments: z.array(z.string()).describe('the appraising departments of the open rounds (the department filter, the organizer only)'),
  can: z.object({ chooseDepartment: z.boolean().describe("see another department's rows (the organizer)") }),
  counts: WorkCounts.describe('rows per status, after the round, unit and field filters (before the status filter)'),
  total: z.number().describe('rows after every filter'),
  items: z.array(AppraisalWorkItem).describe("one page of the rows: the appraiser's turn first, the final rows last; then by round, unit, criterion"),
});
export type AppraisalWorkList = z.infer<typeof AppraisalWorkList>;

export const CouncilWorkQuery = z.object({ round: z.coerce.number().int().positive().optional() });
export type CouncilWorkQuery = z.infer<typeof CouncilWorkQuery>;

export const CouncilUnitProgress = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  submittedAt: z.string().nullable(),
  missedSubmission: z.boolean().describe("never submitted, self-assessment window closed: appraised on the appraisers' own scores"),
  appraisable: z.number().describe('manual criteria with an appraising department'),
  appraised: z.number().describe('of them, with an appraised score or final'),
  final: z.number().describe('of them, with the appraisal final'),
  explanationsAsked: z.number(),
  explanationsAnswered: z.number(),
  disagreements: z.number(),
  can: z.object({ openSheet: z.boolean() }),
});
export type CouncilUnitProgress = z.infer<typeof CouncilUnitProgress>;

export const CouncilDisagreement = Disagreement.extend({ unitName: z.string(), title: z.string() });
export type CouncilDisagreement = z.infer<typeof CouncilDisagreement>;

export const CouncilWorkBlock = WorkRound.extend({
  status: Round.shape.status,
  units: z.array(CouncilUnitProgress),
  disagreements: z.array(CouncilDisagreement),
  totals: z.object({ units: z.number(), submitted: z.number(), disagreements: z.number(), explanationsAsked: z.number(), explanationsAnswered: z.number() }),
});
export type CouncilWorkBlock = z.infer<typeof CouncilWorkBlock>;

export const CouncilWorkList = z.object({
  rounds: z.array(WorkRound).describe('the open rounds (the round filter)'),
  blocks: z.array(CouncilWorkBlock).describe('per round (block): its units’ progress and its disagreements'),
});
export type CouncilWorkList = z.infer<typeof CouncilWorkList>;
