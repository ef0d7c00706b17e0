import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { surveyCampaigns } from '../../db/schema.js';
import type { SurveyIndexReading } from '../../domain/indicators.js';
import { unitIndices } from '../../domain/surveys.js';
import { campaignById, campaignTally, campaignUnits } from '../surveys/campaigns.js';

/**
 * The formula variable surveyIndex: each unit's SIPAS index from the SIPAS campaign of the year that covers it
 * (docs/formula-criteria.md). No such campaign, several of them (which one would be a guess), or no response answering
 * a satisfaction question: no value, with the reason. Tallies are the campaigns' own (kept until their responses change).
 */
export async function sipasIndexByUnit(db: DbOrTx, year: number, unitIds: readonly number[]): Promise<Map<number, SurveyIndexReading>> {
  const rows = await db
    .select({ id: surveyCampaigns.id })
    .from(surveyCampaigns)
    .where(and(eq(surveyCampaigns.year, year), eq(surveyCampaigns.kind, 'sipas')));
  // Per unit id: the campaigns covering it, with the unit's index and responses in each.
  const covering = new Map<number, { index: number | null; responses: number }[]>();
  // One query after the other: `db` may be the publication's transaction.
  for (const { id } of rows) {
    const campaign = await campaignById(db, id);
    const tally = await campaignTally(db, campaign);
    for (const unit of await campaignUnits(db, id)) {
      const t = tally.get(unit.unitCode);
      const entry = { index: t && t.responses > 0 ? unitIndices(t).sipas : null, responses: t?.responses ?? 0 };
      covering.set(unit.unitId, [...(covering.get(unit.unitId) ?? []), entry]);
    }
  }
  const result = new Map<number, SurveyIndexReading>();
  for (const unitId of unitIds) {
    const found = covering.get(unitId) ?? [];
    if (found.length === 0) result.set(unitId, { index: null, responses: 0, missing: 'no_survey' });
    else if (found.length > 1) result.set(unitId, { index: null, responses: 0, missing: 'several_surveys' });
    else {
      const only = found[0]!;
      result.set(
        unitId,
        only.index === null ? { index: null, responses: only.responses, missing: 'no_survey_responses' } : { index: only.index, responses: only.responses },
      );
    }
  }
  return result;
}
