import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyCampaigns, surveyCampaignUnits, surveyResponses, surveyTemplates, surveyTokens } from '../../src/db/schema.js';
import type { SurveyQuestion } from '../../src/domain/surveys.js';
import { findUnitIdByCode } from '../../src/modules/units/service.js';
import { hashSurveyKey, newSurveyKey } from '../../src/modules/surveys/keys.js';
import { QR_STARTS_PER_HOUR } from '../../src/modules/survey-collection/schemas.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The public survey routes take requests from anyone on the internet, without a session: malformed JSON, bodies far
 * over the limit (announced or not), hostile keys and values, and floods of parallel requests. Whatever comes, the
 * answer is a 2xx or a 4xx with an error code — never a 5xx — and what is stored stays consistent.
 */
let server: TestServer;
let campaignId: number;
const SLUG = 'hostile1';
const NOW = '2026-12-03T03:00:00.000Z';

const QUESTIONS: SurveyQuestion[] = [
  { code: 'A1', section: 'access', text: 'Tiếp cận', type: 'scale', role: 'satisfaction', required: true, options: [] },
  { code: 'NOTE', section: 'other', text: 'Góp ý', type: 'text', role: 'other', required: false, options: [] },
];

async function token(): Promise<string> {
  const secret = newSurveyKey();
  await server.db.insert(surveyTokens).values({ campaignId, tokenHash: hashSurveyKey(secret), unitId: await findUnitIdByCode(server.db, 'SNV') });
  return secret;
}

