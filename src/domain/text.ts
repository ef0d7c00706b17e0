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
