import { MultiSelect, type MultiSelectProps, Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { foldedFilter } from './selectFilter';

/** A searchable Select whose search ignores Vietnamese diacritics and says when nothing matches. */
export function SearchSelect(props: SelectProps) {
  const { t } = useTranslation();
  return <Select searchable filter={foldedFilter} nothingFoundMessage={t('common.nothingFound')} {...props} />;
}

/** The same for several values. */
export function SearchMultiSelect(props: MultiSelectProps) {
  const { t } = useTranslation();
  return <MultiSelect searchable filter={foldedFilter} nothingFoundMessage={t('common.nothingFound')} {...props} />;
}

/** Select options: units as "Name (CODE)", blocks by name. */
export const unitOption = (u: { code: string; name: string }) => ({ value: u.code, label: `${u.name} (${u.code})` });
export const blockOption = (b: { code: string; name: string }) => ({ value: b.code, label: b.name });
