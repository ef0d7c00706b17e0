import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reasonMessage } from '../../src/catalogue.js';
import { queryRows } from '../../src/db/client.js';
import { surveyTemplates } from '../../src/db/schema.js';
import { createUnit } from '../../src/modules/units/service.js';
import { CampaignDetail, CampaignList, IssuedLinks, LinkList } from '../../src/modules/survey-campaigns/schemas.js';
import type { ApiClient } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';
import { FIXTURE_PROCEDURES, insertTimelinessFixture } from '../helpers/timeliness-fixtures.js';

/*
 * Transactions N are the units' dossiers received in 2025 (the rollups of test/helpers/timeliness-fixtures.ts, plus
 * two rows added below); the suggested target is n = N / (1 + N × 0.05²) = 400N / (400 + N), rounded up:
 *   SNV  N = 10 + 6 + 4 = 20 (its 2024 and 2026 rows do not count)   → 8000/420  = 19.05 → 20
 *   SCT  N = 3                                                       → 1200/403  = 2.98  → 3
 *   H1   N = 1000 (added)                                            → 400000/1400 = 285.71 → 286
 *   X1   N = 9                                                       → 3600/409  = 8.80  → 9
 *   X2   N = 32                                                      → 12800/432 = 29.63 → 30
 *   X3   N = 1 (added, a new commune of block XA)                    → 400/401   = 0.998 → 1
 *   SXD  N = 0 (a new department of block SO without dossiers)       → 0
 */

let server: TestServer;
let admin: ApiClient;
const BASE = '/api/v1/surveys/campaigns';

const SIPAS_QUESTIONS = [
  { code: 'q1', section: 'access', text: 'Hài lòng về tiếp cận dịch vụ?', type: 'scale', role: 'satisfaction', required: true, options: [] },
  { code: 'age', section: 'profile', text: 'Độ tuổi', type: 'single', role: 'profile', required: false, options: [{ code: 'a1', label: 'Dưới 30' }] },
];
const OFFICIALS_QUESTIONS = [
  {
    code: 'o1',
    section: 'admin_procedures',
    text: 'Cải cách thủ tục hành chính',
    type: 'single',
    role: 'other',
    required: false,
    options: [
      { code: 'A', label: 'Tốt', weight: 100 },
      { code: 'D', label: 'Kém', weight: 0 },
    ],
  },
];

const newCampaign = (over: Record<string, unknown> = {}) => ({
  code: 'SIPAS-XA',
  name: 'SIPAS 2025 khối xã',
  templateCode: 'SIPAS',
  year: TEST_YEAR,
  opensOn: '2025-03-01',
  closesOn: '2025-11-30',
  channels: ['qr', 'link', 'paper'],
  doubleEntry: true,
  blockCode: 'XA',
  ...over,
});

