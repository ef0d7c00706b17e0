import { z } from 'zod';
import { DATA_VARIABLES } from '../../domain/indicators.js';

/**
 * What the indicators behind formula criteria look like on the wire: the results drill-down and the assessment sheet
 * show a formula criterion of one unit with these (docs/formula-criteria.md).
 */

/** Parameters of a reason: the values its catalogue text is filled with. */
export const ReasonParams = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/**
 * A reason of the catalogue (src/catalogue.ts) with its parameters and its English text: the web, the CLI and the
 * documents show `code` in the user's language; `message` is for API clients and logs.
 */
export const Reason = z.object({ code: z.string(), params: ReasonParams.optional(), message: z.string() });
export type Reason = z.infer<typeof Reason>;

export const FormulaVariableName = z.enum([...DATA_VARIABLES, 'maxPoints']);
export const MissingReason = z.enum([
  'no_dossier_data',
  'no_resolved_dossiers',
  'no_received_dossiers',
  'no_published_procedures',
  'no_source',
  'no_survey',
  'several_surveys',
  'no_survey_responses',
  'no_plan_tasks',
  'no_required_plans',
  'no_inspection',
  'no_reports_due',
  'no_register_data',
]);

/** One variable as the API shows it: `value` is the number evaluated (96.5 for "96.50"). */
export const FormulaInputView = z.object({
  name: FormulaVariableName,
  kind: z.enum(['percent', 'count', 'points']),
  value: z.number().nullable(),
  /** What it was computed from, e.g. { earlyOrOnTime: 193, resolved: 200 }. */
  basis: z.record(z.string(), z.number()),
  missing: MissingReason.nullable(),
});
export type FormulaInputView = z.infer<typeof FormulaInputView>;

/** A formula criterion of one unit as the drill-down and the assessment sheet show it (read-only). */
export const FormulaDetail = z.object({
  formula: z.string(),
  /** computed: the formula gave points; missing: a variable it reads has no value; error: it cannot be evaluated. */
  status: z.enum(['computed', 'missing', 'error']),
  /** Points computed (within [0, max], two decimals), null unless computed. */
  computed: z.number().nullable(),
  /** The formula's exact value before it was brought within [0, max] and rounded. */
  exact: z.string().nullable(),
  clamped: z.boolean(),
  inputs: z.array(FormulaInputView),
  /** Why there is no computed value: a reason of the catalogue. */
  reason: Reason.nullable(),
});
export type FormulaDetail = z.infer<typeof FormulaDetail>;
