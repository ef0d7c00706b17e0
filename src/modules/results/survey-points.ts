import type { DbOrTx } from '../../db/client.js';
import type { CriterionSurveyLink } from '../../domain/framework.js';
import { type FrameworkReason, frameworkReasons } from '../../domain/framework-reasons.js';
import type { DecidingStage, OutcomeReason } from '../../domain/indicators.js';
import { type Hundredths, pointsToNumber } from '../../domain/points.js';
import { measurePoints, measureValue, type SurveyMeasure, type SurveyQuestion, type UnitTally } from '../../domain/surveys.js';
import { AppError, reasonText } from '../../errors.js';
import { type Campaign, campaignByCode, campaignTally, campaignUnits } from '../surveys/campaigns.js';
import type { SurveySource } from './schemas.js';

/**
 * Survey criteria in the results (docs/results.md "Survey criteria"): a survey leaf linked to a campaign gets, for each
 * unit, the points of its measure (src/domain/surveys.ts measureValue → measurePoints). No campaign of that code, a
 * unit the campaign does not cover, or a measure without a value (no response, no answer to it): no points, with the
 * reason, and the criterion is not applicable unless the organizer entered its points (domain/results.ts surveyLeaf).
 */

export interface SurveyCriterionDef {
  id: number;
  code: string;
  /** Max points in hundredths. */
  maxPoints: Hundredths;
  survey: CriterionSurveyLink;
}

export interface SurveyOutcome {
  campaignName: string | null;
  /** The measure for the unit in hundredths (87.50 % → 8750), or null. */
  value: number | null;
  /** Points in hundredths, or null when the measure has no value. */
  points: Hundredths | null;
  /** Submitted responses counted for the unit. */
  responses: number;
  reason: OutcomeReason | null;
}

/** A measure as a reason's parameter: `sipas`, `element access`, `area <area>`, `officials`, `question <code>`. */
export function measureName(measure: SurveyMeasure): string {
  switch (measure.kind) {
    case 'element':
      return `element ${measure.element}`;
    case 'area':
      return `area ${measure.area}`;
    case 'question':
      return `question ${measure.question}`;
    default:
      return measure.kind;
  }
}

interface LoadedCampaign {
  campaign: Campaign;
  tally: Map<string, UnitTally>;
  covered: Set<string>;
}

/** The campaign of a code with its tally (cached by the campaign's responses revision), or null when there is none. */
async function loadCampaign(db: DbOrTx, code: string): Promise<LoadedCampaign | null> {
  let campaign: Campaign;
  try {
    campaign = await campaignByCode(db, code);
  } catch (error) {
    if (error instanceof AppError && error.reason === 'survey_campaign_not_found') return null;
    throw error;
  }
  // One query after the other: `db` may be the publication's transaction.
  const tally = await campaignTally(db, campaign);
  const covered = new Set((await campaignUnits(db, campaign.id)).map((u) => u.unitCode));
  return { campaign, tally, covered };
}

/** One survey criterion for one unit. */
export function surveyOutcome(def: SurveyCriterionDef, loaded: LoadedCampaign | null, unitCode: string): SurveyOutcome {
  const params = { campaign: def.survey.campaign };
  const none = (reason: FrameworkReason, extra: Record<string, string> = {}, responses = 0): SurveyOutcome => ({
    campaignName: loaded?.campaign.name ?? null,
    value: null,
    points: null,
    responses,
    reason: reasonText(frameworkReasons, reason, { ...params, ...extra }),
  });
  if (!loaded) return none('survey_source_campaign_missing');
  const tally = loaded.tally.get(unitCode);
  const responses = tally?.responses ?? 0;
  // An officials' survey rates units through its groups: a unit rated in a response counts as covered.
  if (!loaded.covered.has(unitCode) && responses === 0) return none('survey_source_unit_not_covered');
  if (responses === 0) return none('survey_source_no_responses');
  const value = measureValue(def.survey.measure, tally, loaded.campaign.questions as SurveyQuestion[]);
  if (value === null) return none('survey_source_no_value', { measure: measureName(def.survey.measure) }, responses);
  return { campaignName: loaded.campaign.name, value, points: measurePoints(value, def.survey.mapping, def.maxPoints), responses, reason: null };
}

/**
 * The outcome of every linked survey criterion for every unit: unit id → criterion id → outcome. Each campaign is
 * read once (its tally is reused until its responses change); nothing is queried without linked criteria.
 */
export async function evaluateSurveyCriteria(
  db: DbOrTx,
  criteria: readonly SurveyCriterionDef[],
  units: readonly { id: number; code: string }[],
): Promise<Map<number, Map<number, SurveyOutcome>>> {
  const result = new Map<number, Map<number, SurveyOutcome>>();
  if (criteria.length === 0 || units.length === 0) return result;
  const campaigns = new Map<string, LoadedCampaign | null>();
  for (const code of new Set(criteria.map((c) => c.survey.campaign))) campaigns.set(code, await loadCampaign(db, code));
  for (const unit of units) {
    result.set(unit.id, new Map(criteria.map((c) => [c.id, surveyOutcome(c, campaigns.get(c.survey.campaign) ?? null, unit.code)])));
  }
  return result;
}

/** The drill-down's `survey` source of a criterion: where its points come from and which stage decided the score. */
export function surveySource(def: SurveyCriterionDef, outcome: SurveyOutcome, decidedBy: DecidingStage): SurveySource {
  return {
    campaign: def.survey.campaign,
    campaignName: outcome.campaignName,
    measure: def.survey.measure,
    mapping: def.survey.mapping,
    value: outcome.value === null ? null : outcome.value / 100,
    points: outcome.points === null ? null : pointsToNumber(outcome.points),
    responses: outcome.responses,
    reason: outcome.reason,
    decidedBy,
  };
}
