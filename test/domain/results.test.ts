import { describe, expect, it } from 'vitest';
import { parsePoints as p } from '../../src/domain/points.js';
import { computeUnitResult } from '../helpers/results-fixtures.js';
import {
  classOf,
  indexOf,
  type LeafScore,
  NoApplicableCriteriaError,
  rankByIndex,
  ScoreOutOfRangeError,
  type ScoringCriterion,
} from '../../src/domain/results.js';

const c = (code: string, max: string, method: ScoringCriterion['method'] = 'manual'): ScoringCriterion => ({ code, maxPoints: p(max), method });
const scores = (entries: Record<string, LeafScore>) => new Map(Object.entries(entries));
const self = (value: string): LeafScore => ({ self: p(value) });

// Field 1 (10 = 4 + 6), field 2 (10), bonus 3 (2), penalty 4 (3).
const FRAMEWORK = [c('1', '10'), c('1.1', '4'), c('1.2', '6'), c('2', '10'), c('2.1', '10'), c('3', '2', 'bonus'), c('4', '3', 'penalty')];

describe('computeUnitResult', () => {
  it('takes a not-applicable leaf out of both the score and the maximum', () => {
    // 1.1 = 3 of 4, 1.2 not applicable, 2.1 = 7.5 of 10 → 10.5 / 14 = 75.00 %.
    const result = computeUnitResult(FRAMEWORK, scores({ '1.1': self('3'), '1.2': { notApplicable: true, self: p('6') }, '2.1': self('7.5') }));
    expect(result).toMatchObject({ score: 1050, maxScore: 1400, index: 7500, bonus: 0, penalty: 0 });
    const byCode = Object.fromEntries(result.criteria.map((r) => [r.code, r]));
    expect(byCode['1']).toMatchObject({ score: 300, maxScore: 400, index: 7500, applicable: true });
    expect(byCode['1.2']).toMatchObject({ applicable: false, score: 0, maxScore: 0, index: null });
    expect(byCode['2']).toMatchObject({ score: 750, maxScore: 1000, index: 7500 });
    expect(result.criteria.map((r) => r.code)).toEqual(['1', '1.1', '1.2', '2', '2.1', '3', '4']);
  });

  it('adds bonus and subtracts penalty outside the maximum, each capped by its own max', () => {
    // 4 + 5.5 + 9 = 18.5 of 20; bonus 2.5 capped at 2; penalty 1 → 19.5 / 20 = 97.50 %.
    const result = computeUnitResult(FRAMEWORK, scores({ '1.1': self('4'), '1.2': self('5.5'), '2.1': self('9'), '3': self('2.5'), '4': self('1') }));
    expect(result).toMatchObject({ score: 1950, maxScore: 2000, index: 9750, bonus: 200, penalty: 100 });
    const bonusRow = result.criteria.find((r) => r.code === '3')!;
    expect(bonusRow).toMatchObject({ score: 200, maxScore: 0, index: null });
  });

  it('keeps the score within [0, applicable max] after bonus and penalty', () => {
    const top = computeUnitResult(FRAMEWORK, scores({ '1.1': self('4'), '1.2': self('6'), '2.1': self('9.5'), '3': self('2') }));
    expect(top).toMatchObject({ score: 2000, maxScore: 2000, index: 10000 });
    const bottom = computeUnitResult(FRAMEWORK, scores({ '1.1': self('1'), '4': self('3') }));
    expect(bottom).toMatchObject({ score: 0, index: 0, penalty: 300 });
  });

  it('uses the latest stage with a value: council, else appraised, else self; a formula uses its computed value', () => {
    const framework = [c('1', '30'), c('1.1', '10'), c('1.2', '10'), c('1.3', '10', 'formula')];
    const result = computeUnitResult(
      framework,
      scores({
        '1.1': { self: p('9'), appraised: p('7'), council: p('8') }, // 8
        '1.2': { self: p('9'), appraised: p('6.25') }, // 6.25
        '1.3': { computed: p('5'), self: p('10') }, // 5
      }),
    );
    expect(result.score).toBe(1925);
    expect(result.index).toBe(6417); // 19.25 / 30 = 64.1666… → 64.17
  });

  it('counts a leaf without any value as 0 but keeps it in the maximum', () => {
    const result = computeUnitResult(FRAMEWORK, scores({ '1.1': self('4') }));
    expect(result).toMatchObject({ score: 400, maxScore: 2000, index: 2000 });
  });

  it('refuses a normal score outside [0, max] instead of clamping it', () => {
    expect(() => computeUnitResult(FRAMEWORK, scores({ '1.1': self('4.25') }))).toThrow(ScoreOutOfRangeError);
    expect(() => computeUnitResult(FRAMEWORK, scores({ '2.1': { self: p('5'), council: p('-1') } }))).toThrow(/criterion 2.1: score -1 is outside 0–10/);
  });

  it('gives a clear error, not a division by zero, when nothing applicable counts in the maximum', () => {
    const all = scores({ '1.1': { notApplicable: true }, '1.2': { notApplicable: true }, '2.1': { notApplicable: true }, '3': self('2') });
    expect(() => computeUnitResult(FRAMEWORK, all)).toThrow(NoApplicableCriteriaError);
  });

  it('matches exact decimal arithmetic where binary floating point would not', () => {
    // 0.1 + 0.2 style sums: 0.1 × 3 leaves = 0.3 of 0.3 → 100.00, not 99.99.
    const framework = [c('1', '0.3'), c('1.1', '0.1'), c('1.2', '0.1'), c('1.3', '0.1')];
    const result = computeUnitResult(framework, scores({ '1.1': self('0.1'), '1.2': self('0.1'), '1.3': self('0.1') }));
    expect(result).toMatchObject({ score: 30, maxScore: 30, index: 10000 });
  });
});

