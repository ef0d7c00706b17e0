/** Periodic reports of units (báo cáo định kỳ về CCHC): their periods and when one is on time. Pure. */

/** The periods of a periodic report (báo cáo quý I, 6 tháng, 9 tháng, năm). */
export const REPORT_PERIODS = ['q1', 'q2', 'q3', 'q4', 'h1', 'm9', 'year'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** The first and last day a period's report covers. */
export function periodRange(year: number, period: ReportPeriod): { from: string; to: string } {
  const ends: Record<ReportPeriod, [string, string]> = {
    q1: ['01-01', '03-31'],
    q2: ['04-01', '06-30'],
    q3: ['07-01', '09-30'],
    q4: ['10-01', '12-31'],
    h1: ['01-01', '06-30'],
    m9: ['01-01', '09-30'],
    year: ['01-01', '12-31'],
  };
  const [from, to] = ends[period];
  return { from: `${year}-${from}`, to: `${year}-${to}` };
}

/** A report counted on time when submitted (local date) on or before its due date. */
export const isReportOnTime = (submittedOn: string | null, dueOn: string) => submittedOn !== null && submittedOn <= dueOn;
