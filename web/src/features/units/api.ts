import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MergeUnitsBody, SplitResult, SplitUnitBody, UnitDetailResponse, UnitImportResult, UnitList, UnitPatchBody } from '@server/modules/units/schemas';
import type { UnitAccount } from '@server/modules/users/schemas';
import type { z } from 'zod';
import type { NewUnitBody } from '@server/modules/units/schemas';
import { api, buildUrl, isStaleVersion } from '../../api/client';
import { blockKeys } from '../blocks/api';

export type { UnitDetailResponse as UnitDetail, UnitImportResult };
export type UnitLink = UnitDetailResponse['predecessors'][number];

export interface UnitListParams {
  year?: number;
  block?: string;
  status?: string;
  parent?: string;
}

export const unitKeys = {
  all: ['units'] as const,
  list: (params: UnitListParams) => ['units', 'list', params] as const,
  detail: (code: string) => ['units', 'detail', code] as const,
  accounts: (code: string) => ['units', 'accounts', code] as const,
};

export function useUnits(params: UnitListParams = {}) {
  return useQuery({
    queryKey: unitKeys.list(params),
    queryFn: () => api.get<UnitList>('/units', { ...params }),
    placeholderData: keepPreviousData,
  });
}

export function useUnit(code: string) {
  return useQuery({
    queryKey: unitKeys.detail(code),
    queryFn: () => api.get<UnitDetailResponse>(`/units/${encodeURIComponent(code)}`),
  });
}

/** Accounts of one unit: the organizer, or the unit's own staff (the unit's `can.seeAccounts`). */
export function useUnitAccounts(code: string) {
  return useQuery({
    queryKey: unitKeys.accounts(code),
    queryFn: () => api.get<{ items: UnitAccount[] }>(`/units/${encodeURIComponent(code)}/users`).then((r) => r.items),
  });
}

const unitPath = (code: string) => `/units/${encodeURIComponent(code)}`;

export const unitsApi = {
  create: (body: z.input<typeof NewUnitBody>) => api.post<UnitDetailResponse>('/units', body),
  update: (unit: { code: string; version: number }, body: UnitPatchBody) => api.patch<UnitDetailResponse>(unitPath(unit.code), body, { ifMatch: unit.version }),
  setMembership: (code: string, year: number, blockCode: string) => api.put<UnitDetailResponse>(`${unitPath(code)}/memberships/${year}`, { blockCode }),
  removeMembership: (code: string, year: number) => api.delete<UnitDetailResponse>(`${unitPath(code)}/memberships/${year}`),
  /** The year may be left empty: the server names the missing field. */
  merge: (body: Omit<MergeUnitsBody, 'year'> & { year?: number }) => api.post<UnitDetailResponse>('/units/merge', body),
  split: (code: string, body: Omit<SplitUnitBody, 'year'> & { year?: number }) => api.post<SplitResult>(`${unitPath(code)}/split`, body),
  exportUrl: (format: 'csv' | 'xlsx', year?: number) => buildUrl('/units/export', { format, year }),
  importPath: '/units/import',
};

/** After units changed (or were imported): every unit and block view reloads. */
export function useRefreshUnits() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: unitKeys.all });
    void qc.invalidateQueries({ queryKey: blockKeys.all });
  };
}

/** A unit change: on success refresh every unit and block view and confirm with a toast. */
export function useUnitMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>, successMessage: string) {
  const qc = useQueryClient();
  const refresh = useRefreshUnits();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      refresh();
      notifications.show({ color: 'green', message: successMessage });
    },
    // Someone else changed the unit meanwhile (409 stale_version, shown by ErrorAlert): reload what is stored now.
    onError: (error) => {
      if (isStaleVersion(error)) void qc.invalidateQueries({ queryKey: unitKeys.all });
    },
  });
}
