import { describe, expect, it } from 'vitest';
import { compileFormula, FORMULA_VARIABLES } from '../../src/domain/formula.js';
import {
  evaluateFormulaCriterion,
  FormulaEvaluationError,
  formulaLeaf,
  type FormulaOutcome,
  NO_COUNTS,
  type RecordFigures,
  shareHundredths,
  type UnitCounts,
  unitReadings,
} from '../../src/domain/indicators.js';
import { parsePoints as p } from '../../src/domain/points.js';
import { REGISTER_COUNT_NAMES, type RegisterCount } from '../../src/domain/registers.js';
import type { ScoringCriterion } from '../../src/domain/results.js';
import { computeUnitResult } from '../helpers/results-fixtures.js';

const counts = (c: Partial<UnitCounts>): UnitCounts => ({ ...NO_COUNTS, ...c });
const evaluate = (formula: string, max: string, c: Partial<UnitCounts>, dataForYear = true) =>
  evaluateFormulaCriterion(compileFormula(formula), p(max), unitReadings(counts(c), dataForYear));

describe('variables from the counts', () => {
  it('rates are the two-decimal rates of the reports, half up', () => {
    // 193 / 200 = 96.5 %; 2 / 3 = 66.666… → 66.67; 19599 / 20000 = 97.995 → 98.00.
    expect(unitReadings(counts({ resolved: 200, early: 100, onTime: 93 })).onTimeRate).toEqual({
      name: 'onTimeRate',
      kind: 'percent',
      value: '96.50',
      basis: { early: 100, onTime: 93, earlyOrOnTime: 193, resolved: 200 },
      missing: null,
    });
    expect(unitReadings(counts({ received: 3, receivedOnline: 2 })).onlineShare.value).toBe('66.67');
    expect(unitReadings(counts({ resolved: 20000, early: 19599 })).onTimeRate.value).toBe('98.00');
    expect(shareHundredths(1, 3)).toBe(3333);
    expect(shareHundredths(0, 0)).toBeNull();
  });

  it('a variable with nothing to measure has no value, and says why', () => {
    const none = unitReadings(NO_COUNTS);
    expect(none.onTimeRate).toMatchObject({ value: null, missing: 'no_resolved_dossiers' });
    expect(none.onlineShare).toMatchObject({ value: null, missing: 'no_received_dossiers' });
    expect(none.fullyOnlineProcedureShare).toMatchObject({ value: null, missing: 'no_published_procedures' });
    // No late dossier without a letter is only a measure when the unit resolved dossiers.
    expect(none.lateWithoutLetter).toMatchObject({ value: null, missing: 'no_resolved_dossiers' });
    expect(unitReadings(counts({ resolved: 5 })).lateWithoutLetter).toMatchObject({ value: '0', missing: null });
    expect(none.planTaskCompletionRate.missing).toBe('no_source');
    expect(none.surveyIndex.missing).toBe('no_source');
    // Nobody's dossiers of the year were imported: the reason says so.
    expect(unitReadings(NO_COUNTS, false).onTimeRate.missing).toBe('no_dossier_data');
    expect(unitReadings(NO_COUNTS, false).fullyOnlineProcedureShare.missing).toBe('no_published_procedures');
  });

  it('reads the plan variables from the plan figures: 36 of 54 tasks → 66.67 %, 7 of 7 plans, 2 late', () => {
    const plans = unitReadings(NO_COUNTS, true, undefined, { tasks: 54, completed: 36, required: 7, issued: 7, late: 2 });
    expect(plans.planTaskCompletionRate).toMatchObject({ value: '66.67', basis: { completed: 36, tasks: 54 }, missing: null });
    expect(plans.requiredPlansIssuedRate).toMatchObject({ value: '100.00', missing: null });
    expect(plans.plansIssuedLate).toMatchObject({ value: '2', kind: 'count', missing: null });
    // Only cancelled tasks and no required plan: no value, not zero.
    const empty = unitReadings(NO_COUNTS, true, undefined, { tasks: 0, completed: 0, required: 0, issued: 0, late: 0 });
    expect(empty.planTaskCompletionRate).toMatchObject({ value: null, missing: 'no_plan_tasks' });
    expect(empty.requiredPlansIssuedRate).toMatchObject({ value: null, missing: 'no_required_plans' });
    expect(empty.plansIssuedLate).toMatchObject({ value: null, missing: 'no_required_plans' });
    // The sample framework's 1.1.2: 2 points at 100 %, 1 from 80 %, else 0 → 66.67 % gives 0.
    const formula = compileFormula('planTaskCompletionRate >= 100 ? 2 : (planTaskCompletionRate >= 80 ? 1 : 0)');
    expect(evaluateFormulaCriterion(formula, 200, plans)).toMatchObject({ status: 'computed', value: 0 });
    const most = unitReadings(NO_COUNTS, true, undefined, { tasks: 5, completed: 4, required: 0, issued: 0, late: 0 });
    expect(evaluateFormulaCriterion(formula, 200, most)).toMatchObject({ status: 'computed', value: 100 });
  });

  it('reads remediation, periodic reports and register counts from the record figures', () => {
    const zeros = Object.fromEntries(REGISTER_COUNT_NAMES.map((n) => [n, 0])) as Record<RegisterCount, number>;
    const records: RecordFigures = {
      remediation: { inspected: true, items: 5, overdue: 2 },
      // 3 reports due, 2 on time → 2/3 = 66.666… → 66.67 %.
      reports: { due: 3, onTime: 2 },
      registers: { ...zeros, trainingCourses: 4, trainingParticipants: 310 },
      registersWithData: new Set(['training_courses']),
    };
    const r = unitReadings(NO_COUNTS, true, undefined, undefined, records);
    expect(r.remediationOverdue).toMatchObject({ value: '2', kind: 'count', basis: { overdue: 2, items: 5 }, missing: null });
    expect(r.reportsOnTimeRate).toMatchObject({ value: '66.67', basis: { onTime: 2, due: 3 }, missing: null });
    expect(r.trainingCourses).toMatchObject({ value: '4', missing: null });
    expect(r.trainingParticipants).toMatchObject({ value: '310', missing: null });
    // A register nobody entered that year has no value (not 0); a unit without an inspection none either.
    expect(r.legalDocumentsIssued).toMatchObject({ value: null, missing: 'no_register_data' });
    const quiet = unitReadings(NO_COUNTS, true, undefined, undefined, { ...records, remediation: undefined, reports: { due: 0, onTime: 0 } });
    expect(quiet.remediationOverdue).toMatchObject({ value: null, missing: 'no_inspection' });
    expect(quiet.reportsOnTimeRate).toMatchObject({ value: null, missing: 'no_reports_due' });
    // Planned but not yet conducted is not inspected either.
    const planned = unitReadings(NO_COUNTS, true, undefined, undefined, { ...records, remediation: { inspected: false, items: 0, overdue: 0 } });
    expect(planned.remediationOverdue.missing).toBe('no_inspection');
    // 2 points with no overdue remediation, else 0: 2 overdue → 0 points.
    expect(evaluateFormulaCriterion(compileFormula('remediationOverdue == 0 ? 2 : 0'), 200, r)).toMatchObject({ status: 'computed', value: 0 });
    expect(evaluateFormulaCriterion(compileFormula('maxPoints * reportsOnTimeRate / 100'), 150, r)).toMatchObject({ status: 'computed', value: 100 });
  });

  it('maxPoints is a known variable, so frameworks accept it', () => {
    expect(Object.keys(FORMULA_VARIABLES)).toContain('maxPoints');
    expect(compileFormula('maxPoints * onlineShare / 100').variables).toEqual(['maxPoints', 'onlineShare']);
  });
});

