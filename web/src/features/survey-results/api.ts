import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CampaignResults, QuestionDistribution, TextsPage, UnitResults, UnitResultRow } from '@server/modules/survey-results/schemas';
import { api, buildUrl } from '../../api/client';

/** A survey campaign's results: the units table, a unit's detail and its free texts, and the downloads. */

export type { CampaignResults, QuestionDistribution, TextsPage, UnitResults, UnitResultRow };

export const SIPAS_ELEMENTS = ['access', 'procedure', 'civil_servant', 'result', 'feedback'] as const;
export type SipasElement = (typeof SIPAS_ELEMENTS)[number];

const base = (code: string) => `/surveys/campaigns/${encodeURIComponent(code)}/results`;

export const surveyResultsKeys = {
  campaign: (code: string) => ['survey-results', code] as const,
  unit: (code: string, unit: string) => ['survey-results', code, 'unit', unit] as const,
  texts: (code: string, unit: string, question: string | null, offset: number) => ['survey-results', code, 'texts', unit, question, offset] as const,
};

export const surveyResultsUrls = {
  export: (code: string, format: 'xlsx' | 'docx') => buildUrl(`${base(code)}/export`, { format }),
  report: (code: string, format: 'csv' | 'xlsx' | 'json') => buildUrl(`${base(code)}/report`, { format }),
};

export function useCampaignResults(code: string) {
  return useQuery({ queryKey: surveyResultsKeys.campaign(code), queryFn: () => api.get<CampaignResults>(base(code)) });
}

export function useUnitResults(code: string, unit: string) {
  return useQuery({
    queryKey: surveyResultsKeys.unit(code, unit),
    queryFn: () => api.get<UnitResults>(`${base(code)}/units/${encodeURIComponent(unit)}`),
  });
}

export const TEXTS_PAGE = 20;

export function useUnitTexts(code: string, unit: string, question: string | null, offset: number) {
  return useQuery({
    queryKey: surveyResultsKeys.texts(code, unit, question, offset),
    queryFn: () => api.get<TextsPage>(`${base(code)}/units/${encodeURIComponent(unit)}/texts`, { question, limit: TEXTS_PAGE, offset }),
    placeholderData: keepPreviousData,
  });
}
