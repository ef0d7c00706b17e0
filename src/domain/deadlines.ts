import { reasonText, type MessageParams } from '../errors.js';
import { LOCAL_TIME_ZONE } from './local-time.js';
import { reasons } from './reasons.js';

/** A local calendar date, 'YYYY-MM-DD' (Asia/Ho_Chi_Minh). */
export type LocalDate = string;

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: LOCAL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The local calendar date of an instant: 2025-03-31T17:30Z is already 2025-04-01 in Vietnam. */
export function localDate(instant: Date): LocalDate {
  return dateFormat.format(instant);
}

export const STAGES = ['self_assessment', 'appraisal', 'explanation', 'council'] as const;
export type Stage = (typeof STAGES)[number];

/** The dates of a round, in the cycle's order (the web lists them in this order too). */
export const ROUND_DATE_FIELDS = ['selfAssessmentFrom', 'selfAssessmentTo', 'appraisalTo', 'explanationTo', 'councilTo'] as const;
export type RoundDateField = (typeof ROUND_DATE_FIELDS)[number];

export type RoundDates = Record<RoundDateField, LocalDate>;

/**
 * The windows of a round, all inclusive: self-assessment [from, to]; appraisal from the day after the
 * self-assessment closes; the unit's explanation and the council each up to their own date.
 */
export function stageDeadline(dates: RoundDates, stage: Stage): LocalDate {
  switch (stage) {
    case 'self_assessment':
      return dates.selfAssessmentTo;
    case 'appraisal':
      return dates.appraisalTo;
    case 'explanation':
      return dates.explanationTo;
    case 'council':
      return dates.councilTo;
  }
}

/** The reason a date is refused when it comes before `earlier`, one per earlier date (its label reads in both languages). */
const BEFORE_REASON = {
  selfAssessmentFrom: 'date_before_self_assessment_from',
  selfAssessmentTo: 'date_before_self_assessment_to',
  appraisalTo: 'date_before_appraisal_to',
  explanationTo: 'date_before_explanation_to',
} as const;

export interface RoundDateProblem {
  path: keyof RoundDates;
  code: string;
  params: MessageParams;
  message: string;
}

/** Dates must follow the cycle's order; returns the problems by field, each a reason `{ field, other, date }`. */
export function checkRoundDates(dates: RoundDates): RoundDateProblem[] {
  const order = ROUND_DATE_FIELDS;
  const problems: RoundDateProblem[] = [];
  for (let i = 1; i < order.length; i++) {
    const earlier = order[i - 1] as keyof typeof BEFORE_REASON;
    const later = order[i]!;
    if (dates[later] < dates[earlier]) {
      const text = reasonText(reasons, BEFORE_REASON[earlier], { field: later, other: earlier, date: dates[earlier] });
      problems.push({ path: later, code: text.code, params: text.params!, message: text.message });
    }
  }
  return problems;
}

/**
 * A unit missed its submission when it never submitted and its self-assessment window (its extension included) has
 * closed: it is then appraised on what the appraisers score and ranked "không nộp" (issue 11, domain.md "The yearly cycle").
 */
export function missedSubmission(dates: RoundDates | null, today: LocalDate, submitted: boolean, extendedUntil?: LocalDate | null): boolean {
  if (submitted || !dates) return false;
  const window = stageWindow(dates, 'self_assessment', today, extendedUntil);
  return !window.open && window.reason === 'closed';
}

const DAY_MS = 86_400_000;

/** Calendar days from `today` to `date`, both local dates (negative when `date` has passed). */
export const daysBetween = (today: LocalDate, date: LocalDate) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);

export type WindowState = { open: true; deadline: LocalDate } | { open: false; reason: 'not_started' | 'closed'; deadline: LocalDate; opensOn?: LocalDate };

/**
 * Whether a stage accepts writes on `today` for one unit: until its deadline, or the unit's extension if later.
 * Self-assessment also waits for its first day.
 */
export function stageWindow(dates: RoundDates, stage: Stage, today: LocalDate, extendedUntil?: LocalDate | null): WindowState {
  const base = stageDeadline(dates, stage);
  const deadline = extendedUntil && extendedUntil > base ? extendedUntil : base;
  if (stage === 'self_assessment' && today < dates.selfAssessmentFrom) {
    return { open: false, reason: 'not_started', deadline, opensOn: dates.selfAssessmentFrom };
  }
  return today <= deadline ? { open: true, deadline } : { open: false, reason: 'closed', deadline };
}
