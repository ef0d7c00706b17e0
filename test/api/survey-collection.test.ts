import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  auditLog,
  surveyCampaigns,
  surveyCampaignUnits,
  surveyGroups,
  surveyGroupUnits,
  surveyResponses,
  surveyTemplates,
  surveyTokens,
} from '../../src/db/schema.js';
import type { SurveyQuestion } from '../../src/domain/surveys.js';
import { findUnitIdByCode } from '../../src/modules/units/service.js';
import { campaignByCode, campaignTally } from '../../src/modules/surveys/campaigns.js';
import { hashSurveyKey, newSurveyKey } from '../../src/modules/surveys/keys.js';
import { PublicForm, SaveResult, StartResult, SubmitResult } from '../../src/modules/survey-collection/schemas.js';
import type { ApiClient } from '../helpers/client.js';
import { pdfText } from '../helpers/documents.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/*
 * The public collection over real HTTP: the counter QR (start → save → resume → submit), personal links judged by the
 * server (a second browser sees "submitted" and cannot submit again), parallel submits, stale and dropped saves, the
 * refusals (closed campaign, unknown link, bad answers, long text, rate limit), officials' ratings, kiosk keys and
 * the QR poster. Every "browser" is a fresh client without cookies.
 */

let server: TestServer;
let admin: ApiClient;
const NOW = '2026-12-03T03:00:00.000Z';

const SIPAS_QUESTIONS: SurveyQuestion[] = [
  { code: 'A1', section: 'access', text: 'Hài lòng về tiếp cận dịch vụ', type: 'scale', role: 'satisfaction', required: true, options: [] },
  { code: 'P1', section: 'procedure', text: 'Hài lòng về thủ tục', type: 'scale', role: 'satisfaction', required: true, options: [] },
  {
    code: 'SEX',
    section: 'profile',
    text: 'Giới tính',
    type: 'single',
    role: 'profile',
    required: false,
    options: [
      { code: 'M', label: 'Nam' },
      { code: 'F', label: 'Nữ' },
    ],
  },
  { code: 'NOTE', section: 'other', text: 'Góp ý', type: 'text', role: 'other', required: false, options: [] },
];

