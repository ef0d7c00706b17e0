import { z } from 'zod';
import { Code, TableFormatSchema } from '../../http/schemas.js';
import { AnswersBody, CampaignSummary, RatingsBody, ResponseSource, SurveyQuestion } from '../surveys/schemas.js';

/**
 * The contract of staff entry of paper forms (single or double entry), the re-check flag (phúc tra), and the
 * responses file import and export: one schema for the routes, the CLI and the web.
 */

const CampaignCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only');

/** A paper form's number as written on it (also the response's external id): letters, digits, _ . -; 40 at most. */
export const FormNo = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only');

export const CampaignCodeParam = z.object({ code: CampaignCode });
export const PaperFormParams = z.object({ code: CampaignCode, formNo: FormNo });
export const ResponseIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** What a clerk types from one paper form. SIPAS / custom: the unit and the answers; officials: profile answers and ratings. */
export const PaperEntryBody = z.object({
  formNo: FormNo,
  unitCode: Code.optional().describe('The unit the form is about (SIPAS, custom)'),
  groupCode: Code.optional().describe('Officials: the respondent group, when the form says'),
  answers: AnswersBody.default({}),
  ratings: RatingsBody.optional().describe('Officials: per rated unit code, the answers about that unit'),
});
export type PaperEntryBody = z.infer<typeof PaperEntryBody>;

/** The organizer's choice of values for a form whose two entries differ (or a correction of a recorded one). */
export const PaperResolveBody = PaperEntryBody.omit({ formNo: true });
export type PaperResolveBody = z.infer<typeof PaperResolveBody>;

export const PAPER_STATES = ['awaiting_second', 'differences', 'done'] as const;
export const PaperState = z.enum(PAPER_STATES);
export type PaperState = z.infer<typeof PaperState>;

const AnswerOut = z.union([z.string(), z.number(), z.array(z.string())]);

/** Where two entries of a form disagree: the form's unit, its group, or one answer (about a rated unit for officials). */
export const PaperDifference = z.object({
  kind: z.enum(['unit', 'group', 'answer']),
  question: z.string().nullable(),
  unit: z.string().nullable().describe('Officials: the rated unit of the answer'),
  first: AnswerOut.nullable(),
  second: AnswerOut.nullable(),
});
export type PaperDifference = z.infer<typeof PaperDifference>;

/** A required question left blank on the form: allowed on paper, shown to the clerk. */
export const PaperWarning = z.object({ question: z.string(), unit: z.string().nullable(), reason: z.string() });
export type PaperWarning = z.infer<typeof PaperWarning>;

export const PaperEntryResult = z.object({
  formNo: z.string(),
  state: PaperState,
  entryNo: z.number().int().nullable().describe('1 or 2 under double entry; null without it'),
  responseId: z.number().int().nullable(),
  created: z.boolean().describe('A response was created (not replaced)'),
  warnings: z.array(PaperWarning),
  differences: z.array(PaperDifference),
});
export type PaperEntryResult = z.infer<typeof PaperEntryResult>;

export const PaperEntryView = z.object({
  entryNo: z.number().int(),
  enteredBy: z.string().nullable(),
  at: z.string(),
  unitCode: z.string().nullable(),
  groupCode: z.string().nullable(),
  answers: z.record(z.string(), AnswerOut),
  ratings: z.record(z.string(), z.record(z.string(), AnswerOut)).nullable(),
});

export const PaperForm = z.object({
  formNo: z.string(),
  state: PaperState,
  unitCode: z.string().nullable(),
  responseId: z.number().int().nullable(),
  entries: z.array(PaperEntryView),
  differences: z.array(PaperDifference),
});
export type PaperForm = z.infer<typeof PaperForm>;

const Paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const PaperListQuery = z.object({ state: PaperState.optional(), ...Paging });
export type PaperListQuery = z.infer<typeof PaperListQuery>;

/** What the caller may do on the entry page (survey-entry/policies.ts). */
export const EntryCan = z.object({
  enterPaper: z.boolean(),
  resolve: z.boolean(),
  recheck: z.boolean(),
  import: z.boolean(),
  export: z.boolean(),
  chooseUnit: z.boolean(),
});
export type EntryCan = z.infer<typeof EntryCan>;

export const PaperPage = z.object({ items: z.array(PaperForm), total: z.number(), limit: z.number(), offset: z.number() });
export type PaperPage = z.infer<typeof PaperPage>;

export const ResponseListQuery = z.object({
  unit: Code.optional(),
  source: ResponseSource.optional(),
  recheck: Flag.optional(),
  drafts: Flag.optional().describe('Include drafts (not yet submitted); left out by default'),
  ...Paging,
});
export type ResponseListQuery = z.infer<typeof ResponseListQuery>;

export const SurveyResponseItem = z.object({
  id: z.number().int(),
  externalId: z.string().nullable().describe('The form number (paper) or response_id (import)'),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  groupCode: z.string().nullable(),
  source: ResponseSource,
  status: z.enum(['draft', 'submitted']),
  submittedAt: z.string().nullable(),
  recheck: z.boolean(),
  recheckNote: z.string().nullable(),
  enteredBy: z.string().nullable(),
  answers: z.record(z.string(), AnswerOut),
  ratings: z.record(z.string(), z.record(z.string(), AnswerOut)).nullable(),
});
export type SurveyResponseItem = z.infer<typeof SurveyResponseItem>;

export const ResponsePage = z.object({
  items: z.array(SurveyResponseItem),
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
  can: EntryCan,
});
export type ResponsePage = z.infer<typeof ResponsePage>;

/** The re-check (phúc tra) flag: a flagged response still counts in the results; it is listed for checking. */
export const RecheckBody = z.object({ recheck: z.boolean(), note: z.string().trim().max(500).nullish() });
export type RecheckBody = z.infer<typeof RecheckBody>;

export const ImportResult = z.object({
  rows: z.number().int(),
  responses: z.number().int(),
  inserted: z.number().int(),
  replaced: z.number().int(),
  unchanged: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ExportValues = z.enum(['codes', 'labels']);
export const ExportQuery = z.object({ format: TableFormatSchema.default('csv'), values: ExportValues.default('codes'), unit: Code.optional() });
export type ExportQuery = z.infer<typeof ExportQuery>;

/** What the entry page needs: the campaign, its questions, its units and groups, and what the caller may do. */
export const EntryForm = z.object({
  campaign: CampaignSummary,
  questions: z.array(SurveyQuestion),
  units: z.array(z.object({ code: z.string(), name: z.string() })),
  groups: z.array(z.object({ code: z.string(), name: z.string(), units: z.array(z.string()) })),
  can: EntryCan,
});
export type EntryForm = z.infer<typeof EntryForm>;
