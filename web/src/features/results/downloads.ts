import { buildUrl } from '../../api/client';

/** The addresses of the results documents (plain links: the browser downloads them with the session cookie). */
export const resultsReportUrl = (year: number, block: string) => buildUrl('/results/report.docx', { year, block });
export const scorecardUrl = (year: number, block: string, unit: string) => buildUrl('/results/scorecard.pdf', { year, block, unit });
