import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { surveyCampaigns, surveyCampaignUnits, surveyGroups, surveyGroupUnits, surveyTemplates, surveyTokens, units } from '../../db/schema.js';
import { sampleSize } from '../../domain/surveys.js';
import { type Campaign, campaignByCode, campaignState, campaignSummary, campaignUnits } from '../surveys/campaigns.js';
import { fail as failSurvey } from '../surveys/reasons.js';
import { type CampaignReader, campaignCan } from './policies.js';
import type { Actor } from '../auth/actor.js';
import type { CampaignDetail, CampaignGroupRow, CampaignList, CampaignListItem, CampaignUnitRow, LinkList } from './schemas.js';
import { campaignsCan } from './policies.js';

/** The reads of campaigns: the year's list, one campaign with its units and groups, the personal links issued. */

/** Responses about each unit: by the response's unit, or (officials) by the units a response rates. */
export async function responseCountsByUnit(db: DbOrTx, campaign: Pick<Campaign, 'id' | 'kind'>): Promise<Map<string, { submitted: number; drafts: number }>> {
  const rows =
    campaign.kind === 'officials'
      ? await queryRows<{ code: string; submitted: number; drafts: number }>(
          db,
          sql`select k.key as code, count(*) filter (where r.status = 'submitted')::int as submitted,
                     count(*) filter (where r.status = 'draft')::int as drafts
              from survey_responses r cross join lateral jsonb_object_keys(coalesce(r.ratings, '{}'::jsonb)) as k(key)
              where r.campaign_id = ${campaign.id}
              group by k.key`,
        )
      : await queryRows<{ code: string; submitted: number; drafts: number }>(
          db,
          sql`select u.code, count(*) filter (where r.status = 'submitted')::int as submitted,
                     count(*) filter (where r.status = 'draft')::int as drafts
              from survey_responses r join units u on u.id = r.unit_id
              where r.campaign_id = ${campaign.id}
              group by u.code`,
        );
  return new Map(rows.map((r) => [r.code, { submitted: Number(r.submitted), drafts: Number(r.drafts) }]));
}

/** Submitted responses of a campaign; for one unit, those about it (its own, or rating it). */
const submittedSql = (unitId: number | null): SQL =>
  unitId === null
    ? sql<number>`(select count(*)::int from survey_responses r where r.campaign_id = survey_campaigns.id and r.status = 'submitted')`
    : sql<number>`(select count(*)::int from survey_responses r where r.campaign_id = survey_campaigns.id and r.status = 'submitted'
        and (r.unit_id = ${unitId} or (r.ratings is not null and jsonb_exists(r.ratings, (select code from units where id = ${unitId})))))`;

