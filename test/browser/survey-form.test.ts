import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { chromium, type Browser as PwBrowser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { surveyCampaigns, surveyCampaignUnits, surveyGroups, surveyGroupUnits, surveyTemplates, surveyTokens, units } from '../../src/db/schema';
import type { SurveyQuestion } from '../../src/domain/surveys';
import { systemActor } from '../../src/modules/auth/actor';
import { createBlock } from '../../src/modules/blocks/service';
import { hashSurveyKey } from '../../src/modules/surveys/keys';
import { createUnit } from '../../src/modules/units/service';
import { localDate, screenshot, startServer, text, type RunningServer } from './harness';

/**
 * The public survey form (survey.html, web/src/survey-form) on a phone and on a kiosk tablet, against the real public
 * API (src/modules/survey-collection). The campaigns are written straight into the database before the server starts
 * (PGlite is one process); what the server holds afterwards is read back through the public API with the response key
 * (QR, kiosk) or the token (personal link).
 */
const YEAR = new Date().getFullYear();
const SLUG = 'stpqr234';
const KIOSK_SLUG = 'sytqr567';
const KIOSK_KEY = 'kioskKey_test_0123456789abcdefgh';
const CLOSED_SLUG = 'closed89';
const TOKEN_USED = 'tokenUsed_0123456789abcdefghijk';
const TOKEN_OFFICIAL = 'tokenOfficial_0123456789abcdefgh';
const TOKEN_OFFICIAL_WIDE = 'tokenOfficialWide_0123456789abc';

const QUESTIONS: SurveyQuestion[] = [
  { code: 'TC1', section: 'access', text: 'Ông/bà hài lòng với việc tiếp cận dịch vụ?', type: 'scale', role: 'satisfaction', required: true, options: [] },
  { code: 'TT1', section: 'procedure', text: 'Ông/bà hài lòng với thủ tục hành chính?', type: 'scale', role: 'satisfaction', required: true, options: [] },
  {
    code: 'LYDO',
    section: 'procedure',
    text: 'Vì sao ông/bà chưa hài lòng với thủ tục?',
    type: 'text',
    role: 'other',
    required: false,
    options: [],
    showIf: { question: 'TT1', anyOf: ['1', '2'] },
  },
  { code: 'GY', section: 'feedback', text: 'Góp ý khác <b>(không bắt buộc)</b>', type: 'text', role: 'other', required: false, options: [] },
  {
    code: 'GT',
    section: 'profile',
    text: 'Giới tính',
    type: 'single',
    role: 'profile',
    required: true,
    options: [
      { code: 'nam', label: 'Nam' },
      { code: 'nu', label: 'Nữ' },
    ],
  },
  {
    code: 'KENH',
    section: 'profile',
    text: 'Ông/bà nộp hồ sơ qua kênh nào?',
    type: 'multi',
    role: 'profile',
    required: false,
    options: [
      { code: 'tructiep', label: 'Trực tiếp' },
      { code: 'truc_tuyen', label: 'Trực tuyến' },
      { code: 'buuchinh', label: 'Bưu chính' },
    ],
  },
  { code: 'SOLAN', section: 'profile', text: 'Số lần ông/bà phải đi lại', type: 'number', role: 'other', required: false, options: [] },
];

const OFFICIAL_QUESTIONS: SurveyQuestion[] = [
  {
    code: 'CV',
    section: 'profile',
    text: 'Chức vụ của ông/bà',
    type: 'single',
    role: 'profile',
    required: true,
    options: [
      { code: 'db', label: 'Đại biểu HĐND' },
      { code: 'ld', label: 'Lãnh đạo sở' },
    ],
  },
  {
    code: 'CCHC1',
    section: 'thu_tuc',
    text: 'Chất lượng giải quyết thủ tục hành chính của đơn vị',
    type: 'single',
    role: 'other',
    required: true,
    options: [
      { code: 'A', label: 'Tốt', weight: 100 },
      { code: 'B', label: 'Khá', weight: 60 },
      { code: 'C', label: 'Trung bình', weight: 20 },
      { code: 'D', label: 'Kém', weight: 0 },
    ],
  },
];

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let dataDir: string;
let server: RunningServer;
let browser: PwBrowser;

async function seed(dir: string): Promise<void> {
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  try {
    await database.migrate();
    const { db } = database;
    const actor = systemActor('test:fixture');
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, YEAR);
    await createUnit(db, actor, { code: 'STP', name: 'Sở Tư pháp', blockCode: 'SO', year: YEAR });
    await createUnit(db, actor, { code: 'SYT', name: 'Sở Y tế', blockCode: 'SO', year: YEAR });
    const unitRows = await db
      .select({ id: units.id, code: units.code })
      .from(units)
      .where(inArray(units.code, ['STP', 'SYT']));
    const unitId = (code: string) => unitRows.find((u) => u.code === code)!.id;

    const [sipas] = await db.insert(surveyTemplates).values({ code: 'SIPAS-T', name: 'Phiếu SIPAS thử', kind: 'sipas', questions: QUESTIONS }).returning();
    const [officials] = await db
      .insert(surveyTemplates)
      .values({ code: 'DTXH-T', name: 'Phiếu điều tra xã hội học thử', kind: 'officials', questions: OFFICIAL_QUESTIONS })
      .returning();
    const campaign = async (
      code: string,
      name: string,
      templateId: number,
      kind: 'sipas' | 'officials',
      questions: SurveyQuestion[],
      from: number,
      to: number,
    ) => {
      const [row] = await db
        .insert(surveyCampaigns)
        .values({
          code,
          name,
          templateId,
          kind,
          questions,
          year: YEAR,
          opensOn: localDate(from),
          closesOn: localDate(to),
          channels: ['qr', 'kiosk', 'link', 'paper'],
        })
        .returning();
      return row!.id;
    };
    const open = await campaign('SIPAS-MO', 'Khảo sát sự hài lòng năm nay', sipas!.id, 'sipas', QUESTIONS, -1, 30);
    const closed = await campaign('SIPAS-CU', 'Khảo sát đã kết thúc', sipas!.id, 'sipas', QUESTIONS, -30, -2);
    const dtxh = await campaign('DTXH-MO', 'Điều tra xã hội học', officials!.id, 'officials', OFFICIAL_QUESTIONS, -1, 30);
    await db.insert(surveyCampaignUnits).values([
      { campaignId: open, unitId: unitId('STP'), slug: SLUG, transactions: 100, target: 80 },
      { campaignId: open, unitId: unitId('SYT'), slug: KIOSK_SLUG, transactions: 100, target: 80, kioskKeyHash: hashSurveyKey(KIOSK_KEY) },
      { campaignId: closed, unitId: unitId('STP'), slug: CLOSED_SLUG },
    ]);
    await db.insert(surveyTokens).values({ campaignId: open, unitId: unitId('STP'), tokenHash: hashSurveyKey(TOKEN_USED), label: 'test' });
    const [group] = await db.insert(surveyGroups).values({ campaignId: dtxh, code: 'DB', name: 'Đại biểu HĐND' }).returning();
    await db.insert(surveyGroupUnits).values([
      { groupId: group!.id, unitId: unitId('STP') },
      { groupId: group!.id, unitId: unitId('SYT') },
    ]);
    await db.insert(surveyTokens).values([
      { campaignId: dtxh, groupId: group!.id, tokenHash: hashSurveyKey(TOKEN_OFFICIAL), label: 'test' },
      { campaignId: dtxh, groupId: group!.id, tokenHash: hashSurveyKey(TOKEN_OFFICIAL_WIDE), label: 'test' },
    ]);
    // The campaign rows are what the form shows: read one back so a schema drift fails here, not in the browser.
    const [check] = await db.select({ code: surveyCampaigns.code }).from(surveyCampaigns).where(eq(surveyCampaigns.id, open));
    expect(check!.code).toBe('SIPAS-MO');
  } finally {
    await database.close();
  }
}

