import { divideRoundHalfUp, type Hundredths } from './points.js';

/**
 * Surveys (domain.md "Surveys"): the SIPAS satisfaction survey of citizens and the sociological survey of officials.
 * Pure: templates, answers and their checks, the indices from counts, the sample size, and a survey measure turned
 * into a criterion's points. The surveys module feeds responses in and stores what comes out.
 *
 * Product rules (docs/surveys.md):
 * - an element's satisfaction index = answers of 4 or 5 among that element's answered `satisfaction` questions × 100;
 * - the SIPAS index = the mean of the exact element indices of the elements that have answers, rounded once (two
 *   decimals, half up); empty when no element has answers; perception, expectation, profile and other answers never
 *   count;
 * - an officials' area score = the mean weight (0–100) of the answers about a unit in that area (section); an answer
 *   whose option has no weight (e.g. "no opinion") is not counted;
 * - sample size for N transactions at 5 % error: n = N / (1 + N × 0.05²), rounded up;
 * - points from a measure: linear = max × min(measure, full) / full (full = 100 unless said), or the first band whose
 *   minimum the measure reaches; two decimals, half up; no measure → no points (the criterion is not applicable).
 * Indices are integer hundredths of a percent (87.50 % = 8750), like the PAR index.
 */

export const SURVEY_KINDS = ['sipas', 'officials', 'custom'] as const;
export const QUESTION_TYPES = ['single', 'multi', 'scale', 'number', 'text'] as const;
export const QUESTION_ROLES = ['perception', 'satisfaction', 'expectation', 'profile', 'other'] as const;
/** The five service elements of SIPAS, in the order reports show them. */
export const SIPAS_ELEMENTS = ['access', 'procedure', 'civil_servant', 'result', 'feedback'] as const;
/** Where a response came from. */
export const RESPONSE_SOURCES = ['qr', 'link', 'kiosk', 'paper', 'import'] as const;
/** The ways a campaign collects: the counter QR, personal links, a kiosk tablet, paper forms entered by staff, a file. */
export const SURVEY_CHANNELS = RESPONSE_SOURCES;

export type SurveyKind = (typeof SURVEY_KINDS)[number];
export type QuestionType = (typeof QUESTION_TYPES)[number];
export type QuestionRole = (typeof QUESTION_ROLES)[number];
export type SipasElement = (typeof SIPAS_ELEMENTS)[number];
export type ResponseSource = (typeof RESPONSE_SOURCES)[number];

export const SCALE_MIN = 1;
export const SCALE_MAX = 5;
/** A free-text answer's longest length, in characters. */
export const TEXT_ANSWER_MAX = 2000;
/** Answers of 4 or 5 are "satisfied". */
export const SATISFIED_FROM = 4;

export interface SurveyOption {
  code: string;
  label: string;
  /** 0–100: what choosing this option is worth in an officials' area score; none = not counted. */
  weight?: number | null;
}

export interface ShowIf {
  /** The question this one depends on (asked before it). */
  question: string;
  /** Shown when that question's answer is (single) or includes (multi) one of these option codes, or scale values. */
  anyOf: string[];
}

export interface SurveyQuestion {
  code: string;
  /** A SIPAS element, an officials' reform area, or a free grouping ("profile"). */
  section: string;
  text: string;
  type: QuestionType;
  role: QuestionRole;
  required: boolean;
  options: SurveyOption[];
  showIf?: ShowIf | null;
}

export interface SurveyTemplateContent {
  code: string;
  name: string;
  kind: SurveyKind;
  questions: SurveyQuestion[];
}

/** One answer: an option code (single), option codes (multi), 1–5 (scale), a number, or a text. */
export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue>;
/** An officials' response: per rated unit code, the answers about that unit. */
export type Ratings = Record<string, Answers>;