const OFFICIALS_QUESTIONS: SurveyQuestion[] = [
  {
    code: 'POS',
    section: 'profile',
    text: 'Chức vụ',
    type: 'single',
    role: 'profile',
    required: true,
    options: [
      { code: 'L', label: 'Lãnh đạo' },
      { code: 'S', label: 'Chuyên viên' },
    ],
  },
  {
    code: 'R1',
    section: 'reform',
    text: 'Cải cách thể chế',
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

interface Fixture {
  campaignId: number;
  slugs: Record<string, string>;
}

let templateCounter = 0;
async function makeCampaign(
  code: string,
  options: { kind?: 'sipas' | 'officials'; opensOn?: string; closesOn?: string; channels?: string[]; unitCodes?: string[] } = {},
): Promise<Fixture> {
  const kind = options.kind ?? 'sipas';
  const questions = kind === 'sipas' ? SIPAS_QUESTIONS : OFFICIALS_QUESTIONS;
  const [template] = await server.db
    .insert(surveyTemplates)
    .values({ code: `T${++templateCounter}`, name: 'Mẫu', kind, questions })
    .returning();
  const [campaign] = await server.db
    .insert(surveyCampaigns)
    .values({
      code,
      name: `Khảo sát ${code}`,
      templateId: template!.id,
      kind,
      questions,
      year: 2026,
      opensOn: options.opensOn ?? '2026-11-01',
      closesOn: options.closesOn ?? '2026-12-31',
      channels: options.channels ?? ['qr', 'kiosk', 'link', 'paper'],
    })
    .returning();
  const slugs: Record<string, string> = {};
  for (const unitCode of options.unitCodes ?? ['SNV', 'SCT']) {
    const slug = `${code.toLowerCase().replace(/[^a-z0-9]/g, '')}${unitCode.toLowerCase()}`;
    slugs[unitCode] = slug;
    await server.db.insert(surveyCampaignUnits).values({ campaignId: campaign!.id, unitId: (await findUnitIdByCode(server.db, unitCode))!, slug });
  }
  return { campaignId: campaign!.id, slugs };
}

/** A personal token of the campaign (for a unit, or for a respondent group rating units); returns the secret. */
async function makeToken(campaignId: number, target: { unit?: string; groupId?: number }): Promise<string> {
  const token = newSurveyKey();
  await server.db.insert(surveyTokens).values({
    campaignId,
    tokenHash: hashSurveyKey(token),
    unitId: target.unit ? await findUnitIdByCode(server.db, target.unit) : null,
    groupId: target.groupId ?? null,
  });
  return token;
}

const responsesOf = (campaignId: number) => server.db.select().from(surveyResponses).where(eq(surveyResponses.campaignId, campaignId));
const issuesOf = (body: any) => (body.error.details.issues as { path: string; code: string; params?: any }[]).map((i) => [i.path, i.code]);

let sipas: Fixture;

beforeAll(async () => {
  server = await startTestServer();
  server.now = NOW;
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  sipas = await makeCampaign('SIPAS-2026');
});

afterAll(async () => {
  await server?.close();
});

describe('counter QR', () => {
  it('starts, saves, resumes in a new page load, and submits; the response counts in the tally', async () => {
    const browser = server.client();
    const form = await browser.getAs(PublicForm, `/api/v1/public/surveys/${sipas.slugs.SNV}`);
    expect(form.mode).toBe('qr');
    expect(form.campaign).toEqual({ code: 'SIPAS-2026', name: 'Khảo sát SIPAS-2026', kind: 'sipas', state: 'open', closesOn: '2026-12-31' });
    expect(form.unit).toEqual({ code: 'SNV', name: 'Sở Nội vụ' });
    expect(form.ratedUnits).toEqual([]);
    expect(form.questions.map((q) => q.code)).toEqual(['A1', 'P1', 'SEX', 'NOTE']);
    expect(form.response).toBeNull();

    const { key } = await browser.sendAs(StartResult, 'POST', `/api/v1/public/surveys/${sipas.slugs.SNV}/responses`, {}, 201);
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const [stored] = await server.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.keyHash, hashSurveyKey(key)));
    expect(stored).toMatchObject({ source: 'qr', status: 'draft', campaignId: sipas.campaignId, saveSeq: 0 });
    expect(stored!.clientHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.clientHash).not.toContain('127.0.0.1');

    // Save as you go: a partial draft (required P1 not yet answered) is accepted; text is trimmed.
    expect(await browser.sendAs(SaveResult, 'PUT', `/api/v1/public/responses/${key}`, { answers: { A1: 5, NOTE: '  tốt  ' }, seq: 1 })).toEqual({
      saved: true,
      seq: 1,
    });
    // The page is reloaded (or the tab closed and opened again): the browser holds only its key.
    const resumed = await server.client().getAs(PublicForm, `/api/v1/public/surveys/${sipas.slugs.SNV}?key=${key}`);
    expect(resumed.response).toEqual({ key, state: 'draft', answers: { A1: 5, NOTE: 'tốt' }, ratings: {}, seq: 1, submittedAt: null });
    // The same key does not open another unit's form.
    expect((await server.client().getAs(PublicForm, `/api/v1/public/surveys/${sipas.slugs.SCT}?key=${key}`)).response).toBeNull();

    const submitted = await browser.sendAs(SubmitResult, 'POST', `/api/v1/public/responses/${key}/submit`, { answers: { A1: 5, P1: '3', SEX: 'F' }, seq: 2 });
    expect(submitted).toEqual({ state: 'submitted', submittedAt: NOW });
    const after = await server.client().getAs(PublicForm, `/api/v1/public/surveys/${sipas.slugs.SNV}?key=${key}`);
    expect(after.response).toMatchObject({ state: 'submitted', answers: { A1: 5, P1: 3, SEX: 'F' }, seq: 2, submittedAt: NOW });

    // Saving or submitting again is refused, from any browser.
    const again = await server.client().post(`/api/v1/public/responses/${key}/submit`, { answers: { A1: 1, P1: 1 }, seq: 3 });
    expect(again.status).toBe(409);
    expect(again.body.error.reason).toBe('survey_already_submitted');
    const save = await server.client().put(`/api/v1/public/responses/${key}`, { answers: { A1: 1 }, seq: 9 });
    expect(save.status).toBe(409);
    expect(save.body.error.reason).toBe('survey_already_submitted');

    // The tally reads it: SNV access 1 satisfied of 1 (5), procedure 0 of 1 (3).
    const campaign = await campaignByCode(server.db, 'SIPAS-2026');
    const tally = await campaignTally(server.db, campaign);
    expect(tally.get('SNV')!.responses).toBe(1);
    expect(tally.get('SNV')!.elements.access).toEqual({ satisfied: 1, answered: 1 });
    expect(tally.get('SNV')!.elements.procedure).toEqual({ satisfied: 0, answered: 1 });
  });

  it('ignores a save whose number is not above the last one kept (a late retry never overwrites)', async () => {
    const browser = server.client();
    const { key } = await browser.sendAs(StartResult, 'POST', `/api/v1/public/surveys/${sipas.slugs.SCT}/responses`, {}, 201);
    await browser.sendAs(SaveResult, 'PUT', `/api/v1/public/responses/${key}`, { answers: { A1: 2, P1: 4 }, seq: 5 });
    // An older save arrives late, then a duplicate of the last one: both change nothing.
    expect(await browser.sendAs(SaveResult, 'PUT', `/api/v1/public/responses/${key}`, { answers: { A1: 1 }, seq: 4 })).toEqual({ saved: false, seq: 5 });
    expect(await browser.sendAs(SaveResult, 'PUT', `/api/v1/public/responses/${key}`, { answers: { A1: 3 }, seq: 5 })).toEqual({ saved: false, seq: 5 });
    const form = await browser.getAs(PublicForm, `/api/v1/public/surveys/${sipas.slugs.SCT}?key=${key}`);
    expect(form.response).toMatchObject({ state: 'draft', answers: { A1: 2, P1: 4 }, seq: 5 });
    expect(await browser.sendAs(SaveResult, 'PUT', `/api/v1/public/responses/${key}`, { answers: { A1: 3 }, seq: 6 })).toEqual({ saved: true, seq: 6 });
    expect((await browser.getAs(PublicForm, `/api/v1/public/surveys/${sipas.slugs.SCT}?key=${key}`)).response!.answers).toEqual({ A1: 3 });
  });

  it('refuses bad answers, naming the question, and stores text verbatim (script included)', async () => {
    const browser = server.client();
    const { key } = await browser.sendAs(StartResult, 'POST', `/api/v1/public/surveys/${sipas.slugs.SNV}/responses`, {}, 201);
    const save = (answers: unknown, seq: number) => browser.put(`/api/v1/public/responses/${key}`, { answers, seq });

    const scale = await save({ A1: 6, P1: 0 }, 1);
    expect(scale.status).toBe(400);
    expect(issuesOf(scale.body)).toEqual([
      ['A1', 'survey_scale_out_of_range'],
      ['P1', 'survey_scale_out_of_range'],
    ]);
    expect(scale.body.error.message).toBe('A1: question A1: 6 is outside the 1–5 scale');

    const option = await save({ SEX: 'X' }, 2);
    expect(option.status).toBe(400);
    expect(issuesOf(option.body)).toEqual([['SEX', 'survey_option_unknown']]);
    const unknown = await save({ Q99: 1 }, 3);
    expect(issuesOf(unknown.body)).toEqual([['Q99', 'survey_question_unknown']]);

    const long = await save({ NOTE: 'x'.repeat(2001) }, 4);
    expect(long.status).toBe(400);
    expect(long.body.error.reason).toBe('survey_text_too_long');
    expect(issuesOf(long.body)).toEqual([['NOTE', 'survey_text_too_long']]);
    expect(long.body.error.details.issues[0].params).toEqual({ question: 'NOTE', maximum: 2000 });
    // Exactly 2,000 characters is accepted.
    expect((await save({ NOTE: 'y'.repeat(2000) }, 5)).status).toBe(200);

    // Required questions are checked only when submitting.
    const incomplete = await browser.post(`/api/v1/public/responses/${key}/submit`, { answers: { A1: 4 }, seq: 6 });
    expect(incomplete.status).toBe(400);
    expect(issuesOf(incomplete.body)).toEqual([['P1', 'survey_answer_required']]);

    const script = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    expect((await browser.post(`/api/v1/public/responses/${key}/submit`, { answers: { A1: 4, P1: 4, NOTE: script }, seq: 7 })).status).toBe(200);
    const [row] = await server.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.keyHash, hashSurveyKey(key)));
    expect(row!.answers).toEqual({ A1: 4, P1: 4, NOTE: script });
    const form = await server.client().getAs(PublicForm, `/api/v1/public/surveys/${sipas.slugs.SNV}?key=${key}`);
    expect(form.response!.answers.NOTE).toBe(script);
    // No draft was left behind by the refused saves: the response went straight from its last good save to submitted.
    expect(row!.saveSeq).toBe(7);
  });

  it('refuses a body over 64 KB with its reason, and a response key nobody holds', async () => {
    const browser = server.client();
    const { key } = await browser.sendAs(StartResult, 'POST', `/api/v1/public/surveys/${sipas.slugs.SNV}/responses`, {}, 201);
    const huge = await browser.put(`/api/v1/public/responses/${key}`, { answers: { NOTE: 'x'.repeat(70_000) }, seq: 1 });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toMatchObject({ code: 'payload_too_large', reason: 'survey_body_too_large', params: { kilobytes: 64 } });
    const nobody = await browser.put(`/api/v1/public/responses/${newSurveyKey()}`, { answers: {}, seq: 1 });
    expect(nobody.status).toBe(404);
    expect(nobody.body.error.reason).toBe('survey_response_unknown');
  });

  it('refuses a request another site makes from a browser (Origin or Sec-Fetch-Site)', async () => {
    const browser = server.client();
    const evil = await browser.post(`/api/v1/public/surveys/${sipas.slugs.SNV}/responses`, {}, { headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.body.error.reason).toBe('survey_cross_origin');
    const site = await browser.post(`/api/v1/public/surveys/${sipas.slugs.SNV}/responses`, {}, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(site.status).toBe(403);
    const same = await browser.post(
      `/api/v1/public/surveys/${sipas.slugs.SNV}/responses`,
      {},
      { headers: { origin: server.baseUrl, 'sec-fetch-site': 'same-origin' } },
    );
    expect(same.status).toBe(201);
  });

  it('answers an unknown link 404 with its reason', async () => {
    const slug = await server.client().get('/api/v1/public/surveys/nosuchlink');
    expect(slug.status).toBe(404);
    expect(slug.body.error.reason).toBe('survey_link_unknown');
    const start = await server.client().post('/api/v1/public/surveys/nosuchlink/responses', {});
    expect(start.status).toBe(404);
    const token = await server.client().get(`/api/v1/public/surveys/t/${newSurveyKey()}`);
    expect(token.status).toBe(404);
    expect(token.body.error.reason).toBe('survey_token_unknown');
  });
});

