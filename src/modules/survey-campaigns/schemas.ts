import { z } from 'zod';
import { RESPONSE_SOURCES } from '../../domain/surveys.js';
import { Code, Year } from '../../http/schemas.js';
import { refineReason } from '../../reasons.js';
import { isLocalDate } from '../apology/schemas.js';
import { CampaignSummary, ResponseSource } from '../surveys/schemas.js';

/**
 * The contract of survey campaigns (đợt khảo sát, docs/surveys.md "Campaigns"): a template run for a year over chosen
 * units, its units with their short links and targets, the officials' respondent groups and their personal links.
 * The same schemas check the API's bodies, the CLI's options (`parindex campaign …`) and type the web.
 */

/** A campaign's, group's or template's code: letters, digits, _ . - (at most 40). */
export const CampaignCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only');
export const CampaignName = z.string().trim().min(1).max(300);
/** 'YYYY-MM-DD' naming a real local day. */
export const CampaignDate = z.string().trim().refine(isLocalDate, refineReason('not_a_date'));
/** The channels of a campaign: a non-empty set of qr, link, kiosk, paper, import. */
export const CampaignChannels = z
  .array(ResponseSource)
  .min(1)
  .max(RESPONSE_SOURCES.length)
  .refine((channels) => new Set(channels).size === channels.length, refineReason('survey_campaign_channel_twice'));

/** The largest target a unit can be given (no unit serves more people a year than this). */
export const MAX_TARGET = 1_000_000;
/** The most units one request names, and the most personal links one request issues. */
export const MAX_UNITS = 2000;
export const MAX_LINKS = 2000;

const yearOf = (date: string) => Number(date.slice(0, 4));

/** Dates in order and inside the campaign's year: the checks the create body and the edit share. */
function checkDates(value: { year?: number | undefined; opensOn?: string | undefined; closesOn?: string | undefined }, ctx: z.RefinementCtx) {
  const { year, opensOn, closesOn } = value;
  const valid = (d: string | undefined): d is string => typeof d === 'string' && isLocalDate(d);
  if (valid(opensOn) && valid(closesOn) && opensOn > closesOn) {
    ctx.addIssue({
      code: 'custom',
      path: ['closesOn'],
      message: 'survey_campaign_dates_order',
      ...refineReason('survey_campaign_dates_order', { opensOn, closesOn }),
    });
  }
  if (typeof year === 'number') {
    for (const field of ['opensOn', 'closesOn'] as const) {
      const date = value[field];
      if (valid(date) && yearOf(date) !== year) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: 'survey_campaign_date_outside_year',
          ...refineReason('survey_campaign_date_outside_year', { date, year }),
        });
      }
    }
  }
}

/** POST /surveys/campaigns (and `parindex campaign open`): units named one by one, or a block's units, or none yet (officials: by groups). */
export const NewCampaignBody = z
  .object({
    code: CampaignCode,
    name: CampaignName,
    templateCode: CampaignCode,
    year: Year,
    opensOn: CampaignDate,
    closesOn: CampaignDate,
    channels: CampaignChannels.default([...RESPONSE_SOURCES]),
    doubleEntry: z.boolean().default(false),
    unitCodes: z.array(Code).max(MAX_UNITS).optional(),
    blockCode: Code.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    checkDates(value, ctx);
    if (value.unitCodes !== undefined && value.blockCode !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['blockCode'], message: 'survey_campaign_units_or_block', ...refineReason('survey_campaign_units_or_block') });
    }
  });
export type NewCampaignBody = z.infer<typeof NewCampaignBody>;

/** PATCH /surveys/campaigns/:code: what may change once a campaign exists (its template, year and code stay). */
export const CampaignPatchBody = z
  .object({
    name: CampaignName.optional(),
    opensOn: CampaignDate.optional(),
    closesOn: CampaignDate.optional(),
    channels: CampaignChannels.optional(),
    doubleEntry: z.boolean().optional(),
  })
  .strict()
  .superRefine(checkDates);
export type CampaignPatchBody = z.infer<typeof CampaignPatchBody>;

export const CampaignListQuery = z.object({ year: Year.optional() });
export const CampaignCodeParam = z.object({ code: CampaignCode });
export const CampaignUnitParams = z.object({ code: CampaignCode, unit: Code });
export const CampaignGroupParams = z.object({ code: CampaignCode, group: CampaignCode });

export const CampaignTargetBody = z.object({ target: z.number().int().min(0).max(MAX_TARGET) }).strict();
export const CampaignAddUnitBody = z.object({ unitCode: Code, target: z.number().int().min(0).max(MAX_TARGET).optional() }).strict();

