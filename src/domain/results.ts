import { compareCodes, isOutsideMaximum, type ClassBand, type Method, parentCodeOf } from './framework.js';
import { divideRoundHalfUp, type Hundredths } from './points.js';

/**
 * The PAR Index of one unit, exactly per domain.md "Computing the index":
 * - a leaf's final score is its latest stage with a value: council, else appraisal, else self (or the
 *   computed value of a formula criterion); a leaf without any value scores 0;
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
  /** A formula criterion's value computed from the platform's data (used in place of self). */
  computed?: Hundredths | null;
  appraised?: Hundredths | null;
  council?: Hundredths | null;
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

export interface UnitResult {
  score: Hundredths;
  maxScore: Hundredths;
  index: number;
  bonus: Hundredths;
  penalty: Hundredths;
  /** Every criterion, fields (top level) first in code order. */
  criteria: CriterionResult[];
}

/** A normal criterion's score outside [0, max] is bad input: it is refused at entry and never clamped here. */
export class ScoreOutOfRangeError extends Error {
  constructor(
    readonly code: string,
    readonly value: Hundredths,
    readonly maxPoints: Hundredths,
  ) {
    super(`criterion ${code}: score ${value / 100} is outside 0–${maxPoints / 100}`);
  }
}

export class NoApplicableCriteriaError extends Error {
  constructor() {
    super('every criterion counted in the maximum is not applicable to this unit: no index can be computed');
  }
}

/** Index in hundredths of a percent, rounded half up. */
export function indexOf(score: Hundredths, maxScore: Hundredths): number {
  return divideRoundHalfUp(score * 10_000, maxScore);
}

export function finalLeafScore(method: Method, leaf: LeafScore | undefined): Hundredths {
  if (!leaf) return 0;
  const base = method === 'formula' ? (leaf.computed ?? leaf.self) : leaf.self;
  return leaf.council ?? leaf.appraised ?? base ?? 0;
}

/**
 * Computes one unit's result. `criteria` is the whole framework (parents and leaves); `scores` has the
 * stages of the leaves by code. Throws NoApplicableCriteriaError when the applicable maximum is 0.
 */
export function computeUnitResult(criteria: readonly ScoringCriterion[], scores: ReadonlyMap<string, LeafScore>): UnitResult {
  const hasChildren = new Set<string>();
  for (const c of criteria) {
    const parent = parentCodeOf(c.code);
    if (parent !== null) hasChildren.add(parent);
  }
  const totals = new Map<string, { score: Hundredths; max: Hundredths; applicable: boolean; anyLeaf: boolean }>();
  const bump = (code: string, score: Hundredths, max: Hundredths, applicable: boolean) => {
    for (let c: string | null = code; c !== null; c = parentCodeOf(c)) {
      const t = totals.get(c) ?? { score: 0, max: 0, applicable: false, anyLeaf: false };
      t.score += score;
      t.max += max;
      t.applicable ||= applicable;
      t.anyLeaf = true;
      totals.set(c, t);
    }
  };
  let normal = 0;
  let maxScore = 0;
  let bonus = 0;
  let penalty = 0;
  for (const c of criteria) {
    if (hasChildren.has(c.code)) continue;
    const leaf = scores.get(c.code);
    if (leaf?.notApplicable) {
      bump(c.code, 0, 0, false);
      continue;
    }
    const value = finalLeafScore(c.method, leaf);
    if (value < 0 || (value > c.maxPoints && !isOutsideMaximum(c.method))) throw new ScoreOutOfRangeError(c.code, value, c.maxPoints);
    // Bonus and penalty: their max caps what they give or take.
    const earned = Math.min(value, c.maxPoints);
    if (c.method === 'bonus') {
      bonus += earned;
      bump(c.code, earned, 0, true);
    } else if (c.method === 'penalty') {
      penalty += earned;
      bump(c.code, earned, 0, true);
    } else {
      normal += earned;
      maxScore += c.maxPoints;
      bump(c.code, earned, c.maxPoints, true);
    }
  }
  if (maxScore === 0) throw new NoApplicableCriteriaError();
  const score = Math.max(0, Math.min(normal + bonus - penalty, maxScore));
  const ordered = [...criteria].sort((a, b) => compareCodes(a.code, b.code));
  return {
    score,
    maxScore,
    index: indexOf(score, maxScore),
    bonus,
    penalty,
    criteria: ordered.map((c) => {
      const t = totals.get(c.code) ?? { score: 0, max: 0, applicable: false, anyLeaf: false };
      return {
        code: c.code,
        method: c.method,
        applicable: t.applicable,
        score: t.score,
        maxScore: t.max,
        index: !isOutsideMaximum(c.method) && t.max > 0 ? indexOf(t.score, t.max) : null,
      };
    }),
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

/** "54.38" for 5438. */
export function formatIndex(index: number): string {
  return `${Math.floor(index / 100)}.${String(index % 100).padStart(2, '0')}`;
}
