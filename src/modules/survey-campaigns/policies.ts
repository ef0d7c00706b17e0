import type { Actor } from '../auth/actor.js';
import { isUnitStaff, unitScope } from '../auth/scope.js';
import type { CampaignCan, CampaignsCan } from './schemas.js';

/**
 * Who may do what with survey campaigns. The organizer (admin) creates and changes them, sets targets, manages the
 * officials' groups and issues personal links. The council, viewers, appraisers (and the command line) read every
 * campaign; unit staff read the campaigns that survey their unit and see only their unit's row.
 */

/** Which campaign units a reader sees: all of them, or only one unit's. */
export type CampaignReader = { kind: 'all' } | { kind: 'unit'; unitId: number };

export const EVERY_CAMPAIGN: CampaignReader = { kind: 'all' };

export const campaignPolicies = {
  manage(actor: Actor): boolean {
    return actor.role === 'admin' || actor.role === 'system';
  },
  reader(actor: Actor): CampaignReader {
    const scope = unitScope(actor);
    return scope.kind === 'unit' ? { kind: 'unit', unitId: scope.unitId } : EVERY_CAMPAIGN;
  },
};

export const campaignReader = (actor: Actor): CampaignReader => campaignPolicies.reader(actor);

export function campaignsCan(actor: Actor): CampaignsCan {
  return { create: campaignPolicies.manage(actor) };
}

/** What the caller may do with one campaign, given its channels and whether it still takes responses. */
export function campaignCan(actor: Actor, campaign: { channels: readonly string[]; closed: boolean }): CampaignCan {
  const manage = campaignPolicies.manage(actor);
  const uses = (channel: string) => campaign.channels.includes(channel);
  return {
    edit: manage,
    close: manage && !campaign.closed,
    enterPaper: (manage || isUnitStaff(actor)) && uses('paper') && !campaign.closed,
    importResponses: manage && uses('import'),
    viewResults: true,
    issueLinks: manage && uses('link') && !campaign.closed,
  };
}
