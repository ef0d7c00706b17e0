import Decimal from 'decimal.js';
import { type ReasonedText, reasonText } from '../errors.js';
import { type CompiledFormula, FormulaError, type FormulaVariable } from './formula.js';
import { frameworkReasons } from './framework-reasons.js';
import { divideRoundHalfUp, formatPoints, type Hundredths } from './points.js';
import { REGISTER_COUNT_NAMES, REGISTER_COUNTS, type RegisterCount, type RegisterKind } from './registers.js';
import type { LeafScore } from './results.js';
import { formatRate, onTimeRateHundredths } from './timeliness.js';

/**
 * Formula criteria (domain.md "Formula criteria"): the variables a framework formula reads, computed per unit and
 * year from what the platform counted, and what a formula's value does to a criterion's score. Pure: the counts
 * come from the indicators module.
 *
 * Product rules (docs/formula-criteria.md):
 * - a rate is the two-decimal rate of the reports (half up), e.g. 97.995 % → 98.00 %, so the value a formula
 *   compares is the one users see; it is passed as an exact decimal, never a binary float;
 * - a variable without anything to measure (no dossier resolved, none received, no published procedure) or without
 *   anything to count (no counted plan task, no required plan) has no value; a formula that reads it gives no value;
 * - surveyIndex is the unit's SIPAS index from the year's SIPAS campaign that covers it: none, several, or one
 *   without a response answering a satisfaction question → no value (docs/formula-criteria.md);
 * - a formula's value is clamped to [0, the criterion's max] (visibly: the drill-down says so) and rounded half up
 *   to hundredths of a point; a formula that cannot be evaluated (division by zero) is an error of the framework.
 */

/** Variables whose value comes from the unit's data (maxPoints comes from the criterion). */
export type DataVariable = Exclude<FormulaVariable, 'maxPoints'>;

export const DATA_VARIABLES: readonly DataVariable[] = [
  'onTimeRate',
  'onlineShare',
  'fullyOnlineProcedureShare',
  'lateWithoutLetter',
  'planTaskCompletionRate',
  'requiredPlansIssuedRate',
  'plansIssuedLate',
  'surveyIndex',
  'remediationOverdue',
  'reportsOnTimeRate',
  ...REGISTER_COUNT_NAMES,
];

/** Why a variable has no value for a unit. */
export type MissingReason =
  | 'no_dossier_data'
  | 'no_resolved_dossiers'
  | 'no_received_dossiers'
  | 'no_published_procedures'
  | 'no_source'
  | 'no_survey'
  | 'several_surveys'
  | 'no_survey_responses'
  | 'no_plan_tasks'
  | 'no_required_plans'
  | 'no_inspection'
  | 'no_reports_due'
  | 'no_register_data';

/** A unit's reform plans in the year (plans module): counted tasks and done, required plans, issued and late. */
export interface PlanFigures {
  tasks: number;
  completed: number;
  required: number;
  issued: number;
  late: number;
}

/**
 * A unit's other records of the year: its inspections' remediation items (absent: not inspected), its periodic
 * reports due and on time, and its register counts with the registers any unit computed together has entered.
 */
export interface RecordFigures {
  remediation?: { inspected: boolean; items: number; overdue: number };
  reports: { due: number; onTime: number };
  registers: Record<RegisterCount, number>;
  registersWithData: ReadonlySet<RegisterKind>;
}

/** The unit's SIPAS index for surveyIndex (hundredths of a percent), or why it has none. */
export type SurveyIndexReading =
  { index: number; responses: number } | { index: null; responses: number; missing: 'no_survey' | 'several_surveys' | 'no_survey_responses' };

/**
 * Why something has no value, as a reason of the catalogue (src/domain/framework-reasons.ts) with its parameters and
 * its English text: the web, the documents and the CLI show it in the user's language.
 */
export type OutcomeReason = Required<Pick<ReasonedText, 'code' | 'message'>> & ReasonedText;

