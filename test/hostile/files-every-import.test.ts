import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, queryRows } from '../../src/db/client.js';
import { cliWorkspace, type CliWorkspace } from '../helpers/cli.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';
import { cellBomb, columnBomb } from '../io/xlsx-fixtures.js';

/**
 * The bad-file corpus against every tabular import, over HTTP and through the CLI: each file is refused (400
 * import_rejected, or exit 1) naming the row, and the column where there is one, and nothing at all is written.
 * test/hostile/files-import.test.ts measures the memory of the same bombs at full size.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-every-import-'));

interface Target {
  name: string;
  header: string[];
  /** A good second row, so the bad content sits on row 3 or 4. */
  good: string[];
  http: string;
  cli: string[];
}

const TARGETS: Target[] = [
  { name: 'blocks', header: ['code', 'name'], good: ['BK1', 'Khối một'], http: '/api/v1/blocks/import', cli: ['import', 'blocks'] },
  {
    name: 'units',
    header: ['code', 'name', 'block', 'parent_code'],
    good: ['U1', 'Xã Một', 'XA', ''],
    http: `/api/v1/units/import?year=${TEST_YEAR}`,
    cli: ['import', 'units'],
  },
  {
    name: 'framework',
    header: ['code', 'title', 'max_points', 'method', 'evidence_required', 'appraiser', 'guidance', 'formula'],
    good: ['1', 'Chỉ đạo điều hành', '10', 'manual', 'no', '', '', ''],
    http: `/api/v1/frameworks/import?year=2026&block=SO&name=B%E1%BB%99`,
    cli: ['import', 'framework', '--year', '2026', '--block', 'SO', '--name', 'Bộ'],
  },
  {
    name: 'scores',
    header: ['unit_code', 'criterion_code', 'self_score', 'appraised_score', 'council_score', 'not_applicable'],
    good: ['SCT', '1.1', '3', '', '', ''],
    http: `/api/v1/scores/import?year=${TEST_YEAR}&block=SO`,
    cli: ['import', 'scores', '--year', String(TEST_YEAR), '--block', 'SO'],
  },
  {
    name: 'calendar',
    header: ['date', 'kind', 'name'],
    good: ['2025-09-02', 'holiday', 'Quốc khánh'],
    http: '/api/v1/calendar/import',
    cli: ['import', 'calendar'],
  },
  {
    name: 'procedures',
    header: ['code', 'name', 'field', 'unit_code', 'legal_days', 'internal_days', 'online_level', 'fee', 'published'],
    good: ['1.000001', 'Cấp phép', 'Công thương', 'SCT', '10', '7', 'full', '', 'yes'],
    http: '/api/v1/procedures/import',
    cli: ['import', 'procedures'],
  },
  {
    name: 'dossiers',
    header: ['code', 'unit_code', 'procedure_code', 'field', 'channel', 'received_at', 'due_at', 'resolved_at', 'returned_at', 'status'],
    good: ['HS-1', 'SCT', '1.000001', 'Công thương', 'online', '2025-03-03T08:00:00', '', '', '', 'received'],
    http: '/api/v1/dossiers/imports',
    cli: ['import', 'dossiers'],
  },
];

const NOT_UTF8 = 'the file is not UTF-8 text (save it as "CSV UTF-8")';
const TOO_LONG = 'the value is longer than 10,000 characters';

interface Case {
  file: string;
  /** The first row error expected (row, and column where the reader can name one). */
  first: { row: number; column?: string };
  message: string | RegExp;
}

/** Writes the corpus for one target's columns and says what each file must answer. */
async function corpus(target: Target): Promise<Case[]> {
  const at = (name: string) => path.join(dir, `${target.name}-${name}`);
  const csvLine = (cells: string[]) => cells.join(',');
  const head = `${csvLine(target.header)}\n${csvLine(target.good)}\n`;
  columnBomb(at('column-bomb.xlsx'), 3000, target.header);
  // 30 MB is enough to cross the 10,000-character cap; the full 300 MB bomb is measured in files-import.test.ts.
  cellBomb(at('cell-bomb.xlsx'), 30_000_000, target.header);
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('data').addRows([target.header, target.good]);
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  fs.writeFileSync(at('truncated.xlsx'), xlsx.subarray(0, Math.floor(xlsx.length * 0.6)));
  fs.writeFileSync(at('utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(head, 'utf16le')]));
  // Row 4 (after a second good row): "Xã" in Windows-1258, ã = 0xE3, in column B.
  const second = [...target.good];
  fs.writeFileSync(
    at('windows-1258.csv'),
    Buffer.concat([
      Buffer.from(`${head}${csvLine(second)}\n${target.good[0]},X`),
      Buffer.from([0xe3]),
      Buffer.from(`${',x'.repeat(target.header.length - 2)}\n`),
    ]),
  );
  fs.writeFileSync(at('nul.csv'), `${head}A\u00001${',x'.repeat(target.header.length - 1)}\n`);
  fs.writeFileSync(at('long-line.csv'), `${head}${target.good[0]},${'x'.repeat(10 * 1024 * 1024)}${',x'.repeat(target.header.length - 2)}\n`);
  fs.writeFileSync(at('png-named.csv'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), Buffer.alloc(200, 7)]));
  return [
    { file: at('column-bomb.xlsx'), first: { row: 3000, column: 'XFD' }, message: 'the sheet declares A1:XFD3000, beyond the limit of 200 columns' },
    { file: at('cell-bomb.xlsx'), first: { row: 2, column: 'B' }, message: TOO_LONG },
    { file: at('truncated.xlsx'), first: { row: 1 }, message: /^not a readable XLSX workbook/ },
    { file: at('utf16.csv'), first: { row: 1 }, message: 'the file is UTF-16 text; save it as "CSV UTF-8"' },
    { file: at('windows-1258.csv'), first: { row: 4, column: 'B' }, message: NOT_UTF8 },
    { file: at('nul.csv'), first: { row: 3, column: 'A' }, message: 'binary content: not a CSV or XLSX file' },
    { file: at('long-line.csv'), first: { row: 3, column: 'B' }, message: TOO_LONG },
    { file: at('png-named.csv'), first: { row: 1 }, message: /binary content|not UTF-8/ },
  ];
}

