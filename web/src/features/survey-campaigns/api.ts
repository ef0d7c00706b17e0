import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CampaignAddUnitBody,
  CampaignDetail,
  CampaignList,
  CampaignPatchBody,
  GroupBody,
  GroupPatchBody,
  IssuedLinks,
  IssueLinksBody,
  LinkList,
  NewCampaignBody,
} from '@server/modules/survey-campaigns/schemas';
import type { z } from 'zod';
import { api, isStaleVersion } from '../../api/client';

/** Survey campaigns (đợt khảo sát): every call of the feature and its react-query keys. */

export type { CampaignDetail, CampaignList, IssuedLinks, LinkList };
export type CampaignListItem = CampaignList['items'][number];
export type CampaignUnitRow = CampaignDetail['units'][number];
export type CampaignGroupRow = CampaignDetail['groups'][number];
export type NewCampaignInput = z.input<typeof NewCampaignBody>;

/** The templates a campaign can be opened from (the templates' list, helper A1's API): only what the picker needs. */
export interface TemplateOption {
  code: string;
  name: string;
  kind: string;
}

export const campaignKeys = {
  all: ['survey-campaigns'] as const,
  list: (year: number) => ['survey-campaigns', 'list', year] as const,
  detail: (code: string) => ['survey-campaigns', 'detail', code] as const,
  links: (code: string) => ['survey-campaigns', 'links', code] as const,
};

const path = (code: string) => `/surveys/campaigns/${encodeURIComponent(code)}`;

export const campaignUrls = {
  poster: (code: string, unit: string, format: 'png' | 'pdf') =>
    `/api/v1/surveys/campaigns/${encodeURIComponent(code)}/units/${encodeURIComponent(unit)}/poster.${format}`,
  entry: (code: string) => `/surveys/campaigns/${encodeURIComponent(code)}/entry`,
  results: (code: string) => `/surveys/campaigns/${encodeURIComponent(code)}/results`,
};

export function useCampaigns(year: number) {
  return useQuery({ queryKey: campaignKeys.list(year), queryFn: () => api.get<CampaignList>('/surveys/campaigns', { year }) });
}

export function useCampaign(code: string) {
  return useQuery({ queryKey: campaignKeys.detail(code), queryFn: () => api.get<CampaignDetail>(path(code)) });
}

export function useCampaignLinks(code: string, enabled: boolean) {
  return useQuery({ queryKey: campaignKeys.links(code), queryFn: () => api.get<LinkList>(`${path(code)}/links`), enabled });
}

export function useTemplateOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['survey-templates', 'options'],
    queryFn: () => api.get<{ items: TemplateOption[] }>('/surveys/templates'),
    select: (list) => list.items,
    enabled,
  });
}

function useRefresh() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: campaignKeys.all });
}

export function useCreateCampaign() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (input: NewCampaignInput) => api.post<CampaignDetail>('/surveys/campaigns', input), onSuccess: refresh });
}

/** Changes of one campaign: each answers the campaign as it is now, which replaces the cached one. */
export function useCampaignMutations(code: string) {
  const qc = useQueryClient();
  const refresh = useRefresh();
  const done = (detail: CampaignDetail) => {
    qc.setQueryData(campaignKeys.detail(code), detail);
    refresh();
  };
  const onError = (error: unknown) => {
    if (isStaleVersion(error)) refresh();
  };
  return {
    update: useMutation({
      mutationFn: ({ patch, version }: { patch: z.input<typeof CampaignPatchBody>; version: number }) =>
        api.patch<CampaignDetail>(path(code), patch, { ifMatch: version }),
      onSuccess: done,
      onError,
    }),
    close: useMutation({ mutationFn: () => api.post<CampaignDetail>(`${path(code)}/close`), onSuccess: done }),
    setTarget: useMutation({
      mutationFn: ({ unit, target }: { unit: string; target: number }) =>
        api.put<CampaignDetail>(`${path(code)}/units/${encodeURIComponent(unit)}`, { target }),
      onSuccess: done,
    }),
    addUnit: useMutation({ mutationFn: (body: z.input<typeof CampaignAddUnitBody>) => api.post<CampaignDetail>(`${path(code)}/units`, body), onSuccess: done }),
    removeUnit: useMutation({
      mutationFn: (unit: string) => api.delete<CampaignDetail>(`${path(code)}/units/${encodeURIComponent(unit)}`),
      onSuccess: done,
    }),
    createGroup: useMutation({ mutationFn: (body: GroupBody) => api.post<CampaignDetail>(`${path(code)}/groups`, body), onSuccess: done }),
    updateGroup: useMutation({
      mutationFn: ({ group, patch }: { group: string; patch: GroupPatchBody }) =>
        api.put<CampaignDetail>(`${path(code)}/groups/${encodeURIComponent(group)}`, patch),
      onSuccess: done,
    }),
    deleteGroup: useMutation({
      mutationFn: (group: string) => api.delete<CampaignDetail>(`${path(code)}/groups/${encodeURIComponent(group)}`),
      onSuccess: done,
    }),
    issueLinks: useMutation({
      mutationFn: (body: z.input<typeof IssueLinksBody>) => api.post<IssuedLinks>(`${path(code)}/links`, body),
      onSuccess: () => {
        refresh();
        void qc.invalidateQueries({ queryKey: campaignKeys.links(code) });
      },
    }),
  };
}

/** A CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ neutralised for spreadsheets. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The issued links as a CSV file with full addresses (this site's origin), downloaded by the browser. */
export function downloadLinksCsv(links: IssuedLinks, meta: { campaign: string; group?: string | null; unit?: string | null }) {
  const origin = window.location.origin;
  const lines = [
    'label,group_code,unit_code,url',
    ...links.items.map((l) => [l.label ?? '', meta.group ?? '', meta.unit ?? '', `${origin}${l.url}`].map(csvCell).join(',')),
  ];
  const blob = new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${meta.campaign}-${meta.group ?? meta.unit ?? 'links'}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