describe('personal links', () => {
  it('are judged by the server: after a submit a second browser sees "submitted" and cannot submit again', async () => {
    const token = await makeToken(sipas.campaignId, { unit: 'SCT' });
    const first = server.client();
    const form = await first.getAs(PublicForm, `/api/v1/public/surveys/t/${token}`);
    expect(form).toMatchObject({ mode: 'link', unit: { code: 'SCT', name: 'Sở Công Thương' }, ratedUnits: [], response: null });
    // The first save makes the token's response.
    expect(await first.sendAs(SaveResult, 'PUT', `/api/v1/public/responses/${token}`, { answers: { A1: 4 }, seq: 1 })).toEqual({ saved: true, seq: 1 });
    expect((await server.client().getAs(PublicForm, `/api/v1/public/surveys/t/${token}`)).response).toEqual({
      state: 'draft',
      answers: { A1: 4 },
      ratings: {},
      seq: 1,
      submittedAt: null,
    });
    await first.sendAs(SubmitResult, 'POST', `/api/v1/public/responses/${token}/submit`, { answers: { A1: 4, P1: 5 }, seq: 2 });

    const second = server.client();
    const seen = await second.getAs(PublicForm, `/api/v1/public/surveys/t/${token}`);
    expect(seen.response).toMatchObject({ state: 'submitted', answers: { A1: 4, P1: 5 }, submittedAt: NOW });
    const resubmit = await second.post(`/api/v1/public/responses/${token}/submit`, { answers: { A1: 1, P1: 1 }, seq: 1 });
    expect(resubmit.status).toBe(409);
    expect(resubmit.body.error).toMatchObject({ code: 'conflict', reason: 'survey_already_submitted' });
    const resave = await second.put(`/api/v1/public/responses/${token}`, { answers: { A1: 1 }, seq: 100 });
    expect(resave.status).toBe(409);

    const [tokenRow] = await server.db
      .select()
      .from(surveyTokens)
      .where(eq(surveyTokens.tokenHash, hashSurveyKey(token)));
    expect(tokenRow!.usedAt?.toISOString()).toBe(NOW);
    const rows = await server.db.select().from(surveyResponses).where(eq(surveyResponses.tokenId, tokenRow!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'link', status: 'submitted', answers: { A1: 4, P1: 5 }, unitId: await findUnitIdByCode(server.db, 'SCT') });
  });

  it('two submits of one token at once: exactly one wins', async () => {
    for (let round = 0; round < 3; round++) {
      const token = await makeToken(sipas.campaignId, { unit: 'SNV' });
      const results = await Promise.all(
        [1, 2, 3].map((n) => server.client().post(`/api/v1/public/responses/${token}/submit`, { answers: { A1: n + 2, P1: 4 }, seq: 1 })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      const [tokenRow] = await server.db
        .select()
        .from(surveyTokens)
        .where(eq(surveyTokens.tokenHash, hashSurveyKey(token)));
      const rows = await server.db.select().from(surveyResponses).where(eq(surveyResponses.tokenId, tokenRow!.id));
      expect(rows).toHaveLength(1);
      const winner = results.findIndex((r) => r.status === 200);
      expect(rows[0]!.answers).toEqual({ A1: winner + 3, P1: 4 });
    }
  });

  it('a dropped connection: the cut request leaves nothing half done, the resent one lands once', async () => {
    const token = await makeToken(sipas.campaignId, { unit: 'SNV' });
    // 1. The connection drops while the body is being sent: the server never gets the whole body.
    const controller = new AbortController();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(encoder.encode('{"answers":{"A1":5,'));
        setTimeout(() => controller.abort(), 50);
      },
    });
    await expect(
      fetch(`${server.baseUrl}/api/v1/public/responses/${token}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body,
        signal: controller.signal,
        duplex: 'half',
      } as RequestInit),
    ).rejects.toThrow();
    const [tokenRow] = await server.db
      .select()
      .from(surveyTokens)
      .where(eq(surveyTokens.tokenHash, hashSurveyKey(token)));
    expect(await server.db.select().from(surveyResponses).where(eq(surveyResponses.tokenId, tokenRow!.id))).toHaveLength(0);

    // 2. The submit is sent whole but the answer never reaches the browser (aborted in flight).
    const cut = new AbortController();
    const inFlight = fetch(`${server.baseUrl}/api/v1/public/responses/${token}/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: { A1: 5, P1: 5 }, seq: 1 }),
      signal: cut.signal,
    });
    setTimeout(() => cut.abort(), 1);
    await inFlight.then(
      (r) => r.text().catch(() => ''),
      () => undefined,
    );
    // The browser does not know whether it landed and sends it again: either it lands now, or it had already.
    const resent = await server.client().post(`/api/v1/public/responses/${token}/submit`, { answers: { A1: 5, P1: 5 }, seq: 1 });
    expect([200, 409]).toContain(resent.status);
    if (resent.status === 409) expect(resent.body.error.reason).toBe('survey_already_submitted');
    const form = await server.client().getAs(PublicForm, `/api/v1/public/surveys/t/${token}`);
    expect(form.response).toMatchObject({ state: 'submitted', answers: { A1: 5, P1: 5 } });
    expect(await server.db.select().from(surveyResponses).where(eq(surveyResponses.tokenId, tokenRow!.id))).toHaveLength(1);
  });

  it("officials' token: rates only its group's units; profile once, rated questions per unit", async () => {
    const officials = await makeCampaign('DTXH-2026', { kind: 'officials', unitCodes: ['SNV', 'SCT', 'X1'] });
    const [group] = await server.db.insert(surveyGroups).values({ campaignId: officials.campaignId, code: 'HDND', name: 'Đại biểu HĐND' }).returning();
    for (const code of ['X1', 'SNV']) {
      await server.db.insert(surveyGroupUnits).values({ groupId: group!.id, unitId: (await findUnitIdByCode(server.db, code))! });
    }
    const token = await makeToken(officials.campaignId, { groupId: group!.id });
    const form = await server.client().getAs(PublicForm, `/api/v1/public/surveys/t/${token}`);
    expect(form.unit).toBeNull();
    expect(form.ratedUnits).toEqual([
      { code: 'SNV', name: 'Sở Nội vụ' },
      { code: 'X1', name: 'Xã Đồng Tâm' },
    ]);
    expect(form.campaign.kind).toBe('officials');

    const browser = server.client();
    // SCT is part of the campaign but not of this group; ZZ is no unit at all; a profile question asked per unit is unknown there.
    const bad = await browser.put(`/api/v1/public/responses/${token}`, {
      answers: { POS: 'L' },
      ratings: { SNV: { R1: 'A', POS: 'L' }, SCT: { R1: 'B' }, ZZ: { R1: 'A' } },
      seq: 1,
    });
    expect(bad.status).toBe(400);
    expect(issuesOf(bad.body)).toEqual([
      ['ratings.SNV.POS', 'survey_question_unknown'],
      ['ratings.SCT', 'survey_rated_unit_unknown'],
      ['ratings.ZZ', 'survey_rated_unit_unknown'],
    ]);
    const badOption = await browser.put(`/api/v1/public/responses/${token}`, { answers: {}, ratings: { X1: { R1: 'E' } }, seq: 1 });
    expect(issuesOf(badOption.body)).toEqual([['ratings.X1.R1', 'survey_option_unknown']]);

    const none = await browser.post(`/api/v1/public/responses/${token}/submit`, { answers: { POS: 'S' }, ratings: {}, seq: 2 });
    expect(issuesOf(none.body)).toEqual([['ratings', 'survey_ratings_missing']]);

    await browser.sendAs(SubmitResult, 'POST', `/api/v1/public/responses/${token}/submit`, {
      answers: { POS: 'S' },
      ratings: { SNV: { R1: 'A' }, X1: { R1: 'C' } },
      seq: 3,
    });
    // Area scores: SNV 100, X1 20 (one answer each).
    const tally = await campaignTally(server.db, await campaignByCode(server.db, 'DTXH-2026'));
    expect(tally.get('SNV')!.areas.reform).toEqual({ weightSum: 100, weighted: 1 });
    expect(tally.get('X1')!.areas.reform).toEqual({ weightSum: 20, weighted: 1 });
    expect(tally.get('SCT')!.responses).toBe(0);

    // A unit survey takes no ratings.
    const unitToken = await makeToken(sipas.campaignId, { unit: 'SNV' });
    const ratings = await browser.put(`/api/v1/public/responses/${unitToken}`, { answers: {}, ratings: { SNV: { A1: 5 } }, seq: 1 });
    expect(issuesOf(ratings.body)).toEqual([['ratings', 'survey_ratings_not_taken']]);
  });
});

