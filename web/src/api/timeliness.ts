import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, buildUrl } from './client';

/** Types and queries of the timeliness dashboard and report (docs/timeliness.md). */

export const CHANNELS = ['direct', 'online', 'postal'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface TimelinessFigures {
  received: number;
  receivedOnline: number;
  resolved: number;
  early: number;
  onTime: number;
  late: number;
  overdue: number;
  /** "86.21" (two decimals, half up); null when nothing was resolved. */
  onTimeRate: string | null;
  /** Received online / received × 100, "23.44"; null when nothing was received. */
  onlineShare: string | null;
}

export interface TimelinessDashboard {
  year: number;
  asOf: string;
  view: 'province' | 'unit';
  filters: { block: string | null; unit: string | null; field: string | null; channel: Channel | null };
  totals: TimelinessFigures;
  months: { month: number; received: number; resolved: number; early: number; onTime: number; late: number }[];
  units: (TimelinessFigures & { unitCode: string; unitName: string; blockCode: string | null })[];
  worstProcedures: {
    procedureCode: string;
    procedureName: string;
    unitCode: string;
    unitName: string;
    late: number;
    resolved: number;
    onTimeRate: string | null;
  }[];
  channels: (TimelinessFigures & { channel: Channel })[];
  fields: (TimelinessFigures & { field: string })[];
}

export interface DashboardParams {
  year: number;
  block?: string;
  unit?: string;
  field?: string;
  channel?: Channel;
  asOf?: string;
}

export const timelinessKeys = {
  all: ['timeliness'] as const,
  dashboard: (params: DashboardParams) => ['timeliness', 'dashboard', params] as const,
};

export function useTimelinessDashboard(params: DashboardParams) {
  return useQuery({
    queryKey: timelinessKeys.dashboard(params),
    queryFn: () => api.get<TimelinessDashboard>('/timeliness/dashboard', { ...params }),
    placeholderData: keepPreviousData,
  });
}

/** The report file to download: per unit, or per unit and field. */
export function timelinessReportUrl(params: { year: number; unit?: string; asOf?: string; by: 'unit' | 'field'; format: 'csv' | 'xlsx' }): string {
  return buildUrl('/timeliness/report', { ...params });
}
