/**
 * The fixed vocabularies of the data (roles, statuses, kinds): pure constants, shared by the database schema,
 * the API contract and the web app (which imports this file at run time).
 */
export const UNIT_STATUSES = ['active', 'merged', 'split', 'dissolved'] as const;

export const LINEAGE_KINDS = ['merge', 'split'] as const;

export const ROLES = ['admin', 'unit_officer', 'unit_leader', 'appraiser', 'council', 'viewer'] as const;

export const ROUND_STATUSES = ['open', 'approved', 'published'] as const;

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;

export const ONLINE_LEVELS = ['full', 'partial', 'none'] as const;

export const DOSSIER_CHANNELS = ['direct', 'online', 'postal'] as const;

export const DOSSIER_STATUSES = ['received', 'processing', 'needs_supplement', 'suspended', 'withdrawn', 'resolved', 'returned', 'rejected'] as const;

export const TIMELINESS = ['early', 'on_time', 'late'] as const;

export type UnitStatus = (typeof UNIT_STATUSES)[number];
export type LineageKind = (typeof LINEAGE_KINDS)[number];
export type Role = (typeof ROLES)[number];
export type RoundStatus = (typeof ROUND_STATUSES)[number];
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];
export type DossierChannel = (typeof DOSSIER_CHANNELS)[number];
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];
export type Timeliness = (typeof TIMELINESS)[number];

/** Roles whose accounts belong to a unit: unit staff to their unit, an appraiser to their department. */
export const UNIT_BOUND_ROLES: readonly Role[] = ['unit_officer', 'unit_leader', 'appraiser'];
