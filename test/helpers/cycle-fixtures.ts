import { expect } from 'vitest';
import type { ApiClient } from './client.js';
import type { TestServer } from './server.js';

/** The 2025 round's windows the cycle tests share: self-assessment in November, then appraisal, explanation, council. */
export const ROUND_2025_DATES = {
  selfAssessmentFrom: '2025-11-01',
  selfAssessmentTo: '2025-11-30',
  appraisalTo: '2025-12-15',
  explanationTo: '2025-12-22',
  councilTo: '2025-12-31',
} as const;

/** A moment inside the self-assessment window of ROUND_2025_DATES. */
export const DURING_SELF_ASSESSMENT_2025 = '2025-11-10T03:00:00Z';

export interface FrameworkFixture {
  name: string;
  classes: { label: string; min: number }[];
  criteria: Record<string, unknown>[];
}

/**
 * Creates the 2025 framework of block SO, opens its round with ROUND_2025_DATES and moves the server's clock into
 * the self-assessment window; answers the round's id.
 */
export async function openRound2025(server: TestServer, admin: ApiClient, framework: FrameworkFixture): Promise<number> {
  const created = await admin.post('/api/v1/frameworks', { year: 2025, blockCode: 'SO', ...framework });
  expect(created.status, created.text).toBe(201);
  const round = await admin.post('/api/v1/rounds', { year: 2025, blockCode: 'SO', ...ROUND_2025_DATES });
  expect(round.status, round.text).toBe(201);
  server.now = DURING_SELF_ASSESSMENT_2025;
  return round.body.id;
}
