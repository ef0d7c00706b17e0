import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { cutHundredths } from '../../../../src/domain/procedures';
import type { OnlineLevel } from '../../../../src/domain/vocabulary';
import { formatDecimal } from '../../format';

const LEVEL_COLORS: Record<OnlineLevel, string> = { full: 'green', partial: 'yellow', none: 'gray' };

export function OnlineLevelBadge({ level }: { level: OnlineLevel }) {
  const { t } = useTranslation();
  return (
    <Badge color={LEVEL_COLORS[level]} variant="light" data-testid={`online-${level}`}>
      {t(`procedures.level.${level}`)}
    </Badge>
  );
}

/** "1.200.000 đ", "Miễn phí", or "—" when the catalogue states no fee. */
export function useFeeText() {
  const { t, i18n } = useTranslation();
  return (fee: number | null) =>
    fee === null ? '—' : fee === 0 ? t('procedures.free') : t('procedures.feeVnd', { fee: formatDecimal(fee, i18n.language, 0) });
}

/** The cut against the legal limit as "33,33 %", or "—" when there is none (or no legal limit). */
export function cutText(p: { legalDays: number; internalDays: number }, lang: string) {
  const h = cutHundredths(p);
  return h === null || h === 0 ? '—' : `${formatDecimal(h / 100, lang)} %`;
}
