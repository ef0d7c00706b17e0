import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      value={i18n.resolvedLanguage === 'en' ? 'en' : 'vi'}
      onChange={(value) => setLanguage(value as Language)}
      aria-label={t('language.label')}
      data-testid="language-switch"
      data={[
        { value: 'vi', label: 'VI' },
        { value: 'en', label: 'EN' },
      ]}
    />
  );
}
