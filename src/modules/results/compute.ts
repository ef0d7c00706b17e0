import type { DbOrTx } from '../../db/client.js';
import { type ClassBand, isOutsideMaximum, type Method, parentCodeOf } from '../../domain/framework.js';
import { type DecidingStage, FormulaEvaluationError, formulaLeaf } from '../../domain/indicators.js';
import { pointsToNumber } from '../../domain/points.js';
import type { CriterionSurveyLink } from '../../domain/framework.js';
import {
  classOf,
  criterionResult,
  type LeafScore,
  NoApplicableCriteriaError,
  prepareScoring,
  rankByIndex,
  ScoreOutOfRangeError,
  scoreUnit,
  surveyLeaf,
  withoutDraft,
} from '../../domain/results.js';
import { flattenCriteria, getFramework } from '../frameworks/service.js';
import type { FormulaDetail } from '../indicators/schemas.js';
import { evaluateFormulas, formulaDetail } from '../indicators/service.js';
import { findRound, latestPublication, loadRoundScoreVectors, roundParticipants, type RoundRow } from './queries.js';
import type { BlockResults, CriterionDetail, SurveySource, UnitProblem, UnitRanking } from './schemas.js';
import { evaluateSurveyCriteria, type SurveyCriterionDef, surveySource } from './survey-points.js';

/**
 * A round's results computed from its scores through the domain rules (nothing is stored by hand): the ranking of
 * its units, and each unit's criteria for the drill-down.
 */

/** What scoring needs of a framework revision: its criteria flat, points in hundredths, and class bands. */
export interface ScoringFramework {
  id: number;
  name: string;
  classes: ClassBand[];
  criteria: {
    id: number;
    code: string;
    title: string;
    method: Method;
    maxPoints: number;
    formula: string | null;
    /** A survey leaf's link to a campaign. */
    survey: CriterionSurveyLink | null;
  }[];
}

export async function loadScoringFramework(db: DbOrTx, frameworkId: number): Promise<ScoringFramework> {
  const framework = await getFramework(db, frameworkId);
  // Framework points have at most two decimals, so the hundredths are exact.
  const flat = flattenCriteria(framework.criteria).map((c) => ({
    id: c.id,
    code: c.code,
    title: c.title,
    method: c.method,
    maxPoints: Math.round(c.maxPoints * 100),
    formula: c.formula,
    survey: c.survey,
  }));
  return { id: framework.id, name: framework.name, classes: framework.classes, criteria: flat };
}

/** Why a unit has no index, as a reason of the catalogue: the domain's refusal, with a formula's own reason as its cause. */
function problemOf(error: NoApplicableCriteriaError | ScoreOutOfRangeError | FormulaEvaluationError): UnitProblem {
  return {
    code: error.reason,
    params: error.params,
    message: error.message,
    ...(error instanceof FormulaEvaluationError ? { cause: error.cause } : {}),
  };
}

