import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { surveyGroups, surveyGroupUnits, units } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { type Answers, checkAnswers, isRatedQuestion, type Ratings, type SurveyIssue, type SurveyQuestion } from '../../domain/surveys.js';
import { type FieldIssue, issuesRejected, reasonText } from '../../errors.js';
import { type Campaign, campaignByCode, campaignUnits } from '../surveys/campaigns.js';
import { reasons as surveyReasons } from '../surveys/reasons.js';
import { reasons } from './reasons.js';
import type { PaperWarning } from './schemas.js';

export interface GroupInfo {
  id: number;
  code: string;
  name: string;
  unitCodes: Set<string>;
}

/** A campaign with what entry, import and export read of it: questions, units and groups by code. */
export interface EntryContext {
  campaign: Campaign;
  questions: SurveyQuestion[];
  unitsByCode: Map<string, { id: number; code: string; name: string }>;
  unitCodeById: Map<number, string>;
  groupsByCode: Map<string, GroupInfo>;
  groupCodeById: Map<number, string>;
}

export async function entryContext(db: DbOrTx, code: string, options: { lock?: boolean } = {}): Promise<EntryContext> {
  const campaign = await campaignByCode(db, code, options);
  const unitRows = await campaignUnits(db, campaign.id);
  const groupRows = await db.select().from(surveyGroups).where(eq(surveyGroups.campaignId, campaign.id));
  const memberRows = groupRows.length
    ? await db
        .select({ groupId: surveyGroupUnits.groupId, code: units.code })
        .from(surveyGroupUnits)
        .innerJoin(units, eq(units.id, surveyGroupUnits.unitId))
        .where(
          inArray(
            surveyGroupUnits.groupId,
            groupRows.map((g) => g.id),
          ),
        )
    : [];
  const groupsByCode = new Map(
    groupRows.map((g) => [
      g.code.toUpperCase(),
      { id: g.id, code: g.code, name: g.name, unitCodes: new Set(memberRows.filter((m) => m.groupId === g.id).map((m) => m.code)) },
    ]),
  );
  return {
    campaign,
    questions: campaign.questions as SurveyQuestion[],
    unitsByCode: new Map(unitRows.map((u) => [u.unitCode, { id: u.unitId, code: u.unitCode, name: u.unitName }])),
    unitCodeById: new Map(unitRows.map((u) => [u.unitId, u.unitCode])),
    groupsByCode,
    groupCodeById: new Map(groupRows.map((g) => [g.id, g.code])),
  };
}

/** Multi-choice answers in the order of the question's options, so equal answers are equal whatever order they were typed in. */
export function canonicalAnswers(questions: readonly SurveyQuestion[], answers: Answers): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const value = answers[q.code];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      const order = q.options.map((o) => o.code);
      out[q.code] = [...value].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    } else out[q.code] = value;
  }
  return out;
}

