import type { DbOrTx } from '../../src/db/client.js';
import { surveyCampaigns, surveyCampaignUnits, surveyResponses, surveyTemplates } from '../../src/db/schema.js';
import type { Answers, Ratings, SurveyKind, SurveyQuestion } from '../../src/domain/surveys.js';
import { responsesChanged } from '../../src/modules/surveys/campaigns.js';
import { findUnitIdByCode } from '../../src/modules/units/queries.js';

/**
 * Survey results fixtures: a template, a campaign over some units and submitted responses, written straight into the
 * tables (as collection and imports would leave them), then `responsesChanged` so the campaign's tally is recomputed.
 * The figures they give are hand-computed in test/api/survey-results.test.ts and test/cli-survey-report.test.ts.
 */

const scale = (code: string, section: string, role: SurveyQuestion['role'] = 'satisfaction'): SurveyQuestion => ({
  code,
  section,
  text: `Câu hỏi ${code}`,
  type: 'scale',
  role,
  required: false,
  options:
    role === 'satisfaction'
      ? [
          { code: '1', label: 'Rất không hài lòng' },
          { code: '5', label: 'Rất hài lòng' },
        ]
      : [],
});

export const SIPAS_QUESTIONS: SurveyQuestion[] = [
  {
    code: 'sex',
    section: 'profile',
    text: 'Giới tính',
    type: 'single',
    role: 'profile',
    required: false,
    options: [
      { code: 'nam', label: 'Nam' },
      { code: 'nu', label: 'Nữ' },
    ],
  },
  scale('A1', 'access', 'perception'),
  scale('A2', 'access'),
  scale('A3', 'access'),
  scale('E1', 'access', 'expectation'),
  scale('P1', 'procedure'),
  scale('C1', 'civil_servant'),
  scale('R1', 'result'),
  scale('F1', 'feedback'),
  { code: 'visits', section: 'other', text: 'Số lần đi lại', type: 'number', role: 'other', required: false, options: [] },
  { code: 'note', section: 'other', text: 'Góp ý khác', type: 'text', role: 'other', required: false, options: [] },
];

const weighted = (code: string, section: string): SurveyQuestion => ({
  code,
  section,
  text: `Đánh giá ${code}`,
  type: 'single',
  role: 'other',
  required: false,
  options: [
    { code: 'A', label: 'Tốt', weight: 100 },
    { code: 'B', label: 'Khá', weight: 60 },
    { code: 'C', label: 'Trung bình', weight: 20 },
    { code: 'D', label: 'Kém', weight: 0 },
    { code: 'K', label: 'Không rõ' },
  ],
});

export const OFFICIALS_QUESTIONS: SurveyQuestion[] = [
  {
    code: 'group',
    section: 'profile',
    text: 'Nhóm',
    type: 'single',
    role: 'profile',
    required: false,
    options: [
      { code: 'hdnd', label: 'Đại biểu HĐND' },
      { code: 'so', label: 'Lãnh đạo sở' },
    ],
  },
  weighted('q1', 'Cải cách TTHC'),
  weighted('q2', 'Cải cách TTHC'),
  weighted('q3', 'Công vụ'),
  { code: 'y1', section: 'other', text: 'Góp ý', type: 'text', role: 'other', required: false, options: [] },
];

let slugs = 0;

export async function createCampaign(
  db: DbOrTx,
  input: { code: string; kind: SurveyKind; questions: SurveyQuestion[]; year?: number; units: { code: string; target: number }[] },
): Promise<number> {
  const [template] = await db
    .insert(surveyTemplates)
    .values({ code: `T-${input.code}`, name: `Mẫu ${input.code}`, kind: input.kind, questions: input.questions })
    .returning({ id: surveyTemplates.id });
  const [campaign] = await db
    .insert(surveyCampaigns)
    .values({
      code: input.code,
      name: `Khảo sát ${input.code}`,
      templateId: template!.id,
      kind: input.kind,
      questions: input.questions,
      year: input.year ?? 2025,
      opensOn: '2025-03-01',
      closesOn: '2025-11-30',
      channels: ['qr', 'paper'],
    })
    .returning({ id: surveyCampaigns.id });
  for (const unit of input.units) {
    const unitId = await findUnitIdByCode(db, unit.code);
    if (unitId === null) throw new Error(`no unit ${unit.code}`);
    await db.insert(surveyCampaignUnits).values({ campaignId: campaign!.id, unitId, slug: `fx${(slugs += 1)}${Date.now().toString(36)}`, target: unit.target });
  }
  return campaign!.id;
}

