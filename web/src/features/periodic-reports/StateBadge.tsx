import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReportState } from './api';

const COLORS: Record<ReportState, string> = { on_time: 'green', late: 'orange', not_submitted: 'gray' };

export function StateBadge({ state, overdue }: { state: ReportState; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={state === 'not_submitted' && overdue ? 'red' : COLORS[state]} data-testid={`report-state-${state}`}>
      {t(`periodicReports.states.${state}`)}
    </Badge>
  );
}
