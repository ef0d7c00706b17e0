/**
 * Peak memory and time of hostile import files: the column bomb (3,000 rows with a cell in column XFD), the cell bomb
 * (one 300 MB shared string in a ~300 KB workbook) and an N-row XLSX (default 1,000,000), against a units import and
 * a dossier import. For each: reading alone in a child process (test/io/measure-read.ts: readTable or the dossier
 * reader, what the server does with the upload) and the real command (`parindex import units|dossiers FILE`, peak RSS
 * from /usr/bin/time when present; with PGlite the command's own baseline is ~450 MB, on PostgreSQL much less).
 * Target: reading < 300 MB whatever the file.
 *
 *   npx tsx bench/import-memory.ts [--size small|full] [--rows N] [--cell-chars N] [--skip-cli]
 * Full (default): 1,000,000 rows and a 300,000,000-character cell; small (CI): 200 rows, the same cell (the bomb is
 * the point, and it is refused within a second). DATABASE_URL selects PostgreSQL for the command (a scratch database
 * is created and dropped); otherwise PGlite in a temporary folder. Exits 1 if a reader or a command crashes, or a
 * bomb is not refused. Figures: docs/performance.md.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, dropDatabase } from '../src/db/admin.js';
import { cellBomb, columnBomb, manyRows } from '../test/io/xlsx-fixtures.js';
import { benchFailure, benchOptions } from './lib.js';

const options = benchOptions({
  usage: 'npx tsx bench/import-memory.ts [--size small|full] [--rows N] [--cell-chars N] [--skip-cli]',
  numbers: { rows: { full: 1_000_000, small: 200 }, 'cell-chars': { full: 300_000_000, small: 300_000_000 } },
  flags: ['skip-cli'],
});
const ROWS = options.n.rows;
const CELL_CHARS = options.n['cell-chars'];
const SKIP_CLI = options.flag('skip-cli');
/** The target: reading any file stays under this peak RSS. */
const READ_TARGET_MB = 300;
const ROOT = path.resolve(import.meta.dirname, '..');
const UNIT_HEADER = ['code', 'name', 'block', 'parent_code'];
const DOSSIER_HEADER = ['code', 'unit_code', 'procedure_code', 'field', 'channel', 'received_at', 'due_at', 'resolved_at', 'returned_at', 'status'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-bench-memory-'));
const file = (name: string) => path.join(dir, name);

function generate() {
  const started = performance.now();
  columnBomb(file('units-column-bomb.xlsx'), 3000, UNIT_HEADER);
  cellBomb(file('units-cell-bomb.xlsx'), CELL_CHARS, UNIT_HEADER);
  manyRows(file('units-rows.xlsx'), ROWS, UNIT_HEADER, (r) => [`U${r}`, `Xã số ${r}`, 'XA', '']);
  columnBomb(file('dossiers-column-bomb.xlsx'), 3000, DOSSIER_HEADER);
  cellBomb(file('dossiers-cell-bomb.xlsx'), CELL_CHARS, DOSSIER_HEADER);
  manyRows(file('dossiers-rows.xlsx'), ROWS, DOSSIER_HEADER, (r) => [
    `HS-${r}`,
    'NOUNIT',
    'TT-1',
    'Hộ tịch',
    'online',
    '2025-03-03T08:00:00',
    '',
    '',
    '',
    'received',
  ]);
  console.log(`files generated in ${((performance.now() - started) / 1000).toFixed(1)} s in ${dir}`);
}

const size = (name: string) => `${(fs.statSync(file(name)).size / 1024).toFixed(0)} KB`;

function readOnly(kind: 'table' | 'dossier', name: string) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'io', 'measure-read.ts'), kind, file(name)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (child.status !== 0) {
    return {
      crashed: true,
      refused: false,
      rows: 0,
      rssMb: NaN,
      rss: 'crashed',
      seconds: '-',
      outcome: child.stderr.split('\n').slice(-3).join(' ').slice(0, 100),
    };
  }
  const result = JSON.parse(child.stdout) as {
    maxRssMb: number;
    seconds: number;
    rows: number;
    error: { rows: { row: number; column?: string; message: string }[] } | null;
  };
  const first = result.error?.rows?.[0];
  return {
    crashed: false,
    refused: result.error !== null,
    rows: result.rows,
    rssMb: result.maxRssMb,
    rss: `${result.maxRssMb} MB`,
    seconds: `${result.seconds.toFixed(1)} s`,
    outcome: first
      ? `refused: row ${first.row}${first.column ? ` col ${first.column}` : ''}: ${first.message.slice(0, 60)}`
      : result.error
        ? `refused: ${JSON.stringify(result.error).slice(0, 70)}`
        : `${result.rows} rows read`,
  };
}

