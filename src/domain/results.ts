import { compareCodes, isOutsideMaximum, type ClassBand, type Method, parentCodeOf } from './framework.js';
import type { DecidingStage } from './indicators.js';
import { divideRoundHalfUp, type Hundredths } from './points.js';

/**
 * The PAR Index of one unit, exactly per domain.md "Computing the index":
 * - a leaf's final score is its latest stage with a value: council, else appraisal, else self (or the
 *   computed value of a formula or linked survey criterion); a leaf without any value scores 0;
 * - not-applicable leaves leave both the score and the maximum;
 * - bonus and penalty never count in the maximum and are capped by their own max; a normal score
 *   outside [0, max] is an input error (ScoreOutOfRangeError), never clamped;
 * - score = Σ applicable normal leaves + bonus − penalty, kept within [0, applicable max];
 * - index = score / applicable max × 100, two decimals, half up. The same gives field and criterion indices.
 * All points are integer hundredths; an index is integer hundredths of a percent (54.38 % = 5438).
 */

export interface ScoringCriterion {
  code: string;
  method: Method;
  maxPoints: Hundredths;
}

export interface LeafScore {
  notApplicable?: boolean;
  self?: Hundredths | null;
  /** A formula criterion's value computed from the platform's data, or a linked survey criterion's points from its campaign (used in place of self). */
  computed?: Hundredths | null;
  appraised?: Hundredths | null;
  council?: Hundredths | null;
}

/**
 * A leaf of a sheet that was never submitted (product rule, issue 11): without the unit's own values (the self-score;
 * on a manual criterion the not-applicable mark, which only the unit sets). Appraisal, council and organizer values stay.
 */
export function withoutDraft<T extends { self?: Hundredths | null; notApplicable?: boolean }>(leaf: T, method: Method): T {
  return { ...leaf, self: null, ...(method === 'manual' ? { notApplicable: false } : {}) };
}

export interface CriterionResult {
  code: string;
  method: Method;
  applicable: boolean;
  /** Points earned (for bonus/penalty: points given or taken). */
  score: Hundredths;
  /** Applicable maximum (0 for bonus and penalty). */
  maxScore: Hundredths;
  /** Null when nothing applicable is counted in the maximum (bonus, penalty, all not applicable). */
  index: number | null;
}

/** A normal criterion's score outside [0, max] is bad input: it is refused at entry and never clamped here. */
export class ScoreOutOfRangeError extends Error {
  /** The reason (src/domain/reasons.ts) and its parameters, for the user's language. */
  readonly reason = 'criterion_score_outside_range';
  readonly params: { criterion: string; score: number; max: number };
  constructor(
    readonly code: string,
    readonly value: Hundredths,
    readonly maxPoints: Hundredths,
  ) {
    super(`criterion ${code}: score ${value / 100} is outside 0–${maxPoints / 100}`);
    this.params = { criterion: code, score: value / 100, max: maxPoints / 100 };
  }
}

export class NoApplicableCriteriaError extends Error {
  readonly reason = 'no_applicable_criteria';
  readonly params = {};
  constructor() {
    super('every criterion counted in the maximum is not applicable to this unit');
  }
}

/** Index in hundredths of a percent, rounded half up. */
export function indexOf(score: Hundredths, maxScore: Hundredths): number {
  return divideRoundHalfUp(score * 10_000, maxScore);
}

/** Methods whose leaves may carry a computed value (formula: the platform's data; survey: its campaign). */
const COMPUTED_METHODS: readonly Method[] = ['formula', 'survey'];

function finalLeafScore(method: Method, leaf: LeafScore | undefined): Hundredths {
  if (!leaf) return 0;
  const base = COMPUTED_METHODS.includes(method) ? (leaf.computed ?? leaf.self) : leaf.self;
  return leaf.council ?? leaf.appraised ?? base ?? 0;
}

/**
 * The stages of a survey leaf linked to a campaign once its points for the unit are known (null: the campaign does
 * not exist, does not cover the unit, or the measure has no value). Like a formula leaf: a leaf marked not applicable
 * stays so; the points stand where a self score would, and the organizer's entry (appraisal stage) or the council's
 * still override them; without points nor any entry the criterion is not applicable (no survey held for the unit:
 * the index rescales, domain.md "Surveys").
 */
export function surveyLeaf(leaf: LeafScore | undefined, points: Hundredths | null): { leaf: LeafScore | undefined; stage: DecidingStage } {
  if (leaf?.notApplicable) return { leaf, stage: 'not_applicable' };
  const next: LeafScore = { ...leaf, computed: points };
  const stage: DecidingStage =
    next.council != null ? 'council' : next.appraised != null ? 'appraisal' : next.computed != null ? 'computed' : next.self != null ? 'self' : 'none';
  if (stage !== 'none') return { leaf: next, stage };
  return { leaf: { ...next, notApplicable: true }, stage: 'not_applicable' };
}

const NORMAL = 0;
const BONUS = 1;
const PENALTY = 2;

/**
 * A framework compiled once for scoring many units: criteria in code order, the leaves with their kind
 * and the positions of themselves and their ancestors, so scoring a unit is plain array arithmetic.
 */
export interface PreparedFramework {
  criteria: readonly ScoringCriterion[];
  /** Position of each leaf (by code) in `leaves`. */
  leafPosition: ReadonlyMap<string, number>;
  leaves: readonly { code: string; method: Method; max: Hundredths; kind: number; path: readonly number[] }[];
}

