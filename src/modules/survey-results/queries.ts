import { sql } from 'drizzle-orm';
import { hundredthsToNumber } from '../../domain/points.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { normalizeCode } from '../../domain/codes.js';
import {
  emptyUnitTally,
  meanHundredths,
  type SatisfactionCount,
  SIPAS_ELEMENTS,
  type SipasElement,
  type SurveyQuestion,
  unitIndices,
  type UnitTally,
} from '../../domain/surveys.js';
import type { Actor } from '../auth/actor.js';
import { type Campaign, campaignByCode, campaignSummary, campaignTally, type CampaignUnit, campaignUnits } from '../surveys/campaigns.js';
import { readerUnit, resultsCan } from './policies.js';
import { fail, invalid } from './reasons.js';
import type { CampaignResults, ElementIndices, OfficialsRow, QuestionDistribution, TextsPage, TextsQuery, UnitResultRow, UnitResults } from './schemas.js';

/**
 * A campaign's results, read from the campaign's tally (src/modules/surveys/campaigns.ts: responses added up page by
 * page by the domain's SurveyTally and kept until the responses change). Indices leave the domain as integer
 * hundredths and are sent as numbers with two decimals.
 */

/** 6667 → 66.67; null stays null. */

const indicesOf = (elements: Record<SipasElement, SatisfactionCount>): { elements: ElementIndices; sipas: number | null } => {
  const { elements: e, sipas } = unitIndices({ ...emptyUnitTally(), elements });
  return { elements: Object.fromEntries(SIPAS_ELEMENTS.map((k) => [k, hundredthsToNumber(e[k])])) as ElementIndices, sipas: hundredthsToNumber(sipas) };
};

/** The reform areas of an officials' survey: the sections of its rated questions that have weighted options, in order. */
export function officialsAreas(questions: readonly SurveyQuestion[]): string[] {
  const areas: string[] = [];
  for (const q of questions) {
    const weighted = q.role !== 'profile' && (q.type === 'single' || q.type === 'multi') && q.options.some((o) => o.weight !== undefined && o.weight !== null);
    if (weighted && !areas.includes(q.section)) areas.push(q.section);
  }
  return areas;
}

/** What every view of a campaign's results starts from: the campaign, its units the reader may see, and the tally. */
export interface ResultsData {
  campaign: Campaign;
  /** The campaign's units the reader sees, by unit code. */
  units: CampaignUnit[];
  /** Whether the reader sees every unit (else their own unit only). */
  allUnits: boolean;
  tally: Map<string, UnitTally>;
  areas: string[];
}

export async function loadResults(db: DbOrTx, actor: Actor, code: string): Promise<ResultsData> {
  const limit = readerUnit(actor);
  const campaign = await campaignByCode(db, code);
  const all = await campaignUnits(db, campaign.id);
  const tally = await campaignTally(db, campaign);
  return {
    campaign,
    units: limit === null ? all : all.filter((u) => u.unitId === limit),
    allUnits: limit === null,
    tally,
    areas: campaign.kind === 'officials' ? officialsAreas(campaign.questions) : [],
  };
}

export const tallyOf = (data: ResultsData, unitCode: string): UnitTally => data.tally.get(unitCode) ?? emptyUnitTally();

export function unitRow(data: ResultsData, unit: CampaignUnit): UnitResultRow {
  const t = tallyOf(data, unit.unitCode);
  return { unitCode: unit.unitCode, unitName: unit.unitName, responses: t.responses, target: unit.target, ...indicesOf(t.elements) };
}

function areaScores(areas: readonly string[], tally: Pick<UnitTally, 'areas'>): { areas: (number | null)[]; overall: number | null } {
  const scores = areas.map((area) => {
    const a = tally.areas[area];
    return a ? hundredthsToNumber(meanHundredths(a.weightSum, a.weighted)) : null;
  });
  // Overall: every weighted answer about the unit, as the `officials` measure of a survey criterion counts it.
  const counted = Object.values(tally.areas);
  return {
    areas: scores,
    overall: hundredthsToNumber(
      meanHundredths(
        counted.reduce((sum, a) => sum + a.weightSum, 0),
        counted.reduce((sum, a) => sum + a.weighted, 0),
      ),
    ),
  };
}

