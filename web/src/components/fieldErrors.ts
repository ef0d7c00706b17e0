import { ApiError } from '../api/client';
import { useReasonText } from './ErrorAlert';

/**
 * The field errors of a 400 validation_failed, each in the user's language (errors.<reason> with its parameters),
 * by field path: the translated counterpart of `fieldErrors` in api/client.
 */
export function useFieldErrors() {
  const reasonText = useReasonText();
  return (error: unknown): Record<string, string> => {
    if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
    const out: Record<string, string> = {};
    for (const issue of error.issues) {
      if (!(issue.path in out)) out[issue.path] = reasonText(issue);
    }
    return out;
  };
}
