import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CheckResponse,
  ClassBand,
  ContentBody,
  CriterionBody,
  CriterionNode,
  FrameworkDetail,
  FrameworkList,
  FrameworkSummary,
  FrameworkView,
  ImportResponse,
} from '@server/modules/frameworks/schemas';
import { api, buildUrl } from '../../api/client';

export type { CheckResponse, ClassBand, ContentBody, CriterionBody, CriterionNode, FrameworkDetail, FrameworkSummary, FrameworkView, ImportResponse };
export type Method = CriterionNode['method'];

export const frameworkKeys = {
  all: ['frameworks'] as const,
  list: (params: { year?: number; block?: string }) => ['frameworks', 'list', params] as const,
  detail: (id: number) => ['frameworks', 'detail', id] as const,
};

/** Every revision (newest year first) and what the caller may do (`can.import`). */
export function useFrameworks(params: { year?: number; block?: string } = {}) {
  return useQuery({
    queryKey: frameworkKeys.list(params),
    queryFn: () => api.get<FrameworkList>('/frameworks', { ...params }),
    placeholderData: keepPreviousData,
  });
}

/** One framework with its criteria as a tree, and what the caller may do with it (`can`). */
export function useFramework(id: number) {
  return useQuery({
    queryKey: frameworkKeys.detail(id),
    queryFn: () => api.get<FrameworkView>(`/frameworks/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

const useRefresh = () => {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: frameworkKeys.all });
};

/** Saves the editor's draft over the framework (If-Match: the version it was loaded with). */
export function useSaveFramework(framework: Pick<FrameworkView, 'id' | 'version' | 'can'>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ContentBody) => api.put<FrameworkDetail>(`/frameworks/${framework.id}`, body, { ifMatch: framework.version }),
    onSuccess: (updated) => {
      // The answer has no `can`; the caller's rights did not change by saving.
      qc.setQueryData(frameworkKeys.detail(framework.id), { ...updated, can: framework.can });
      void qc.invalidateQueries({ queryKey: frameworkKeys.all });
    },
  });
}

/** Checks a draft against the framework rules without saving: every issue by body path. */
export const checkFramework = (body: ContentBody) => api.post<CheckResponse>('/frameworks/check', body);

export function useCloneFramework(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: { year: number; blockCode: string | null; name: string }) => api.post<FrameworkDetail>(`/frameworks/${id}/clone`, body),
    onSuccess: () => void refresh(),
  });
}

export function useReviseFramework(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => api.post<FrameworkDetail>(`/frameworks/${id}/revisions`, {}),
    onSuccess: () => void refresh(),
  });
}

export function useDeleteFramework(id: number) {
  const qc = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => api.delete(`/frameworks/${id}`),
    onSuccess: () => {
      qc.removeQueries({ queryKey: frameworkKeys.detail(id) });
      void refresh();
    },
  });
}

/** After an import: the lists reload. */
export const useRefreshFrameworks = useRefresh;

export const frameworkImportPath = '/frameworks/import';
export const frameworkExportUrl = (id: number, format: 'json' | 'csv' | 'xlsx') => buildUrl(`/frameworks/${id}/export`, { format });
