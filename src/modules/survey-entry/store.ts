import { and, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { surveyResponses } from '../../db/schema.js';
import type { Answers, Ratings } from '../../domain/surveys.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { responsesChanged } from '../surveys/campaigns.js';
import type { CheckedForm, EntryContext } from './context.js';

export type ResponseRow = typeof surveyResponses.$inferSelect;

/** A campaign's response by its external id (a paper form's number, a file's response_id). */
export async function responseByExternalId(db: DbOrTx, campaignId: number, externalId: string): Promise<ResponseRow | null> {
  const [row] = await db
    .select()
    .from(surveyResponses)
    .where(and(eq(surveyResponses.campaignId, campaignId), eq(surveyResponses.externalId, externalId)))
    .limit(1);
  return row ?? null;
}

/** What the audit log keeps of a response. */
export function responseSnapshot(
  ctx: EntryContext,
  row: { externalId: string | null; source: string; unitId: number | null; groupId: number | null; answers: Answers; ratings: Ratings | null },
) {
  return {
    campaign: ctx.campaign.code,
    externalId: row.externalId,
    source: row.source,
    unit: row.unitId === null ? null : (ctx.unitCodeById.get(row.unitId) ?? row.unitId),
    group: row.groupId === null ? null : (ctx.groupCodeById.get(row.groupId) ?? row.groupId),
    answers: row.answers,
    ratings: row.ratings,
  };
}

/**
 * Creates the submitted response of a paper form (or replaces the one with the same number), audited, in the
 * caller's transaction; the campaign's results go stale.
 */
export async function saveFormResponse(
  tx: Tx,
  actor: Actor,
  ctx: EntryContext,
  externalId: string,
  form: CheckedForm,
  existing: ResponseRow | null,
  now: Date,
): Promise<{ id: number; created: boolean }> {
  const values = { unitId: form.unitId, groupId: form.groupId, answers: form.answers, ratings: form.ratings, enteredBy: actor.userId };
  let id: number;
  if (existing) {
    await tx
      .update(surveyResponses)
      .set({ ...values, status: 'submitted', submittedAt: existing.submittedAt ?? now, updatedAt: now })
      .where(eq(surveyResponses.id, existing.id));
    await recordAudit(tx, actor, {
      action: 'update',
      entityType: 'survey_response',
      entityId: existing.id,
      before: responseSnapshot(ctx, existing),
      after: responseSnapshot(ctx, { ...values, externalId, source: existing.source }),
    });
    id = existing.id;
  } else {
    const [row] = await tx
      .insert(surveyResponses)
      .values({ ...values, campaignId: ctx.campaign.id, source: 'paper', externalId, status: 'submitted', submittedAt: now, createdAt: now, updatedAt: now })
      .returning({ id: surveyResponses.id });
    id = row!.id;
    await recordAudit(tx, actor, {
      action: 'create',
      entityType: 'survey_response',
      entityId: id,
      after: responseSnapshot(ctx, { ...values, externalId, source: 'paper' }),
    });
  }
  await responsesChanged(tx, ctx.campaign.id);
  return { id, created: !existing };
}
