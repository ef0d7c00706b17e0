import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { cliWorkspace, type CliWorkspace } from '../helpers/cli.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';
import { cellBomb, columnBomb, manyRows } from '../io/xlsx-fixtures.js';

/**
 * The bad-file corpus of issue 9 against the units import (HTTP and CLI) and the dossier reader: each file is refused
 * with import_rejected naming the row (and the column where there is one), nothing is written, and reading it peaks
 * below 300 MB of RSS (measured in a child process that only reads, test/io/measure-read.ts: the CLI's own baseline
 * with PGlite is above that before any file is read).
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-hostile-files-'));
const file = (name: string) => path.join(dir, name);
const UNIT_HEADER = ['code', 'name', 'block', 'parent_code'];
const DOSSIER_HEADER = ['code', 'unit_code', 'procedure_code', 'field', 'channel', 'received_at', 'due_at', 'resolved_at', 'returned_at', 'status'];
const NOT_UTF8 = 'the file is not UTF-8 text (save it as "CSV UTF-8")';
const TOO_LONG = 'the value is longer than 10,000 characters';
const MILLION = 1_000_000;
/** Dossier rows in the streamed-to-the-end case (bench/import-memory.ts runs 1,000,000). */
const DOSSIER_ROWS = 200_000;

/** What reading each file must answer (the units import). */
const UNIT_CASES: { name: string; rows: unknown[] }[] = [
  { name: 'column-bomb.xlsx', rows: [{ row: 3000, column: 'XFD', message: 'the sheet declares A1:XFD3000, beyond the limit of 200 columns' }] },
  { name: 'column-bomb-nodim.xlsx', rows: [{ row: 2, column: 'XFD', message: 'column 16384 (XFD) is beyond the limit of 200 columns' }] },
  { name: 'cell-bomb.xlsx', rows: [{ row: 2, column: 'B', message: TOO_LONG }] },
  { name: 'million.xlsx', rows: [{ row: 100_002, message: 'more than 100,000 data rows; split the file' }] },
  { name: 'truncated.xlsx', rows: [{ row: 1, message: expect.stringMatching(/^not a readable XLSX workbook \(the ZIP directory is missing/) }] },
  { name: 'utf16.csv', rows: [{ row: 1, message: 'the file is UTF-16 text; save it as "CSV UTF-8"' }] },
  { name: 'windows-1258.csv', rows: [{ row: 4, column: 'B', message: NOT_UTF8 }] },
  { name: 'nul.csv', rows: [{ row: 3, column: 'A', message: 'binary content: not a CSV or XLSX file' }] },
  { name: 'long-line.csv', rows: [{ row: 3, column: 'B', message: TOO_LONG }] },
];

function measure(kind: 'table' | 'dossier', name: string) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'io', 'measure-read.ts'), kind, file(name)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as { maxRssMb: number; rows: number; error: { code: string; rows: unknown[] } | null };
}

let units: Buffer;