/** Why a variable has no value, for one variable: `formula_variable_<missing>` with `{ variable }`. */
export function missingVariableReason(variable: string, missing: MissingReason): OutcomeReason {
  return reasonText(frameworkReasons, `formula_variable_${missing}`, { variable });
}

/** A formula that cannot be used or evaluated: its FormulaError's reason, the English text prefixed by `context`. */
export function formulaErrorReason(error: FormulaError, context: string): OutcomeReason {
  return { code: error.reason, ...(error.params ? { params: error.params } : {}), message: `${context}: ${error.message}` };
}

/** What the platform counted for one unit in one year (zeros when nothing was counted). */
export interface UnitCounts {
  /** Dossiers resolved in the year (by local resolution month) and how they were resolved. */
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  /** Dossiers received in the year (by local month of receipt), and of them online. */
  received: number;
  receivedOnline: number;
  /** Late dossiers resolved in the year without an apology letter. */
  lateWithoutLetter: number;
  /** The unit's published procedures, and of them fully online. */
  publishedProcedures: number;
  fullyOnlineProcedures: number;
}

export const NO_COUNTS: UnitCounts = {
  resolved: 0,
  early: 0,
  onTime: 0,
  late: 0,
  received: 0,
  receivedOnline: 0,
  lateWithoutLetter: 0,
  publishedProcedures: 0,
  fullyOnlineProcedures: 0,
};

/** One variable as a formula reads it, with what it was computed from (shown in the drill-down). */
export interface VariableReading {
  name: FormulaVariable;
  kind: 'percent' | 'count' | 'points';
  /** The exact value evaluated ("96.50", "3"), or null when the variable has no value for the unit. */
  value: string | null;
  /** The counts the value was computed from, e.g. { onTime: 193, resolved: 200 }. */
  basis: Record<string, number>;
  missing: MissingReason | null;
}

/** part / whole × 100 in hundredths of a percent, half up; null when whole is 0. */
export function shareHundredths(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return divideRoundHalfUp(part * 10_000, whole);
}

const percent = (name: DataVariable, hundredths: number | null, basis: Record<string, number>, missing: MissingReason): VariableReading => ({
  name,
  kind: 'percent',
  value: hundredths === null ? null : formatRate(hundredths),
  basis,
  missing: hundredths === null ? missing : null,
});

/**
 * Every data variable of one unit from its counts. `dossierDataForYear` says whether any of the units computed together
 * (a block) has dossiers counted in the year: without any, a dossier variable's reason is that the year's data was not
 * imported.
 */
