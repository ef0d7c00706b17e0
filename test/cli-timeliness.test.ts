import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { cliWorkspace, type CliWorkspace, helpOf } from './helpers/cli.js';
import { insertTimelinessFixture, REPORT_2025_BY_FIELD_CSV, REPORT_2025_CSV, REPORT_HEADER } from './helpers/timeliness-fixtures.js';

// The same rollup rows and hand-computed figures as test/api/timeliness.test.ts (see the comment there).
let ws: CliWorkspace;

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-timeliness-');
  const actor = systemActor('test:fixture');
  await ws.withDb(async ({ db }) => {
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, 2025);
    await createBlock(db, actor, { code: 'HUYEN', name: 'Khối huyện' }, 2025);
    await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, 2025);
    await createUnit(db, actor, { code: 'SNV', name: 'Sở Nội vụ', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'H1', name: 'Huyện An Phú', blockCode: 'HUYEN', year: 2025 });
    await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', parentCode: 'H1', blockCode: 'XA', year: 2025 });
    await createUnit(db, actor, { code: 'X2', name: 'Xã Hòa Bình', parentCode: 'H1', blockCode: 'XA', year: 2025 });
    await insertTimelinessFixture(db);
  });
});
afterAll(() => ws?.close());

describe('parindex report timeliness', { timeout: 180_000 }, () => {
  it('has help naming the columns and options', () => {
    const help = helpOf(['report', 'timeliness']).replace(/\s+/g, ' ');
    expect(help).toContain('Usage: parindex report timeliness [options]');
    expect(help).toContain('unit_code,received,resolved,early,on_time,late,overdue_processing,on_time_rate');
    expect(help).toContain('--as-of <date>');
    expect(help).toMatch(/--by <grouping>.*"unit", "field"/);
    expect(help).toMatch(/--format <format>.*"csv", "xlsx", "json"/);
  });

  it('CSV on standard output (default D = 31 December for a past year), --by field, --unit, --as-of', async () => {
    const all = await ws.run(['report', 'timeliness', '--year', '2025']);
    expect(all.stderr).toBe('');
    expect(all.code).toBe(0);
    expect(all.stdout).toBe(REPORT_2025_CSV);

    const byField = await ws.run(['report', 'timeliness', '--year', '2025', '--by', 'field', '--format', 'csv']);
    expect(byField.stdout).toBe(REPORT_2025_BY_FIELD_CSV);

    // At 2026-01-01 the SNV dossier due 2025-12-31 is overdue, and X1's one resolved on 2026-01-02 still is.
    const snv = await ws.run(['report', 'timeliness', '--year', '2025', '--unit', 'snv', '--as-of', '2026-01-01']);
    expect(snv.stdout).toBe(`${REPORT_HEADER}\nSNV,20,17,9,4,4,3,76.47\n`);
    const x1 = await ws.run(['report', 'timeliness', '--year', '2025', '--unit', 'X1', '--as-of', '2026-01-01']);
    expect(x1.stdout).toBe(`${REPORT_HEADER}\nX1,9,9,3,3,3,1,66.67\n`);
  });

  it('JSON with the parameters, and XLSX read back', async () => {
    const json = await ws.run(['report', 'timeliness', '--year', '2025', '--unit', 'SCT', '--as-of', '2026-01-05', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      year: 2025,
      unit: 'SCT',
      as_of: '2026-01-05',
      by: 'unit',
      rows: [{ unit_code: 'SCT', received: 3, resolved: 0, early: 0, on_time: 0, late: 0, overdue_processing: 0, on_time_rate: null }],
    });

    const file = path.join(ws.dir, 'timeliness.xlsx');
    const xlsx = await ws.run(['report', 'timeliness', '--year', '2025', '--by', 'field', '--format', 'xlsx', '--output', file]);
    expect(xlsx.stderr).toBe('');
    expect(xlsx.stdout).toBe('');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    // The CLI's XLSX is the printed table of the API: title with the year and report date, Vietnamese headers, names.
    expect(String(sheet.getCell('A1').value)).toMatch(/^Báo cáo tình hình giải quyết hồ sơ TTHC năm 2025 — số liệu đến ngày \d{2}\/\d{2}\/\d{4}$/);
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => n >= 3 && rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      [
        'Mã đơn vị',
        'Đơn vị',
        'Lĩnh vực',
        'Tiếp nhận',
        'Đã giải quyết',
        'Trước hạn',
        'Đúng hạn',
        'Trễ hạn',
        'Quá hạn đang xử lý',
        'Tỷ lệ trước và đúng hạn (%)',
      ],
      ['H1', 'Huyện An Phú', 'Hộ tịch', 0, 0, 0, 0, 0, 5],
      ['SCT', 'Sở Công Thương', 'Công thương', 3, 0, 0, 0, 0, 3],
      ['SNV', 'Sở Nội vụ', 'Đất đai', 4, 3, 0, 1, 2, 0, 33.33],
      ['SNV', 'Sở Nội vụ', 'Hộ tịch', 16, 14, 9, 3, 2, 2, 85.71],
      ['X1', 'Xã Đồng Tâm', 'Hộ tịch', 9, 9, 3, 3, 3, 0, 66.67],
      ['X2', 'Xã Hòa Bình', 'Hộ tịch', 32, 32, 20, 11, 1, 0, 96.88],
    ]);
  });

  it('says what is wrong on stderr with a non-zero exit', async () => {
    const badDate = await ws.run(['report', 'timeliness', '--year', '2025', '--as-of', '2025-13-01']);
    expect(badDate.code).toBe(1);
    expect(badDate.stdout).toBe('');
    expect(badDate.stderr).toContain('  asOf: "2025-13-01" is not a calendar date');
    const unknown = await ws.run(['report', 'timeliness', '--year', '2025', '--unit', 'NOPE']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: Unit NOPE not found\n');
    // The options are read with the API's own query schema (GET /timeliness/report): what the API refuses, so does the CLI.
    const badUnit = await ws.run(['report', 'timeliness', '--year', '2025', '--unit', 'bad code!']);
    expect(badUnit.code).toBe(1);
    expect(badUnit.stdout).toBe('');
    expect(badUnit.stderr).toBe('error: has the wrong format\n  unit: has the wrong format\n');
    const slashDate = await ws.run(['report', 'timeliness', '--year', '2025', '--as-of', '31/12/2025', '--lang', 'en']);
    expect(slashDate.code).toBe(1);
    expect(slashDate.stderr).toContain('\n  asOf: must be a date YYYY-MM-DD');
    const badYear = await ws.run(['report', 'timeliness', '--year', '1900']);
    expect(badYear.code).toBe(1);
    expect(badYear.stderr).toContain('  year: ');
    const noYear = await ws.run(['report', 'timeliness']);
    expect(noYear.code).not.toBe(0);
    expect(noYear.stderr).toContain("required option '--year <year>' not specified");
  });
});

