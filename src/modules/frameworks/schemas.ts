import { z } from 'zod';
import { METHODS } from '../../domain/framework.js';
import { Code, Name, Year } from '../../http/schemas.js';

/**
 * The write requests of frameworks: one contract for the API (routes.ts) and the framework files (file-format.ts),
 * so a file refuses exactly what the API refuses. Limits (characters): code 40, title 1,000, max points as text 20,
 * appraiser 32, guidance 10,000, formula 2,000; framework name 300; class label 100; 20 class bands; 2,000 criteria.
 */

export const CRITERION_LIMITS = {
  code: 40,
  title: 1_000,
  maxPointsText: 20,
  appraiser: 32,
  guidance: 10_000,
  formula: 2_000,
} as const;
export const MAX_CLASS_LABEL = 100;
export const MAX_CLASSES = 20;
export const MAX_CRITERIA = 2_000;

export const ClassBandSchema = z.object({ label: z.string().max(MAX_CLASS_LABEL), min: z.number() });

/** The texts of a criterion, as the API and every file format take them. */
export const CriterionTexts = z.object({
  code: z.string().trim().min(1).max(CRITERION_LIMITS.code),
  title: z.string().max(CRITERION_LIMITS.title),
  appraiser: z.string().trim().max(CRITERION_LIMITS.appraiser).nullish(),
  guidance: z.string().max(CRITERION_LIMITS.guidance).nullish(),
  formula: z.string().max(CRITERION_LIMITS.formula).nullish(),
});

/** A criterion in a request: points as a number (0.25) or a text ("0,25"). */
export const CriterionBody = CriterionTexts.extend({
  maxPoints: z.union([z.number(), z.string().max(CRITERION_LIMITS.maxPointsText)]),
  method: z.enum(METHODS),
  evidenceRequired: z.boolean().optional(),
});
export const ContentBody = z.object({
  name: Name,
  classes: z.array(ClassBandSchema).min(1).max(MAX_CLASSES),
  criteria: z.array(CriterionBody).min(1).max(MAX_CRITERIA),
});
export const NewFrameworkBody = ContentBody.extend({ year: Year, blockCode: Code });
export const RevisionBody = ContentBody.partial().nullish();
export const CloneBody = z.object({ year: Year, blockCode: Code.nullish(), name: Name.nullish() });

/**
 * What the tree editor sends to be checked while it edits: the same content as a save, but read leniently (an empty
 * code or name is one of the issues in the answer, not a refused request).
 */
export const CheckBody = z.object({
  name: z.string().max(300),
  classes: z.array(ClassBandSchema).max(MAX_CLASSES),
  criteria: z.array(CriterionBody.extend({ code: z.string().trim().max(CRITERION_LIMITS.code) })).max(MAX_CRITERIA),
});

/**
 * The texts of a criterion in a framework file (JSON, CSV, XLSX): the API's, with an empty code left to the framework
 * rules (`"" is not a dotted code …`), as in the editor's check.
 */
export const FileCriterionTexts = CriterionTexts.extend({ code: z.string().trim().max(CRITERION_LIMITS.code) });

/** The columns of a CSV/XLSX framework file that are texts of the API (the others are read by file-format.ts). */
export const CRITERION_TEXT_COLUMNS = { code: 'code', title: 'title', appraiser: 'appraiser', guidance: 'guidance', formula: 'formula' } as const;
