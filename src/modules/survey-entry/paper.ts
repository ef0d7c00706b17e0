import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows, type Tx } from '../../db/client.js';
import { surveyPaperEntries, users } from '../../db/schema.js';
import { type Answers, isRatedQuestion, type Ratings } from '../../domain/surveys.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { isUnitStaff } from '../auth/scope.js';
import { responsesChanged } from '../surveys/campaigns.js';
import { type CheckedForm, checkForm, type EntryContext, entryContext, profileQuestion } from './context.js';
import { requireChannel, requireUnitAccess, scopedUnitId } from './policies.js';
import { fail } from './reasons.js';
import type { PaperDifference, PaperEntryBody, PaperEntryResult, PaperForm, PaperListQuery, PaperPage, PaperResolveBody, PaperState } from './schemas.js';
import { responseByExternalId, saveFormResponse } from './store.js';

/**
 * Staff entry of paper forms. Without double entry a form becomes a submitted response (source `paper`, external id =
 * the form's number) at once; typing the same number again replaces it. With the campaign's double entry two clerks
 * type the form: entries 1 and 2 are kept in survey_paper_entries, the second by another user; equal entries make the
 * response, different ones wait for the organizer, who chooses the values (`resolvePaper`). Every write is audited
 * (entity `survey_response`) and marks the campaign's results stale, in its transaction.
 */

type EntryRow = typeof surveyPaperEntries.$inferSelect;

interface FormValues {
  unitCode: string | null;
  groupCode: string | null;
  answers: Answers;
  ratings: Ratings | null;
}

function entryValues(ctx: EntryContext, row: Pick<EntryRow, 'unitId' | 'groupId' | 'answers' | 'ratings'>): FormValues {
  return {
    unitCode: row.unitId === null ? null : (ctx.unitCodeById.get(row.unitId) ?? null),
    groupCode: row.groupId === null ? null : (ctx.groupCodeById.get(row.groupId) ?? null),
    answers: row.answers as Answers,
    ratings: (row.ratings as Ratings | null) ?? null,
  };
}

