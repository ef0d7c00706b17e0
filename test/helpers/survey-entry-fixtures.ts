import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { surveyCampaigns, surveyCampaignUnits, surveyGroups, surveyGroupUnits, surveyTemplates, units } from '../../src/db/schema.js';
import type { SurveyKind, SurveyQuestion } from '../../src/domain/surveys.js';

/**
 * Survey campaigns for the entry / import / export tests, written straight into the tables (the campaigns module has
 * its own tests): a template, a campaign over some units, and for officials respondent groups with the units they rate.
 */

/** A small SIPAS form: two satisfaction questions, two profile questions (single, multi), a free text. */
export const SIPAS_QUESTIONS: SurveyQuestion[] = [
  { code: 'A1', section: 'access', text: 'Hài lòng về tiếp cận dịch vụ', type: 'scale', role: 'satisfaction', required: true, options: [] },
  { code: 'P1', section: 'procedure', text: 'Hài lòng về thủ tục', type: 'scale', role: 'satisfaction', required: true, options: [] },
  {
    code: 'AGE',
    section: 'profile',
    text: 'Độ tuổi',
    type: 'single',
    role: 'profile',
    required: false,
    options: [
      { code: 'u30', label: 'Dưới 30' },
      { code: 'a30', label: 'Từ 30 đến 50' },
      { code: 'o50', label: 'Trên 50' },
    ],
  },
  {
    code: 'CH',
    section: 'profile',
    text: 'Kênh nộp hồ sơ',
    type: 'multi',
    role: 'profile',
    required: false,
    options: [
      { code: 'direct', label: 'Trực tiếp' },
      { code: 'online', label: 'Trực tuyến' },
      { code: 'postal', label: 'Bưu chính' },
    ],
  },
  { code: 'NOTE', section: 'other', text: 'Góp ý', type: 'text', role: 'other', required: false, options: [] },
];

/** A small officials' form: the respondent's role (profile), two questions rated per unit with A/B/C/D weights. */
const WEIGHTED = [
  { code: 'A', label: 'Tốt', weight: 100 },
  { code: 'B', label: 'Khá', weight: 60 },
  { code: 'C', label: 'Trung bình', weight: 20 },
  { code: 'D', label: 'Kém', weight: 0 },
];
export const OFFICIALS_QUESTIONS: SurveyQuestion[] = [
  {
    code: 'ROLE',
    section: 'profile',
    text: 'Chức vụ',
    type: 'single',
    role: 'profile',
    required: false,
    options: [
      { code: 'lead', label: 'Lãnh đạo' },
      { code: 'staff', label: 'Chuyên viên' },
    ],
  },
  { code: 'Q1', section: 'institutions', text: 'Cải cách thể chế', type: 'single', role: 'other', required: true, options: WEIGHTED },
  { code: 'Q2', section: 'procedures', text: 'Cải cách thủ tục hành chính', type: 'single', role: 'other', required: false, options: WEIGHTED },
];

let slugs = 0;

export async function seedCampaign(
  db: Db,
  options: {
    code: string;
    kind?: SurveyKind;
    questions?: SurveyQuestion[];
    unitCodes: string[];
    channels: string[];
    doubleEntry?: boolean;
    groups?: { code: string; name: string; unitCodes: string[] }[];
  },
): Promise<number> {
  const kind = options.kind ?? 'sipas';
  const questions = options.questions ?? (kind === 'officials' ? OFFICIALS_QUESTIONS : SIPAS_QUESTIONS);
  const [template] = await db
    .insert(surveyTemplates)
    .values({ code: `T-${options.code}`, name: `Mẫu ${options.code}`, kind, questions })
    .returning({ id: surveyTemplates.id });
  const [campaign] = await db
    .insert(surveyCampaigns)
    .values({
      code: options.code,
      name: `Đợt ${options.code}`,
      templateId: template!.id,
      kind,
      questions,
      year: 2025,
      opensOn: '2025-01-01',
      closesOn: '2025-12-31',
      channels: options.channels,
      doubleEntry: options.doubleEntry ?? false,
    })
    .returning({ id: surveyCampaigns.id });
  const unitRows = await db.select({ id: units.id, code: units.code }).from(units).where(inArray(units.code, options.unitCodes));
  for (const unit of unitRows) {
    await db.insert(surveyCampaignUnits).values({ campaignId: campaign!.id, unitId: unit.id, slug: `e${process.pid}x${++slugs}`, target: 10 });
  }
  for (const group of options.groups ?? []) {
    const [row] = await db.insert(surveyGroups).values({ campaignId: campaign!.id, code: group.code, name: group.name }).returning({ id: surveyGroups.id });
    for (const code of group.unitCodes) {
      const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.code, code));
      await db.insert(surveyGroupUnits).values({ groupId: row!.id, unitId: unit!.id });
    }
  }
  return campaign!.id;
}
