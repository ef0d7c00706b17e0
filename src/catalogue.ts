import { type MessageParams, fillMessage, type ReasonDefinition } from './errors.js';
import { commonReasons, type IssueLike, issueReason } from './reasons.js';
import { reasons as domainReasons } from './domain/reasons.js';
import { reasons as ioReasons } from './io/reasons.js';
import { reasons as apologyReasons } from './modules/apology/reasons.js';
import { reasons as assessmentsReasons } from './modules/assessments/reasons.js';
import { reasons as authReasons, roleName } from './modules/auth/reasons.js';
import { reasons as backupReasons } from './modules/backup/reasons.js';
import { reasons as blocksReasons } from './modules/blocks/reasons.js';
import { reasons as calendarReasons } from './modules/calendar/reasons.js';
import { reasons as dossiersReasons } from './modules/dossiers/reasons.js';
import { reasons as filesReasons } from './modules/files/reasons.js';
import { reasons as frameworksReasons } from './modules/frameworks/reasons.js';
import { reasons as homeReasons } from './modules/home/reasons.js';
import { reasons as plansReasons } from './modules/plans/reasons.js';
import { reasons as periodicReportsReasons } from './modules/periodic-reports/reasons.js';
import { reasons as remindersReasons } from './modules/reminders/reasons.js';
import { reasons as inspectionsReasons } from './modules/inspections/reasons.js';
import { reasons as proceduresReasons } from './modules/procedures/reasons.js';
import { reasons as registersReasons } from './modules/registers/reasons.js';
import { reasons as resultsReasons } from './modules/results/reasons.js';
import { reasons as roundsReasons } from './modules/rounds/reasons.js';
import { reasons as surveysReasons } from './modules/surveys/reasons.js';
import { reasons as surveyResultsReasons } from './modules/survey-results/reasons.js';
import { reasons as surveyCollectionReasons } from './modules/survey-collection/reasons.js';
import { reasons as surveyCampaignsReasons } from './modules/survey-campaigns/reasons.js';
import { reasons as surveyTemplatesReasons } from './modules/survey-templates/reasons.js';
import { reasons as surveyEntryReasons } from './modules/survey-entry/reasons.js';
import { reasons as timelinessReasons } from './modules/timeliness/reasons.js';
import { reasons as unitsReasons } from './modules/units/reasons.js';
import { reasons as usersReasons } from './modules/users/reasons.js';

/**
 * Every reason the server can give, by the group that defines it. Pure data: the web bundles this file for its
 * messages (errors.<reason>), the CLI prints from it, and test/catalogue.test.ts checks that no reason is defined
 * twice and that both languages name the same parameters.
 */
export const REASON_GROUPS: Record<string, Record<string, ReasonDefinition>> = {
  common: commonReasons,
  domain: domainReasons,
  io: ioReasons,
  apology: apologyReasons,
  assessments: assessmentsReasons,
  auth: authReasons,
  backup: backupReasons,
  blocks: blocksReasons,
  calendar: calendarReasons,
  dossiers: dossiersReasons,
  files: filesReasons,
  frameworks: frameworksReasons,
  home: homeReasons,
  plans: plansReasons,
  periodicReports: periodicReportsReasons,
  reminders: remindersReasons,
  inspections: inspectionsReasons,
  procedures: proceduresReasons,
  registers: registersReasons,
  results: resultsReasons,
  rounds: roundsReasons,
  surveys: surveysReasons,
  surveyResults: surveyResultsReasons,
  surveyCollection: surveyCollectionReasons,
  surveyCampaigns: surveyCampaignsReasons,
  surveyTemplates: surveyTemplatesReasons,
  surveyEntry: surveyEntryReasons,
  timeliness: timelinessReasons,
  units: unitsReasons,
  users: usersReasons,
};

export type Language = 'vi' | 'en';

/** All reasons in one map (a reason defined twice keeps the first; the catalogue test forbids it). */
export const CATALOGUE: Record<string, ReasonDefinition> = Object.assign({}, ...Object.values(REASON_GROUPS).reverse());

/** The messages of one language, `{{param}}` placeholders left in (i18next fills them the same way). */
export function messagesIn(language: Language): Record<string, string> {
  return Object.fromEntries(Object.entries(CATALOGUE).map(([reason, definition]) => [reason, definition[language]]));
}

const DECIMAL = /^-?\d+\.\d+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * The parameters that carry amounts: only these get a decimal comma. Others name things, and a criterion code
 * "1.1" or "2.10", a procedure code or a version is not the number 1,1.
 */
const AMOUNT_NAMES = /^(min|max|minimum|maximum|score|sum|points|divisor|current|given|expected|limit|megabytes|seconds|days|rate|index|total|weight)$/;

/**
 * A parameter as the language writes it. Vietnamese writes a decimal comma ("1,00" điểm) and dates day first
 * ("15/12/2026"); English keeps "1.00" and ISO dates. Only whole values are rewritten: a decimal number or a
 * date, never a code or a quoted user value that merely contains one.
 */
export function localizeParam(value: MessageParams[string], language: Language, name: string): MessageParams[string] {
  if (language === 'en' || value === null || typeof value === 'boolean') return value;
  const amount = AMOUNT_NAMES.test(name);
  if (typeof value === 'number') return amount && !Number.isInteger(value) ? String(value).replace('.', ',') : value;
  if (amount && DECIMAL.test(value)) return value.replace('.', ',');
  const date = ISO_DATE.exec(value);
  return date ? `${date[3]}/${date[2]}/${date[1]}` : value;
}

export function localizeParams(params: MessageParams | null | undefined, language: Language): MessageParams | undefined {
  if (!params) return undefined;
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      // A role is written by its name in the language ("cán bộ đơn vị"), never by its code.
      name === 'role' && typeof value === 'string' ? roleName(value, language) : localizeParam(value, language, name),
    ]),
  );
}

/** A reason's text in a language, filled with its parameters (written the language's way); null for an unknown reason. */
export function reasonMessage(reason: string, params: MessageParams | null | undefined, language: Language): string | null {
  const definition = CATALOGUE[reason];
  return definition ? fillMessage(definition[language], localizeParams(params, language)) : null;
}

/** A zod issue as `{ code, params, message }`, the message in English from the catalogue. */
export function describeIssue(issue: IssueLike): { code: string; params?: MessageParams; message: string } {
  const described = issueReason(issue);
  const english = reasonMessage(described.code, described.params, 'en');
  return english ? { ...described, message: english } : { ...described, code: 'invalid', message: described.message };
}
