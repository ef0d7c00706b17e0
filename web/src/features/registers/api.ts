import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RegisterKind } from '@server/domain/registers';
import type { RegisterEntryBody, RegisterEntryPatch, RegisterImportResult, RegisterList } from '@server/modules/registers/schemas';
import type { z } from 'zod';
import { api } from '../../api/client';

/** The registers units report on (sổ theo dõi): every call of the feature and its react-query keys. */

export type { RegisterImportResult, RegisterKind, RegisterList };
export type RegisterEntry = RegisterList['entries'][number];
export type EntryInput = z.input<typeof RegisterEntryBody>;
export type EntryPatch = z.input<typeof RegisterEntryPatch>;

export const registerKeys = {
  all: ['registers'] as const,
  list: (year: number, unit: string | null) => ['registers', year, unit] as const,
};

/** A year's entries of a unit (unit staff: their own when `unit` is null) or of every unit. */
export function useRegisters(year: number, unit: string | null) {
  return useQuery({ queryKey: registerKeys.list(year, unit), queryFn: () => api.get<RegisterList>('/registers', { year, ...(unit ? { unit } : {}) }) });
}

export function useRefreshRegisters() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: registerKeys.all });
}

export function useSaveEntry() {
  const refresh = useRefreshRegisters();
  return useMutation({
    mutationFn: (input: { entry: RegisterEntry | null; body: EntryInput }) =>
      input.entry === null
        ? api.post('/registers', input.body)
        : api.patch(
            `/registers/${input.entry.id}`,
            { code: input.body.code, title: input.body.title, entryDate: input.body.entryDate ?? null, data: input.body.data } satisfies EntryPatch,
            { ifMatch: input.entry.version },
          ),
    onSuccess: refresh,
  });
}

export function useDeleteEntry() {
  const refresh = useRefreshRegisters();
  return useMutation({ mutationFn: (id: number) => api.delete(`/registers/${id}`), onSuccess: refresh });
}

export const registerUrls = {
  importPath: '/registers/import',
  export: (year: number, register: RegisterKind, format: 'csv' | 'xlsx', unit: string | null) =>
    `/api/v1/registers/export?year=${year}&register=${register}&format=${format}${unit ? `&unit=${encodeURIComponent(unit)}` : ''}`,
};