describe('evaluating a formula criterion', () => {
  const banded = 'onTimeRate >= 98 ? 3 : (onTimeRate >= 95 ? 1.5 : 0)';

  it('banded: 98.00 % full, 97.50 % half, 94.99 % nothing', () => {
    expect(evaluate(banded, '3', { resolved: 200, early: 196 })).toMatchObject({ status: 'computed', value: 300, clamped: false });
    expect(evaluate(banded, '3', { resolved: 200, early: 195 })).toMatchObject({ value: 150 });
    expect(evaluate(banded, '3', { resolved: 10000, early: 9499 })).toMatchObject({ value: 0 });
  });

  it('linear, rounded half up to hundredths at the end', () => {
    // 2 × 66.67 / 100 = 1.3334 → 1.33; 3 × 33.35 / 100 = 1.0005 → 1.00; 3 × 50.5 / 100 = 1.515 → 1.52.
    expect(evaluate('2 * onlineShare / 100', '2', { received: 3, receivedOnline: 2 })).toMatchObject({ value: 133, exact: '1.3334' });
    expect(evaluate('maxPoints * fullyOnlineProcedureShare / 100', '3', { publishedProcedures: 200, fullyOnlineProcedures: 101 })).toMatchObject({
      value: 152,
      exact: '1.515',
    });
  });

  it('a value outside [0, max] is brought to the bound and marked clamped', () => {
    expect(evaluate('onlineShare / 20', '2', { received: 4, receivedOnline: 3 })).toMatchObject({ value: 200, exact: '3.75', clamped: true });
    expect(evaluate('2 - 0.5 * lateWithoutLetter', '2', { resolved: 9, lateWithoutLetter: 6 })).toMatchObject({ value: 0, exact: '-1', clamped: true });
  });

  it('a missing variable the formula reads gives no value; one it does not read does not matter', () => {
    const missing = evaluate('planTaskCompletionRate >= 80 ? 1 : 0', '1', { resolved: 10, early: 10 });
    expect(missing).toMatchObject({
      status: 'missing',
      reason: {
        code: 'formula_variable_no_source',
        params: { variable: 'planTaskCompletionRate' },
        message: 'planTaskCompletionRate has no value: the platform does not hold this data yet',
      },
    });
    expect(evaluate(banded, '3', { resolved: 10, early: 10 })).toMatchObject({ status: 'computed', value: 300 });
    expect(evaluate('onTimeRate >= 98 && onlineShare >= 50 ? 2 : 0', '2', { resolved: 10, early: 10 })).toMatchObject({
      status: 'missing',
      reason: {
        code: 'formula_variable_no_received_dossiers',
        params: { variable: 'onlineShare' },
        message: 'onlineShare has no value: the unit received no dossier in the year',
      },
    });
    // Two variables without a value: the reason is the first one's, its English text names both.
    expect(evaluate('onlineShare + surveyIndex', '2', { resolved: 10, early: 10 })).toMatchObject({
      status: 'missing',
      reason: {
        code: 'formula_variable_no_received_dossiers',
        params: { variable: 'onlineShare' },
        message: 'onlineShare has no value: the unit received no dossier in the year; surveyIndex has no value: the platform does not hold this data yet',
      },
    });
  });

  it('a formula that cannot be evaluated is an error with the values it met', () => {
    expect(evaluate('1 / (onTimeRate - 100)', '1', { resolved: 4, onTime: 4 })).toEqual({
      status: 'error',
      inputs: [expect.objectContaining({ name: 'onTimeRate', value: '100.00' })],
      reason: { code: 'formula_division_by_zero', message: 'the formula cannot be evaluated for onTimeRate = 100.00: division by zero' },
    });
  });
});

