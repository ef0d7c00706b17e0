import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { cliWorkspace, type CliWorkspace, helpOf } from './helpers/cli.js';
import { seedCampaign } from './helpers/survey-entry-fixtures.js';

let ws: CliWorkspace;
const HEADER = 'response_id,unit_code,A1,P1,AGE,CH,NOTE';

const counts = () =>
  ws.withDb(async ({ db }) => ({
    responses: (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from survey_responses`))[0]!.n,
    audit: (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where entity_type = 'survey_response'`))[0]!.n,
  }));

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-survey-resp-');
  const actor = systemActor('test:fixture');
  await ws.withDb(async ({ db }) => {
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, 2025);
    await createUnit(db, actor, { code: 'SNV', name: 'Sở Nội vụ', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year: 2025 });
    await seedCampaign(db, { code: 'SIPAS-CLI', unitCodes: ['SNV', 'SCT'], channels: ['import'] });
  });
}, 240_000);
afterAll(() => ws?.close());

describe('parindex import/export survey-responses', { timeout: 420_000 }, () => {
  it('has help for both commands', () => {
    expect(helpOf(['import', 'survey-responses']).replace(/\s+/g, ' ')).toContain('response_id,unit_code,<question_code>');
    expect(helpOf(['export', 'survey-responses'])).toContain('--labels');
  });

  it('rejects a bad file in Vietnamese with rows and columns, exit code 1, writing nothing', async () => {
    const file = path.join(ws.dir, 'bad.csv');
    fs.writeFileSync(file, [HEADER, 'R1,SNV,6,,,,', 'R2,SXD,5,,,,', 'R3,SNV,5,,zz,,'].join('\n'));
    const before = await counts();
    const vi = await ws.run(['--lang', 'vi', 'import', 'survey-responses', file, '--campaign', 'SIPAS-CLI']);
    expect(vi.code).toBe(1);
    expect(vi.stdout).toBe('');
    expect(vi.stderr).toContain('dòng 2, cột A1: câu hỏi A1: 6 nằm ngoài thang điểm 1–5');
    expect(vi.stderr).toContain('dòng 3, cột unit_code: không có đơn vị SXD');
    expect(vi.stderr).toContain('dòng 4, cột AGE: câu hỏi AGE: không có phương án zz');
    expect(await counts()).toEqual(before);
  });

  it('imports, prints the summary, re-imports unchanged, and exports in the import format', async () => {
    const file = path.join(ws.dir, 'good.csv');
    fs.writeFileSync(file, [HEADER, 'R1,SNV,5,4,1,1;3,Tốt', 'R2,SCT,2,3,,,'].join('\n'));
    const run = await ws.run(['import', 'survey-responses', file, '--campaign', 'SIPAS-CLI']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('survey responses imported into SIPAS-CLI: 2 rows, 2 responses: 2 inserted, 0 replaced, 0 unchanged\n');
    const again = await ws.run(['import', 'survey-responses', file, '--campaign', 'SIPAS-CLI']);
    expect(again.stdout).toContain('0 inserted, 0 replaced, 2 unchanged');

    const out = path.join(ws.dir, 'export.csv');
    const exported = await ws.run(['export', 'survey-responses', '--campaign', 'SIPAS-CLI', '--out', out]);
    expect(exported.code).toBe(0);
    const records = parse(fs.readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r.response_id, r.unit_code, r.A1, r.AGE, r.CH, r.NOTE])).toEqual([
      ['R1', 'SNV', '5', 'u30', 'direct;postal', 'Tốt'],
      ['R2', 'SCT', '2', '', '', ''],
    ]);
    const reimport = await ws.run(['import', 'survey-responses', out, '--campaign', 'SIPAS-CLI']);
    expect(reimport.stdout).toContain('0 inserted, 0 replaced, 2 unchanged');

    const labels = await ws.run(['export', 'survey-responses', '--campaign', 'SIPAS-CLI', '--labels']);
    expect(labels.stdout).toContain('Dưới 30');
    const xlsx = path.join(ws.dir, 'export.xlsx');
    expect((await ws.run(['export', 'survey-responses', '--campaign', 'SIPAS-CLI', '--out', xlsx])).code).toBe(0);
    expect(fs.readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    const missing = await ws.run(['export', 'survey-responses', '--campaign', 'NOPE']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NOPE');
  });
});
