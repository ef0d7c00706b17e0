import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** "Không nộp": the unit let its self-assessment deadline pass without submitting; the appraisers score it on their own. */
export function MissedBadge({ size = 'sm' }: { size?: 'sm' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge size={size} color="red" variant="light" title={t('ranking.notSubmittedHint')} data-testid="missed-submission">
      {t('ranking.notSubmitted')}
    </Badge>
  );
}
