import { useQuery } from '@tanstack/react-query';
import type { UnitHome } from '@server/modules/home/schemas';
import type { PublishedRoundList } from '@server/modules/results/schemas';
import { api } from '../../api/client';
import type { SessionUser } from '../auth/api';

export type { UnitHome };
export type HomeSheet = UnitHome['sheets'][number];
export type PublishedRound = PublishedRoundList['items'][number];

/** Unit staff (officer, leader) have a unit home; the menu and the landing use this, pages act on data. */
export function hasUnitHome(user: SessionUser | null | undefined): boolean {
  return user?.role === 'unit_officer' || user?.role === 'unit_leader';
}

/** Where a signed-in user lands: unit staff on their unit's home, appraisers and the council on their work list, everyone else on the units list. */
export function landingPath(user: SessionUser | null | undefined): string {
  if (hasUnitHome(user)) return '/home';
  if (user?.role === 'appraiser') return '/work/appraisal';
  if (user?.role === 'council') return '/work/council';
  return '/units';
}

export function useUnitHome() {
  return useQuery({ queryKey: ['home', 'unit'], queryFn: () => api.get<UnitHome>('/home') });
}

/** Years and blocks with published results (no sign-in needed), newest year first. */
export function usePublishedRounds() {
  return useQuery({
    queryKey: ['public', 'rounds'],
    queryFn: () => api.get<PublishedRoundList>('/public/rounds', undefined, { skipAuthHandlers: true }),
    staleTime: 60_000,
  });
}
