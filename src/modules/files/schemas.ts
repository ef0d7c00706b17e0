import { z } from 'zod';

/**
 * The contract of stored evidence: a stored file attached to a criterion of a unit in a round. The assessments
 * module's routes answer it (the upload); its sheet shows a part of it.
 */
export const Evidence = z.object({
  id: z.number(),
  roundId: z.number(),
  unitId: z.number(),
  criterionId: z.number(),
  sha256: z.string(),
  fileName: z.string(),
  size: z.number(),
  mediaType: z.string(),
  uploadedBy: z.object({ id: z.number(), username: z.string(), displayName: z.string() }).nullable(),
  uploadedAt: z.string().describe('ISO 8601 instant'),
});
export type Evidence = z.infer<typeof Evidence>;
