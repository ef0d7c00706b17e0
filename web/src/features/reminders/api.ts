import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Reminder, ReminderList } from '@server/modules/reminders/schemas';
import { api } from '../../api/client';

export type { Reminder };

export const reminderKeys = { all: ['reminders'] as const, ownEmail: ['users', 'me', 'email'] as const };

/** What nears (within 7 days) or passes its deadline for the signed-in user (docs/reminders.md). */
export function useReminders(enabled: boolean) {
  return useQuery({
    queryKey: reminderKeys.all,
    queryFn: () => api.get<ReminderList>('/reminders').then((r) => r.items),
    enabled,
    refetchInterval: 5 * 60_000,
  });
}

/** Where an item is worked on: tasks on the plans page of their year, reports on /reports, remediation on its inspection. */
export function reminderTarget(item: Reminder): string {
  if (item.kind === 'plan_task') return item.year === null ? '/plans' : `/plans?year=${item.year}`;
  if (item.kind === 'report') return '/reports';
  return item.inspectionId === null ? '/inspections' : `/inspections/${item.inspectionId}`;
}

/** One's own e-mail address, where the daily digest goes. */
export function useOwnEmail() {
  return useQuery({ queryKey: reminderKeys.ownEmail, queryFn: () => api.get<{ email: string | null }>('/users/me/email') });
}

export function useSaveOwnEmail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (email: string | null) => api.put<{ email: string | null }>('/users/me/email', { email }),
    onSuccess: (saved) => qc.setQueryData(reminderKeys.ownEmail, saved),
  });
}
