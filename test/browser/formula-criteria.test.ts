import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../src/db/client';
import { blocks, criteria, dossierMonthlyRollups, frameworks, procedures, units } from '../../src/db/schema';
import { systemActor } from '../../src/modules/auth/actor';
import { createBlock } from '../../src/modules/blocks/service';
import { importScores } from '../../src/modules/results/scores-import';
import { createUnit } from '../../src/modules/units/service';
import { createUser } from '../../src/modules/users/service';
import { apiFromPage, launchBrowser, loginAs, shot, startServer, text, type Browser, type RunningServer } from './harness';

/*
 * The drill-down of formula criteria in the browser (docs/formula-criteria.md). Framework SO 2025, 9 points:
 *   1 (4) = 1.1 (4, manual); 2 (5) = 2.1 (3) onTimeRate >= 98 ? 3 : (onTimeRate >= 95 ? 1.5 : 0)
 *                                  + 2.2 (2) 2 * onlineShare / 100
 * SNV: 196/200 = 98.00 % → 3; 150/200 online = 75.00 % → 1.5; 1.1 = 4 → 8.5 / 9 = 94.44
 * SCT: 195/200 = 97.50 % → 1.5 computed, the appraised 2 replaces it; 40/100 online → 0.8; 1.1 = 3 → 5.8 / 9 = 64.44
 * VP:  no dossier: 2.1 and 2.2 not applicable; 1.1 = 4 → 4 / 4 = 100.00
 */
const PASSWORD = 'formula-browser-pass';
const actor = systemActor('test:formula-browser');
let dataDir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;

async function seed(dir: string) {
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  await database.migrate();
  const { db } = database;
  try {
    await createBlock(db, actor, { code: 'SO', name: 'Khối sở, ban, ngành' }, 2025);
    for (const [code, name] of [
      ['SNV', 'Sở Nội vụ'],
      ['SCT', 'Sở Công Thương'],
      ['VP', 'Văn phòng UBND tỉnh'],
    ]) {
      await createUnit(db, actor, { code: code!, name: name!, blockCode: 'SO', year: 2025 });
    }
    await createUser(db, actor, {
      username: 'formula.admin',
      displayName: 'Sở Nội vụ – tổ chức',
      role: 'admin',
      unitCode: null,
      password: PASSWORD,
      mustChangePassword: false,
    });
    const [block] = await db.select().from(blocks);
    const [fw] = await db
      .insert(frameworks)
      .values({
        year: 2025,
        blockId: block!.id,
        name: 'Bộ tiêu chí 2025',
        classes: [
          { label: 'Tốt', min: 90 },
          { label: 'Khá', min: 80 },
          { label: 'Trung bình', min: 70 },
          { label: 'Yếu', min: 0 },
        ],
      })
      .returning();
    const rows: [string, string, string, 'manual' | 'formula', string | null][] = [
      ['1', 'Chỉ đạo điều hành', '4', 'manual', null],
      ['1.1', 'Kế hoạch CCHC', '4', 'manual', null],
      ['2', 'Giải quyết thủ tục hành chính', '5', 'manual', null],
      ['2.1', 'Tỷ lệ hồ sơ giải quyết đúng hạn', '3', 'formula', 'onTimeRate >= 98 ? 3 : (onTimeRate >= 95 ? 1.5 : 0)'],
      ['2.2', 'Tỷ lệ hồ sơ tiếp nhận trực tuyến', '2', 'formula', '2 * onlineShare / 100'],
    ];
    await db
      .insert(criteria)
      .values(rows.map(([code, title, maxPoints, method, formula], position) => ({ frameworkId: fw!.id, code, title, maxPoints, method, formula, position })));
    const unitId = Object.fromEntries((await db.select().from(units)).map((u) => [u.code, u.id]));
    const procedure = async (unit: string) =>
      (
        await db
          .insert(procedures)
          .values({
            code: `P-${unit}`,
            name: 'Cấp giấy phép',
            searchKey: `p-${unit.toLowerCase()}`,
            field: 'Cấp phép',
            unitId: unitId[unit]!,
            legalDays: 10,
            internalDays: 7,
            onlineLevel: 'full',
          })
          .returning()
      )[0]!.id;
    const roll = (
      unit: string,
      procedureId: number,
      channel: 'direct' | 'online',
      month: string,
      c: { received?: number; resolved?: number; early?: number; onTime?: number; late?: number },
    ) => ({
      unitId: unitId[unit]!,
      field: 'Cấp phép',
      procedureId,
      channel,
      month,
      received: c.received ?? 0,
      resolved: c.resolved ?? 0,
      early: c.early ?? 0,
      onTime: c.onTime ?? 0,
      late: c.late ?? 0,
    });
    const snv = await procedure('SNV');
    const sct = await procedure('SCT');
    await db
      .insert(dossierMonthlyRollups)
      .values([
        roll('SNV', snv, 'direct', '2025-03-01', { received: 50, resolved: 200, early: 150, onTime: 46, late: 4 }),
        roll('SNV', snv, 'online', '2025-03-01', { received: 150 }),
        roll('SCT', sct, 'direct', '2025-04-01', { received: 60, resolved: 200, early: 100, onTime: 95, late: 5 }),
        roll('SCT', sct, 'online', '2025-04-01', { received: 40 }),
      ]);
    const file = [
      'unit_code,criterion_code,self_score,appraised_score,council_score,not_applicable',
      'SNV,1.1,4,,,',
      'SCT,1.1,3,,,',
      'SCT,2.1,,2,,',
      'VP,1.1,4,,,',
    ].join('\n');
    await importScores(db, actor, Buffer.from(file), 2025, 'SO');
  } finally {
    await database.close();
  }
}

