import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction, queryRows, type Tx } from '../../db/client.js';
import { settings, surveyCampaigns, surveyCampaignUnits, surveyGroupUnits, surveyResponses, surveyTokens, units } from '../../db/schema.js';
import { type Answers, checkAnswers, isRatedQuestion, type Ratings, type SurveyIssue, type SurveyQuestion } from '../../domain/surveys.js';
import { issuesRejected, type MessageParams, reasonText } from '../../errors.js';
import { type Campaign, campaignAtVersion, campaignById, campaignState } from '../surveys/campaigns.js';
import { hashSurveyKey, newSurveyKey } from '../surveys/keys.js';
import { reasons as surveyReasons } from '../surveys/reasons.js';
import { fail, reasons as collectionReasons } from './reasons.js';
import {
  KIOSK_STARTS_PER_HOUR,
  type PublicForm,
  type PublicFormMode,
  type PublicResponse,
  type PublicUnit,
  QR_STARTS_PER_HOUR,
  type SaveBody,
  type SaveResult,
  type StartResult,
  type SubmitResult,
} from './schemas.js';

/**
 * The public collection (no login). The server alone judges "once": an anonymous response (counter QR, kiosk) is found
 * again by its resume key, a personal link's response by its token, and either, once submitted, refuses every later
 * save or submit — from any browser. Saves carry a growing number so that a late retry never overwrites a newer save.
 * The submit marks the response in one transaction holding its row lock, so two submits at once cannot both win.
 */

type ResponseRow = typeof surveyResponses.$inferSelect;
type TokenRow = typeof surveyTokens.$inferSelect;

interface UnitRef {
  id: number;
  code: string;
  name: string;
}

/** What a request needs to know about its caller: the time now and its network address (for the rate limit only). */
export interface CollectionContext {
  now: Date;
  clientIp: string;
}

const HOUR_MS = 3_600_000;
const allReasons = { ...surveyReasons, ...collectionReasons };

// ---------------------------------------------------------------------------------------------------------------
// Finding the form: a unit's short link, a kiosk key, a personal token, a response key.

async function unitOfSlug(db: DbOrTx, slug: string) {
  const [row] = await db
    .select({
      campaignId: surveyCampaignUnits.campaignId,
      unitId: surveyCampaignUnits.unitId,
      code: units.code,
      name: units.name,
      kioskKeyHash: surveyCampaignUnits.kioskKeyHash,
    })
    .from(surveyCampaignUnits)
    .innerJoin(units, eq(units.id, surveyCampaignUnits.unitId))
    .where(eq(surveyCampaignUnits.slug, slug))
    .limit(1);
  if (!row) throw fail('survey_link_unknown');
  return row;
}

async function unitById(db: DbOrTx, id: number | null): Promise<UnitRef | null> {
  if (id === null) return null;
  const [row] = await db.select({ id: units.id, code: units.code, name: units.name }).from(units).where(eq(units.id, id)).limit(1);
  return row ?? null;
}

/** The units an officials' token rates: those of its respondent group, by code. */
async function ratedUnitsOf(db: DbOrTx, campaign: Campaign, groupId: number | null): Promise<UnitRef[]> {
  if (campaign.kind !== 'officials' || groupId === null) return [];
  return db
    .select({ id: units.id, code: units.code, name: units.name })
    .from(surveyGroupUnits)
    .innerJoin(units, eq(units.id, surveyGroupUnits.unitId))
    .where(eq(surveyGroupUnits.groupId, groupId))
    .orderBy(asc(units.code));
}

async function tokenOf(db: DbOrTx, secret: string): Promise<TokenRow | null> {
  const [row] = await db
    .select()
    .from(surveyTokens)
    .where(eq(surveyTokens.tokenHash, hashSurveyKey(secret)))
    .limit(1);
  return row ?? null;
}

async function responseOfKey(db: DbOrTx, secret: string): Promise<ResponseRow | null> {
  const [row] = await db
    .select()
    .from(surveyResponses)
    .where(eq(surveyResponses.keyHash, hashSurveyKey(secret)))
    .limit(1);
  return row ?? null;
}

const unitView = (unit: UnitRef | null): PublicUnit | null => (unit ? { code: unit.code, name: unit.name } : null);

