import { DateInput as MantineDateInput, type DateInputProps } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** Whether y-m-d is a day of the calendar (31/02 is not). */
function validDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 'dd/mm/yyyy' (as dates are written in Vietnam) or 'yyyy-mm-dd' → 'yyyy-mm-dd'; null when it is not a date. */
export function parseLocalDate(text: string): string | null {
  const value = text.trim();
  const iso = ISO.exec(value);
  const dmy = DMY.exec(value);
  const [y, m, d] = iso ? [+iso[1]!, +iso[2]!, +iso[3]!] : dmy ? [+dmy[3]!, +dmy[2]!, +dmy[1]!] : [0, 0, 0];
  if (!y || !validDay(y, m, d)) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** 'yyyy-mm-dd' → 'dd/mm/yyyy'; anything else unchanged ('—' for nothing). */
export function displayDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = ISO.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

type Props = Omit<DateInputProps, 'value' | 'onChange' | 'defaultValue' | 'valueFormat' | 'dateParser'> & {
  /** The date as 'yyyy-mm-dd' ('' or null: none). */
  value: string | null | undefined;
  /** Called with 'yyyy-mm-dd', or '' when cleared. */
  onChange: (value: string) => void;
  'data-testid'?: string;
};

/**
 * A date field written and shown dd/mm/yyyy with a calendar in the interface language (DatesProvider in main.tsx);
 * its value is the ISO local date 'yyyy-mm-dd' the API takes. Typing '15/12/2026' (or '2026-12-15') works too.
 */
export function DateInput({ value, onChange, ...rest }: Props) {
  return (
    <MantineDateInput
      valueFormat="DD/MM/YYYY"
      placeholder="dd/mm/yyyy"
      dateParser={parseLocalDate}
      value={value || null}
      onChange={(next) => onChange(next ?? '')}
      leftSection={<IconCalendar size={16} stroke={1.5} />}
      popoverProps={{ withinPortal: true }}
      {...rest}
    />
  );
}