/** Where two entries of a form disagree, in the template's order. */
export function differencesOf(ctx: EntryContext, first: FormValues, second: FormValues): PaperDifference[] {
  const out: PaperDifference[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (first.unitCode !== second.unitCode) out.push({ kind: 'unit', question: null, unit: null, first: first.unitCode, second: second.unitCode });
  if (first.groupCode !== second.groupCode) out.push({ kind: 'group', question: null, unit: null, first: first.groupCode, second: second.groupCode });
  const officials = ctx.campaign.kind === 'officials';
  for (const q of ctx.questions) {
    if (officials && !profileQuestion(q)) continue;
    const a = first.answers[q.code];
    const b = second.answers[q.code];
    if (!same(a, b)) out.push({ kind: 'answer', question: q.code, unit: null, first: a ?? null, second: b ?? null });
  }
  if (officials) {
    const unitCodes = [...new Set([...Object.keys(first.ratings ?? {}), ...Object.keys(second.ratings ?? {})])].sort();
    for (const unit of unitCodes) {
      for (const q of ctx.questions.filter(isRatedQuestion)) {
        const a = first.ratings?.[unit]?.[q.code];
        const b = second.ratings?.[unit]?.[q.code];
        if (!same(a, b)) out.push({ kind: 'answer', question: q.code, unit, first: a ?? null, second: b ?? null });
      }
    }
  }
  return out;
}

const formValues = (form: CheckedForm): FormValues => ({ unitCode: form.unitCode, groupCode: form.groupCode, answers: form.answers, ratings: form.ratings });

async function entriesOf(tx: Tx, campaignId: number, formNo: string): Promise<EntryRow[]> {
  return tx
    .select()
    .from(surveyPaperEntries)
    .where(and(eq(surveyPaperEntries.campaignId, campaignId), eq(surveyPaperEntries.formNo, formNo)))
    .orderBy(asc(surveyPaperEntries.entryNo));
}

export async function enterPaper(db: Db, actor: Actor, campaignCode: string, body: PaperEntryBody, now: Date): Promise<PaperEntryResult> {
  return inTransaction(db, async (tx) => {
    const ctx = await entryContext(tx, campaignCode, { lock: true });
    const { campaign } = ctx;
    requireChannel(campaign, 'paper');
    if (isUnitStaff(actor) && campaign.kind === 'officials') requireUnitAccess(actor, campaign, null);
    const form = checkForm(ctx, body);
    requireUnitAccess(actor, campaign, form.unitId);
    const formNo = body.formNo;
    const existing = await responseByExternalId(tx, campaign.id, formNo);
    if (existing && existing.source !== 'paper') throw fail('survey_entry_form_no_taken', { form: formNo, source: existing.source });
    if (existing) requireUnitAccess(actor, campaign, existing.unitId);
    const base = { formNo, warnings: form.warnings, differences: [] as PaperDifference[] };

    if (!campaign.doubleEntry) {
      const saved = await saveFormResponse(tx, actor, ctx, formNo, form, existing, now);
      return { ...base, state: 'done' as const, entryNo: null, responseId: saved.id, created: saved.created };
    }

    if (existing) throw fail('survey_entry_form_done', { form: formNo });
    const entries = await entriesOf(tx, campaign.id, formNo);
    if (entries.length >= 2) throw fail('survey_entry_differences_pending', { form: formNo });
    const first = entries[0];
    if (first) {
      if (first.enteredBy === actor.userId) throw fail('survey_entry_same_user', { form: formNo });
      requireUnitAccess(actor, campaign, first.unitId);
    }
    if (actor.userId === null) throw fail('survey_entry_same_user', { form: formNo });
    const entryNo = entries.length + 1;
    await tx.insert(surveyPaperEntries).values({
      campaignId: campaign.id,
      formNo,
      entryNo,
      unitId: form.unitId,
      groupId: form.groupId,
      answers: form.answers,
      ratings: form.ratings,
      enteredBy: actor.userId,
      enteredAt: now,
    });
    await recordAudit(tx, actor, {
      action: 'paper_entry',
      entityType: 'survey_response',
      entityId: `${campaign.code}/${formNo}`,
      after: { entryNo, unit: form.unitCode, group: form.groupCode, answers: form.answers, ratings: form.ratings },
    });
    await responsesChanged(tx, campaign.id);
    if (!first) return { ...base, state: 'awaiting_second' as const, entryNo, responseId: null, created: false };

    const differences = differencesOf(ctx, entryValues(ctx, first), formValues(form));
    if (differences.length > 0) return { ...base, state: 'differences' as const, entryNo, responseId: null, created: false, differences };
    const saved = await saveFormResponse(tx, actor, ctx, formNo, form, null, now);
    return { ...base, state: 'done' as const, entryNo, responseId: saved.id, created: true };
  });
}

/**
 * The organizer's values for a form: after two entries that differ, or to correct a recorded paper form. Makes (or
 * replaces) the response; the entries stay as they were typed.
 */
export async function resolvePaper(db: Db, actor: Actor, campaignCode: string, formNo: string, body: PaperResolveBody, now: Date): Promise<PaperEntryResult> {
  return inTransaction(db, async (tx) => {
    const ctx = await entryContext(tx, campaignCode, { lock: true });
    requireChannel(ctx.campaign, 'paper');
    const existing = await responseByExternalId(tx, ctx.campaign.id, formNo);
    if (existing && existing.source !== 'paper') throw fail('survey_entry_form_no_taken', { form: formNo, source: existing.source });
    const entries = await entriesOf(tx, ctx.campaign.id, formNo);
    if (!existing && entries.length === 0) throw fail('survey_entry_nothing_to_resolve', { form: formNo });
    const form = checkForm(ctx, body);
    const saved = await saveFormResponse(tx, actor, ctx, formNo, form, existing, now);
    return { formNo, state: 'done', entryNo: null, responseId: saved.id, created: saved.created, warnings: form.warnings, differences: [] };
  });
}

interface FormRow {
  form_no: string;
  response_id: number | null;
  unit_id: number | null;
  state: PaperState;
}

/** The campaign's paper forms by state (awaiting the second entry, with differences, done), by form number, paged. */
export async function listPaper(db: Db, actor: Actor, campaignCode: string, query: PaperListQuery): Promise<PaperPage> {
  const ctx = await entryContext(db, campaignCode);
  const { campaign } = ctx;
  const unitId = scopedUnitId(actor, null);
  const forms = sql`
      with entries as (
        select form_no, count(*)::int as n, (array_agg(unit_id order by entry_no))[1] as unit_id
        from survey_paper_entries where campaign_id = ${campaign.id} group by form_no
      ), responses as (
        select external_id as form_no, id, unit_id from survey_responses
        where campaign_id = ${campaign.id} and source = 'paper' and external_id is not null
      ), forms as (
        select coalesce(r.form_no, e.form_no) as form_no, r.id as response_id, coalesce(r.unit_id, e.unit_id) as unit_id,
          case when r.id is not null then 'done' when e.n >= 2 then 'differences' else 'awaiting_second' end as state
        from entries e full outer join responses r on r.form_no = e.form_no
      )`;
  const where = sql`where true ${query.state ? sql`and state = ${query.state}` : sql``} ${unitId !== null ? sql`and unit_id = ${unitId}` : sql``}`;
  const rows = await queryRows<FormRow>(
    db,
    sql`${forms} select form_no, response_id::int as response_id, unit_id, state from forms ${where} order by form_no limit ${query.limit} offset ${query.offset}`,
  );
  const [counted] = await queryRows<{ total: number }>(db, sql`${forms} select count(*)::int as total from forms ${where}`);
  const formNos = rows.map((r) => r.form_no);
  const entryRows = formNos.length
    ? await db
        .select({ entry: surveyPaperEntries, username: users.username })
        .from(surveyPaperEntries)
        .leftJoin(users, eq(users.id, surveyPaperEntries.enteredBy))
        .where(and(eq(surveyPaperEntries.campaignId, campaign.id), inArray(surveyPaperEntries.formNo, formNos)))
        .orderBy(asc(surveyPaperEntries.formNo), asc(surveyPaperEntries.entryNo))
    : [];
  const items: PaperForm[] = rows.map((row) => {
    const mine = entryRows.filter((e) => e.entry.formNo === row.form_no);
    const values = mine.map((e) => entryValues(ctx, e.entry));
    return {
      formNo: row.form_no,
      state: row.state,
      unitCode: row.unit_id === null ? null : (ctx.unitCodeById.get(row.unit_id) ?? null),
      responseId: row.response_id,
      entries: mine.map((e, i) => ({
        entryNo: e.entry.entryNo,
        enteredBy: e.username,
        at: e.entry.enteredAt.toISOString(),
        unitCode: values[i]!.unitCode,
        groupCode: values[i]!.groupCode,
        answers: values[i]!.answers,
        ratings: values[i]!.ratings,
      })),
      differences: row.state === 'differences' && values.length === 2 ? differencesOf(ctx, values[0]!, values[1]!) : [],
    };
  });
  return { items, total: counted?.total ?? 0, limit: query.limit, offset: query.offset };
}
