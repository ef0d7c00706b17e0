import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from './client';

/** Types and queries of the yearly cycle: rounds, a unit's sheet, disagreements, notifications (docs/api.md). */

export const ROUND_STAGES = ['self_assessment', 'appraisal', 'explanation', 'council'] as const;
export type RoundStage = (typeof ROUND_STAGES)[number];

export interface RoundDates {
  selfAssessmentFrom: string;
  selfAssessmentTo: string;
  appraisalTo: string;
  explanationTo: string;
  councilTo: string;
}
export const DATE_FIELDS = ['selfAssessmentFrom', 'selfAssessmentTo', 'appraisalTo', 'explanationTo', 'councilTo'] as const;

export interface Round {
  id: number;
  year: number;
  blockCode: string;
  blockName: string;
  frameworkId: number;
  status: 'open' | 'approved' | 'published';
  historical: boolean;
  dates: RoundDates | null;
  approvedAt: string | null;
  unitCount: number;
}

export interface RoundDetail extends Round {
  extensions: { unitCode: string; stage: string; until: string; reason: string }[];
}

export interface Score {
  notApplicable: boolean;
  notApplicableReason: string | null;
  selfScore: number | null;
  selfNote: string | null;
  missingEvidenceReason: string | null;
  appraisedScore: number | null;
  appraisalReason: string | null;
  explanationRequest: string | null;
  explanationAnswer: string | null;
  appraisalFinal: boolean;
  councilScore: number | null;
  councilReason: string | null;
  /** The ETag (0 before the first write): a write sends it back in If-Match. */
  version: number;
}

export interface Evidence {
  id: number;
  fileName: string;
  size: number;
  mediaType: string;
  uploadedAt: string;
}

export interface SheetCriterion {
  code: string;
  title: string;
  maxPoints: number;
  method: 'manual' | 'survey' | 'formula' | 'bonus' | 'penalty';
  leaf: boolean;
  evidenceRequired: boolean;
  appraiser: string | null;
  guidance: string | null;
  evidenceCount: number;
  evidence: Evidence[];
  score: Score | null;
}

export interface Sheet {
  round: unknown;
  unitCode: string;
  submittedAt: string | null;
  progress: { scored: number; toScore: number; total: number };
  criteria: SheetCriterion[];
}

export interface Disagreement extends Score {
  unitCode: string;
  criterionCode: string;
}

export type NotificationKind = 'to_score' | 'to_submit' | 'explanation_asked' | 'to_appraise' | 'disagreements' | 'to_approve' | 'deadline';
export interface CycleNotification {
  kind: NotificationKind;
  roundId: number;
  year: number;
  blockCode: string;
  unitCode: string | null;
  count: number;
  deadline: string | null;
}

export const cycleKeys = {
  rounds: ['rounds'] as const,
  round: (id: number) => ['rounds', 'detail', id] as const,
  sheet: (id: number, unitCode: string) => ['rounds', 'sheet', id, unitCode] as const,
  disagreements: (id: number) => ['rounds', 'disagreements', id] as const,
  notifications: ['notifications'] as const,
};

export const sheetPath = (id: number, unitCode: string) => `/rounds/${id}/units/${encodeURIComponent(unitCode)}`;

export function useRounds() {
  return useQuery({ queryKey: cycleKeys.rounds, queryFn: () => api.get<{ items: Round[] }>('/rounds').then((r) => r.items) });
}

export function useRound(id: number) {
  return useQuery({ queryKey: cycleKeys.round(id), queryFn: () => api.get<RoundDetail>(`/rounds/${id}`) });
}

export function useSheet(id: number, unitCode: string) {
  return useQuery({ queryKey: cycleKeys.sheet(id, unitCode), queryFn: () => api.get<Sheet>(`${sheetPath(id, unitCode)}/assessment`) });
}

/** Every unit's sheet of a round (the organizer's overview of submissions). */
export function useSheets(id: number, unitCodes: string[], enabled: boolean) {
  return useQueries({
    queries: unitCodes.map((code) => ({
      queryKey: cycleKeys.sheet(id, code),
      queryFn: () => api.get<Sheet>(`${sheetPath(id, code)}/assessment`),
      enabled,
    })),
  });
}

export function useDisagreements(id: number) {
  return useQuery({
    queryKey: cycleKeys.disagreements(id),
    queryFn: () => api.get<{ items: Disagreement[] }>(`/rounds/${id}/disagreements`).then((r) => r.items),
  });
}

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: cycleKeys.notifications,
    queryFn: () => api.get<{ items: CycleNotification[] }>('/notifications').then((r) => r.items),
    enabled,
    refetchInterval: 60_000,
  });
}

/** "7,5" or "7.5" → 7.5; empty → null. NumberInput gives numbers already, text fields strings. */
export function parsePoints(value: number | string | null | undefined): number | string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  const normalized = value.trim().replace(',', '.');
  const n = Number(normalized);
  return Number.isFinite(n) ? n : value.trim();
}
