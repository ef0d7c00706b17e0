import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

export const ONLINE_LEVELS = ['full', 'partial', 'none'] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];

export interface Procedure {
  id: number;
  code: string;
  name: string;
  field: string;
  unitCode: string;
  unitName: string;
  legalDays: number;
  internalDays: number;
  onlineLevel: OnlineLevel;
  fee: number | null;
  published: boolean;
  updatedAt: string;
  /** The ETag: a change sends it back in If-Match. */
  version: number;
}

export type PublicProcedure = Omit<Procedure, 'id' | 'published' | 'updatedAt' | 'version'>;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface ProcedureFacets {
  units: { code: string; name: string }[];
  fields: string[];
}

export interface ProcedureStats {
  total: number;
  published: number;
  full: number;
  partial: number;
  none: number;
  fullSharePercent: number | null;
  withLegalLimit: number;
  cut: number;
  averageCutPercent: number | null;
  cutAtLeast30: number;
  cutAtLeast30SharePercent: number | null;
}

export interface UnitProcedureStats extends ProcedureStats {
  unitCode: string;
  unitName: string;
}

export interface ProcedureQuery {
  q?: string;
  unit?: string;
  field?: string;
  online?: OnlineLevel;
  published?: boolean;
  limit: number;
  offset: number;
}

export interface ProcedureInput {
  name: string;
  field: string;
  unitCode: string;
  legalDays: number;
  internalDays: number;
  onlineLevel: OnlineLevel;
  fee: number | null;
  published: boolean;
}

export interface ProcedureImportResult {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

export const procedureKeys = {
  all: ['procedures'] as const,
  list: (q: ProcedureQuery) => ['procedures', 'list', q] as const,
  facets: ['procedures', 'facets'] as const,
  stats: ['procedures', 'stats'] as const,
  publicList: (q: Omit<ProcedureQuery, 'published'>) => ['public-procedures', 'list', q] as const,
  publicFacets: ['public-procedures', 'facets'] as const,
};

export function useProcedures(query: ProcedureQuery) {
  return useQuery({
    queryKey: procedureKeys.list(query),
    queryFn: () => api.get<Page<Procedure>>('/procedures', { ...query }),
    placeholderData: keepPreviousData,
  });
}

export function useProcedureFacets() {
  return useQuery({ queryKey: procedureKeys.facets, queryFn: () => api.get<ProcedureFacets>('/procedures/facets') });
}

export function useProcedureStats(enabled = true) {
  return useQuery({
    queryKey: procedureKeys.stats,
    queryFn: () => api.get<{ units: UnitProcedureStats[]; province: ProcedureStats }>('/procedures/stats'),
    enabled,
  });
}

/** Without a session: the published catalogue (the public routes never send the user to the login page). */
export function usePublicProcedures(query: Omit<ProcedureQuery, 'published'>) {
  return useQuery({
    queryKey: procedureKeys.publicList(query),
    queryFn: () => api.get<Page<PublicProcedure>>('/public/procedures', { ...query }, { skipAuthHandlers: true }),
    placeholderData: keepPreviousData,
  });
}

export function usePublicProcedureFacets() {
  return useQuery({
    queryKey: procedureKeys.publicFacets,
    queryFn: () => api.get<ProcedureFacets>('/public/procedures/facets', undefined, { skipAuthHandlers: true }),
  });
}
