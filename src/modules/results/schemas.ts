import { z } from 'zod';
import { METHODS } from '../../domain/framework.js';
import { Code, Year } from '../../http/schemas.js';
import { FormulaDetail, Reason } from '../indicators/schemas.js';
import { PointsMapping, SurveyMeasure } from '../surveys/schemas.js';

/**
 * The contract of results: the ranking of a block in a year (live or published), a unit's criteria, publications,
 * the documents' queries and the past-years scores import. Responses describe the JSON on the wire.
 */

// ---------------------------------------------------------------------------------------------------------------
// Requests

export const YearBlock = z.object({ year: Year, block: Code });
export const ExportQuery = YearBlock.extend({ format: z.enum(['csv', 'xlsx', 'json']).default('xlsx') });
export const ScorecardQuery = YearBlock.extend({ unit: Code });
export const UnitParams = z.object({ unitCode: Code });
export const PublishBody = YearBlock.extend({ reason: z.string().trim().max(2000).optional() });

// ---------------------------------------------------------------------------------------------------------------
// The ranking

/** A field's result for one unit; its title is in BlockResults.fields (not repeated per unit). */
export const FieldResult = z.object({
  code: z.string(),
  score: z.number(),
  maxScore: z.number(),
  /** Index with two decimals, null for bonus/penalty fields or when nothing in the field applies. */
  index: z.number().nullable(),
});
export type FieldResult = z.infer<typeof FieldResult>;

/**
 * Why a unit has no index: a reason of the catalogue (`no_applicable_criteria`, `criterion_score_outside_range`,
 * `criterion_formula_not_computed`), and for a formula its `cause` (the formula's own reason).
 */
export const UnitProblem = Reason.extend({ cause: Reason.optional() });
export type UnitProblem = z.infer<typeof UnitProblem>;

export const UnitRanking = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  /** Total of the self-assessed scores alone (what the unit claimed). */
  selfScore: z.number().nullable(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  index: z.number().nullable(),
  rank: z.number().nullable(),
  class: z.string().nullable(),
  previousRank: z.number().nullable(),
  fields: z.array(FieldResult),
  problem: UnitProblem.nullable(),
  /**
   * The unit did not submit its self-assessment ("không nộp" once the round is approved; "chưa nộp" while it is
   * open): its self-scores do not count, it is ranked on the appraisal, council, organizer and computed values alone.
   * False in revisions published before the mark existed and in rounds loaded from history.
   */
  notSubmitted: z.boolean().default(false),
});
export type UnitRanking = z.infer<typeof UnitRanking>;

export const ResultsField = z.object({ code: z.string(), title: z.string(), method: z.enum(METHODS), maxPoints: z.number() });
export type ResultsField = z.infer<typeof ResultsField>;

export const RoundStatus = z.enum(['open', 'approved', 'published']);

export const BlockResults = z.object({
  roundId: z.number(),
  year: z.number(),
  blockCode: z.string(),
  blockName: z.string(),
  status: RoundStatus,
  frameworkName: z.string(),
  classes: z.array(z.object({ label: z.string(), min: z.number() })),
  /** The top-level criteria: `method` says which are bonus or penalty (points outside the maximum, no index). */
  fields: z.array(ResultsField),
  /** Ranked units first (by rank, then code), then units without an index. */
  units: z.array(UnitRanking),
});
export type BlockResults = z.infer<typeof BlockResults>;

/** What the caller may do with these results (src/modules/results/policies.ts). */
export const ResultsCan = z.object({
  /** Publish the results or a correction (the organizer); the round must be approved. */
  publish: z.boolean(),
  /** See results before publication (the organizer and the council). */
  viewDrafts: z.boolean(),
  /** Download the ranking (CSV, XLSX, JSON), the DOCX report and the PDF scorecards. */
  exportDocuments: z.boolean(),
});
export type ResultsCan = z.infer<typeof ResultsCan>;

export const VisibleResults = z.object({
  results: BlockResults,
  /** Null while the results are a live preview (organizer and council only). */
  revision: z.number().nullable(),
  publishedAt: z.string().nullable(),
  can: ResultsCan,
});
export type VisibleResults = z.infer<typeof VisibleResults>;

/** The public page's answer: the same without `can` (nobody is signed in). */
export const PublicResults = VisibleResults.omit({ can: true });
export type PublicResults = z.infer<typeof PublicResults>;

// ---------------------------------------------------------------------------------------------------------------
// One unit's criteria

export const DecidingStage = z.enum(['council', 'appraisal', 'computed', 'self', 'not_applicable', 'none']);

/**
 * A linked survey criterion's source for one unit (docs/results.md "Survey criteria"): the campaign, the measure and
 * its value for the unit, the points it maps to, the responses counted, why there is no value (the criterion is then
 * not applicable unless the organizer entered points), and which stage gives the final score.
 */
export const SurveySource = z.object({
  campaign: z.string(),
  campaignName: z.string().nullable(),
  measure: SurveyMeasure,
  mapping: PointsMapping,
  value: z.number().nullable().describe('the measure for the unit, 2 decimals: an index in %, a mean weight 0–100, or a question mean'),
  points: z.number().nullable().describe('the points the measure maps to'),
  responses: z.number().int(),
  reason: Reason.nullable(),
  decidedBy: DecidingStage,
});
export type SurveySource = z.infer<typeof SurveySource>;

/** One criterion of one unit: where points were earned and lost. */
export const CriterionDetail = z.object({
  code: z.string(),
  title: z.string(),
  method: z.enum(METHODS),
  applicable: z.boolean(),
  score: z.number(),
  maxScore: z.number(),
  /** Points missed against the applicable maximum (0 for bonus and penalty). */
  lost: z.number(),
  index: z.number().nullable(),
  /**
   * Formula criteria only: the formula, its inputs for this unit and the computed value, and which stage gives the
   * final score (an appraisal or council score overrides the computed value). Frozen with each publication;
   * publications made before formula criteria have none (docs/formula-criteria.md).
   */
  formula: FormulaDetail.extend({ decidedBy: DecidingStage }).optional(),
  /** Survey criteria linked to a campaign only: where the points come from. Frozen with each publication. */
  survey: SurveySource.optional(),
});
export type CriterionDetail = z.infer<typeof CriterionDetail>;

export const UnitCriteriaResults = z.object({
  year: z.number(),
  blockCode: z.string(),
  unitCode: z.string(),
  revision: z.number().nullable(),
  criteria: z.array(CriterionDetail),
});
export type UnitCriteriaResults = z.infer<typeof UnitCriteriaResults>;

// ---------------------------------------------------------------------------------------------------------------
// Publications, rounds with results, the scores import

export const Publication = z.object({ revision: z.number(), reason: z.string().nullable(), publishedAt: z.string() });
export type Publication = z.infer<typeof Publication>;
export const PublicationList = z.object({ items: z.array(Publication) });
export type PublicationList = z.infer<typeof PublicationList>;

export const PublishedRound = z.object({ year: z.number(), blockCode: z.string(), blockName: z.string() });
export type PublishedRound = z.infer<typeof PublishedRound>;
export const PublishedRoundList = z.object({ items: z.array(PublishedRound) });
export type PublishedRoundList = z.infer<typeof PublishedRoundList>;

export const PublishResponse = z.object({ revision: z.number(), results: BlockResults });
export type PublishResponse = z.infer<typeof PublishResponse>;

export const ScoresImportResponse = z.object({ roundId: z.number(), units: z.number(), rows: z.number(), changed: z.number() });
export type ScoresImportResponse = z.infer<typeof ScoresImportResponse>;
