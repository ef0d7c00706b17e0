import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useHealth } from '../features/system/api';

/** Marks every screen while the fictional demo province is loaded, so nobody mistakes it for real data. */
export function DemoBadge() {
  const { t } = useTranslation();
  const { data } = useHealth();
  if (!data?.demo) return null;
  return (
    <Tooltip label={t('app.demoHint')} multiline w={260}>
      <Badge color="orange" variant="filled" data-testid="demo-badge">
        {t('app.demoBadge')}
      </Badge>
    </Tooltip>
  );
}
