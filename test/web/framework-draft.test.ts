import { describe, expect, it } from 'vitest';
import {
  canMove,
  childrenSum,
  type DraftCriterion,
  hundredths,
  insertCriterion,
  moveCriterion,
  nameForYear,
  nextCode,
  pointsText,
  removeCriterion,
  subtreeSize,
  toInput,
  updateCriterion,
} from '../../web/src/features/frameworks/draft';

/** The tree editor's list operations (web/src/components/framework/draft.ts), on a small framework. */
const c = (code: string, maxPoints = '1', extra: Partial<DraftCriterion> = {}): DraftCriterion => ({
  key: `k${code}`,
  code,
  title: `Tiêu chí ${code}`,
  maxPoints,
  method: 'manual',
  evidenceRequired: false,
  appraiser: null,
  guidance: '',
  formula: '',
  ...extra,
});
const LIST = [c('1', '4'), c('1.1', '2,5'), c('1.2', '1.5'), c('1.2.1', '0,75'), c('1.2.2', '0.75'), c('2', '6'), c('2.1', '6')];
const codes = (list: DraftCriterion[]) => list.map((x) => x.code);

describe('the tree editor draft', () => {
  it('proposes the next code under a parent, or the next field', () => {
    expect(nextCode(LIST, '1')).toBe('1.3');
    expect(nextCode(LIST, '1.2')).toBe('1.2.3');
    expect(nextCode(LIST, '1.1')).toBe('1.1.1');
    expect(nextCode(LIST, null)).toBe('3');
    // After a gap, the number after the highest.
    expect(nextCode([c('1'), c('1.1'), c('1.4')], '1')).toBe('1.5');
    expect(nextCode([], null)).toBe('1');
  });

  it('inserts a child after its parent’s whole subtree, and a field at the end', () => {
    expect(codes(insertCriterion(LIST, '1', c('1.3')))).toEqual(['1', '1.1', '1.2', '1.2.1', '1.2.2', '1.3', '2', '2.1']);
    expect(codes(insertCriterion(LIST, '1.1', c('1.1.1')))).toEqual(['1', '1.1', '1.1.1', '1.2', '1.2.1', '1.2.2', '2', '2.1']);
    expect(codes(insertCriterion(LIST, null, c('3')))).toEqual(['1', '1.1', '1.2', '1.2.1', '1.2.2', '2', '2.1', '3']);
  });

  it('removes a criterion with its subtree, and counts what goes', () => {
    expect(subtreeSize(LIST, 'k1.2')).toBe(3);
    expect(subtreeSize(LIST, 'k1.1')).toBe(1);
    expect(codes(removeCriterion(LIST, 'k1.2'))).toEqual(['1', '1.1', '2', '2.1']);
    expect(codes(removeCriterion(LIST, 'k1'))).toEqual(['2', '2.1']);
  });

  it('moves the subtree with a new code, and nothing else', () => {
    const renamed = updateCriterion(LIST, 'k1.2', { code: '1.4' });
    expect(codes(renamed)).toEqual(['1', '1.1', '1.4', '1.4.1', '1.4.2', '2', '2.1']);
    expect(renamed.find((x) => x.key === 'k1.2.1')!.code).toBe('1.4.1');
    // A title change leaves codes alone.
    expect(codes(updateCriterion(LIST, 'k1', { title: 'Mới' }))).toEqual(codes(LIST));
  });

  it('swaps a criterion with its neighbouring sibling, subtrees included', () => {
    expect(codes(moveCriterion(LIST, 'k1.2', -1))).toEqual(['1', '1.2', '1.2.1', '1.2.2', '1.1', '2', '2.1']);
    expect(codes(moveCriterion(LIST, 'k1', 1))).toEqual(['2', '2.1', '1', '1.1', '1.2', '1.2.1', '1.2.2']);
    expect(codes(moveCriterion(LIST, 'k2', -1))).toEqual(['2', '2.1', '1', '1.1', '1.2', '1.2.1', '1.2.2']);
    expect(canMove(LIST, 'k1', -1)).toBe(false);
    expect(canMove(LIST, 'k2', 1)).toBe(false);
    expect(canMove(LIST, 'k1.2.2', -1)).toBe(true);
    expect(codes(moveCriterion(LIST, 'k1', -1))).toEqual(codes(LIST));
  });

  it('adds points exactly in hundredths, with a comma or a point', () => {
    expect(hundredths('0,75')).toBe(75);
    expect(hundredths('1.5')).toBe(150);
    expect(hundredths('1.255')).toBeNull();
    expect(hundredths('')).toBeNull();
    expect(childrenSum(LIST, '1')).toBe(400); // 2.50 + 1.50
    expect(childrenSum(LIST, '1.2')).toBe(150); // 0.75 + 0.75
    expect(childrenSum(LIST, '1.1')).toBeNull();
    expect(pointsText(550)).toBe('5.5');
    expect(pointsText(550, true)).toBe('5,5');
    expect(pointsText(125)).toBe('1.25');
    expect(pointsText(300)).toBe('3');
    expect(pointsText(5)).toBe('0.05');
  });

  it('sends empty texts as null and a formula only for a formula criterion', () => {
    const [manual, formula] = toInput([
      c('1', ' 2 ', { guidance: '  ', formula: 'onTimeRate' }),
      c('2', '1', { method: 'formula', formula: ' onTimeRate >= 98 ? 1 : 0 ' }),
    ]);
    expect(manual).toEqual({
      code: '1',
      title: 'Tiêu chí 1',
      maxPoints: '2',
      method: 'manual',
      evidenceRequired: false,
      appraiser: null,
      guidance: null,
      formula: null,
    });
    expect(formula!.formula).toBe('onTimeRate >= 98 ? 1 : 0');
  });

  it('proposes a clone name with the new year, as the server does', () => {
    expect(nameForYear('Bộ chỉ số CCHC khối sở 2025', 2025, 2026)).toBe('Bộ chỉ số CCHC khối sở 2026');
    expect(nameForYear('QĐ 120251 năm 2025', 2025, 2026)).toBe('QĐ 120251 năm 2026');
    expect(nameForYear('Bộ tiêu chí khối sở', 2025, 2026)).toBe('Bộ tiêu chí khối sở');
  });
});
