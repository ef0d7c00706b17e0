import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CalendarDay,
  CalendarImportResult,
  CalendarRange,
  CalendarYear,
  CalendarYearResponse,
  DeleteDaysResult,
  SetDaysBody,
  SetDaysResult,
  SetUpResult,
} from '@server/modules/calendar/schemas';
import { api, buildUrl } from '../../api/client';

/** The working-day calendar (docs/calendar.md): every call of the feature and its react-query keys. */

export type { CalendarDay, CalendarImportResult, CalendarRange, CalendarYearResponse };

export const calendarKeys = {
  all: ['calendar'] as const,
  year: (year: number) => ['calendar', year] as const,
};

export const calendarApi = {
  importPath: '/calendar/import',
  exportUrl: (year: number) => buildUrl('/calendar/export', { year, format: 'csv' }),
};

/** A year's calendar, with what the caller may do with it (`can`). */
export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: calendarKeys.year(year),
    queryFn: () => api.get<CalendarYearResponse>('/calendar', { year }),
    placeholderData: keepPreviousData,
  });
}

/** Reloads every year shown. */
export function useRefreshCalendar() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: calendarKeys.all });
}

/** A change of the calendar; every year shown reloads after it. */
function useCalendarMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const refresh = useRefreshCalendar();
  return useMutation({ mutationFn: fn, onSuccess: refresh });
}

/** Sets one day or a range to a holiday or a make-up working day. */
export const useSetDays = () => useCalendarMutation((body: SetDaysBody) => api.post<SetDaysResult>('/calendar/days', body));

/** Removes a configured range (or one day): its days become ordinary days. */
export const useDeleteDays = () =>
  useCalendarMutation((r: Pick<CalendarRange, 'from' | 'to'>) =>
    api.delete<DeleteDaysResult>(`/calendar/days/${r.from}${r.to !== r.from ? `?to=${r.to}` : ''}`),
  );

/** Sets a year up: the fixed-date holidays pre-filled. */
export const useSetUpYear = () => useCalendarMutation((year: number) => api.post<SetUpResult>(`/calendar/years/${year}/setup`, {}));

/** Confirms that the year's movable holidays are entered. */
export const useConfirmMovable = () => useCalendarMutation((year: number) => api.post<CalendarYear>(`/calendar/years/${year}/confirm-movable`, {}));
