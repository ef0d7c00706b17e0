import { useReasonText } from '../../components/ErrorAlert';
import type { UnitProblem } from './api';

/** Why a unit has no index, in the user's language (a formula's own reason after it). */
export function useProblemText() {
  const reasonText = useReasonText();
  return (problem: UnitProblem): string => (problem.cause ? `${reasonText(problem)}: ${reasonText(problem.cause)}` : reasonText(problem));
}
