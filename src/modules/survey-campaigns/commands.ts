import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows, type Tx } from '../../db/client.js';
import { surveyCampaigns, surveyCampaignUnits, surveyGroups, surveyGroupUnits, surveyTemplates, surveyTokens } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { sampleSize } from '../../domain/surveys.js';
import { type FieldIssue, issuesRejected, reasonText } from '../../errors.js';
import { assertVersion } from '../../http/if-match.js';
import { writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { findBlockIdByCode } from '../blocks/service.js';
import { dossierYearCounts } from '../indicators/queries.js';
import { type Campaign, campaignByCode, campaignState, campaignUnits } from '../surveys/campaigns.js';
import { hashSurveyKey, newSlug, newSurveyKey } from '../surveys/keys.js';
import { fail as failSurvey } from '../surveys/reasons.js';
import { listUnits } from '../units/service.js';
import { EVERY_CAMPAIGN } from './policies.js';
import { campaignGroups, getCampaign } from './queries.js';
import { fail, invalid, reasons } from './reasons.js';
import type { CampaignDetail, CampaignPatchBody, GroupBody, GroupPatchBody, IssuedLinks, IssueLinksBody, NewCampaignBody } from './schemas.js';

/**
 * The writes of campaigns, each in one transaction with its audit row (entityType 'survey_campaign', the campaign's
 * code): open a campaign over units, change it, close it, set a unit's target, add or remove a unit, manage the
 * officials' groups, issue personal links.
 */

const AUDIT = 'survey_campaign';

interface UnitRef {
  id: number;
  code: string;
}

/** Units of the year by code (the units module's list), refusing unknown codes with each one's place in the list. */
async function resolveUnits(tx: Tx, year: number, codes: readonly string[], path: string): Promise<UnitRef[]> {
  const known = new Map((await listUnits(tx, { year })).map((u) => [u.code, { id: u.id, code: u.code }]));
  const issues: FieldIssue[] = [];
  const found = new Map<string, UnitRef>();
  codes.forEach((raw, i) => {
    const code = normalizeCode(raw);
    const unit = known.get(code);
    if (!unit) issues.push({ path: `${path}.${i}`, ...reasonText(reasons, 'survey_campaign_unit_not_exist', { unit: code }) });
    else found.set(code, unit);
  });
  if (issues.length) throw issuesRejected(issues, true);
  return [...found.values()];
}

/** A block's members in the year (the units module's list). */
async function blockUnits(tx: Tx, year: number, blockCode: string): Promise<UnitRef[]> {
  const block = normalizeCode(blockCode);
  if ((await findBlockIdByCode(tx, block)) === null) throw invalid('blockCode', 'survey_campaign_block_unknown', { block });
  const members = await listUnits(tx, { year, block });
  if (members.length === 0) throw invalid('blockCode', 'survey_campaign_block_empty', { block, year });
  return members.map((u) => ({ id: u.id, code: u.code }));
}

/**
 * Adds units to a campaign: N = the unit's dossiers received in the campaign's year (the rollups), target = the
 * suggested sample unless given; each with a new short link (a clash with another unit's slug draws a new one).
 */
async function addCampaignUnits(
  tx: Tx,
  campaign: Pick<Campaign, 'id' | 'year'>,
  add: readonly UnitRef[],
  target?: number,
): Promise<{ unit: string; transactions: number; target: number }[]> {
  if (add.length === 0) return [];
  const counts = await dossierYearCounts(
    tx,
    campaign.year,
    add.map((u) => u.id),
  );
  const rows = add.map((u) => {
    const transactions = counts.get(u.id)?.received ?? 0;
    return { unit: u, transactions, target: target ?? sampleSize(transactions) };
  });
  let pending = rows;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= 20) throw new Error('could not draw unique short links');
    const inserted = await tx
      .insert(surveyCampaignUnits)
      .values(pending.map((r) => ({ campaignId: campaign.id, unitId: r.unit.id, slug: newSlug(), transactions: r.transactions, target: r.target })))
      .onConflictDoNothing({ target: surveyCampaignUnits.slug })
      .returning({ unitId: surveyCampaignUnits.unitId });
    const done = new Set(inserted.map((r) => r.unitId));
    pending = pending.filter((r) => !done.has(r.unit.id));
  }
  return rows.map((r) => ({ unit: r.unit.code, transactions: r.transactions, target: r.target }));
}

