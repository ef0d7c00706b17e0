/**
 * Formula criteria as the results drill-down and the assessment sheet return them (docs/formula-criteria.md):
 * the formula, the variables it read for the unit with what they were computed from, and the computed points.
 */

export type FormulaVariableName =
  | 'onTimeRate'
  | 'onlineShare'
  | 'fullyOnlineProcedureShare'
  | 'lateWithoutLetter'
  | 'planTaskCompletionRate'
  | 'surveyIndex'
  | 'maxPoints';

export type MissingReason = 'no_dossier_data' | 'no_resolved_dossiers' | 'no_received_dossiers' | 'no_published_procedures' | 'no_source';

export interface FormulaInput {
  name: FormulaVariableName;
  kind: 'percent' | 'count' | 'points';
  /** The value the formula read (96.5 for 96.50 %), null when the unit had none. */
  value: number | null;
  /** What it was computed from, e.g. { earlyOrOnTime: 193, resolved: 200 }. */
  basis: Record<string, number>;
  missing: MissingReason | null;
}

export interface FormulaDetail {
  formula: string;
  status: 'computed' | 'missing' | 'error';
  computed: number | null;
  exact: string | null;
  clamped: boolean;
  inputs: FormulaInput[];
  reason: string | null;
  /** Drill-down only: which stage gives the final score. */
  decidedBy?: 'council' | 'appraisal' | 'computed' | 'self' | 'not_applicable' | 'none';
}
