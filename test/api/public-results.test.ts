import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishedRoundList, PublicResults } from '../../src/modules/results/schemas.js';
import { UnitHome } from '../../src/modules/home/schemas.js';
import type { ApiClient } from '../helpers/client.js';
import { openRound2025 } from '../helpers/cycle-fixtures.js';
import { insertFixtureFramework, SCORE_HEADER } from '../helpers/results-fixtures.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The public page's list of published years and blocks (GET /api/v1/public/rounds, no session) and the unit home
 * (GET /api/v1/home). 2024 of block SO is imported as approved scores; 2025 is an open round with a draft self-score.
 * Only what was published may appear without a session.
 */
let server: TestServer;
let admin: ApiClient;
let roundId: number;

const SCORES_2024 = [SCORE_HEADER, 'SNV,1.1,4,,,', 'SNV,1.2,6,,,', 'SNV,2.1,10,,,', 'SCT,1.1,3,,,', 'SCT,1.2,6,,,', 'SCT,2.1,10,,,'].join('\n');

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  for (const code of ['SNV', 'SCT']) await admin.put(`/api/v1/units/${code}/memberships/2024`, { blockCode: 'SO' });
  await insertFixtureFramework(server.db, 2024);
  const imported = await admin.upload('/api/v1/scores/import?year=2024&block=SO', SCORES_2024, 'scores.csv');
  expect(imported.status, imported.text).toBe(200);
  roundId = await openRound2025(server, admin, {
    name: 'Bộ tiêu chí 2025',
    classes: [{ label: 'Tốt', min: 0 }],
    criteria: [
      { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 3, method: 'manual', appraiser: 'SNV' },
      { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 1, method: 'manual' },
      { code: '1.2', title: 'Báo cáo', maxPoints: 2, method: 'manual' },
      { code: '2', title: 'Điều tra xã hội học', maxPoints: 5, method: 'survey' },
    ],
  });
});
afterAll(() => server?.close());

const publicRounds = async () => {
  const response = await server.client().get('/api/v1/public/rounds');
  expect(response.status, response.text).toBe(200);
  return PublishedRoundList.parse(response.body).items;
};

describe('published years and blocks, without a session', () => {
  it('lists nothing while nothing is published: an approved year and an open round stay hidden', async () => {
    expect(await publicRounds()).toEqual([]);
    // The draft exists (the organizer previews it), yet the public gets 404 for both years.
    expect((await admin.get('/api/v1/results?year=2024&block=SO')).status).toBe(200);
    expect((await server.client().get('/api/v1/public/results?year=2024&block=SO')).status).toBe(404);
    expect((await server.client().get('/api/v1/public/results?year=2025&block=SO')).status).toBe(404);
  });

  it('lists a year and block once published, with the block name; the open round never appears', async () => {
    const officer = await server.loginAs('unit_officer', 'SNV');
    expect((await officer.put(`/api/v1/rounds/${roundId}/units/SNV/scores/1.1/self`, { score: 1 })).status).toBe(200);
    const published = await admin.post('/api/v1/results/publish', { year: 2024, block: 'SO' });
    expect(published.status, published.text).toBe(200);

    expect(await publicRounds()).toEqual([{ year: 2024, blockCode: 'SO', blockName: 'Khối sở, ban, ngành' }]);
    const results = await server.client().get('/api/v1/public/results?year=2024&block=SO');
    expect(results.status).toBe(200);
    // Hand-computed: SNV 4 + 6 + 10 = 20/20 → 100.00, rank 1; SCT 3 + 6 + 10 = 19/20 → 95.00, rank 2.
    const units = PublicResults.parse(results.body).results.units.map((u) => [u.unitCode, u.index, u.rank]);
    expect(units).toEqual([
      ['SNV', 100, 1],
      ['SCT', 95, 2],
    ]);
    // The 2025 draft (SNV's self-score) is still not public.
    expect((await server.client().get('/api/v1/public/results?year=2025&block=SO')).status).toBe(404);
    expect((await publicRounds()).some((r) => r.year === 2025)).toBe(false);
  });

  it('lists one entry per year and block even after a correction (newest year first)', async () => {
    const corrected = await admin.post('/api/v1/results/publish', { year: 2024, block: 'SO', reason: 'Sửa điểm' });
    expect(corrected.status, corrected.text).toBe(200);
    expect(await publicRounds()).toEqual([{ year: 2024, blockCode: 'SO', blockName: 'Khối sở, ban, ngành' }]);
  });
});

describe('the unit home', () => {
  it('gives an officer their sheet, deadline, days left, extension and timeliness; other roles are refused', async () => {
    const officer = await server.loginAs('unit_officer', 'SCT');
    // Clock: 2025-11-10 (Vietnam). Self-assessment until 2025-11-30 → 20 days left.
    let home = UnitHome.parse((await officer.get('/api/v1/home')).body);
    expect(home.today).toBe('2025-11-10');
    expect(home.unit).toEqual({ code: 'SCT', name: 'Sở Công Thương' });
    // The open round first, then last year's (published) one.
    expect(home.sheets.map((s) => [s.roundId === roundId, s.year, s.status])).toEqual([
      [true, 2025, 'open'],
      [false, 2024, 'published'],
    ]);
    expect(home.sheets[0]).toMatchObject({
      year: 2025,
      blockCode: 'SO',
      status: 'open',
      submittedAt: null,
      progress: { scored: 0, total: 2 },
      selfAssessmentDeadline: '2025-11-30',
      selfAssessmentExtension: null,
      daysLeft: 20,
      explanationsAsked: 0,
    });
    expect(home.timeliness).toMatchObject({ year: 2025, asOf: '2025-11-10', resolved: 0, late: 0, overdue: 0, onTimeRate: null });

    expect((await officer.put(`/api/v1/rounds/${roundId}/units/SCT/scores/1.2/self`, { score: 2 })).status).toBe(200);
    const extended = await admin.post(`/api/v1/rounds/${roundId}/extensions`, {
      unitCode: 'SCT',
      stage: 'self_assessment',
      until: '2025-12-05',
      reason: 'Mất điện',
    });
    expect(extended.status, extended.text).toBe(200);
    home = UnitHome.parse((await officer.get('/api/v1/home')).body);
    // The extension moves the deadline: 2025-11-10 → 2025-12-05 is 25 days.
    expect(home.sheets[0]).toMatchObject({
      progress: { scored: 1, total: 2 },
      selfAssessmentDeadline: '2025-12-05',
      selfAssessmentExtension: '2025-12-05',
      daysLeft: 25,
    });

    for (const role of ['admin', 'council', 'viewer'] as const) expect((await (await server.loginAs(role)).get('/api/v1/home')).status, role).toBe(403);
    expect((await (await server.loginAs('appraiser', 'SNV')).get('/api/v1/home')).status).toBe(403);
  });
});
