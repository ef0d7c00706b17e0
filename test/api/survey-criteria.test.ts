import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyCampaigns, surveyCampaignUnits, surveyResponses, surveyTemplates, units } from '../../src/db/schema.js';
import type { SurveyQuestion } from '../../src/domain/surveys.js';
import { formulaVariables } from '../../src/modules/indicators/service.js';
import { responsesChanged } from '../../src/modules/surveys/campaigns.js';
import { createUnit } from '../../src/modules/units/service.js';
import type { ApiClient } from '../helpers/client.js';
import { ROUND_2025_DATES } from '../helpers/cycle-fixtures.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/*
 * Survey criteria linked to campaigns score themselves in the results (docs/results.md "Survey criteria").
 *
 * Framework SO 2025 (30 points):
 *   1   Chỉ đạo điều hành (10, manual, appraiser SNV) = 1.1 (10, manual)
 *   9   Khảo sát (20, survey) = 9.1 (8): officials' survey OFF-2025, mean weight of all areas, linear
 *                             + 9.2 (12): SIPAS-2025, the SIPAS index, linear (12 × index / 100)
 * Units SNV, SCT, STP; the campaigns survey SNV and SCT only. Self-scores of 1.1: SNV 8, SCT 6, STP 9.
 *
 * Officials (options A/B/C/D = 100/60/20/0; one draft response that must not count):
 *   SNV rated A, B, C → (100 + 60 + 20) / 3 = 60.00 → 8 × 60 / 100 = 4.80
 *   SCT rated A, A, B → (100 + 100 + 60) / 3 = 86.666… → 86.67 → 8 × 86.67 / 100 = 6.9336 → 6.93
 * SIPAS (satisfied = 4 or 5; the perception question p_access answered 1 never counts):
 *   SNV, 4 responses: access 5,4,4,5 → 4/4 = 100; procedure 5,2,1,4 → 50; civil_servant 4,4,4,3 → 75;
 *        result 5,5,3,5 → 75; feedback 4,4,4,1 → 75 → (100 + 50 + 75 + 75 + 75) / 5 = 75.00 → 12 × 75 / 100 = 9.00
 *   SCT, 1 response: access 5, procedure 4, civil_servant 2, result 1, feedback unanswered → (100 + 100 + 0 + 0) / 4
 *        = 50.00 → 6.00
 * Index: SNV 8 + 4.80 + 9.00 = 21.80 / 30 = 72.666… → 72.67; SCT 6 + 6.93 + 6.00 = 18.93 / 30 = 63.10;
 *        STP (in no campaign: 9.1 and 9.2 not applicable, the index rescales) 9 / 10 = 90.00.
 */

let server: TestServer;
let admin: ApiClient;
let council: ApiClient;
const leaders: Record<string, ApiClient> = {};
let roundId: number;
let frameworkId: number;
const unitId: Record<string, number> = {};
const campaignId: Record<string, number> = {};
let officialsTemplate: number;
let sipasTemplate: number;

const at = (iso: string) => {
  server.now = iso;
};
const unitPath = (unit: string, path: string) => `/api/v1/rounds/${roundId}/units/${unit}${path}`;

const CLASSES = [
  { label: 'Tốt', min: 90 },
  { label: 'Khá', min: 80 },
  { label: 'Trung bình', min: 70 },
  { label: 'Yếu', min: 0 },
];
const OFFICIALS_LINK = { campaign: 'OFF-2025', measure: { kind: 'officials' }, mapping: { kind: 'linear' } };
const SIPAS_LINK = { campaign: 'SIPAS-2025', measure: { kind: 'sipas' }, mapping: { kind: 'linear' } };
const CRITERIA = [
  { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 10, method: 'manual', appraiser: 'SNV' },
  { code: '1.1', title: 'Kế hoạch CCHC', maxPoints: 10, method: 'manual' },
  { code: '9', title: 'Kết quả khảo sát', maxPoints: 20, method: 'survey' },
  { code: '9.1', title: 'Điều tra xã hội học cán bộ', maxPoints: 8, method: 'survey', survey: OFFICIALS_LINK },
  { code: '9.2', title: 'Chỉ số hài lòng SIPAS', maxPoints: 12, method: 'survey', survey: SIPAS_LINK },
];

