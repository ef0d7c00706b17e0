import type { DossierStanding } from './api';

/** The badge colour of a dossier's timeliness (the same for every page of the feature). */
export const STANDING_COLORS: Record<DossierStanding, string> = {
  early: 'teal',
  on_time: 'green',
  late: 'red',
  overdue: 'orange',
  pending: 'blue',
};

export const DOSSIER_CHANNEL_VALUES = ['direct', 'online', 'postal'] as const;
export const DOSSIER_STATUS_VALUES = ['received', 'processing', 'needs_supplement', 'suspended', 'withdrawn', 'resolved', 'returned', 'rejected'] as const;
export const DOSSIER_STANDING_VALUES = ['early', 'on_time', 'late', 'overdue', 'pending'] as const;

/** The search's filters as kept in the address (the page number included). */
export const FILTER_KEYS = [
  'code',
  'unit',
  'procedure',
  'field',
  'channel',
  'status',
  'timeliness',
  'receivedFrom',
  'receivedTo',
  'resolvedFrom',
  'resolvedTo',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
