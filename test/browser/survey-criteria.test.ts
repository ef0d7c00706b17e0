import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../src/db/client';
import { blocks, criteria, frameworks, surveyCampaigns, surveyCampaignUnits, surveyResponses, surveyTemplates, units } from '../../src/db/schema';
import type { SurveyQuestion } from '../../src/domain/surveys';
import { systemActor } from '../../src/modules/auth/actor';
import { createBlock } from '../../src/modules/blocks/service';
import { importScores } from '../../src/modules/results/scores-import';
import { responsesChanged } from '../../src/modules/surveys/campaigns';
import { createUnit } from '../../src/modules/units/service';
import { createUser } from '../../src/modules/users/service';
import { apiFromPage, launchBrowser, loginAs, shot, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * A survey criterion's points and source in the results drill-down (docs/results.md "Survey criteria").
 * Framework SO 2025, 16 points: 1 (4) = 1.1 (4, manual); 9 (12, survey) = 9.1 (12) linked to SIPAS-2025, the SIPAS
 * index, linear. SIPAS-2025 surveys SNV only.
 * SNV, 2 responses: access 5,4 → 100; procedure 4,5 → 100; civil_servant 5,2 → 50; result 4,4 → 100; feedback
 *      unanswered → (100 + 100 + 50 + 100) / 4 = 87.50 → 12 × 87.5 / 100 = 10.50; 1.1 = 4 → 14.50 / 16 = 90.625 → 90.63
 * SCT: not in the campaign → 9.1 not applicable; 1.1 = 3 → 3 / 4 = 75.00
 */
const PASSWORD = 'survey-criteria-pass';
const actor = systemActor('test:survey-criteria-browser');
let dataDir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;

const scale = (code: string, section: string): SurveyQuestion => ({
  code,
  section,
  text: `Câu ${code}`,
  type: 'scale',
  role: 'satisfaction',
  required: false,
  options: [],
});
const QUESTIONS = [scale('s_access', 'access'), scale('s_procedure', 'procedure'), scale('s_civil', 'civil_servant'), scale('s_result', 'result')];
const LINK = { campaign: 'SIPAS-2025', measure: { kind: 'sipas' as const }, mapping: { kind: 'linear' as const } };

async function seed(dir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await database.migrate();
  const { db } = database;
  try {
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, 2025);
    await createUnit(db, actor, { code: 'SNV', name: 'Sở Nội vụ', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year: 2025 });
    await createUser(db, actor, {
      username: 'survey.admin',
      displayName: 'Sở Nội vụ – tổ chức',
      role: 'admin',
      unitCode: null,
      password: PASSWORD,
      mustChangePassword: false,
    });
    const [block] = await db.select().from(blocks);
    const [fw] = await db
      .insert(frameworks)
      .values({
        year: 2025,
        blockId: block!.id,
        name: 'Bộ tiêu chí khảo sát 2025',
        classes: [
          { label: 'Tốt', min: 90 },
          { label: 'Khá', min: 80 },
          { label: 'Trung bình', min: 70 },
          { label: 'Yếu', min: 0 },
        ],
      })
      .returning();
    const rows: [string, string, string, 'manual' | 'survey', typeof LINK | null][] = [
      ['1', 'Chỉ đạo điều hành', '4', 'manual', null],
      ['1.1', 'Kế hoạch CCHC', '4', 'manual', null],
      ['9', 'Kết quả khảo sát', '12', 'survey', null],
      ['9.1', 'Chỉ số hài lòng SIPAS', '12', 'survey', LINK],
    ];
    await db
      .insert(criteria)
      .values(rows.map(([code, title, maxPoints, method, survey], position) => ({ frameworkId: fw!.id, code, title, maxPoints, method, survey, position })));
    const unitId = Object.fromEntries((await db.select().from(units)).map((u) => [u.code, u.id]));
    const [template] = await db.insert(surveyTemplates).values({ code: 'T-SIPAS', name: 'Phiếu SIPAS', kind: 'sipas', questions: QUESTIONS }).returning();
    const [campaign] = await db
      .insert(surveyCampaigns)
      .values({
        code: 'SIPAS-2025',
        name: 'Khảo sát SIPAS 2025',
        templateId: template!.id,
        kind: 'sipas',
        questions: QUESTIONS,
        year: 2025,
        opensOn: '2025-09-01',
        closesOn: '2025-10-31',
        channels: ['paper'],
      })
      .returning();
    await db.insert(surveyCampaignUnits).values({ campaignId: campaign!.id, unitId: unitId.SNV!, slug: 'sipas-snv', transactions: 10, target: 10 });
    await db.insert(surveyResponses).values(
      [
        { s_access: 5, s_procedure: 4, s_civil: 5, s_result: 4 },
        { s_access: 4, s_procedure: 5, s_civil: 2, s_result: 4 },
      ].map((answers, i) => ({
        campaignId: campaign!.id,
        unitId: unitId.SNV!,
        source: 'paper' as const,
        externalId: `SNV-${i + 1}`,
        status: 'submitted' as const,
        answers,
        submittedAt: new Date('2025-10-01T03:00:00Z'),
      })),
    );
    await responsesChanged(db, campaign!.id);
    const file = ['unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable', 'SNV,1.1,4,,,', 'SCT,1.1,3,,,'].join('\n');
    await importScores(db, actor, Buffer.from(file), 2025, 'SO');
  } finally {
    await database.close();
  }
}

