const ZONE = 'Asia/Ho_Chi_Minh';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "22/11/2026 13:34:29" in the province's time zone, whatever the browser's zone or language. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}:${p.second}`;
}

export function currentYear(): number {
  return new Date().getFullYear();
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * Points and indices with exactly two decimals, in the language's own way: "6,50" in Vietnamese,
 * "6.50" in English (the API already rounded them half up; this only prints).
 */
export function formatDecimal(value: number | null | undefined, lang: string, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const locale = lang === 'en' ? 'en-US' : 'vi-VN';
  const key = `${locale}:${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** Points as the framework writes them: up to two decimals ("1,25", "3"). */
export function formatPoints(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return Number.isInteger(value) ? String(value) : formatDecimal(value, lang, Number.isInteger(value * 10) ? 1 : 2);
}

/**
 * Points as a criterion's method gives them: a penalty takes points away, so it shows negative ("−1,50"); a bonus adds
 * ("+1,00"); any other score as it is. The server keeps a penalty as the positive amount it takes.
 */
export function signedPoints(method: string, value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined) return '—';
  if (method === 'penalty' && value !== 0) return `−${formatDecimal(Math.abs(value), lang)}`;
  if (method === 'bonus' && value !== 0) return `+${formatDecimal(value, lang)}`;
  return formatDecimal(value, lang);
}

/** A running total, signed: "−2,00" for a negative sum (a field of penalties). */
export function totalPoints(value: number, lang: string): string {
  return value < 0 ? `−${formatDecimal(-value, lang)}` : formatDecimal(value, lang);
}
