import { fillMessage, type MessageParams } from '../errors.js';
import { compileFormula, FormulaError } from './formula.js';
import { type FrameworkReason, frameworkReasons } from './framework-reasons.js';
import type { Hundredths } from './points.js';
import { formatPoints } from './points.js';
import { checkMapping, type PointsMapping, type SurveyMeasure } from './surveys.js';
import { quote } from './text.js';

export const METHODS = ['manual', 'survey', 'formula', 'bonus', 'penalty'] as const;
export type Method = (typeof METHODS)[number];

/** A criterion as a framework file or editor gives it (points already parsed to hundredths). */
export interface CriterionDraft {
  code: string;
  title: string;
  maxPoints: Hundredths;
  method: Method;
  evidenceRequired: boolean;
  /** Appraising department's unit code as written on this criterion (children inherit it). */
  appraiser: string | null;
  guidance: string | null;
  formula: string | null;
  /** A survey leaf's link to a campaign (docs/frameworks.md "Survey criteria"); none: the organizer enters its points. */
  survey?: CriterionSurveyLink | null;
}

/** What a survey criterion reads: a campaign (by code), a measure of it, and how the measure becomes points. */
export interface CriterionSurveyLink {
  campaign: string;
  measure: SurveyMeasure;
  mapping: PointsMapping;
}

/**
 * A link with its keys in one order (jsonb reorders object keys): what files write, the audit compares and the API
 * answers are the same whatever order the link was given in.
 */
export function canonicalSurveyLink(link: CriterionSurveyLink): CriterionSurveyLink {
  const m = link.measure;
  const measure: SurveyMeasure =
    m.kind === 'element'
      ? { kind: 'element', element: m.element }
      : m.kind === 'area'
        ? { kind: 'area', area: m.area }
        : m.kind === 'question'
          ? { kind: 'question', question: m.question }
          : { kind: m.kind };
  const p = link.mapping;
  const mapping: PointsMapping =
    p.kind === 'linear'
      ? { kind: 'linear', ...(p.full !== undefined && p.full !== null ? { full: p.full } : {}) }
      : { kind: 'bands', bands: p.bands.map((b) => ({ min: b.min, points: b.points })) };
  return { campaign: link.campaign, measure, mapping };
}

/** The framework reason of each problem checkMapping (src/domain/surveys.ts) finds in a survey link's mapping. */
const MAPPING_REASONS: Record<string, FrameworkReason> = {
  survey_mapping_full_invalid: 'criterion_survey_full_invalid',
  survey_mapping_no_bands: 'criterion_survey_no_bands',
  survey_mapping_points_over_max: 'criterion_survey_band_over_max',
};

export interface ClassBand {
  label: string;
  /** Lowest index of the band, 0–100, at most two decimals. */
  min: number;
}

export interface FrameworkIssue {
  /** Position of the criterion in the list (0-based), or null for the framework as a whole. */
  index: number | null;
  code: string | null;
  field: string;
  /** Why: a reason of the catalogue (src/domain/framework-reasons.ts) and its parameters. */
  reason: FrameworkReason;
  params?: MessageParams;
  /** The reason in English. */
  message: string;
}

const CODE_PATTERN = /^[1-9]\d*(\.[1-9]\d*)*$/;

export function parentCodeOf(code: string): string | null {
  const cut = code.lastIndexOf('.');
  return cut < 0 ? null : code.slice(0, cut);
}

