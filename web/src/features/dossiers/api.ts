import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApiToken,
  ApiTokenCreated,
  ApiTokenList,
  DossierDetail,
  DossierListItem,
  DossierSearchQuery,
  DossierSearchResult,
  DossierStanding,
  DossierImportResult,
  ImportRun,
  ImportRunDetail,
  ImportRunList,
  ImportStatus,
} from '@server/modules/dossiers/schemas';
import { ApiError, api, buildUrl } from '../../api/client';

/** Dossier imports (docs/dossiers.md "API and upload"): every call of the feature and its react-query keys. */

export type { ApiToken, DossierDetail, DossierImportResult, DossierListItem, DossierSearchQuery, DossierStanding, ImportRun, ImportStatus };

export const dossierKeys = {
  runs: (page: number) => ['dossier-imports', 'list', page] as const,
  runsAll: ['dossier-imports'] as const,
  run: (id: number) => ['dossier-imports', 'detail', id] as const,
  tokens: ['api-tokens'] as const,
  search: (query: DossierSearchQuery) => ['dossiers', 'search', query] as const,
  detail: (code: string) => ['dossiers', 'detail', code] as const,
};

/** The dossier list (GET /dossiers): one page of the dossiers the caller may see. */
export function useDossierSearch(query: DossierSearchQuery) {
  return useQuery({
    queryKey: dossierKeys.search(query),
    queryFn: () => api.get<DossierSearchResult>('/dossiers', query as Record<string, string | number | undefined>),
    placeholderData: (previous) => previous,
  });
}

/** One dossier with its letter (GET /dossiers/:code). */
export function useDossier(code: string | undefined) {
  return useQuery({
    queryKey: dossierKeys.detail(code ?? ''),
    queryFn: () => api.get<DossierDetail>(`/dossiers/${encodeURIComponent(code!)}`),
    enabled: !!code,
  });
}

export const RUNS_PAGE_SIZE = 20;

export function useImportRuns(page: number, enabled = true) {
  return useQuery({
    queryKey: dossierKeys.runs(page),
    queryFn: () => api.get<ImportRunList>('/dossiers/imports', { limit: RUNS_PAGE_SIZE, offset: (page - 1) * RUNS_PAGE_SIZE }),
    enabled,
    // A run started elsewhere (the CLI, a machine push) shows up without a reload.
    refetchInterval: (query) => (query.state.data?.items.some((r) => r.status === 'running') ? 2000 : 30_000),
  });
}

export function useImportRun(id: number | null) {
  return useQuery({
    queryKey: dossierKeys.run(id ?? 0),
    queryFn: () => api.get<ImportRunDetail>(`/dossiers/imports/${id}`),
    enabled: id !== null,
  });
}

/** Refreshes the list of runs (after an upload). */
export function useRefreshRuns() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: dossierKeys.runsAll });
}

export function useApiTokens(enabled = true) {
  return useQuery({
    queryKey: dossierKeys.tokens,
    queryFn: () => api.get<ApiTokenList>('/api-tokens').then((r) => r.items),
    enabled,
  });
}

export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<ApiTokenCreated>('/api-tokens', { name }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: dossierKeys.tokens }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<ApiToken>(`/api-tokens/${id}`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: dossierKeys.tokens }),
  });
}

/** The running upload of this user with this file name, started after `since` (ms), if the server has it yet. */
export async function findRunningUpload(fileName: string, since: number): Promise<ImportRun | null> {
  const list = await api.get<ImportRunList>('/dossiers/imports', { status: 'running', mine: true, fileName, limit: 5 }, { skipAuthHandlers: true });
  // A minute of slack for a clock that differs between browser and server.
  return list.items.find((r) => r.source === 'upload' && new Date(r.startedAt).getTime() >= since - 60_000) ?? null;
}

export interface UploadHandle {
  /** Settles with the result (200) or rejects with an ApiError (400 import_rejected with its rows, 413, …). */
  done: Promise<DossierImportResult>;
  abort: () => void;
}

/**
 * Uploads a dossier file with XMLHttpRequest, the one browser API that reports upload progress (fetch does not).
 * The server reads the file while it arrives, so the bytes sent follow the rows read closely.
 */
export function uploadDossierFile(
  file: File,
  options: { skipInvalid: boolean; csrfToken: string; onUploadProgress: (sent: number, total: number) => void; onUploaded: () => void },
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<DossierImportResult>((resolve, reject) => {
    const form = new FormData();
    form.append('file', file);
    xhr.open('POST', buildUrl('/dossiers/imports', { skipInvalid: options.skipInvalid, size: file.size }));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', options.csrfToken);
    xhr.upload.onprogress = (e) => options.onUploadProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.upload.onload = () => options.onUploaded();
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload was interrupted', undefined, { reason: 'dossier_upload_interrupted' }));
    xhr.onabort = () => reject(new ApiError(0, 'network_error', 'The upload was cancelled', undefined, { reason: 'dossier_upload_cancelled' }));
    xhr.onload = () => {
      let payload: unknown = null;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: handled below
      }
      if (xhr.status >= 200 && xhr.status < 300 && payload) return resolve(payload as DossierImportResult);
      const err = (payload as { error?: { code?: string; message?: string; details?: unknown; reason?: unknown; params?: unknown } } | null)?.error;
      reject(
        err?.code
          ? new ApiError(xhr.status, err.code, err.message ?? err.code, err.details, err)
          : new ApiError(xhr.status, xhr.status >= 500 ? 'internal_error' : 'http_error', xhr.statusText || `HTTP ${xhr.status}`),
      );
    };
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** The CSRF token of the current session (the XHR upload sends it like every other unsafe request). */
export async function currentCsrfToken(): Promise<string> {
  const me = await api.get<{ csrfToken: string }>('/auth/me');
  return me.csrfToken;
}
