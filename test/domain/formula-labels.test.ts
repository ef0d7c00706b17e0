import { describe, expect, it } from 'vitest';
import { FORMULA_VARIABLES } from '../../src/domain/formula.js';
import { FORMULA_VARIABLE_LABELS, formulaVariableLabel, formulaVariablesIn } from '../../src/domain/formula-labels.js';

describe('formula variable labels', () => {
  it('names every variable the formulas may use, in Vietnamese and English', () => {
    expect(Object.keys(FORMULA_VARIABLE_LABELS).sort()).toEqual(Object.keys(FORMULA_VARIABLES).sort());
    for (const { vi, en } of Object.values(FORMULA_VARIABLE_LABELS)) {
      expect(vi.trim()).not.toBe('');
      expect(en.trim()).not.toBe('');
    }
    expect(formulaVariableLabel('onTimeRate', 'vi')).toBe('Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn (%)');
    expect(formulaVariableLabel('onTimeRate', 'en')).toBe('Share of dossiers resolved early or on time (%)');
    expect(formulaVariableLabel('dossierCount', 'vi')).toBe('dossierCount');
  });

  it('lists the known variables of a formula once each, in order of first use', () => {
    expect(formulaVariablesIn('onTimeRate >= 98 ? maxPoints : (onTimeRate >= 95 ? maxPoints / 2 : 0)')).toEqual(['onTimeRate', 'maxPoints']);
    expect(formulaVariablesIn('min(onlineShare, 100) * 0.02 + dossierCount')).toEqual(['onlineShare']);
    expect(formulaVariablesIn('')).toEqual([]);
    expect(formulaVariablesIn(null)).toEqual([]);
    // A name that merely contains a variable's name is not that variable.
    expect(formulaVariablesIn('onTimeRateOld + xonlineShare')).toEqual([]);
  });
});