/*
 * End to end: dossiers imported from a hand-made CSV by `parindex import dossiers` (which fills the rollups),
 * then the report. Times without an offset are local (UTC+7); due times are given, so no calendar is needed.
 *   SNV received in 2025: D01 D02 D03 D06 D07 D08 = 6 (D04 was received 2024-12-30; D05 at 18:30Z on 31 December
 *       is 1 January 2026 local). Resolved in 2025: D01 early, D02 on time (16:00 on its due day), D03 late, D04
 *       early = 4 → (2 + 1) / 4 = 75.00. Overdue at 2025-12-31: D06 (due 30 December); not D07 (due on D itself),
 *       not D08 (withdrawn), not D03 (resolved in April).
 *   SCT: received D09 D10 D11 = 3; resolved in 2025 only D10, late: 17:30Z on 20 June is 00:30 on 21 June local,
 *       after its due date → 0 / 1 = 0.00. Overdue: D09 (resolved only in 2026); not D11 (rejected).
 *   X1: D12 received, unresolved, due 12 September → overdue, nothing resolved → empty rate.
 * By field: SNV Đất đai = D06 D07 received, D04 resolved early, D06 overdue → 100.00; SNV Hộ tịch = D01 D02 D03
 *   D08 received, 3 resolved, 2 in time → 66.67.
 */
