import { z } from 'zod';
import { METHODS } from '../../domain/framework.js';
import { Code, Name, Year } from '../../http/schemas.js';
import { ReasonParams } from '../indicators/schemas.js';
import { SurveyLink } from '../surveys/schemas.js';
import { FRAMEWORK_FORMATS } from './file-format.js';

/**
 * The contract of frameworks. The write requests are one contract for the API (routes.ts) and the framework files
 * (file-format.ts), so a file refuses exactly what the API refuses; the responses follow them. Limits (characters): code 40, title 1,000, max points as text 20,
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
export type ClassBand = z.infer<typeof ClassBandSchema>;

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
  /** A survey leaf's link to a campaign: { campaign, measure, mapping } (docs/frameworks.md "Survey criteria"). */
  survey: SurveyLink.nullish(),
});
export type CriterionBody = z.infer<typeof CriterionBody>;
export const ContentBody = z.object({
  name: Name,
  classes: z.array(ClassBandSchema).min(1).max(MAX_CLASSES),
  criteria: z.array(CriterionBody).min(1).max(MAX_CRITERIA),
});
export type ContentBody = z.infer<typeof ContentBody>;
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

/** A survey link as a file carries it (JSON key `survey`; CSV/XLSX column `survey` holding the link as compact JSON). */
export const FileSurveyLink = SurveyLink;

// ---------------------------------------------------------------------------------------------------------------
// Queries

export const FrameworkFormat = z.enum(FRAMEWORK_FORMATS);
export const FrameworkListQuery = z.object({ year: Year.optional(), block: Code.optional() });
export const ImportQuery = z.object({ year: Year.optional(), block: Code.optional(), format: FrameworkFormat.optional(), name: Name.optional() });
export type ImportQuery = z.infer<typeof ImportQuery>;
export const ExportQuery = z.object({ format: FrameworkFormat.default('json') });
/** `parindex export framework`: which revision of a year and block (the latest when none). */
export const ExportCliQuery = z.object({ year: Year, block: Code, revision: z.coerce.number().int().min(1).optional() });

// ---------------------------------------------------------------------------------------------------------------
// Responses

export const FrameworkSummary = z.object({
  id: z.number(),
  year: z.number(),
  blockCode: z.string(),
  blockName: z.string(),
  revision: z.number(),
  name: z.string(),
  classes: z.array(ClassBandSchema),
  criterionCount: z.number(),
  /** Σ max points of the top-level criteria that are not bonus or penalty (the framework's maximum). */
  totalMax: z.number(),
  /** A round uses this revision: its content can no longer change. */
  inUse: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int().describe('The ETag; the editor sends it back in If-Match'),
});
export type FrameworkSummary = z.infer<typeof FrameworkSummary>;

export const CriterionFields = z.object({
  id: z.number(),
  code: z.string(),
  parentCode: z.string().nullable(),
  position: z.number(),
  title: z.string(),
  maxPoints: z.number(),
  method: z.enum(METHODS),
  evidenceRequired: z.boolean(),
  /** The appraising unit set on this criterion. */
  appraiser: z.string().nullable(),
  /** Its own appraiser, else the nearest ancestor's. */
  effectiveAppraiser: z.string().nullable(),
  guidance: z.string().nullable(),
  formula: z.string().nullable(),
  /** A survey leaf's link to a campaign; null when none (the organizer enters its points). */
  survey: SurveyLink.nullable(),
  leaf: z.boolean(),
});
/** A criterion of the tree with its sub-criteria. */
export type CriterionNode = z.infer<typeof CriterionFields> & { children: CriterionNode[] };

/**
 * The tree's schema, spelled out level by level: a recursive zod schema leaves a dangling `$ref` in the OpenAPI
 * document (fastify-type-provider-zod drops the shared definitions of cycles). Levels below TREE_LEVELS still arrive,
 * only untyped in the document; real frameworks have three or four.
 */
const TREE_LEVELS = 6;
function criterionNodeSchema(levels: number): z.ZodType<CriterionNode> {
  return CriterionFields.extend({ children: z.array(levels > 1 ? criterionNodeSchema(levels - 1) : z.any()) });
}
export const CriterionNodeSchema = criterionNodeSchema(TREE_LEVELS);

export const FrameworkDetail = FrameworkSummary.extend({ criteria: z.array(CriterionNodeSchema) });
export type FrameworkDetail = z.infer<typeof FrameworkDetail>;

/** What the caller may do with one framework (policies.ts): the web shows its buttons from this, not from the role. */
export const FrameworkCan = z.object({
  /** Change name, classes and criteria in the editor (no round uses it yet). */
  edit: z.boolean(),
  /** Make a new revision of the same year and block from it. */
  revise: z.boolean(),
  /** Copy it to another year or block. */
  clone: z.boolean(),
  /** Delete it (the server still refuses one a round uses, saying why). */
  delete: z.boolean(),
});
export type FrameworkCan = z.infer<typeof FrameworkCan>;

/** GET /frameworks/:id: the framework and what the caller may do with it. */
export const FrameworkView = FrameworkDetail.extend({ can: FrameworkCan });
export type FrameworkView = z.infer<typeof FrameworkView>;

/** What the caller may do with frameworks in general. */
export const FrameworksCan = z.object({ import: z.boolean() });
export type FrameworksCan = z.infer<typeof FrameworksCan>;

export const FrameworkList = z.object({ items: z.array(FrameworkSummary), can: FrameworksCan });
export type FrameworkList = z.infer<typeof FrameworkList>;

/** A rule's issue: the body path, the reason (errors.<code> in the web) with its parameters, the English text. */
export const ContentIssue = z.object({
  /** Body path: `criteria.3.maxPoints`, `classes.1.min`, `name`. */
  path: z.string(),
  code: z.string().optional(),
  params: ReasonParams.optional(),
  /** In English. */
  message: z.string(),
});
export type ContentIssue = z.infer<typeof ContentIssue>;
export const CheckResponse = z.object({ issues: z.array(ContentIssue) });
export type CheckResponse = z.infer<typeof CheckResponse>;

export const ClassesSource = z.enum(['file', 'previous_revision', 'default']);
export type ClassesSource = z.infer<typeof ClassesSource>;
export const ImportResponse = z.object({ framework: FrameworkSummary, classesSource: ClassesSource });
export type ImportResponse = z.infer<typeof ImportResponse>;