function responseView(row: ResponseRow | null, key: string | undefined, token?: TokenRow): PublicResponse | null {
  if (!row) {
    // A used token whose response is gone (its campaign's responses were cleared) still says it was used.
    return token?.usedAt ? { state: 'submitted', answers: {}, ratings: {}, seq: 0, submittedAt: token.usedAt.toISOString() } : null;
  }
  const submitted = row.status === 'submitted' || Boolean(token?.usedAt);
  return {
    ...(key ? { key } : {}),
    state: submitted ? 'submitted' : 'draft',
    answers: row.answers ?? {},
    ratings: row.ratings ?? {},
    seq: row.saveSeq,
    submittedAt: (row.submittedAt ?? token?.usedAt ?? null)?.toISOString() ?? null,
  };
}

function formView(
  mode: PublicFormMode,
  campaign: Campaign,
  now: Date,
  unit: UnitRef | null,
  ratedUnits: UnitRef[],
  response: PublicResponse | null,
): PublicForm {
  return {
    mode,
    campaign: { code: campaign.code, name: campaign.name, kind: campaign.kind, state: campaignState(campaign, now), closesOn: campaign.closesOn },
    unit: unitView(unit),
    ratedUnits: ratedUnits.map((u) => ({ code: u.code, name: u.name })),
    questions: campaign.questions,
    response,
  };
}

function requireChannel(campaign: Campaign, channel: 'qr' | 'kiosk' | 'link') {
  if (!campaign.channels.includes(channel)) throw fail('survey_channel_unavailable', { campaign: campaign.code, channel });
}

function requireOpen(campaign: Campaign, now: Date) {
  const state = campaignState(campaign, now);
  if (state === 'closed') throw fail('survey_campaign_closed', { campaign: campaign.code });
  if (state === 'scheduled') throw fail('survey_campaign_not_open', { campaign: campaign.code, opensOn: campaign.opensOn });
}

function kioskMatches(kioskKeyHash: string | null, kioskKey: string): boolean {
  return kioskKeyHash !== null && kioskKeyHash === hashSurveyKey(kioskKey);
}

/**
 * The form of a unit's counter QR (or, with its kiosk key, of its kiosk tablet); with `key`, the browser's response
 * found again (null when the key is not one of this unit's responses: the browser then starts anew).
 */
export async function slugForm(db: Db, input: { slug: string; kioskKey?: string; key?: string }, now: Date): Promise<PublicForm> {
  const unit = await unitOfSlug(db, input.slug);
  const mode = input.kioskKey === undefined ? 'qr' : 'kiosk';
  if (input.kioskKey !== undefined && !kioskMatches(unit.kioskKeyHash, input.kioskKey)) throw fail('survey_kiosk_key_unknown');
  const campaign = await campaignById(db, unit.campaignId);
  requireChannel(campaign, mode);
  let response: PublicResponse | null = null;
  if (input.key) {
    const row = await responseOfKey(db, input.key);
    if (row && row.campaignId === campaign.id && row.unitId === unit.unitId) response = responseView(row, input.key);
  }
  return formView(mode, campaign, now, { id: unit.unitId, code: unit.code, name: unit.name }, [], response);
}

/** The form of a personal single-use link, with the token's response as the server has it. */
export async function tokenForm(db: Db, token: string, now: Date): Promise<PublicForm> {
  const row = await tokenOf(db, token);
  if (!row) throw fail('survey_token_unknown');
  const campaign = await campaignById(db, row.campaignId);
  const [response] = await db.select().from(surveyResponses).where(eq(surveyResponses.tokenId, row.id)).limit(1);
  const view = responseView(response ?? null, undefined, row);
  if (view?.state !== 'submitted') requireChannel(campaign, 'link');
  const [unit, ratedUnits] = await Promise.all([unitById(db, row.unitId), ratedUnitsOf(db, campaign, row.groupId)]);
  return formView('link', campaign, now, unit, ratedUnits, view);
}

// ---------------------------------------------------------------------------------------------------------------
// Starting an anonymous response, with the rate limit kept in PostgreSQL (shared by every app server).

const secrets = new WeakMap<object, Promise<string>>();
const SECRET_SETTING = 'survey_collection.client_secret';

/** The server secret mixed into client address hashes: made once per database (settings), so every app server agrees. */
function clientSecret(db: Db): Promise<string> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = (async () => {
      await db
        .insert(settings)
        .values({ key: SECRET_SETTING, value: randomBytes(32).toString('base64url') })
        .onConflictDoNothing({ target: settings.key });
      const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SECRET_SETTING));
      return String(row!.value);
    })();
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

