import { z } from 'zod';
import { Code, Year } from '../../http/schemas.js';
import { refineReason } from '../../reasons.js';
import { LocalDateText } from '../apology/schemas.js';

/**
 * The contract of inspections (kiểm tra CCHC, docs/inspections.md): the organizer's yearly inspection plan, each
 * inspection's team, areas, findings and remediation items, and the unit's closing of those items with evidence.
 * Dates are local 'YYYY-MM-DD'. Shared by the HTTP routes and the web.
 */

export const INSPECTION_STATUSES = ['planned', 'conducted', 'concluded'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const FINDING_KINDS = ['strength', 'shortcoming', 'recommendation'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];
/** The roles an inspector may have: province-wide staff (the organizer, appraisers, the council). */
export const INSPECTOR_ROLES = ['admin', 'appraiser', 'council'] as const;

const Text = (max: number) => z.string().trim().min(1).max(max);
const OptionalText = (max: number) => z.string().trim().max(max).nullish();
const Id = z.coerce.number().int().positive();

// Requests.

export const MemberBody = z.object({ userId: z.number().int().positive(), lead: z.boolean().default(false) });
export type MemberBody = z.infer<typeof MemberBody>;

const Members = z
  .array(MemberBody)
  .max(30)
  .refine((members) => members.length === 0 || members.filter((m) => m.lead).length === 1, {
    message: 'a team needs exactly one lead',
    ...refineReason('inspection_lead_required'),
  })
  .refine((members) => new Set(members.map((m) => m.userId)).size === members.length, {
    message: 'a member is listed twice',
    ...refineReason('inspection_member_repeated'),
  });

const Areas = z.array(Text(300)).max(50);

const datesInOrder = (b: { plannedFrom?: string | null; plannedTo?: string | null }) => !b.plannedFrom || !b.plannedTo || b.plannedFrom <= b.plannedTo;
const DATES_IN_ORDER = { message: 'plannedTo is before plannedFrom', path: ['plannedTo'], ...refineReason('inspection_dates_reversed') };

const InspectionFields = z.object({
  unitCode: Code,
  plannedFrom: LocalDateText.nullish(),
  plannedTo: LocalDateText.nullish(),
  decisionNo: OptionalText(100),
  areas: Areas.default([]),
  members: Members.default([]),
});

/** A new inspection of the plan (organizer). */
export const InspectionBody = InspectionFields.refine(datesInOrder, DATES_IN_ORDER);
export type InspectionBody = z.infer<typeof InspectionBody>;
export type InspectionInput = z.input<typeof InspectionBody>;

/**
 * An edit: the plan's fields (the unit and the team: organizer only) and the status with what it needs: conducted
 * needs conductedOn; concluded needs the conclusion and concludedOn (checked against the stored values too).
 */
export const InspectionPatchBody = z
  .object({
    unitCode: Code.optional(),
    plannedFrom: LocalDateText.nullish(),
    plannedTo: LocalDateText.nullish(),
    decisionNo: OptionalText(100),
    areas: Areas.optional(),
    members: Members.optional(),
    status: z.enum(INSPECTION_STATUSES).optional(),
    conductedOn: LocalDateText.nullish(),
    conclusion: OptionalText(20_000),
    concludedOn: LocalDateText.nullish(),
  })
  .refine(datesInOrder, DATES_IN_ORDER);
export type InspectionPatchBody = z.infer<typeof InspectionPatchBody>;
export type InspectionPatchInput = z.input<typeof InspectionPatchBody>;

export const FindingBody = z.object({
  kind: z.enum(FINDING_KINDS),
  area: OptionalText(300),
  text: Text(5000),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type FindingBody = z.infer<typeof FindingBody>;
export type FindingInput = z.input<typeof FindingBody>;
export const FindingPatchBody = FindingBody.partial();

export const RemediationBody = z.object({
  title: Text(1000),
  owner: OptionalText(300),
  deadline: LocalDateText.nullish(),
  /** The recommendation it answers (a finding of the same inspection, of kind recommendation). */
  findingId: z.number().int().positive().nullish(),
});
export type RemediationBody = z.infer<typeof RemediationBody>;
export type RemediationInput = z.input<typeof RemediationBody>;
export const RemediationPatchBody = RemediationBody.partial();

/** The unit closes an item: what shows it is done, and when. */
export const ClosureBody = z
  .object({ evidence: z.string().trim().max(5000).nullish(), closedOn: LocalDateText.nullish() })
  .refine((b) => !!b.evidence, { message: 'closing an item needs its evidence', path: ['evidence'], ...refineReason('remediation_evidence_required') })
  .refine((b) => !!b.closedOn, { message: 'closing an item needs its date', path: ['closedOn'], ...refineReason('remediation_closed_on_required') });
export type ClosureBody = z.infer<typeof ClosureBody>;
export type ClosureInput = z.input<typeof ClosureBody>;

export const InspectionsQuery = z.object({ year: Year });
export const InspectionIdParam = z.object({ id: Id });
export const FindingParams = z.object({ id: Id, finding: Id });
export const ItemParams = z.object({ id: Id, item: Id });

// Responses.

export const Member = z.object({ userId: z.number().int(), displayName: z.string(), role: z.string(), lead: z.boolean() });

export const Finding = z.object({
  id: z.number().int(),
  kind: z.enum(FINDING_KINDS),
  area: z.string().nullable(),
  text: z.string(),
  position: z.number().int(),
  version: z.number().int(),
});
export type Finding = z.infer<typeof Finding>;

export const RemediationItem = z.object({
  id: z.number().int(),
  findingId: z.number().int().nullable(),
  title: z.string(),
  owner: z.string().nullable(),
  deadline: z.string().nullable(),
  closedOn: z.string().nullable(),
  evidence: z.string().nullable(),
  closedBy: z.string().nullable().describe('who closed it (display name)'),
  overdue: z.boolean().describe('open and its deadline is before today'),
  version: z.number().int(),
});
export type RemediationItem = z.infer<typeof RemediationItem>;

export const ItemCounts = z.object({ open: z.number().int(), overdue: z.number().int(), closed: z.number().int() });

export const InspectionSummary = z.object({
  id: z.number().int(),
  year: z.number().int(),
  unitCode: z.string(),
  unitName: z.string(),
  status: z.enum(INSPECTION_STATUSES),
  plannedFrom: z.string().nullable(),
  plannedTo: z.string().nullable(),
  conductedOn: z.string().nullable(),
  concludedOn: z.string().nullable(),
  decisionNo: z.string().nullable(),
  lead: z.string().nullable().describe('the team lead’s display name'),
  findingCount: z.number().int(),
  items: ItemCounts,
  version: z.number().int(),
  can: z.object({ edit: z.boolean() }),
});
export type InspectionSummary = z.infer<typeof InspectionSummary>;

export const Coverage = z.object({
  /** Active units of the province. */
  units: z.number().int(),
  /** Distinct units with an inspection conducted or concluded in the year. */
  inspected: z.number().int(),
  /** Distinct units in the year's plan (any status). */
  planned: z.number().int(),
  rate: z.number().nullable().describe('inspected / units, % with 2 decimals; null when there is no active unit'),
});

export const InspectionYear = z.object({
  year: z.number().int(),
  asOf: z.string(),
  coverage: Coverage,
  inspections: z.array(InspectionSummary),
  can: z.object({ create: z.boolean() }),
});
export type InspectionYear = z.infer<typeof InspectionYear>;

export const Inspection = InspectionSummary.extend({
  areas: z.array(z.string()),
  conclusion: z.string().nullable(),
  members: z.array(Member),
  findings: z.array(Finding),
  remediation: z.array(RemediationItem),
  asOf: z.string(),
  can: z.object({ edit: z.boolean(), manage: z.boolean(), close: z.boolean() }),
});
export type Inspection = z.infer<typeof Inspection>;

export const Inspector = z.object({ id: z.number().int(), username: z.string(), displayName: z.string(), role: z.string() });
export type Inspector = z.infer<typeof Inspector>;

export const Saved = z.object({ id: z.number().int(), version: z.number().int() });

export const DocumentKind = z.enum(['record', 'conclusion']);
