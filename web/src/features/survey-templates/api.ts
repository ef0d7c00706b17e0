import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SurveyTemplateContent } from '@server/modules/surveys/schemas';
import type { TemplateDetail, TemplateImportResult, TemplateList, TemplateListItem } from '@server/modules/survey-templates/schemas';
import { api, buildUrl } from '../../api/client';

/** Survey templates (mẫu phiếu): the list, one template, its edits, import and export. */

export type { TemplateDetail, TemplateImportResult, TemplateListItem };
export type TemplateContent = SurveyTemplateContent;
export type TemplateQuestion = TemplateContent['questions'][number];
export type TemplateOption = TemplateQuestion['options'][number];

export const templateKeys = {
  all: ['survey-templates'] as const,
  list: ['survey-templates', 'list'] as const,
  one: (code: string) => ['survey-templates', 'one', code] as const,
};

const path = (code: string) => `/surveys/templates/${encodeURIComponent(code)}`;

export const templatesApi = {
  importPath: '/surveys/templates/import',
  exportUrl: (code: string, format: 'json' | 'xlsx') => buildUrl(`${path(code)}/export`, { format }),
};

export function useTemplates() {
  return useQuery({ queryKey: templateKeys.list, queryFn: () => api.get<TemplateList>('/surveys/templates') });
}

export function useTemplate(code: string | null) {
  return useQuery({ queryKey: templateKeys.one(code ?? ''), queryFn: () => api.get<TemplateDetail>(path(code!)), enabled: !!code });
}

export function useRefreshTemplates() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: templateKeys.all });
}

/** Creates a template (`code` null) or replaces one over the version it was read at (If-Match). */
export function useSaveTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ code, version, content }: { code: string | null; version: number | null; content: TemplateContent }) =>
      code === null ? api.post<TemplateDetail>('/surveys/templates', content) : api.put<TemplateDetail>(path(code), content, { ifMatch: version }),
    onSuccess: (saved) => {
      qc.setQueryData(templateKeys.one(saved.content.code), saved);
      void qc.invalidateQueries({ queryKey: templateKeys.list });
    },
  });
}

export function useDeleteTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.delete(path(code)),
    onSuccess: () => void qc.invalidateQueries({ queryKey: templateKeys.all }),
  });
}
