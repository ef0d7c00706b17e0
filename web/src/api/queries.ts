import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type {
  AuditEntry,
  Block,
  FrameworkDetail,
  FrameworkSummary,
  Publication,
  Role,
  Unit,
  UnitDetail,
  UserAdmin,
  VisibleResults,
} from './types';

export const keys = {
  blocks: ['blocks'] as const,
  units: (params: UnitListParams) => ['units', 'list', params] as const,
  unitsAll: ['units'] as const,
  unit: (code: string) => ['units', 'detail', code] as const,
  users: (params: UserListParams) => ['users', params] as const,
  usersAll: ['users'] as const,
  audit: (params: AuditParams) => ['audit', params] as const,
};

export function useBlocks() {
  return useQuery({
    queryKey: keys.blocks,
    queryFn: () => api.get<{ items: Block[] }>('/blocks').then((r) => r.items),
  });
}

export interface UnitListParams {
  year?: number;
  block?: string;
  status?: string;
  parent?: string;
}

export function useUnits(params: UnitListParams = {}) {
  return useQuery({
    queryKey: keys.units(params),
    queryFn: () => api.get<{ items: Unit[]; year: number }>('/units', { ...params }),
    placeholderData: keepPreviousData,
  });
}

export function useUnit(code: string) {
  return useQuery({
    queryKey: keys.unit(code),
    queryFn: () => api.get<UnitDetail>(`/units/${encodeURIComponent(code)}`),
  });
}

/** Accounts of one unit: admin, or a unit leader/officer for their own unit. */
export function useUnitAccounts(code: string) {
  return useQuery({
    queryKey: ['units', 'accounts', code] as const,
    queryFn: () => api.get<{ items: UserAdmin[] }>(`/units/${encodeURIComponent(code)}/users`).then((r) => r.items),
  });
}

export interface UserListParams {
  role?: Role;
  unit?: string;
}

export function useUsers(params: UserListParams) {
  return useQuery({
    queryKey: keys.users(params),
    queryFn: () => api.get<{ items: UserAdmin[] }>('/users', { ...params }).then((r) => r.items),
    placeholderData: keepPreviousData,
  });
}

export interface AuditParams {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export function useAudit(params: AuditParams) {
  return useQuery({
    queryKey: keys.audit(params),
    queryFn: () => api.get<{ items: AuditEntry[]; total: number }>('/audit', { ...params }),
    placeholderData: keepPreviousData,
  });
}

export interface Health {
  status: 'ok' | 'unavailable';
  database: 'pglite' | 'postgres';
  /** 'down' comes with a 503: the server runs but its database does not answer. */
  databaseStatus: 'up' | 'down';
  migration?: { version: string | null; count: number };
  demo?: boolean;
}

/** Server facts (database, demo data); public, so the login page can show them too. */
export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: async () => (await fetch('/api/health', { credentials: 'same-origin' })).json() as Promise<Health>,
    staleTime: 5 * 60_000,
  });
}

export function useFrameworks(params: { year?: number; block?: string } = {}) {
  return useQuery({
    queryKey: ['frameworks', 'list', params] as const,
    queryFn: () => api.get<{ items: FrameworkSummary[] }>('/frameworks', { ...params }).then((r) => r.items),
    placeholderData: keepPreviousData,
  });
}

export function useFramework(id: number) {
  return useQuery({
    queryKey: ['frameworks', 'detail', id] as const,
    queryFn: () => api.get<FrameworkDetail>(`/frameworks/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export const resultKeys = {
  all: ['results'] as const,
  block: (year: number, block: string) => ['results', 'block', year, block] as const,
  publicBlock: (year: number, block: string) => ['results', 'public', year, block] as const,
  publications: (year: number, block: string) => ['results', 'publications', year, block] as const,
};

/** The ranking of a block in a year; published results, or the live preview for admin and council. */
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
    queryFn: () => api.get<VisibleResults>('/public/results', { year, block }, { skipAuthHandlers: true }),
    enabled: Boolean(block) && year > 0,
  });
}

export function usePublications(year: number, block: string, enabled = true) {
  return useQuery({
    queryKey: resultKeys.publications(year, block),
    queryFn: () => api.get<{ items: Publication[] }>('/results/publications', { year, block }).then((r) => r.items),
    enabled: enabled && Boolean(block) && year > 0,
  });
}