const scale = (code: string, section: string, role: 'perception' | 'satisfaction'): SurveyQuestion => ({
  code,
  section,
  text: `Câu ${code}`,
  type: 'scale',
  role,
  required: false,
  options: [],
});
const SIPAS_QUESTIONS: SurveyQuestion[] = [
  scale('p_access', 'access', 'perception'),
  scale('s_access', 'access', 'satisfaction'),
  scale('s_procedure', 'procedure', 'satisfaction'),
  scale('s_civil', 'civil_servant', 'satisfaction'),
  scale('s_result', 'result', 'satisfaction'),
  scale('s_feedback', 'feedback', 'satisfaction'),
];
const OFFICIALS_QUESTIONS: SurveyQuestion[] = [
  {
    code: 'a1',
    section: 'tthc',
    text: 'Cải cách thủ tục hành chính của đơn vị',
    type: 'single',
    role: 'other',
    required: false,
    options: [
      { code: 'A', label: 'Tốt', weight: 100 },
      { code: 'B', label: 'Khá', weight: 60 },
      { code: 'C', label: 'Trung bình', weight: 20 },
      { code: 'D', label: 'Kém', weight: 0 },
    ],
  },
];

async function insertCampaign(code: string, kind: 'sipas' | 'officials', unitCodes: string[]) {
  const templateId = kind === 'sipas' ? sipasTemplate : officialsTemplate;
  const [row] = await server.db
    .insert(surveyCampaigns)
    .values({
      code,
      name: kind === 'sipas' ? 'Khảo sát SIPAS năm 2025' : 'Điều tra xã hội học cán bộ 2025',
      templateId,
      kind,
      questions: kind === 'sipas' ? SIPAS_QUESTIONS : OFFICIALS_QUESTIONS,
      year: 2025,
      opensOn: '2025-09-01',
      closesOn: '2025-10-31',
      channels: ['paper'],
    })
    .returning({ id: surveyCampaigns.id });
  campaignId[code] = row!.id;
  if (unitCodes.length) {
    await server.db
      .insert(surveyCampaignUnits)
      .values(unitCodes.map((u) => ({ campaignId: row!.id, unitId: unitId[u]!, slug: `${code}-${u}`.toLowerCase(), transactions: 100, target: 80 })));
  }
}

let formNo = 0;
/** Submitted (or draft) responses written as the entry modules write them, then responsesChanged in the same transaction. */
async function insertResponses(
  code: string,
  rows: { unit?: string; answers?: Record<string, unknown>; ratings?: Record<string, Record<string, string>>; draft?: boolean }[],
) {
  await server.db.transaction(async (tx) => {
    await tx.insert(surveyResponses).values(
      rows.map((r) => ({
        campaignId: campaignId[code]!,
        unitId: r.unit ? unitId[r.unit]! : null,
        source: 'paper' as const,
        externalId: `F${++formNo}`,
        status: r.draft ? ('draft' as const) : ('submitted' as const),
        answers: (r.answers ?? {}) as Record<string, number>,
        ratings: r.ratings ?? null,
        submittedAt: r.draft ? null : new Date('2025-10-01T03:00:00Z'),
      })),
    );
    await responsesChanged(tx, campaignId[code]!);
  });
}

const sipas = (unit: string, access: number, procedure: number, civil: number, result: number, feedback?: number) => ({
  unit,
  answers: {
    p_access: 1,
    s_access: access,
    s_procedure: procedure,
    s_civil: civil,
    s_result: result,
    ...(feedback === undefined ? {} : { s_feedback: feedback }),
  },
});

async function ranking() {
  const response = await admin.get('/api/v1/results?year=2025&block=SO');
  expect(response.status, response.text).toBe(200);
  return response.body.results.units.map((u: any) => [u.unitCode, u.score, u.maxScore, u.index, u.rank]);
}

