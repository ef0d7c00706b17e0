/** Unit and block codes: letters, digits, `_`, `.`, `-`; stored upper-case so look-ups ignore case. */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_.-]{0,31}$/;

export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

export function isValidCode(code: string): boolean {
  return CODE_PATTERN.test(normalizeCode(code));
}
