import { useQuery } from '@tanstack/react-query';
import type { AppraisalWorkList, CouncilWorkList, Notice, WorkStatus } from '@server/modules/assessments/schemas';
import type { Role } from '../../../../src/domain/vocabulary';
import { api } from '../../api/client';
import { sheetPath } from './api';

/** The work lists' API: the appraiser's rows and the council's blocks (src/modules/assessments/worklists.ts). */

export type { AppraisalWorkItem, AppraisalWorkList, CouncilWorkBlock, CouncilWorkList, WorkStatus } from '@server/modules/assessments/schemas';

export const workKeys = {
  appraisal: (query: Record<string, string>) => ['work', 'appraisal', query] as const,
  council: (round: string | null) => ['work', 'council', round] as const,
};

/** Who the server lets read each list (the routes' access rules); the navigation offers a list to these roles only. */
export const WORK_LIST_ROLES: Record<'appraisal' | 'council', readonly Role[]> = {
  appraisal: ['appraiser', 'admin'],
  council: ['council', 'admin'],
};

export const APPRAISAL_WORK_PATH = '/work/appraisal';
export const COUNCIL_WORK_PATH = '/work/council';

/** The sheet at one criterion: the sheet page scrolls to the row whose id is `criterion-<code>`. */
export const criterionPath = (roundId: number, unitCode: string, criterionCode: string) => `${sheetPath(roundId, unitCode)}#criterion-${criterionCode}`;

/** Where a notification leads: the caller's sheet at its criterion, or the rows of a work list it counts. */
export function noticeTarget(n: Notice): string {
  if (n.can.openSheet && n.unitCode) return n.criterionCode ? criterionPath(n.roundId, n.unitCode, n.criterionCode) : sheetPath(n.roundId, n.unitCode);
  if (n.workList === 'appraisal') return `${APPRAISAL_WORK_PATH}?round=${n.roundId}${n.kind === 'to_appraise' ? '&status=to_appraise' : ''}`;
  if (n.workList === 'council') return `${COUNCIL_WORK_PATH}?round=${n.roundId}`;
  return '/rounds';
}

export function useAppraisalWork(query: Record<string, string>) {
  return useQuery({
    queryKey: workKeys.appraisal(query),
    queryFn: () => api.get<AppraisalWorkList>('/work/appraisal', query),
    placeholderData: (previous) => previous,
  });
}

export function useCouncilWork(round: string | null) {
  return useQuery({
    queryKey: workKeys.council(round),
    queryFn: () => api.get<CouncilWorkList>('/work/council', round ? { round } : undefined),
  });
}

/** The statuses in the order a row moves through them (schemas.ts WORK_STATUSES). */
export const STATUS_ORDER: readonly WorkStatus[] = ['waiting_submission', 'to_appraise', 'explanation_asked', 'answered', 'final'];
export const STATUS_COLOR: Record<WorkStatus, string> = {
  waiting_submission: 'gray',
  to_appraise: 'blue',
  explanation_asked: 'orange',
  answered: 'grape',
  final: 'teal',
};