const DOSSIERS_CSV = [
  'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status',
  'D01,SNV,PA,,online,2025-03-03T08:00,2025-03-10T17:00,2025-03-07T10:00,,resolved',
  'D02,SNV,PA,,direct,2025-03-04T08:00,2025-03-11T17:00,2025-03-11T16:00,,resolved',
  'D03,SNV,PA,,direct,2025-04-01T08:00,2025-04-08T17:00,2025-04-09T09:00,,resolved',
  'D04,SNV,PB,,online,2024-12-30T09:00,2025-01-06T17:00,2025-01-03T09:00,,resolved',
  'D05,SNV,PB,,direct,2025-12-31T18:30:00Z,2026-01-08T17:00,,,processing',
  'D06,SNV,PB,,direct,2025-12-20T08:00,2025-12-30T17:00,,,processing',
  'D07,SNV,PB,,direct,2025-12-22T08:00,2025-12-31T17:00,,,processing',
  'D08,SNV,PA,,direct,2025-11-03T08:00,2025-11-10T17:00,,,withdrawn',
  'D09,SCT,PC,,postal,2025-06-02T08:00,2025-06-20T17:00,2026-01-05T09:00,,resolved',
  'D10,SCT,PC,,direct,2025-06-03T08:00,2025-06-20T17:00,2025-06-20T17:30:00Z,,resolved',
  'D11,SCT,PC,,direct,2025-07-01T08:00,2025-07-05T17:00,,,rejected',
  'D12,X1,PD,,online,2025-09-09T08:00,2025-09-12T17:00,,,processing',
  '',
].join('\n');

describe('import dossiers, then report timeliness', { timeout: 300_000 }, () => {
  let e2e: CliWorkspace;
  beforeAll(async () => {
    e2e = await cliWorkspace('parindex-cli-timeliness-e2e-');
    const actor = systemActor('test:fixture');
    await e2e.withDb(async ({ db }) => {
      await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, 2025);
      await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, 2025);
      await createUnit(db, actor, { code: 'SNV', name: 'Sở Nội vụ', blockCode: 'SO', year: 2025 });
      await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year: 2025 });
      await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', blockCode: 'XA', year: 2025 });
      for (const [code, field, unit] of [
        ['PA', 'Hộ tịch', 'SNV'],
        ['PB', 'Đất đai', 'SNV'],
        ['PC', 'Công thương', 'SCT'],
        ['PD', 'Chứng thực', 'X1'],
      ] as const) {
        await db.execute(sql`insert into procedures (code, name, search_key, field, unit_id, legal_days, internal_days, online_level)
          select ${code}, ${`Thủ tục ${code}`}, ${code.toLowerCase()}, ${field}, id, 5, 5, 'partial' from units where code = ${unit}`);
      }
    });
  });
  afterAll(() => e2e?.close());

  it('gives the exact report bytes, by unit and by field', async () => {
    const file = path.join(e2e.dir, 'dossiers.csv');
    fs.writeFileSync(file, DOSSIERS_CSV);
    const imported = await e2e.run(['import', 'dossiers', file]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);

    const byUnit = await e2e.run(['report', 'timeliness', '--year', '2025', '--format', 'csv']);
    expect(byUnit.stderr).toBe('');
    expect(byUnit.stdout).toBe([REPORT_HEADER, 'SCT,3,1,0,0,1,1,0.00', 'SNV,6,4,2,1,1,1,75.00', 'X1,1,0,0,0,0,1,', ''].join('\n'));

    const byField = await e2e.run(['report', 'timeliness', '--year', '2025', '--by', 'field']);
    expect(byField.stdout).toBe(
      [
        'unit_code,field,received,resolved,early,on_time,late,overdue_processing,on_time_rate',
        'SCT,Công thương,3,1,0,0,1,1,0.00',
        'SNV,Đất đai,2,1,1,0,0,1,100.00',
        'SNV,Hộ tịch,4,3,1,1,1,0,66.67',
        'X1,Chứng thực,1,0,0,0,0,1,',
        '',
      ].join('\n'),
    );

    // On 2026-01-01 D07 (due 31 December) is overdue too; on 2026-01-05 SCT's D09 is resolved that day.
    const later = await e2e.run(['report', 'timeliness', '--year', '2025', '--as-of', '2026-01-05']);
    expect(later.stdout).toBe([REPORT_HEADER, 'SCT,3,1,0,0,1,0,0.00', 'SNV,6,4,2,1,1,2,75.00', 'X1,1,0,0,0,0,1,', ''].join('\n'));
  });
});