const snapshot = (
  c: Pick<Campaign, 'code' | 'name' | 'templateCode' | 'kind' | 'year' | 'opensOn' | 'closesOn' | 'channels' | 'doubleEntry' | 'closedAt'>,
) => ({
  code: c.code,
  name: c.name,
  template: c.templateCode,
  kind: c.kind,
  year: c.year,
  opensOn: c.opensOn,
  closesOn: c.closesOn,
  channels: c.channels,
  doubleEntry: c.doubleEntry,
  closedAt: c.closedAt,
});

export async function createCampaign(db: Db, actor: Actor, input: NewCampaignBody, now: Date): Promise<CampaignDetail> {
  return inTransaction(db, async (tx) => {
    const code = input.code.trim();
    const [existing] = await tx.select({ id: surveyCampaigns.id }).from(surveyCampaigns).where(eq(surveyCampaigns.code, code));
    if (existing) {
      throw fail(
        'survey_campaign_exists',
        { campaign: code },
        { issues: [{ path: 'code', ...reasonText(reasons, 'survey_campaign_exists', { campaign: code }) }] },
      );
    }
    const [template] = await tx.select().from(surveyTemplates).where(eq(surveyTemplates.code, input.templateCode));
    if (!template) throw invalid('templateCode', 'survey_campaign_template_unknown', { template: input.templateCode });
    const chosen = input.blockCode
      ? await blockUnits(tx, input.year, input.blockCode)
      : input.unitCodes
        ? await resolveUnits(tx, input.year, input.unitCodes, 'unitCodes')
        : [];
    const [row] = await tx
      .insert(surveyCampaigns)
      .values({
        code,
        name: input.name,
        templateId: template.id,
        kind: template.kind,
        questions: template.questions,
        year: input.year,
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        channels: input.channels,
        doubleEntry: input.doubleEntry,
        createdBy: actor.userId,
      })
      .returning();
    const added = await addCampaignUnits(tx, row!, chosen);
    await recordAudit(tx, actor, {
      action: 'create',
      entityType: AUDIT,
      entityId: code,
      after: { ...snapshot({ ...row!, templateCode: template.code }), units: added },
    });
    return getCampaign(tx, actor, EVERY_CAMPAIGN, code, now);
  });
}

export async function updateCampaign(
  db: Db,
  actor: Actor,
  code: string,
  patch: CampaignPatchBody,
  expected: readonly number[] | null,
  now: Date,
): Promise<CampaignDetail> {
  return inTransaction(db, async (tx) => {
    const current = await campaignByCode(tx, code, { lock: true });
    await assertVersion(expected, current.version, () => getCampaign(tx, actor, EVERY_CAMPAIGN, code, now));
    const next = {
      name: patch.name ?? current.name,
      opensOn: patch.opensOn ?? current.opensOn,
      closesOn: patch.closesOn ?? current.closesOn,
      channels: patch.channels ?? (current.channels as string[]),
      doubleEntry: patch.doubleEntry ?? current.doubleEntry,
    };
    const issues: FieldIssue[] = [];
    for (const field of ['opensOn', 'closesOn'] as const) {
      if (Number(next[field].slice(0, 4)) !== current.year) {
        issues.push({ path: field, ...reasonText(reasons, 'survey_campaign_date_outside_year', { date: next[field], year: current.year }) });
      }
    }
    if (next.opensOn > next.closesOn) {
      issues.push({ path: 'closesOn', ...reasonText(reasons, 'survey_campaign_dates_order', { opensOn: next.opensOn, closesOn: next.closesOn }) });
    }
    if (issues.length) throw issuesRejected(issues, true);
    const before = snapshot(current);
    const after = snapshot({ ...current, ...next });
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await tx
        .update(surveyCampaigns)
        .set({ ...next, updatedAt: now })
        .where(eq(surveyCampaigns.id, current.id));
      await recordAudit(tx, actor, { action: 'update', entityType: AUDIT, entityId: current.code, before, after });
    }
    return getCampaign(tx, actor, EVERY_CAMPAIGN, current.code, now);
  });
}

/** Closes a campaign now (no more responses); refused when it is closed already. */
export async function closeCampaign(db: Db, actor: Actor, code: string, now: Date): Promise<CampaignDetail> {
  return inTransaction(db, async (tx) => {
    const current = await campaignByCode(tx, code, { lock: true });
    if (campaignState(current, now) === 'closed') throw fail('survey_campaign_already_closed', { campaign: current.code });
    await tx.update(surveyCampaigns).set({ closedAt: now, updatedAt: now }).where(eq(surveyCampaigns.id, current.id));
    await recordAudit(tx, actor, {
      action: 'close',
      entityType: AUDIT,
      entityId: current.code,
      before: snapshot(current),
      after: snapshot({ ...current, closedAt: now }),
    });
    return getCampaign(tx, actor, EVERY_CAMPAIGN, current.code, now);
  });
}