export async function listCampaigns(db: DbOrTx, actor: Actor, reader: CampaignReader, filter: { year?: number | undefined }, now: Date): Promise<CampaignList> {
  const unitId = reader.kind === 'unit' ? reader.unitId : null;
  const unitFilter = unitId === null ? sql`true` : sql`cu.unit_id = ${unitId}`;
  const conditions: SQL[] = [];
  if (filter.year !== undefined) conditions.push(eq(surveyCampaigns.year, filter.year));
  if (unitId !== null) {
    conditions.push(sql`exists (select 1 from survey_campaign_units cu where cu.campaign_id = survey_campaigns.id and cu.unit_id = ${unitId})`);
  }
  const rows = await db
    .select({
      campaign: surveyCampaigns,
      templateCode: surveyTemplates.code,
      units: sql<number>`(select count(*)::int from survey_campaign_units cu where cu.campaign_id = survey_campaigns.id and ${unitFilter})`,
      target: sql<number>`(select coalesce(sum(cu.target), 0)::int from survey_campaign_units cu where cu.campaign_id = survey_campaigns.id and ${unitFilter})`,
      submitted: submittedSql(unitId),
    })
    .from(surveyCampaigns)
    .innerJoin(surveyTemplates, eq(surveyTemplates.id, surveyCampaigns.templateId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(surveyCampaigns.year), asc(surveyCampaigns.code));
  const items: CampaignListItem[] = rows.map((row) => ({
    ...campaignSummary({ ...row.campaign, templateCode: row.templateCode }, now),
    units: Number(row.units),
    target: Number(row.target),
    submitted: Number(row.submitted),
  }));
  return { items, can: campaignsCan(actor) };
}

/** A campaign a reader may see: unit staff only one that surveys their unit (else as if it did not exist). */
export async function readableCampaign(db: DbOrTx, reader: CampaignReader, code: string): Promise<Campaign> {
  const campaign = await campaignByCode(db, code);
  if (reader.kind === 'unit') {
    const [row] = await db
      .select({ one: sql`1` })
      .from(surveyCampaignUnits)
      .where(and(eq(surveyCampaignUnits.campaignId, campaign.id), eq(surveyCampaignUnits.unitId, reader.unitId)));
    if (!row) throw failSurvey('survey_campaign_not_found', { campaign: code });
  }
  return campaign;
}

export async function campaignGroups(db: DbOrTx, campaignId: number): Promise<CampaignGroupRow[]> {
  const groups = await db
    .select({
      id: surveyGroups.id,
      code: surveyGroups.code,
      name: surveyGroups.name,
      linksIssued: sql<number>`(select count(*)::int from survey_tokens t where t.group_id = survey_groups.id)`,
      linksUsed: sql<number>`(select count(*)::int from survey_tokens t where t.group_id = survey_groups.id and t.used_at is not null)`,
    })
    .from(surveyGroups)
    .where(eq(surveyGroups.campaignId, campaignId))
    .orderBy(asc(surveyGroups.code));
  const members = await db
    .select({ groupId: surveyGroupUnits.groupId, code: units.code })
    .from(surveyGroupUnits)
    .innerJoin(surveyGroups, eq(surveyGroups.id, surveyGroupUnits.groupId))
    .innerJoin(units, eq(units.id, surveyGroupUnits.unitId))
    .where(eq(surveyGroups.campaignId, campaignId))
    .orderBy(asc(units.code));
  return groups.map((g) => ({
    code: g.code,
    name: g.name,
    unitCodes: members.filter((m) => m.groupId === g.id).map((m) => m.code),
    linksIssued: Number(g.linksIssued),
    linksUsed: Number(g.linksUsed),
  }));
}

export async function getCampaign(db: DbOrTx, actor: Actor, reader: CampaignReader, code: string, now: Date): Promise<CampaignDetail> {
  const campaign = await readableCampaign(db, reader, code);
  const counts = await responseCountsByUnit(db, campaign);
  const visible = (await campaignUnits(db, campaign.id)).filter((u) => reader.kind === 'all' || u.unitId === reader.unitId);
  const unitRows: CampaignUnitRow[] = visible.map((u) => ({
    unitCode: u.unitCode,
    unitName: u.unitName,
    slug: u.slug,
    shortLink: `/s/${u.slug}`,
    transactions: u.transactions,
    suggestedTarget: sampleSize(u.transactions),
    target: u.target,
    submitted: counts.get(u.unitCode)?.submitted ?? 0,
    drafts: counts.get(u.unitCode)?.drafts ?? 0,
    hasKiosk: u.hasKiosk,
  }));
  let groups = await campaignGroups(db, campaign.id);
  if (reader.kind === 'unit') {
    const own = new Set(visible.map((u) => u.unitCode));
    groups = groups
      .filter((g) => g.unitCodes.some((c) => own.has(c)))
      .map((g) => ({ ...g, unitCodes: g.unitCodes.filter((c) => own.has(c)), linksIssued: 0, linksUsed: 0 }));
  }
  const summary = campaignSummary(campaign, now);
  return {
    ...summary,
    closedAt: campaign.closedAt ? campaign.closedAt.toISOString() : null,
    units: unitRows,
    groups,
    can: campaignCan(actor, { channels: summary.channels, closed: campaignState(campaign, now) === 'closed' }),
  };
}

/** The personal links issued (never their tokens: only hashes are kept). */
export async function listLinks(db: DbOrTx, code: string): Promise<LinkList> {
  const campaign = await campaignByCode(db, code);
  const rows = await db
    .select({
      id: surveyTokens.id,
      label: surveyTokens.label,
      groupCode: surveyGroups.code,
      unitCode: units.code,
      createdAt: surveyTokens.createdAt,
      usedAt: surveyTokens.usedAt,
    })
    .from(surveyTokens)
    .leftJoin(surveyGroups, eq(surveyGroups.id, surveyTokens.groupId))
    .leftJoin(units, eq(units.id, surveyTokens.unitId))
    .where(eq(surveyTokens.campaignId, campaign.id))
    .orderBy(asc(surveyTokens.id));
  return {
    items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), usedAt: r.usedAt ? r.usedAt.toISOString() : null })),
  };
}