export function canonicalRatings(questions: readonly SurveyQuestion[], ratings: Ratings): Ratings {
  return Object.fromEntries(
    Object.keys(ratings)
      .sort()
      .map((unit) => [unit, canonicalAnswers(questions, ratings[unit]!)]),
  );
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Whether two stored answer sets are the same (both canonical). */
export const sameAnswers = (a: Answers | Ratings | null | undefined, b: Answers | Ratings | null | undefined) => sameJson(a ?? null, b ?? null);

/** A form as stored: the unit (SIPAS, custom) or group and ratings (officials), the answers, the blank required questions. */
export interface CheckedForm {
  unitId: number | null;
  unitCode: string | null;
  groupId: number | null;
  groupCode: string | null;
  answers: Answers;
  ratings: Ratings | null;
  warnings: PaperWarning[];
}

const issueText = (issue: SurveyIssue) => reasonText(surveyReasons, issue.reason as keyof typeof surveyReasons & string, issue.params);

/** The profile questions of an officials' form (asked once), and the others (asked about each rated unit). */
export const profileQuestion = (q: SurveyQuestion) => !isRatedQuestion(q);

/**
 * Checks a paper form against the campaign: the unit (in the campaign) or, for officials, the group and the rated units
 * (in the campaign and in the group), and every answer (checkAnswers, not complete: a required question left blank on
 * paper is a warning). Every problem is refused at once as validation_failed, one issue per field.
 */
export function checkForm(
  ctx: EntryContext,
  body: {
    unitCode?: string | undefined;
    groupCode?: string | undefined;
    answers: Record<string, unknown>;
    ratings?: Record<string, Record<string, unknown>> | undefined;
  },
): CheckedForm {
  const issues: FieldIssue[] = [];
  const warnings: PaperWarning[] = [];
  const { campaign, questions } = ctx;
  const add = (path: string, list: SurveyIssue[]) => {
    for (const issue of list) issues.push({ path: `${path}.${issue.field}`, ...issueText(issue) });
  };
  const warn = (list: SurveyIssue[], unit: string | null) => {
    for (const issue of list) if (issue.reason === 'survey_answer_required') warnings.push({ question: issue.field, unit, reason: issue.reason });
  };
  if (campaign.kind !== 'officials') {
    if (body.ratings && Object.keys(body.ratings).length > 0) issues.push({ path: 'ratings', ...reasonText(reasons, 'survey_entry_ratings_for_officials') });
    let unit: { id: number; code: string } | undefined;
    if (!body.unitCode) issues.push({ path: 'unitCode', ...reasonText(reasons, 'survey_entry_unit_required') });
    else {
      unit = ctx.unitsByCode.get(normalizeCode(body.unitCode));
      if (!unit)
        issues.push({
          path: 'unitCode',
          ...reasonText(surveyReasons, 'survey_campaign_unit_unknown', { unit: normalizeCode(body.unitCode), campaign: campaign.code }),
        });
    }
    const checked = checkAnswers(questions, body.answers, { complete: false });
    add('answers', checked.issues);
    warn(checkAnswers(questions, body.answers, { complete: true }).issues, null);
    if (issues.length) throw issuesRejected(issues, true);
    return {
      unitId: unit!.id,
      unitCode: unit!.code,
      groupId: null,
      groupCode: null,
      answers: canonicalAnswers(questions, checked.answers),
      ratings: null,
      warnings,
    };
  }
  let group: GroupInfo | undefined;
  if (body.groupCode) {
    group = ctx.groupsByCode.get(body.groupCode.toUpperCase());
    if (!group) issues.push({ path: 'groupCode', ...reasonText(reasons, 'survey_entry_group_unknown', { group: body.groupCode }) });
  }
  const profile = checkAnswers(questions, body.answers, { complete: false, questionFilter: profileQuestion });
  add('answers', profile.issues);
  warn(checkAnswers(questions, body.answers, { complete: true, questionFilter: profileQuestion }).issues, null);
  const ratings: Ratings = {};
  for (const [rawUnit, about] of Object.entries(body.ratings ?? {})) {
    const code = normalizeCode(rawUnit);
    const unit = ctx.unitsByCode.get(code);
    if (!unit || (group && group.unitCodes.size > 0 && !group.unitCodes.has(code))) {
      issues.push({ path: `ratings.${rawUnit}`, ...reasonText(surveyReasons, 'survey_rated_unit_unknown', { unit: code }) });
      continue;
    }
    const checked = checkAnswers(questions, about, { complete: false, questionFilter: isRatedQuestion });
    add(`ratings.${rawUnit}`, checked.issues);
    warn(checkAnswers(questions, about, { complete: true, questionFilter: isRatedQuestion }).issues, code);
    if (Object.keys(checked.answers).length > 0) ratings[code] = checked.answers;
  }
  if (issues.length) throw issuesRejected(issues, true);
  return {
    unitId: null,
    unitCode: null,
    groupId: group?.id ?? null,
    groupCode: group?.code ?? null,
    answers: canonicalAnswers(questions, profile.answers),
    ratings: canonicalRatings(questions, ratings),
    warnings,
  };
}