export async function clientHash(db: Db, ip: string): Promise<string> {
  return createHash('sha256')
    .update(`${await clientSecret(db)}\n${ip}`)
    .digest('hex');
}

/**
 * Starts a draft for the counter QR, or for the kiosk tablet when its key is given. At most QR_STARTS_PER_HOUR drafts
 * per client address and hour from the QR (KIOSK_STARTS_PER_HOUR from a kiosk), counted in the database under a
 * per-address lock, so parallel requests and several app servers count together.
 */
export async function startResponse(db: Db, input: { slug: string; kioskKey?: string }, context: CollectionContext): Promise<StartResult> {
  const unit = await unitOfSlug(db, input.slug);
  const source = input.kioskKey === undefined ? 'qr' : 'kiosk';
  if (input.kioskKey !== undefined && !kioskMatches(unit.kioskKeyHash, input.kioskKey)) throw fail('survey_kiosk_key_unknown');
  const campaign = await campaignById(db, unit.campaignId);
  requireChannel(campaign, source);
  requireOpen(campaign, context.now);
  const client = await clientHash(db, context.clientIp);
  const limit = source === 'kiosk' ? KIOSK_STARTS_PER_HOUR : QR_STARTS_PER_HOUR;
  const key = newSurveyKey();
  await inTransaction(db, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`survey-client:${client}`}, 0))`);
    // The limit-th newest start of the last hour: while there is one, the address is at its limit until it ages out.
    const [oldest] = await tx
      .select({ createdAt: surveyResponses.createdAt })
      .from(surveyResponses)
      .where(
        and(
          eq(surveyResponses.clientHash, client),
          eq(surveyResponses.source, source),
          gt(surveyResponses.createdAt, new Date(context.now.getTime() - HOUR_MS)),
        ),
      )
      .orderBy(desc(surveyResponses.createdAt))
      .offset(limit - 1)
      .limit(1);
    if (oldest) {
      const seconds = Math.max(1, Math.ceil((oldest.createdAt.getTime() + HOUR_MS - context.now.getTime()) / 1000));
      throw fail('survey_rate_limited', { seconds }, { retryAfterSeconds: seconds });
    }
    await tx.insert(surveyResponses).values({
      campaignId: campaign.id,
      unitId: unit.unitId,
      source,
      keyHash: hashSurveyKey(key),
      clientHash: client,
      status: 'draft',
      answers: {},
      createdAt: context.now,
      updatedAt: context.now,
    });
  });
  return { key };
}

// ---------------------------------------------------------------------------------------------------------------
// Saving and submitting: by a response key (QR, kiosk) or a token (personal link, response made on its first save).

interface Target {
  campaign: Campaign;
  channel: 'qr' | 'kiosk' | 'link';
  /** Officials' rated units (codes); empty for a form about one unit. */
  ratedUnits: string[];
  /** The anonymous response the key names; null for a token (its response, if any, is found by the token). */
  responseId: number | null;
  token: TokenRow | null;
}

/**
 * The two lookups of every save and submit, prepared once per database handle (the public form's hot path: building a
 * query costs more than running it).
 */
const preparedLookups = new WeakMap<Db, ReturnType<typeof prepareLookups>>();
function prepareLookups(db: Db) {
  const hash = sql.placeholder('hash');
  return {
    byKey: db
      .select({ id: surveyResponses.id, source: surveyResponses.source, campaignId: surveyCampaigns.id, version: surveyCampaigns.version })
      .from(surveyResponses)
      .innerJoin(surveyCampaigns, eq(surveyCampaigns.id, surveyResponses.campaignId))
      .where(eq(surveyResponses.keyHash, hash))
      .limit(1)
      .prepare('survey_response_by_key'),
    byToken: db
      .select({ token: surveyTokens, version: surveyCampaigns.version })
      .from(surveyTokens)
      .innerJoin(surveyCampaigns, eq(surveyCampaigns.id, surveyTokens.campaignId))
      .where(eq(surveyTokens.tokenHash, hash))
      .limit(1)
      .prepare('survey_token_by_hash'),
  };
}
function keyLookups(db: Db) {
  let lookups = preparedLookups.get(db);
  if (!lookups) preparedLookups.set(db, (lookups = prepareLookups(db)));
  return lookups;
}

/** What a key names: an anonymous response or a personal token, with its campaign (both looked up at once). */
async function targetOf(db: Db, secret: string): Promise<Target> {
  const hash = hashSurveyKey(secret);
  // Only the campaign's id and version: the campaign itself (its questions) comes from memory while its version holds.
  const { byKey, byToken } = keyLookups(db);
  const [responses, tokens] = await Promise.all([byKey.execute({ hash }), byToken.execute({ hash })]);
  const response = responses[0];
  if (response) {
    const campaign = await campaignAtVersion(db, response.campaignId, response.version);
    return { campaign, channel: response.source === 'kiosk' ? 'kiosk' : 'qr', ratedUnits: [], responseId: response.id, token: null };
  }
  const found = tokens[0];
  if (!found) throw fail('survey_response_unknown');
  const campaign = await campaignAtVersion(db, found.token.campaignId, found.version);
  const rated = await ratedUnitsOf(db, campaign, found.token.groupId);
  return { campaign, channel: 'link', ratedUnits: rated.map((u) => u.code), responseId: null, token: found.token };
}

async function lockExisting(tx: Tx, target: Target): Promise<ResponseRow | null> {
  const where = target.token ? eq(surveyResponses.tokenId, target.token.id) : eq(surveyResponses.id, target.responseId!);
  const [row] = await tx.select().from(surveyResponses).where(where).for('update');
  return row ?? null;
}

type ResponseValues = Pick<typeof surveyResponses.$inferInsert, 'status' | 'answers' | 'ratings' | 'saveSeq' | 'submittedAt'>;

/**
 * The response row, locked for this transaction. A token's first save (or submit) makes it with `values`: of two at
 * once, one inserts (and holds the new row), the other waits on the unique token, inserts nothing, then locks that row.
 */
async function lockOrCreate(tx: Tx, target: Target, now: Date, values: ResponseValues): Promise<{ row: ResponseRow; created: boolean }> {
  const existing = await lockExisting(tx, target);
  if (existing) return { row: existing, created: false };
  if (!target.token) throw fail('survey_response_unknown');
  const [made] = await tx
    .insert(surveyResponses)
    .values({
      campaignId: target.campaign.id,
      unitId: target.token.unitId,
      groupId: target.token.groupId,
      tokenId: target.token.id,
      source: 'link',
      createdAt: now,
      updatedAt: now,
      ...values,
    })
    .onConflictDoNothing({ target: surveyResponses.tokenId })
    .returning();
  if (made) return { row: made, created: true };
  const raced = await lockExisting(tx, target);
  if (!raced) throw fail('survey_response_unknown');
  return { row: raced, created: false };
}

/**
 * The answers checked against the campaign's questions: a form about one unit takes answers only; an officials' form
 * takes its profile answers and, per rated unit of its group, the answers about that unit. Every problem at once, as
 * a 400 naming the question (or `ratings.<unit>.<question>`).
 */
export function checkResponse(
  campaign: Pick<Campaign, 'kind' | 'questions'>,
  ratedUnits: readonly string[],
  body: Pick<SaveBody, 'answers' | 'ratings'>,
  complete: boolean,
): { answers: Answers; ratings: Ratings | null } {
  const questions = campaign.questions as SurveyQuestion[];
  const matrix = campaign.kind === 'officials' && ratedUnits.length > 0;
  const issues: SurveyIssue[] = [];
  const given = body.ratings ?? {};
  const checked = checkAnswers(questions, body.answers, { complete, ...(matrix ? { questionFilter: (q) => !isRatedQuestion(q) } : {}) });
  issues.push(...checked.issues);
  let ratings: Ratings | null = null;
  if (matrix) {
    ratings = {};
    const known = new Set(ratedUnits);
    for (const [unit, answers] of Object.entries(given)) {
      if (!known.has(unit)) {
        issues.push({ field: `ratings.${unit}`, reason: 'survey_rated_unit_unknown', params: { unit } });
        continue;
      }
      const about = checkAnswers(questions, answers, { complete, questionFilter: isRatedQuestion });
      issues.push(...about.issues.map((i) => ({ ...i, field: `ratings.${unit}.${i.field}` })));
      if (Object.keys(about.answers).length > 0) ratings[unit] = about.answers;
    }
    if (complete && Object.keys(ratings).length === 0 && !issues.some((i) => i.field.startsWith('ratings'))) {
      issues.push({ field: 'ratings', reason: 'survey_ratings_missing' });
    }
  } else if (Object.keys(given).length > 0) {
    issues.push({ field: 'ratings', reason: 'survey_ratings_not_taken' });
  }
  if (issues.length > 0) {
    throw issuesRejected(
      issues.map((issue) => ({
        path: issue.field,
        ...reasonText(allReasons, issue.reason as keyof typeof allReasons & string, issue.params as MessageParams),
      })),
    );
  }
  return { answers: checked.answers, ratings };
}

function refuseDone(row: ResponseRow, token: TokenRow | null) {
  if (row.status === 'submitted' || token?.usedAt) throw fail('survey_already_submitted');
}

/** Saves a draft. A save numbered no higher than the one kept changes nothing (`saved: false`). */
export async function saveResponse(db: Db, secret: string, body: SaveBody, now: Date): Promise<SaveResult> {
  const target = await targetOf(db, secret);
  if (target.token?.usedAt) throw fail('survey_already_submitted');
  requireChannel(target.campaign, target.channel);
  requireOpen(target.campaign, now);
  const checked = checkResponse(target.campaign, target.ratedUnits, body, false);
  const values = { status: 'draft' as const, answers: checked.answers, ratings: checked.ratings, saveSeq: body.seq };
  return inTransaction(db, async (tx) => {
    const { row, created } = await lockOrCreate(tx, target, now, values);
    if (created) return { saved: true, seq: body.seq };
    refuseDone(row, target.token);
    if (body.seq <= row.saveSeq) return { saved: false, seq: row.saveSeq };
    await tx
      .update(surveyResponses)
      .set({ answers: checked.answers, ratings: checked.ratings, saveSeq: body.seq, updatedAt: now })
      .where(eq(surveyResponses.id, row.id));
    return { saved: true, seq: body.seq };
  });
}

/**
 * Submits: the answers checked complete, the response marked submitted (and its token used) in one transaction under
 * the response's row lock; a second submit, from this browser or another, is refused `survey_already_submitted`.
 */
export async function submitResponse(db: Db, secret: string, body: SaveBody, now: Date): Promise<SubmitResult> {
  const target = await targetOf(db, secret);
  if (target.token?.usedAt) throw fail('survey_already_submitted');
  requireChannel(target.campaign, target.channel);
  requireOpen(target.campaign, now);
  const checked = checkResponse(target.campaign, target.ratedUnits, body, true);
  const answers = JSON.stringify(checked.answers);
  const ratings = checked.ratings === null ? null : JSON.stringify(checked.ratings);
  // One statement, so one round trip and no explicit transaction: it writes the response only while it is a draft
  // (a submitted one is never replaced) and, for a personal link, only if it marks the token used — the token's row
  // lock makes a second submit wait, then find the token used and write nothing.
  const [result] = target.token
    ? await queryRows<{ written: number }>(
        db,
        sql`with used as (
              update ${surveyTokens} set used_at = ${now} where id = ${target.token.id} and used_at is null returning id
            ), written as (
              insert into ${surveyResponses} (campaign_id, unit_id, group_id, token_id, source, status, answers, ratings, save_seq, submitted_at, created_at, updated_at)
              select ${target.campaign.id}, ${target.token.unitId}, ${target.token.groupId}, used.id, 'link', 'submitted', ${answers}::jsonb, ${ratings}::jsonb, ${body.seq}, ${now}, ${now}, ${now}
              from used
              on conflict (token_id) do update set status = 'submitted', answers = excluded.answers, ratings = excluded.ratings,
                save_seq = greatest(survey_responses.save_seq, excluded.save_seq), submitted_at = excluded.submitted_at, updated_at = excluded.updated_at
              where survey_responses.status = 'draft'
              returning id
            )
            select (select count(*) from written)::int as written`,
      )
    : await queryRows<{ written: number }>(
        db,
        sql`with written as (
              update ${surveyResponses} set status = 'submitted', answers = ${answers}::jsonb, ratings = ${ratings}::jsonb,
                save_seq = greatest(save_seq, ${body.seq}), submitted_at = ${now}, updated_at = ${now}
              where id = ${target.responseId} and status = 'draft' returning id
            )
            select (select count(*) from written)::int as written`,
      );
  if (!result || result.written === 0) throw fail('survey_already_submitted');
  // No responsesChanged: a new submission changes the tally's fingerprint by itself (src/modules/surveys/campaigns.ts).
  return { state: 'submitted' as const, submittedAt: now.toISOString() };
}
