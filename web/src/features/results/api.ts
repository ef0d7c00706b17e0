import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BlockResults,
  CriterionDetail,
  FieldResult,
  PublicResults,
  PublicationList,
  PublishResponse,
  ResultsField,
  UnitCriteriaResults,
  UnitProblem,
  UnitRanking,
  VisibleResults,
} from '@server/modules/results/schemas';
import type { FormulaDetail, FormulaInputView } from '@server/modules/indicators/schemas';
import { api, ApiError, buildUrl } from '../../api/client';

export type {
  BlockResults,
  CriterionDetail,
  FieldResult,
  FormulaDetail,
  FormulaInputView,
  PublicResults,
  ResultsField,
  UnitProblem,
  UnitRanking,
  VisibleResults,
};
export type ClassBand = BlockResults['classes'][number];

export const resultKeys = {
  all: ['results'] as const,
  block: (year: number, block: string) => ['results', 'block', year, block] as const,
  publicBlock: (year: number, block: string) => ['results', 'public', year, block] as const,
  publications: (year: number, block: string) => ['results', 'publications', year, block] as const,
  unitCriteria: (year: number, block: string, unitCode: string) => ['results', 'unit-criteria', year, block, unitCode] as const,
};

/** The ranking of a block in a year; published results, or the live preview for admin and council; with `can`. */
export function resultsQuery(year: number, block: string) {
  return {
    queryKey: resultKeys.block(year, block),
    queryFn: () => api.get<VisibleResults>('/results', { year, block }),
    enabled: Boolean(block) && year > 0,
  };
}

export function useResults(year: number, block: string) {
  return useQuery(resultsQuery(year, block));
}

/** Published results without a session; a 401 here must not send anyone to the login page. */
export function usePublicResults(year: number, block: string) {
  return useQuery({
    queryKey: resultKeys.publicBlock(year, block),
    queryFn: () => api.get<PublicResults>('/public/results', { year, block }, { skipAuthHandlers: true }),
    enabled: Boolean(block) && year > 0,
  });
}

export function usePublications(year: number, block: string, enabled = true) {
  return useQuery({
    queryKey: resultKeys.publications(year, block),
    queryFn: () => api.get<PublicationList>('/results/publications', { year, block }).then((r) => r.items),
    enabled: enabled && Boolean(block) && year > 0,
  });
}

/** A unit's criteria as published (or previewed): where it earned and lost points. */
export function useUnitCriteria(year: number, block: string, unitCode: string) {
  return useQuery({
    queryKey: resultKeys.unitCriteria(year, block, unitCode),
    queryFn: () => api.get<UnitCriteriaResults>(`/results/units/${encodeURIComponent(unitCode)}`, { year, block }),
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });
}

/** Publishes the results of a year and block, or a correction (with its reason); every results query reloads. */
export function usePublishResults(year: number, block: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string | null) => api.post<PublishResponse>('/results/publish', { year, block, ...(reason !== null ? { reason } : {}) }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: resultKeys.all }),
  });
}

/** The download address of the ranking as a table. */
export const resultsExportUrl = (year: number, block: string, format: 'csv' | 'xlsx' | 'json') => buildUrl('/results/export', { year, block, format });
