import { notifications } from '@mantine/notifications';
import { type QueryClient, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Disagreements, NoticeList, Score, Sheet, SheetEvidence, Submitted } from '@server/modules/assessments/schemas';
import type { Evidence } from '@server/modules/files/schemas';
import type { ApprovalPreview, ExtensionBody, Extension, OpenRoundBody, Round, RoundDetail, RoundList } from '@server/modules/rounds/schemas';
import { ROUND_DATE_FIELDS, STAGES } from '../../../../src/domain/deadlines';
import { api, buildUrl, isStaleVersion } from '../../api/client';

/** The yearly cycle's API: rounds, a unit's sheet and its writes, disagreements, notifications. */

export type { Notice, Score, Sheet, SheetCriterion, SheetEvidence } from '@server/modules/assessments/schemas';
export type { ApprovalAppraisal, ApprovalPreview, ApprovalUnit, RoundDates, RoundWithCan as Round } from '@server/modules/rounds/schemas';

export const ROUND_STAGES = STAGES;
export const DATE_FIELDS = ROUND_DATE_FIELDS;

export const cycleKeys = {
  rounds: ['rounds'] as const,
  round: (id: number) => ['rounds', 'detail', id] as const,
  sheet: (id: number, unitCode: string) => ['rounds', 'sheet', id, unitCode] as const,
  disagreements: (id: number) => ['rounds', 'disagreements', id] as const,
  approval: (id: number) => ['rounds', 'approval', id] as const,
  notifications: ['notifications'] as const,
  /** What a change to a score, a submission or an approval also changes: the work lists and the unit's home. */
  workLists: ['work'] as const,
  home: ['home'] as const,
};

/** The views that follow the cycle's state: the bell, the work lists, the unit's home. */
function invalidateFollowers(qc: QueryClient) {
  for (const queryKey of [cycleKeys.notifications, cycleKeys.workLists, cycleKeys.home]) void qc.invalidateQueries({ queryKey });
}

/** The sheet's page in the app, and (under /api/v1) its resource. */
export const sheetPath = (id: number, unitCode: string) => `/rounds/${id}/units/${encodeURIComponent(unitCode)}`;

export const evidenceUrl = (id: number, unitCode: string, evidenceId: number) => buildUrl(`${sheetPath(id, unitCode)}/evidence/${evidenceId}`);

/** The rounds, each with what the user may do with it, and whether the user may open one. */
export function useRounds() {
  return useQuery({ queryKey: cycleKeys.rounds, queryFn: () => api.get<RoundList>('/rounds') });
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
    queryFn: () => api.get<Disagreements>(`/rounds/${id}/disagreements`).then((r) => r.items),
  });
}

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: cycleKeys.notifications,
    queryFn: () => api.get<NoticeList>('/notifications').then((r) => r.items),
    enabled,
    refetchInterval: 60_000,
  });
}

/** The organizer opens the round of a year and block. The form's fields may still be empty (the server says why). */
export function useOpenRound(onOpened: (round: Round) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<Record<keyof OpenRoundBody, unknown>>) => api.post<Round>('/rounds', body),
    onSuccess: (round) => {
      void qc.invalidateQueries({ queryKey: cycleKeys.rounds });
      onOpened(round);
    },
  });
}

export function useExtendDeadline(roundId: number, onExtended: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<Record<keyof ExtensionBody, unknown>>) => api.post<Extension>(`/rounds/${roundId}/extensions`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: cycleKeys.round(roundId) });
      onExtended();
    },
  });
}

export function useApproveRound(roundId: number, onApproved: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Round>(`/rounds/${roundId}/approve`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: cycleKeys.rounds });
      invalidateFollowers(qc);
      onApproved();
    },
    // Refused (round_not_ready): what the approval waits for has changed; show it as the server sees it now.
    onError: () => void qc.invalidateQueries({ queryKey: cycleKeys.approval(roundId) }),
  });
}

/** What the approval of a round waits for, on the server's date (the organizer and the council). */
export function useApprovalPreview(roundId: number, enabled: boolean) {
  return useQuery({ queryKey: cycleKeys.approval(roundId), queryFn: () => api.get<ApprovalPreview>(`/rounds/${roundId}/approval`), enabled });
}

/** The stage a score form writes: PUT …/scores/:code/<stage>. */
export type ScoreStage = 'self' | 'appraisal' | 'explanation' | 'council' | 'organizer';

/**
 * Saves one criterion's score at a stage. `version`: the score as loaded with the sheet. If someone saved it meanwhile
 * the server answers 409 stale_version (shown by ErrorAlert) and the sheet is reloaded, so the next save is made on
 * what is stored now.
 */
export function useSaveScore(roundId: number, unitCode: string, stage: ScoreStage, code: string, version: number | undefined) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (body: unknown) => api.put<Score>(`${sheetPath(roundId, unitCode)}/scores/${code}/${stage}`, body, { ifMatch: version }),
    onSuccess: (saved) => {
      notifications.show({ color: 'green', message: t('cycle.sheet.saved', { code }) });
      // The saved score (and its new version) at once, so that a second save right away is not stale.
      qc.setQueryData<Sheet>(
        cycleKeys.sheet(roundId, unitCode),
        (sheet) => sheet && { ...sheet, criteria: sheet.criteria.map((c) => (c.code === code ? { ...c, score: saved } : c)) },
      );
      void qc.invalidateQueries({ queryKey: cycleKeys.sheet(roundId, unitCode) });
      invalidateFollowers(qc);
    },
    onError: (error) => {
      if (isStaleVersion(error)) void qc.invalidateQueries({ queryKey: cycleKeys.sheet(roundId, unitCode) });
    },
  });
}

export function useUploadEvidence(roundId: number, unitCode: string, code: string, onUploaded: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => api.upload<Evidence>(`${sheetPath(roundId, unitCode)}/scores/${code}/evidence`, file),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: cycleKeys.sheet(roundId, unitCode) });
      onUploaded();
    },
  });
}

export function useRemoveEvidence(roundId: number, unitCode: string, onRemoved: (evidence: SheetEvidence) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (evidence: SheetEvidence) => api.delete(`${sheetPath(roundId, unitCode)}/evidence/${evidence.id}`),
    onSuccess: (_, evidence) => {
      void qc.invalidateQueries({ queryKey: cycleKeys.sheet(roundId, unitCode) });
      invalidateFollowers(qc);
      onRemoved(evidence);
    },
  });
}

export function useSubmitSheet(roundId: number, unitCode: string, onSubmitted: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<Submitted>(`${sheetPath(roundId, unitCode)}/submit`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: cycleKeys.sheet(roundId, unitCode) });
      invalidateFollowers(qc);
      onSubmitted();
    },
  });
}