/** An officials' respondent group and the units it rates. */
export const GroupBody = z
  .object({
    code: CampaignCode,
    name: CampaignName,
    unitCodes: z.array(Code).min(1).max(MAX_UNITS),
  })
  .strict();
export type GroupBody = z.infer<typeof GroupBody>;
export const GroupPatchBody = z.object({ name: CampaignName.optional(), unitCodes: z.array(Code).min(1).max(MAX_UNITS).optional() }).strict();
export type GroupPatchBody = z.infer<typeof GroupPatchBody>;

/** One name, e-mail or phone a personal link is issued to (shown only to the organizer, never on the form). */
export const LinkLabel = z.string().trim().min(1).max(200);

/** POST /surveys/campaigns/:code/links: for a group (officials) or a unit; one link per label, or `count` unlabelled. */
export const IssueLinksBody = z
  .object({
    groupCode: CampaignCode.optional(),
    unitCode: Code.optional(),
    labels: z.array(LinkLabel).min(1).max(MAX_LINKS).optional(),
    count: z.number().int().min(1).max(MAX_LINKS).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.groupCode === undefined) === (value.unitCode === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['groupCode'], message: 'survey_links_group_or_unit', ...refineReason('survey_links_group_or_unit') });
    }
    if ((value.labels === undefined) === (value.count === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: 'survey_links_labels_or_count', ...refineReason('survey_links_labels_or_count') });
    }
  });
export type IssueLinksBody = z.infer<typeof IssueLinksBody>;

// Responses.

export const CampaignsCan = z.object({ create: z.boolean() });
export type CampaignsCan = z.infer<typeof CampaignsCan>;

export const CampaignListItem = CampaignSummary.extend({
  units: z.number().int().describe('units surveyed (unit staff: 1, their own)'),
  submitted: z.number().int().describe('responses submitted (unit staff: about their unit)'),
  target: z.number().int().describe('sum of the units’ targets'),
});
export type CampaignListItem = z.infer<typeof CampaignListItem>;
export const CampaignList = z.object({ items: z.array(CampaignListItem), can: CampaignsCan });
export type CampaignList = z.infer<typeof CampaignList>;

export const CampaignUnitRow = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  slug: z.string(),
  shortLink: z.string().describe("the public form's short link, '/s/<slug>'"),
  transactions: z.number().int().describe("N: the unit's dossiers received in the campaign's year"),
  suggestedTarget: z.number().int().describe('n = N / (1 + N × 0.05²), rounded up'),
  target: z.number().int(),
  submitted: z.number().int(),
  drafts: z.number().int(),
  hasKiosk: z.boolean(),
});
export type CampaignUnitRow = z.infer<typeof CampaignUnitRow>;

export const CampaignGroupRow = z.object({
  code: z.string(),
  name: z.string(),
  unitCodes: z.array(z.string()),
  linksIssued: z.number().int(),
  linksUsed: z.number().int(),
});
export type CampaignGroupRow = z.infer<typeof CampaignGroupRow>;

export const CampaignCan = z.object({
  edit: z.boolean(),
  close: z.boolean(),
  enterPaper: z.boolean(),
  importResponses: z.boolean(),
  viewResults: z.boolean(),
  issueLinks: z.boolean(),
});
export type CampaignCan = z.infer<typeof CampaignCan>;

export const CampaignDetail = CampaignSummary.extend({
  closedAt: z.string().nullable().describe('when the organizer closed it early (ISO instant)'),
  units: z.array(CampaignUnitRow),
  groups: z.array(CampaignGroupRow),
  can: CampaignCan,
});
export type CampaignDetail = z.infer<typeof CampaignDetail>;

export const IssuedLink = z.object({ label: z.string().nullable(), url: z.string().describe("'/s/t/<token>': shown once, only its hash is kept") });
export const IssuedLinks = z.object({
  items: z.array(IssuedLink),
  csv: z.string().describe('the same links as CSV (label,group_code,unit_code,url), for a download'),
});
export type IssuedLinks = z.infer<typeof IssuedLinks>;

export const LinkRow = z.object({
  id: z.number().int(),
  label: z.string().nullable(),
  groupCode: z.string().nullable(),
  unitCode: z.string().nullable(),
  createdAt: z.string(),
  usedAt: z.string().nullable(),
});
export const LinkList = z.object({ items: z.array(LinkRow) });
export type LinkList = z.infer<typeof LinkList>;
