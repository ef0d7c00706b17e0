import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { surveyCampaigns, surveyCampaignUnits, surveyResponses, surveyTemplates, units } from '../../db/schema.js';
import { type Answers, type Ratings, type SurveyQuestion, SurveyTally, type UnitTally } from '../../domain/surveys.js';
import { localDateOf } from '../../domain/timeliness.js';
import { fail } from './reasons.js';
import type { CampaignState, CampaignSummary } from './schemas.js';

/**
 * What every part of the surveys reads of a campaign: the row, whether it takes responses now, its units, and its
 * responses added up (through the domain's SurveyTally, page by page). Writes of responses call `responsesChanged`
 * in their transaction, which is how computed tallies know they are stale.
 */

export type CampaignRow = typeof surveyCampaigns.$inferSelect;

export interface Campaign extends CampaignRow {
  templateCode: string;
}

async function selectCampaign(db: DbOrTx, where: ReturnType<typeof eq>): Promise<Campaign | null> {
  const [row] = await db
    .select({ campaign: surveyCampaigns, templateCode: surveyTemplates.code })
    .from(surveyCampaigns)
    .innerJoin(surveyTemplates, eq(surveyTemplates.id, surveyCampaigns.templateId))
    .where(where)
    .limit(1);
  return row ? { ...row.campaign, templateCode: row.templateCode } : null;
}

/** A campaign by its code, or a 404 `survey_campaign_not_found`. */
export async function campaignByCode(db: DbOrTx, code: string, options: { lock?: boolean } = {}): Promise<Campaign> {
  const campaign = await selectCampaign(db, eq(surveyCampaigns.code, code));
  if (!campaign) throw fail('survey_campaign_not_found', { campaign: code });
  if (options.lock) await db.execute(sql`select 1 from ${surveyCampaigns} where ${surveyCampaigns.id} = ${campaign.id} for update`);
  return campaign;
}

export async function campaignById(db: DbOrTx, id: number): Promise<Campaign> {
  const campaign = await selectCampaign(db, eq(surveyCampaigns.id, id));
  if (!campaign) throw fail('survey_campaign_not_found', { campaign: String(id) });
  return campaign;
}

/** Campaigns as last read, by id: a hot path (the public form) reads the row's version and reuses the rest. */
const campaignsRead = new Map<number, Campaign>();

/**
 * The campaign of this id at this version: from memory when the version is the one kept (every edit of what a campaign
 * is — dates, channels, closing — raises its version; its questions never change once it is open), else read again.
 */
export async function campaignAtVersion(db: DbOrTx, id: number, version: number): Promise<Campaign> {
  const kept = campaignsRead.get(id);
  if (kept && kept.version === version) return kept;
  const campaign = await campaignById(db, id);
  campaignsRead.set(id, campaign);
  return campaign;
}

/** Scheduled before its first local day, open through its last (unless closed early), closed after. */
export function campaignState(campaign: Pick<CampaignRow, 'opensOn' | 'closesOn' | 'closedAt'>, now: Date): CampaignState {
  if (campaign.closedAt && campaign.closedAt.getTime() <= now.getTime()) return 'closed';
  const today = localDateOf(now.getTime());
  if (today < campaign.opensOn) return 'scheduled';
  return today > campaign.closesOn ? 'closed' : 'open';
}

export function campaignSummary(campaign: Campaign, now: Date): CampaignSummary {
  return {
    id: campaign.id,
    code: campaign.code,
    name: campaign.name,
    kind: campaign.kind,
    templateCode: campaign.templateCode,
    year: campaign.year,
    opensOn: campaign.opensOn,
    closesOn: campaign.closesOn,
    state: campaignState(campaign, now),
    channels: campaign.channels as CampaignSummary['channels'],
    doubleEntry: campaign.doubleEntry,
    version: campaign.version,
  };
}

export interface CampaignUnit {
  unitId: number;
  unitCode: string;
  unitName: string;
  slug: string;
  transactions: number;
  target: number;
  hasKiosk: boolean;
}

