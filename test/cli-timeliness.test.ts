import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
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
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      ['unit_code', 'field', 'received', 'resolved', 'early', 'on_time', 'late', 'overdue_processing', 'on_time_rate'],
      ['H1', 'Hộ tịch', 0, 0, 0, 0, 0, 5, ''],
      ['SCT', 'Công thương', 3, 0, 0, 0, 0, 3, ''],
      ['SNV', 'Đất đai', 4, 3, 0, 1, 2, 0, 33.33],
      ['SNV', 'Hộ tịch', 16, 14, 9, 3, 2, 2, 85.71],
      ['X1', 'Hộ tịch', 9, 9, 3, 3, 3, 0, 66.67],
      ['X2', 'Hộ tịch', 32, 32, 20, 11, 1, 0, 96.88],
    ]);
  });

  it('says what is wrong on stderr with a non-zero exit', async () => {
    const badDate = await ws.run(['report', 'timeliness', '--year', '2025', '--as-of', '2025-13-01']);
    expect(badDate.code).toBe(1);
    expect(badDate.stdout).toBe('');
    expect(badDate.stderr).toContain('error: asOf: "2025-13-01" is not a calendar date');
    const unknown = await ws.run(['report', 'timeliness', '--year', '2025', '--unit', 'NOPE']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: Unit NOPE not found\n');
    const noYear = await ws.run(['report', 'timeliness']);
    expect(noYear.code).not.toBe(0);
    expect(noYear.stderr).toContain("required option '--year <year>' not specified");
  });
});
