const XLSX_MIDNIGHT = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.000)?Z$/;
const DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A date cell of an imported file as 'YYYY-MM-DD': written so, or 'DD/MM/YYYY' as Excel writes dates in a Vietnamese
 * locale, or an XLSX date cell (read as UTC midnight). Anything else comes back trimmed, for the caller to refuse.
 */
export function normaliseDateCell(text: string): string {
  const t = text.trim();
  const xlsx = XLSX_MIDNIGHT.exec(t);
  if (xlsx) return xlsx[1]!;
  const dmy = DAY_FIRST.exec(t);
  if (dmy) return `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  return t;
}