beforeAll(async () => {
  columnBomb(file('column-bomb.xlsx'), 3000, UNIT_HEADER);
  columnBomb(file('column-bomb-nodim.xlsx'), 3000, UNIT_HEADER, false);
  cellBomb(file('cell-bomb.xlsx'), 300_000_000, UNIT_HEADER);
  manyRows(file('million.xlsx'), MILLION, UNIT_HEADER, (r) => [`U${r}`, 'Xã', 'XA', '']);
  columnBomb(file('dossier-column-bomb.xlsx'), 3000, DOSSIER_HEADER);
  cellBomb(file('dossier-cell-bomb.xlsx'), 300_000_000, DOSSIER_HEADER);
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('units').addRows([UNIT_HEADER, ['HF-1', 'Xã Một', 'XA', '']]);
  units = Buffer.from(await workbook.xlsx.writeBuffer());
  fs.writeFileSync(file('truncated.xlsx'), units.subarray(0, Math.floor(units.length * 0.6)));
  const csv = `${UNIT_HEADER.join(',')}\nHF-1,Xã Một,XA,\n`;
  fs.writeFileSync(file('utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
  // "Xã Ba" in Windows-1258 (ã = 0xE3) on row 4.
  fs.writeFileSync(
    file('windows-1258.csv'),
    Buffer.concat([Buffer.from(`${UNIT_HEADER.join(',')}\nHF-1,Xa Mot,XA,\nHF-2,Xa Hai,XA,\nHF-3,X`), Buffer.from([0xe3]), Buffer.from(' Ba,XA,\n')]),
  );
  fs.writeFileSync(file('nul.csv'), `${UNIT_HEADER.join(',')}\nHF-1,Xã Một,XA,\nHF\u00002,Xã Hai,XA,\n`);
  fs.writeFileSync(file('long-line.csv'), `${UNIT_HEADER.join(',')}\nHF-1,Xã Một,XA,\nHF-2,${'x'.repeat(10 * 1024 * 1024)},XA,\n`);
  const dossierCsv = `${DOSSIER_HEADER.join(',')}\nHS-1,SNV,TT-1,Hộ tịch,online,2025-03-03T08:00:00,,,,received\n`;
  fs.writeFileSync(file('dossier-long-line.csv'), `${dossierCsv}HS-2,${'x'.repeat(10 * 1024 * 1024)}\n`);
  fs.writeFileSync(
    file('dossier-windows-1258.csv'),
    Buffer.concat([Buffer.from(`${dossierCsv}HS-2,SNV,TT-1,H`), Buffer.from([0xf4]), Buffer.from(' t?ch,online,2025-03-03T08:00:00,,,,received\n')]),
  );
  manyRows(file('dossier-rows.xlsx'), DOSSIER_ROWS, DOSSIER_HEADER, (r) => [
    `HS-${r}`,
    'SNV',
    'TT-1',
    'Hộ tịch',
    'online',
    '2025-03-03T08:00:00',
    '',
    '',
    '',
    'received',
  ]);
  fs.writeFileSync(file('renamed-csv.xlsx'), csv);
  fs.writeFileSync(file('renamed-xlsx.csv'), units);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('reading a hostile file takes bounded memory (child process, peak RSS < 300 MB)', () => {
  it.each(UNIT_CASES)('units: $name', ({ name, rows }) => {
    const result = measure('table', name);
    expect(result.error).toMatchObject({ code: 'import_rejected', rows, message: expect.any(String) });
    expect(result.maxRssMb).toBeLessThan(300);
  });

  it.each([
    { name: 'dossier-column-bomb.xlsx', rows: [{ row: 3000, column: 'XFD', message: 'the sheet declares A1:XFD3000, beyond the limit of 200 columns' }] },
    { name: 'dossier-cell-bomb.xlsx', rows: [{ row: 2, column: 'B', message: TOO_LONG }] },
    { name: 'dossier-long-line.csv', rows: [{ row: 3, column: 'B', message: TOO_LONG }] },
    { name: 'dossier-windows-1258.csv', rows: [{ row: 3, column: 'D', message: NOT_UTF8 }] },
  ])('dossiers: $name', ({ name, rows }) => {
    const result = measure('dossier', name);
    expect(result.error).toMatchObject({ code: 'import_rejected', rows });
    expect(result.maxRssMb).toBeLessThan(300);
  });

  it('dossiers: a 200,000-row XLSX is read to the end (no row limit) within the bound', () => {
    const result = measure('dossier', 'dossier-rows.xlsx');
    expect(result.error).toBeNull();
    expect(result.rows).toBe(DOSSIER_ROWS);
    expect(result.maxRssMb).toBeLessThan(300);
  }, 120_000);
});

describe('POST /api/v1/units/import refuses each file, naming the row, and writes nothing', () => {
  let server: TestServer;
  let admin: ApiClient;
  const route = `/api/v1/units/import?year=${TEST_YEAR}`;

  beforeAll(async () => {
    server = await startTestServer();
    await seedOrganisation(server);
    admin = await server.loginAs('admin');
  });
  afterAll(async () => {
    await server?.close();
  });

  const counts = async () => {
    const [list, audit] = await Promise.all([admin.get(`/api/v1/units?year=${TEST_YEAR}`), admin.get('/api/v1/audit?limit=1')]);
    return { units: list.body.items.length as number, audit: audit.body.total as number };
  };

  it.each(UNIT_CASES.filter((c) => c.name !== 'million.xlsx'))('$name', async ({ name, rows }) => {
    const before = await counts();
    const res = await admin.upload(route, fs.readFileSync(file(name)), name);
    expect(res.status, res.text.slice(0, 500)).toBe(400);
    expect(res.body.error.code).toBe('import_rejected');
    expect(res.body.error.details.rows).toMatchObject(rows);
    expect(res.text.length).toBeLessThan(2000);
    expect(await counts()).toEqual(before);
  });

  it('the content decides the format, not the name: a CSV named .xlsx and a workbook named .csv both import', async () => {
    const csv = await admin.upload(route, fs.readFileSync(file('renamed-csv.xlsx')), 'renamed.xlsx');
    expect(csv.status, csv.text).toBe(200);
    const xlsx = await admin.upload(route, fs.readFileSync(file('renamed-xlsx.csv')), 'renamed.csv');
    expect(xlsx.status, xlsx.text).toBe(200);
    expect(xlsx.body).toEqual({ created: 0, updated: 0, blocksCreated: 0 });
    expect((await admin.get(`/api/v1/units/HF-1?year=${TEST_YEAR}`)).body).toMatchObject({ name: 'Xã Một', blockCode: 'XA' });
  });
});

describe('parindex import units refuses each bomb with exit 1, the row and column on stderr, nothing written', () => {
  let ws: CliWorkspace;
  beforeAll(async () => {
    ws = await cliWorkspace('parindex-hostile-cli-');
    expect((await ws.run(['migrate'])).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await ws?.close();
  });

  it.each([
    { name: 'column-bomb.xlsx', line: '  row 3000, column XFD: the sheet declares A1:XFD3000, beyond the limit of 200 columns' },
    { name: 'cell-bomb.xlsx', line: `  row 2, column B: ${TOO_LONG}` },
    { name: 'million.xlsx', line: '  row 100002: more than 100,000 data rows; split the file' },
  ])(
    '$name',
    async ({ name, line }) => {
      const res = await ws.run(['import', 'units', file(name), '--year', String(TEST_YEAR)]);
      expect(res.code, res.stderr).toBe(1);
      expect(res.stderr.split('\n')).toContain(line);
      const count = await ws.withDb(async (database) => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from units`))[0]!.n);
      expect(count).toBe(0);
    },
    120_000,
  );
});
