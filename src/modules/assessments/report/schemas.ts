import { z } from 'zod';

/** The contract of the self-assessment report (GET /rounds/:id/units/:unitCode/self-assessment-report). */
export const SELF_ASSESSMENT_REPORT_FORMATS = ['docx', 'pdf'] as const;
export const SelfAssessmentReportQuery = z.object({ format: z.enum(SELF_ASSESSMENT_REPORT_FORMATS).default('docx') });
export type SelfAssessmentReportQuery = z.infer<typeof SelfAssessmentReportQuery>;
