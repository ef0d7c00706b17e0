import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { cliWorkspace, type CliWorkspace } from './helpers/cli.js';

let ws: CliWorkspace;
const HEADER = 'unit_code,code,title,date,proposal,procedure_code';

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-registers-');
  const actor = systemActor('test:fixture');
  await ws.withDb(async ({ db }) => {
    await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, 2026);
    await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', blockCode: 'XA', year: 2026 });
    await createUnit(db, actor, { code: 'X2', name: 'Xã Hòa Bình', blockCode: 'XA', year: 2026 });
  });
});
afterAll(() => ws?.close());

describe('parindex import register and export register', { timeout: 180_000 }, () => {
  it('refuses a bad file in Vietnamese, imports, exports and re-imports the export unchanged', async () => {
    const bad = path.join(ws.dir, 'bad.csv');
    fs.writeFileSync(bad, [HEADER, 'X1,RS-1,Rà soát thủ tục chứng thực,,abolish,2.000815', 'X9,RS-2,Rà soát,,merge,2.000816'].join('\n'));
    const refused = await ws.run(['--lang', 'vi', 'import', 'register', bad, '--register', 'procedure_reviews', '--year', '2026']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('dòng 3, cột unit_code: không có đơn vị X9');
    expect(refused.stderr).toContain('dòng 3, cột proposal: giá trị "merge" không hợp lệ, phải là một trong: abolish, simplify');

    const unknownKind = await ws.run(['import', 'register', bad, '--register', 'minutes', '--year', '2026']);
    expect(unknownKind.code).toBe(1);
    expect(unknownKind.stderr).toContain('register');

    // X1 proposes to abolish one procedure and simplify two; X2 to simplify one.
    const good = path.join(ws.dir, 'reviews.csv');
    fs.writeFileSync(
      good,
      [
        HEADER,
        'X1,RS-1,Rà soát thủ tục chứng thực,15/04/2026,abolish,2.000815',
        'X1,RS-2,Rà soát thủ tục hộ tịch,2026-05-02,simplify,1.001193',
        'X1,RS-3,Rà soát thủ tục đất đai,,simplify,1.004227',
        'X2,RS-1,Rà soát thủ tục người có công,,simplify,1.010801',
      ].join('\n'),
    );
    const imported = await ws.run(['import', 'register', good, '--register', 'procedure_reviews', '--year', '2026']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe('register procedure_reviews imported: 4 rows, 4 inserted, 0 updated, 0 unchanged\n');

    const csv = await ws.run(['export', 'register', '--register', 'procedure_reviews', '--year', '2026']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split('\n')).toEqual([
      HEADER,
      'X1,RS-1,Rà soát thủ tục chứng thực,15/04/2026,abolish,2.000815',
      'X1,RS-2,Rà soát thủ tục hộ tịch,02/05/2026,simplify,1.001193',
      'X1,RS-3,Rà soát thủ tục đất đai,,simplify,1.004227',
      'X2,RS-1,Rà soát thủ tục người có công,,simplify,1.010801',
    ]);

    const out = path.join(ws.dir, 'export.xlsx');
    const xlsx = await ws.run(['export', 'register', '--register', 'procedure_reviews', '--year', '2026', '--format', 'xlsx', '--out', out]);
    expect(xlsx.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(5);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['X1', 'RS-1', 'Rà soát thủ tục chứng thực', '15/04/2026', 'abolish', '2.000815']);

    const again = await ws.run(['import', 'register', out, '--register', 'procedure_reviews', '--year', '2026']);
    expect(again.stdout).toBe('register procedure_reviews imported: 4 rows, 0 inserted, 0 updated, 4 unchanged\n');
    fs.writeFileSync(
      good,
      fs.readFileSync(good, 'utf8').replace('X2,RS-1,Rà soát thủ tục người có công,,simplify', 'X2,RS-1,Rà soát thủ tục người có công,,abolish'),
    );
    const changed = await ws.run(['import', 'register', good, '--register', 'procedure_reviews', '--year', '2026']);
    expect(changed.stdout).toBe('register procedure_reviews imported: 4 rows, 0 inserted, 1 updated, 3 unchanged\n');
  });
});
