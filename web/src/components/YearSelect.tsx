import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentYear } from '../format';

/** The language the numbers are printed in. */
export function useLang(): string {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage === 'en' ? 'en' : 'vi';
}

/** This year back ten years, plus the chosen year if it is older or newer. */
export function yearOptions(selected?: number): { value: string; label: string }[] {
  const now = currentYear();
  const years = new Set<number>();
  for (let y = now; y >= now - 10; y--) years.add(y);
  if (selected) years.add(selected);
  return [...years].sort((a, b) => b - a).map((y) => ({ value: String(y), label: String(y) }));
}

export function YearSelect({ value, onChange, label, testId }: { value: number; onChange: (year: number) => void; label: string; testId?: string }) {
  return (
    <Select
      label={label}
      data={yearOptions(value)}
      value={String(value)}
      onChange={(v) => v && onChange(Number(v))}
      allowDeselect={false}
      searchable
      data-testid={testId}
    />
  );
}
