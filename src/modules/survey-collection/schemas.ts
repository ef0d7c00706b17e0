import { z } from 'zod';
import { refineReason } from '../../reasons.js';
import { CampaignState, SurveyKind, SurveyQuestion } from '../surveys/schemas.js';

/**
 * The public collection contract (no login): the form of a unit's counter QR, of a kiosk tablet and of a personal
 * single-use link; starting an anonymous response; saving as the respondent goes; submitting. The public web form
 * (web/src/public-survey) and the tests import these. The server alone judges "once": a response key or a token whose
 * response was submitted answers `state: 'submitted'` whatever the browser holds.
 *
 * Routes (all public; the unguessable key in the URL is the credential):
 *   GET  /api/v1/public/surveys/:slug[?key=K]                 → PublicForm (mode 'qr')
 *   GET  /api/v1/public/surveys/:slug/kiosk/:kioskKey[?key=K] → PublicForm (mode 'kiosk')
 *   GET  /api/v1/public/surveys/t/:token                      → PublicForm (mode 'link')
 *   POST /api/v1/public/surveys/:slug/responses  StartBody    → 201 StartResult
 *   PUT  /api/v1/public/responses/:key           SaveBody     → SaveResult
 *   POST /api/v1/public/responses/:key/submit    SubmitBody   → SubmitResult
 * Staff:
 *   POST /api/v1/surveys/campaigns/:code/units/:unit/kiosk    → KioskResult (the key shown once)
 *   GET  /api/v1/surveys/campaigns/:code/units/:unit/poster.png | poster.pdf
 */

/** Limits of the public routes. */
export const PUBLIC_BODY_LIMIT = 64 * 1024;
/** Anonymous responses one address may start per hour from the counter QR, and from a kiosk tablet. */
export const QR_STARTS_PER_HOUR = 30;
export const KIOSK_STARTS_PER_HOUR = 600;

export const PUBLIC_FORM_MODES = ['qr', 'kiosk', 'link'] as const;
export const PublicFormMode = z.enum(PUBLIC_FORM_MODES);
export type PublicFormMode = z.infer<typeof PublicFormMode>;

/** A response key, a personal token or a kiosk key: base64url, 16–64 characters. */
export const SurveySecret = z
  .string()
  .min(16)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'base64url');
/** A unit's short-link key (/s/<slug>). */
export const SurveySlug = z
  .string()
  .min(4)
  .max(40)
  .regex(/^[a-z0-9]+$/, 'lower-case letters and digits');

export const SlugParams = z.object({ slug: SurveySlug });
export const KioskParams = z.object({ slug: SurveySlug, kioskKey: SurveySecret });
export const TokenParams = z.object({ token: SurveySecret });
export const ResponseKeyParams = z.object({ key: SurveySecret });
/** A returning browser's response key, to resume its draft (QR and kiosk forms). */
export const ResumeQuery = z.object({ key: SurveySecret.optional() });

export const PublicUnit = z.object({ code: z.string(), name: z.string() });
export type PublicUnit = z.infer<typeof PublicUnit>;

export const ResponseState = z.enum(['draft', 'submitted']);
export type ResponseState = z.infer<typeof ResponseState>;

/** A response as its respondent sees it again: the saved answers and the last save number. */
export const PublicResponse = z.object({
  /** The response key (only returned to whoever already holds it; absent for a token, whose key is the token). */
  key: z.string().optional(),
  state: ResponseState,
  answers: z.record(z.string(), z.unknown()),
  /** Officials: per rated unit code, the answers about that unit; {} otherwise. */
  ratings: z.record(z.string(), z.record(z.string(), z.unknown())),
  /** The last save number the server kept; the next save must send a greater one. */
  seq: z.number().int(),
  submittedAt: z.string().nullable().optional(),
});
export type PublicResponse = z.infer<typeof PublicResponse>;

export const PublicForm = z.object({
  mode: PublicFormMode,
  campaign: z.object({
    code: z.string(),
    name: z.string(),
    kind: SurveyKind,
    state: CampaignState,
    closesOn: z.string().describe('local date, YYYY-MM-DD, included'),
  }),
  /** The unit the form is about (QR, kiosk, a unit's token); null for an officials' token. */
  unit: PublicUnit.nullable(),
  /** Officials: the units of the token's group, each rated with the rated questions; [] otherwise. */
  ratedUnits: z.array(PublicUnit),
  /** The campaign's copy of the template's questions. */
  questions: z.array(SurveyQuestion),
  /** The response this browser (key) or this token already has; null when none yet. */
  response: PublicResponse.nullable(),
});
export type PublicForm = z.infer<typeof PublicForm>;

/** POST /public/surveys/:slug/responses: start an anonymous draft (QR, or kiosk when the kiosk key is given). */
export const StartBody = z.object({ kioskKey: SurveySecret.optional() });
export type StartBody = z.infer<typeof StartBody>;
export const StartResult = z.object({ key: z.string() });
export type StartResult = z.infer<typeof StartResult>;

/**
 * Answers as a public form sends them: like the surveys' AnswersBody, but a text may be long here so that the domain's
 * check names the question (`survey_text_too_long`) instead of a generic size error; the route's body limit bounds it.
 */
export const PublicAnswerValue = z.union([z.string().max(PUBLIC_BODY_LIMIT), z.number(), z.array(z.string().max(200)).max(50)]);
export const PublicAnswers = z
  .record(z.string().max(40), PublicAnswerValue.nullable())
  .refine((a) => Object.keys(a).length <= 300, refineReason('too_many_items', { maximum: 300 }));
/** Officials: per rated unit code, the answers about that unit. */
export const PublicRatings = z
  .record(z.string().max(32), PublicAnswers)
  .refine((r) => Object.keys(r).length <= 500, refineReason('too_many_items', { maximum: 500 }));

/** PUT /public/responses/:key: save as you go. `seq` grows with every save of a browser; an older one is ignored. */
export const SaveBody = z.object({
  answers: PublicAnswers,
  ratings: PublicRatings.optional(),
  seq: z.number().int().min(1).max(2_000_000_000),
});
export type SaveBody = z.infer<typeof SaveBody>;
export const SaveResult = z.object({
  /** false when the save was older than (or the same as) the one kept: nothing changed. */
  saved: z.boolean(),
  /** The save number the server now keeps. */
  seq: z.number().int(),
});
export type SaveResult = z.infer<typeof SaveResult>;

/** POST /public/responses/:key/submit: the final answers (checked complete) and mark submitted. */
export const SubmitBody = SaveBody;
export type SubmitBody = z.infer<typeof SubmitBody>;
export const SubmitResult = z.object({ state: z.literal('submitted'), submittedAt: z.string() });
export type SubmitResult = z.infer<typeof SubmitResult>;

/** Staff: a unit's kiosk link, shown once (issuing again replaces the previous key). */
export const CampaignUnitParams = z.object({
  code: z.string().trim().min(1).max(40),
  unit: z.string().trim().min(1).max(32),
});
export const KioskResult = z.object({ url: z.string().describe('/s/<slug>/kiosk/<kioskKey>') });
export type KioskResult = z.infer<typeof KioskResult>;
