import type { DbOrTx } from '../../db/client.js';
import { type ClassBand, type CriterionDraft, type FrameworkIssue, validateFramework } from '../../domain/framework.js';
import { AppError, issuesRejected } from '../../errors.js';
import { findUnitIdByCode } from '../units/service.js';
import { type FrameworkContent, frameworkText, normalizeDraft, readPoints } from './file-format.js';
import type { CheckResponse, ContentBody, ContentIssue, CriterionBody } from './schemas.js';

/** A framework's content as the API gives it, turned into drafts and checked against the framework rules. */

/** Turns API criteria into drafts; a value that cannot be read is a validation error on its path. */
export function criteriaFromInput(list: readonly CriterionBody[]): CriterionDraft[] {
  const issues: ContentIssue[] = [];
  const drafts = list.map((c, i) => {
    const maxPoints = readPoints(c.maxPoints);
    if (typeof maxPoints !== 'number') issues.push({ path: `criteria.${i}.maxPoints`, ...maxPoints });
    return normalizeDraft({
      code: c.code,
      title: c.title,
      maxPoints: typeof maxPoints === 'number' ? maxPoints : 0,
      method: c.method,
      evidenceRequired: c.evidenceRequired ?? false,
      appraiser: c.appraiser ?? null,
      guidance: c.guidance ?? null,
      formula: c.formula ?? null,
      survey: c.survey ?? null,
    });
  });
  if (issues.length) throw invalidIssues(issues);
  return drafts;
}

export const classesFromInput = (classes: readonly ClassBand[]): ClassBand[] => classes.map((b) => ({ label: b.label.trim(), min: b.min }));

export function contentFromInput(input: ContentBody): FrameworkContent {
  return { name: input.name.trim(), classes: classesFromInput(input.classes), criteria: criteriaFromInput(input.criteria) };
}

const API_FIELD: Record<string, string> = { max_points: 'maxPoints', evidence_required: 'evidenceRequired' };

/**
 * Framework rule issues with body paths; a criterion's English message starts with its code, and its parameters
 * name it (`criterion`), as the editor shows the translated reason beside the criterion's row.
 */
function apiIssues(issues: readonly FrameworkIssue[]): ContentIssue[] {
  return issues.map((issue) => {
    const ofCriterion = Boolean(issue.code) && issue.index !== null;
    const params = ofCriterion ? { ...issue.params, criterion: issue.code } : issue.params;
    return {
      path: issue.index === null ? issue.field : `criteria.${issue.index}.${API_FIELD[issue.field] ?? issue.field}`,
      code: issue.reason,
      ...(params ? { params } : {}),
      message: ofCriterion ? `${issue.code}: ${issue.message}` : issue.message,
    };
  });
}

/** Issues as a 400 validation_failed whose reason is the first issue's. */
const invalidIssues = (list: ContentIssue[]): AppError => issuesRejected(list);

/** Framework rule issues as a 400 validation_failed with body paths (`criteria.3.maxPoints`, `classes.1.min`). */
export function invalidContent(issues: FrameworkIssue[]): AppError {
  return invalidIssues(apiIssues(issues));
}

/**
 * Checks content against the framework rules with the appraisers the database knows; returns the issues and, when
 * there are none, the unit id of each appraiser code.
 */
export async function checkContent(tx: DbOrTx, content: FrameworkContent): Promise<{ issues: FrameworkIssue[]; appraiserIds: Map<string, number> }> {
  const appraiserIds = new Map<string, number>();
  for (const code of new Set(content.criteria.map((c) => c.appraiser).filter((a): a is string => a !== null))) {
    const id = await findUnitIdByCode(tx, code);
    if (id !== null) appraiserIds.set(code, id);
  }
  const issues = validateFramework(content.criteria, content.classes, { appraisers: new Set(appraiserIds.keys()) });
  return { issues, appraiserIds };
}

/**
 * Checks content exactly as a create or replace would, without writing anything: every problem, by body path
 * (the tree editor shows them beside their criteria while the organizer edits). No issues: the content would save.
 */
export async function checkFrameworkContent(db: DbOrTx, input: ContentBody): Promise<CheckResponse> {
  let content: FrameworkContent;
  try {
    content = contentFromInput(input);
  } catch (error) {
    // Unreadable points: reported by path like the rules below.
    if (error instanceof AppError && error.code === 'validation_failed') return { issues: (error.details as { issues: ContentIssue[] }).issues };
    throw error;
  }
  const issues: ContentIssue[] = content.name ? [] : [{ path: 'name', ...frameworkText('framework_name_empty') }];
  return { issues: [...issues, ...apiIssues((await checkContent(db, content)).issues)] };
}

/**
 * The name of a copy for another year: the source's year, written as a whole number in the name, becomes the
 * target's ("Bộ chỉ số CCHC khối sở 2025" → "… 2026"); a name without that year stays as it is.
 */
export function nameForYear(name: string, fromYear: number, toYear: number): string {
  if (fromYear === toYear) return name;
  return name.replace(new RegExp(`(?<!\\d)${fromYear}(?!\\d)`, 'g'), String(toYear));
}
