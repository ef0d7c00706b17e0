import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../src/cli/main.js';
import { type Database, openDatabase, queryRows } from '../src/db/client.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { openTestDatabase, type TestDatabase } from './helpers/database.js';

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'parindex.js');
const SAMPLE = path.resolve(import.meta.dirname, '../../shared/samples/framework-departments-2025.json');

function run(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, PATH: process.env.PATH, HOME: process.env.HOME }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end('');
  });
}

let workDir: string;
let serverDb: TestDatabase | null = null;
let env: Record<string, string | undefined>;

/** Opens the CLI's database from the test while no command runs. */
async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  if (serverDb) return fn(serverDb.database);
  const database = await openDatabase({ kind: 'pglite', dataDir: path.join(workDir, 'data', 'pglite') });
  try {
    await database.migrate();
    return await fn(database);
  } finally {
    await database.close();
  }
}

const frameworkCount = () => withDb(async ({ db }) => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from frameworks`))[0]!.n);

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-cli-fw-'));
  env = { PARINDEX_DATA_DIR: path.join(workDir, 'data'), LOG_LEVEL: 'silent' };
  if (process.env.DATABASE_URL) {
    serverDb = await openTestDatabase();
    env.DATABASE_URL = serverDb.url!;
  }
  const actor = systemActor('test:fixture');
  await withDb(async ({ db }) => {
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, 2025);
    for (const code of ['SNV', 'STP', 'VP', 'STC', 'STTTT']) await createUnit(db, actor, { code, name: `Sở ${code}`, blockCode: 'SO', year: 2025 });
  });
});
afterAll(async () => {
  await serverDb?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('parindex import/export framework', { timeout: 180_000 }, () => {
  it('has help for both commands', () => {
    const helpOf = (args: string[]) => {
      let out = '';
      const program = buildCli().exitOverride();
      const capture = (cmd: Command) => {
        cmd.configureOutput({ writeOut: (text) => (out += text), writeErr: (text) => (out += text) }).exitOverride();
        cmd.commands.forEach(capture);
      };
      capture(program);
      expect(() => program.parse(['node', 'parindex', ...args, '--help'])).toThrow(expect.objectContaining({ exitCode: 0 }));
      return out.replace(/\s+/g, ' ');
    };
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
    const imported = await run(['import', 'framework', SAMPLE, '--year', '2025', '--block', 'so'], env);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('framework imported: SO 2025 revision 1, 50 criteria, maximum 100, class bands from the file\n');

    const csvFile = path.join(workDir, 'so-2025.csv');
    const exported = await run(['export', 'framework', '--year', '2025', '--block', 'SO', '--format', 'csv', '--output', csvFile], env);
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
    const rejected = await run(['import', 'framework', bad, '--year', '2025', '--block', 'SO'], env);
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toBe('');
    expect(rejected.stderr).toContain('row 2, column max_points: max points 12.00 differ from the sum of its sub-criteria, 12.50');
    expect(await frameworkCount()).toBe(1);
  });

  it('holds a JSON file to --year, and writes no file for a revision that does not exist', async () => {
    const wrongYear = await run(['import', 'framework', SAMPLE, '--year', '2026', '--block', 'SO'], env);
    expect(wrongYear.code).toBe(1);
    expect(wrongYear.stderr).toContain('row 2, column year: the file says year 2025 but the import is for 2026');
    const output = path.join(workDir, 'r9.json');
    const missing = await run(['export', 'framework', '--year', '2025', '--block', 'SO', '--revision', '9', '--output', output], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: Framework of SO 2025 revision 9 not found');
    expect(fs.existsSync(output)).toBe(false);
    expect(await frameworkCount()).toBe(1);
  });
});
