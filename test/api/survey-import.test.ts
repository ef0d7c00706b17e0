import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { surveyResponses, units } from '../../src/db/schema.js';
import { campaignByCode } from '../../src/modules/surveys/campaigns.js';
import { ImportResult } from '../../src/modules/survey-entry/schemas.js';
import type { ApiClient } from '../helpers/client.js';
import { seedCampaign } from '../helpers/survey-entry-fixtures.js';
import { seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: ApiClient;

const importUrl = (code: string) => `/api/v1/surveys/campaigns/${code}/responses/import`;
const exportUrl = (code: string, query = '') => `/api/v1/surveys/campaigns/${code}/responses/export${query}`;

async function stored(code: string) {
  const campaign = await campaignByCode(server.db, code);
  return server.db
    .select({
      id: surveyResponses.id,
      externalId: surveyResponses.externalId,
      unitId: surveyResponses.unitId,
      source: surveyResponses.source,
      answers: surveyResponses.answers,
      ratings: surveyResponses.ratings,
      updatedAt: surveyResponses.updatedAt,
    })
    .from(surveyResponses)
    .where(eq(surveyResponses.campaignId, campaign.id))
    .orderBy(asc(surveyResponses.id));
}

const auditCount = async () =>
  (await queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from audit_log where entity_type = 'survey_response'`))[0]!.n;

async function downloadBuffer(url: string): Promise<Buffer> {
  const res = await fetch(server.baseUrl + url, { headers: { cookie: admin.cookie! } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const HEADER = 'response_id,unit_code,A1,P1,AGE,CH,NOTE';
const GOOD = [
  HEADER,
  'R1,SNV,5,4,u30,direct;online,Nhanh gọn',
  'R2,sct,3,,2,2,',
  `R3,X1,1,5,,,"=HYPERLINK(""http://x"")"`,
  '',
  'R4,SNV,,,,,-Thái độ chưa tốt',
].join('\n');

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  await seedCampaign(server.db, { code: 'I1', unitCodes: ['SNV', 'SCT', 'X1'], channels: ['qr', 'paper', 'import'] });
  await seedCampaign(server.db, { code: 'I2', unitCodes: ['SNV'], channels: ['qr'] });
  await seedCampaign(server.db, { code: 'IX', unitCodes: ['SNV', 'SCT'], channels: ['import'] });
  await seedCampaign(server.db, {
    code: 'IO',
    kind: 'officials',
    unitCodes: ['SNV', 'SCT', 'X1'],
    channels: ['import'],
    groups: [{ code: 'G1', name: 'Lãnh đạo sở', unitCodes: ['SNV', 'SCT'] }],
  });
}, 240_000);
afterAll(() => server?.close());

describe('import survey responses (CSV)', () => {
  it('imports a good file; the stored answers are the ones the file means', async () => {
    const res = await admin.upload(importUrl('I1'), GOOD, 'responses.csv');
    expect(res.status).toBe(200);
    expect(ImportResult.parse(res.body)).toEqual({ rows: 4, responses: 4, inserted: 4, replaced: 0, unchanged: 0 });
    const rows = await stored('I1');
    const unitIds = Object.fromEntries((await server.db.select().from(units)).map((u) => [u.code, u.id]));
    expect(rows.map(({ externalId, unitId, source, answers }) => ({ externalId, unitId, source, answers }))).toEqual([
      { externalId: 'R1', unitId: unitIds.SNV, source: 'import', answers: { A1: 5, P1: 4, AGE: 'u30', CH: ['direct', 'online'], NOTE: 'Nhanh gọn' } },
      // Option numbers: AGE 2 = a30, CH 2 = online; an empty cell is no answer.
      { externalId: 'R2', unitId: unitIds.SCT, source: 'import', answers: { A1: 3, AGE: 'a30', CH: ['online'] } },
      { externalId: 'R3', unitId: unitIds.X1, source: 'import', answers: { A1: 1, P1: 5, NOTE: '=HYPERLINK("http://x")' } },
      { externalId: 'R4', unitId: unitIds.SNV, source: 'import', answers: { NOTE: '-Thái độ chưa tốt' } },
    ]);
    const [audit] = await queryRows<{ action: string; entity_id: string; after: unknown }>(
      server.db,
      sql`select action, entity_id, after from audit_log where entity_type = 'survey_response' order by id desc limit 1`,
    );
    expect(audit).toEqual({ action: 'import', entity_id: 'I1', after: { rows: 4, responses: 4, inserted: 4, replaced: 0, unchanged: 0 } });
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await stored('I1');
    const res = await admin.upload(importUrl('I1'), GOOD, 'responses.csv');
    expect(res.body).toEqual({ rows: 4, responses: 4, inserted: 0, replaced: 0, unchanged: 4 });
    expect(await stored('I1')).toEqual(before);
  });

  it('a changed row replaces its response, the others stay', async () => {
    const before = await stored('I1');
    const changed = GOOD.replace('R2,sct,3,,2,2,', 'R2,SCT,4,5,a30,online,');
    const res = await admin.upload(importUrl('I1'), changed, 'responses.csv');
    expect(res.body).toEqual({ rows: 4, responses: 4, inserted: 0, replaced: 1, unchanged: 3 });
    const after = await stored('I1');
    expect(after.find((r) => r.externalId === 'R2')!.answers).toEqual({ A1: 4, P1: 5, AGE: 'a30', CH: ['online'] });
    expect(after.find((r) => r.externalId === 'R2')!.id).toBe(before.find((r) => r.externalId === 'R2')!.id);
    expect(after.filter((r) => r.externalId !== 'R2')).toEqual(before.filter((r) => r.externalId !== 'R2'));
  });

  it('refuses a bad file listing every bad row and column, and writes nothing', async () => {
    const bad = [
      `${HEADER},EXTRA`,
      'R10,SNV,6,,,,,x',
      'R11,SNV,5,,zz,,,',
      'R12,XYZ,5,,,,,',
      'R13,X2,5,,,,,',
      'R10,SCT,4,,,,,',
      ',SNV,4,,,,,',
      'R14,SNV,4,0,,direct;fax,,',
    ].join('\n');
    const before = { rows: await stored('I1'), audit: await auditCount() };
    const res = await admin.upload(importUrl('I1'), bad, 'bad.csv');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('import_rejected');
    const rows = res.body.error.details.rows.map((r: { row: number; column?: string; code: string; params?: Record<string, unknown> }) => ({
      row: r.row,
      column: r.column,
      code: r.code,
      params: r.params,
    }));
    expect(rows).toEqual([
      { row: 1, column: 'EXTRA', code: 'unknown_column', params: expect.objectContaining({ column: 'EXTRA' }) },
      { row: 2, column: 'A1', code: 'survey_scale_out_of_range', params: { question: 'A1', value: '6' } },
      { row: 3, column: 'AGE', code: 'survey_option_unknown', params: { question: 'AGE', value: 'zz' } },
      { row: 4, column: 'unit_code', code: 'survey_entry_unit_unknown', params: { unit: 'XYZ' } },
      { row: 5, column: 'unit_code', code: 'survey_campaign_unit_unknown', params: { unit: 'X2', campaign: 'I1' } },
      { row: 6, column: 'response_id', code: 'survey_import_id_repeated', params: { id: 'R10', row: 2 } },
      { row: 7, column: 'response_id', code: 'survey_import_id_empty', params: undefined },
      { row: 8, column: 'P1', code: 'survey_scale_out_of_range', params: { question: 'P1', value: '0' } },
      { row: 8, column: 'CH', code: 'survey_option_unknown', params: { question: 'CH', value: 'fax' } },
    ]);
    expect(await stored('I1')).toEqual(before.rows);
    expect(await auditCount()).toBe(before.audit);
  });

  it("refuses a campaign without the 'import' channel, and unit staff", async () => {
    const res = await admin.upload(importUrl('I2'), GOOD, 'responses.csv');
    expect(res.status).toBe(409);
    expect(res.body.error.reason).toBe('survey_entry_channel_off');
    const officer = await server.loginAs('unit_officer', 'SNV');
    expect((await officer.upload(importUrl('I1'), GOOD, 'responses.csv')).status).toBe(403);
  });

  it('refuses a file without its required columns', async () => {
    const res = await admin.upload(importUrl('I1'), 'response_id,A1\nR1,5', 'x.csv');
    expect(res.status).toBe(400);
    expect(res.body.error.details.rows).toEqual([expect.objectContaining({ row: 1, column: 'unit_code', code: 'missing_column' })]);
  });
});

describe('import survey responses (XLSX)', () => {
  it('reads numbers and texts from a workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('responses');
    sheet.addRow(['response_id', 'unit_code', 'A1', 'P1', 'AGE', 'CH', 'NOTE']);
    sheet.addRow(['X-1', 'SNV', 4, 5, 3, 'postal;direct', 'Rất hài lòng']);
    sheet.addRow([1002, 'sct', 2, null, 'o50', null, null]);
    const res = await admin.upload(importUrl('IX'), Buffer.from(await workbook.xlsx.writeBuffer()), 'responses.xlsx');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rows: 2, responses: 2, inserted: 2, replaced: 0, unchanged: 0 });
    const rows = await stored('IX');
    expect(rows.map((r) => [r.externalId, r.answers])).toEqual([
      ['X-1', { A1: 4, P1: 5, AGE: 'o50', CH: ['direct', 'postal'], NOTE: 'Rất hài lòng' }],
      ['1002', { A1: 2, AGE: 'o50' }],
    ]);
  });
});

describe('export survey responses', () => {
  it('exports in the import format (formulas neutralised) and re-imports unchanged, CSV and XLSX', async () => {
    // A paper form and a response collected online (no external id: exported as #<id>).
    expect((await admin.post('/api/v1/surveys/campaigns/I1/paper', { formNo: 'PAPER-1', unitCode: 'SCT', answers: { A1: 2, CH: ['postal'] } })).status).toBe(
      201,
    );
    const campaign = await campaignByCode(server.db, 'I1');
    const [snv] = await server.db.select().from(units).where(eq(units.code, 'SNV'));
    const [online] = await server.db
      .insert(surveyResponses)
      .values({
        campaignId: campaign.id,
        unitId: snv!.id,
        source: 'qr',
        status: 'submitted',
        answers: { A1: 4, P1: 4 },
        submittedAt: new Date('2025-03-04T02:05:06Z'),
      })
      .returning({ id: surveyResponses.id });
    await server.db.insert(surveyResponses).values({ campaignId: campaign.id, unitId: snv!.id, source: 'qr', status: 'draft', answers: { A1: 1 } });
    await server.db
      .update(surveyResponses)
      .set({ recheck: true })
      .where(and(eq(surveyResponses.campaignId, campaign.id), eq(surveyResponses.externalId, 'R1')));

    const csv = await downloadBuffer(exportUrl('I1', '?format=csv'));
    const records = parse(csv.toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual(['response_id', 'unit_code', 'source', 'submitted_at', 'recheck', 'A1', 'P1', 'AGE', 'CH', 'NOTE']);
    expect(records.map((r) => r.response_id)).toEqual(['R1', 'R2', 'R3', 'R4', 'PAPER-1', `#${online!.id}`]);
    expect(records[0]).toMatchObject({
      unit_code: 'SNV',
      source: 'import',
      recheck: 'true',
      A1: '5',
      P1: '4',
      AGE: 'u30',
      CH: 'direct;online',
      NOTE: 'Nhanh gọn',
    });
    // Text a spreadsheet would run gets an apostrophe (src/io/tabular.ts neutralise).
    expect(records[2]!.NOTE).toBe(`'=HYPERLINK("http://x")`);
    expect(records[3]!.NOTE).toBe(`'-Thái độ chưa tốt`);
    expect(records[5]).toMatchObject({ source: 'qr', submitted_at: '2025-03-04 09:05:06', recheck: 'false', A1: '4', P1: '4', AGE: '' });

    const before = await stored('I1');
    const again = await admin.upload(importUrl('I1'), csv, 'export.csv');
    expect(again.body).toEqual({ rows: 6, responses: 6, inserted: 0, replaced: 0, unchanged: 6 });
    const xlsx = await downloadBuffer(exportUrl('I1', '?format=xlsx'));
    const fromXlsx = await admin.upload(importUrl('I1'), xlsx, 'export.xlsx');
    expect(fromXlsx.body).toEqual({ rows: 6, responses: 6, inserted: 0, replaced: 0, unchanged: 6 });
    expect(await stored('I1')).toEqual(before);

    // #<id> updates the online response when the file changes it; an unknown #<id> is refused.
    const edited = csv.toString('utf8').replace(`#${online!.id},SNV,qr,2025-03-04 09:05:06,false,4,4`, `#${online!.id},SNV,qr,2025-03-04 09:05:06,false,3,4`);
    expect((await admin.upload(importUrl('I1'), edited, 'edited.csv')).body).toMatchObject({ replaced: 1, unchanged: 5 });
    const unknown = await admin.upload(importUrl('I1'), `${HEADER}\n#999999,SNV,5,,,,`, 'x.csv');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.rows).toEqual([expect.objectContaining({ row: 2, column: 'response_id', code: 'survey_import_id_unknown' })]);
  });

  it('writes option labels with values=labels, and limits unit staff to their unit', async () => {
    const csv = await downloadBuffer(exportUrl('I1', '?values=labels'));
    const records = parse(csv.toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(records[0]).toMatchObject({ response_id: 'R1', AGE: 'Dưới 30', CH: 'Trực tiếp; Trực tuyến' });

    const officer = await server.loginAs('unit_officer', 'SCT');
    const res = await officer.get(exportUrl('I1'));
    expect(res.status).toBe(200);
    const own = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(own.map((r) => r.response_id)).toEqual(['R2', 'PAPER-1']);
    expect((await officer.get(exportUrl('I1', '?unit=SNV'))).status).toBe(403);
  });
});

