import { z } from 'zod';
import { SurveyKind, SurveyTemplateContent } from '../surveys/schemas.js';

/** The survey templates' contract: the routes, the CLI and the web editor share it. */

export const SURVEY_TEMPLATE_FORMATS = ['json', 'xlsx'] as const;
export type SurveyTemplateFormat = (typeof SURVEY_TEMPLATE_FORMATS)[number];

export const TemplateCodeParam = z.object({ code: z.string().trim().min(1).max(40) });

/** What the caller may do with templates (the organizer edits; every signed-in role reads). */
export const TemplatesCan = z.object({ create: z.boolean(), import: z.boolean(), edit: z.boolean(), delete: z.boolean() });
export type TemplatesCan = z.infer<typeof TemplatesCan>;

export const TemplateListItem = z.object({
  code: z.string(),
  name: z.string(),
  kind: SurveyKind,
  questions: z.number().int().describe('how many questions'),
  campaigns: z.number().int().describe('campaigns opened from this template'),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type TemplateListItem = z.infer<typeof TemplateListItem>;

export const TemplateList = z.object({ items: z.array(TemplateListItem), can: TemplatesCan });
export type TemplateList = z.infer<typeof TemplateList>;

/** One template: its content (the file shape), version (If-Match), campaigns using it and what the caller may do. */
export const TemplateDetail = z.object({
  content: SurveyTemplateContent,
  version: z.number().int(),
  campaigns: z.array(z.string()).describe('codes of the campaigns opened from it'),
  updatedAt: z.string(),
  can: TemplatesCan,
});
export type TemplateDetail = z.infer<typeof TemplateDetail>;

export const TemplateExportQuery = z.object({ format: z.enum(SURVEY_TEMPLATE_FORMATS).default('json') });

export const TemplateImportResult = z.object({
  code: z.string(),
  outcome: z.enum(['created', 'replaced', 'unchanged']),
  questions: z.number().int(),
  version: z.number().int(),
});
export type TemplateImportResult = z.infer<typeof TemplateImportResult>;
