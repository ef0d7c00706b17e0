import { z } from 'zod';
import {
  checkMapping,
  checkTemplate,
  QUESTION_ROLES,
  QUESTION_TYPES,
  RESPONSE_SOURCES,
  SIPAS_ELEMENTS,
  SURVEY_KINDS,
  TEXT_ANSWER_MAX,
} from '../../domain/surveys.js';
import { refineReason } from '../../reasons.js';

/**
 * The surveys' shared contract: a template's content (the JSON file shape of `parindex import survey-template`, the
 * editor's body and the campaign's copy), answers, a campaign's summary and a survey criterion's link. Each part of
 * the surveys adds its own request and response schemas beside its routes; these are the ones they share.
 */

export const SurveyKind = z.enum(SURVEY_KINDS);
export const QuestionType = z.enum(QUESTION_TYPES);
export const QuestionRole = z.enum(QUESTION_ROLES);
export const SipasElement = z.enum(SIPAS_ELEMENTS);
export const ResponseSource = z.enum(RESPONSE_SOURCES);

const SurveyCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only');

export const SurveyOption = z.object({
  code: SurveyCode,
  label: z.string().trim().min(1).max(500),
  weight: z.number().int().min(0).max(100).nullish(),
});

export const ShowIf = z.object({ question: SurveyCode, anyOf: z.array(z.string().trim().min(1).max(40)).min(1).max(50) });

export const SurveyQuestion = z.object({
  code: SurveyCode,
  section: z.string().trim().min(1).max(60),
  text: z.string().trim().min(1).max(2000),
  type: QuestionType,
  role: QuestionRole,
  required: z.boolean().default(false),
  options: z.array(SurveyOption).max(50).default([]),
  showIf: ShowIf.nullish(),
});
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;

/** A template as files and the editor give it; the domain's checks (codes, options, show-if) run as part of it. */
export const SurveyTemplateContent = z
  .object({
    code: SurveyCode,
    name: z.string().trim().min(1).max(300),
    kind: SurveyKind,
    questions: z.array(SurveyQuestion).max(300),
  })
  .superRefine((template, ctx) => {
    for (const issue of checkTemplate(template)) {
      ctx.addIssue({
        code: 'custom',
        path: issue.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        message: issue.reason,
        ...refineReason(issue.reason, issue.params),
      });
    }
  });
export type SurveyTemplateContent = z.infer<typeof SurveyTemplateContent>;

/** One answer as a client sends it: an option code, option codes, a scale value or number, or a text. */
export const AnswerValue = z.union([z.string().max(TEXT_ANSWER_MAX * 2), z.number(), z.array(z.string().max(40)).max(50)]);
/** Answers by question code; the domain (checkAnswers) checks them against the campaign's questions. */
export const AnswersBody = z
  .record(z.string().max(40), AnswerValue.nullable())
  .refine((a) => Object.keys(a).length <= 300, refineReason('too_many_items', { maximum: 300 }));
/** An officials' response: per rated unit code, the answers about that unit. */
export const RatingsBody = z
  .record(z.string().max(32), AnswersBody)
  .refine((r) => Object.keys(r).length <= 500, refineReason('too_many_items', { maximum: 500 }));

export const SurveyMeasure = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sipas') }),
  z.object({ kind: z.literal('element'), element: SipasElement }),
  z.object({ kind: z.literal('area'), area: z.string().trim().min(1).max(60) }),
  z.object({ kind: z.literal('officials') }),
  z.object({ kind: z.literal('question'), question: SurveyCode }),
]);

export const PointsMapping = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('linear'), full: z.number().positive().max(1_000_000).optional() }),
  z.object({
    kind: z.literal('bands'),
    bands: z
      .array(z.object({ min: z.number().min(0).max(1_000_000), points: z.number().min(0).max(1000) }))
      .min(1)
      .max(20),
  }),
]);

/** A survey criterion's link: which campaign, which measure, how it becomes points (checked against the max where the criterion is). */
export const SurveyLink = z.object({ campaign: SurveyCode, measure: SurveyMeasure, mapping: PointsMapping });
export type SurveyLink = z.infer<typeof SurveyLink>;

/** The mapping's problems for a criterion of `maxPoints` (hundredths), as zod issues under `path`. */
export function surveyLinkIssues(link: SurveyLink, maxPoints: number) {
  return checkMapping(link.mapping, maxPoints).map((issue) => ({ path: issue.field, reason: issue.reason, params: issue.params ?? {} }));
}

/** Whether a campaign takes responses now: before its first day, between its dates, or after (or closed early). */
export const CampaignState = z.enum(['scheduled', 'open', 'closed']);
export type CampaignState = z.infer<typeof CampaignState>;

export const CampaignSummary = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: SurveyKind,
  templateCode: z.string(),
  year: z.number().int(),
  opensOn: z.string().describe('local date, YYYY-MM-DD'),
  closesOn: z.string().describe('local date, YYYY-MM-DD, included'),
  state: CampaignState,
  channels: z.array(ResponseSource),
  doubleEntry: z.boolean(),
  version: z.number().int(),
});
export type CampaignSummary = z.infer<typeof CampaignSummary>;
