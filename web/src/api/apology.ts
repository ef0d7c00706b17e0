import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, buildUrl, isStaleVersion } from './client';

/** Apology letters (phiếu xin lỗi và hẹn lại ngày trả kết quả): types and queries (docs/apology-letters.md). */

export interface IssuedLetter {
  reason: string;
  newAppointmentDate: string;
  issuedOn: string;
  issuedBy: string | null;
}

export interface LateDossier {
  code: string;
  unitCode: string;
  unitName: string;
  procedureCode: string;
  procedureName: string;
  field: string;
  status: string;
  receivedDate: string;
  dueDate: string;
  resolvedDate: string | null;
  state: 'late' | 'overdue';
  workingDaysLate: number;
  letter: IssuedLetter | null;
}

export interface LateDossierFilter {
  unit?: string;
  field?: string;
  state?: 'late' | 'overdue';
  letter?: 'with' | 'without';
  dateBy?: 'due' | 'resolved';
  from?: string;
  to?: string;
  q?: string;
  limit: number;
  offset: number;
}

export interface LetterCountRow {
  key: string;
  name: string;
  late: number;
  lateWithLetter: number;
  overdue: number;
  overdueWithLetter: number;
  letters: number;
  missing: number;
  issued: number;
}

export interface ApologyTemplate {
  letterhead: string[];
  place: string;
  applicant: string;
  dateLine: string;
  title: string;
  salutation: string;
  paragraphs: string[];
  signatureTitle: string;
  signatureNote: string;
  signerName: string;
  recipients: string[];
}

export interface TemplateView {
  template: ApologyTemplate;
  isDefault: boolean;
  updatedAt: string | null;
  /** The ETag (0: the built-in template): a save sends back the version it was loaded with. */
  version: number;
  placeholders: Record<string, string>;
}

export type RenderedLetter = Omit<ApologyTemplate, 'place' | 'applicant'>;

export interface LetterBody {
  reason: string;
  newAppointmentDate: string;
  issuedOn?: string;
}

export const apologyKeys = {
  all: ['apology'] as const,
  dossiers: (filter: LateDossierFilter) => ['apology', 'dossiers', filter] as const,
  counts: (by: string, from: string, to: string) => ['apology', 'counts', by, from, to] as const,
  template: ['apology', 'template'] as const,
};

export function useLateDossiers(filter: LateDossierFilter) {
  return useQuery({
    queryKey: apologyKeys.dossiers(filter),
    queryFn: () => api.get<{ items: LateDossier[]; total: number; withoutLetter: number }>('/apology-letters/dossiers', { ...filter }),
    placeholderData: keepPreviousData,
  });
}

export function useLetterCounts(by: 'unit' | 'field', from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: apologyKeys.counts(by, from, to),
    queryFn: () => api.get<{ rows: LetterCountRow[]; total: LetterCountRow }>('/apology-letters/counts', { by, from, to }),
    enabled: enabled && from <= to,
  });
}

export function useLetterTemplate(enabled = true) {
  return useQuery({ queryKey: apologyKeys.template, queryFn: () => api.get<TemplateView>('/apology-letters/template'), enabled });
}

export function useIssueLetter() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: LetterBody }) =>
      api.put<{ dossierCode: string; created: boolean; letter: IssuedLetter }>(`/apology-letters/dossiers/${encodeURIComponent(code)}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: apologyKeys.all }),
  });
}

export function useBulkIssue() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { reason: string; newAppointmentDate: string; letters: { dossierCode: string }[] }) =>
      api.post<{ items: { dossierCode: string }[] }>('/apology-letters/bulk', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: apologyKeys.all }),
  });
}

export function useSaveTemplate() {
  const qc = useQueryClient();
  return useMutation({
    // The version the editor loaded: if someone saved meanwhile, 409 stale_version and the template is reloaded.
    mutationFn: (template: ApologyTemplate) =>
      api.put<TemplateView>('/apology-letters/template', template, { ifMatch: qc.getQueryData<TemplateView>(apologyKeys.template)?.version }),
    onSuccess: (view) => qc.setQueryData(apologyKeys.template, view),
    onError: (error) => {
      if (isStaleVersion(error)) void qc.invalidateQueries({ queryKey: apologyKeys.template });
    },
  });
}

export function useResetTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<TemplateView>('/apology-letters/template', { ifMatch: qc.getQueryData<TemplateView>(apologyKeys.template)?.version }),
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
