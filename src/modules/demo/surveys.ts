import { and, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { type Db, inTransaction, type Tx } from '../../db/client.js';
import {
  criteria,
  dossiers,
  surveyCampaigns,
  surveyCampaignUnits,
  surveyGroups,
  surveyGroupUnits,
  surveyResponses,
  surveyTemplates,
  surveyTokens,
} from '../../db/schema.js';
import { dateOfDayNumber, dayNumber } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { type Answers, type Ratings, sampleSize, type SurveyQuestion } from '../../domain/surveys.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { findFrameworkId } from '../frameworks/service.js';
import { ensureShippedTemplates } from '../survey-templates/service.js';
import { responsesChanged } from '../surveys/campaigns.js';
import { hashSurveyKey, newSlug, newSurveyKey } from '../surveys/keys.js';
import { listUnits } from '../units/service.js';
import { DEMO_LEADERS } from './cycle.js';
import { cumulativeOf, DemoRandom, hashUnit } from './random.js';

/**
 * The surveys of the demo (docs/demo.md): the shipped templates; a SIPAS campaign of the current year over the
 * departments and the communes with a few hundred submitted responses per unit (mostly from the counter QR, some paper
 * forms), sized by each unit's dossiers of the year; an officials' survey in which provincial council delegates and
 * commune leaders rate the departments; and the departments' survey criteria 9.1 / 9.2 linked to both. Inserted in
 * bulk (the public form's path is one response at a time), each campaign in one transaction with its audit row; a
 * campaign already there is left alone, so a second run changes nothing.
 */

export interface DemoSurveys {
  templatesInstalled: number;
  campaignsOpened: number;
  responses: number;
}

const SIPAS_BLOCKS = ['SO', 'XA'] as const;
const BATCH = 1000;

const sipasCode = (year: number) => `SIPAS-${year}`;
const officialsCode = (year: number) => `DTXHH-${year}`;

/** A unit's service level, 0.55–0.95: leaders serve best; stable per unit. */
const serviceLevel = (unitCode: string) => (DEMO_LEADERS.has(unitCode) ? 0.95 : 0.55 + 0.35 * hashUnit(unitCode, 91));

/** A 1–5 answer whose chance of 4 or 5 is about `level`. */
function scaleAnswer(random: DemoRandom, level: number): number {
  if (random.next() < level) return random.next() < 0.45 ? 5 : 4;
  return random.pick([1, 2, 2, 3, 3, 3]);
}

const AGES = cumulativeOf([12, 30, 33, 19, 6]);
const AGE_CODES = ['under25', '25-34', '35-49', '50-64', '65plus'];
const CHANNELS = cumulativeOf([72, 24, 4]);
const CHANNEL_CODES = ['direct', 'online', 'postal'];
const PROCEDURES = [
  'Đăng ký khai sinh',
  'Chứng thực bản sao',
  'Đăng ký kết hôn',
  'Cấp giấy phép xây dựng',
  'Đăng ký kinh doanh hộ cá thể',
  'Cấp phiếu lý lịch tư pháp',
];
const COMMENTS = [
  'Cán bộ hướng dẫn nhiệt tình, chu đáo.',
  'Mong có thêm chỗ ngồi chờ và máy lấy số.',
  'Cổng dịch vụ công đôi khi chậm, khó nộp hồ sơ trực tuyến.',
  'Trả kết quả đúng hẹn, rất hài lòng.',
  'Nên niêm yết phí, lệ phí rõ ràng hơn.',
];

function sipasAnswers(random: DemoRandom, questions: readonly SurveyQuestion[], level: number): Answers {
  const answers: Answers = {};
  // Each respondent is a little more or less pleased than the unit's level.
  const own = Math.min(0.99, Math.max(0.05, level + random.between(-0.15, 0.15)));
  for (const q of questions) {
    if (q.code === 'age_group') answers[q.code] = AGE_CODES[random.weighted(AGES)]!;
    else if (q.code === 'sex') answers[q.code] = random.next() < 0.48 ? 'male' : random.next() < 0.98 ? 'female' : 'other';
    else if (q.code === 'channel') answers[q.code] = CHANNEL_CODES[random.weighted(CHANNELS)]!;
    else if (q.code === 'procedure') {
      if (random.next() < 0.4) answers[q.code] = random.pick(PROCEDURES);
    } else if (q.code === 'comment') {
      if (random.next() < 0.06) answers[q.code] = random.pick(COMMENTS);
    } else if (q.type === 'scale') {
      // A few respondents skip an optional question.
      if (!q.required && random.next() < 0.1) continue;
      answers[q.code] = q.role === 'expectation' ? scaleAnswer(random, 1 - own) : scaleAnswer(random, own);
    }
  }
  return answers;
}

/** Days from `from` to `to` (both included) as a random local date's instant, at office hours. */
function submittedAt(random: DemoRandom, from: LocalDate, to: LocalDate): Date {
  const day = dateOfDayNumber(random.int(dayNumber(from), dayNumber(to)));
  const minutes = random.int(7 * 60 + 30, 16 * 60 + 30);
  return new Date(`${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+07:00`);
}

async function templateRow(tx: Tx, code: string) {
  const [row] = await tx.select().from(surveyTemplates).where(eq(surveyTemplates.code, code));
  if (!row) throw new Error(`the shipped template ${code} is missing`);
  return row;
}

interface DemoResponse {
  campaignId: number;
  unitId?: number;
  groupId?: number;
  tokenId?: number;
  source: 'qr' | 'paper' | 'link';
  externalId?: string;
  answers: Answers;
  ratings?: Ratings;
  enteredBy?: number;
  at: Date;
}

/**
 * Submitted responses in bulk: each batch is one JSON parameter expanded by the database (jsonb_array_elements), far
 * faster on PGlite than thousands of bound parameters.
 */
async function insertResponses(tx: Tx, rows: readonly DemoResponse[]) {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = JSON.stringify(rows.slice(i, i + BATCH));
    await tx.execute(sql`
      insert into ${surveyResponses} (campaign_id, unit_id, group_id, token_id, source, external_id, status, answers, ratings, entered_by,
                                      created_at, updated_at, submitted_at)
      select (r->>'campaignId')::int, (r->>'unitId')::int, (r->>'groupId')::int, (r->>'tokenId')::int, r->>'source', r->>'externalId',
             'submitted', r->'answers', r->'ratings', (r->>'enteredBy')::int, (r->>'at')::timestamptz, (r->>'at')::timestamptz,
             (r->>'at')::timestamptz
      from jsonb_array_elements(${batch}::jsonb) as r`);
  }
}