async function campaignCount() {
  return (await queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from survey_campaigns`))[0]!.n;
}
async function auditRows(campaign: string) {
  const res = await admin.get(`/api/v1/audit?entityType=survey_campaign&entityId=${campaign}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.items as { action: string; before: any; after: any }[];
}
const unitRows = (detail: CampaignDetail) => detail.units.map((u) => [u.unitCode, u.transactions, u.suggestedTarget, u.target]);

/** A refusal: status, error reason, the Vietnamese text, and nothing written. */
async function expectRefused(body: Record<string, unknown>, status: number, reason: string, vi: string) {
  const before = await campaignCount();
  const res = await admin.post(BASE, body);
  expect(res.status, res.text).toBe(status);
  const issueReasons = [res.body.error.reason, ...((res.body.error.details?.issues ?? []) as { code: string }[]).map((i) => i.code)];
  expect(issueReasons).toContain(reason);
  const issue = ((res.body.error.details?.issues ?? []) as { code: string; params?: any }[]).find((i) => i.code === reason);
  expect(reasonMessage(reason, issue?.params ?? res.body.error.params, 'vi')).toBe(vi);
  expect(await campaignCount()).toBe(before);
  return res;
}

beforeAll(async () => {
  server = await startTestServer();
  server.now = '2025-06-15T03:00:00.000Z';
  await seedOrganisation(server);
  await createUnit(server.db, fixtureActor, { code: 'X3', name: 'Xã Tân Lập', parentCode: 'H1', blockCode: 'XA', year: TEST_YEAR });
  await createUnit(server.db, fixtureActor, { code: 'SXD', name: 'Sở Xây dựng', blockCode: 'SO', year: TEST_YEAR });
  await insertTimelinessFixture(server.db);
  const procedure = (await queryRows<{ id: number }>(server.db, sql`select id from procedures where code = ${FIXTURE_PROCEDURES[3].code}`))[0]!.id;
  for (const [unit, received] of [
    ['H1', 1000],
    ['X3', 1],
  ] as const) {
    await server.db.execute(sql`insert into dossier_monthly_rollups (unit_id, field, procedure_id, channel, month, received, resolved, early, on_time, late)
      values ((select id from units where code = ${unit}), 'Hộ tịch', ${procedure}, 'direct', '2025-05-01'::date, ${received}, 0, 0, 0, 0)`);
  }
  await server.db.insert(surveyTemplates).values([
    { code: 'SIPAS', name: 'Phiếu SIPAS', kind: 'sipas', questions: SIPAS_QUESTIONS as never },
    { code: 'OFF', name: 'Phiếu khảo sát cán bộ', kind: 'officials', questions: OFFICIALS_QUESTIONS as never },
  ]);
  admin = await server.loginAs('admin');
}, 120_000);
afterAll(() => server?.close());

describe('survey campaigns', { timeout: 120_000 }, () => {
  it('opens a campaign over a block: the template copied, one row per member, N and the suggested target', async () => {
    const res = await admin.post(BASE, newCampaign());
    expect(res.status, res.text).toBe(201);
    const detail = CampaignDetail.parse(res.body);
    expect(res.headers.get('etag')).toBe(`"${detail.version}"`);
    expect(detail).toMatchObject({
      code: 'SIPAS-XA',
      kind: 'sipas',
      templateCode: 'SIPAS',
      year: 2025,
      state: 'open',
      channels: ['qr', 'link', 'paper'],
      doubleEntry: true,
      closedAt: null,
      groups: [],
      can: { edit: true, close: true, enterPaper: true, importResponses: false, viewResults: true, issueLinks: true },
    });
    expect(unitRows(detail)).toEqual([
      ['X1', 9, 9, 9],
      ['X2', 32, 30, 30],
      ['X3', 1, 1, 1],
    ]);
    for (const unit of detail.units) {
      expect(unit.slug).toMatch(/^[a-hjkmnp-z2-9]{8}$/);
      expect(unit.shortLink).toBe(`/s/${unit.slug}`);
      expect(unit).toMatchObject({ submitted: 0, drafts: 0, hasKiosk: false });
    }
    expect(new Set(detail.units.map((u) => u.slug)).size).toBe(3);
    const [stored] = await queryRows<{ kind: string; questions: unknown }>(
      server.db,
      sql`select kind, questions from survey_campaigns where code = 'SIPAS-XA'`,
    );
    expect(stored).toEqual({ kind: 'sipas', questions: SIPAS_QUESTIONS });
    const audit = await auditRows('SIPAS-XA');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'create',
      before: null,
      after: {
        code: 'SIPAS-XA',
        template: 'SIPAS',
        units: [
          { unit: 'X1', transactions: 9, target: 9 },
          { unit: 'X2', transactions: 32, target: 30 },
          { unit: 'X3', transactions: 1, target: 1 },
        ],
      },
    });
  });

  it('opens a campaign over units named one by one (N = 1000 → 286, N = 0 → 0, only the year’s dossiers)', async () => {
    const res = await admin.post(BASE, newCampaign({ code: 'SIPAS-MIX', blockCode: undefined, unitCodes: ['h1', 'SXD', 'SNV', 'SCT'], channels: undefined }));
    expect(res.status, res.text).toBe(201);
    const detail = CampaignDetail.parse(res.body);
    expect(detail.channels).toEqual(['qr', 'link', 'kiosk', 'paper', 'import']);
    expect(unitRows(detail)).toEqual([
      ['H1', 1000, 286, 286],
      ['SCT', 3, 3, 3],
      ['SNV', 20, 20, 20],
      ['SXD', 0, 0, 0],
    ]);
  });

  it('lists the campaigns of a year with units, targets and submitted responses', async () => {
    const list = await admin.getAs(CampaignList, `${BASE}?year=2025`);
    expect(list.can).toEqual({ create: true });
    expect(list.items.map((c) => [c.code, c.state, c.units, c.target, c.submitted])).toEqual([
      ['SIPAS-MIX', 'open', 4, 309, 0],
      ['SIPAS-XA', 'open', 3, 40, 0],
    ]);
    expect((await admin.getAs(CampaignList, `${BASE}?year=2024`)).items).toEqual([]);
    const viewer = await server.loginAs('viewer');
    const seen = await viewer.getAs(CampaignList, BASE);
    expect(seen.can).toEqual({ create: false });
    expect(seen.items).toHaveLength(2);
    const detail = await viewer.getAs(CampaignDetail, `${BASE}/SIPAS-MIX`);
    expect(detail.units).toHaveLength(4);
    expect(detail.can).toEqual({ edit: false, close: false, enterPaper: false, importResponses: false, viewResults: true, issueLinks: false });
  });

  it('shows unit staff only the campaigns of their unit, and only their unit’s row', async () => {
    await server.db.execute(sql`insert into survey_responses (campaign_id, unit_id, source, status, answers)
      select c.id, u.id, 'paper', s.status, '{"q1": 5}'::jsonb from survey_campaigns c, units u, (values ('submitted'), ('submitted'), ('draft')) s(status)
      where c.code = 'SIPAS-XA' and u.code = 'X1'`);
    await server.db.execute(sql`insert into survey_responses (campaign_id, unit_id, source, status, answers)
      select c.id, u.id, 'qr', 'submitted', '{}'::jsonb from survey_campaigns c, units u where c.code = 'SIPAS-XA' and u.code = 'X2'`);
    const officer = await server.loginAs('unit_officer', 'X1');
    const list = await officer.getAs(CampaignList, BASE);
    expect(list.items.map((c) => [c.code, c.units, c.target, c.submitted])).toEqual([['SIPAS-XA', 1, 9, 2]]);
    const detail = await officer.getAs(CampaignDetail, `${BASE}/SIPAS-XA`);
    expect(detail.units.map((u) => [u.unitCode, u.target, u.submitted, u.drafts])).toEqual([['X1', 9, 2, 1]]);
    expect(detail.can).toMatchObject({ edit: false, close: false, enterPaper: true, issueLinks: false, viewResults: true });
    const other = await officer.get(`${BASE}/SIPAS-MIX`);
    expect(other.status).toBe(404);
    expect(other.body.error.reason).toBe('survey_campaign_not_found');
    // The organizer sees every unit's counts.
    const all = await admin.getAs(CampaignDetail, `${BASE}/SIPAS-XA`);
    expect(all.units.map((u) => [u.unitCode, u.submitted, u.drafts])).toEqual([
      ['X1', 2, 1],
      ['X2', 1, 0],
      ['X3', 0, 0],
    ]);
    expect((await admin.getAs(CampaignList, BASE)).items.find((c) => c.code === 'SIPAS-XA')!.submitted).toBe(3);
  });

  it('refuses every write to anyone but the organizer', async () => {
    const officer = await server.loginAs('unit_leader', 'X1');
    const council = await server.loginAs('council');
    const writes: [ApiClient, string, string, unknown][] = [
      [council, 'POST', BASE, newCampaign({ code: 'NOPE' })],
      [officer, 'PATCH', `${BASE}/SIPAS-XA`, { name: 'x' }],
      [officer, 'POST', `${BASE}/SIPAS-XA/close`, {}],
      [officer, 'PUT', `${BASE}/SIPAS-XA/units/X1`, { target: 1 }],
      [council, 'POST', `${BASE}/SIPAS-XA/links`, { unitCode: 'X1', count: 1 }],
      [council, 'GET', `${BASE}/SIPAS-XA/links`, undefined],
    ];
    for (const [client, method, path, json] of writes) {
      const res = await client.request(method, path, json === undefined ? {} : { json });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect(await campaignCount()).toBe(2);
    expect((await admin.getAs(CampaignDetail, `${BASE}/SIPAS-XA`)).units.find((u) => u.unitCode === 'X1')!.target).toBe(9);
  });

  it('refuses bad campaigns with reasons, writing nothing', async () => {
    await expectRefused(newCampaign({ code: 'SIPAS-XA' }), 409, 'survey_campaign_exists', 'Đã có đợt khảo sát mã SIPAS-XA');
    await expectRefused(newCampaign({ code: 'N1', templateCode: 'NOPE' }), 400, 'survey_campaign_template_unknown', 'không có mẫu phiếu NOPE');
    const unknownUnit = await expectRefused(
      newCampaign({ code: 'N2', blockCode: undefined, unitCodes: ['X1', 'ZZ9'] }),
      400,
      'survey_campaign_unit_not_exist',
      'không có đơn vị ZZ9',
    );
    expect(unknownUnit.body.error.details.issues[0].path).toBe('unitCodes.1');
    await expectRefused(newCampaign({ code: 'N3', blockCode: 'NOBLOCK' }), 400, 'survey_campaign_block_unknown', 'không có khối NOBLOCK');
    await expectRefused(
      newCampaign({ code: 'N4', opensOn: '2025-12-01', closesOn: '2025-11-30' }),
      400,
      'survey_campaign_dates_order',
      'ngày kết thúc 30/11/2025 trước ngày bắt đầu 01/12/2025',
    );
    await expectRefused(
      newCampaign({ code: 'N5', year: 2026 }),
      400,
      'survey_campaign_date_outside_year',
      'ngày 01/03/2025 không thuộc năm 2026 của đợt khảo sát',
    );
    await expectRefused(newCampaign({ code: 'N6', opensOn: '2025-02-30' }), 400, 'not_a_date', 'phải là ngày dạng YYYY-MM-DD');
    await expectRefused(
      newCampaign({ code: 'N7', unitCodes: ['X1'] }),
      400,
      'survey_campaign_units_or_block',
      'chọn đơn vị theo khối hoặc chọn từng đơn vị, không cả hai',
    );
    await expectRefused(newCampaign({ code: 'N8', channels: ['qr', 'qr'] }), 400, 'survey_campaign_channel_twice', 'một kênh khảo sát được chọn hai lần');
    await expectRefused(newCampaign({ code: 'N9', channels: ['sms'] }), 400, 'not_one_of', 'phải là một trong: qr, link, kiosk, paper, import');
  });

  it('changes a campaign over its version only (If-Match), audited before/after', async () => {
    const first = await admin.get(`${BASE}/SIPAS-XA`);
    const version = first.body.version as number;
    expect(first.headers.get('etag')).toBe(`"${version}"`);
    const stale = await admin.patch(`${BASE}/SIPAS-XA`, { name: 'Đổi tên' }, { headers: { 'if-match': `"${version - 1}"` } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    const ok = await admin.patch(
      `${BASE}/SIPAS-XA`,
      { name: 'SIPAS 2025 — khối xã', closesOn: '2025-12-15', doubleEntry: false },
      { headers: { 'if-match': `"${version}"` } },
    );
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ name: 'SIPAS 2025 — khối xã', closesOn: '2025-12-15', doubleEntry: false, version: version + 1 });
    expect(ok.headers.get('etag')).toBe(`"${version + 1}"`);
    const again = await admin.patch(`${BASE}/SIPAS-XA`, { name: 'x' }, { headers: { 'if-match': `"${version}"` } });
    expect(again.status).toBe(409);
    const outside = await admin.patch(`${BASE}/SIPAS-XA`, { closesOn: '2026-01-10' });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details.issues).toMatchObject([{ path: 'closesOn', code: 'survey_campaign_date_outside_year' }]);
    const reversed = await admin.patch(`${BASE}/SIPAS-XA`, { opensOn: '2025-12-20' });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.reason).toBe('survey_campaign_dates_order');
    const update = (await auditRows('SIPAS-XA')).find((a) => a.action === 'update')!;
    expect(update.before).toMatchObject({ name: 'SIPAS 2025 khối xã', closesOn: '2025-11-30', doubleEntry: true });
    expect(update.after).toMatchObject({ name: 'SIPAS 2025 — khối xã', closesOn: '2025-12-15', doubleEntry: false });
  });

  it('sets a target, adds and removes units (not one with responses)', async () => {
    const set = await admin.sendAs(CampaignDetail, 'PUT', `${BASE}/SIPAS-XA/units/x2`, { target: 45 });
    expect(set.units.find((u) => u.unitCode === 'X2')).toMatchObject({ transactions: 32, suggestedTarget: 30, target: 45 });
    const unknown = await admin.put(`${BASE}/SIPAS-XA/units/SNV`, { target: 4 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.reason).toBe('survey_campaign_unit_unknown');
    const negative = await admin.put(`${BASE}/SIPAS-XA/units/X2`, { target: -1 });
    expect(negative.status).toBe(400);

    const added = await admin.sendAs(CampaignDetail, 'POST', `${BASE}/SIPAS-XA/units`, { unitCode: 'SCT' });
    expect(unitRows(added)).toContainEqual(['SCT', 3, 3, 3]);
    const twice = await admin.post(`${BASE}/SIPAS-XA/units`, { unitCode: 'SCT' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.reason).toBe('survey_campaign_unit_exists');
    const removed = await admin.request('DELETE', `${BASE}/SIPAS-XA/units/SCT`);
    expect(removed.status).toBe(200);
    expect(removed.body.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['X1', 'X2', 'X3']);
    const inUse = await admin.request('DELETE', `${BASE}/SIPAS-XA/units/X1`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.reason).toBe('survey_campaign_unit_has_responses');
    expect(reasonMessage('survey_campaign_unit_has_responses', inUse.body.error.params, 'vi')).toBe(
      'Không thể bỏ đơn vị X1 khỏi đợt khảo sát vì đã có phiếu hoặc đường dẫn cá nhân của đơn vị này',
    );
    expect((await auditRows('SIPAS-XA')).map((a) => a.action)).toEqual(['remove_unit', 'add_unit', 'set_target', 'update', 'create']);
  });

  it('issues personal links once, keeps only their hashes, lists them without tokens', async () => {
    const res = await admin.post(`${BASE}/SIPAS-XA/links`, { unitCode: 'X1', labels: ['Nguyễn Văn A', 'b@example.vn'] });
    expect(res.status, res.text).toBe(201);
    const issued = IssuedLinks.parse(res.body);
    expect(issued.items.map((l) => l.label)).toEqual(['Nguyễn Văn A', 'b@example.vn']);
    const tokens = issued.items.map((l) => /^\/s\/t\/([A-Za-z0-9_-]{32})$/.exec(l.url)![1]!);
    expect(new Set(tokens).size).toBe(2);
    expect(issued.csv.trim().split('\n')).toEqual([
      'label,group_code,unit_code,url',
      `Nguyễn Văn A,,X1,${issued.items[0]!.url}`,
      `b@example.vn,,X1,${issued.items[1]!.url}`,
    ]);
    const stored = await queryRows<{ token_hash: string; label: string }>(
      server.db,
      sql`select t.token_hash, t.label from survey_tokens t join survey_campaigns c on c.id = t.campaign_id where c.code = 'SIPAS-XA' order by t.id`,
    );
    expect(stored).toEqual(tokens.map((t, i) => ({ token_hash: createHash('sha256').update(t).digest('hex'), label: issued.items[i]!.label })));
    const everywhere = await queryRows<{ n: number }>(
      server.db,
      sql`select (select count(*) from survey_tokens where token_hash = ${tokens[0]!} or label = ${tokens[0]!})::int
               + (select count(*) from audit_log where before::text like ${`%${tokens[0]!}%`} or after::text like ${`%${tokens[0]!}%`})::int as n`,
    );
    expect(everywhere[0]!.n).toBe(0);

    const counted = await admin.post(`${BASE}/SIPAS-XA/links`, { unitCode: 'X2', count: 3 });
    expect(counted.status).toBe(201);
    expect(counted.body.items.map((l: { label: string | null }) => l.label)).toEqual([null, null, null]);
    await server.db.execute(
      sql`update survey_tokens set used_at = '2025-06-16T02:00:00Z' where token_hash = ${createHash('sha256').update(tokens[1]!).digest('hex')}`,
    );
    const list = await admin.getAs(LinkList, `${BASE}/SIPAS-XA/links`);
    expect(list.items.map((l) => [l.label, l.unitCode, l.groupCode, l.usedAt])).toEqual([
      ['Nguyễn Văn A', 'X1', null, null],
      ['b@example.vn', 'X1', null, '2025-06-16T02:00:00.000Z'],
      [null, 'X2', null, null],
      [null, 'X2', null, null],
      [null, 'X2', null, null],
    ]);
    expect(JSON.stringify(list)).not.toContain(tokens[0]!);
    expect((await auditRows('SIPAS-XA'))[0]).toMatchObject({ action: 'issue_links', after: { unit: 'X2', count: 3 } });

    const both = await admin.post(`${BASE}/SIPAS-XA/links`, { unitCode: 'X1', groupCode: 'G', count: 1 });
    expect(both.status).toBe(400);
    expect(both.body.error.details.issues.map((i: { code: string }) => i.code)).toEqual(['survey_links_group_or_unit']);
    const group = await admin.post(`${BASE}/SIPAS-XA/links`, { groupCode: 'G', count: 1 });
    expect(group.status).toBe(400);
    expect(group.body.error.reason).toBe('survey_links_need_unit');
    const outside = await admin.post(`${BASE}/SIPAS-XA/links`, { unitCode: 'SNV', count: 1 });
    expect(outside.status).toBe(400);
    expect(outside.body.error.reason).toBe('survey_campaign_unit_unknown');
    // A unit with personal links stays in the campaign.
    const withLinks = await admin.request('DELETE', `${BASE}/SIPAS-XA/units/X2`);
    expect(withLinks.status).toBe(409);
  });

  it('runs an officials’ campaign by respondent groups: its units are the union of the groups’ units', async () => {
    const created = await admin.post(BASE, newCampaign({ code: 'OFF-2025', templateCode: 'OFF', blockCode: undefined, channels: ['link'] }));
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ kind: 'officials', units: [], groups: [] });
    const g1 = await admin.sendAs(CampaignDetail, 'POST', `${BASE}/OFF-2025/groups`, { code: 'HDND', name: 'Đại biểu HĐND tỉnh', unitCodes: ['SNV', 'SCT'] });
    expect(unitRows(g1)).toEqual([
      ['SCT', 3, 3, 3],
      ['SNV', 20, 20, 20],
    ]);
    const g2 = await admin.sendAs(CampaignDetail, 'POST', `${BASE}/OFF-2025/groups`, { code: 'LDX', name: 'Lãnh đạo xã', unitCodes: ['SCT', 'X1'] });
    expect(g2.units.map((u) => u.unitCode)).toEqual(['SCT', 'SNV', 'X1']);
    expect(g2.groups).toEqual([
      { code: 'HDND', name: 'Đại biểu HĐND tỉnh', unitCodes: ['SCT', 'SNV'], linksIssued: 0, linksUsed: 0 },
      { code: 'LDX', name: 'Lãnh đạo xã', unitCodes: ['SCT', 'X1'], linksIssued: 0, linksUsed: 0 },
    ]);
    const twice = await admin.post(`${BASE}/OFF-2025/groups`, { code: 'HDND', name: 'x', unitCodes: ['SNV'] });
    expect(twice.status).toBe(409);
    expect(twice.body.error.reason).toBe('survey_group_exists');
    const direct = await admin.post(`${BASE}/OFF-2025/units`, { unitCode: 'X2' });
    expect(direct.status).toBe(400);
    expect(direct.body.error.reason).toBe('survey_campaign_units_by_groups');

    const links = await admin.post(`${BASE}/OFF-2025/links`, { groupCode: 'HDND', labels: ['Đại biểu 1', 'Đại biểu 2'] });
    expect(links.status, links.text).toBe(201);
    expect(links.body.csv.split('\n')[1]).toBe(`Đại biểu 1,HDND,,${links.body.items[0].url}`);
    const noGroup = await admin.post(`${BASE}/OFF-2025/links`, { unitCode: 'SNV', count: 1 });
    expect(noGroup.body.error.reason).toBe('survey_links_need_group');

    const changed = await admin.sendAs(CampaignDetail, 'PUT', `${BASE}/OFF-2025/groups/HDND`, { unitCodes: ['SNV'] });
    expect(changed.units.map((u) => u.unitCode)).toEqual(['SCT', 'SNV', 'X1']);
    expect(changed.groups[0]).toEqual({ code: 'HDND', name: 'Đại biểu HĐND tỉnh', unitCodes: ['SNV'], linksIssued: 2, linksUsed: 0 });
    const deleted = await admin.request('DELETE', `${BASE}/OFF-2025/groups/LDX`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['SNV']);
    const gone = await admin.request('DELETE', `${BASE}/OFF-2025/groups/LDX`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.reason).toBe('survey_group_not_found');

    const sipasGroup = await admin.post(`${BASE}/SIPAS-XA/groups`, { code: 'G', name: 'x', unitCodes: ['X1'] });
    expect(sipasGroup.status).toBe(400);
    expect(sipasGroup.body.error.reason).toBe('survey_campaign_not_officials');
    expect((await auditRows('OFF-2025')).map((a) => a.action)).toEqual([
      'delete_group',
      'update_group',
      'issue_links',
      'create_group',
      'create_group',
      'create',
    ]);
  });

  it('closes a campaign once (confirmed in the UI), and a closed one issues no links', async () => {
    const closed = await admin.sendAs(CampaignDetail, 'POST', `${BASE}/SIPAS-XA/close`, {});
    expect(closed).toMatchObject({ state: 'closed', closedAt: '2025-06-15T03:00:00.000Z', can: { close: false, issueLinks: false, enterPaper: false } });
    const again = await admin.post(`${BASE}/SIPAS-XA/close`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.reason).toBe('survey_campaign_already_closed');
    const links = await admin.post(`${BASE}/SIPAS-XA/links`, { unitCode: 'X1', count: 1 });
    expect(links.status).toBe(409);
    expect((await auditRows('SIPAS-XA'))[0]).toMatchObject({ action: 'close', before: { closedAt: null }, after: { closedAt: '2025-06-15T03:00:00.000Z' } });
    expect((await admin.getAs(CampaignList, `${BASE}?year=2025`)).items.find((c) => c.code === 'SIPAS-XA')!.state).toBe('closed');
  });
});