/** The units a campaign surveys, by unit code. */
export async function campaignUnits(db: DbOrTx, campaignId: number): Promise<CampaignUnit[]> {
  const rows = await db
    .select({
      unitId: surveyCampaignUnits.unitId,
      unitCode: units.code,
      unitName: units.name,
      slug: surveyCampaignUnits.slug,
      transactions: surveyCampaignUnits.transactions,
      target: surveyCampaignUnits.target,
      kioskKeyHash: surveyCampaignUnits.kioskKeyHash,
    })
    .from(surveyCampaignUnits)
    .innerJoin(units, eq(units.id, surveyCampaignUnits.unitId))
    .where(eq(surveyCampaignUnits.campaignId, campaignId))
    .orderBy(asc(units.code));
  return rows.map(({ kioskKeyHash, ...row }) => ({ ...row, hasKiosk: kioskKeyHash !== null }));
}

/**
 * Call in the transaction of a change to responses that are already submitted (an import replacing answers, a paper
 * form resolved again, a deletion): computed tallies of the campaign go stale. A response newly submitted needs no
 * call — the tally's fingerprint counts submitted responses and their latest submission time — so public submissions
 * never queue on the campaign's row.
 */
export async function responsesChanged(db: DbOrTx, campaignId: number): Promise<void> {
  await db
    .update(surveyCampaigns)
    .set({ responsesRevision: sql`${surveyCampaigns.responsesRevision} + 1` })
    .where(eq(surveyCampaigns.id, campaignId));
}

/** What a kept tally was computed from: the revision, the submitted responses and the latest submission. */
async function tallyFingerprint(db: DbOrTx, campaignId: number): Promise<string> {
  const [row] = await db
    .select({
      revision: sql<number>`(select ${surveyCampaigns.responsesRevision} from ${surveyCampaigns} where ${surveyCampaigns.id} = ${campaignId})`,
      submitted: sql<number>`count(*)::int`,
      latest: sql<string | null>`max(${surveyResponses.submittedAt})::text`,
    })
    .from(surveyResponses)
    .where(and(eq(surveyResponses.campaignId, campaignId), eq(surveyResponses.status, 'submitted')));
  return `${row?.revision ?? 0}/${row?.submitted ?? 0}/${row?.latest ?? ''}`;
}

const PAGE = 5000;
/** Tallies kept per campaign while its responses do not change (a few campaigns a year; each tally is small). */
const tallies = new Map<number, { fingerprint: string; tally: Map<string, UnitTally> }>();

/**
 * The submitted responses of a campaign added up per unit code (every unit of the campaign present, even without
 * responses). Read by pages of 5,000 in id order, so memory holds one page and the counts; reused while the campaign's
 * fingerprint (revision, submitted count, latest submission) stays the same.
 */
export async function campaignTally(db: DbOrTx, campaign: Campaign): Promise<Map<string, UnitTally>> {
  const fingerprint = await tallyFingerprint(db, campaign.id);
  const kept = tallies.get(campaign.id);
  if (kept && kept.fingerprint === fingerprint) return kept.tally;
  const tally = new SurveyTally(campaign.kind, campaign.questions as SurveyQuestion[]);
  for (const unit of await campaignUnits(db, campaign.id)) tally.unit(unit.unitCode);
  let after = 0;
  for (;;) {
    const page = await db
      .select({ id: surveyResponses.id, unitCode: units.code, answers: surveyResponses.answers, ratings: surveyResponses.ratings })
      .from(surveyResponses)
      .leftJoin(units, eq(units.id, surveyResponses.unitId))
      .where(and(eq(surveyResponses.campaignId, campaign.id), eq(surveyResponses.status, 'submitted'), gt(surveyResponses.id, after)))
      .orderBy(asc(surveyResponses.id))
      .limit(PAGE);
    for (const row of page) tally.add({ unitCode: row.unitCode, answers: row.answers as Answers, ratings: row.ratings as Ratings | null });
    if (page.length < PAGE) break;
    after = page.at(-1)!.id;
  }
  const result = tally.result();
  tallies.set(campaign.id, { fingerprint, tally: result });
  return result;
}