/** A problem with a template or an answer, as a reason of the catalogue (surveys module) and its parameters. */
export interface SurveyIssue {
  /** Where: a question code (answers), or `questions.<i>.<field>` (templates); a unit code prefix for ratings. */
  field: string;
  reason: string;
  params?: Record<string, string | number>;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

/** Checks a template: codes unique and well formed, options where the type needs them, weights 0–100, show-if valid. */
export function checkTemplate(template: SurveyTemplateContent): SurveyIssue[] {
  const issues: SurveyIssue[] = [];
  if (!CODE.test(template.code)) issues.push({ field: 'code', reason: 'survey_code_invalid', params: { value: template.code } });
  if (template.questions.length === 0) issues.push({ field: 'questions', reason: 'survey_template_no_questions' });
  const seen = new Map<string, SurveyQuestion>();
  template.questions.forEach((q, i) => {
    const at = `questions.${i}`;
    if (!CODE.test(q.code)) issues.push({ field: `${at}.code`, reason: 'survey_code_invalid', params: { value: q.code } });
    else if (seen.has(q.code)) issues.push({ field: `${at}.code`, reason: 'survey_question_twice', params: { question: q.code } });
    if (template.kind === 'sipas' && q.role === 'satisfaction' && !(SIPAS_ELEMENTS as readonly string[]).includes(q.section)) {
      issues.push({ field: `${at}.section`, reason: 'survey_sipas_section_unknown', params: { question: q.code, section: q.section } });
    }
    if ((q.role === 'satisfaction' || q.role === 'perception' || q.role === 'expectation') && template.kind === 'sipas' && q.type !== 'scale') {
      issues.push({ field: `${at}.type`, reason: 'survey_sipas_question_not_scale', params: { question: q.code } });
    }
    const needsOptions = q.type === 'single' || q.type === 'multi';
    if (needsOptions && q.options.length === 0) issues.push({ field: `${at}.options`, reason: 'survey_question_no_options', params: { question: q.code } });
    if (!needsOptions && q.type !== 'scale' && q.options.length > 0) {
      issues.push({ field: `${at}.options`, reason: 'survey_question_options_unused', params: { question: q.code, type: q.type } });
    }
    const optionCodes = new Set<string>();
    q.options.forEach((o, j) => {
      if (!CODE.test(o.code)) issues.push({ field: `${at}.options.${j}.code`, reason: 'survey_code_invalid', params: { value: o.code } });
      else if (optionCodes.has(o.code))
        issues.push({ field: `${at}.options.${j}.code`, reason: 'survey_option_twice', params: { question: q.code, option: o.code } });
      optionCodes.add(o.code);
      if (q.type === 'scale' && !isScaleCode(o.code)) {
        issues.push({ field: `${at}.options.${j}.code`, reason: 'survey_scale_option_invalid', params: { question: q.code, option: o.code } });
      }
      if (o.weight !== undefined && o.weight !== null && !(Number.isInteger(o.weight) && o.weight >= 0 && o.weight <= 100)) {
        issues.push({ field: `${at}.options.${j}.weight`, reason: 'survey_weight_invalid', params: { question: q.code, option: o.code } });
      }
    });
    if (q.showIf) {
      const target = seen.get(q.showIf.question);
      if (!target) issues.push({ field: `${at}.showIf`, reason: 'survey_show_if_unknown', params: { question: q.code, depends: q.showIf.question } });
      else if (target.type !== 'single' && target.type !== 'multi' && target.type !== 'scale') {
        issues.push({ field: `${at}.showIf`, reason: 'survey_show_if_not_choice', params: { question: q.code, depends: target.code } });
      } else {
        const known = new Set(target.type === 'scale' ? ['1', '2', '3', '4', '5'] : target.options.map((o) => o.code));
        const unknown = q.showIf.anyOf.filter((v) => !known.has(v));
        if (unknown.length > 0 || q.showIf.anyOf.length === 0) {
          issues.push({ field: `${at}.showIf`, reason: 'survey_show_if_option_unknown', params: { question: q.code, option: unknown.join(', ') } });
        }
      }
    }
    if (!seen.has(q.code)) seen.set(q.code, q);
  });
  return issues;
}

const isScaleCode = (code: string) => /^[1-5]$/.test(code);

/** Whether a question is shown given the answers so far (a question without a condition always is). */
export function isShown(question: SurveyQuestion, answers: Answers): boolean {
  if (!question.showIf) return true;
  const given = answers[question.showIf.question];
  if (given === undefined) return false;
  const values = Array.isArray(given) ? given : [String(given)];
  return values.some((v) => question.showIf!.anyOf.includes(v));
}

/**
 * Reads one answer as the question's type wants it: option codes are matched exactly, and also by their position
 * (1 = the first option) when a number is given, as paper forms and files write them. Returns the value or an issue.
 */
export function readAnswer(question: SurveyQuestion, raw: unknown): { value: AnswerValue } | { issue: SurveyIssue } {
  const bad = (reason: string, params: Record<string, string | number> = {}) => ({
    issue: { field: question.code, reason, params: { question: question.code, ...params } },
  });
  const optionOf = (value: unknown): string | null => {
    const text = String(value).trim();
    const exact = question.options.find((o) => o.code === text) ?? question.options.find((o) => o.code.toLowerCase() === text.toLowerCase());
    if (exact) return exact.code;
    if (/^\d+$/.test(text)) return question.options[Number(text) - 1]?.code ?? null;
    return null;
  };
  switch (question.type) {
    case 'scale': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < SCALE_MIN || n > SCALE_MAX) return bad('survey_scale_out_of_range', { value: shortText(raw) });
      return { value: n };
    }
    case 'number': {
      const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim().replace(',', '.') : '';
      const n = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
      if (!Number.isFinite(n) || Math.abs(n) > 1e9) return bad('survey_number_invalid', { value: shortText(raw) });
      return { value: n };
    }
    case 'text': {
      if (typeof raw !== 'string') return bad('survey_text_invalid');
      const text = raw.trim();
      if (text.length > TEXT_ANSWER_MAX) return bad('survey_text_too_long', { maximum: TEXT_ANSWER_MAX });
      return { value: text };
    }
    case 'single': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return bad('survey_option_unknown', { value: shortText(raw) });
      const code = optionOf(raw);
      return code === null ? bad('survey_option_unknown', { value: shortText(raw) }) : { value: code };
    }
    case 'multi': {
      const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(';') : [raw];
      const codes: string[] = [];
      for (const item of list) {
        if (typeof item === 'string' && item.trim() === '') continue;
        const code = typeof item === 'string' || typeof item === 'number' ? optionOf(item) : null;
        if (code === null) return bad('survey_option_unknown', { value: shortText(item) });
        if (!codes.includes(code)) codes.push(code);
      }
      return { value: codes };
    }
  }
}

