import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { blocks, criteria, frameworks } from '../../src/db/schema.js';
import type { Hundredths } from '../../src/domain/points.js';
import { type CriterionResult, criterionResult, type LeafScore, prepareScoring, type ScoringCriterion, scoreUnit } from '../../src/domain/results.js';

/**
 * One unit's result from the domain's scoring, for the domain tests: `criteria` is the whole framework (parents and
 * leaves), `scores` the stages of the leaves by code. Throws NoApplicableCriteriaError when the applicable maximum
 * is 0. (The results module scores whole blocks with prepareScoring / scoreUnit directly.)
 */
export function computeUnitResult(
  list: readonly ScoringCriterion[],
  scores: ReadonlyMap<string, LeafScore>,
): { score: Hundredths; maxScore: Hundredths; index: number; bonus: Hundredths; penalty: Hundredths; criteria: CriterionResult[] } {
  const prepared = prepareScoring(list);
  const scored = scoreUnit(
    prepared,
    prepared.leaves.map((l) => scores.get(l.code)),
  );
  return {
    score: scored.score,
    maxScore: scored.maxScore,
    index: scored.index,
    bonus: scored.bonus,
    penalty: scored.penalty,
    criteria: prepared.criteria.map((_, at) => criterionResult(prepared, scored, at)),
  };
}

/**
 * A small framework used by the results tests: field 1 = 1.1 (4) + 1.2 (6), field 2 = 2.1 (10), bonus 3 (max 2),
 * penalty 4 (max 3): 20 points counted in the maximum.
 */
export const FIXTURE_CLASSES = [
  { label: 'Tốt', min: 90 },
  { label: 'Khá', min: 80 },
  { label: 'Trung bình', min: 70 },
  { label: 'Yếu', min: 0 },
];

export const FIXTURE_CRITERIA = [
  ['1', 'Chỉ đạo, điều hành', '10', 'manual'],
  ['1.1', 'Kế hoạch', '4', 'manual'],
  ['1.2', 'Báo cáo', '6', 'manual'],
  ['2', 'Thủ tục hành chính', '10', 'manual'],
  ['2.1', 'Giải quyết hồ sơ', '10', 'manual'],
  ['3', 'Điểm thưởng', '2', 'bonus'],
  ['4', 'Điểm trừ', '3', 'penalty'],
] as const;

/** Inserts the fixture framework for a year of block SO (which must exist). */
export async function insertFixtureFramework(db: Db, year: number) {
  const [block] = await db.select().from(blocks).where(eq(blocks.code, 'SO'));
  const [fw] = await db
    .insert(frameworks)
    .values({ year, blockId: block!.id, name: `Bộ tiêu chí ${year}`, classes: FIXTURE_CLASSES })
    .returning();
  await db
    .insert(criteria)
    .values(FIXTURE_CRITERIA.map(([code, title, maxPoints, method], position) => ({ frameworkId: fw!.id, code, title, maxPoints, method, position })));
}

export const SCORE_HEADER = 'unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable';

/**
 * 2025 scores of four departments, hand-computed by domain.md's rules:
 * SNV: 3.5 (appraised) + 6 + 8.5 (council) = 18 / 20 → 90.00, Tốt; self 4 + 6 + 9 = 19
 * SCT: 4 + 9.75 (1.2 not applicable: max 14) + bonus 1 = 14.75 → capped at 14 / 14 → 100.00, Tốt
 * STP: 3 + 5.5 + 9.5 = 18 / 20 → 90.00, shares rank 2 with SNV
 * VP: 2 + 3 + 6.25 − penalty 0.5 = 10.75 / 20 → 53.75, Yếu, rank 4 (not 3)
 */
export const SCORE_LINES_2025 = [
  'SNV,1.1,4,3.5,,',
  'SNV,1.2,6,,,no',
  'SNV,2.1,9,,8.5,',
  'SCT,1.1,4,,,',
  'SCT,1.2,,,,yes',
  'SCT,2.1,"9,75",,,',
  'SCT,3,1,,,',
  'STP,1.1,3,,,',
  'STP,1.2,5.5,,,',
  'STP,2.1,9.5,,,',
  'VP,1.1,2,,,',
  'VP,1.2,3,,,',
  'VP,2.1,6.25,,,',
  'VP,4,0.5,,,',
];