describe("officials' survey files", () => {
  const OFFICIALS_HEADER = 'response_id,group_code,rated_unit_code,ROLE,Q1,Q2';

  it('reads one row per response × rated unit, and round-trips through the export', async () => {
    const file = [OFFICIALS_HEADER, 'T1,G1,SNV,lead,A,B', 'T1,,SCT,lead,2,', 'T2,g1,SNV,2,D,4'].join('\n');
    const res = await admin.upload(importUrl('IO'), file, 'officials.csv');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rows: 3, responses: 2, inserted: 2, replaced: 0, unchanged: 0 });
    const rows = await stored('IO');
    expect(rows.map((r) => [r.externalId, r.unitId, r.answers, r.ratings])).toEqual([
      ['T1', null, { ROLE: 'lead' }, { SCT: { Q1: 'B' }, SNV: { Q1: 'A', Q2: 'B' } }],
      ['T2', null, { ROLE: 'staff' }, { SNV: { Q1: 'D', Q2: 'D' } }],
    ]);
    const csv = await downloadBuffer(exportUrl('IO'));
    expect(csv.toString('utf8').trim().split('\n')).toEqual([
      'response_id,group_code,rated_unit_code,source,submitted_at,recheck,ROLE,Q1,Q2',
      expect.stringMatching(/^T1,G1,SCT,import,[\d-]+ [\d:]+,false,lead,B,$/),
      expect.stringMatching(/^T1,G1,SNV,import,[\d-]+ [\d:]+,false,lead,A,B$/),
      expect.stringMatching(/^T2,G1,SNV,import,[\d-]+ [\d:]+,false,staff,D,D$/),
    ]);
    expect((await admin.upload(importUrl('IO'), csv, 'again.csv')).body).toEqual({ rows: 3, responses: 2, inserted: 0, replaced: 0, unchanged: 2 });

    // SCT's staff read and export the ratings of SCT only.
    const sct = await server.loginAs('unit_leader', 'SCT');
    const own = await sct.get(exportUrl('IO'));
    expect(own.text.trim().split('\n').slice(1)).toEqual([expect.stringMatching(/^T1,G1,SCT,import,[\d-]+ [\d:]+,false,lead,B,$/)]);
    const listed = await sct.get('/api/v1/surveys/campaigns/IO/responses');
    expect(listed.body.items.map((i: { externalId: string; ratings: unknown }) => [i.externalId, i.ratings])).toEqual([['T1', { SCT: { Q1: 'B' } }]]);
  });

  it('refuses scattered rows, units outside the group, a unit rated twice and profile answers that differ', async () => {
    const file = [
      OFFICIALS_HEADER,
      'T5,G1,SNV,lead,A,',
      'T6,G1,SNV,lead,A,',
      'T5,G1,SCT,lead,A,',
      'T7,G1,X1,lead,A,',
      'T8,G1,SNV,lead,A,',
      'T8,G1,SNV,staff,B,',
      'T9,G9,,lead,,',
    ].join('\n');
    const before = await stored('IO');
    const res = await admin.upload(importUrl('IO'), file, 'bad.csv');
    expect(res.status).toBe(400);
    expect(res.body.error.details.rows.map((r: { row: number; column: string; code: string }) => `${r.row} ${r.column} ${r.code}`)).toEqual([
      '4 response_id survey_import_id_not_grouped',
      '5 rated_unit_code survey_rated_unit_unknown',
      '7 ROLE survey_import_profile_differs',
      '7 rated_unit_code survey_import_rated_twice',
      '8 group_code survey_entry_group_unknown',
    ]);
    expect(await stored('IO')).toEqual(before);
  });
});
