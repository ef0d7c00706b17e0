import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ReportGrouping, TimelinessDashboard, TimelinessDashboardQuery, TimelinessFigures } from '@server/modules/timeliness/schemas';
import { DOSSIER_CHANNELS, type DossierChannel } from '../../../../src/domain/vocabulary';
import { api, buildUrl } from '../../api/client';

/** The timeliness dashboard and report (docs/timeliness.md): every call of the feature and its react-query keys. */

export type { TimelinessDashboard, TimelinessFigures };
export const CHANNELS = DOSSIER_CHANNELS;
export type Channel = DossierChannel;
/** The dashboard's filters as the page sends them (the year always). */
export type DashboardParams = TimelinessDashboardQuery & { year: number };

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
export function timelinessReportUrl(params: { year: number; unit?: string; asOf?: string; by: ReportGrouping; format: 'csv' | 'xlsx' }): string {
  return buildUrl('/timeliness/report', { ...params });
}
