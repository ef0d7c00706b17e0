import type { Role } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { isUnitStaff, unitScope } from '../auth/scope.js';
import type { Campaign } from '../surveys/campaigns.js';
import { fail } from './reasons.js';
import type { EntryCan } from './schemas.js';

/**
 * Who may enter, read, flag, import and export responses. The organizer (admin) for any unit; unit staff (officer,
 * leader) the paper forms of their own unit, and read and export their own unit's responses. An officials' form rates
 * several units, so only the organizer enters it. Paper entry needs the campaign's channel `paper`, a file import the
 * channel `import`. Re-check flags and the resolution of double-entry differences are the organizer's.
 */
export const ENTRY_ROLES: readonly Role[] = ['admin', 'unit_officer', 'unit_leader'];

const hasChannel = (campaign: Campaign, channel: string) => (campaign.channels as string[]).includes(channel);

export const entryPolicies = {
  enterPaper(actor: Actor, campaign: Campaign): boolean {
    if (!hasChannel(campaign, 'paper')) return false;
    return actor.role === 'admin' || actor.role === 'system' || (isUnitStaff(actor) && campaign.kind !== 'officials');
  },
  manage(actor: Actor): boolean {
    return actor.role === 'admin' || actor.role === 'system';
  },
};

/** Refuses a write the campaign's channels do not allow. */
export function requireChannel(campaign: Campaign, channel: 'paper' | 'import'): void {
  if (!hasChannel(campaign, channel)) throw fail('survey_entry_channel_off', { campaign: campaign.code, channel });
}

/** Refuses unit staff acting for another unit (and an officials' form); the organizer acts for any unit. */
export function requireUnitAccess(actor: Actor, campaign: Campaign, unitId: number | null): void {
  if (!isUnitStaff(actor)) return;
  if (campaign.kind === 'officials') throw fail('survey_entry_officials_admin_only');
  const scope = unitScope(actor);
  if (scope.kind === 'unit' && unitId !== scope.unitId) throw fail('survey_entry_own_unit_only');
}

/** The unit a list or an export is limited to: unit staff their own (asking for another is refused), others what they asked. */
export function scopedUnitId(actor: Actor, requested: number | null): number | null {
  const scope = unitScope(actor);
  if (scope.kind === 'province') return requested;
  if (requested !== null && requested !== scope.unitId) throw fail('survey_entry_own_unit_only');
  return scope.unitId;
}

export function entryCan(actor: Actor, campaign: Campaign): EntryCan {
  const manage = entryPolicies.manage(actor);
  return {
    enterPaper: entryPolicies.enterPaper(actor, campaign),
    resolve: manage && hasChannel(campaign, 'paper'),
    recheck: manage,
    import: manage && hasChannel(campaign, 'import'),
    export: manage || isUnitStaff(actor),
    chooseUnit: !isUnitStaff(actor),
  };
}