describe('a formula leaf in the index', () => {
  const computed = (value: string): FormulaOutcome => ({ status: 'computed', value: p(value), exact: value, clamped: false, inputs: [] });
  const missing: FormulaOutcome = {
    status: 'missing',
    inputs: [],
    reason: { code: 'formula_variable_no_source', params: { variable: 'onTimeRate' }, message: 'onTimeRate has no value' },
  };
  const error: FormulaOutcome = {
    status: 'error',
    inputs: [],
    reason: { code: 'formula_division_by_zero', message: 'the formula cannot be evaluated: division by zero' },
  };

  it('the computed value stands where a self score would; appraisal and council override it', () => {
    expect(formulaLeaf('2.1', undefined, computed('1.5'))).toEqual({ leaf: { computed: 150 }, stage: 'computed' });
    expect(formulaLeaf('2.1', { self: p('3') }, computed('1.5'))).toMatchObject({ leaf: { computed: 150, self: 300 }, stage: 'computed' });
    expect(formulaLeaf('2.1', { appraised: p('2') }, computed('1.5'))).toMatchObject({ stage: 'appraisal' });
    expect(formulaLeaf('2.1', { appraised: p('2'), council: p('2.5') }, computed('1.5'))).toMatchObject({ stage: 'council' });
  });

  it('nothing to measure and no other stage: not applicable; an imported or human value still counts', () => {
    expect(formulaLeaf('2.1', undefined, missing)).toEqual({ leaf: { computed: null, notApplicable: true }, stage: 'not_applicable' });
    expect(formulaLeaf('2.1', { self: p('2') }, missing)).toMatchObject({ leaf: { self: 200 }, stage: 'self' });
    expect(formulaLeaf('2.1', { council: p('1') }, missing)).toMatchObject({ leaf: { council: 100 }, stage: 'council' });
    expect(formulaLeaf('2.1', { notApplicable: true }, computed('3'))).toMatchObject({ stage: 'not_applicable' });
  });

  it('an error nothing else decides is the unit’s problem, not a silent 0', () => {
    expect(() => formulaLeaf('2.1', undefined, error)).toThrow(FormulaEvaluationError);
    expect(() => formulaLeaf('2.1', undefined, error)).toThrow('criterion 2.1: the formula cannot be evaluated: division by zero');
    // The unit's problem is a reason of the catalogue, the formula's own reason its cause.
    expect(() => formulaLeaf('2.1', undefined, error)).toThrow(
      expect.objectContaining({ reason: 'criterion_formula_not_computed', params: { criterion: '2.1' }, cause: error.reason }),
    );
    expect(formulaLeaf('2.1', { appraised: p('1') }, error)).toMatchObject({ stage: 'appraisal' });
  });

  it('a not-applicable formula criterion leaves the maximum: hand-computed index', () => {
    // 1.1 = 3 of 4; 2.1 computed 1.5 of 3; 2.2 nothing to measure (2 points leave the maximum) → 4.5 / 7 = 64.29 %.
    const framework: ScoringCriterion[] = [
      { code: '1', method: 'manual', maxPoints: p('4') },
      { code: '1.1', method: 'manual', maxPoints: p('4') },
      { code: '2', method: 'manual', maxPoints: p('5') },
      { code: '2.1', method: 'formula', maxPoints: p('3') },
      { code: '2.2', method: 'formula', maxPoints: p('2') },
    ];
    const scores = new Map([
      ['1.1', { self: p('3') }],
      ['2.1', formulaLeaf('2.1', undefined, computed('1.5')).leaf!],
      ['2.2', formulaLeaf('2.2', undefined, missing).leaf!],
    ]);
    expect(computeUnitResult(framework, scores)).toMatchObject({ score: 450, maxScore: 700, index: 6429 });
  });
});
