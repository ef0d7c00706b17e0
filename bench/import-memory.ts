/**
 * Peak memory and time of hostile import files: the column bomb (3,000 rows with a cell in column XFD), the cell bomb
 * (one 300 MB shared string in a ~300 KB workbook) and an N-row XLSX (default 1,000,000), against a units import and
 * a dossier import. For each: reading alone in a child process (test/io/measure-read.ts: readTable or the dossier
 * reader, what the server does with the upload) and the real command (`parindex import units|dossiers FILE`, peak RSS
 * from /usr/bin/time when present; with PGlite the command's own baseline is ~450 MB, on PostgreSQL much less).
 * Target: reading < 300 MB whatever the file.
 *
 *   npx tsx bench/import-memory.ts [--rows N] [--skip-cli]
 * DATABASE_URL selects PostgreSQL for the command (a scratch database is created and dropped); otherwise PGlite in a
 * temporary folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, dropDatabase } from '../src/db/admin.js';
import { cellBomb, columnBomb, manyRows } from '../test/io/xlsx-fixtures.js';

const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ROWS = Number(argValue('--rows') ?? 1_000_000);
const SKIP_CLI = process.argv.includes('--skip-cli');
const ROOT = path.resolve(import.meta.dirname, '..');
const UNIT_HEADER = ['code', 'name', 'block', 'parent_code'];
const DOSSIER_HEADER = ['code', 'unit_code', 'procedure_code', 'field', 'channel', 'received_at', 'due_at', 'resolved_at', 'returned_at', 'status'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-bench-memory-'));
const file = (name: string) => path.join(dir, name);

function generate() {
  const started = performance.now();
  columnBomb(file('units-column-bomb.xlsx'), 3000, UNIT_HEADER);
  cellBomb(file('units-cell-bomb.xlsx'), 300_000_000, UNIT_HEADER);
  manyRows(file('units-rows.xlsx'), ROWS, UNIT_HEADER, (r) => [`U${r}`, `Xã số ${r}`, 'XA', '']);
  columnBomb(file('dossiers-column-bomb.xlsx'), 3000, DOSSIER_HEADER);
  cellBomb(file('dossiers-cell-bomb.xlsx'), 300_000_000, DOSSIER_HEADER);
  manyRows(file('dossiers-rows.xlsx'), ROWS, DOSSIER_HEADER, (r) => [`HS-${r}`, 'NOUNIT', 'TT-1', 'Hộ tịch', 'online', '2025-03-03T08:00:00', '', '', '', 'received']);
  console.log(`files generated in ${((performance.now() - started) / 1000).toFixed(1)} s in ${dir}`);
}

const size = (name: string) => `${(fs.statSync(file(name)).size / 1024).toFixed(0)} KB`;

function readOnly(kind: 'table' | 'dossier', name: string) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'io', 'measure-read.ts'), kind, file(name)], { cwd: ROOT, encoding: 'utf8' });
  if (child.status !== 0) return { rss: 'crashed', seconds: '-', outcome: child.stderr.split('\n').slice(-3).join(' ').slice(0, 100) };
  const result = JSON.parse(child.stdout) as { maxRssMb: number; seconds: number; rows: number; error: { rows: { row: number; column?: string; message: string }[] } | null };
  const first = result.error?.rows[0];
  return {
    rss: `${result.maxRssMb} MB`,
    seconds: `${result.seconds.toFixed(1)} s`,
    outcome: first ? `refused: row ${first.row}${first.column ? ` col ${first.column}` : ''}: ${first.message.slice(0, 60)}` : `${result.rows} rows read`,
  };
}

function command(args: string[], env: Record<string, string>) {
  const time = fs.existsSync('/usr/bin/time');
  const started = performance.now();
  const child = time
    ? spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', process.execPath, path.join(ROOT, 'bin', 'parindex.js'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8' })
    : spawnSync(process.execPath, [path.join(ROOT, 'bin', 'parindex.js'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const rss = /MAXRSS (\d+)/.exec(child.stderr)?.[1];
  const detail = child.stderr.split('\n').find((l) => /^\s+(row|line) /.test(l))?.trim() ?? child.stdout.trim().split('\n').at(-1) ?? '';
  return { rss: rss ? `${Math.round(Number(rss) / 1024)} MB` : '?', seconds: `${seconds.toFixed(1)} s`, outcome: `exit ${child.status}: ${detail.slice(0, 70)}` };
}

async function main() {
  generate();
  const cases: [string, 'table' | 'dossier', string][] = [
    ['units', 'table', 'units-column-bomb.xlsx'],
    ['units', 'table', 'units-cell-bomb.xlsx'],
    ['units', 'table', 'units-rows.xlsx'],
    ['dossiers', 'dossier', 'dossiers-column-bomb.xlsx'],
    ['dossiers', 'dossier', 'dossiers-cell-bomb.xlsx'],
    ['dossiers', 'dossier', 'dossiers-rows.xlsx'],
  ];
  console.log('\nreading only (child process; what the server holds for an upload):');
  for (const [what, kind, name] of cases) {
    const r = readOnly(kind, name);
    console.log(`  ${what.padEnd(9)} ${name.padEnd(26)} ${size(name).padStart(9)}  peak ${r.rss.padStart(7)}  ${r.seconds.padStart(6)}  ${r.outcome}`);
  }
  if (SKIP_CLI) return;
  let env: Record<string, string> = { LOG_LEVEL: 'silent', PARINDEX_DATA_DIR: path.join(dir, 'data') };
  let drop = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `bench_memory_${process.pid}`;
    const url = await createDatabase(process.env.DATABASE_URL, name);
    env = { ...env, DATABASE_URL: url };
    drop = () => dropDatabase(process.env.DATABASE_URL!, name);
  }
  try {
    console.log(`\nthe command (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}):`);
    const migrate = command(['migrate'], env);
    console.log(`  migrate${' '.repeat(38)}peak ${migrate.rss.padStart(7)}  ${migrate.seconds.padStart(6)}  (the baseline)`);
    for (const [what, , name] of cases) {
      const r = command(what === 'units' ? ['import', 'units', file(name), '--year', '2025'] : ['import', 'dossiers', file(name)], env);
      console.log(`  ${what.padEnd(9)} ${name.padEnd(26)} ${size(name).padStart(9)}  peak ${r.rss.padStart(7)}  ${r.seconds.padStart(6)}  ${r.outcome}`);
    }
  } finally {
    await drop();
  }
}

try {
  await main();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