describe('campaign state and channels', () => {
  it('a closed campaign shows its form as closed and takes nothing; a scheduled one not yet', async () => {
    const closed = await makeCampaign('CLOSED-2026', { opensOn: '2026-01-01', closesOn: '2026-06-30' });
    const form = await server.client().getAs(PublicForm, `/api/v1/public/surveys/${closed.slugs.SNV}`);
    expect(form.campaign.state).toBe('closed');
    const start = await server.client().post(`/api/v1/public/surveys/${closed.slugs.SNV}/responses`, {});
    expect(start.status).toBe(409);
    expect(start.body.error).toMatchObject({ reason: 'survey_campaign_closed', params: { campaign: 'CLOSED-2026' } });
    const token = await makeToken(closed.campaignId, { unit: 'SNV' });
    const save = await server.client().put(`/api/v1/public/responses/${token}`, { answers: { A1: 5 }, seq: 1 });
    expect(save.status).toBe(409);
    expect(save.body.error.reason).toBe('survey_campaign_closed');
    const submit = await server.client().post(`/api/v1/public/responses/${token}/submit`, { answers: { A1: 5, P1: 5 }, seq: 1 });
    expect(submit.body.error.reason).toBe('survey_campaign_closed');

    const later = await makeCampaign('LATER-2026', { opensOn: '2026-12-10', closesOn: '2026-12-31' });
    const early = await server.client().post(`/api/v1/public/surveys/${later.slugs.SNV}/responses`, {});
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ reason: 'survey_campaign_not_open', params: { opensOn: '2026-12-10' } });

    // A campaign closed early by the organizer closes at that instant.
    await server.db
      .update(surveyCampaigns)
      .set({ closedAt: new Date('2026-12-01T00:00:00Z') })
      .where(eq(surveyCampaigns.id, sipas.campaignId));
    try {
      const early2 = await server.client().post(`/api/v1/public/surveys/${sipas.slugs.SNV}/responses`, {});
      expect(early2.body.error.reason).toBe('survey_campaign_closed');
    } finally {
      await server.db.update(surveyCampaigns).set({ closedAt: null }).where(eq(surveyCampaigns.id, sipas.campaignId));
    }
  });

  it('a channel the campaign does not use is refused', async () => {
    const linksOnly = await makeCampaign('LINKS-2026', { channels: ['link'] });
    const get = await server.client().get(`/api/v1/public/surveys/${linksOnly.slugs.SNV}`);
    expect(get.status).toBe(409);
    expect(get.body.error).toMatchObject({ reason: 'survey_channel_unavailable', params: { channel: 'qr' } });
    const start = await server.client().post(`/api/v1/public/surveys/${linksOnly.slugs.SNV}/responses`, {});
    expect(start.body.error.reason).toBe('survey_channel_unavailable');
    const token = await makeToken(linksOnly.campaignId, { unit: 'SNV' });
    expect((await server.client().put(`/api/v1/public/responses/${token}`, { answers: { A1: 5 }, seq: 1 })).status).toBe(200);
  });
});

