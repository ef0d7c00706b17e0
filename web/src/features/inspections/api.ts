import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ClosureInput,
  FindingInput,
  Inspection,
  InspectionInput,
  InspectionPatchInput,
  InspectionYear,
  Inspector,
  RemediationInput,
} from '@server/modules/inspections/schemas';
import { api } from '../../api/client';

/** Inspections (kiểm tra CCHC): every call of the feature and its react-query keys. */

export type { ClosureInput, FindingInput, Inspection, InspectionInput, InspectionPatchInput, InspectionYear, Inspector, RemediationInput };
export type InspectionSummary = InspectionYear['inspections'][number];
export type Finding = Inspection['findings'][number];
export type RemediationItem = Inspection['remediation'][number];

export const inspectionKeys = {
  all: ['inspections'] as const,
  year: (year: number) => ['inspections', 'year', year] as const,
  detail: (id: number) => ['inspections', 'detail', id] as const,
  inspectors: ['inspections', 'inspectors'] as const,
};

export function useInspectionYear(year: number) {
  return useQuery({ queryKey: inspectionKeys.year(year), queryFn: () => api.get<InspectionYear>('/inspections', { year }) });
}

export function useInspection(id: number) {
  return useQuery({ queryKey: inspectionKeys.detail(id), queryFn: () => api.get<Inspection>(`/inspections/${id}`), enabled: id > 0 });
}

/** The accounts that may be on a team (the organizer's dialog only). */
export function useInspectors(enabled: boolean) {
  return useQuery({ queryKey: inspectionKeys.inspectors, queryFn: () => api.get<Inspector[]>('/inspections/inspectors'), enabled });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: inspectionKeys.all });
}

export function useCreateInspection() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { year: number; body: InspectionInput }) => api.post<{ id: number }>('/inspections', input.body, { query: { year: input.year } }),
    onSuccess: refresh,
  });
}

export function useUpdateInspection() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { id: number; version: number; body: InspectionPatchInput }) =>
      api.patch(`/inspections/${input.id}`, input.body, { ifMatch: input.version }),
    onSuccess: refresh,
  });
}

export function useDeleteInspection() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { id: number; version: number }) => api.delete(`/inspections/${input.id}`, { ifMatch: input.version }),
    onSuccess: refresh,
  });
}

export function useSaveFinding() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { inspectionId: number; finding: Finding | null; body: FindingInput }) =>
      input.finding
        ? api.patch(`/inspections/${input.inspectionId}/findings/${input.finding.id}`, input.body, { ifMatch: input.finding.version })
        : api.post(`/inspections/${input.inspectionId}/findings`, input.body),
    onSuccess: refresh,
  });
}

export function useDeleteFinding() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { inspectionId: number; finding: Finding }) =>
      api.delete(`/inspections/${input.inspectionId}/findings/${input.finding.id}`, { ifMatch: input.finding.version }),
    onSuccess: refresh,
  });
}

export function useSaveItem() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { inspectionId: number; item: RemediationItem | null; body: RemediationInput }) =>
      input.item
        ? api.patch(`/inspections/${input.inspectionId}/remediation/${input.item.id}`, input.body, { ifMatch: input.item.version })
        : api.post(`/inspections/${input.inspectionId}/remediation`, input.body),
    onSuccess: refresh,
  });
}

export function useDeleteItem() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { inspectionId: number; item: RemediationItem }) =>
      api.delete(`/inspections/${input.inspectionId}/remediation/${input.item.id}`, { ifMatch: input.item.version }),
    onSuccess: refresh,
  });
}

export function useCloseItem() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { inspectionId: number; item: RemediationItem; body: ClosureInput }) =>
      api.put(`/inspections/${input.inspectionId}/remediation/${input.item.id}/closure`, input.body, { ifMatch: input.item.version }),
    onSuccess: refresh,
  });
}

export function useReopenItem() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: { inspectionId: number; item: RemediationItem }) =>
      api.delete(`/inspections/${input.inspectionId}/remediation/${input.item.id}/closure`, { ifMatch: input.item.version }),
    onSuccess: refresh,
  });
}

export const inspectionUrls = {
  document: (id: number, kind: 'record' | 'conclusion') => `/api/v1/inspections/${id}/${kind}.docx`,
};
