import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Block, BlockImportResult, BlockList, BlockPatchBody, NewBlockBody } from '@server/modules/blocks/schemas';
import { api } from '../../api/client';
import { unitKeys } from '../units/api';

export const blockKeys = {
  all: ['blocks'] as const,
};

/** The blocks with their member count this year, and what the caller may do with them. */
export function useBlockList() {
  return useQuery({
    queryKey: blockKeys.all,
    queryFn: () => api.get<BlockList>('/blocks'),
  });
}

/** The blocks alone (pickers). */
export function useBlocks() {
  return useQuery({
    queryKey: blockKeys.all,
    queryFn: () => api.get<BlockList>('/blocks'),
    select: (list) => list.items,
  });
}

export const blocksApi = {
  create: (body: NewBlockBody) => api.post<Block>('/blocks', body),
  rename: (code: string, body: BlockPatchBody) => api.patch<Block>(`/blocks/${encodeURIComponent(code)}`, body),
  remove: (code: string) => api.delete(`/blocks/${encodeURIComponent(code)}`),
  importPath: '/blocks/import',
};

export type { Block, BlockImportResult };

/** After blocks changed: blocks and units (which show their block) reload. */
export function useRefreshBlocks() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: blockKeys.all });
    void qc.invalidateQueries({ queryKey: unitKeys.all });
  };
}

/** Creates a block (`code` null: renames the block of `code`, whose code never changes). */
export function useSaveBlock() {
  const refresh = useRefreshBlocks();
  return useMutation({
    mutationFn: (input: { code: string | null; body: NewBlockBody }) =>
      input.code ? blocksApi.rename(input.code, { name: input.body.name }) : blocksApi.create(input.body),
    onSuccess: refresh,
  });
}

export function useDeleteBlock() {
  const refresh = useRefreshBlocks();
  return useMutation({
    mutationFn: (code: string) => blocksApi.remove(code),
    onSuccess: refresh,
  });
}
