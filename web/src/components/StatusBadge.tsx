import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { UnitStatus } from '../../../src/domain/vocabulary';

const COLORS: Record<UnitStatus, string> = { active: 'green', merged: 'blue', split: 'grape', dissolved: 'gray' };

export function StatusBadge({ status }: { status: UnitStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status] ?? 'gray'} variant="light">
      {t(`unitStatus.${status}`, { defaultValue: status })}
    </Badge>
  );
}