/** The campaign window: from 120 days before today (not before 1 January) to 31 December. */
function window(year: number, today: LocalDate): { opensOn: LocalDate; closesOn: LocalDate; until: LocalDate } {
  const first = `${year}-01-01` as LocalDate;
  const back = dateOfDayNumber(dayNumber(today) - 120);
  const opensOn = back > first ? back : first;
  const closesOn = `${year}-12-31` as LocalDate;
  const until = today < closesOn ? (today < opensOn ? opensOn : today) : closesOn;
  return { opensOn, closesOn, until };
}

/** Opens the SIPAS campaign with its responses; null when the year has no such units. */
async function openSipas(db: Db, organizer: Actor, year: number, today: LocalDate): Promise<number | null> {
  const units = (await Promise.all(SIPAS_BLOCKS.map((block) => listUnits(db, { year, block })))).flat();
  if (units.length === 0) return null;
  const counted = await db
    .select({ unitId: dossiers.unitId, n: sql<number>`count(*)::int` })
    .from(dossiers)
    .where(and(gte(dossiers.receivedDate, `${year}-01-01`), lte(dossiers.receivedDate, `${year}-12-31`)))
    .groupBy(dossiers.unitId);
  const transactionsOf = new Map(counted.map((r) => [r.unitId, r.n]));
  const { opensOn, closesOn, until } = window(year, today);
  return inTransaction(db, async (tx) => {
    const template = await templateRow(tx, 'SIPAS');
    const code = sipasCode(year);
    const [campaign] = await tx
      .insert(surveyCampaigns)
      .values({
        code,
        name: `Khảo sát sự hài lòng của người dân, tổ chức (SIPAS) năm ${year}`,
        templateId: template.id,
        kind: 'sipas',
        questions: template.questions,
        year,
        opensOn,
        closesOn,
        channels: ['qr', 'kiosk', 'link', 'paper'],
        doubleEntry: false,
        createdBy: organizer.userId,
      })
      .returning();
    const plan = units.map((u) => {
      const transactions = transactionsOf.get(u.id) ?? 0;
      return { unit: u, transactions, target: sampleSize(transactions) };
    });
    await tx
      .insert(surveyCampaignUnits)
      .values(plan.map((p) => ({ campaignId: campaign!.id, unitId: p.unit.id, slug: newSlug(), transactions: p.transactions, target: p.target })));
    const random = new DemoRandom(year * 7 + 11);
    const questions = template.questions as SurveyQuestion[];
    const rows: DemoResponse[] = [];
    for (const { unit, target } of plan) {
      // Most units reach 60–105 % of their target; a unit with few dossiers still hears from some people.
      const count = Math.max(40, Math.round(target * random.between(0.6, 1.05)));
      const level = serviceLevel(unit.code);
      for (let n = 1; n <= count; n++) {
        const paper = random.next() < 0.15;
        const at = submittedAt(random, opensOn, until);
        rows.push({
          campaignId: campaign!.id,
          unitId: unit.id,
          source: paper ? 'paper' : 'qr',
          ...(paper ? { externalId: `${unit.code}-${String(n).padStart(4, '0')}`, ...(organizer.userId ? { enteredBy: organizer.userId } : {}) } : {}),
          answers: sipasAnswers(random, questions, level),
          at,
        });
      }
    }
    await insertResponses(tx, rows);
    await responsesChanged(tx, campaign!.id);
    await recordAudit(tx, organizer, {
      action: 'create',
      entityType: 'survey_campaign',
      entityId: code,
      after: { code, template: 'SIPAS', year, opensOn, closesOn, units: plan.length, demoResponses: rows.length },
    });
    return rows.length;
  });
}