async function raw(method: string, path: string, body: BodyInit | undefined, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(server.baseUrl + path, { method, headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  const text = await response.text();
  let code: string | null;
  try {
    code = JSON.parse(text)?.error?.code ?? null;
  } catch {
    code = null;
  }
  return { status: response.status, code, text };
}

/** Not a server error, and an error answer names its code. */
function expectHandled(result: { status: number; code: string | null; text: string }) {
  expect(result.status, result.text.slice(0, 300)).toBeLessThan(500);
  if (result.status >= 400) expect(result.code, result.text.slice(0, 300)).toMatch(/^[a-z_]+$/);
}

beforeAll(async () => {
  server = await startTestServer();
  server.now = NOW;
  await seedOrganisation(server);
  const [template] = await server.db.insert(surveyTemplates).values({ code: 'H', name: 'H', kind: 'sipas', questions: QUESTIONS }).returning();
  const [campaign] = await server.db
    .insert(surveyCampaigns)
    .values({
      code: 'HOSTILE',
      name: 'Hostile',
      templateId: template!.id,
      kind: 'sipas',
      questions: QUESTIONS,
      year: 2026,
      opensOn: '2026-01-01',
      closesOn: '2026-12-31',
      channels: ['qr', 'kiosk', 'link'],
    })
    .returning();
  campaignId = campaign!.id;
  await server.db.insert(surveyCampaignUnits).values({ campaignId, unitId: (await findUnitIdByCode(server.db, 'SNV'))!, slug: SLUG });
});

afterAll(async () => {
  await server?.close();
});

describe('malformed and hostile bodies', () => {
  const BODIES = [
    '{',
    '{"answers":',
    '[1,2',
    'null',
    '"text"',
    '12',
    '[]',
    '',
    '{"__proto__":{"polluted":1},"answers":{},"seq":1}',
    '{"answers":{"__proto__":{"A1":5}},"seq":1}',
    '{"answers":{"constructor":{"prototype":{"x":1}}},"seq":1}',
    '{"answers":[],"seq":1}',
    '{"answers":{"A1":5},"seq":"1"}',
    '{"answers":{"A1":5},"seq":1e308}',
    '{"answers":{"A1":5},"seq":-1}',
    '{"answers":{"A1":5.5},"seq":1}',
    '{"answers":{"A1":true},"seq":1}',
    '{"answers":{"A1":{"nested":[1,{"deeper":2}]}},"seq":1}',
    '{"answers":{"NOTE":"\\u0000"},"seq":1}',
    '{"answers":{"NOTE":"\\ud800"},"seq":1}',
    '{"answers":{"NOTE":["a","b"]},"seq":1}',
    `{"answers":{"A1":5},"seq":1,"ratings":{"SNV":{"A1":5}}}`,
    `{"answers":{${Array.from({ length: 400 }, (_, i) => `"Q${i}":1`).join(',')}},"seq":1}`,
    `{"answers":{"A1":5},"seq":1,"ratings":{${Array.from({ length: 600 }, (_, i) => `"U${i}":{}`).join(',')}}}`,
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    `{"answers":{"${'k'.repeat(5000)}":1},"seq":1}`,
  ];

  it('each public write route answers every malformed body with a 4xx and changes nothing', async () => {
    const start = await raw('POST', `/api/v1/public/surveys/${SLUG}/responses`, '{}');
    expect(start.status).toBe(201);
    const key = JSON.parse(start.text).key as string;
    const personal = await token();
    const routes: [string, string][] = [
      ['POST', `/api/v1/public/surveys/${SLUG}/responses`],
      ['PUT', `/api/v1/public/responses/${key}`],
      ['POST', `/api/v1/public/responses/${key}/submit`],
      ['PUT', `/api/v1/public/responses/${personal}`],
      ['POST', `/api/v1/public/responses/${personal}/submit`],
    ];
    for (const [method, path] of routes) {
      for (const body of BODIES) {
        const result = await raw(method, path, body);
        expectHandled(result);
        // The start route takes {} and an optional kiosk key only; the others refuse all of these.
        if (!path.endsWith('/responses')) expect(result.status, `${method} ${path} ${body.slice(0, 60)}`).toBeGreaterThanOrEqual(400);
      }
      // Other media types.
      expectHandled(await raw(method, path, 'answers=1', { 'content-type': 'application/x-www-form-urlencoded' }));
      expectHandled(await raw(method, path, '{"answers":{},"seq":1}', { 'content-type': 'text/plain' }));
      expectHandled(await raw(method, path, undefined, {}));
    }
    const [row] = await server.db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.keyHash, hashSurveyKey(key)));
    expect(row).toMatchObject({ status: 'draft', answers: {}, saveSeq: 0 });
    const [tokenRow] = await server.db
      .select()
      .from(surveyTokens)
      .where(eq(surveyTokens.tokenHash, hashSurveyKey(personal)));
    expect(tokenRow!.usedAt).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('hostile path parameters and queries are refused as bad requests or unknown', async () => {
    const paths = [
      '/api/v1/public/surveys/..%2F..%2Fetc',
      '/api/v1/public/surveys/%00',
      '/api/v1/public/surveys/' + 'a'.repeat(5000),
      `/api/v1/public/surveys/${SLUG}?key=${'x'.repeat(3000)}`,
      `/api/v1/public/surveys/${SLUG}?key=' or 1=1 --`,
      `/api/v1/public/surveys/${SLUG}/kiosk/${"'; drop table survey_responses; --"}`,
      '/api/v1/public/surveys/t/%ED%A0%80',
      `/api/v1/public/surveys/t/${'A'.repeat(64)}`,
    ];
    for (const path of paths) expectHandled(await raw('GET', path, undefined, {}));
    for (const key of ['short', 'A'.repeat(65), '%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00', 'A'.repeat(32)]) {
      expectHandled(await raw('PUT', `/api/v1/public/responses/${key}`, '{"answers":{},"seq":1}'));
      expectHandled(await raw('POST', `/api/v1/public/responses/${key}/submit`, '{"answers":{"A1":5},"seq":1}'));
    }
    // The table is still there.
    expect((await server.db.select().from(surveyResponses)).length).toBeGreaterThan(0);
  });
});

describe('huge bodies', () => {
  it('a body over 64 KB is refused 413 with its reason, announced or streamed without a length', async () => {
    const personal = await token();
    const big = JSON.stringify({ answers: { NOTE: 'x'.repeat(2_000_000) }, seq: 1 });
    const announced = await raw('PUT', `/api/v1/public/responses/${personal}`, big);
    expect(announced.status).toBe(413);
    expect(JSON.parse(announced.text).error.reason).toBe('survey_body_too_large');

    // Chunked, no content-length: cut off when it passes the limit.
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"answers":{"NOTE":"'));
      },
      pull(controller) {
        if (sent++ < 64) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('"},"seq":1}'));
          controller.close();
        }
      },
    });
    const streamed = await raw('POST', `/api/v1/public/responses/${personal}/submit`, stream).catch(() => ({
      status: 413,
      code: 'payload_too_large',
      text: '',
    }));
    expect(streamed.status).toBe(413);

    // A body just under the limit is read and judged on its content (here: a text over 2,000 characters).
    const under = await raw('PUT', `/api/v1/public/responses/${personal}`, JSON.stringify({ answers: { NOTE: 'y'.repeat(60_000) }, seq: 1 }));
    expect(under.status).toBe(400);
    expect(JSON.parse(under.text).error.reason).toBe('survey_text_too_long');
    const [tokenRow] = await server.db
      .select()
      .from(surveyTokens)
      .where(eq(surveyTokens.tokenHash, hashSurveyKey(personal)));
    expect(await server.db.select().from(surveyResponses).where(eq(surveyResponses.tokenId, tokenRow!.id))).toHaveLength(0);
  });
});