/** Compares dotted codes as numbers, part by part: 1.2 < 1.10 < 2. */
export function compareCodes(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Which criteria are not counted in the maximum: they add or take away points outside it. */
export const isOutsideMaximum = (method: Method) => method === 'bonus' || method === 'penalty';

/**
 * Checks a framework: codes (dotted, unique, parent present), every parent's maximum equals the sum of its
 * children's, a child keeps its parent's kind (survey, bonus, penalty), formulas only on leaves and readable,
 * survey links only on survey leaves with their bands within the maximum, appraisers known, class bands descending
 * with one starting at 0. Returns every problem found.
 */
export function validateFramework(
  criteria: readonly CriterionDraft[],
  classes: readonly ClassBand[],
  known: { appraisers: ReadonlySet<string>; variables?: readonly string[] },
): FrameworkIssue[] {
  const issues: FrameworkIssue[] = [];
  const add = (index: number | null, code: string | null, field: string, reason: FrameworkReason, params?: MessageParams) =>
    issues.push({ index, code, field, reason, ...(params ? { params } : {}), message: fillMessage(frameworkReasons[reason].en, params) });
  if (criteria.length === 0) add(null, null, 'criteria', 'framework_no_criteria');

  const byCode = new Map<string, CriterionDraft>();
  criteria.forEach((c, i) => {
    if (!CODE_PATTERN.test(c.code)) add(i, c.code, 'code', 'criterion_code_not_dotted', { value: quote(c.code) });
    else if (byCode.has(c.code)) add(i, c.code, 'code', 'criterion_code_twice', { code: c.code });
    else byCode.set(c.code, c);
  });
  const children = new Map<string, CriterionDraft[]>();
  criteria.forEach((c, i) => {
    if (!byCode.has(c.code) || byCode.get(c.code) !== c) return;
    if (!c.title.trim()) add(i, c.code, 'title', 'criterion_title_empty');
    if (c.maxPoints < 0) add(i, c.code, 'max_points', 'criterion_points_negative');
    const parent = parentCodeOf(c.code);
    if (parent !== null) {
      if (!byCode.has(parent)) add(i, c.code, 'code', 'criterion_parent_missing', { parent });
      else children.set(parent, [...(children.get(parent) ?? []), c]);
    }
    if (c.appraiser && !known.appraisers.has(c.appraiser)) add(i, c.code, 'appraiser', 'criterion_appraiser_unknown', { unit: c.appraiser });
  });
  criteria.forEach((c, i) => {
    if (byCode.get(c.code) !== c) return;
    const kids = children.get(c.code) ?? [];
    const parent = parentCodeOf(c.code);
    const parentMethod = parent ? byCode.get(parent)?.method : undefined;
    if (parentMethod && parentMethod !== 'manual' && parentMethod !== 'formula' && c.method !== parentMethod) {
      add(i, c.code, 'method', `criterion_under_${parentMethod}`);
    }
    if (kids.length > 0) {
      const sum = kids.reduce((total, k) => total + k.maxPoints, 0);
      if (sum !== c.maxPoints) {
        add(i, c.code, 'max_points', 'criterion_points_not_sum', { max: formatPoints(c.maxPoints), sum: formatPoints(sum) });
      }
      if (c.method === 'formula' || c.formula) add(i, c.code, 'formula', 'criterion_formula_on_parent');
    } else if (c.method === 'formula') {
      if (!c.formula?.trim()) add(i, c.code, 'formula', 'criterion_formula_missing');
      else {
        try {
          compileFormula(c.formula, known.variables);
        } catch (error) {
          if (!(error instanceof FormulaError)) throw error;
          add(i, c.code, 'formula', error.reason, error.params);
        }
      }
    } else if (c.formula?.trim()) {
      add(i, c.code, 'formula', `criterion_formula_on_${c.method}`);
    }
    // A survey link: only on a survey leaf, its bands within the criterion's maximum.
    if (c.survey) {
      if (kids.length > 0) add(i, c.code, 'survey', 'criterion_survey_link_on_parent');
      else if (c.method !== 'survey') add(i, c.code, 'survey', 'criterion_survey_link_not_survey', { method: c.method });
      else {
        for (const issue of checkMapping(c.survey.mapping, c.maxPoints)) {
          add(i, c.code, `survey.${issue.field}`, MAPPING_REASONS[issue.reason] ?? 'criterion_survey_band_over_max', issue.params);
        }
      }
    }
  });

  classes.forEach((band, i) => {
    if (!band.label.trim()) add(null, null, `classes.${i}.label`, 'class_label_empty');
    if (!(band.min >= 0 && band.min <= 100) || Math.round(band.min * 100) !== band.min * 100) {
      add(null, null, `classes.${i}.min`, 'class_min_invalid');
    }
    const previous = classes[i - 1];
    if (previous && !(band.min < previous.min)) add(null, null, `classes.${i}.min`, 'class_bands_not_descending');
  });
  if (classes.length === 0) add(null, null, 'classes', 'class_bands_missing');
  else if (classes.at(-1)!.min !== 0) add(null, null, 'classes', 'class_lowest_not_zero');
  return issues;
}

/** The appraising unit of each criterion: its own, else its nearest ancestor's. */
export function effectiveAppraisers(criteria: readonly Pick<CriterionDraft, 'code' | 'appraiser'>[]): Map<string, string | null> {
  const own = new Map(criteria.map((c) => [c.code, c.appraiser]));
  const result = new Map<string, string | null>();
  for (const c of criteria) {
    let code: string | null = c.code;
    let appraiser: string | null = null;
    while (code !== null && appraiser === null) {
      appraiser = own.get(code) ?? null;
      code = parentCodeOf(code);
    }
    result.set(c.code, appraiser);
  }
  return result;
}