/** Computes a round's results from its scores through the domain rules; nothing is stored by hand. */
export async function computeRoundResults(db: DbOrTx, round: RoundRow): Promise<BlockResults>;
export async function computeRoundResults(
  db: DbOrTx,
  round: RoundRow,
  options: { details: true },
): Promise<BlockResults & { details: Record<string, CriterionDetail[]> }>;
export async function computeRoundResults(db: DbOrTx, round: RoundRow, options: { details?: boolean } = {}) {
  const fw = await loadScoringFramework(db, round.frameworkId);
  const prepared = prepareScoring(fw.criteria);
  const idByCode = new Map(fw.criteria.map((c) => [c.code, c.id]));
  const positionOf = new Map(prepared.leaves.map((leaf, at) => [idByCode.get(leaf.code)!, at]));
  const participants = await roundParticipants(db, round.id, round.year);
  const vectors = await loadRoundScoreVectors(db, round.id, positionOf, prepared.leaves.length);
  const titleOf = new Map(fw.criteria.map((c) => [c.code, c.title]));
  const fieldPositions = prepared.criteria.flatMap((c, at) => (parentCodeOf(c.code) === null ? [at] : []));
  // Formula leaves: their value is computed from the platform's data of the round's year (docs/formula-criteria.md).
  const formulaLeaves = fw.criteria.filter((c) => c.method === 'formula' && positionOf.has(c.id));
  const outcomes = await evaluateFormulas(
    db,
    round.year,
    formulaLeaves,
    participants.map((p) => p.id),
  );
  // Survey leaves linked to a campaign: their points come from the campaign's responses (docs/results.md).
  const surveyLeaves: SurveyCriterionDef[] = fw.criteria.flatMap((c) =>
    c.method === 'survey' && c.survey && positionOf.has(c.id) ? [{ id: c.id, code: c.code, maxPoints: c.maxPoints, survey: c.survey }] : [],
  );
  const surveyOutcomes = await evaluateSurveyCriteria(db, surveyLeaves, participants);
  const computed = participants.map((unit) => {
    // A sheet never submitted counts for nothing of its own: its self-scores and its not-applicable marks are drafts
    // (domain.md); the unit is ranked on what the appraisers, the council and the organizer gave and on formulas.
    // Rounds loaded from history have no submissions: their scores count as imported.
    const notSubmitted = !round.historical && !unit.submitted;
    const stored = vectors.get(unit.id) ?? new Array<LeafScore | undefined>(prepared.leaves.length);
    const leaves = notSubmitted ? stored.map((leaf, at) => leaf && withoutDraft(leaf, prepared.leaves[at]!.method)) : stored;
    const formulas = new Map<string, FormulaDetail & { decidedBy: DecidingStage }>();
    const surveys = new Map<string, SurveySource>();
    for (const c of surveyLeaves) {
      const at = positionOf.get(c.id)!;
      const outcome = surveyOutcomes.get(unit.id)!.get(c.id)!;
      const applied = surveyLeaf(leaves[at], outcome.points);
      leaves[at] = applied.leaf;
      surveys.set(c.code, surveySource(c, outcome, applied.stage));
    }
    try {
      for (const c of formulaLeaves) {
        const at = positionOf.get(c.id)!;
        const outcome = outcomes.get(unit.id)!.get(c.id)!;
        const applied = formulaLeaf(c.code, leaves[at], outcome);
        leaves[at] = applied.leaf;
        formulas.set(c.code, { ...formulaDetail(c.formula ?? '', outcome), decidedBy: applied.stage });
      }
      return { unit, notSubmitted, scored: scoreUnit(prepared, leaves), problem: null as UnitProblem | null, formulas, surveys };
    } catch (error) {
      if (error instanceof NoApplicableCriteriaError || error instanceof ScoreOutOfRangeError || error instanceof FormulaEvaluationError) {
        return { unit, notSubmitted, scored: null, problem: problemOf(error), formulas, surveys };
      }
      throw error;
    }
  });
  const ranked = rankByIndex(
    computed.filter((c) => c.scored !== null),
    (c) => c.scored!.index,
    (a, b) => a.unit.code.localeCompare(b.unit.code),
  );
  const previous = await previousRanks(db, round);
  const present = (c: (typeof computed)[number], rank: number | null): UnitRanking => {
    const s = c.scored;
    return {
      unitCode: c.unit.code,
      unitName: c.unit.name,
      // A unit that did not submit claimed nothing.
      selfScore: s && s.selfScore !== null && !c.notSubmitted ? pointsToNumber(s.selfScore) : null,
      score: s ? pointsToNumber(s.score) : null,
      maxScore: s ? pointsToNumber(s.maxScore) : null,
      index: s ? s.index / 100 : null,
      rank,
      class: s ? classOf(s.index, fw.classes) : null,
      previousRank: previous.get(c.unit.code) ?? null,
      fields: fieldPositions.map((at) => {
        const code = prepared.criteria[at]!.code;
        const r = s ? criterionResult(prepared, s, at) : null;
        return {
          code,
          score: r ? pointsToNumber(r.score) : 0,
          maxScore: r ? pointsToNumber(r.maxScore) : 0,
          index: r && r.index !== null ? r.index / 100 : null,
        };
      }),
      problem: c.problem,
      notSubmitted: c.notSubmitted,
    };
  };
  const results: BlockResults = {
    roundId: round.id,
    year: round.year,
    blockCode: round.blockCode,
    blockName: round.blockName,
    status: round.status,
    frameworkName: fw.name,
    classes: fw.classes,
    fields: fieldPositions.map((at) => {
      const c = prepared.criteria[at]!;
      return { code: c.code, title: titleOf.get(c.code) ?? '', method: c.method, maxPoints: pointsToNumber(c.maxPoints) };
    }),
    units: [...ranked.map((r) => present(r.item, r.rank)), ...computed.filter((c) => c.scored === null).map((c) => present(c, null))],
  };
  if (!options.details) return results;
  const details: Record<string, CriterionDetail[]> = {};
  for (const c of computed) {
    if (!c.scored) continue;
    details[c.unit.code] = prepared.criteria.map((criterion, at) => {
      const r = criterionResult(prepared, c.scored!, at);
      return {
        code: r.code,
        title: titleOf.get(r.code) ?? '',
        method: r.method,
        applicable: r.applicable,
        score: pointsToNumber(r.score),
        maxScore: pointsToNumber(r.maxScore),
        lost: isOutsideMaximum(criterion.method) ? 0 : pointsToNumber(r.maxScore - r.score),
        index: r.index === null ? null : r.index / 100,
        ...(c.formulas.has(r.code) ? { formula: c.formulas.get(r.code)! } : {}),
        ...(c.surveys.has(r.code) ? { survey: c.surveys.get(r.code)! } : {}),
      };
    });
  }
  return { ...results, details };
}

/** Ranks of the same block's previous year: from its latest publication, else computed when approved. */
async function previousRanks(db: DbOrTx, round: RoundRow): Promise<Map<string, number>> {
  const before = await findRound(db, round.year - 1, round.blockCode);
  if (!before || before.status === 'open') return new Map();
  const published = await latestPublication(db, before.id);
  const results = published ? (published.results as BlockResults) : await computeRoundResults(db, before);
  return new Map(results.units.filter((u) => u.rank !== null).map((u) => [u.unitCode, u.rank!]));
}