/** A unit of the campaign (its row), or 400 survey_campaign_unit_unknown. */
async function campaignUnit(tx: Tx, campaign: Campaign, unitCode: string) {
  const code = normalizeCode(unitCode);
  const unit = (await campaignUnits(tx, campaign.id)).find((u) => u.unitCode === code);
  if (!unit) throw failSurvey('survey_campaign_unit_unknown', { unit: code, campaign: campaign.code });
  return unit;
}

export async function setUnitTarget(db: Db, actor: Actor, code: string, unitCode: string, target: number, now: Date): Promise<CampaignDetail> {
  return inTransaction(db, async (tx) => {
    const campaign = await campaignByCode(tx, code, { lock: true });
    const unit = await campaignUnit(tx, campaign, unitCode);
    if (unit.target !== target) {
      await tx
        .update(surveyCampaignUnits)
        .set({ target })
        .where(and(eq(surveyCampaignUnits.campaignId, campaign.id), eq(surveyCampaignUnits.unitId, unit.unitId)));
      await recordAudit(tx, actor, {
        action: 'set_target',
        entityType: AUDIT,
        entityId: campaign.code,
        before: { unit: unit.unitCode, target: unit.target },
        after: { unit: unit.unitCode, target },
      });
    }
    return getCampaign(tx, actor, EVERY_CAMPAIGN, campaign.code, now);
  });
}

/** Whether anything refers to a unit of the campaign: responses by or about it, personal links for it. */
async function unitInUse(tx: Tx, campaignId: number, unit: UnitRef): Promise<boolean> {
  const [row] = await queryRows<{ responses: boolean; tokens: boolean }>(
    tx,
    sql`select
      exists (select 1 from survey_responses r where r.campaign_id = ${campaignId}
              and (r.unit_id = ${unit.id} or (r.ratings is not null and jsonb_exists(r.ratings, ${unit.code})))) as responses,
      exists (select 1 from survey_tokens t where t.campaign_id = ${campaignId} and t.unit_id = ${unit.id}) as tokens`,
  );
  return !!row && (row.responses || row.tokens);
}

async function removeCampaignUnits(tx: Tx, campaign: Campaign, remove: readonly UnitRef[]): Promise<void> {
  for (const unit of remove) {
    if (await unitInUse(tx, campaign.id, unit)) throw fail('survey_campaign_unit_has_responses', { unit: unit.code });
  }
  if (remove.length === 0) return;
  await tx.delete(surveyCampaignUnits).where(
    and(
      eq(surveyCampaignUnits.campaignId, campaign.id),
      inArray(
        surveyCampaignUnits.unitId,
        remove.map((u) => u.id),
      ),
    ),
  );
}

export async function addUnit(
  db: Db,
  actor: Actor,
  code: string,
  input: { unitCode: string; target?: number | undefined },
  now: Date,
): Promise<CampaignDetail> {
  return inTransaction(db, async (tx) => {
    const campaign = await campaignByCode(tx, code, { lock: true });
    if (campaign.kind === 'officials') throw fail('survey_campaign_units_by_groups');
    const [unit] = await resolveUnits(tx, campaign.year, [input.unitCode], 'unitCode');
    if ((await campaignUnits(tx, campaign.id)).some((u) => u.unitId === unit!.id)) {
      throw fail('survey_campaign_unit_exists', { unit: unit!.code, campaign: campaign.code });
    }
    const [added] = await addCampaignUnits(tx, campaign, [unit!], input.target);
    await recordAudit(tx, actor, { action: 'add_unit', entityType: AUDIT, entityId: campaign.code, after: added });
    return getCampaign(tx, actor, EVERY_CAMPAIGN, campaign.code, now);
  });
}

export async function removeUnit(db: Db, actor: Actor, code: string, unitCode: string, now: Date): Promise<CampaignDetail> {
  return inTransaction(db, async (tx) => {
    const campaign = await campaignByCode(tx, code, { lock: true });
    if (campaign.kind === 'officials') throw fail('survey_campaign_units_by_groups');
    const unit = await campaignUnit(tx, campaign, unitCode);
    await removeCampaignUnits(tx, campaign, [{ id: unit.unitId, code: unit.unitCode }]);
    await recordAudit(tx, actor, {
      action: 'remove_unit',
      entityType: AUDIT,
      entityId: campaign.code,
      before: { unit: unit.unitCode, transactions: unit.transactions, target: unit.target },
    });
    return getCampaign(tx, actor, EVERY_CAMPAIGN, campaign.code, now);
  });
}