export function unitReadings(
  counts: UnitCounts,
  dossierDataForYear = true,
  survey?: SurveyIndexReading,
  plans?: PlanFigures,
  records?: RecordFigures,
): Record<DataVariable, VariableReading> {
  const onTime = counts.early + counts.onTime;
  const noDossiers = (reason: MissingReason): MissingReason => (dossierDataForYear ? reason : 'no_dossier_data');
  return {
    onTimeRate: percent(
      'onTimeRate',
      onTimeRateHundredths(counts.early, counts.onTime, counts.resolved),
      { early: counts.early, onTime: counts.onTime, earlyOrOnTime: onTime, resolved: counts.resolved },
      noDossiers('no_resolved_dossiers'),
    ),
    onlineShare: percent(
      'onlineShare',
      shareHundredths(counts.receivedOnline, counts.received),
      { online: counts.receivedOnline, received: counts.received },
      noDossiers('no_received_dossiers'),
    ),
    fullyOnlineProcedureShare: percent(
      'fullyOnlineProcedureShare',
      shareHundredths(counts.fullyOnlineProcedures, counts.publishedProcedures),
      { full: counts.fullyOnlineProcedures, published: counts.publishedProcedures },
      'no_published_procedures',
    ),
    // A count of late dossiers without a letter measures something only when the unit resolved dossiers that year.
    lateWithoutLetter: {
      name: 'lateWithoutLetter',
      kind: 'count',
      value: counts.resolved > 0 ? String(counts.lateWithoutLetter) : null,
      basis: { withoutLetter: counts.lateWithoutLetter, late: counts.late, resolved: counts.resolved },
      missing: counts.resolved > 0 ? null : noDossiers('no_resolved_dossiers'),
    },
    // Cancelled tasks are not counted; without a counted task (or without a required plan) there is no value.
    planTaskCompletionRate: !plans
      ? { name: 'planTaskCompletionRate', kind: 'percent', value: null, basis: {}, missing: 'no_source' }
      : percent('planTaskCompletionRate', shareHundredths(plans.completed, plans.tasks), { completed: plans.completed, tasks: plans.tasks }, 'no_plan_tasks'),
    requiredPlansIssuedRate: !plans
      ? { name: 'requiredPlansIssuedRate', kind: 'percent', value: null, basis: {}, missing: 'no_source' }
      : percent(
          'requiredPlansIssuedRate',
          shareHundredths(plans.issued, plans.required),
          { issued: plans.issued, required: plans.required },
          'no_required_plans',
        ),
    plansIssuedLate: {
      name: 'plansIssuedLate',
      kind: 'count',
      value: plans && plans.required > 0 ? String(plans.late) : null,
      basis: plans ? { late: plans.late, issued: plans.issued, required: plans.required } : {},
      missing: !plans ? 'no_source' : plans.required > 0 ? null : 'no_required_plans',
    },
    surveyIndex: !survey
      ? { name: 'surveyIndex', kind: 'percent', value: null, basis: {}, missing: 'no_source' }
      : survey.index === null
        ? { name: 'surveyIndex', kind: 'percent', value: null, basis: { responses: survey.responses }, missing: survey.missing }
        : { name: 'surveyIndex', kind: 'percent', value: formatRate(survey.index), basis: { responses: survey.responses }, missing: null },
    // Overdue remediation measures something only for a unit inspected in the year.
    remediationOverdue: {
      name: 'remediationOverdue',
      kind: 'count',
      value: records?.remediation?.inspected ? String(records.remediation.overdue) : null,
      basis: records?.remediation ? { overdue: records.remediation.overdue, items: records.remediation.items } : {},
      missing: !records ? 'no_source' : records.remediation?.inspected ? null : 'no_inspection',
    },
    reportsOnTimeRate: !records
      ? { name: 'reportsOnTimeRate', kind: 'percent', value: null, basis: {}, missing: 'no_source' }
      : percent(
          'reportsOnTimeRate',
          shareHundredths(records.reports.onTime, records.reports.due),
          { onTime: records.reports.onTime, due: records.reports.due },
          'no_reports_due',
        ),
    ...registerReadings(records),
  };
}

/** A register count is a count (0 when the unit entered nothing) once any unit computed with it entered that register. */
function registerReadings(records: RecordFigures | undefined): Record<RegisterCount, VariableReading> {
  return Object.fromEntries(
    REGISTER_COUNT_NAMES.map((name): [RegisterCount, VariableReading] => {
      const entered = records?.registersWithData.has(REGISTER_COUNTS[name]) ?? false;
      const value = records?.registers[name] ?? 0;
      return [
        name,
        {
          name,
          kind: 'count',
          value: entered ? String(value) : null,
          basis: entered ? { [name]: value } : {},
          missing: !records ? 'no_source' : entered ? null : 'no_register_data',
        },
      ];
    }),
  ) as Record<RegisterCount, VariableReading>;
}

export type FormulaOutcome =
  | {
      status: 'computed';
      /** Points in hundredths, within [0, max]. */
      value: Hundredths;
      /** The formula's exact value before clamping and rounding. */
      exact: string;
      /** True when the exact value was outside [0, max] and was brought to the nearest bound. */
      clamped: boolean;
      inputs: VariableReading[];
    }
  /** `reason`: the first variable without a value (its English text lists them all; `inputs` says why for each). */
  | { status: 'missing'; inputs: VariableReading[]; reason: OutcomeReason }
  | { status: 'error'; inputs: VariableReading[]; reason: OutcomeReason };