describe('parallel floods', () => {
  it('200 saves of one response at once, numbered in any order: the highest number is what is kept', async () => {
    const personal = await token();
    const seqs = Array.from({ length: 200 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
    const results = await Promise.all(
      seqs.map((seq) => raw('PUT', `/api/v1/public/responses/${personal}`, JSON.stringify({ answers: { A1: (seq % 5) + 1, NOTE: `lưu ${seq}` }, seq }))),
    );
    for (const result of results) {
      expectHandled(result);
      expect(result.status).toBe(200);
    }
    const [tokenRow] = await server.db
      .select()
      .from(surveyTokens)
      .where(eq(surveyTokens.tokenHash, hashSurveyKey(personal)));
    const rows = await server.db.select().from(surveyResponses).where(eq(surveyResponses.tokenId, tokenRow!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ saveSeq: 200, answers: { A1: 1, NOTE: 'lưu 200' }, status: 'draft' });
  });

  it('a flood of starts from one address: exactly the hourly limit gets through', async () => {
    server.now = '2026-12-10T03:00:00.000Z';
    try {
      const results = await Promise.all(Array.from({ length: 80 }, () => raw('POST', `/api/v1/public/surveys/${SLUG}/responses`, '{}')));
      results.forEach(expectHandled);
      expect(results.filter((r) => r.status === 201)).toHaveLength(QR_STARTS_PER_HOUR);
      expect(results.filter((r) => r.status === 429)).toHaveLength(80 - QR_STARTS_PER_HOUR);
    } finally {
      server.now = NOW;
    }
  });

  it('two submits per token over 40 tokens at once: exactly one per token wins; a flood of unknown keys is 404', async () => {
    const tokens = await Promise.all(Array.from({ length: 40 }, () => token()));
    const results = await Promise.all(
      tokens.flatMap((t) => [1, 2].map((n) => raw('POST', `/api/v1/public/responses/${t}/submit`, JSON.stringify({ answers: { A1: n + 3 }, seq: n })))),
    );
    results.forEach(expectHandled);
    expect(results.filter((r) => r.status === 200)).toHaveLength(40);
    expect(results.filter((r) => r.status === 409)).toHaveLength(40);
    for (let i = 0; i < tokens.length; i++) expect([results[2 * i]!.status, results[2 * i + 1]!.status].sort()).toEqual([200, 409]);

    const unknown = await Promise.all(
      Array.from({ length: 60 }, () => raw('PUT', `/api/v1/public/responses/${newSurveyKey()}`, '{"answers":{"A1":5},"seq":1}')),
    );
    for (const result of unknown) expect(result.status).toBe(404);
  });
});