// Officials' respondent groups: the campaign's units are the union of its groups' units.

async function officialsCampaign(tx: Tx, code: string): Promise<Campaign> {
  const campaign = await campaignByCode(tx, code, { lock: true });
  if (campaign.kind !== 'officials') throw fail('survey_campaign_not_officials');
  return campaign;
}

async function groupByCode(tx: Tx, campaign: Campaign, groupCode: string) {
  const [group] = await tx
    .select()
    .from(surveyGroups)
    .where(and(eq(surveyGroups.campaignId, campaign.id), eq(surveyGroups.code, groupCode.trim())));
  if (!group) throw fail('survey_group_not_found', { group: groupCode.trim() });
  return group;
}

/** Makes the campaign's units the union of its groups' units: adds the new ones, removes the ones no group rates. */
async function syncGroupUnits(tx: Tx, campaign: Campaign): Promise<void> {
  const wanted = await tx
    .selectDistinct({ id: surveyGroupUnits.unitId })
    .from(surveyGroupUnits)
    .innerJoin(surveyGroups, eq(surveyGroups.id, surveyGroupUnits.groupId))
    .where(eq(surveyGroups.campaignId, campaign.id));
  const wantedIds = new Set(wanted.map((w) => w.id));
  const current = await campaignUnits(tx, campaign.id);
  const currentIds = new Set(current.map((u) => u.unitId));
  const missing = [...wantedIds].filter((id) => !currentIds.has(id));
  if (missing.length) {
    const codes = new Map((await listUnits(tx, { year: campaign.year })).map((u) => [u.id, u.code]));
    await addCampaignUnits(
      tx,
      campaign,
      missing.map((id) => ({ id, code: codes.get(id) ?? String(id) })),
    );
  }
  await removeCampaignUnits(
    tx,
    campaign,
    current.filter((u) => !wantedIds.has(u.unitId)).map((u) => ({ id: u.unitId, code: u.unitCode })),
  );
}

async function setGroupUnits(tx: Tx, groupId: number, unitIds: readonly number[]): Promise<void> {
  await tx.delete(surveyGroupUnits).where(eq(surveyGroupUnits.groupId, groupId));
  if (unitIds.length) await tx.insert(surveyGroupUnits).values(unitIds.map((unitId) => ({ groupId, unitId })));
}

export async function createGroup(db: Db, actor: Actor, code: string, input: GroupBody, now: Date): Promise<CampaignDetail> {
  return inTransaction(db, async (tx) => {
    const campaign = await officialsCampaign(tx, code);
    const groupCode = input.code.trim();
    const [existing] = await tx
      .select({ id: surveyGroups.id })
      .from(surveyGroups)
      .where(and(eq(surveyGroups.campaignId, campaign.id), eq(surveyGroups.code, groupCode)));
    if (existing)
      throw fail(
        'survey_group_exists',
        { group: groupCode },
        { issues: [{ path: 'code', ...reasonText(reasons, 'survey_group_exists', { group: groupCode }) }] },
      );
    const members = await resolveUnits(tx, campaign.year, input.unitCodes, 'unitCodes');
    const [group] = await tx.insert(surveyGroups).values({ campaignId: campaign.id, code: groupCode, name: input.name }).returning();
    await setGroupUnits(
      tx,
      group!.id,
      members.map((u) => u.id),
    );
    await syncGroupUnits(tx, campaign);
    await recordAudit(tx, actor, {
      action: 'create_group',
      entityType: AUDIT,
      entityId: campaign.code,
      after: { group: groupCode, name: input.name, units: members.map((u) => u.code) },
    });
    return getCampaign(tx, actor, EVERY_CAMPAIGN, campaign.code, now);
  });
}