/** The campaign's table: each unit the reader sees, the province totals (summed counts) and the officials' areas. */
export function buildCampaignResults(data: ResultsData, now: Date): CampaignResults {
  const rows = data.units.map((u) => unitRow(data, u));
  let province: CampaignResults['province'] = null;
  let officialsProvince: CampaignResults['officialsProvince'] = null;
  if (data.allUnits) {
    const elements = Object.fromEntries(SIPAS_ELEMENTS.map((e) => [e, { satisfied: 0, answered: 0 }])) as Record<SipasElement, SatisfactionCount>;
    const areas: UnitTally['areas'] = {};
    for (const u of data.units) {
      const t = tallyOf(data, u.unitCode);
      for (const e of SIPAS_ELEMENTS) {
        elements[e].satisfied += t.elements[e].satisfied;
        elements[e].answered += t.elements[e].answered;
      }
      for (const [area, a] of Object.entries(t.areas)) {
        const sum = (areas[area] ??= { weightSum: 0, weighted: 0 });
        sum.weightSum += a.weightSum;
        sum.weighted += a.weighted;
      }
    }
    province = {
      responses: rows.reduce((sum, r) => sum + r.responses, 0),
      target: rows.reduce((sum, r) => sum + r.target, 0),
      ...indicesOf(elements),
    };
    if (data.campaign.kind === 'officials') officialsProvince = areaScores(data.areas, { areas });
  }
  const officials: OfficialsRow[] | null =
    data.campaign.kind === 'officials'
      ? data.units.map((u) => {
          const t = tallyOf(data, u.unitCode);
          return { unitCode: u.unitCode, unitName: u.unitName, responses: t.responses, ...areaScores(data.areas, t) };
        })
      : null;
  return {
    campaign: campaignSummary(data.campaign, now),
    units: rows,
    province,
    areas: data.areas,
    officials,
    officialsProvince,
    can: resultsCan(data.allUnits),
  };
}

export async function campaignResults(db: DbOrTx, actor: Actor, code: string, now: Date): Promise<CampaignResults> {
  return buildCampaignResults(await loadResults(db, actor, code), now);
}

/** A unit of the campaign the reader may see, or 404 (another unit's results answer as if there were none). */
export function visibleUnit(data: ResultsData, unitCode: string): CampaignUnit {
  const code = normalizeCode(unitCode);
  const unit = data.units.find((u) => u.unitCode === code);
  if (!unit) throw fail('survey_results_unit_not_found', { unit: code, campaign: data.campaign.code });
  return unit;
}

const hasWeights = (q: SurveyQuestion) => q.options.some((o) => o.weight !== undefined && o.weight !== null);

/** How one unit answered one question: counts per option or scale value, the mean (scale, number) and mean weight. */
export function distribution(q: SurveyQuestion, t: UnitTally): QuestionDistribution {
  const qt = t.questions[q.code];
  const counts = qt?.counts ?? {};
  let values: { value: string; label: string }[] = [];
  if (q.type === 'single' || q.type === 'multi') values = q.options.map((o) => ({ value: o.code, label: o.label }));
  if (q.type === 'scale') {
    values = ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: q.options.find((o) => o.code === v)?.label ?? v }));
  }
  const answered = qt?.answered ?? 0;
  return {
    code: q.code,
    section: q.section,
    text: q.text,
    type: q.type,
    role: q.role,
    answered,
    counts: values.map((v) => ({ ...v, count: counts[v.value] ?? 0 })),
    mean: (q.type === 'scale' || q.type === 'number') && qt ? hundredthsToNumber(meanHundredths(qt.sum, qt.answered)) : null,
    meanWeight: hasWeights(q) && qt ? hundredthsToNumber(meanHundredths(qt.weightSum, qt.weighted)) : null,
  };
}