describe('rate limit and kiosk', () => {
  it('30 starts an hour per address from the QR, then 429 with the seconds to wait; a kiosk key lifts it', async () => {
    // A later day, so that the starts of the other tests (same address) are out of the hour.
    server.now = '2026-12-20T02:00:00.000Z';
    try {
      const kiosk = await admin.post(`/api/v1/surveys/campaigns/SIPAS-2026/units/SCT/kiosk`, {});
      expect(kiosk.status).toBe(201);
      const kioskKey = (kiosk.body.url as string).split('/').at(-1)!;

      const starts = await Promise.all(Array.from({ length: 30 }, () => server.client().post(`/api/v1/public/surveys/${sipas.slugs.SNV}/responses`, {})));
      expect(starts.map((s) => s.status)).toEqual(Array(30).fill(201));
      // Parallel attempts over the limit: all refused, none slips through between count and insert.
      const over = await Promise.all(Array.from({ length: 5 }, () => server.client().post(`/api/v1/public/surveys/${sipas.slugs.SCT}/responses`, {})));
      expect(over.map((s) => s.status)).toEqual(Array(5).fill(429));
      expect(over[0]!.body.error).toMatchObject({ code: 'rate_limited', reason: 'survey_rate_limited', params: { seconds: 3600 } });
      expect(over[0]!.headers.get('retry-after')).toBe('3600');

      // The kiosk tablet of the same office keeps working.
      const viaKiosk = await server.client().post(`/api/v1/public/surveys/${sipas.slugs.SCT}/responses`, { kioskKey });
      expect(viaKiosk.status).toBe(201);
      const [row] = await server.db
        .select()
        .from(surveyResponses)
        .where(eq(surveyResponses.keyHash, hashSurveyKey(viaKiosk.body.key)));
      expect(row!.source).toBe('kiosk');

      // 59 min 59 s later still limited (1 s left); one hour later the oldest starts have aged out.
      server.now = '2026-12-20T02:59:59.000Z';
      const still = await server.client().post(`/api/v1/public/surveys/${sipas.slugs.SNV}/responses`, {});
      expect(still.status).toBe(429);
      expect(still.body.error.params.seconds).toBe(1);
      server.now = '2026-12-20T03:00:00.000Z';
      expect((await server.client().post(`/api/v1/public/surveys/${sipas.slugs.SNV}/responses`, {})).status).toBe(201);
    } finally {
      server.now = NOW;
    }
  });

  it('the organizer or the unit staff issue a kiosk key, shown once; issuing again replaces it', async () => {
    const officer = await server.loginAs('unit_officer', 'SNV');
    const other = await server.loginAs('unit_officer', 'SCT');
    const viewer = await server.loginAs('viewer');

    const refused = await other.post('/api/v1/surveys/campaigns/SIPAS-2026/units/SNV/kiosk', {});
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ reason: 'survey_collection_may_not', params: { unit: 'SNV' } });
    expect((await viewer.post('/api/v1/surveys/campaigns/SIPAS-2026/units/SNV/kiosk', {})).status).toBe(403);
    const noUnit = await admin.post('/api/v1/surveys/campaigns/SIPAS-2026/units/X2/kiosk', {});
    expect(noUnit.status).toBe(404);
    expect(noUnit.body.error.reason).toBe('survey_collection_unit_not_found');
    expect((await admin.post('/api/v1/surveys/campaigns/NOPE/units/SNV/kiosk', {})).body.error.reason).toBe('survey_campaign_not_found');

    const first = await officer.post('/api/v1/surveys/campaigns/SIPAS-2026/units/SNV/kiosk', {});
    expect(first.status).toBe(201);
    expect(first.body.url).toMatch(new RegExp(`^/s/${sipas.slugs.SNV}/kiosk/[A-Za-z0-9_-]{32}$`));
    const key1 = (first.body.url as string).split('/').at(-1)!;
    const [unitRow] = await server.db
      .select()
      .from(surveyCampaignUnits)
      .where(and(eq(surveyCampaignUnits.campaignId, sipas.campaignId), eq(surveyCampaignUnits.slug, sipas.slugs.SNV!)));
    expect(unitRow!.kioskKeyHash).toBe(hashSurveyKey(key1));

    const kioskForm = await server.client().getAs(PublicForm, `/api/v1/public/surveys/${sipas.slugs.SNV}/kiosk/${key1}`);
    expect(kioskForm).toMatchObject({ mode: 'kiosk', unit: { code: 'SNV' } });

    const second = await admin.post('/api/v1/surveys/campaigns/SIPAS-2026/units/SNV/kiosk', {});
    const key2 = (second.body.url as string).split('/').at(-1)!;
    expect(key2).not.toBe(key1);
    const old = await server.client().get(`/api/v1/public/surveys/${sipas.slugs.SNV}/kiosk/${key1}`);
    expect(old.status).toBe(404);
    expect(old.body.error.reason).toBe('survey_kiosk_key_unknown');
    expect((await server.client().post(`/api/v1/public/surveys/${sipas.slugs.SNV}/responses`, { kioskKey: key1 })).status).toBe(404);
    expect((await server.client().get(`/api/v1/public/surveys/${sipas.slugs.SNV}/kiosk/${key2}`)).status).toBe(200);

    // Audited, without the key.
    const audits = await server.db.select().from(auditLog).where(eq(auditLog.entityId, 'SIPAS-2026/SNV'));
    expect(audits.map((a) => a.action)).toEqual(['issue_kiosk_key', 'issue_kiosk_key']);
    expect(JSON.stringify(audits)).not.toContain(key1);
  });
});