export function prepareScoring(criteria: readonly ScoringCriterion[]): PreparedFramework {
  const ordered = [...criteria].sort((a, b) => compareCodes(a.code, b.code));
  const position = new Map(ordered.map((c, i) => [c.code, i]));
  const hasChildren = new Set(ordered.map((c) => parentCodeOf(c.code)).filter((c): c is string => c !== null));
  const leaves = ordered
    .filter((c) => !hasChildren.has(c.code))
    .map((c) => {
      const path: number[] = [];
      for (let code: string | null = c.code; code !== null; code = parentCodeOf(code)) {
        const at = position.get(code);
        if (at !== undefined) path.push(at);
      }
      return { code: c.code, method: c.method, max: c.maxPoints, kind: c.method === 'bonus' ? BONUS : c.method === 'penalty' ? PENALTY : NORMAL, path };
    });
  return { criteria: ordered, leafPosition: new Map(leaves.map((l, i) => [l.code, i])), leaves };
}

export interface ScoredUnit {
  score: Hundredths;
  maxScore: Hundredths;
  index: number;
  bonus: Hundredths;
  penalty: Hundredths;
  /** The same rules applied to the self-assessed values alone; null when those are invalid or all not applicable. */
  selfScore: Hundredths | null;
  /** Per criterion (in `prepared.criteria` order): points, applicable maximum, whether anything applies. */
  nodeScore: Int32Array;
  nodeMax: Int32Array;
  nodeApplicable: Uint8Array;
}

/** Scores one unit; `leaves[i]` holds the stages of `prepared.leaves[i]`. */
export function scoreUnit(prepared: PreparedFramework, leaves: ReadonlyArray<LeafScore | undefined>): ScoredUnit {
  const n = prepared.criteria.length;
  const nodeScore = new Int32Array(n);
  const nodeMax = new Int32Array(n);
  const nodeApplicable = new Uint8Array(n);
  const totals = [0, 0, 0];
  const selfTotals = [0, 0, 0];
  let maxScore = 0;
  let selfValid = true;
  prepared.leaves.forEach((leafDef, i) => {
    const leaf = leaves[i];
    if (leaf?.notApplicable) return;
    const outside = leafDef.kind !== NORMAL;
    const value = finalLeafScore(leafDef.method, leaf);
    if (value < 0 || (value > leafDef.max && !outside)) throw new ScoreOutOfRangeError(leafDef.code, value, leafDef.max);
    // Bonus and penalty: their max caps what they give or take.
    const earned = Math.min(value, leafDef.max);
    const counted = outside ? 0 : leafDef.max;
    totals[leafDef.kind]! += earned;
    maxScore += counted;
    const selfValue = (leafDef.method === 'formula' ? (leaf?.computed ?? leaf?.self) : leaf?.self) ?? 0;
    if (selfValue < 0 || (selfValue > leafDef.max && !outside)) selfValid = false;
    selfTotals[leafDef.kind]! += Math.min(selfValue, leafDef.max);
    for (const at of leafDef.path) {
      nodeScore[at]! += earned;
      nodeMax[at]! += counted;
      nodeApplicable[at] = 1;
    }
  });
  if (maxScore === 0) throw new NoApplicableCriteriaError();
  const clamp = (t: number[]) => Math.max(0, Math.min(t[NORMAL]! + t[BONUS]! - t[PENALTY]!, maxScore));
  const score = clamp(totals);
  return {
    score,
    maxScore,
    index: indexOf(score, maxScore),
    bonus: totals[BONUS]!,
    penalty: totals[PENALTY]!,
    selfScore: selfValid ? clamp(selfTotals) : null,
    nodeScore,
    nodeMax,
    nodeApplicable,
  };
}

/** The result of one criterion (field or below) out of a scored unit. */
export function criterionResult(prepared: PreparedFramework, scored: ScoredUnit, at: number): CriterionResult {
  const c = prepared.criteria[at]!;
  const max = scored.nodeMax[at]!;
  return {
    code: c.code,
    method: c.method,
    applicable: scored.nodeApplicable[at] === 1,
    score: scored.nodeScore[at]!,
    maxScore: max,
    index: !isOutsideMaximum(c.method) && max > 0 ? indexOf(scored.nodeScore[at]!, max) : null,
  };
}

export interface Ranked<T> {
  item: T;
  rank: number;
}

/**
 * Ranks by index (two decimals), highest first. Equal indices share a rank and the next rank skips
 * (1, 2, 2, 4). Within a tie, items keep the order of `tieBreak` (e.g. unit code) for display only.
 */
export function rankByIndex<T>(items: readonly T[], indexOfItem: (item: T) => number, tieBreak: (a: T, b: T) => number): Ranked<T>[] {
  const sorted = [...items].sort((a, b) => indexOfItem(b) - indexOfItem(a) || tieBreak(a, b));
  const ranked: Ranked<T>[] = [];
  sorted.forEach((item, position) => {
    const previous = ranked[position - 1];
    const rank = previous && indexOfItem(previous.item) === indexOfItem(item) ? previous.rank : position + 1;
    ranked.push({ item, rank });
  });
  return ranked;
}

/** The class (xếp loại) of an index: the first band, from the highest, whose minimum it reaches. */
export function classOf(index: number, bands: readonly ClassBand[]): string | null {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  return sorted.find((band) => index >= Math.round(band.min * 100))?.label ?? null;
}
