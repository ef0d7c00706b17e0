import { useQuery } from '@tanstack/react-query';
import type { Health as HealthUp, HealthDown } from '@server/modules/system/schemas';

/** The health answer: up (200), or down (503) when the server runs but its database does not answer. */
export type Health = HealthUp | (HealthDown & Partial<Pick<HealthUp, 'demo' | 'migration'>>);

/** Server facts (database, demo data); public, so the login page can show them too. */
export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: async () => (await fetch('/api/health', { credentials: 'same-origin' })).json() as Promise<Health>,
    staleTime: 5 * 60_000,
  });
}