describe('formula criteria in the results drill-down', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parindex-formula-'));
    await seed(dataDir);
    server = await startServer({ PARINDEX_DATA_DIR: dataDir });
    browser = await launchBrowser();
    page = browser.page;
    await loginAs(page, server.baseUrl, 'formula.admin', PASSWORD);
    expect((await apiFromPage(page, 'POST', '/results/publish', { json: { year: 2025, block: 'SO' } })).status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the formula, its inputs with what they were computed from, and the computed points', async () => {
    await page.goto(`${server.baseUrl}/results/2025/SO/SNV`);
    expect(await text(page.getByTestId('unit-index'))).toContain('94,44');
    const onTime = page.getByTestId('formula-2.1');
    expect(await text(onTime.getByTestId('formula-input-onTimeRate'))).toBe('onTimeRate = 98,00 % (196/200 hồ sơ giải quyết trước hạn, đúng hạn)');
    expect(await text(onTime.getByTestId('formula-computed'))).toBe('→ Điểm tính từ số liệu: 3,00');
    expect(await text(onTime)).toContain('Công thức: onTimeRate >= 98 ? 3 : (onTimeRate >= 95 ? 1.5 : 0)');
    const online = page.getByTestId('formula-2.2');
    expect(await text(online.getByTestId('formula-input-onlineShare'))).toBe('onlineShare = 75,00 % (150/200 hồ sơ tiếp nhận trực tuyến)');
    expect(await text(online.getByTestId('formula-computed'))).toBe('→ Điểm tính từ số liệu: 1,50');
    expect(await text(page.getByTestId('criterion-2'))).toContain('4,50 / 5,00');
    await shot(page, 'formula-criteria-snv');
  });

  it('says when the appraisal replaced the computed value, and in English', async () => {
    await page.goto(`${server.baseUrl}/results/2025/SO/SCT`);
    const onTime = page.getByTestId('formula-2.1');
    expect(await text(onTime.getByTestId('formula-input-onTimeRate'))).toBe('onTimeRate = 97,50 % (195/200 hồ sơ giải quyết trước hạn, đúng hạn)');
    expect(await text(onTime.getByTestId('formula-computed'))).toBe('→ Điểm tính từ số liệu: 1,50');
    expect(await text(onTime.getByTestId('formula-decided'))).toBe('Điểm thẩm định thay điểm tính');
    expect(await text(page.getByTestId('criterion-2.1'))).toContain('2,00 / 3,00');
    await page.evaluate(() => localStorage.setItem('parindex.lang', 'en'));
    await page.reload();
    expect(await text(page.getByTestId('formula-2.1').getByTestId('formula-decided'))).toBe('The appraised score replaces the computed one');
    expect(await text(page.getByTestId('formula-2.2').getByTestId('formula-input-onlineShare'))).toBe(
      'onlineShare = 40.00 % (40/100 dossiers received online)',
    );
    await page.evaluate(() => localStorage.setItem('parindex.lang', 'vi'));
  });

  it('a unit without dossiers: not applicable, with the reason, also at phone width', async () => {
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      await phone.context.addCookies(await browser.context.cookies());
      await phone.page.goto(`${server.baseUrl}/results/2025/SO/VP`);
      expect(await text(phone.page.getByTestId('unit-index'))).toContain('100,00');
      const onTime = phone.page.getByTestId('formula-2.1');
      expect(await text(onTime.getByTestId('formula-input-onTimeRate'))).toBe('onTimeRate: chưa có số liệu – đơn vị không giải quyết hồ sơ nào trong năm');
      expect(await text(onTime.getByTestId('formula-decided'))).toBe('Không áp dụng: không có số liệu để đo');
      await shot(phone.page, 'formula-criteria-vp-phone');
    } finally {
      await phone.close();
    }
  });
});