function shortText(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const isEmpty = (raw: unknown) =>
  raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0);

/**
 * Checks a set of answers against the questions: unknown question codes, values the type refuses, and (when `complete`)
 * required questions that are shown but unanswered. Answers to questions that are not shown are dropped. Returns the
 * answers as stored (empty answers left out) and every issue.
 */
export function checkAnswers(
  questions: readonly SurveyQuestion[],
  raw: Record<string, unknown>,
  options: { complete: boolean; questionFilter?: (q: SurveyQuestion) => boolean },
): { answers: Answers; issues: SurveyIssue[] } {
  const asked = options.questionFilter ? questions.filter(options.questionFilter) : questions;
  const byCode = new Map(asked.map((q) => [q.code, q]));
  const issues: SurveyIssue[] = [];
  for (const code of Object.keys(raw)) {
    if (!byCode.has(code)) issues.push({ field: code, reason: 'survey_question_unknown', params: { question: code } });
  }
  const answers: Answers = {};
  for (const q of asked) {
    if (!isShown(q, answers)) continue;
    const given = raw[q.code];
    if (isEmpty(given)) {
      if (options.complete && q.required) issues.push({ field: q.code, reason: 'survey_answer_required', params: { question: q.code } });
      continue;
    }
    const read = readAnswer(q, given);
    if ('issue' in read) issues.push(read.issue);
    else if (!(Array.isArray(read.value) && read.value.length === 0)) answers[q.code] = read.value;
    // A multi-choice given only separators (" ; ") is no answer: a required one is still missing.
    else if (options.complete && q.required) issues.push({ field: q.code, reason: 'survey_answer_required', params: { question: q.code } });
  }
  return { answers, issues };
}

