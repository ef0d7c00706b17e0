import type { DbOrTx } from '../../db/client.js';
import { type CompiledFormula, compileFormula, FormulaError, type FormulaVariable } from '../../domain/formula.js';
import {
  DATA_VARIABLES,
  type DataVariable,
  evaluateFormulaCriterion,
  type FormulaOutcome,
  formulaErrorReason,
  NO_COUNTS,
  type RecordFigures,
  type UnitCounts,
  unitReadings,
  type VariableReading,
} from '../../domain/indicators.js';
import type { Hundredths } from '../../domain/points.js';
import { pointsToNumber } from '../../domain/points.js';
import { lateWithoutLetterCounts } from '../apology/service.js';
import { sipasIndexByUnit } from './survey-index.js';
import { planFiguresByUnit } from '../plans/service.js';
import { remediationFiguresByUnit } from '../inspections/figures.js';
import { reportFiguresByUnit } from '../periodic-reports/figures.js';
import { registerFiguresByUnit } from '../registers/figures.js';
import { localDate } from '../../domain/deadlines.js';
import { defaultAsOf } from '../../domain/plans.js';
import { REGISTER_COUNT_NAMES, type RegisterCount } from '../../domain/registers.js';
import { onlineProcedureCounts } from '../procedures/service.js';
import { dossierYearCounts } from './queries.js';
import type { FormulaDetail } from './schemas.js';

/**
 * The indicators behind formula criteria: per unit and year, the variables a framework formula reads
 * (onTimeRate, onlineShare, fullyOnlineProcedureShare, lateWithoutLetter, …), what they were computed from, and
 * the outcome of each formula criterion. Results and the assessment sheet read formula criteria through here.
 * See docs/formula-criteria.md.
 */

const DOSSIER_VARIABLES = new Set<FormulaVariable>(['onTimeRate', 'onlineShare', 'lateWithoutLetter']);
const PLAN_VARIABLES = new Set<FormulaVariable>(['planTaskCompletionRate', 'requiredPlansIssuedRate', 'plansIssuedLate']);
const RECORD_VARIABLES = new Set<FormulaVariable>(['remediationOverdue', 'reportsOnTimeRate', ...REGISTER_COUNT_NAMES]);
const NO_REGISTER_COUNTS = Object.fromEntries(REGISTER_COUNT_NAMES.map((n) => [n, 0])) as Record<RegisterCount, number>;

/**
 * Inspections, periodic reports and registers of the year, per unit. Overdue remediation and reports due are
 * judged as of today while the year runs, else its 31 December (the server's clock: formulas have no other).
 */
async function recordFigures(db: DbOrTx, year: number, unitIds: readonly number[]): Promise<Map<number, RecordFigures>> {
  const asOf = defaultAsOf(year, localDate(new Date()));
  const remediation = await remediationFiguresByUnit(db, year, unitIds, asOf);
  const reports = await reportFiguresByUnit(db, year, unitIds, asOf);
  const registers = await registerFiguresByUnit(db, year, unitIds);
  return new Map(
    unitIds.map((unitId) => [
      unitId,
      {
        ...(remediation.has(unitId) ? { remediation: remediation.get(unitId)! } : {}),
        reports: reports.get(unitId) ?? { due: 0, onTime: 0 },
        registers: registers.counts.get(unitId) ?? NO_REGISTER_COUNTS,
        registersWithData: registers.registersWithData,
      },
    ]),
  );
}

/**
 * Per unit: every data variable (value, basis, or why it has none). Only the sources `needed` reads are queried.
 * When none of several `unitIds` has a dossier counted in the year, a dossier variable's reason is `no_dossier_data`.
 */
