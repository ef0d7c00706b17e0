import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../src/db/client.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { cliWorkspace, type CliWorkspace, helpOf as helpOfCommand } from './helpers/cli.js';
import { SAMPLE_FRAMEWORK } from './helpers/samples.js';

const SAMPLE = SAMPLE_FRAMEWORK;

let ws: CliWorkspace;
let workDir: string;
const run = (args: string[]) => ws.run(args);
const withDb = <T>(fn: (database: Database) => Promise<T>) => ws.withDb(fn);

const frameworkCount = () => withDb(async ({ db }) => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from frameworks`))[0]!.n);

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-fw-');
  workDir = ws.dir;
  const actor = systemActor('test:fixture');
  await withDb(async ({ db }) => {
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, 2025);
    for (const code of ['SNV', 'STP', 'VP', 'STC', 'STTTT']) await createUnit(db, actor, { code, name: `Sở ${code}`, blockCode: 'SO', year: 2025 });
  });
});
afterAll(() => ws?.close());

describe('parindex import/export framework', { timeout: 180_000 }, () => {
  it('has help for both commands', () => {
    const helpOf = (args: string[]) => helpOfCommand(args).replace(/\s+/g, ' ');
    const importHelp = helpOf(['import', 'framework']);
    expect(importHelp).toContain('Usage: parindex import framework [options] <file>');
    expect(importHelp).toContain('code,title,max_points,method,evidence_required,appraiser,guidance,formula');
    expect(importHelp).toContain('--year <year>');
    const exportHelp = helpOf(['export', 'framework']);
    expect(exportHelp).toContain('Usage: parindex export framework [options]');
    expect(exportHelp).toContain('--revision <n>');
    expect(exportHelp).toMatch(/--format <format>.*"json", "csv", "xlsx"/);
  });

  it('imports the sample, exports it as CSV, and rejects a broken CSV on stderr without writing', async () => {
    const imported = await run(['import', 'framework', SAMPLE, '--year', '2025', '--block', 'so']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('framework imported: SO 2025 revision 1, 50 criteria, maximum 100, class bands from the file\n');

    const csvFile = path.join(workDir, 'so-2025.csv');
    const exported = await run(['export', 'framework', '--year', '2025', '--block', 'SO', '--format', 'csv', '--output', csvFile]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const text = fs.readFileSync(csvFile, 'utf8');
    const [header, ...rows] = parse(text) as string[][];
    expect(header).toEqual(['code', 'title', 'max_points', 'method', 'evidence_required', 'appraiser', 'guidance', 'formula']);
    expect(rows.map((r) => r[0]).slice(0, 5)).toEqual(['1', '1.1', '1.1.1', '1.1.2', '1.2']);
    expect(rows[4]!.slice(2, 4)).toEqual(['2', 'manual']);

    // 1.2 from 2 to 2.5 points: field 1 (row 2) no longer equals its sub-criteria, 3 + 2.5 + 2 + 2 + 2 + 1 = 12.5.
    const bad = path.join(workDir, 'bad.csv');
    const lines = text.split('\n');
    lines[5] = lines[5]!.replace(',2,manual,', ',"2,5",manual,');
    fs.writeFileSync(bad, lines.join('\n'));
    const rejected = await run(['import', 'framework', bad, '--year', '2025', '--block', 'SO']);
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toBe('');
    expect(rejected.stderr).toContain('row 2, column max_points: max points 12.00 differ from the sum of its sub-criteria, 12.50');
    expect(await frameworkCount()).toBe(1);
  });

  it('holds a JSON file to --year, and writes no file for a revision that does not exist', async () => {
    const wrongYear = await run(['import', 'framework', SAMPLE, '--year', '2026', '--block', 'SO']);
    expect(wrongYear.code).toBe(1);
    expect(wrongYear.stderr).toContain('row 2, column year: the file says year 2025 but the import is for 2026');
    const output = path.join(workDir, 'r9.json');
    const missing = await run(['export', 'framework', '--year', '2025', '--block', 'SO', '--revision', '9', '--output', output]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: Framework of SO 2025 revision 9 not found');
    expect(fs.existsSync(output)).toBe(false);
    expect(await frameworkCount()).toBe(1);
  });

  it('loads a past year’s scores on the sample framework and exports the results', async () => {
    expect(helpOfCommand(['import', 'scores'])).toContain('unit_code,criterion_code,self_score,appraised_score,council_score');
    const scoresFile = path.join(workDir, 'scores-2025.csv');
    // The five formula criteria (14 points) have nothing to measure here, so they are not applicable for both.
    // SNV: 1.1.1 = 1 and 1.2 = 2, survey 9.1 and 9.2 not applicable → 3 of 100 − 20 − 14 = 66 → 4.545… → 4.55 %.
    // STP: 1.1.1 = 1 of 100 − 14 = 86 → 1.162… → 1.16 %. Both below 70: class "Yếu".
    fs.writeFileSync(
      scoresFile,
      [
        'unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable',
        'SNV,1.1.1,1,,,',
        'SNV,1.2,2,,,',
        'SNV,9.1,,,,yes',
        'SNV,9.2,,,,yes',
        'STP,1.1.1,1,,,',
      ].join('\n'),
    );
    const imported = await run(['import', 'scores', scoresFile, '--year', '2025', '--block', 'SO']);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe('scores imported for 2025 SO: 5 rows for 2 units, 5 changed\n');
    const exported = await run(['export', 'results', '--year', '2025', '--block', 'SO', '--format', 'csv']);
    expect(exported.stderr).toBe('');
    const [header, ...rows] = parse(exported.stdout) as string[][];
    expect(header!.slice(0, 8)).toEqual(['unit_code', 'unit_name', 'block', 'score', 'max_score', 'index', 'rank', 'class']);
    expect(rows.map((r) => r.slice(0, 8))).toEqual([
      ['SNV', 'Sở SNV', 'SO', '3.00', '66.00', '4.55', '1', 'Yếu'],
      ['STP', 'Sở STP', 'SO', '1.00', '86.00', '1.16', '2', 'Yếu'],
    ]);
    const bad = path.join(workDir, 'bad-scores.csv');
    fs.writeFileSync(bad, 'unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable\nSNV,1.1.1,5,,,\n');
    const rejected = await run(['import', 'scores', bad, '--year', '2025', '--block', 'SO']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('row 2, column self_score: 5 is outside 0–1.00 for criterion 1.1.1');
  });
});
