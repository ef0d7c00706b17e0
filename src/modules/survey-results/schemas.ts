import { z } from 'zod';
import { Code } from '../../http/schemas.js';
import { CampaignSummary, QuestionRole, QuestionType } from '../surveys/schemas.js';

/**
 * The contract of a campaign's results (routes, the `parindex report sipas` command, the web): per unit responses
 * against the target, each SIPAS element's satisfaction index and the SIPAS index (numbers with two decimals, from the
 * domain's hundredths; null when empty), the officials' mean weights per unit and reform area, a unit's breakdown by
 * respondent profile, the distribution of every question and its free-text answers.
 */

const CampaignCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only');

export const CampaignParams = z.object({ code: CampaignCode });
export const CampaignUnitParams = z.object({ code: CampaignCode, unit: Code });

/** An index in percent with two decimals (75.00, 66.67), or null when nothing was answered. */
const Index = z.number().nullable();

export const ElementIndices = z.object({
  access: Index,
  procedure: Index,
  civil_servant: Index,
  result: Index,
  feedback: Index,
});
export type ElementIndices = z.infer<typeof ElementIndices>;

export const UnitResultRow = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  /** Submitted responses about the unit (an officials' respondent counts once for each unit rated). */
  responses: z.number().int(),
  target: z.number().int(),
  elements: ElementIndices,
  sipas: Index,
});
export type UnitResultRow = z.infer<typeof UnitResultRow>;

export const ResultsTotals = z.object({
  responses: z.number().int(),
  target: z.number().int(),
  elements: ElementIndices,
  sipas: Index.describe("the SIPAS index of all the campaign's answers together (summed counts, not a mean of units)"),
});

export const OfficialsRow = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  responses: z.number().int(),
  /** Mean weight (0–100, two decimals) per reform area, in the order of `areas`. */
  areas: z.array(Index),
  overall: Index,
});
export type OfficialsRow = z.infer<typeof OfficialsRow>;

export const ResultsCan = z.object({ export: z.boolean(), allUnits: z.boolean() });
export type ResultsCan = z.infer<typeof ResultsCan>;

export const CampaignResults = z.object({
  campaign: CampaignSummary,
  units: z.array(UnitResultRow),
  /** The whole campaign; null for unit staff (who see their own unit only). */
  province: ResultsTotals.nullable(),
  /** Officials' survey: the reform areas (sections with weighted options), in the template's order. */
  areas: z.array(z.string()),
  officials: z.array(OfficialsRow).nullable(),
  officialsProvince: z.object({ areas: z.array(Index), overall: Index }).nullable(),
  can: ResultsCan,
});
export type CampaignResults = z.infer<typeof CampaignResults>;

export const ProfileOption = z.object({
  option: z.string(),
  label: z.string(),
  responses: z.number().int(),
  elements: ElementIndices,
  sipas: Index,
});
export const ProfileBreakdown = z.object({ question: z.string(), text: z.string(), options: z.array(ProfileOption) });

export const QuestionDistribution = z.object({
  code: z.string(),
  section: z.string(),
  text: z.string(),
  type: QuestionType,
  role: QuestionRole,
  answered: z.number().int(),
  /** Per option (single, multi) or scale value 1–5: how many answers chose it. Empty for number and text. */
  counts: z.array(z.object({ value: z.string(), label: z.string(), count: z.number().int() })),
  /** Scale and number questions: the mean answer, two decimals. */
  mean: z.number().nullable(),
  /** Questions with weighted options: the mean weight, two decimals. */
  meanWeight: z.number().nullable(),
});
export type QuestionDistribution = z.infer<typeof QuestionDistribution>;

export const UnitResults = z.object({
  campaign: CampaignSummary,
  unit: UnitResultRow,
  profiles: z.array(ProfileBreakdown),
  questions: z.array(QuestionDistribution),
  areas: z.array(z.object({ area: z.string(), score: Index, answers: z.number().int() })),
  overall: Index,
  can: ResultsCan,
});
export type UnitResults = z.infer<typeof UnitResults>;

export const TextsQuery = z.object({
  question: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
export type TextsQuery = z.infer<typeof TextsQuery>;

export const TextAnswer = z.object({
  responseId: z.number().int(),
  question: z.string(),
  /** As the respondent wrote it (stored as given; shown as text, never as HTML). */
  text: z.string(),
  submittedAt: z.string().nullable(),
});
export const TextsPage = z.object({
  items: z.array(TextAnswer),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  /** The text questions that can be asked for. */
  questions: z.array(z.object({ code: z.string(), text: z.string() })),
});
export type TextsPage = z.infer<typeof TextsPage>;

export const ResultsExportQuery = z.object({ format: z.enum(['xlsx', 'docx']).default('xlsx') });
export const SipasReportQuery = z.object({ format: z.enum(['csv', 'xlsx', 'json']).default('csv') });
export type SipasReportFormat = z.infer<typeof SipasReportQuery>['format'];

/** One line of `parindex report sipas` (JSON): indices as numbers with two decimals, or null. */
export const SipasReportRow = z.object({
  unit_code: z.string(),
  responses: z.number().int(),
  access: Index,
  procedure: Index,
  civil_servant: Index,
  result: Index,
  feedback: Index,
  sipas: Index,
});
export type SipasReportRow = z.infer<typeof SipasReportRow>;
export const SIPAS_REPORT_COLUMNS = ['unit_code', 'responses', 'access', 'procedure', 'civil_servant', 'result', 'feedback', 'sipas'] as const;
