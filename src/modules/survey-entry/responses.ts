import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { surveyResponses, units, users } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import type { Ratings } from '../../domain/surveys.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { campaignById, campaignSummary, responsesChanged } from '../surveys/campaigns.js';
import { reasons as surveyReasons } from '../surveys/reasons.js';
import { failWith } from '../../errors.js';
import { entryContext } from './context.js';
import { entryCan, scopedUnitId } from './policies.js';
import { fail } from './reasons.js';
import type { EntryForm, RecheckBody, ResponseListQuery, ResponsePage, SurveyResponseItem } from './schemas.js';

const failSurvey = failWith(surveyReasons);

/** What the entry page needs: the campaign, its questions, units (unit staff: their own) and groups, and `can`. */
export async function entryForm(db: Db, actor: Actor, campaignCode: string, now: Date): Promise<EntryForm> {
  const ctx = await entryContext(db, campaignCode);
  const own = scopedUnitId(actor, null);
  return {
    campaign: campaignSummary(ctx.campaign, now),
    questions: ctx.questions,
    units: [...ctx.unitsByCode.values()].filter((u) => own === null || u.id === own).map((u) => ({ code: u.code, name: u.name })),
    groups: [...ctx.groupsByCode.values()].map((g) => ({ code: g.code, name: g.name, units: [...g.unitCodes].sort() })),
    can: entryCan(actor, ctx.campaign),
  };
}

/**
 * A campaign's responses, newest first: submitted ones (drafts when asked), by unit, source and re-check flag. Unit
 * staff read their own unit's (for an officials' survey: the ratings of their unit only). A response flagged for
 * re-check still counts in the results.
 */
export async function listResponses(db: Db, actor: Actor, campaignCode: string, query: ResponseListQuery): Promise<ResponsePage> {
  const ctx = await entryContext(db, campaignCode);
  const { campaign } = ctx;
  let requested: number | null = null;
  if (query.unit) {
    const requestedCode = normalizeCode(query.unit);
    const unit = ctx.unitsByCode.get(requestedCode);
    if (!unit) throw failSurvey('survey_campaign_unit_unknown', { unit: requestedCode, campaign: campaign.code });
    requested = unit.id;
  }
  const unitId = scopedUnitId(actor, requested);
  const unitCode = unitId === null ? null : (ctx.unitCodeById.get(unitId) ?? null);
  const conditions: SQL[] = [eq(surveyResponses.campaignId, campaign.id)];
  if (!query.drafts) conditions.push(eq(surveyResponses.status, 'submitted'));
  if (unitId !== null) {
    conditions.push(campaign.kind === 'officials' ? sql`${surveyResponses.ratings} ? ${unitCode ?? ''}` : eq(surveyResponses.unitId, unitId));
  }
  if (query.source) conditions.push(eq(surveyResponses.source, query.source));
  if (query.recheck !== undefined) conditions.push(eq(surveyResponses.recheck, query.recheck));
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select({ r: surveyResponses, unitCode: units.code, unitName: units.name, enteredBy: users.username })
      .from(surveyResponses)
      .leftJoin(units, eq(units.id, surveyResponses.unitId))
      .leftJoin(users, eq(users.id, surveyResponses.enteredBy))
      .where(where)
      .orderBy(desc(surveyResponses.id))
      .limit(query.limit)
      .offset(query.offset),
    db.select({ total: count() }).from(surveyResponses).where(where),
  ]);
  const staffOnly = unitId !== null && requested === null;
  const items = rows.map((row) => {
    const item = toItem(ctx.groupCodeById, row);
    if (item.ratings && staffOnly && unitCode) item.ratings = item.ratings[unitCode] ? { [unitCode]: item.ratings[unitCode] } : {};
    return item;
  });
  return { items, total: totals[0]?.total ?? 0, limit: query.limit, offset: query.offset, can: entryCan(actor, campaign) };
}

/** Flags a response for re-check (phúc tra) or clears the flag, with a note; audited. The response still counts. */
export async function setRecheck(db: Db, actor: Actor, id: number, body: RecheckBody, now: Date): Promise<SurveyResponseItem> {
  const campaignCode = await inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(surveyResponses).where(eq(surveyResponses.id, id)).for('update');
    if (!row) throw fail('survey_entry_response_not_found', { response: id });
    const note = body.note ? body.note : null;
    if (row.recheck !== body.recheck || row.recheckNote !== note) {
      await tx.update(surveyResponses).set({ recheck: body.recheck, recheckNote: note, updatedAt: now }).where(eq(surveyResponses.id, id));
      await recordAudit(tx, actor, {
        action: 'update',
        entityType: 'survey_response',
        entityId: id,
        before: { recheck: row.recheck, recheckNote: row.recheckNote },
        after: { recheck: body.recheck, recheckNote: note },
      });
      await responsesChanged(tx, row.campaignId);
    }
    return (await campaignById(tx, row.campaignId)).code;
  });
  return responseItem(db, campaignCode, id);
}

type ItemRow = { r: typeof surveyResponses.$inferSelect; unitCode: string | null; unitName: string | null; enteredBy: string | null };

function toItem(groupCodeById: Map<number, string>, { r, unitCode, unitName, enteredBy }: ItemRow): SurveyResponseItem {
  return {
    id: r.id,
    externalId: r.externalId,
    unitCode,
    unitName,
    groupCode: r.groupId === null ? null : (groupCodeById.get(r.groupId) ?? null),
    source: r.source,
    status: r.status,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    recheck: r.recheck,
    recheckNote: r.recheckNote,
    enteredBy,
    answers: r.answers,
    ratings: (r.ratings as Ratings | null) ?? null,
  };
}

async function responseItem(db: Db, campaignCode: string, id: number): Promise<SurveyResponseItem> {
  const ctx = await entryContext(db, campaignCode);
  const [row] = await db
    .select({ r: surveyResponses, unitCode: units.code, unitName: units.name, enteredBy: users.username })
    .from(surveyResponses)
    .leftJoin(units, eq(units.id, surveyResponses.unitId))
    .leftJoin(users, eq(users.id, surveyResponses.enteredBy))
    .where(eq(surveyResponses.id, id));
  if (!row) throw fail('survey_entry_response_not_found', { response: id });
  return toItem(ctx.groupCodeById, row);
}
