import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignState } from '@server/modules/surveys/schemas';

const STATE_COLORS: Record<CampaignState, string> = { scheduled: 'blue', open: 'green', closed: 'gray' };

/** Scheduled, open or closed. */
export function CampaignStateBadge({ state }: { state: CampaignState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLORS[state]} variant="light" data-testid="campaign-state">
      {t(`surveyCampaigns.state.${state}`)}
    </Badge>
  );
}

/** "12 / 30": responses submitted against the target. */
export function Progress({ submitted, target }: { submitted: number; target: number }) {
  const reached = target > 0 && submitted >= target;
  return (
    <span style={{ whiteSpace: 'nowrap', color: reached ? 'var(--mantine-color-green-7)' : undefined }}>
      {submitted} / {target}
    </span>
  );
}

export const CHANNELS = ['qr', 'link', 'kiosk', 'paper', 'import'] as const;
