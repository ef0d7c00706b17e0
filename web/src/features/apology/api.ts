import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApologyCan,
  ApologyTemplate,
  BulkIssueResult,
  BulkLettersBody,
  IssueResult,
  LateDossier,
  LateDossierList,
  LateDossiersQuery,
  LetterBody,
  LetterCountRow,
  LetterCounts,
  RenderedLetter,
  TemplateResponse,
} from '@server/modules/apology/schemas';
import { api, buildUrl, isStaleVersion } from '../../api/client';

/** Apology letters (phiếu xin lỗi và hẹn lại ngày trả kết quả, docs/apology-letters.md): every call and query key. */

export type { ApologyCan, ApologyTemplate, LateDossier, LetterCountRow, RenderedLetter };
/** The list's filter as the page keeps it (paging apart). */
export type LateDossierFilter = Omit<LateDossiersQuery, 'limit' | 'offset'>;

export const apologyKeys = {
  all: ['apology'] as const,
  dossiers: (filter: LateDossiersQuery) => ['apology', 'dossiers', filter] as const,
  counts: (by: string, from: string, to: string) => ['apology', 'counts', by, from, to] as const,
  template: ['apology', 'template'] as const,
};

export function useLateDossiers(filter: LateDossiersQuery) {
  return useQuery({
    queryKey: apologyKeys.dossiers(filter),
    queryFn: () => api.get<LateDossierList>('/apology-letters/dossiers', { ...filter }),
    placeholderData: keepPreviousData,
  });
}

export function useLetterCounts(by: 'unit' | 'field', from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: apologyKeys.counts(by, from, to),
    queryFn: () => api.get<LetterCounts>('/apology-letters/counts', { by, from, to }),
    enabled: enabled && from <= to,
  });
}

/** The first day of this year and today: the counts' default period. */
export function defaultCountsPeriod(): { from: string; to: string } {
  const today = localToday();
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/**
 * What the caller may do with apology letters (`can` of the counts, which every role may read): the page's tabs
 * and buttons follow it. The query is the counts tab's default one, so it is asked once.
 */
export function useApologyCan(): { can: ApologyCan | undefined; error: unknown } {
  const { from, to } = defaultCountsPeriod();
  const counts = useLetterCounts('unit', from, to);
  return { can: counts.data?.can, error: counts.error };
}

export function useLetterTemplate(enabled = true) {
  return useQuery({ queryKey: apologyKeys.template, queryFn: () => api.get<TemplateResponse>('/apology-letters/template'), enabled });
}

export function useIssueLetter() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: LetterBody }) => api.put<IssueResult>(`/apology-letters/dossiers/${encodeURIComponent(code)}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: apologyKeys.all }),
  });
}

export function useBulkIssue() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkLettersBody) => api.post<BulkIssueResult>('/apology-letters/bulk', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: apologyKeys.all }),
  });
}

export function useSaveTemplate() {
  const qc = useQueryClient();
  return useMutation({
    // The version the editor loaded: if someone saved meanwhile, 409 stale_version and the template is reloaded.
    mutationFn: (template: ApologyTemplate) =>
      api.put<TemplateResponse>('/apology-letters/template', template, { ifMatch: qc.getQueryData<TemplateResponse>(apologyKeys.template)?.version }),
    onSuccess: (view) => qc.setQueryData(apologyKeys.template, view),
    onError: (error) => {
      if (isStaleVersion(error)) void qc.invalidateQueries({ queryKey: apologyKeys.template });
    },
  });
}

export function useResetTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<TemplateResponse>('/apology-letters/template', { ifMatch: qc.getQueryData<TemplateResponse>(apologyKeys.template)?.version }),
    onSuccess: (view) => qc.setQueryData(apologyKeys.template, view),
    onError: (error) => {
      if (isStaleVersion(error)) void qc.invalidateQueries({ queryKey: apologyKeys.template });
    },
  });
}

export function usePreviewTemplate() {
  return useMutation({ mutationFn: (template: ApologyTemplate) => api.post<RenderedLetter>('/apology-letters/template/preview', template) });
}

export const letterHref = (code: string) => buildUrl(`/apology-letters/dossiers/${encodeURIComponent(code)}/letter.docx`);
export const lettersHref = (codes: string[]) => buildUrl('/apology-letters/letters.docx', { codes: codes.join(',') });
export const sampleLetterHref = () => buildUrl('/apology-letters/template/sample.docx');

/** "2025-06-02" → "02/06/2025". */
export function formatLocalDate(date: string | null | undefined): string {
  if (!date) return '—';
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** Today in Asia/Ho_Chi_Minh as YYYY-MM-DD. */
export function localToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