function command(args: string[], env: Record<string, string>) {
  const time = fs.existsSync('/usr/bin/time');
  const started = performance.now();
  // English messages, so the refused row is found whatever the default language of the command.
  const childEnv = { ...process.env, ...env, PARINDEX_LANG: 'en' };
  const child = time
    ? spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', process.execPath, path.join(ROOT, 'bin', 'parindex.js'), ...args], { env: childEnv, encoding: 'utf8' })
    : spawnSync(process.execPath, [path.join(ROOT, 'bin', 'parindex.js'), ...args], { env: childEnv, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const rss = /MAXRSS (\d+)/.exec(child.stderr)?.[1];
  const refusedRow = child.stderr
    .split('\n')
    .find((l) => /^\s+(row|line) \d/.test(l))
    ?.trim();
  const detail =
    refusedRow ??
    (child.status === 0
      ? child.stdout.trim().split('\n').at(-1)
      : child.stderr
          .trim()
          .split('\n')
          .find((l) => !/^MAXRSS/.test(l))) ??
    '';
  return {
    status: child.status,
    // A refusal names its row; any other non-zero exit (a crash, a missing module, a signal) is the bench's failure.
    refused: child.status === 1 && refusedRow !== undefined,
    rssMb: rss ? Math.round(Number(rss) / 1024) : NaN,
    rss: rss ? `${Math.round(Number(rss) / 1024)} MB` : '?',
    seconds: `${seconds.toFixed(1)} s`,
    outcome: `exit ${child.status}: ${detail.slice(0, 70)}`,
  };
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
  const bomb = (name: string) => name.includes('bomb');
  console.log('\nreading only (child process; what the server holds for an upload):');
  let readPeak = 0;
  for (const [what, kind, name] of cases) {
    const r = readOnly(kind, name);
    console.log(`  ${what.padEnd(9)} ${name.padEnd(26)} ${size(name).padStart(9)}  peak ${r.rss.padStart(7)}  ${r.seconds.padStart(6)}  ${r.outcome}`);
    if (r.crashed) benchFailure(`reading ${name} crashed`);
    else if (bomb(name) && !r.refused) benchFailure(`reading ${name} was not refused`);
    else if (!bomb(name) && !r.refused && r.rows !== ROWS) benchFailure(`reading ${name} gave ${r.rows} rows, not ${ROWS}`);
    readPeak = Math.max(readPeak, r.rssMb || 0);
  }
  console.log(`reading: highest peak ${readPeak} MB (target < ${READ_TARGET_MB} MB: ${readPeak < READ_TARGET_MB ? 'met' : 'not met'})`);
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
    if (migrate.status !== 0) benchFailure(`parindex migrate: ${migrate.outcome}`);
    let commandPeak = 0;
    for (const [what, , name] of cases) {
      const r = command(what === 'units' ? ['import', 'units', file(name), '--year', '2025'] : ['import', 'dossiers', file(name)], env);
      console.log(`  ${what.padEnd(9)} ${name.padEnd(26)} ${size(name).padStart(9)}  peak ${r.rss.padStart(7)}  ${r.seconds.padStart(6)}  ${r.outcome}`);
      if (r.status !== 0 && !r.refused) benchFailure(`parindex import ${what} ${name} failed without naming a row: ${r.outcome}`);
      else if (bomb(name) && !r.refused) benchFailure(`parindex import ${what} ${name} was not refused`);
      commandPeak = Math.max(commandPeak, r.rssMb || 0);
    }
    console.log(`the command: highest peak ${commandPeak} MB, ratio ${(commandPeak / migrate.rssMb).toFixed(2)} to the migrate baseline (${migrate.rss})`);
  } finally {
    await drop();
  }
}

try {
  await main();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