/** In an officials' survey the questions asked once per respondent are the profile ones; the others are asked per rated unit. */
export const isRatedQuestion = (q: SurveyQuestion) => q.role !== 'profile';

/** n = N / (1 + N × 0.05²) = 400N / (400 + N), rounded up; 0 for no transactions. */
export function sampleSize(transactions: number): number {
  if (!Number.isInteger(transactions) || transactions < 0) throw new RangeError('transactions must be a non-negative integer');
  if (transactions === 0) return 0;
  return Math.ceil((400 * transactions) / (400 + transactions));
}

/** Satisfied answers among answered ones, for one element (or any group of satisfaction questions). */
export interface SatisfactionCount {
  satisfied: number;
  answered: number;
}

/** An element's index in hundredths of a percent, half up; null without answers. */
export function elementIndex(count: SatisfactionCount): number | null {
  return count.answered === 0 ? null : divideRoundHalfUp(count.satisfied * 10_000, count.answered);
}

/**
 * The SIPAS index in hundredths of a percent: the mean of the exact element indices of the elements with answers,
 * computed as one fraction (BigInt, no intermediate rounding) and rounded once, half up. Null when no element has answers.
 */
export function sipasIndex(counts: readonly SatisfactionCount[]): number | null {
  const present = counts.filter((c) => c.answered > 0);
  if (present.length === 0) return null;
  // mean = Σ (s_i / a_i) × 100 / k = (Σ s_i × Π_{j≠i} a_j) × 100 / (k × Π a_j); in hundredths of a percent: × 10,000.
  let numerator = 0n;
  let denominator = 1n;
  for (const c of present) {
    numerator = numerator * BigInt(c.answered) + BigInt(c.satisfied) * denominator;
    denominator *= BigInt(c.answered);
  }
  numerator *= 10_000n;
  denominator *= BigInt(present.length);
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** A mean in hundredths, half up (e.g. a mean weight of 73.333… → 7333); null when nothing was counted. */
export function meanHundredths(sum: number, count: number): number | null {
  return count === 0 ? null : divideRoundHalfUp(Math.round(sum * 100), count);
}

/** What a `survey` criterion measures. */
export type SurveyMeasure =
  | { kind: 'sipas' }
  | { kind: 'element'; element: SipasElement }
  | { kind: 'area'; area: string }
  /** An officials' survey over all its areas: the mean weight of every weighted answer about the unit. */
  | { kind: 'officials' }
  | { kind: 'question'; question: string };

/** How a measure becomes points. */
export type PointsMapping = { kind: 'linear'; full?: number } | { kind: 'bands'; bands: { min: number; points: number }[] };

/**
 * Points (hundredths) from a measure in hundredths (e.g. an index 87.50 → 8750) for a criterion of `maxPoints`
 * hundredths. Linear: max × min(measure, full) / full, half up; bands: the points of the highest band reached, at most
 * the max. A negative measure counts as 0.
 */
export function measurePoints(measure: number, mapping: PointsMapping, maxPoints: Hundredths): Hundredths {
  const value = Math.max(0, measure);
  if (mapping.kind === 'linear') {
    const full = Math.round((mapping.full ?? 100) * 100);
    if (full <= 0) throw new RangeError('full must be positive');
    return divideRoundHalfUp(maxPoints * Math.min(value, full), full);
  }
  const reached = [...mapping.bands].sort((a, b) => b.min - a.min).find((band) => value >= Math.round(band.min * 100));
  return reached ? Math.min(maxPoints, Math.round(reached.points * 100)) : 0;
}

/** Checks a criterion's survey link against its maximum: bands descending in minimum, points within [0, max]. */
export function checkMapping(mapping: PointsMapping, maxPoints: Hundredths): SurveyIssue[] {
  if (mapping.kind === 'linear') {
    return mapping.full !== undefined && !(mapping.full > 0) ? [{ field: 'mapping.full', reason: 'survey_mapping_full_invalid' }] : [];
  }
  const issues: SurveyIssue[] = [];
  if (mapping.bands.length === 0) issues.push({ field: 'mapping.bands', reason: 'survey_mapping_no_bands' });
  mapping.bands.forEach((band, i) => {
    if (!(Math.round(band.points * 100) >= 0 && Math.round(band.points * 100) <= maxPoints)) {
      issues.push({ field: `mapping.bands.${i}.points`, reason: 'survey_mapping_points_over_max', params: { points: band.points, max: maxPoints / 100 } });
    }
  });
  return issues;
}

/** Counts for one question: answers, per option code (or scale value), and sums for means. */
export interface QuestionTally {
  answered: number;
  counts: Record<string, number>;
  /** Sum of numbers or scale values (number, scale). */
  sum: number;
  /** Sum and count of the weights of chosen options that have a weight (single, multi). */
  weightSum: number;
  weighted: number;
}

/** What one unit's responses add up to. */
export interface UnitTally {
  responses: number;
  questions: Record<string, QuestionTally>;
  /** SIPAS: satisfaction counts per element. */
  elements: Record<SipasElement, SatisfactionCount>;
  /** Officials (and any weighted questions): per section, the sum and count of weights. */
  areas: Record<string, { weightSum: number; weighted: number }>;
  /** Per profile question, per option: responses and element counts, for results by respondent profile. */
  profiles: Record<string, Record<string, { responses: number; elements: Record<SipasElement, SatisfactionCount> }>>;
}

const noElements = (): Record<SipasElement, SatisfactionCount> =>
  Object.fromEntries(SIPAS_ELEMENTS.map((e) => [e, { satisfied: 0, answered: 0 }])) as Record<SipasElement, SatisfactionCount>;

export const emptyUnitTally = (): UnitTally => ({ responses: 0, questions: {}, elements: noElements(), areas: {}, profiles: {} });

/**
 * Adds responses up per unit, one at a time (the module feeds them page by page, so memory stays bounded). A SIPAS or
 * custom response counts for its unit; an officials' response counts for each unit it rates, with its profile answers.
 */
export class SurveyTally {
  private readonly units = new Map<string, UnitTally>();
  private readonly byCode: Map<string, SurveyQuestion>;
  private readonly profileQuestions: SurveyQuestion[];

  constructor(
    private readonly kind: SurveyKind,
    questions: readonly SurveyQuestion[],
  ) {
    this.byCode = new Map(questions.map((q) => [q.code, q]));
    this.profileQuestions = questions.filter((q) => q.role === 'profile' && q.type === 'single');
  }

  /** The tally of a unit (created empty), so units of a campaign without responses still appear. */
  unit(code: string): UnitTally {
    let tally = this.units.get(code);
    if (!tally) this.units.set(code, (tally = emptyUnitTally()));
    return tally;
  }

  add(response: { unitCode: string | null; answers: Answers; ratings?: Ratings | null }): void {
    if (this.kind === 'officials') {
      for (const [unitCode, about] of Object.entries(response.ratings ?? {})) {
        this.count(this.unit(unitCode), { ...about, ...pickProfile(response.answers, this.profileQuestions) });
      }
      return;
    }
    if (response.unitCode !== null) this.count(this.unit(response.unitCode), response.answers);
  }

  private count(tally: UnitTally, answers: Answers): void {
    tally.responses += 1;
    const elements = noElements();
    for (const [code, value] of Object.entries(answers)) {
      const q = this.byCode.get(code);
      if (!q) continue;
      const t = (tally.questions[code] ??= { answered: 0, counts: {}, sum: 0, weightSum: 0, weighted: 0 });
      t.answered += 1;
      const chosen = Array.isArray(value) ? value : [value];
      if (q.type === 'scale' || q.type === 'number') t.sum += Number(value);
      if (q.type !== 'text' && q.type !== 'number') for (const v of chosen) t.counts[String(v)] = (t.counts[String(v)] ?? 0) + 1;
      if (q.type === 'single' || q.type === 'multi') {
        for (const v of chosen) {
          const weight = q.options.find((o) => o.code === v)?.weight;
          if (weight === undefined || weight === null) continue;
          t.weightSum += weight;
          t.weighted += 1;
          const area = (tally.areas[q.section] ??= { weightSum: 0, weighted: 0 });
          area.weightSum += weight;
          area.weighted += 1;
        }
      }
      if (q.role === 'satisfaction' && q.type === 'scale' && (SIPAS_ELEMENTS as readonly string[]).includes(q.section)) {
        const e = elements[q.section as SipasElement];
        e.answered += 1;
        if (Number(value) >= SATISFIED_FROM) e.satisfied += 1;
      }
    }
    for (const e of SIPAS_ELEMENTS) {
      tally.elements[e].answered += elements[e].answered;
      tally.elements[e].satisfied += elements[e].satisfied;
    }
    for (const q of this.profileQuestions) {
      const option = answers[q.code];
      if (typeof option !== 'string') continue;
      const byOption = (tally.profiles[q.code] ??= {});
      const slot = (byOption[option] ??= { responses: 0, elements: noElements() });
      slot.responses += 1;
      for (const e of SIPAS_ELEMENTS) {
        slot.elements[e].answered += elements[e].answered;
        slot.elements[e].satisfied += elements[e].satisfied;
      }
    }
  }

  /** Every unit's tally, by unit code. */
  result(): Map<string, UnitTally> {
    return this.units;
  }
}

function pickProfile(answers: Answers, profile: readonly SurveyQuestion[]): Answers {
  const picked: Answers = {};
  for (const q of profile) if (answers[q.code] !== undefined) picked[q.code] = answers[q.code]!;
  return picked;
}

/** The indices of one unit's tally: each element's and the SIPAS index (hundredths of a percent, null when empty). */
export function unitIndices(tally: UnitTally): { elements: Record<SipasElement, number | null>; sipas: number | null } {
  const elements = Object.fromEntries(SIPAS_ELEMENTS.map((e) => [e, elementIndex(tally.elements[e])])) as Record<SipasElement, number | null>;
  return { elements, sipas: sipasIndex(SIPAS_ELEMENTS.map((e) => tally.elements[e])) };
}

/**
 * A measure's value for one unit, in hundredths (an index or a mean weight in hundredths of a percent; a question's
 * mean in hundredths of its unit), or null when it has nothing to measure.
 */
export function measureValue(measure: SurveyMeasure, tally: UnitTally | undefined, questions: readonly SurveyQuestion[]): number | null {
  if (!tally || tally.responses === 0) return null;
  switch (measure.kind) {
    case 'sipas':
      return unitIndices(tally).sipas;
    case 'element':
      return elementIndex(tally.elements[measure.element]);
    case 'area': {
      const area = tally.areas[measure.area];
      return area ? meanHundredths(area.weightSum, area.weighted) : null;
    }
    case 'officials': {
      const all = Object.values(tally.areas);
      return meanHundredths(
        all.reduce((sum, a) => sum + a.weightSum, 0),
        all.reduce((sum, a) => sum + a.weighted, 0),
      );
    }
    case 'question': {
      const q = questions.find((x) => x.code === measure.question);
      const t = tally.questions[measure.question];
      if (!q || !t) return null;
      if (q.type === 'scale' || q.type === 'number') return meanHundredths(t.sum, t.answered);
      return meanHundredths(t.weightSum, t.weighted);
    }
  }
}
