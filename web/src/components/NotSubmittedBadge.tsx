import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A unit that did not submit its self-assessment: "không nộp" once its deadline has passed (the appraisers score it,
 * the ranking counts only their and the council's points), "chưa nộp" while the round is open and it still may.
 */
export function NotSubmittedBadge({ open = false, size = 'xs' }: { open?: boolean; size?: 'xs' | 'sm' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={open ? t('ranking.notYetSubmittedHint') : t('ranking.notSubmittedHint')} multiline w={280}>
      <Badge size={size} variant="light" color={open ? 'gray' : 'orange'} data-testid="not-submitted">
        {open ? t('ranking.notYetSubmitted') : t('ranking.notSubmitted')}
      </Badge>
    </Tooltip>
  );
}
