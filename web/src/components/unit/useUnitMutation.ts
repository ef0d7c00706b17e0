import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isStaleVersion } from '../../api/client';
import { keys } from '../../api/queries';

/** A unit change: on success refresh every unit and block view and confirm with a toast. */
export function useUnitMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>, successMessage: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.unitsAll });
      void qc.invalidateQueries({ queryKey: keys.blocks });
      notifications.show({ color: 'green', message: successMessage });
    },
    // Someone else changed the unit meanwhile (409 stale_version, shown by ErrorAlert): reload what is stored now.
    onError: (error) => {
      if (isStaleVersion(error)) void qc.invalidateQueries({ queryKey: keys.unitsAll });
    },
  });
}