async function drill(client: ApiClient, unit: string) {
  const response = await client.get(`/api/v1/results/units/${unit}?year=2025&block=SO`);
  expect(response.status, response.text).toBe(200);
  return new Map<string, any>(response.body.criteria.map((c: any) => [c.code, c]));
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await createUnit(server.db, fixtureActor, { code: 'STP', name: 'Sở Tư pháp', blockCode: 'SO', year: 2025 });
  for (const u of await server.db.select({ id: units.id, code: units.code }).from(units)) unitId[u.code] = u.id;
  admin = await server.loginAs('admin');
  council = await server.loginAs('council');
  for (const unit of ['SNV', 'SCT', 'STP']) leaders[unit] = await server.loginAs('unit_leader', unit);
  const templates = await server.db
    .insert(surveyTemplates)
    .values([
      { code: 'T-SIPAS', name: 'Phiếu SIPAS', kind: 'sipas', questions: SIPAS_QUESTIONS },
      { code: 'T-OFF', name: 'Phiếu điều tra cán bộ', kind: 'officials', questions: OFFICIALS_QUESTIONS },
    ])
    .returning({ id: surveyTemplates.id });
  sipasTemplate = templates[0]!.id;
  officialsTemplate = templates[1]!.id;
});
afterAll(() => server?.close());

