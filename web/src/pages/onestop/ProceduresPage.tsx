import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

// Placeholder page wired in App.tsx; replaced by the real page.
export function ProceduresPage() {
  const { t } = useTranslation();
  return <Title order={2}>{t('onestop.ProceduresPage')}</Title>;
}