describe('indexOf rounds half up at the third decimal', () => {
  it.each([
    ['43.5', '80', 5438, '54.38'], // 54.375 → 54.38
    ['43.49', '80', 5436, '54.36'], // 54.3625 → 54.36
    ['2', '3', 6667, '66.67'], // 66.666… → 66.67
    ['1', '3', 3333, '33.33'], // 33.333… → 33.33
    ['0.01', '8', 13, '0.13'], // 0.125 → 0.13
    ['70.25', '80', 8781, '87.81'], // 87.8125 → 87.81
    ['80', '80', 10000, '100.00'],
  ])('%s / %s → %s', (score, max, expected, text) => {
    expect(indexOf(p(score), p(max))).toBe(expected);
    expect((expected / 100).toFixed(2)).toBe(text);
  });
});

describe('rankByIndex', () => {
  it('shares a rank on equal indices and skips the next (1, 2, 2, 4)', () => {
    const units = [
      { code: 'D', index: 8000 },
      { code: 'B', index: 8500 },
      { code: 'A', index: 9000 },
      { code: 'C', index: 8500 },
      { code: 'E', index: 8000 },
      { code: 'F', index: 7999 },
    ];
    const ranked = rankByIndex(
      units,
      (u) => u.index,
      (a, b) => a.code.localeCompare(b.code),
    );
    expect(ranked.map((r) => [r.item.code, r.rank])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 2],
      ['D', 4],
      ['E', 4],
      ['F', 6],
    ]);
  });
});

describe('classOf', () => {
  const bands = [
    { label: 'Tốt', min: 90 },
    { label: 'Khá', min: 80 },
    { label: 'Trung bình', min: 72.5 },
    { label: 'Yếu', min: 0 },
  ];
  it.each([
    [10000, 'Tốt'],
    [9000, 'Tốt'], // exactly at the band minimum
    [8999, 'Khá'],
    [8000, 'Khá'],
    [7250, 'Trung bình'],
    [7249, 'Yếu'],
    [0, 'Yếu'],
  ])('%i → %s', (index, label) => {
    expect(classOf(index, bands)).toBe(label);
  });
  it('does not depend on the order the bands are listed in', () => {
    expect(classOf(8500, [...bands].reverse())).toBe('Khá');
  });
});