/** A phone (360 × 740, touch) or a tablet in its own browser context (its own localStorage). */
async function device(kind: 'phone' | 'tablet' = 'phone'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: kind === 'phone' ? { width: 360, height: 740 } : { width: 800, height: 1280 },
    isMobile: kind === 'phone',
    hasTouch: true,
    deviceScaleFactor: kind === 'phone' ? 2 : 1,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  context.setDefaultTimeout(15_000);
  return { context, page: await context.newPage() };
}

/** The response as the server holds it, through the public API (the key a QR or kiosk browser keeps). */
async function serverResponse(path: string): Promise<{ state: string; answers: Record<string, unknown>; ratings: Record<string, unknown> } | null> {
  const res = await fetch(`${server.baseUrl}/api/v1/public/surveys/${path}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { response: { state: string; answers: Record<string, unknown>; ratings: Record<string, unknown> } | null }).response;
}

async function storedKey(page: Page, storageKey: string): Promise<string> {
  const key = await page.evaluate(
    (k) => (JSON.parse(localStorage.getItem(k) ?? 'null') as { current?: { key?: string } } | null)?.current?.key ?? null,
    storageKey,
  );
  expect(key).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
  return key!;
}

const scale = (page: Page, question: string, value: number) => page.getByTestId(`q-${question}`).getByRole('radio', { name: new RegExp(`^${value}`) });
const saved = (page: Page) => page.getByTestId('survey-saved').waitFor();

describe('the public survey form', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parindex-browser-survey-'));
    await seed(dataDir);
    server = await startServer({ PARINDEX_DATA_DIR: dataDir });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is answered and sent on a phone: show-if live, required questions, text shown as text; the server has the answers', async () => {
    const { context, page } = await device();
    try {
      await page.goto(`${server.baseUrl}/s/${SLUG}`);
      await page.getByTestId('survey-form').waitFor();
      expect(await text(page.locator('.sf-head h1'))).toBe('Khảo sát sự hài lòng năm nay');
      expect(await text(page.locator('.sf-unit'))).toBe('Đơn vị: Sở Tư pháp');
      // Markup in a question is shown as written, never interpreted.
      expect(await text(page.getByTestId('q-GY').locator('.sf-qtext'))).toBe('3. Góp ý khác <b>(không bắt buộc)</b>');
      expect(await page.getByTestId('q-GY').locator('b').count()).toBe(0);
      // 6 questions shown (LYDO is hidden until TT1 is 1 or 2), none answered.
      expect(await text(page.getByTestId('survey-progress'))).toBe('Đã trả lời 0/6 câu');
      expect(await page.getByTestId('q-LYDO').count()).toBe(0);

      // Sending too early names the required questions left: TC1, TT1, GT.
      await page.getByTestId('survey-submit').tap();
      expect(await text(page.getByTestId('survey-missing'))).toContain('Còn 3 câu bắt buộc chưa trả lời');

      await scale(page, 'TC1', 4).tap();
      await scale(page, 'TT1', 2).tap();
      await page.getByTestId('q-LYDO').waitFor();
      expect(await text(page.getByTestId('survey-progress'))).toBe('Đã trả lời 2/7 câu');
      await page.getByTestId('q-LYDO').locator('textarea').fill('<script>alert(1)</script> phải đi lại nhiều lần');
      await page.getByTestId('q-GT').getByText('Nữ').tap();
      await page.getByTestId('q-KENH').getByText('Trực tuyến').tap();
      await page.getByTestId('q-KENH').getByText('Trực tiếp').tap();
      await page.getByTestId('q-SOLAN').locator('input').fill('3');
      await saved(page);
      // Fits the phone: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'survey-phone');

      const key = await storedKey(page, `parindex.survey.qr.${SLUG}`);
      const draft = await serverResponse(`${SLUG}?key=${key}`);
      expect(draft).toMatchObject({ state: 'draft' });
      expect(draft!.answers).toEqual({
        TC1: 4,
        TT1: 2,
        LYDO: '<script>alert(1)</script> phải đi lại nhiều lần',
        GT: 'nu',
        KENH: ['tructiep', 'truc_tuyen'],
        SOLAN: 3,
      });

      // TT1 back to 4 hides LYDO again: the server drops the hidden answer.
      await scale(page, 'TT1', 4).tap();
      expect(await page.getByTestId('q-LYDO').count()).toBe(0);
      await page.getByTestId('survey-submit').tap();
      expect(await text(page.getByTestId('survey-thanks').locator('h1'))).toBe('Phiếu đã được gửi. Cảm ơn ông/bà.');
      const sent = await serverResponse(`${SLUG}?key=${key}`);
      expect(sent!.state).toBe('submitted');
      expect(sent!.answers).toEqual({ TC1: 4, TT1: 4, GT: 'nu', KENH: ['tructiep', 'truc_tuyen'], SOLAN: 3 });

      // Reopened in the same browser: still sent, not a new form.
      await page.reload();
      expect(await text(page.getByTestId('survey-thanks').locator('h1'))).toBe('Phiếu đã được gửi. Cảm ơn ông/bà.');
      // English on request.
      await page.getByTestId('lang-en').tap();
      expect(await text(page.getByTestId('survey-thanks').locator('h1'))).toBe('Your form has been sent. Thank you.');
    } finally {
      await context.close();
    }
  });

  it('resumes after a reload and after the tab is closed; answers not yet sent win over the server copy', async () => {
    const { context, page } = await device();
    try {
      await page.goto(`${server.baseUrl}/s/${SLUG}`);
      await scale(page, 'TC1', 5).tap();
      await page.getByTestId('q-GT').getByText('Nam').tap();
      await saved(page);
      await page.reload();
      await page.getByTestId('survey-form').waitFor();
      expect(await scale(page, 'TC1', 5).getAttribute('aria-checked')).toBe('true');
      expect(await page.getByTestId('q-GT').getByLabel('Nam').isChecked()).toBe(true);
      expect(await text(page.getByTestId('survey-progress'))).toBe('Đã trả lời 2/6 câu');

      // Saves refused by the network: TT1 waits in the visible queue; a reload takes the server's copy and lays the
      // unsent answer over it, then sends it.
      await page.route('**/api/v1/public/responses/**', (route) => route.abort('internetdisconnected'));
      await scale(page, 'TT1', 3).tap();
      await page.getByTestId('survey-queue').filter({ hasText: '1 câu trả lời chờ gửi — sẽ tự gửi khi có mạng' }).waitFor();
      const key = await storedKey(page, `parindex.survey.qr.${SLUG}`);
      expect((await serverResponse(`${SLUG}?key=${key}`))!.answers).toEqual({ TC1: 5, GT: 'nam' });
      await page.unroute('**/api/v1/public/responses/**');
      await page.close();

      // The tab was closed; a new one resumes where it stopped and sends what waited.
      const again = await context.newPage();
      await again.goto(`${server.baseUrl}/s/${SLUG}`);
      await again.getByTestId('survey-form').waitFor();
      expect(await scale(again, 'TT1', 3).getAttribute('aria-checked')).toBe('true');
      expect(await scale(again, 'TC1', 5).getAttribute('aria-checked')).toBe('true');
      await saved(again);
      expect((await serverResponse(`${SLUG}?key=${key}`))!.answers).toEqual({ TC1: 5, TT1: 3, GT: 'nam' });
    } finally {
      await context.close();
    }
  });

  it('queues answers offline, visibly, and sends them when the network returns, without a reload; a submit offline too', async () => {
    const { context, page } = await device();
    try {
      await page.goto(`${server.baseUrl}/s/${SLUG}`);
      await page.getByTestId('survey-form').waitFor();
      let loads = 0;
      page.on('load', () => (loads += 1));
      await context.setOffline(true);
      await scale(page, 'TC1', 2).tap();
      await scale(page, 'TT1', 1).tap();
      await page.getByTestId('q-GT').getByText('Nữ').tap();
      await page.getByTestId('q-LYDO').locator('textarea').fill('Chờ lâu');
      await page.getByTestId('survey-queue').filter({ hasText: '4 câu trả lời chờ gửi — sẽ tự gửi khi có mạng' }).waitFor();
      // Nothing reached the server: this browser has not even started a response yet.
      expect(await page.evaluate((k) => JSON.parse(localStorage.getItem(k)!).current.key, `parindex.survey.qr.${SLUG}`)).toBeNull();

      await context.setOffline(false);
      await saved(page);
      const key = await storedKey(page, `parindex.survey.qr.${SLUG}`);
      expect((await serverResponse(`${SLUG}?key=${key}`))!.answers).toEqual({ TC1: 2, TT1: 1, GT: 'nu', LYDO: 'Chờ lâu' });

      await context.setOffline(true);
      await page.getByTestId('q-SOLAN').locator('input').fill('5');
      await page.getByTestId('survey-submit').tap();
      await page.getByTestId('survey-submit-queued').filter({ hasText: 'Phiếu sẽ được gửi khi có mạng' }).waitFor();
      await context.setOffline(false);
      expect(await text(page.getByTestId('survey-thanks').locator('h1'))).toBe('Phiếu đã được gửi. Cảm ơn ông/bà.');
      const sent = await serverResponse(`${SLUG}?key=${key}`);
      expect(sent).toMatchObject({ state: 'submitted', answers: { TC1: 2, TT1: 1, GT: 'nu', LYDO: 'Chờ lâu', SOLAN: 5 } });
      expect(loads).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('says "đã gửi" for a used personal link in another browser', async () => {
    const first = await device();
    const second = await device();
    try {
      await first.page.goto(`${server.baseUrl}/s/t/${TOKEN_USED}`);
      await scale(first.page, 'TC1', 3).tap();
      await scale(first.page, 'TT1', 5).tap();
      await first.page.getByTestId('q-GT').getByText('Nam').tap();
      await first.page.getByTestId('survey-submit').tap();
      await first.page.getByTestId('survey-thanks').waitFor();
      const sent = await serverResponse(`t/${TOKEN_USED}`);
      expect(sent).toMatchObject({ state: 'submitted', answers: { TC1: 3, TT1: 5, GT: 'nam' } });

      // Another browser, with nothing in its storage: the server says the link was used.
      await second.page.goto(`${server.baseUrl}/s/t/${TOKEN_USED}`);
      expect(await text(second.page.getByTestId('survey-thanks').locator('h1'))).toBe('Phiếu đã được gửi. Cảm ơn ông/bà.');
      expect(await second.page.getByTestId('survey-submit').count()).toBe(0);
      // A closed campaign says so.
      await second.page.goto(`${server.baseUrl}/s/${CLOSED_SLUG}`);
      expect(await text(second.page.getByTestId('survey-closed').locator('h1'))).toBe('Đợt khảo sát đã kết thúc');
      // A wrong link too.
      await second.page.goto(`${server.baseUrl}/s/khongco22`);
      expect(await text(second.page.getByTestId('survey-notice').locator('h1'))).toBe('Không tìm thấy phiếu khảo sát');
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  it("rates each unit one at a time on a phone (officials' personal link)", async () => {
    const { context, page } = await device();
    try {
      await page.goto(`${server.baseUrl}/s/t/${TOKEN_OFFICIAL}`);
      await page.getByTestId('q-CV').getByText('Đại biểu HĐND').tap();
      expect(await text(page.getByTestId('rated-unit'))).toBe('Về đơn vị: Sở Tư pháp');
      await page.getByTestId('q-STP-CCHC1').getByText('Khá').tap();
      await page.getByTestId('unit-next').first().tap();
      expect(await text(page.getByTestId('rated-unit'))).toBe('Về đơn vị: Sở Y tế');
      // Sending with Sở Y tế unrated names it.
      await page.getByTestId('survey-submit').tap();
      expect(await text(page.getByTestId('survey-missing'))).toContain('Còn 1 câu bắt buộc chưa trả lời');
      await page.getByTestId('q-SYT-CCHC1').getByText('Tốt').tap();
      await page.getByTestId('survey-submit').tap();
      await page.getByTestId('survey-thanks').waitFor();
      const sent = await serverResponse(`t/${TOKEN_OFFICIAL}`);
      expect(sent).toMatchObject({ state: 'submitted', answers: { CV: 'db' }, ratings: { STP: { CCHC1: 'B' }, SYT: { CCHC1: 'A' } } });
    } finally {
      await context.close();
    }
  });

  it("shows the officials' questions × units matrix on a wide screen", async () => {
    const { context, page } = await device('tablet');
    try {
      await page.goto(`${server.baseUrl}/s/t/${TOKEN_OFFICIAL_WIDE}`);
      await page.getByTestId('survey-matrix').waitFor();
      expect(await page.locator('.sf-matrix thead th').allInnerTexts()).toEqual(['Câu hỏi', 'Sở Tư pháp', 'Sở Y tế']);
      await page.getByTestId('q-CV').getByText('Lãnh đạo sở').tap();
      await page.getByLabel('CCHC1 — Sở Tư pháp').selectOption('C');
      await page.getByLabel('CCHC1 — Sở Y tế').selectOption('D');
      await saved(page);
      expect(await serverResponse(`t/${TOKEN_OFFICIAL_WIDE}`)).toMatchObject({
        state: 'draft',
        answers: { CV: 'ld' },
        ratings: { STP: { CCHC1: 'C' }, SYT: { CCHC1: 'D' } },
      });
      await page.getByTestId('survey-submit').tap();
      await page.getByTestId('survey-thanks').waitFor();
      expect((await serverResponse(`t/${TOKEN_OFFICIAL_WIDE}`))!.state).toBe('submitted');
    } finally {
      await context.close();
    }
  });

  it('kiosk: after 30 s without a touch the draft is saved and the form starts again; after sending, thanks then a fresh form', async () => {
    const { context, page } = await device('tablet');
    try {
      await page.clock.install();
      await page.goto(`${server.baseUrl}/s/${KIOSK_SLUG}/kiosk/${KIOSK_KEY}`);
      await page.getByTestId('survey-form').waitFor();
      expect(await text(page.locator('.sf-unit'))).toBe('Đơn vị: Sở Y tế');
      await scale(page, 'TC1', 3).tap();
      await page.getByTestId('q-GY').locator('textarea').fill('Quầy đông người');
      await page.clock.runFor(1_000);
      await saved(page);
      const firstKey = await storedKey(page, `parindex.survey.kiosk.${KIOSK_SLUG}`);
      await screenshot(page, 'survey-kiosk');

      // A touch, then 27 s: still there; 31 s after the touch: back to the start, empty, for the next respondent.
      await page.locator('.sf-intro').tap();
      await page.clock.runFor(27_000);
      expect(await scale(page, 'TC1', 3).getAttribute('aria-checked')).toBe('true');
      await page.clock.runFor(4_000);
      await page.waitForFunction(() => document.querySelectorAll('[aria-checked="true"]').length === 0);
      expect(await page.getByTestId('q-GY').locator('textarea').inputValue()).toBe('');
      expect(await text(page.getByTestId('survey-progress'))).toBe('Đã trả lời 0/6 câu');
      expect(await serverResponse(`${KIOSK_SLUG}/kiosk/${KIOSK_KEY}?key=${firstKey}`)).toMatchObject({
        state: 'draft',
        answers: { TC1: 3, GY: 'Quầy đông người' },
      });

      // The next respondent answers and sends: thanks, then (8 s later) a fresh form with a new response.
      await scale(page, 'TC1', 5).tap();
      await scale(page, 'TT1', 4).tap();
      await page.getByTestId('q-GT').getByText('Nam').tap();
      await page.getByTestId('survey-submit').tap();
      expect(await text(page.getByTestId('survey-thanks').locator('h1'))).toBe('Phiếu đã được gửi. Cảm ơn ông/bà.');
      const secondKey = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)!).current.key as string, `parindex.survey.kiosk.${KIOSK_SLUG}`);
      expect(secondKey).not.toBe(firstKey);
      await page.clock.runFor(8_500);
      await page.getByTestId('survey-form').waitFor();
      expect(await text(page.getByTestId('survey-progress'))).toBe('Đã trả lời 0/6 câu');
      expect(await serverResponse(`${KIOSK_SLUG}/kiosk/${KIOSK_KEY}?key=${secondKey}`)).toMatchObject({
        state: 'submitted',
        answers: { TC1: 5, TT1: 4, GT: 'nam' },
      });
      expect(await page.evaluate((k) => JSON.parse(localStorage.getItem(k)!).current.key, `parindex.survey.kiosk.${KIOSK_SLUG}`)).toBeNull();

      // Offline: a respondent who walks away leaves a draft the kiosk keeps (visibly) and sends when the network returns.
      await context.setOffline(true);
      await scale(page, 'TC1', 1).tap();
      await page.getByTestId('survey-queue').filter({ hasText: '1 câu trả lời chờ gửi' }).waitFor();
      await page.clock.runFor(31_000);
      await page.waitForFunction(() => document.querySelectorAll('[aria-checked="true"]').length === 0);
      await page.getByTestId('survey-queue').filter({ hasText: '1 câu trả lời chờ gửi — sẽ tự gửi khi có mạng' }).waitFor();
      const started = page.waitForResponse((r) => r.url().endsWith(`/surveys/${KIOSK_SLUG}/responses`) && r.request().method() === 'POST');
      await context.setOffline(false);
      const thirdKey = ((await (await started).json()) as { key: string }).key;
      await saved(page);
      expect(await serverResponse(`${KIOSK_SLUG}/kiosk/${KIOSK_KEY}?key=${thirdKey}`)).toMatchObject({ state: 'draft', answers: { TC1: 1 } });
      expect(await page.evaluate((k) => JSON.parse(localStorage.getItem(k)!).outbox, `parindex.survey.kiosk.${KIOSK_SLUG}`)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('loads on a 3G-throttled phone (400 kbps, 400 ms latency)', async () => {
    const { context, page } = await device();
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 400,
        downloadThroughput: (400 * 1024) / 8,
        uploadThroughput: (400 * 1024) / 8,
      });
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const started = Date.now();
      await page.goto(`${server.baseUrl}/s/${SLUG}`, { timeout: 60_000 });
      await page.getByTestId('survey-form').waitFor({ timeout: 60_000 });
      const ms = Date.now() - started;
      console.log(`survey form on a 3G phone (400 kbps, 400 ms latency): usable after ${(ms / 1000).toFixed(1)} s`);
      expect(ms).toBeLessThan(15_000);
    } finally {
      await context.close();
    }
  });
});