describe('a framework criterion linked to a survey campaign', () => {
  it('is kept on survey leaves and answered in the tree', async () => {
    const created = await admin.post('/api/v1/frameworks', {
      year: 2025,
      blockCode: 'SO',
      name: 'Bộ tiêu chí khảo sát 2025',
      classes: CLASSES,
      criteria: CRITERIA,
    });
    expect(created.status, created.text).toBe(201);
    frameworkId = created.body.id;
    const survey = created.body.criteria[1];
    expect(survey.survey).toBeNull();
    expect(survey.children.map((c: any) => [c.code, c.survey])).toEqual([
      ['9.1', OFFICIALS_LINK],
      ['9.2', SIPAS_LINK],
    ]);
    const audit = await admin.get('/api/v1/audit?entityType=framework&limit=1');
    expect(audit.body.items[0].after.criteria.find((c: any) => c.code === '9.2').survey).toEqual(SIPAS_LINK);
  });

  it('refuses links on other methods and on parents, bands over the maximum and malformed links, with reasons', async () => {
    const check = async (criteria: unknown[]) => {
      const response = await admin.post('/api/v1/frameworks/check', { name: 'x', classes: CLASSES, criteria });
      expect(response.status, response.text).toBe(200);
      return response.body.issues.map((i: any) => [i.path, i.code, i.params]);
    };
    expect(
      await check([
        { code: '1', title: 'A', maxPoints: 10, method: 'manual', survey: SIPAS_LINK },
        { code: '2', title: 'B', maxPoints: 5, method: 'survey', survey: SIPAS_LINK },
        { code: '2.1', title: 'C', maxPoints: 5, method: 'survey', survey: { ...SIPAS_LINK, mapping: { kind: 'bands', bands: [{ min: 80, points: 5.5 }] } } },
      ]),
    ).toEqual([
      ['criteria.0.survey', 'criterion_survey_link_not_survey', { method: 'manual', criterion: '1' }],
      ['criteria.1.survey', 'criterion_survey_link_on_parent', { criterion: '2' }],
      ['criteria.2.survey.mapping.bands.0.points', 'criterion_survey_band_over_max', { points: 5.5, max: 5, criterion: '2.1' }],
    ]);
    // A save refuses the same, in Vietnamese too (the catalogue's reason).
    const saved = await admin.put(`/api/v1/frameworks/${frameworkId}`, {
      name: 'Bộ tiêu chí khảo sát 2025',
      classes: CLASSES,
      criteria: CRITERIA.map((c) => (c.code === '1.1' ? { ...c, survey: SIPAS_LINK } : c)),
    });
    expect(saved.status).toBe(400);
    expect(saved.body.error.details.issues[0]).toMatchObject({
      path: 'criteria.1.survey',
      code: 'criterion_survey_link_not_survey',
      message: '1.1: only a survey criterion can be linked to a survey campaign; this one is manual',
    });
    // Malformed links are refused by the contract: an unknown measure, an element that is not a SIPAS element, no bands.
    for (const survey of [
      { campaign: 'SIPAS-2025', measure: { kind: 'median' }, mapping: { kind: 'linear' } },
      { campaign: 'SIPAS-2025', measure: { kind: 'element', element: 'parking' }, mapping: { kind: 'linear' } },
      { campaign: 'SIPAS-2025', measure: { kind: 'sipas' }, mapping: { kind: 'bands', bands: [] } },
      { campaign: 'SIPAS 2025!', measure: { kind: 'sipas' }, mapping: { kind: 'linear' } },
      { campaign: 'SIPAS-2025', measure: { kind: 'sipas' }, mapping: { kind: 'linear', full: 0 } },
    ]) {
      const response = await admin.post('/api/v1/frameworks/check', {
        name: 'x',
        classes: CLASSES,
        criteria: [{ code: '1', title: 'A', maxPoints: 5, method: 'survey', survey }],
      });
      expect(response.status, JSON.stringify(survey)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
    }
  });

  it('goes through the JSON, CSV and XLSX files and back, and through revise and clone', async () => {
    const banded = {
      campaign: 'SIPAS-2025',
      measure: { kind: 'element', element: 'access' },
      mapping: {
        kind: 'bands',
        bands: [
          { min: 90, points: 2 },
          { min: 70, points: 1.5 },
        ],
      },
    };
    const file = {
      year: 2024,
      block: 'XA',
      name: 'Khảo sát xã 2024',
      classes: CLASSES,
      criteria: [
        { code: '1', title: 'Khảo sát', maxPoints: 2, method: 'survey' },
        { code: '1.1', title: 'Tiếp cận dịch vụ', maxPoints: 2, method: 'survey', survey: banded },
      ],
    };
    const imported = await admin.upload('/api/v1/frameworks/import', JSON.stringify(file), 'framework.json');
    expect(imported.status, imported.text).toBe(201);
    const id = imported.body.framework.id;
    const download = async (format: string) => {
      const res = await fetch(`${server.baseUrl}/api/v1/frameworks/${id}/export?format=${format}`, { headers: { cookie: admin.cookie! } });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const json = JSON.parse((await download('json')).toString('utf8'));
    expect(json.criteria[1].survey).toEqual(banded);
    expect(json.criteria[0].survey).toBeUndefined();
    const csv = (await download('csv')).toString('utf8');
    expect(csv.split('\n')[0]).toBe('code,title,max_points,method,evidence_required,appraiser,guidance,formula,survey');
    expect(csv).toContain(`1.1,Tiếp cận dịch vụ,2,survey,no,,,,"${JSON.stringify(banded).replace(/"/g, '""')}"`);
    for (const [format, content] of [
      ['csv', csv],
      ['xlsx', await download('xlsx')],
    ] as const) {
      const again = await admin.upload(`/api/v1/frameworks/import?year=2024&block=XA&format=${format}`, content, `framework.${format}`);
      expect(again.status, again.text).toBe(201);
      const tree = await admin.get(`/api/v1/frameworks/${again.body.framework.id}`);
      expect(tree.body.criteria[0].children[0].survey).toEqual(banded);
    }
    // A bad survey cell is refused at its row and column.
    const bad = await admin.upload(
      '/api/v1/frameworks/import?year=2024&block=XA&format=csv',
      'code,title,max_points,method,survey\n1,Khảo sát,2,survey,\n1.1,Tiếp cận,2,survey,not json\n1.2,Xử lý,0,survey,"{""campaign"":""S"",""measure"":{""kind"":""sipas""},""mapping"":{""kind"":""bands"",""bands"":[]}}"\n',
      'framework.csv',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.rows).toMatchObject([
      { row: 3, column: 'survey', code: 'framework_survey_not_json' },
      { row: 4, column: 'survey.mapping.bands', code: 'too_few_items' },
    ]);
    // A band over the maximum in a JSON file: refused at the band's line.
    const over = {
      ...file,
      criteria: [file.criteria[0], { ...file.criteria[1], survey: { ...banded, mapping: { kind: 'bands', bands: [{ min: 90, points: 3 }] } } }],
    };
    const overResponse = await admin.upload('/api/v1/frameworks/import', JSON.stringify(over, null, 2), 'framework.json');
    expect(overResponse.status).toBe(400);
    expect(overResponse.body.error.details.rows[0]).toMatchObject({
      column: 'criteria[1].survey.mapping.bands[0].points',
      code: 'criterion_survey_band_over_max',
    });

    // A revision keeps the links; a clone to 2026 moves the campaign's year with it.
    const revised = await admin.post(`/api/v1/frameworks/${frameworkId}/revisions`, {});
    expect(revised.status, revised.text).toBe(201);
    expect(revised.body.criteria[1].children.map((c: any) => c.survey)).toEqual([OFFICIALS_LINK, SIPAS_LINK]);
    expect((await admin.delete(`/api/v1/frameworks/${revised.body.id}`)).status).toBe(204);
    const cloned = await admin.post(`/api/v1/frameworks/${frameworkId}/clone`, { year: 2026 });
    expect(cloned.status, cloned.text).toBe(201);
    expect(cloned.body.criteria[1].children.map((c: any) => c.survey.campaign)).toEqual(['OFF-2026', 'SIPAS-2026']);
  });

  it('changing a link is audited like any framework edit', async () => {
    const banded = {
      ...SIPAS_LINK,
      mapping: {
        kind: 'bands',
        bands: [
          { min: 80, points: 12 },
          { min: 50, points: 6 },
        ],
      },
    };
    const changed = await admin.put(`/api/v1/frameworks/${frameworkId}`, {
      name: 'Bộ tiêu chí khảo sát 2025',
      classes: CLASSES,
      criteria: CRITERIA.map((c) => (c.code === '9.2' ? { ...c, survey: banded } : c)),
    });
    expect(changed.status, changed.text).toBe(200);
    const audit = (await admin.get('/api/v1/audit?entityType=framework&limit=1')).body.items[0];
    expect(audit.action).toBe('update');
    expect(audit.before.criteria.find((c: any) => c.code === '9.2').survey).toEqual(SIPAS_LINK);
    expect(audit.after.criteria.find((c: any) => c.code === '9.2').survey).toEqual(banded);
    // Back to the linear link; the same content again writes no audit row.
    const back = await admin.put(`/api/v1/frameworks/${frameworkId}`, { name: 'Bộ tiêu chí khảo sát 2025', classes: CLASSES, criteria: CRITERIA });
    expect(back.status, back.text).toBe(200);
    const total = (await admin.get('/api/v1/audit?entityType=framework&limit=1')).body.total;
    expect((await admin.put(`/api/v1/frameworks/${frameworkId}`, { name: 'Bộ tiêu chí khảo sát 2025', classes: CLASSES, criteria: CRITERIA })).status).toBe(
      200,
    );
    expect((await admin.get('/api/v1/audit?entityType=framework&limit=1')).body.total).toBe(total);
  });
});

describe('survey points in the results', () => {
  it('without the campaigns the survey criteria are not applicable, with the reason', async () => {
    at('2025-11-05T03:00:00Z');
    const opened = await admin.post('/api/v1/rounds', { year: 2025, blockCode: 'SO', ...ROUND_2025_DATES });
    expect(opened.status, opened.text).toBe(201);
    roundId = opened.body.id;
    for (const [unit, score] of [
      ['SNV', 8],
      ['SCT', 6],
      ['STP', 9],
    ] as const) {
      expect((await leaders[unit]!.put(unitPath(unit, '/scores/1.1/self'), { score })).status).toBe(200);
      expect((await leaders[unit]!.post(unitPath(unit, '/submit'))).status).toBe(200);
    }
    // Only the manual criterion applies: 8/10, 6/10, 9/10.
    expect(await ranking()).toEqual([
      ['STP', 9, 10, 90, 1],
      ['SNV', 8, 10, 80, 2],
      ['SCT', 6, 10, 60, 3],
    ]);
    const snv = await drill(admin, 'SNV');
    expect(snv.get('9.2')).toMatchObject({
      applicable: false,
      survey: {
        campaign: 'SIPAS-2025',
        value: null,
        points: null,
        responses: 0,
        decidedBy: 'not_applicable',
        reason: { code: 'survey_source_campaign_missing', params: { campaign: 'SIPAS-2025' }, message: 'there is no survey campaign SIPAS-2025' },
      },
    });
  });

  it('a campaign without responses, and a unit it does not cover, leave the criteria not applicable', async () => {
    await insertCampaign('OFF-2025', 'officials', ['SNV', 'SCT']);
    await insertCampaign('SIPAS-2025', 'sipas', ['SNV', 'SCT']);
    expect(await ranking()).toEqual([
      ['STP', 9, 10, 90, 1],
      ['SNV', 8, 10, 80, 2],
      ['SCT', 6, 10, 60, 3],
    ]);
    expect((await drill(admin, 'SCT')).get('9.1').survey).toMatchObject({
      campaignName: 'Điều tra xã hội học cán bộ 2025',
      responses: 0,
      reason: { code: 'survey_source_no_responses', params: { campaign: 'OFF-2025' } },
    });
    expect((await drill(admin, 'STP')).get('9.2').survey.reason).toMatchObject({ code: 'survey_source_unit_not_covered', params: { campaign: 'SIPAS-2025' } });
  });

  it('computes the points from the responses, and the index (rescaled where no survey covers the unit)', async () => {
    await insertResponses('OFF-2025', [
      { ratings: { SNV: { a1: 'A' }, SCT: { a1: 'A' } } },
      { ratings: { SNV: { a1: 'B' }, SCT: { a1: 'A' } } },
      { ratings: { SNV: { a1: 'C' }, SCT: { a1: 'B' } } },
      // A draft never counts.
      { ratings: { SNV: { a1: 'D' }, SCT: { a1: 'D' } }, draft: true },
    ]);
    await insertResponses('SIPAS-2025', [
      sipas('SNV', 5, 5, 4, 5, 4),
      sipas('SNV', 4, 2, 4, 5, 4),
      sipas('SNV', 4, 1, 4, 3, 4),
      sipas('SNV', 5, 4, 3, 5, 1),
      sipas('SCT', 5, 4, 2, 1),
    ]);
    expect(await ranking()).toEqual([
      ['STP', 9, 10, 90, 1],
      ['SNV', 21.8, 30, 72.67, 2],
      ['SCT', 18.93, 30, 63.1, 3],
    ]);
    const snv = await drill(admin, 'SNV');
    expect(snv.get('9.1')).toMatchObject({ applicable: true, score: 4.8, maxScore: 8 });
    expect(snv.get('9.1').survey).toEqual({
      campaign: 'OFF-2025',
      campaignName: 'Điều tra xã hội học cán bộ 2025',
      measure: { kind: 'officials' },
      mapping: { kind: 'linear' },
      value: 60,
      points: 4.8,
      responses: 3,
      reason: null,
      decidedBy: 'computed',
    });
    expect(snv.get('9.2')).toMatchObject({ score: 9, survey: { value: 75, points: 9, responses: 4, decidedBy: 'computed' } });
    expect(snv.get('9')).toMatchObject({ score: 13.8, maxScore: 20, index: 69 });
    const sct = await drill(admin, 'SCT');
    expect(sct.get('9.1').survey).toMatchObject({ value: 86.67, points: 6.93, responses: 3 });
    expect(sct.get('9.2').survey).toMatchObject({ value: 50, points: 6, responses: 1 });
    const stp = await drill(admin, 'STP');
    expect([stp.get('9').applicable, stp.get('9').maxScore, stp.get('9.1').applicable, stp.get('9.2').applicable]).toEqual([false, 0, false, false]);
    // The formula variable surveyIndex reads the same SIPAS index from the year's SIPAS campaign covering the unit.
    const readings = await formulaVariables(server.db, 2025, [unitId.SNV!, unitId.SCT!, unitId.STP!], new Set(['surveyIndex'] as const));
    expect([unitId.SNV!, unitId.SCT!, unitId.STP!].map((id) => readings.get(id)!.surveyIndex)).toEqual([
      { name: 'surveyIndex', kind: 'percent', value: '75.00', basis: { responses: 4 }, missing: null },
      { name: 'surveyIndex', kind: 'percent', value: '50.00', basis: { responses: 1 }, missing: null },
      { name: 'surveyIndex', kind: 'percent', value: null, basis: { responses: 0 }, missing: 'no_survey' },
    ]);
    // The unit's own sheet: survey criteria have no self value, the sheet keeps treating them so.
    // It shows the survey's points for the unit, and totals them as the results do (8 + 4.80 + 9.00 = 21.80 of 30).
    const sheet = await leaders.SNV!.get(unitPath('SNV', '/assessment'));
    expect(sheet.status).toBe(200);
    expect(sheet.body.totals.overall).toMatchObject({ self: 8, current: 21.8, maxScore: 30 });
    expect(sheet.body.criteria.find((c: any) => c.code === '9.2').survey).toMatchObject({ value: 75, points: 9, decidedBy: 'computed' });
    expect(sheet.body.criteria.find((c: any) => c.code === '1.1').survey).toBeUndefined();
    // STP: no survey covers it, so its sheet leaves 9.1 and 9.2 out of the maximum too (9 of 10).
    const stpSheet = await leaders.STP!.get(unitPath('STP', '/assessment'));
    expect(stpSheet.body.totals.overall).toMatchObject({ self: 9, current: 9, maxScore: 10 });
  });

  it("the organizer's entry wins over the computed points, and stands in where no survey was held", async () => {
    at('2025-12-28T03:00:00Z');
    const override = await admin.put(unitPath('SCT', '/scores/9.2/organizer'), { score: 10, reason: 'Kết quả khảo sát phúc tra' });
    expect(override.status, override.text).toBe(200);
    const outside = await admin.put(unitPath('STP', '/scores/9.2/organizer'), { score: 10.5, reason: 'Khảo sát do đơn vị tư vấn thực hiện' });
    expect(outside.status, outside.text).toBe(200);
    // SCT 6 + 6.93 + 10 = 22.93 / 30 = 76.433… → 76.43; STP 9 + 10.5 = 19.5 / 22 = 88.636… → 88.64 (9.1 still not applicable).
    expect(await ranking()).toEqual([
      ['STP', 19.5, 22, 88.64, 1],
      ['SCT', 22.93, 30, 76.43, 2],
      ['SNV', 21.8, 30, 72.67, 3],
    ]);
    expect((await drill(admin, 'SCT')).get('9.2')).toMatchObject({ score: 10, survey: { points: 6, decidedBy: 'appraisal' } });
    expect((await drill(admin, 'STP')).get('9.2')).toMatchObject({ applicable: true, score: 10.5, survey: { points: null, decidedBy: 'appraisal' } });
  });

  it('new responses change the points (the tally follows the campaign’s revision)', async () => {
    await insertResponses('OFF-2025', [{ ratings: { SNV: { a1: 'D' } } }]);
    // SNV: (100 + 60 + 20 + 0) / 4 = 45.00 → 8 × 45 / 100 = 3.60 → 8 + 3.60 + 9 = 20.60 / 30 = 68.666… → 68.67.
    expect(await ranking()).toEqual([
      ['STP', 19.5, 22, 88.64, 1],
      ['SCT', 22.93, 30, 76.43, 2],
      ['SNV', 20.6, 30, 68.67, 3],
    ]);
  });

  it('publication freezes the survey points and their source', async () => {
    const approved = await council.post(`/api/v1/rounds/${roundId}/approve`);
    expect(approved.status, approved.text).toBe(200);
    const published = await admin.post('/api/v1/results/publish', { year: 2025, block: 'SO' });
    expect(published.status, published.text).toBe(200);
    await insertResponses('SIPAS-2025', [sipas('SNV', 1, 1, 1, 1, 1), sipas('SNV', 1, 1, 1, 1, 1)]);
    const viewer = await server.loginAs('viewer');
    const snv = await drill(viewer, 'SNV');
    expect(snv.get('9.2')).toMatchObject({ score: 9, survey: { campaign: 'SIPAS-2025', value: 75, points: 9, responses: 4 } });
    expect(snv.get('9.1').survey).toMatchObject({ value: 45, points: 3.6, responses: 4 });
    const publicResults = await viewer.get('/api/v1/results?year=2025&block=SO');
    expect(publicResults.body.results.units.find((u: any) => u.unitCode === 'SNV').index).toBe(68.67);
  });

  it('surveyIndex has no value when several SIPAS campaigns of the year cover the unit, or its responses answer no satisfaction question', async () => {
    await insertCampaign('SIPAS-2025-B', 'sipas', ['SNV', 'STP']);
    await insertResponses('SIPAS-2025-B', [{ unit: 'STP', answers: { p_access: 5 } }]);
    const readings = await formulaVariables(server.db, 2025, [unitId.SNV!, unitId.SCT!, unitId.STP!], new Set(['surveyIndex'] as const));
    expect([unitId.SNV!, unitId.SCT!, unitId.STP!].map((id) => [readings.get(id)!.surveyIndex.value, readings.get(id)!.surveyIndex.missing])).toEqual([
      [null, 'several_surveys'],
      ['50.00', null],
      [null, 'no_survey_responses'],
    ]);
  });
});
