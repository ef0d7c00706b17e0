import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  NewProcedureBody,
  Procedure,
  ProcedureFacets,
  ProcedureImportResult,
  ProcedureListQuery,
  ProcedurePageResponse,
  ProcedurePatchBody,
  ProcedureStatistics,
  ProcedureStats,
  PublicProcedure,
  PublicProcedureListQuery,
  PublicProcedurePage,
} from '@server/modules/procedures/schemas';
import { api, buildUrl, isStaleVersion } from '../../api/client';

/** The procedure catalogue (thủ tục hành chính): every call of the feature and its react-query keys. */

export type { Procedure, ProcedureImportResult, ProcedureStats, PublicProcedure };

export const procedureKeys = {
  all: ['procedures'] as const,
  list: (q: ProcedureListQuery) => ['procedures', 'list', q] as const,
  facets: ['procedures', 'facets'] as const,
  stats: ['procedures', 'stats'] as const,
  publicList: (q: PublicProcedureListQuery) => ['public-procedures', 'list', q] as const,
  publicFacets: ['public-procedures', 'facets'] as const,
};

export const proceduresApi = {
  importPath: '/procedures/import',
  exportUrl: (format: 'csv' | 'xlsx', unit?: string) => buildUrl('/procedures/export', { format, unit }),
  statsExportUrl: (format: 'csv' | 'xlsx') => buildUrl('/procedures/stats/export', { format }),
};

/** A page of the catalogue, with what the caller may do with it (`can`). */
export function useProcedures(query: ProcedureListQuery) {
  return useQuery({
    queryKey: procedureKeys.list(query),
    queryFn: () => api.get<ProcedurePageResponse>('/procedures', { ...query }),
    placeholderData: keepPreviousData,
  });
}

export function useProcedureFacets() {
  return useQuery({ queryKey: procedureKeys.facets, queryFn: () => api.get<ProcedureFacets>('/procedures/facets') });
}

export function useProcedureStats(enabled = true) {
  return useQuery({ queryKey: procedureKeys.stats, queryFn: () => api.get<ProcedureStatistics>('/procedures/stats'), enabled });
}

/** Without a session: the published catalogue (the public routes never send the user to the login page). */
export function usePublicProcedures(query: PublicProcedureListQuery) {
  return useQuery({
    queryKey: procedureKeys.publicList(query),
    queryFn: () => api.get<PublicProcedurePage>('/public/procedures', { ...query }, { skipAuthHandlers: true }),
    placeholderData: keepPreviousData,
  });
}

export function usePublicProcedureFacets() {
  return useQuery({
    queryKey: procedureKeys.publicFacets,
    queryFn: () => api.get<ProcedureFacets>('/public/procedures/facets', undefined, { skipAuthHandlers: true }),
  });
}

/** Reloads everything the catalogue shows. */
export function useRefreshProcedures() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: procedureKeys.all });
}

/**
 * Creates a procedure (`procedure` null), or changes it over the version the form was opened on: a change over
 * someone else's meanwhile gets 409 stale_version, and the catalogue reloads.
 */
export function useSaveProcedure(procedure: Procedure | null) {
  const refresh = useRefreshProcedures();
  return useMutation({
    mutationFn: (input: NewProcedureBody) => {
      const { code, ...body } = input;
      return procedure
        ? api.patch<Procedure>(`/procedures/${encodeURIComponent(procedure.code)}`, body satisfies ProcedurePatchBody, { ifMatch: procedure.version })
        : api.post<Procedure>('/procedures', { ...body, code });
    },
    onSuccess: refresh,
    onError: (error) => {
      if (isStaleVersion(error)) refresh();
    },
  });
}

export function useDeleteProcedure() {
  const refresh = useRefreshProcedures();
  return useMutation({
    mutationFn: (code: string) => api.delete(`/procedures/${encodeURIComponent(code)}`),
    onSuccess: refresh,
  });
}