/** Inserts responses (submitted unless said) and marks the campaign's responses changed. */
export async function addResponses(
  db: DbOrTx,
  campaignId: number,
  responses: { unit?: string; answers: Answers; ratings?: Ratings; status?: 'draft' | 'submitted' }[],
): Promise<void> {
  for (const r of responses) {
    const unitId = r.unit ? await findUnitIdByCode(db, r.unit) : null;
    await db.insert(surveyResponses).values({
      campaignId,
      unitId,
      source: 'paper',
      status: r.status ?? 'submitted',
      answers: r.answers,
      ratings: r.ratings ?? null,
      submittedAt: (r.status ?? 'submitted') === 'submitted' ? new Date('2025-06-02T03:00:00Z') : null,
    });
  }
  await responsesChanged(db, campaignId);
}

/**
 * The SIPAS campaign of the tests, over SCT (target 3), SNV (4) and X1 (2, no responses):
 *   SNV r1 nam: A1 1 (perception), A2 5, A3 4, E1 1 (expectation), P1 4, C1 5, R1 4, visits 2, note "<script>alert(1)</script>"
 *   SNV r2 nu:  A2 3, A3 4, P1 2, C1 4, R1 5, visits 3, note "Nhanh & gọn"
 *   SNV r3 nam: A2 4, P1 5, R1 2, visits 1
 *   SNV draft:  A2 5 (not submitted: not counted)
 *   SCT r4 nu:  A2 1, F1 5, note "Chậm"
 *   SCT r5 nu:  A2 4, F1 4
 */
export async function seedSipasCampaign(db: DbOrTx, code = 'SIPAS-2025'): Promise<number> {
  const id = await createCampaign(db, {
    code,
    kind: 'sipas',
    questions: SIPAS_QUESTIONS,
    units: [
      { code: 'SNV', target: 4 },
      { code: 'SCT', target: 3 },
      { code: 'X1', target: 2 },
    ],
  });
  await addResponses(db, id, [
    { unit: 'SNV', answers: { sex: 'nam', A1: 1, A2: 5, A3: 4, E1: 1, P1: 4, C1: 5, R1: 4, visits: 2, note: '<script>alert(1)</script>' } },
    { unit: 'SNV', answers: { sex: 'nu', A2: 3, A3: 4, P1: 2, C1: 4, R1: 5, visits: 3, note: 'Nhanh & gọn' } },
    { unit: 'SNV', answers: { sex: 'nam', A2: 4, P1: 5, R1: 2, visits: 1 } },
    { unit: 'SNV', answers: { A2: 5 }, status: 'draft' },
    { unit: 'SCT', answers: { sex: 'nu', A2: 1, F1: 5, note: 'Chậm' } },
    { unit: 'SCT', answers: { sex: 'nu', A2: 4, F1: 4 } },
  ]);
  return id;
}

/**
 * The officials' campaign: SNV and SCT rated.
 *   o1 hdnd: SNV q1 A, q2 B, q3 K, y1 "Tốt"; SCT q1 C, q3 D
 *   o2 so:   SNV q1 B, q2 B, q3 A
 */
export async function seedOfficialsCampaign(db: DbOrTx, code = 'DTXH-2025'): Promise<number> {
  const id = await createCampaign(db, {
    code,
    kind: 'officials',
    questions: OFFICIALS_QUESTIONS,
    units: [
      { code: 'SNV', target: 0 },
      { code: 'SCT', target: 0 },
    ],
  });
  await addResponses(db, id, [
    { answers: { group: 'hdnd' }, ratings: { SNV: { q1: 'A', q2: 'B', q3: 'K', y1: 'Tốt' }, SCT: { q1: 'C', q3: 'D' } } },
    { answers: { group: 'so' }, ratings: { SNV: { q1: 'B', q2: 'B', q3: 'A' } } },
  ]);
  return id;
}