export function buildUnitResults(data: ResultsData, unit: CampaignUnit, now: Date): UnitResults {
  const t = tallyOf(data, unit.unitCode);
  const questions = data.campaign.questions;
  const profiles = questions
    .filter((q) => q.role === 'profile' && q.type === 'single')
    .map((q) => ({
      question: q.code,
      text: q.text,
      options: q.options.map((o) => {
        const slot = t.profiles[q.code]?.[o.code];
        const counts = slot?.elements ?? emptyUnitTally().elements;
        return { option: o.code, label: o.label, responses: slot?.responses ?? 0, ...indicesOf(counts) };
      }),
    }));
  const scores = areaScores(data.areas, t);
  return {
    campaign: campaignSummary(data.campaign, now),
    unit: unitRow(data, unit),
    profiles,
    questions: questions.map((q) => distribution(q, t)),
    areas: data.areas.map((area, i) => ({ area, score: scores.areas[i]!, answers: t.areas[area]?.weighted ?? 0 })),
    overall: data.campaign.kind === 'officials' ? scores.overall : null,
    can: resultsCan(data.allUnits),
  };
}

export async function unitResults(db: DbOrTx, actor: Actor, code: string, unitCode: string, now: Date): Promise<UnitResults> {
  const data = await loadResults(db, actor, code);
  return buildUnitResults(data, visibleUnit(data, unitCode), now);
}

/** The free-text questions whose answers are about a unit: every text question, or in an officials' survey the rated ones. */
export function textQuestions(campaign: Campaign): SurveyQuestion[] {
  return campaign.questions.filter((q) => q.type === 'text' && (campaign.kind !== 'officials' || q.role !== 'profile'));
}

/**
 * A unit's free-text answers, oldest response first, paged. The text is returned as the respondent wrote it; the web
 * shows it as text (React escapes it), exports write it as a cell's text.
 */
export async function unitTexts(db: DbOrTx, actor: Actor, code: string, unitCode: string, query: TextsQuery): Promise<TextsPage> {
  const limit = readerUnit(actor);
  const campaign = await campaignByCode(db, code);
  const units = await campaignUnits(db, campaign.id);
  const unit = units.find((u) => u.unitCode === normalizeCode(unitCode) && (limit === null || u.unitId === limit));
  if (!unit) throw fail('survey_results_unit_not_found', { unit: normalizeCode(unitCode), campaign: campaign.code });
  const asked = textQuestions(campaign);
  if (query.question !== undefined && !asked.some((q) => q.code === query.question)) {
    throw invalid('question', 'survey_results_question_not_text', { question: query.question });
  }
  const codes = query.question !== undefined ? [query.question] : asked.map((q) => q.code);
  const page = { limit: query.limit, offset: query.offset, questions: asked.map((q) => ({ code: q.code, text: q.text })) };
  if (codes.length === 0) return { items: [], total: 0, ...page };
  const officials = campaign.kind === 'officials';
  const source = officials ? sql`coalesce(r.ratings -> ${unit.unitCode}, '{}'::jsonb)` : sql`r.answers`;
  const about = officials ? sql`r.ratings -> ${unit.unitCode} is not null` : sql`r.unit_id = ${unit.unitId}`;
  const from = sql`from survey_responses r cross join lateral jsonb_each(${source}) as t(key, value)
    where r.campaign_id = ${campaign.id} and r.status = 'submitted' and ${about}
      and jsonb_typeof(t.value) = 'string' and t.value #>> '{}' <> ''
      and t.key in (${sql.join(
        codes.map((c) => sql`${c}`),
        sql`, `,
      )})`;
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n ${from}`);
  const rows = await queryRows<{ id: number | string; key: string; text: string; submitted_at: Date | string | null }>(
    db,
    sql`select r.id, t.key, t.value #>> '{}' as text, r.submitted_at ${from} order by r.id, t.key limit ${query.limit} offset ${query.offset}`,
  );
  return {
    items: rows.map((r) => ({
      responseId: Number(r.id),
      question: r.key,
      text: r.text,
      submittedAt: r.submitted_at === null ? null : new Date(r.submitted_at).toISOString(),
    })),
    total: count?.n ?? 0,
    ...page,
  };
}
