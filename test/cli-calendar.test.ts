import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { cliWorkspace, type CliWorkspace, helpOf } from './helpers/cli.js';

let ws: CliWorkspace;
const file = (name: string, content: string) => {
  const p = path.join(ws.dir, name);
  fs.writeFileSync(p, content);
  return p;
};
const countDays = () => ws.withDb(async ({ db }) => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from calendar_days`))[0]!.n);

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-cal-');
});
afterAll(() => ws?.close());

describe('parindex import/export calendar', { timeout: 180_000 }, () => {
  it('has help for both commands', () => {
    const importHelp = helpOf(['import', 'calendar']).replace(/\s+/g, ' ');
    expect(importHelp).toContain('Usage: parindex import calendar [options] <file>');
    expect(importHelp).toContain('date,kind,name or date_from,date_to,kind,name');
    expect(importHelp).toContain('--confirm-movable');
    const exportHelp = helpOf(['export', 'calendar']).replace(/\s+/g, ' ');
    expect(exportHelp).toContain('--year <year>');
    expect(exportHelp).toMatch(/--format <format>.*"csv", "xlsx"/);
  });

  it('imports the 2025 schedule, says what it did, and exports it back', async () => {
    // Tết 2025: Sat 25 Jan – Sun 2 Feb (9 days); 2 May taken off and worked back on Saturday 26 April.
    const csv = file(
      'lich-2025.csv',
      [
        'date_from,date_to,kind,name',
        '2025-01-25,2025-02-02,holiday,Tết Nguyên đán',
        '2025-04-07,2025-04-07,holiday,Giỗ Tổ Hùng Vương',
        '2025-04-26,2025-04-26,workday,Làm bù cho thứ Sáu 02/5',
        '2025-05-02,2025-05-02,holiday,Nghỉ bù (hoán đổi)',
        '2025-09-01,2025-09-01,holiday,Quốc khánh',
      ].join('\n'),
    );
    const first = await ws.run(['import', 'calendar', csv]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      'calendar imported: 13 days (13 created, 0 updated, 0 unchanged)\n' +
        "  2025, set up now with the fixed-date holidays; movable holidays NOT confirmed yet (check Tết, Hùng Kings' day, 1 or 3 September; then confirm in the web app or re-import with --confirm-movable)\n",
    );
    // 13 from the file + the 4 fixed-date holidays.
    expect(await countDays()).toBe(17);

    const again = await ws.run(['import', 'calendar', csv, '--confirm-movable']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('calendar imported: 13 days (0 created, 0 updated, 13 unchanged)\n  2025; movable holidays confirmed\n');

    const output = path.join(ws.dir, 'out.csv');
    const exported = await ws.run(['export', 'calendar', '--year', '2025', '--output', output]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const rows = parse(fs.readFileSync(output, 'utf8')) as string[][];
    expect(rows[0]).toEqual(['date', 'kind', 'name']);
    expect(rows).toHaveLength(18);
    expect(rows[1]).toEqual(['2025-01-01', 'holiday', 'Tết Dương lịch']);
    expect(rows[2]).toEqual(['2025-01-25', 'holiday', 'Tết Nguyên đán']);
    expect(rows.find((r) => r[0] === '2025-04-26')).toEqual(['2025-04-26', 'workday', 'Làm bù cho thứ Sáu 02/5']);
    const stdout = await ws.run(['export', 'calendar', '--year', '2025']);
    expect(stdout.stdout).toBe(fs.readFileSync(output, 'utf8'));
  });

  it('rejects a bad file with line numbers and exit code 1, writing nothing', async () => {
    const before = await countDays();
    const bad = file('bad.csv', ['date,kind,name', '2025-06-02,workday,Làm bù', '2025-06-31,holiday,X', '2025-06-07,nghỉ,Y'].join('\n'));
    const res = await ws.run(['import', 'calendar', bad]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe(
      'error: Calendar import rejected: 3 error(s), nothing was written\n' +
        '  row 2, column kind: 2025-06-02 is a Monday, already a working day; a make-up working day must be a Saturday or Sunday\n' +
        '  row 3, column date: "2025-06-31" is not a date (YYYY-MM-DD or DD/MM/YYYY)\n' +
        '  row 4, column kind: unknown kind "nghỉ"; use holiday or workday\n',
    );
    expect(await countDays()).toBe(before);
    const missing = await ws.run(['import', 'calendar', path.join(ws.dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('File not found');
    const badYear = await ws.run(['export', 'calendar', '--year', '25']);
    expect(badYear.code).toBe(1);
    expect(badYear.stderr).toBe('error: must be at least 1990\n  --year: must be at least 1990\n');
    const notAYear = await ws.run(['export', 'calendar', '--year', 'năm nay']);
    expect(notAYear.code).toBe(1);
    expect(notAYear.stderr).toBe('error: has the wrong type (expected number)\n  --year: has the wrong type (expected number)\n');
  });

  it('speaks Vietnamese with --lang vi: a bad --year, a missing file, a file over the size limit', async () => {
    const badYear = await ws.run(['--lang', 'vi', 'export', 'calendar', '--year', '2101']);
    expect(badYear.code).toBe(1);
    expect(badYear.stderr).toBe('lỗi: không được vượt quá 2100\n  --year: không được vượt quá 2100\n');
    const nope = path.join(ws.dir, 'khong-co.csv');
    const missing = await ws.run(['--lang', 'vi', 'import', 'calendar', nope]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`lỗi: Không tìm thấy tệp: ${nope}\n`);
    // A sparse file of 64 MB + 1 byte: refused from its size, never read.
    const big = path.join(ws.dir, 'lon.csv');
    fs.writeFileSync(big, 'date,kind,name\n');
    fs.truncateSync(big, 64 * 1024 * 1024 + 1);
    const tooBig = await ws.run(['--lang', 'vi', 'import', 'calendar', big]);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toBe(`lỗi: Tệp lớn hơn giới hạn 64 MB\n  ${big}: Tệp lớn hơn giới hạn 64 MB\n`);
    const tooBigEn = await ws.run(['import', 'calendar', big]);
    expect(tooBigEn.stderr).toBe(`error: The file is larger than the limit of 64 MB\n  ${big}: The file is larger than the limit of 64 MB\n`);
    fs.rmSync(big);
  });
});
