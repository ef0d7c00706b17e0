import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { surveyPaperEntries, surveyResponses } from '../../src/db/schema.js';
import { campaignByCode, campaignTally } from '../../src/modules/surveys/campaigns.js';
import { PaperEntryResult, PaperPage, ResponsePage, SurveyResponseItem } from '../../src/modules/survey-entry/schemas.js';
import type { ApiClient } from '../helpers/client.js';
import { seedCampaign } from '../helpers/survey-entry-fixtures.js';
import { seedOrganisation, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: ApiClient;

const paper = (code: string) => `/api/v1/surveys/campaigns/${code}/paper`;

async function loginNew(role: 'unit_officer' | 'unit_leader' | 'viewer' | 'admin', unit: string | null = null) {
  const user = await server.createUser(role, unit);
  const client = server.client();
  await client.login(user.username, TEST_PASSWORD);
  return { client, id: user.id };
}

const responseRow = async (campaignCode: string, externalId: string) => {
  const campaign = await campaignByCode(server.db, campaignCode);
  const [row] = await server.db
    .select()
    .from(surveyResponses)
    .where(and(eq(surveyResponses.campaignId, campaign.id), eq(surveyResponses.externalId, externalId)));
  return row;
};

const auditOf = async (entityId: string | number) =>
  queryRows<{ action: string; before: unknown; after: unknown; actor_username: string }>(
    server.db,
    sql`select action, before, after, actor_username from audit_log where entity_type = 'survey_response' and entity_id = ${String(entityId)} order by id`,
  );

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  await seedCampaign(server.db, { code: 'S1', unitCodes: ['SNV', 'SCT'], channels: ['qr', 'paper'] });
  await seedCampaign(server.db, { code: 'D1', unitCodes: ['SNV', 'SCT'], channels: ['paper'], doubleEntry: true });
  await seedCampaign(server.db, { code: 'Q1', unitCodes: ['SNV'], channels: ['qr'] });
  await seedCampaign(server.db, {
    code: 'O1',
    kind: 'officials',
    unitCodes: ['SNV', 'SCT', 'X1'],
    channels: ['paper'],
    groups: [{ code: 'G1', name: 'Lãnh đạo sở', unitCodes: ['SNV', 'SCT'] }],
  });
}, 240_000);
afterAll(() => server?.close());