describe('survey criteria in the results drill-down and the framework editor', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parindex-survey-criteria-'));
    await seed(dataDir);
    server = await startServer({ PARINDEX_DATA_DIR: dataDir });
    browser = await launchBrowser();
    page = browser.page;
    await loginAs(page, server.baseUrl, 'survey.admin', PASSWORD);
    expect((await apiFromPage(page, 'POST', '/results/publish', { json: { year: 2025, block: 'SO' } })).status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the survey points and their source in the unit’s drill-down', async () => {
    await page.goto(`${server.baseUrl}/results/2025/SO/SNV`);
    expect(await text(page.getByTestId('unit-index'))).toContain('90,63');
    expect(await text(page.getByTestId('criterion-9.1'))).toContain('10,50 / 12,00');
    expect(await text(page.getByTestId('survey-source-9.1').getByTestId('survey-source-line'))).toBe(
      'Từ khảo sát SIPAS-2025: chỉ số SIPAS 87,50 % → 10,50 điểm (2 phiếu)',
    );
    await shot(page, 'survey-criteria-snv');
    await page.evaluate(() => localStorage.setItem('parindex.lang', 'en'));
    await page.reload();
    expect(await text(page.getByTestId('survey-source-9.1').getByTestId('survey-source-line'))).toBe(
      'From survey SIPAS-2025: SIPAS index 87.50 % → 10.50 points (2 responses)',
    );
    await page.evaluate(() => localStorage.setItem('parindex.lang', 'vi'));
  });

  it('a unit the campaign does not cover: not applicable, with the reason, and the index rescaled', async () => {
    await page.goto(`${server.baseUrl}/results/2025/SO/SCT`);
    expect(await text(page.getByTestId('unit-index'))).toContain('75,00');
    expect(await text(page.getByTestId('criterion-9.1'))).toContain('(không áp dụng)');
    expect(await text(page.getByTestId('survey-source-9.1').getByTestId('survey-source-line'))).toBe(
      'Từ khảo sát SIPAS-2025: chỉ số SIPAS chưa có giá trị: đơn vị không thuộc đợt khảo sát SIPAS-2025',
    );
  });

  it('the organizer sets a survey criterion’s link in the framework editor', async () => {
    const cloned = await apiFromPage(page, 'POST', '/frameworks/1/clone', { json: { year: 2026 } });
    expect(cloned.status).toBe(201);
    const id = (cloned.body as { id: number }).id;
    await page.goto(`${server.baseUrl}/frameworks/${id}`);
    expect(await text(page.getByTestId('criterion-survey-link-9.1'))).toBe('Khảo sát SIPAS-2026: chỉ số SIPAS');
    await page.getByTestId('framework-edit').click();
    await page.getByTestId('editor-edit-9.1').click();
    const modal = page.getByTestId('criterion-modal');
    // The clone moved the campaign's year with it.
    expect(await modal.getByTestId('criterion-survey-campaign').inputValue()).toBe('SIPAS-2026');
    await modal.getByTestId('criterion-survey-measure').click();
    await page.getByRole('option', { name: 'Chỉ số hài lòng một yếu tố' }).click();
    await modal.getByTestId('criterion-survey-mapping').click();
    await page.getByRole('option', { name: 'Theo mức' }).click();
    await modal.getByTestId('criterion-survey-band-min-0').fill('80');
    await modal.getByTestId('criterion-survey-band-points-0').fill('13');
    await shot(page, 'survey-criteria-editor');
    await modal.getByTestId('criterion-submit').click();
    // The server's reason beside the row: the band gives more than the criterion's maximum.
    const issue = page.getByTestId('editor-row-9.1').getByTestId('criterion-issue');
    expect(await text(issue)).toBe('quy đổi theo mức: 13 điểm vượt quá điểm tối đa 12 của tiêu chí');
    await page.getByTestId('editor-edit-9.1').click();
    await page.getByTestId('criterion-survey-band-points-0').fill('12');
    await page.getByTestId('criterion-submit').click();
    await page.getByTestId('editor-row-9.1').getByTestId('criterion-issue').waitFor({ state: 'detached' });
    await page.getByTestId('framework-save').click();
    await page.getByTestId('framework-edit').waitFor();
    expect(await text(page.getByTestId('criterion-survey-link-9.1'))).toBe('Khảo sát SIPAS-2026: chỉ số hài lòng về tiếp cận dịch vụ');
    const saved = await apiFromPage(page, 'GET', `/frameworks/${id}`);
    const survey = (saved.body as { criteria: { children: { survey: unknown }[] }[] }).criteria[1]!.children[0]!.survey;
    expect(survey).toEqual({
      campaign: 'SIPAS-2026',
      measure: { kind: 'element', element: 'access' },
      mapping: { kind: 'bands', bands: [{ min: 80, points: 12 }] },
    });
  });
});
