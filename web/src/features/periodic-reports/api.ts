import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Deadlines, ReportStatus, ReportTemplate, TemplateResponse, UnitReport, UnitReportList } from '@server/modules/periodic-reports/schemas';
import { api } from '../../api/client';

/** Periodic reports (báo cáo định kỳ): every call of the feature and its react-query keys. */

export type { Deadlines, ReportStatus, ReportTemplate, TemplateResponse, UnitReport, UnitReportList };
export type ReportPeriod = UnitReport['period'];
export const PERIODS: ReportPeriod[] = ['q1', 'q2', 'q3', 'q4', 'h1', 'm9', 'year'];
export type ReportState = UnitReport['state'];

export const reportKeys = {
  all: ['periodic-reports'] as const,
  deadlines: (year: number) => ['periodic-reports', 'deadlines', year] as const,
  list: (unit: string, year: number) => ['periodic-reports', 'list', unit, year] as const,
  report: (unit: string, year: number, period: ReportPeriod) => ['periodic-reports', 'report', unit, year, period] as const,
  status: (year: number, period: ReportPeriod) => ['periodic-reports', 'status', year, period] as const,
  template: ['periodic-reports', 'template'] as const,
};

const base = (unit: string, year: number, period: ReportPeriod) => `/reports/${encodeURIComponent(unit)}/${year}/${period}`;

export const useDeadlines = (year: number) =>
  useQuery({ queryKey: reportKeys.deadlines(year), queryFn: () => api.get<Deadlines>('/reports/deadlines', { year }) });
export const useUnitReports = (unit: string | null, year: number) =>
  useQuery({
    queryKey: reportKeys.list(unit ?? '', year),
    queryFn: () => api.get<UnitReportList>(`/reports/${encodeURIComponent(unit!)}/${year}`),
    enabled: !!unit,
  });
export const useUnitReport = (unit: string, year: number, period: ReportPeriod) =>
  useQuery({ queryKey: reportKeys.report(unit, year, period), queryFn: () => api.get<UnitReport>(base(unit, year, period)) });
export const useReportStatus = (year: number, period: ReportPeriod, enabled = true) =>
  useQuery({ queryKey: reportKeys.status(year, period), queryFn: () => api.get<ReportStatus>('/reports/status', { year, period }), enabled });
export const useReportTemplate = () => useQuery({ queryKey: reportKeys.template, queryFn: () => api.get<TemplateResponse>('/reports/template') });

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: reportKeys.all });
}

export function useSaveDeadlines(year: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (deadlines: { period: ReportPeriod; dueOn: string }[]) => api.put<Deadlines>(`/reports/deadlines?year=${year}`, { deadlines }),
    onSuccess: refresh,
  });
}

export function useSaveReport(unit: string, year: number, period: ReportPeriod) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { sections: Record<string, string>; documentNo: string; version: number }) =>
      api.put(base(unit, year, period), { sections: input.sections, documentNo: input.documentNo }, { ifMatch: input.version }),
    onSuccess: refresh,
  });
}

export function useSubmitReport(unit: string, year: number, period: ReportPeriod) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (version: number) => api.post(`${base(unit, year, period)}/submit`, undefined, { ifMatch: version }), onSuccess: refresh });
}

export function useReopenReport(unit: string, year: number, period: ReportPeriod) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (version: number) => api.post(`${base(unit, year, period)}/reopen`, undefined, { ifMatch: version }), onSuccess: refresh });
}

export function useSaveTemplate() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { template: ReportTemplate; version: number }) =>
      api.put<TemplateResponse>('/reports/template', input.template, { ifMatch: input.version }),
    onSuccess: refresh,
  });
}

export function useResetTemplate() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (version: number) => api.delete<TemplateResponse>('/reports/template', { ifMatch: version }), onSuccess: refresh });
}

export const reportUrls = {
  docx: (unit: string, year: number, period: ReportPeriod) => `/api/v1${base(unit, year, period)}/report.docx`,
  summary: (year: number, period: ReportPeriod) => `/api/v1/reports/summary.docx?year=${year}&period=${period}`,
};