/**
 * Evaluates a formula criterion for one unit: the variables it reads (in the order of the formula), then the
 * points, clamped to [0, max] and rounded half up to hundredths.
 */
export function evaluateFormulaCriterion(
  formula: CompiledFormula,
  maxPoints: Hundredths,
  readings: Readonly<Record<DataVariable, VariableReading>>,
): FormulaOutcome {
  const inputs = formula.variables.map((name): VariableReading => {
    if (name === 'maxPoints') return { name, kind: 'points', value: formatPoints(maxPoints), basis: {}, missing: null };
    const reading = readings[name as DataVariable];
    // The framework checks names against FORMULA_VARIABLES; an unknown one here is an old formula.
    return reading ?? { name: name as FormulaVariable, kind: 'count', value: null, basis: {}, missing: 'no_source' };
  });
  const missing = inputs.filter((i) => i.value === null);
  if (missing.length) {
    const reasons = missing.map((i) => missingVariableReason(i.name, i.missing ?? 'no_source'));
    return { status: 'missing', inputs, reason: { ...reasons[0]!, message: reasons.map((r) => r.message).join('; ') } };
  }
  let exact: Decimal;
  try {
    exact = formula.evaluate(Object.fromEntries(inputs.map((i) => [i.name, i.value])));
  } catch (error) {
    if (!(error instanceof FormulaError)) throw error;
    const values = inputs.map((i) => `${i.name} = ${i.value}`).join(', ');
    return { status: 'error', inputs, reason: formulaErrorReason(error, `the formula cannot be evaluated${values ? ` for ${values}` : ''}`) };
  }
  const max = new Decimal(maxPoints).dividedBy(100);
  const bounded = Decimal.min(Decimal.max(exact, 0), max);
  return {
    status: 'computed',
    value: bounded.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber(),
    exact: exact.toString(),
    clamped: !bounded.equals(exact),
    inputs,
  };
}

/** Which stage gives a formula criterion's final score. */
export type DecidingStage = 'council' | 'appraisal' | 'computed' | 'self' | 'not_applicable' | 'none';

/**
 * A formula criterion's value for one unit could not be computed and nothing else decides it: the unit's problem is
 * `criterion_formula_not_computed` { criterion }, and `cause` says why (the formula's own reason).
 */
export class FormulaEvaluationError extends Error {
  readonly reason = 'criterion_formula_not_computed';
  readonly params: { criterion: string };
  constructor(
    readonly code: string,
    override readonly cause: OutcomeReason,
  ) {
    super(`criterion ${code}: ${cause.message}`);
    this.params = { criterion: code };
  }
}

/**
 * The stages of a formula leaf once its outcome is known (domain.md "Computing the index": the computed value
 * stands where a self score would; appraisal and council still override it):
 * - a leaf marked not applicable stays so;
 * - a computed value becomes `computed`;
 * - without a computed value, the leaf's own stages decide when it has any (council, appraisal, or a self score
 *   imported with a past year); with none, missing data makes the criterion not applicable (nothing to measure),
 *   and an evaluation error is thrown (the unit gets no index and the reason).
 */
export function formulaLeaf(code: string, leaf: LeafScore | undefined, outcome: FormulaOutcome): { leaf: LeafScore | undefined; stage: DecidingStage } {
  if (leaf?.notApplicable) return { leaf, stage: 'not_applicable' };
  const next: LeafScore = outcome.status === 'computed' ? { ...leaf, computed: outcome.value } : { ...leaf, computed: null };
  const stage: DecidingStage =
    next.council != null ? 'council' : next.appraised != null ? 'appraisal' : next.computed != null ? 'computed' : next.self != null ? 'self' : 'none';
  if (stage !== 'none') return { leaf: next, stage };
  if (outcome.status === 'missing') return { leaf: { ...next, notApplicable: true }, stage: 'not_applicable' };
  if (outcome.status === 'error') throw new FormulaEvaluationError(code, outcome.reason);
  return { leaf: next, stage };
}