describe('paper entry without double entry', () => {
  it('makes the response at once, lists blank required questions as warnings, audits it', async () => {
    const res = await admin.post(paper('S1'), { formNo: 'P-001', unitCode: 'snv', answers: { A1: '5', AGE: 2, CH: 'online;1', NOTE: ' Tốt ' } });
    expect(res.status).toBe(201);
    const body = PaperEntryResult.parse(res.body);
    expect(body).toMatchObject({ formNo: 'P-001', state: 'done', entryNo: null, created: true, differences: [] });
    expect(body.warnings).toEqual([{ question: 'P1', unit: null, reason: 'survey_answer_required' }]);
    const row = await responseRow('S1', 'P-001');
    // Option number 2 of AGE is a30; the multi-choice is kept in the options' order; text is trimmed.
    expect(row).toMatchObject({
      id: body.responseId,
      source: 'paper',
      status: 'submitted',
      answers: { A1: 5, AGE: 'a30', CH: ['direct', 'online'], NOTE: 'Tốt' },
    });
    expect(row!.submittedAt).not.toBeNull();
    const audit = await auditOf(body.responseId!);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', after: { campaign: 'S1', externalId: 'P-001', unit: 'SNV', source: 'paper' } });
  });

  it('replaces the response when the same form number is typed again (audited with before and after)', async () => {
    const before = await responseRow('S1', 'P-001');
    const res = await admin.post(paper('S1'), { formNo: 'P-001', unitCode: 'SNV', answers: { A1: 4, P1: 3 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'done', created: false, responseId: before!.id, warnings: [] });
    expect((await responseRow('S1', 'P-001'))!.answers).toEqual({ A1: 4, P1: 3 });
    const audit = await auditOf(before!.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1]).toMatchObject({ before: { answers: { A1: 5, AGE: 'a30' } }, after: { answers: { A1: 4, P1: 3 } } });
  });

  it('refuses bad answers and units naming every field, and writes nothing', async () => {
    const res = await admin.post(paper('S1'), { formNo: 'P-002', unitCode: 'X2', answers: { A1: 6, AGE: 'zz', Q9: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const issues = res.body.error.details.issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`);
    expect(issues.sort()).toEqual(
      [
        'unitCode:survey_campaign_unit_unknown',
        'answers.A1:survey_scale_out_of_range',
        'answers.AGE:survey_option_unknown',
        'answers.Q9:survey_question_unknown',
      ].sort(),
    );
    expect(await responseRow('S1', 'P-002')).toBeUndefined();
    const noUnit = await admin.post(paper('S1'), { formNo: 'P-002', answers: { A1: 5 } });
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.error.details.issues[0]).toMatchObject({ path: 'unitCode', code: 'survey_entry_unit_required' });
  });

  it("refuses a campaign whose channels do not include 'paper', and an unknown campaign", async () => {
    const res = await admin.post(paper('Q1'), { formNo: '1', unitCode: 'SNV', answers: { A1: 5 } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ reason: 'survey_entry_channel_off', params: { campaign: 'Q1', channel: 'paper' } });
    const missing = await admin.post(paper('NOPE'), { formNo: '1', unitCode: 'SNV', answers: {} });
    expect(missing.status).toBe(404);
  });
});

describe('unit staff scope', () => {
  it("lets unit staff enter and read their own unit's forms only", async () => {
    const snv = await loginNew('unit_officer', 'SNV');
    const sct = await loginNew('unit_leader', 'SCT');
    const own = await snv.client.post(paper('S1'), { formNo: 'P-010', unitCode: 'SNV', answers: { A1: 2, P1: 2 } });
    expect(own.status).toBe(201);
    const other = await snv.client.post(paper('S1'), { formNo: 'P-011', unitCode: 'SCT', answers: { A1: 2 } });
    expect(other.status).toBe(403);
    expect(other.body.error.reason).toBe('survey_entry_own_unit_only');
    // SCT's staff cannot overwrite SNV's form by typing its number with their own unit.
    const overwrite = await sct.client.post(paper('S1'), { formNo: 'P-010', unitCode: 'SCT', answers: { A1: 1 } });
    expect(overwrite.status).toBe(403);
    expect((await responseRow('S1', 'P-010'))!.answers).toEqual({ A1: 2, P1: 2 });
    await admin.post(paper('S1'), { formNo: 'P-012', unitCode: 'SCT', answers: { A1: 3 } });

    const list = ResponsePage.parse((await snv.client.get('/api/v1/surveys/campaigns/S1/responses')).body);
    expect(list.items.map((i) => i.externalId).sort()).toEqual(['P-001', 'P-010']);
    expect(list.can).toMatchObject({ enterPaper: true, recheck: false, resolve: false, import: false, chooseUnit: false });
    const asked = await snv.client.get('/api/v1/surveys/campaigns/S1/responses?unit=SCT');
    expect(asked.status).toBe(403);
    const adminList = ResponsePage.parse((await admin.get('/api/v1/surveys/campaigns/S1/responses?unit=SCT')).body);
    expect(adminList.items.map((i) => i.externalId)).toEqual(['P-012']);

    const viewer = await loginNew('viewer');
    expect((await viewer.client.post(paper('S1'), { formNo: 'P-013', unitCode: 'SNV', answers: {} })).status).toBe(403);
    expect((await viewer.client.get('/api/v1/surveys/campaigns/S1/responses')).status).toBe(403);
  });

  it("keeps officials' forms (rating several units) for the organizer", async () => {
    const snv = await loginNew('unit_officer', 'SNV');
    const refused = await snv.client.post(paper('O1'), { formNo: 'O-1', groupCode: 'G1', answers: { ROLE: 'lead' }, ratings: { SNV: { Q1: 'A' } } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.reason).toBe('survey_entry_officials_admin_only');
    const res = await admin.post(paper('O1'), { formNo: 'O-1', groupCode: 'g1', answers: { ROLE: 2 }, ratings: { snv: { Q1: 'A', Q2: 2 }, SCT: { Q2: 'd' } } });
    expect(res.status).toBe(201);
    // SCT's Q1 is required and blank: a warning about that unit.
    expect(res.body.warnings).toEqual([{ question: 'Q1', unit: 'SCT', reason: 'survey_answer_required' }]);
    const row = await responseRow('O1', 'O-1');
    expect(row).toMatchObject({ unitId: null, answers: { ROLE: 'staff' }, ratings: { SNV: { Q1: 'A', Q2: 'B' }, SCT: { Q2: 'D' } } });
    // X1 is in the campaign but not among the units group G1 rates.
    const outside = await admin.post(paper('O1'), { formNo: 'O-2', groupCode: 'G1', answers: {}, ratings: { X1: { Q1: 'A' } } });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details.issues[0]).toMatchObject({ path: 'ratings.X1', code: 'survey_rated_unit_unknown' });
  });
});

describe('double entry', () => {
  let clerk1: ApiClient;
  let clerk2: ApiClient;
  beforeAll(async () => {
    clerk1 = (await loginNew('unit_officer', 'SNV')).client;
    clerk2 = (await loginNew('unit_officer', 'SNV')).client;
  });

  it('waits for a second entry by another user; equal entries make the response', async () => {
    const first = await clerk1.post(paper('D1'), { formNo: 'D-1', unitCode: 'SNV', answers: { A1: 5, P1: 4, CH: ['online', 'direct'] } });
    expect(first.status).toBe(201);
    expect(PaperEntryResult.parse(first.body)).toMatchObject({ state: 'awaiting_second', entryNo: 1, responseId: null });
    expect(await responseRow('D1', 'D-1')).toBeUndefined();

    const again = await clerk1.post(paper('D1'), { formNo: 'D-1', unitCode: 'SNV', answers: { A1: 5, P1: 4 } });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ reason: 'survey_entry_same_user', params: { form: 'D-1' } });

    const waiting = PaperPage.parse((await admin.get(`${paper('D1')}?state=awaiting_second`)).body);
    expect(waiting.items.map((f) => f.formNo)).toEqual(['D-1']);
    expect(waiting.items[0]!.entries).toHaveLength(1);

    // The same answers, the multi-choice typed in another order and by option numbers.
    const second = await clerk2.post(paper('D1'), { formNo: 'D-1', unitCode: 'snv', answers: { A1: '5', P1: 4, CH: '1;2' } });
    expect(second.status).toBe(201);
    const result = PaperEntryResult.parse(second.body);
    expect(result).toMatchObject({ state: 'done', entryNo: 2, created: true, differences: [] });
    const row = await responseRow('D1', 'D-1');
    expect(row).toMatchObject({ id: result.responseId, source: 'paper', answers: { A1: 5, P1: 4, CH: ['direct', 'online'] } });

    const done = await clerk1.post(paper('D1'), { formNo: 'D-1', unitCode: 'SNV', answers: { A1: 1 } });
    expect(done.status).toBe(409);
    expect(done.body.error.reason).toBe('survey_entry_form_done');
  });

  it('lists differences for the organizer, who resolves them into the response', async () => {
    await clerk1.post(paper('D1'), { formNo: 'D-2', unitCode: 'SNV', answers: { A1: 5, P1: 4, AGE: 'u30', NOTE: 'ok' } });
    const second = await clerk2.post(paper('D1'), { formNo: 'D-2', unitCode: 'SNV', answers: { A1: 4, P1: 4, AGE: 'o50', NOTE: 'ok' } });
    expect(second.status).toBe(201);
    const body = PaperEntryResult.parse(second.body);
    expect(body.state).toBe('differences');
    expect(body.differences).toEqual([
      { kind: 'answer', question: 'A1', unit: null, first: 5, second: 4 },
      { kind: 'answer', question: 'AGE', unit: null, first: 'u30', second: 'o50' },
    ]);
    expect(await responseRow('D1', 'D-2')).toBeUndefined();

    const listed = PaperPage.parse((await admin.get(`${paper('D1')}?state=differences`)).body);
    expect(listed.total).toBe(1);
    expect(listed.items[0]).toMatchObject({ formNo: 'D-2', state: 'differences', unitCode: 'SNV', responseId: null });
    expect(listed.items[0]!.differences).toHaveLength(2);
    expect(listed.items[0]!.entries.map((e) => e.entryNo)).toEqual([1, 2]);

    const third = await admin.post(paper('D1'), { formNo: 'D-2', unitCode: 'SNV', answers: { A1: 4 } });
    expect(third.status).toBe(409);
    expect(third.body.error.reason).toBe('survey_entry_differences_pending');

    const byClerk = await clerk1.put(`${paper('D1')}/D-2/resolve`, { unitCode: 'SNV', answers: { A1: 4 } });
    expect(byClerk.status).toBe(403);
    const resolved = await admin.put(`${paper('D1')}/D-2/resolve`, { unitCode: 'SNV', answers: { A1: 4, P1: 4, AGE: 'u30', NOTE: 'ok' } });
    expect(resolved.status).toBe(200);
    expect(PaperEntryResult.parse(resolved.body)).toMatchObject({ state: 'done', created: true });
    expect((await responseRow('D1', 'D-2'))!.answers).toEqual({ A1: 4, P1: 4, AGE: 'u30', NOTE: 'ok' });

    const doneList = PaperPage.parse((await admin.get(`${paper('D1')}?state=done`)).body);
    expect(doneList.items.map((f) => f.formNo)).toEqual(['D-1', 'D-2']);
    const entries = await server.db.select().from(surveyPaperEntries).where(eq(surveyPaperEntries.formNo, 'D-2'));
    expect(entries).toHaveLength(2);
    const audit = await auditOf('D1/D-2');
    expect(audit.map((a) => a.action)).toEqual(['paper_entry', 'paper_entry']);
    const missing = await admin.put(`${paper('D1')}/D-404/resolve`, { unitCode: 'SNV', answers: {} });
    expect(missing.status).toBe(404);
  });
});

describe('re-check (phúc tra)', () => {
  it('flags a response (audited), lists it, and it still counts in the results', async () => {
    const row = await responseRow('S1', 'P-010');
    const campaign = await campaignByCode(server.db, 'S1');
    const counted = (await campaignTally(server.db, campaign)).get('SNV')!.responses;

    const officer = await loginNew('unit_officer', 'SNV');
    expect((await officer.client.patch(`/api/v1/surveys/responses/${row!.id}`, { recheck: true })).status).toBe(403);

    const res = await admin.patch(`/api/v1/surveys/responses/${row!.id}`, { recheck: true, note: 'Phiếu bị tẩy xóa' });
    expect(res.status).toBe(200);
    expect(SurveyResponseItem.parse(res.body)).toMatchObject({ id: row!.id, recheck: true, recheckNote: 'Phiếu bị tẩy xóa', externalId: 'P-010' });
    const audit = await auditOf(row!.id);
    expect(audit.at(-1)).toMatchObject({
      action: 'update',
      before: { recheck: false, recheckNote: null },
      after: { recheck: true, recheckNote: 'Phiếu bị tẩy xóa' },
    });

    const flagged = ResponsePage.parse((await admin.get('/api/v1/surveys/campaigns/S1/responses?recheck=true')).body);
    expect(flagged.items.map((i) => i.id)).toEqual([row!.id]);
    expect(flagged.total).toBe(1);
    expect((await campaignTally(server.db, campaign)).get('SNV')!.responses).toBe(counted);

    const cleared = await admin.patch(`/api/v1/surveys/responses/${row!.id}`, { recheck: false });
    expect(cleared.body).toMatchObject({ recheck: false, recheckNote: null });
    expect((await admin.patch('/api/v1/surveys/responses/999999', { recheck: true })).status).toBe(404);
  });
});

describe('hostile input', () => {
  it('answers 4xx, never 5xx, to bent requests on every entry route', async () => {
    const officer = await loginNew('unit_officer', 'SNV');
    const bodies: unknown[] = [
      { formNo: 'H-1', unitCode: 'SNV', answers: { A1: { x: 1 } } },
      { formNo: 'H-1', unitCode: 'SNV', answers: { A1: [1, 2] } },
      { formNo: 'H-1', unitCode: 'SNV', answers: { A1: 1e308, P1: -0, AGE: '99999999999999999999', CH: ['x'.repeat(40)], NOTE: 'x'.repeat(4001) } },
      { formNo: 'H-1', unitCode: 'SNV', answers: { __proto__: { A1: 5 }, constructor: 1 } },
      { formNo: 'H-1', unitCode: 'SNV', answers: { NOTE: '<script>alert(1)</script>' }, ratings: { SNV: { Q1: 'A' } } },
      { formNo: '../../etc', unitCode: 'SNV', answers: {} },
      { formNo: 'H-1', unitCode: 'ĐƠN-VỊ', answers: {} },
      { formNo: 'H-1', unitCode: 'SNV', answers: null },
      { formNo: 'H-1', unitCode: 'SNV', answers: { NOTE: 'x'.repeat(2001) } },
      'not json',
    ];
    for (const client of [admin, officer.client]) {
      for (const campaign of ['S1', 'D1', 'O1', 'x'.repeat(60), '%00']) {
        for (const body of bodies) {
          const res = await client.post(paper(encodeURIComponent(campaign)), body);
          expect(res.status, `${campaign} ${JSON.stringify(body).slice(0, 80)}: ${res.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
        }
        for (const query of ['?state=nope', '?limit=0', '?offset=-1', '?unit=%E2%80%8F', '?recheck=maybe', '?source=fax', '?drafts=1']) {
          for (const path of ['paper', 'responses', 'responses/export', 'entry']) {
            const res = await client.get(`/api/v1/surveys/campaigns/${encodeURIComponent(campaign)}/${path}${query}`);
            expect(res.status, `${path}${query}: ${res.text.slice(0, 200)}`).toBeLessThan(500);
          }
        }
      }
      for (const id of ['0', 'abc', '1e20', '99999999999999999999', '-1']) {
        const res = await client.patch(`/api/v1/surveys/responses/${id}`, { recheck: true });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
      const resolve = await client.put(`${paper('D1')}/${encodeURIComponent('a/b')}/resolve`, { unitCode: 'SNV', answers: {} });
      expect(resolve.status).toBeGreaterThanOrEqual(400);
      expect(resolve.status).toBeLessThan(500);
    }
    // The script in free text is stored as text (the web escapes it when shown).
    const script = await admin.post(paper('S1'), { formNo: 'H-2', unitCode: 'SNV', answers: { NOTE: '<script>alert(1)</script>' } });
    expect(script.status).toBe(201);
    expect((await responseRow('S1', 'H-2'))!.answers).toEqual({ NOTE: '<script>alert(1)</script>' });
  });
});
