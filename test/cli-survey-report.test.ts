import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { cliWorkspace, type CliWorkspace, helpOf } from './helpers/cli.js';
import { readXlsx } from './helpers/documents.js';
import { seedSipasCampaign } from './helpers/survey-results-fixtures.js';

/*
 * `parindex report sipas` over the SIPAS fixture (test/helpers/survey-results-fixtures.ts), hand-computed:
 *   SCT: access 1 of 2 = 50.00, feedback 2 of 2 = 100.00, SIPAS (50 + 100) / 2 = 75.00; 2 responses
 *   SNV: access 4 of 5 = 80.00, procedure 2 of 3 = 66.67, civil_servant 2 of 2 = 100.00, result 2 of 3 = 66.67,
 *        feedback empty; SIPAS (80 + 66.666… + 100 + 66.666…) / 4 = 78.333… → 78.33; 3 responses (a draft not counted)
 *   X1: no responses → 0 and every index empty
 */

let ws: CliWorkspace;
const HEADER = 'unit_code,responses,access,procedure,civil_servant,result,feedback,sipas';
const EXPECTED = [HEADER, 'SCT,2,50.00,,,,100.00,75.00', 'SNV,3,80.00,66.67,100.00,66.67,,78.33', 'X1,0,,,,,,', ''].join('\n');

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-sipas-');
  const actor = systemActor('test:fixture');
  await ws.withDb(async ({ db }) => {
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, 2025);
    await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, 2025);
    await createUnit(db, actor, { code: 'SNV', name: 'Sở Nội vụ', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', blockCode: 'XA', year: 2025 });
    await seedSipasCampaign(db);
  });
});
afterAll(() => ws?.close());

describe('parindex report sipas', { timeout: 180_000 }, () => {
  it('has help naming the columns', () => {
    const help = helpOf(['report', 'sipas']).replace(/\s+/g, ' ');
    expect(help).toContain(HEADER);
    expect(help).toContain('--campaign <code>');
    expect(help).toMatch(/--format <format>.*"csv", "xlsx", "json"/);
  });

  it('writes one CSV row for every unit of the campaign, sorted by unit code', async () => {
    const run = await ws.run(['report', 'sipas', '--campaign', 'SIPAS-2025']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(EXPECTED);
  });

  it('writes JSON and XLSX to a file', async () => {
    const json = path.join(ws.dir, 'sipas.json');
    expect((await ws.run(['report', 'sipas', '--campaign', 'SIPAS-2025', '--format', 'json', '--out', json])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toEqual([
      { unit_code: 'SCT', responses: 2, access: 50, procedure: null, civil_servant: null, result: null, feedback: 100, sipas: 75 },
      { unit_code: 'SNV', responses: 3, access: 80, procedure: 66.67, civil_servant: 100, result: 66.67, feedback: null, sipas: 78.33 },
      { unit_code: 'X1', responses: 0, access: null, procedure: null, civil_servant: null, result: null, feedback: null, sipas: null },
    ]);
    const xlsx = path.join(ws.dir, 'sipas.xlsx');
    expect((await ws.run(['report', 'sipas', '--campaign', 'SIPAS-2025', '--format', 'xlsx', '--out', xlsx])).code).toBe(0);
    const { rowValues } = await readXlsx(fs.readFileSync(xlsx));
    expect(rowValues(1)).toEqual(HEADER.split(','));
    expect(rowValues(2)).toEqual(['SCT', 2, 50, '', '', '', 100, 75]);
    expect(rowValues(4)).toEqual(['X1', 0, '', '', '', '', '', '']);
  });

  it('refuses an unknown campaign and a bad format', async () => {
    const unknown = await ws.run(['report', 'sipas', '--campaign', 'NOPE']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('error: Survey campaign NOPE not found');
    const format = await ws.run(['report', 'sipas', '--campaign', 'SIPAS-2025', '--format', 'pdf']);
    expect(format.code).not.toBe(0);
    expect(format.stderr).toContain("argument 'pdf' is invalid");
  });
});