const cases = new Map<string, Case[]>();

/** Rows of every table an import may write, and of the audit log: equal before and after means nothing was written. */
async function footprint(db: Db) {
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select (select count(*) from blocks)::int as blocks, (select count(*) from units)::int as units,
      (select count(*) from unit_memberships)::int as memberships, (select count(*) from frameworks)::int as frameworks,
      (select count(*) from criteria)::int as criteria, (select count(*) from scores)::int as scores,
      (select count(*) from calendar_days)::int as calendar_days, (select count(*) from procedures)::int as procedures,
      (select count(*) from dossiers)::int as dossiers, (select count(*) from audit_log)::int as audit`,
  );
  return row!;
}

beforeAll(async () => {
  for (const target of TARGETS) cases.set(target.name, await corpus(target));
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('every import over HTTP refuses every bad file, naming the row, and writes nothing', () => {
  let server: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    server = await startTestServer();
    await seedOrganisation(server);
    admin = await server.loginAs('admin');
    // The scores import needs the year's framework of the block.
    const framework = await admin.post('/api/v1/frameworks', {
      year: TEST_YEAR,
      blockCode: 'SO',
      name: 'Bộ tiêu chí',
      classes: [{ label: 'Tốt', min: 0 }],
      criteria: [
        { code: '1', title: 'Chỉ đạo điều hành', maxPoints: 4, method: 'manual' },
        { code: '1.1', title: 'Kế hoạch', maxPoints: 4, method: 'manual' },
      ],
    });
    expect(framework.status, framework.text).toBe(201);
  });
  afterAll(() => server?.close());

  for (const target of TARGETS.filter((t) => t.http)) {
    it(`${target.name}: ${target.http.split('?')[0]}`, async () => {
      const before = await footprint(server.db);
      for (const c of cases.get(target.name)!) {
        const res = await admin.upload(target.http, fs.readFileSync(c.file), path.basename(c.file));
        const label = `${path.basename(c.file)}: ${res.text.slice(0, 300)}`;
        expect(res.status, label).toBe(400);
        expect(res.body.error.code, label).toBe('import_rejected');
        expect(res.body.error.details.rows[0], label).toMatchObject({
          ...c.first,
          message: typeof c.message === 'string' ? c.message : expect.stringMatching(c.message),
        });
        expect(res.text.length, label).toBeLessThan(4000);
      }
      expect(await footprint(server.db)).toEqual(before);
    });
  }
});

describe('every import command refuses a column bomb and a Windows-1258 file with exit 1, the row on stderr, nothing written', () => {
  let ws: CliWorkspace;
  beforeAll(async () => {
    ws = await cliWorkspace('parindex-every-import-cli-');
    const blocks = path.join(dir, 'seed-blocks.csv');
    fs.writeFileSync(blocks, 'code,name\nSO,Khối sở\nXA,Khối xã\n');
    expect((await ws.run(['import', 'blocks', blocks])).code).toBe(0);
    // The scores import needs the year's framework of the block.
    const framework = path.join(dir, 'seed-framework.csv');
    fs.writeFileSync(framework, 'code,title,max_points,method\n1,Chỉ đạo điều hành,4,manual\n1.1,Kế hoạch,4,manual\n');
    const imported = await ws.run(['import', 'framework', framework, '--year', String(TEST_YEAR), '--block', 'SO', '--name', 'Bộ tiêu chí']);
    expect(imported.code, imported.stderr).toBe(0);
  }, 120_000);
  afterAll(() => ws?.close());

  for (const target of TARGETS) {
    it(`parindex ${target.cli.slice(0, 2).join(' ')}`, async () => {
      const before = await ws.withDb((database) => footprint(database.db));
      for (const c of cases.get(target.name)!.filter((x) => /column-bomb|windows-1258/.test(x.file))) {
        const [verb, what, ...options] = target.cli;
        const res = await ws.run([verb!, what!, c.file, ...options]);
        expect(res.code, res.stderr).toBe(1);
        // The dossier import counts lines ("line 3000"), the others rows.
        const where = `${target.name === 'dossiers' ? 'line' : 'row'} ${c.first.row}${c.first.column ? `, column ${c.first.column}` : ''}`;
        expect(res.stderr, `${path.basename(c.file)}: ${res.stderr}`).toContain(`${where}: ${c.message}`);
      }
      expect(await ws.withDb((database) => footprint(database.db))).toEqual(before);
    }, 120_000);
  }
});
