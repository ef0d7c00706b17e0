import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  EntryForm,
  ImportResult,
  PaperEntryBody,
  PaperEntryResult,
  PaperPage,
  PaperResolveBody,
  PaperState,
  RecheckBody,
  ResponsePage,
  SurveyResponseItem,
} from '@server/modules/survey-entry/schemas';
import { api, buildUrl } from '../../api/client';

/** Paper entry, the re-check flag, and the responses file import / export of one campaign. */

export type { EntryForm, ImportResult, PaperEntryResult, PaperPage, PaperState, ResponsePage, SurveyResponseItem };
export type PaperForm = PaperPage['items'][number];
export type Difference = PaperEntryResult['differences'][number];

const base = (code: string) => `/surveys/campaigns/${encodeURIComponent(code)}`;

export const entryKeys = {
  all: (code: string) => ['survey-entry', code] as const,
  form: (code: string) => ['survey-entry', code, 'form'] as const,
  paper: (code: string, state: PaperState | null, offset: number) => ['survey-entry', code, 'paper', state, offset] as const,
  responses: (code: string, q: ResponseFilter) => ['survey-entry', code, 'responses', q] as const,
};

export interface ResponseFilter {
  source?: string | null;
  recheck?: 'true' | 'false' | null;
  limit: number;
  offset: number;
}

export const entryUrls = {
  importPath: (code: string) => `${base(code)}/responses/import`,
  exportUrl: (code: string, format: 'csv' | 'xlsx', values: 'codes' | 'labels') => buildUrl(`${base(code)}/responses/export`, { format, values }),
};

export function useEntryForm(code: string) {
  return useQuery({ queryKey: entryKeys.form(code), queryFn: () => api.get<EntryForm>(`${base(code)}/entry`) });
}

export function usePaperForms(code: string, state: PaperState | null, offset: number) {
  return useQuery({
    queryKey: entryKeys.paper(code, state, offset),
    queryFn: () => api.get<PaperPage>(`${base(code)}/paper`, { state, offset, limit: 50 }),
    placeholderData: keepPreviousData,
  });
}

export function useResponses(code: string, filter: ResponseFilter) {
  return useQuery({
    queryKey: entryKeys.responses(code, filter),
    queryFn: () => api.get<ResponsePage>(`${base(code)}/responses`, { ...filter }),
    placeholderData: keepPreviousData,
  });
}

export function useEntryMutations(code: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: entryKeys.all(code) });
  return {
    enter: useMutation({ mutationFn: (body: PaperEntryBody) => api.post<PaperEntryResult>(`${base(code)}/paper`, body), onSuccess: refresh }),
    resolve: useMutation({
      mutationFn: ({ formNo, body }: { formNo: string; body: PaperResolveBody }) =>
        api.put<PaperEntryResult>(`${base(code)}/paper/${encodeURIComponent(formNo)}/resolve`, body),
      onSuccess: refresh,
    }),
    recheck: useMutation({
      mutationFn: ({ id, body }: { id: number; body: RecheckBody }) => api.patch<SurveyResponseItem>(`/surveys/responses/${id}`, body),
      onSuccess: refresh,
    }),
    refresh,
  };
}