const RATING = cumulativeOf([1, 1, 1, 1]);

/** An officials' rating of a unit: A/B/C/D around the unit's standing, "no opinion" now and then. */
function ratingOf(random: DemoRandom, questions: readonly SurveyQuestion[], level: number): Answers {
  const answers: Answers = {};
  for (const q of questions) {
    if (q.role === 'profile') continue;
    if (random.next() < 0.05) {
      answers[q.code] = 'X';
      continue;
    }
    const good = Math.min(0.97, Math.max(0.1, level + random.between(-0.2, 0.15)));
    const draw = random.next();
    answers[q.code] = draw < good * 0.55 ? 'A' : draw < good ? 'B' : random.weighted(RATING) < 3 ? 'C' : 'D';
  }
  return answers;
}

const GROUPS = [
  { code: 'HDND', name: 'Đại biểu Hội đồng nhân dân tỉnh', position: 'hdnd', respondents: 30 },
  { code: 'LD_XA', name: 'Lãnh đạo Ủy ban nhân dân cấp xã', position: 'commune_leader', respondents: 45 },
] as const;

async function openOfficials(db: Db, organizer: Actor, year: number, today: LocalDate): Promise<number | null> {
  const departments = await listUnits(db, { year, block: 'SO' });
  if (departments.length === 0) return null;
  const { opensOn, closesOn, until } = window(year, today);
  return inTransaction(db, async (tx) => {
    const template = await templateRow(tx, 'OFFICIALS');
    const code = officialsCode(year);
    const [campaign] = await tx
      .insert(surveyCampaigns)
      .values({
        code,
        name: `Điều tra xã hội học đánh giá công tác cải cách hành chính năm ${year}`,
        templateId: template.id,
        kind: 'officials',
        questions: template.questions,
        year,
        opensOn,
        closesOn,
        channels: ['link', 'paper'],
        createdBy: organizer.userId,
      })
      .returning();
    await tx
      .insert(surveyCampaignUnits)
      .values(departments.map((u) => ({ campaignId: campaign!.id, unitId: u.id, slug: newSlug(), transactions: 0, target: 0 })));
    const questions = template.questions as SurveyQuestion[];
    const random = new DemoRandom(year * 13 + 5);
    let total = 0;
    for (const group of GROUPS) {
      const [row] = await tx.insert(surveyGroups).values({ campaignId: campaign!.id, code: group.code, name: group.name }).returning();
      await tx.insert(surveyGroupUnits).values(departments.map((u) => ({ groupId: row!.id, unitId: u.id })));
      const times = Array.from({ length: group.respondents }, () => submittedAt(random, opensOn, until));
      const tokens = await tx
        .insert(surveyTokens)
        .values(
          times.map((at, i) => ({
            campaignId: campaign!.id,
            groupId: row!.id,
            tokenHash: hashSurveyKey(newSurveyKey()),
            label: `${group.name} ${i + 1}`,
            usedAt: at,
          })),
        )
        .returning({ id: surveyTokens.id });
      // Two personal links not used yet (respondents who have not answered).
      await tx.insert(surveyTokens).values(
        [1, 2].map((i) => ({
          campaignId: campaign!.id,
          groupId: row!.id,
          tokenHash: hashSurveyKey(newSurveyKey()),
          label: `${group.name} (chưa trả lời ${i})`,
        })),
      );
      const responses = tokens.map((token, i): DemoResponse => {
        const ratings: Ratings = {};
        for (const u of departments) ratings[u.code] = ratingOf(random, questions, serviceLevel(u.code));
        return { campaignId: campaign!.id, groupId: row!.id, tokenId: token.id, source: 'link', answers: { position: group.position }, ratings, at: times[i]! };
      });
      await insertResponses(tx, responses);
      total += responses.length;
    }
    await responsesChanged(tx, campaign!.id);
    await recordAudit(tx, organizer, {
      action: 'create',
      entityType: 'survey_campaign',
      entityId: code,
      after: { code, template: 'OFFICIALS', year, opensOn, closesOn, units: departments.length, groups: GROUPS.map((g) => g.code), demoResponses: total },
    });
    return total;
  });
}

