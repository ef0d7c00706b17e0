import { describe, expect, it } from 'vitest';
import { sheetTotals, type TotalsLeaf } from '../../src/domain/sheet-totals.js';

/** The sheet's running totals in hundredths, by domain.md "Computing the index". */
const leaf = (code: string, method: TotalsLeaf['method'], max: number, stages: Partial<TotalsLeaf> = {}): TotalsLeaf => ({
  code,
  method,
  max,
  notApplicable: false,
  self: null,
  computed: null,
  appraised: null,
  council: null,
  ...stages,
});

describe('sheet running totals', () => {
  it('takes each leaf at its latest stage, leaves not-applicable leaves out, adds bonus and subtracts penalty', () => {
    const t = sheetTotals([
      leaf('1.1', 'manual', 400, { self: 110, appraised: 100 }),
      leaf('1.2', 'manual', 600, { self: 220, appraised: 150, council: 300 }),
      leaf('1.3', 'manual', 300, { self: 300, notApplicable: true }),
      leaf('2.1', 'formula', 500, { computed: 425 }),
      leaf('3.1', 'survey', 500, { appraised: 250 }),
      leaf('4.1', 'bonus', 200, { appraised: 150 }),
      leaf('5.1', 'penalty', 300, { appraised: 200 }),
    ]);
    expect(t.fields.get('1')).toEqual({ max: 1000, self: 330, current: 400, bonus: 0, penalty: 0 });
    expect(t.fields.get('2')).toEqual({ max: 500, self: 425, current: 425, bonus: 0, penalty: 0 });
    expect(t.fields.get('3')).toEqual({ max: 500, self: 0, current: 250, bonus: 0, penalty: 0 });
    expect(t.fields.get('5')).toEqual({ max: 0, self: 0, current: -200, bonus: 0, penalty: 200 });
    // 400 + 425 + 250 + 150 − 200 = 1025 of 2000.
    expect(t.overall).toEqual({ max: 2000, self: 755, current: 1025, bonus: 150, penalty: 200 });
  });

  it('keeps the overall points within [0, applicable max], and a bonus or penalty within its own max', () => {
    const low = sheetTotals([leaf('1.1', 'manual', 400, { self: 100 }), leaf('2.1', 'penalty', 300, { appraised: 500 })]);
    // The penalty takes at most its max (3,00), and the score does not go below 0.
    expect(low.fields.get('2')!.current).toBe(-300);
    expect(low.overall.current).toBe(0);
    const high = sheetTotals([leaf('1.1', 'manual', 400, { self: 400 }), leaf('2.1', 'bonus', 200, { appraised: 200 })]);
    expect(high.overall.current).toBe(400);
  });
});