export async function formulaVariables(
  db: DbOrTx,
  year: number,
  unitIds: readonly number[],
  needed: ReadonlySet<FormulaVariable> = new Set(DATA_VARIABLES),
): Promise<Map<number, Record<DataVariable, VariableReading>>> {
  const needsDossiers = [...needed].some((v) => DOSSIER_VARIABLES.has(v));
  // One after the other: `db` may be a transaction, whose one connection runs one query at a time (the results are
  // computed inside the publication's transaction).
  const dossiers = needsDossiers ? await dossierYearCounts(db, year, unitIds) : new Map<number, never>();
  const letters = needed.has('lateWithoutLetter') ? await lateWithoutLetterCounts(db, year) : new Map<number, number>();
  const procedures = needed.has('fullyOnlineProcedureShare') ? await onlineProcedureCounts(db) : new Map<number, never>();
  const surveys = needed.has('surveyIndex') ? await sipasIndexByUnit(db, year, unitIds) : null;
  const plans = [...needed].some((v) => PLAN_VARIABLES.has(v)) ? await planFiguresByUnit(db, year, unitIds) : null;
  const records = [...needed].some((v) => RECORD_VARIABLES.has(v)) ? await recordFigures(db, year, unitIds) : null;
  // None of several units (a block) has a dossier counted in the year: the year's data was not imported for them.
  // For one unit alone (its sheet) that cannot be told apart from a unit without dossiers, which is what is said.
  const anyDossiers = !needsDossiers || dossiers.size > 0 || unitIds.length === 1;
  const result = new Map<number, Record<DataVariable, VariableReading>>();
  for (const unitId of unitIds) {
    const d = dossiers.get(unitId);
    const p = procedures.get(unitId);
    const counts: UnitCounts = {
      ...NO_COUNTS,
      ...(d ?? {}),
      lateWithoutLetter: letters.get(unitId) ?? 0,
      publishedProcedures: p?.published ?? 0,
      fullyOnlineProcedures: p?.full ?? 0,
    };
    result.set(unitId, unitReadings(counts, anyDossiers, surveys?.get(unitId), plans?.get(unitId), records?.get(unitId)));
  }
  return result;
}

export interface FormulaCriterionDef {
  id: number;
  code: string;
  formula: string | null;
  /** Max points in hundredths. */
  maxPoints: Hundredths;
}

/** A stored formula that no longer reads (frameworks check formulas, so only an old or hand-edited row). */
function compileStored(formula: string | null): CompiledFormula | FormulaError {
  try {
    return compileFormula(formula ?? '');
  } catch (error) {
    if (error instanceof FormulaError) return error;
    throw error;
  }
}

/**
 * The outcome of every formula criterion for every unit: unit id → criterion id → outcome. Nothing is queried when
 * `criteria` is empty.
 */
export async function evaluateFormulas(
  db: DbOrTx,
  year: number,
  criteria: readonly FormulaCriterionDef[],
  unitIds: readonly number[],
): Promise<Map<number, Map<number, FormulaOutcome>>> {
  const result = new Map<number, Map<number, FormulaOutcome>>();
  if (criteria.length === 0 || unitIds.length === 0) return result;
  const compiled = criteria.map((c) => ({ criterion: c, formula: compileStored(c.formula) }));
  const needed = new Set(compiled.flatMap((c) => (c.formula instanceof FormulaError ? [] : (c.formula.variables as FormulaVariable[]))));
  const readings = await formulaVariables(db, year, unitIds, needed);
  for (const unitId of unitIds) {
    const outcomes = new Map<number, FormulaOutcome>();
    for (const { criterion, formula } of compiled) {
      outcomes.set(
        criterion.id,
        formula instanceof FormulaError
          ? { status: 'error', inputs: [], reason: formulaErrorReason(formula, 'the formula cannot be used') }
          : evaluateFormulaCriterion(formula, criterion.maxPoints, readings.get(unitId)!),
      );
    }
    result.set(unitId, outcomes);
  }
  return result;
}

export function formulaDetail(formula: string, outcome: FormulaOutcome): FormulaDetail {
  return {
    formula,
    status: outcome.status,
    computed: outcome.status === 'computed' ? pointsToNumber(outcome.value) : null,
    exact: outcome.status === 'computed' ? outcome.exact : null,
    clamped: outcome.status === 'computed' && outcome.clamped,
    inputs: outcome.inputs.map((i) => ({ name: i.name, kind: i.kind, value: i.value === null ? null : Number(i.value), basis: i.basis, missing: i.missing })),
    reason: outcome.status === 'computed' ? null : outcome.reason,
  };
}

/**
 * The formula criteria of one unit for its assessment sheet: criterion id → detail. Shown read-only: formula
 * criteria are not self-scored.
 */
export async function unitFormulaDetails(
  db: DbOrTx,
  year: number,
  criteria: readonly FormulaCriterionDef[],
  unitId: number,
): Promise<Map<number, FormulaDetail>> {
  const outcomes = (await evaluateFormulas(db, year, criteria, [unitId])).get(unitId);
  return new Map(criteria.flatMap((c) => (outcomes?.has(c.id) ? [[c.id, formulaDetail(c.formula ?? '', outcomes.get(c.id)!)] as const] : [])));
}