/** Links the departments' survey criteria of the year to the campaigns (9.1 officials, 9.2 SIPAS), where not linked yet. */
async function linkCriteria(db: Db, organizer: Actor, year: number): Promise<void> {
  let frameworkId: number;
  try {
    frameworkId = await findFrameworkId(db, { year, block: 'SO' });
  } catch {
    return;
  }
  const links = {
    '9.1': { campaign: officialsCode(year), measure: { kind: 'officials' as const }, mapping: { kind: 'linear' as const } },
    '9.2': { campaign: sipasCode(year), measure: { kind: 'sipas' as const }, mapping: { kind: 'linear' as const } },
  };
  await inTransaction(db, async (tx) => {
    const rows = await tx
      .select({ id: criteria.id, code: criteria.code })
      .from(criteria)
      .where(and(eq(criteria.frameworkId, frameworkId), eq(criteria.method, 'survey'), inArray(criteria.code, Object.keys(links)), isNull(criteria.survey)));
    for (const row of rows) {
      const survey = links[row.code as keyof typeof links];
      await tx.update(criteria).set({ survey }).where(eq(criteria.id, row.id));
      await recordAudit(tx, organizer, { action: 'update', entityType: 'criterion', entityId: row.id, after: { code: row.code, survey } });
    }
  });
}

async function campaignExists(db: Db, code: string): Promise<boolean> {
  return (await db.select({ id: surveyCampaigns.id }).from(surveyCampaigns).where(eq(surveyCampaigns.code, code))).length > 0;
}

export async function loadDemoSurveys(db: Db, organizer: Actor, year: number, today: LocalDate): Promise<DemoSurveys> {
  const templatesInstalled = (await ensureShippedTemplates(db, organizer)).length;
  let campaignsOpened = 0;
  let responses = 0;
  for (const [code, open] of [
    [sipasCode(year), openSipas],
    [officialsCode(year), openOfficials],
  ] as const) {
    if (await campaignExists(db, code)) continue;
    const added = await open(db, organizer, year, today);
    if (added === null) continue;
    campaignsOpened++;
    responses += added;
  }
  await linkCriteria(db, organizer, year);
  return { templatesInstalled, campaignsOpened, responses };
}
