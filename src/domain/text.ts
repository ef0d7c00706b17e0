/**
 * Folds Vietnamese text for search: lower case, no diacritics, "đ" → "d",
 * collapsed white space. "Sở Nội vụ" and "so noi vu" fold to the same key.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word of the query appears (folded) in the text. */
export function matchesSearch(text: string, query: string): boolean {
  const haystack = foldVietnamese(text);
  return foldVietnamese(query)
    .split(' ')
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** How many characters of a user's value an error message quotes at most. */
export const QUOTE_LIMIT = 100;

/**
 * A user's value for an error message: in double quotes (JSON escapes, so line breaks and control characters stay
 * visible and harmless), cut to `limit` characters with "…" and the full length when longer:
 * `"Sở Nội vụ"`, `"AAAA…" (1048576 characters)`. A 300 MB cell thus costs ~120 bytes in the answer, not 300 MB.
 */
export function quote(value: string, limit = QUOTE_LIMIT): string {
  if (value.length <= limit) return JSON.stringify(value);
  let cut = limit;
  // Do not split a surrogate pair (an emoji or a rare CJK character).
  const last = value.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${JSON.stringify(`${value.slice(0, cut)}…`)} (${value.length} characters)`;
}

/** A value a message shows without quotes (a code such as `SCT`): as it is when short, else `quote`d and cut. */
export function shortText(value: string, limit = QUOTE_LIMIT): string {
  return value.length <= limit ? value : quote(value, limit);
}

const YES_WORDS = new Set(['true', '1', 'co', 'yes', 'x']);
const NO_WORDS = new Set(['false', '0', 'khong', 'no']);

/**
 * A yes/no cell of an imported file: true/false, 1/0, có/không, yes/no, "x" for a ticked box (any case, with or
 * without diacritics); null when it is none of these. Callers decide what an empty cell means.
 */
export function parseYesNo(text: string): boolean | null {
  const word = foldVietnamese(text);
  if (YES_WORDS.has(word)) return true;
  if (NO_WORDS.has(word)) return false;
  return null;
}

/** Escapes `\`, `%` and `_` so a user's text matches itself in a LIKE / ILIKE pattern (PostgreSQL's default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%text%` for LIKE / ILIKE, the user's text escaped. */
export const containsPattern = (text: string): string => `%${escapeLike(text)}%`;

/**
 * "2026-03-05" → "ngày 05 tháng 3 năm 2026": the date line of an official document (Decree 30/2020/NĐ-CP: days
 * below 10 and months below 3 take a leading zero).
 */
export function vietnameseDocumentDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `ngày ${String(day).padStart(2, '0')} tháng ${month < 3 ? String(month).padStart(2, '0') : month} năm ${year}`;
}
