import { describe, expect, it } from 'vitest';
import { compileFormula, FormulaError } from '../../src/domain/formula.js';
import { parsePoints, formatPoints, PointsFormatError, divideRoundHalfUp } from '../../src/domain/points.js';

const evaluate = (source: string, values: Record<string, number | string>) => compileFormula(source).evaluate(values).toString();

describe('formulas of the sample framework', () => {
  it('banded on-time rate: ≥ 98 → 4, 95–< 98 → 2, else 0', () => {
    const f = 'onTimeRate >= 98 ? 4 : (onTimeRate >= 95 ? 2 : 0)';
    expect(evaluate(f, { onTimeRate: 98 })).toBe('4');
    expect(evaluate(f, { onTimeRate: '97.99' })).toBe('2');
    expect(evaluate(f, { onTimeRate: 95 })).toBe('2');
    expect(evaluate(f, { onTimeRate: '94.99' })).toBe('0');
  });

  it('linear share capped with min, in exact decimals', () => {
    const f = 'min(3, 3 * fullyOnlineProcedureShare / 100)';
    expect(evaluate(f, { fullyOnlineProcedureShare: '66.67' })).toBe('2.0001');
    expect(evaluate(f, { fullyOnlineProcedureShare: 100 })).toBe('3');
    expect(evaluate(f, { fullyOnlineProcedureShare: '33.3' })).toBe('0.999');
    // 0.1 + 0.2 is exactly 0.3 here.
    expect(compileFormula('onlineShare + 0.2').evaluate({ onlineShare: '0.1' }).equals('0.3')).toBe(true);
  });

  it('equality and logic', () => {
    expect(evaluate('lateWithoutLetter == 0 ? 2 : 0', { lateWithoutLetter: 0 })).toBe('2');
    expect(evaluate('lateWithoutLetter == 0 ? 2 : 0', { lateWithoutLetter: 1 })).toBe('0');
    expect(evaluate('onlineShare >= 50 && onTimeRate >= 90 ? 1 : 0', { onlineShare: 60, onTimeRate: 89 })).toBe('0');
    expect(evaluate('!(onlineShare < 50) ? 1 : 0', { onlineShare: 50 })).toBe('1');
  });

  it('names the variables a formula reads', () => {
    expect(compileFormula('planTaskCompletionRate >= 100 ? 2 : (planTaskCompletionRate >= 80 ? 1 : 0)').variables).toEqual(['planTaskCompletionRate']);
  });
});

describe('formulas are safe', () => {
  it.each([
    ['process.exit(1)', /only the functions/],
    ['constructor.constructor("return 1")()', /only the functions/],
    ['constructor(1)', /only the functions/],
    ['toString(1)', /only the functions/],
    ['__proto__(1)', /only the functions/],
    ['onTimeRate = 5', /cannot read/],
    ['"text" == onTimeRate', /only numbers/],
    ['[1, 2]', /not allowed/],
    ['this', /not allowed|unknown variable/],
    ['eval(1)', /only the functions/],
    ['unknownRate > 3', /unknown variable unknownRate/],
    ['onTimeRate >', /cannot read/],
  ])('refuses %s', (source, message) => {
    expect(() => compileFormula(source)).toThrow(FormulaError);
    expect(() => compileFormula(source)).toThrow(message);
  });

  it('reports a missing value and a division by zero as formula errors', () => {
    expect(() => compileFormula('onTimeRate / 2').evaluate({})).toThrow(/no value for onTimeRate/);
    expect(() => compileFormula('1 / (onTimeRate - 5)').evaluate({ onTimeRate: 5 })).toThrow(/division by zero/);
  });
});

describe('points', () => {
  it.each([
    ['1.25', 125],
    ['1,75', 175],
    ['3', 300],
    ['0.5', 50],
    ['-2.5', -250],
    [0.25, 25],
  ])('parses %s', (input, hundredths) => {
    expect(parsePoints(input)).toBe(hundredths);
  });

  it.each(['1.255', 'abc', '', '1.2.3', '1e3'])('refuses %s', (input) => {
    expect(() => parsePoints(input)).toThrow(PointsFormatError);
  });

  it('formats with two decimals and divides rounding half up', () => {
    expect(formatPoints(125)).toBe('1.25');
    expect(formatPoints(5)).toBe('0.05');
    expect(formatPoints(-250)).toBe('-2.50');
    expect(divideRoundHalfUp(5, 2)).toBe(3);
    expect(divideRoundHalfUp(-5, 2)).toBe(-3);
    expect(divideRoundHalfUp(4, 3)).toBe(1);
  });
});