describe('QR poster', () => {
  it('PDF with the campaign, the unit, the call to scan and the short link; PNG of an A4 page', async () => {
    const pdf = await admin.request('GET', '/api/v1/surveys/campaigns/SIPAS-2026/units/SNV/poster.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain('ma-qr-SIPAS-2026-SNV.pdf');
    const buffer = Buffer.from(
      await (await fetch(`${server.baseUrl}/api/v1/surveys/campaigns/SIPAS-2026/units/SNV/poster.pdf`, { headers: { cookie: admin.cookie! } })).arrayBuffer(),
    );
    expect(buffer.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(buffer);
    expect(text).toContain('KHẢO SÁT SIPAS-2026');
    expect(text).toContain('Sở Nội vụ');
    expect(text).toContain('Quét mã QR để đánh giá mức độ hài lòng');
    expect(text).toContain(`${server.baseUrl.replace('http://', '')}/s/${sipas.slugs.SNV}`);

    const officer = await server.loginAs('unit_leader', 'SCT');
    const png = await fetch(`${server.baseUrl}/api/v1/surveys/campaigns/SIPAS-2026/units/SCT/poster.png`, { headers: { cookie: officer.cookie! } });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const image = Buffer.from(await png.arrayBuffer());
    expect(image.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR: width and height of an A4 page at 96 dpi, twice (for print).
    expect([image.readUInt32BE(16), image.readUInt32BE(20)]).toEqual([1588, 2246]);
    expect(image.length).toBeGreaterThan(20_000);

    expect((await officer.get('/api/v1/surveys/campaigns/SIPAS-2026/units/SNV/poster.png')).status).toBe(403);
  });

  it('PUBLIC_URL, when set, must be an http(s) address and is kept without its trailing slash', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://cchc.example.gov.vn/' }).publicUrl).toBe('https://cchc.example.gov.vn');
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://x.example' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'cchc.example.gov.vn' })).toThrow(/PUBLIC_URL/);
  });
});

describe('campaign tally after the flows', () => {
  it('counts only submitted responses', async () => {
    const rows = await responsesOf(sipas.campaignId);
    const submitted = rows.filter((r) => r.status === 'submitted');
    const tally = await campaignTally(server.db, await campaignByCode(server.db, 'SIPAS-2026'));
    expect((tally.get('SNV')?.responses ?? 0) + (tally.get('SCT')?.responses ?? 0)).toBe(submitted.length);
    expect(rows.length).toBeGreaterThan(submitted.length);
  });
});
