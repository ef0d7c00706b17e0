import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlanBody, PlansReportRow, TaskBody, UnitPlans } from '@server/modules/plans/schemas';
import type { z } from 'zod';
import { api } from '../../api/client';

/** Reform plans (kế hoạch CCHC): every call of the feature and its react-query keys. */

export type { PlansReportRow, UnitPlans };
export type Plan = UnitPlans['plans'][number];
export type Task = Plan['tasks'][number];
export type PlanInput = z.input<typeof PlanBody>;
export type TaskInput = z.input<typeof TaskBody>;

export const planKeys = {
  all: ['plans'] as const,
  unit: (year: number, unit: string | null) => ['plans', 'unit', year, unit] as const,
  report: (year: number) => ['plans', 'report', year] as const,
};

/** A unit's plans (unit staff: their own when `unit` is null; others: the province's own plans). */
export function useUnitPlans(year: number, unit: string | null) {
  return useQuery({ queryKey: planKeys.unit(year, unit), queryFn: () => api.get<UnitPlans>('/plans', { year, ...(unit ? { unit } : {}) }) });
}

/** The province's progress: one row per unit with plans. */
export function usePlansReport(year: number, enabled: boolean) {
  return useQuery({
    queryKey: planKeys.report(year),
    queryFn: () => api.get<PlansReportRow[]>('/plans/report', { year, format: 'json' }),
    enabled,
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: planKeys.all });
}

export function useSavePlan() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { id: number | null; year: number; unit: string | null; body: PlanInput }) =>
      input.id === null
        ? api.post('/plans', input.body, { query: { year: input.year, ...(input.unit ? { unit: input.unit } : {}) } })
        : api.patch(`/plans/${input.id}`, { ...input.body, code: undefined }),
    onSuccess: refresh,
  });
}

export function useSaveTask() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { planId: number; body: TaskInput }) => api.put(`/plans/${input.planId}/tasks/${encodeURIComponent(input.body.code)}`, input.body),
    onSuccess: refresh,
  });
}

export function useDeleteTask() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { planId: number; code: string }) => api.delete(`/plans/${input.planId}/tasks/${encodeURIComponent(input.code)}`),
    onSuccess: refresh,
  });
}

export const planUrls = {
  report: (year: number, format: 'csv' | 'xlsx') => `/api/v1/plans/report?year=${year}&format=${format}`,
};
