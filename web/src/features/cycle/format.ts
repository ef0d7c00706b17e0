/** How the cycle's pages read and write points and dates. */

/** "7,5" or "7.5" → 7.5; empty → null. NumberInput gives numbers already, text fields strings. */
export function parsePoints(value: number | string | null | undefined): number | string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  const normalized = value.trim().replace(',', '.');
  const n = Number(normalized);
  return Number.isFinite(n) ? n : value.trim();
}

/** "2026-11-22" → "22/11/2026". */
export function localDate(value: string | null | undefined): string {
  if (!value) return '—';
  const [y, m, d] = value.split('-');
  return `${d}/${m}/${y}`;
}
