import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { cliWorkspace, type CliWorkspace, helpOf } from './helpers/cli.js';

let ws: CliWorkspace;
const HEADER = 'code,name,field,unit_code,legal_days,internal_days,online_level,fee,published';

const counts = () =>
  ws.withDb(async ({ db }) => ({
    procedures: (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from procedures`))[0]!.n,
    audit: (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where entity_type = 'procedure'`))[0]!.n,
  }));

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-proc-');
  const actor = systemActor('test:fixture');
  await ws.withDb(async ({ db }) => {
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, 2025);
    await createUnit(db, actor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year: 2025 });
    await createUnit(db, actor, { code: 'STP', name: 'Sở Tư pháp', blockCode: 'SO', year: 2025 });
  });
});
afterAll(() => ws?.close());

describe('parindex import/export/report procedures', { timeout: 180_000 }, () => {
  it('has help for the three commands', () => {
    expect(helpOf(['import', 'procedures']).replace(/\s+/g, ' ')).toContain('code,name,field,unit_code,legal_days,internal_days,online_level,fee,published');
    expect(helpOf(['export', 'procedures'])).toContain('--unit <code>');
    expect(helpOf(['report', 'procedures']).replace(/\s+/g, ' ')).toMatch(/--format <format>.*"csv", "xlsx", "json"/);
  });

  it('rejects a bad file on stderr with rows and columns, writing nothing', async () => {
    const file = path.join(ws.dir, 'bad.csv');
    fs.writeFileSync(file, [HEADER, '1.1,Thủ tục,Lĩnh vực,SCT,5,9,full,,true', '1.2,Thủ tục,Lĩnh vực,SXD,5,5,full,,true'].join('\n'));
    const before = await counts();
    const run = await ws.run(['import', 'procedures', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error: Procedure import rejected: 2 error(s), nothing was written');
    expect(run.stderr).toContain('row 2, column internal_days: internal limit 9 days is longer than the legal limit 5 days');
    expect(run.stderr).toContain('row 3, column unit_code: unknown unit SXD');
    expect(await counts()).toEqual(before);
  });

  it('imports, re-imports idempotently, exports per unit and reports the figures', async () => {
    const file = path.join(ws.dir, 'procedures.csv');
    fs.writeFileSync(
      file,
      [
        HEADER,
        '2.000001,Cấp giấy phép bán lẻ rượu,Thương mại,SCT,10,6,toàn trình,"1.200.000",có',
        '2.000002,Đăng ký khuyến mại,Thương mại,SCT,5,5,mức 3,,có',
        '2.000003,Cấp phiếu lý lịch tư pháp,Lý lịch tư pháp,STP,10,7,một phần,200000,không',
      ].join('\n'),
    );
    const first = await ws.run(['import', 'procedures', file]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('procedures imported: 3 rows, 3 created, 0 updated, 0 unchanged\n');
    const again = await ws.run(['import', 'procedures', file]);
    expect(again.stdout).toBe('procedures imported: 3 rows, 0 created, 0 updated, 3 unchanged\n');
    expect(await counts()).toEqual({ procedures: 3, audit: 3 });

    const exported = await ws.run(['export', 'procedures', '--unit', 'sct']);
    expect(exported.code).toBe(0);
    expect(parse(exported.stdout, { columns: true })).toEqual([
      {
        code: '2.000001',
        name: 'Cấp giấy phép bán lẻ rượu',
        field: 'Thương mại',
        unit_code: 'SCT',
        legal_days: '10',
        internal_days: '6',
        online_level: 'full',
        fee: '1200000',
        published: 'true',
      },
      {
        code: '2.000002',
        name: 'Đăng ký khuyến mại',
        field: 'Thương mại',
        unit_code: 'SCT',
        legal_days: '5',
        internal_days: '5',
        online_level: 'partial',
        fee: '',
        published: 'true',
      },
    ]);
    const xlsxFile = path.join(ws.dir, 'all.xlsx');
    expect((await ws.run(['export', 'procedures', '--format', 'xlsx', '--output', xlsxFile])).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsxFile);
    expect(book.worksheets[0]!.rowCount).toBe(4);
    expect((book.worksheets[0]!.getRow(4).values as unknown[]).slice(1)).toEqual([
      '2.000003',
      'Cấp phiếu lý lịch tư pháp',
      'Lý lịch tư pháp',
      'STP',
      10,
      7,
      'partial',
      200000,
      'false',
    ]);

    // SCT: published 2, full 1, partial 1; cut 4/10 = 40 % and 0 → average 20.00; ≥ 30 %: 1 of 2 = 50.00.
    // STP: 1 procedure, unpublished: total 1, published 0, no figures. Province = SCT's published figures.
    const report = await ws.run(['report', 'procedures']);
    expect(report.stderr).toBe('');
    const rows: Record<string, string>[] = parse(report.stdout, { columns: true });
    expect(
      rows.map((r) => [r.unit_code, r.total, r.published, r.full, r.partial, r.none, r.cut, r.average_cut_percent, r.cut_at_least_30_share_percent]),
    ).toEqual([
      ['SCT', '2', '2', '1', '1', '0', '1', '20.00', '50.00'],
      ['STP', '1', '0', '0', '0', '0', '0', '', ''],
      ['TOTAL', '3', '2', '1', '1', '0', '1', '20.00', '50.00'],
    ]);
    const json = await ws.run(['report', 'procedures', '--format', 'json']);
    expect(JSON.parse(json.stdout).province).toMatchObject({ total: 3, published: 2, averageCutPercent: 20, fullSharePercent: 50 });
  });
});