export async function updateGroup(db: Db, actor: Actor, code: string, groupCode: string, patch: GroupPatchBody, now: Date): Promise<CampaignDetail> {
  return inTransaction(db, async (tx) => {
    const campaign = await officialsCampaign(tx, code);
    const group = await groupByCode(tx, campaign, groupCode);
    const before = (await campaignGroups(tx, campaign.id)).find((g) => g.code === group.code)!;
    if (patch.name !== undefined && patch.name !== group.name) await tx.update(surveyGroups).set({ name: patch.name }).where(eq(surveyGroups.id, group.id));
    let units = before.unitCodes;
    if (patch.unitCodes) {
      const members = await resolveUnits(tx, campaign.year, patch.unitCodes, 'unitCodes');
      await setGroupUnits(
        tx,
        group.id,
        members.map((u) => u.id),
      );
      await syncGroupUnits(tx, campaign);
      units = members.map((u) => u.code).sort();
    }
    const after = { group: group.code, name: patch.name ?? group.name, units };
    const was = { group: group.code, name: group.name, units: before.unitCodes };
    if (JSON.stringify(was) !== JSON.stringify(after)) {
      await recordAudit(tx, actor, { action: 'update_group', entityType: AUDIT, entityId: campaign.code, before: was, after });
    }
    return getCampaign(tx, actor, EVERY_CAMPAIGN, campaign.code, now);
  });
}

export async function deleteGroup(db: Db, actor: Actor, code: string, groupCode: string, now: Date): Promise<CampaignDetail> {
  return inTransaction(db, async (tx) => {
    const campaign = await officialsCampaign(tx, code);
    const group = await groupByCode(tx, campaign, groupCode);
    const [used] = await queryRows<{ one: number }>(tx, sql`select 1 as one from survey_responses where group_id = ${group.id} limit 1`);
    if (used) throw fail('survey_group_has_responses', { group: group.code });
    const before = (await campaignGroups(tx, campaign.id)).find((g) => g.code === group.code)!;
    await tx.delete(surveyGroups).where(eq(surveyGroups.id, group.id));
    await syncGroupUnits(tx, campaign);
    await recordAudit(tx, actor, {
      action: 'delete_group',
      entityType: AUDIT,
      entityId: campaign.code,
      before: { group: group.code, name: group.name, units: before.unitCodes, linksIssued: before.linksIssued },
    });
    return getCampaign(tx, actor, EVERY_CAMPAIGN, campaign.code, now);
  });
}

export const LINK_FILE_COLUMNS = ['label', 'group_code', 'unit_code', 'url'] as const;

/**
 * Issues single-use personal links for a group (officials) or a unit: one per label, or `count` unlabelled. The
 * tokens are returned this once (and as CSV); only their SHA-256 is stored, so they can never be listed again.
 */
export async function issueLinks(db: Db, actor: Actor, code: string, input: IssueLinksBody, now: Date): Promise<IssuedLinks> {
  return inTransaction(db, async (tx) => {
    const campaign = await campaignByCode(tx, code, { lock: true });
    if (!(campaign.channels as string[]).includes('link')) throw fail('survey_campaign_channel_off', { channel: 'link' });
    if (campaignState(campaign, now) === 'closed') throw fail('survey_campaign_already_closed', { campaign: campaign.code });
    let groupId: number | null = null;
    let unitId: number | null = null;
    let groupCode: string | null = null;
    let unitCode: string | null = null;
    if (campaign.kind === 'officials') {
      if (input.groupCode === undefined) throw invalid('groupCode', 'survey_links_need_group');
      const group = await groupByCode(tx, campaign, input.groupCode);
      groupId = group.id;
      groupCode = group.code;
    } else {
      if (input.unitCode === undefined) throw invalid('unitCode', 'survey_links_need_unit');
      const unit = await campaignUnit(tx, campaign, input.unitCode);
      unitId = unit.unitId;
      unitCode = unit.unitCode;
    }
    const labels: (string | null)[] = input.labels ?? Array.from({ length: input.count ?? 0 }, () => null);
    const issued = labels.map((label) => ({ label, token: newSurveyKey() }));
    for (let i = 0; i < issued.length; i += 500) {
      await tx
        .insert(surveyTokens)
        .values(
          issued
            .slice(i, i + 500)
            .map((l) => ({ campaignId: campaign.id, tokenHash: hashSurveyKey(l.token), unitId, groupId, label: l.label, createdAt: now })),
        );
    }
    const items = issued.map((l) => ({ label: l.label, url: `/s/t/${l.token}` }));
    await recordAudit(tx, actor, {
      action: 'issue_links',
      entityType: AUDIT,
      entityId: campaign.code,
      after: { group: groupCode, unit: unitCode, count: items.length, labels: input.labels ?? null },
    });
    const csv = await writeTable(
      'csv',
      LINK_FILE_COLUMNS,
      items.map((l) => ({ label: l.label, group_code: groupCode, unit_code: unitCode, url: l.url })),
    );
    return { items, csv: csv.toString('utf8') };
  });
}
