import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

type Values = Record<string, string | null | undefined>;

/**
 * The page's filters kept in the address, so a filtered view can be shared and survives a reload. Changing them
 * replaces the history entry (filtering is not navigation); an empty value removes its parameter.
 */
export function useAddressParams() {
  const [params, setSearchParams] = useSearchParams();
  // Stable across renders, so effects that set the address (a default filled in) run only when their inputs change.
  const setParams = useCallback(
    (values: Values) =>
      setSearchParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(values)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );
  const setParam = useCallback((key: string, value: string | null | undefined) => setParams({ [key]: value }), [setParams]);
  return { params, setParam, setParams };
}
