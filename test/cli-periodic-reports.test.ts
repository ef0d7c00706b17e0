import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodicReports, reportDeadlines, units } from '../src/db/schema.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { cliWorkspace, type CliWorkspace } from './helpers/cli.js';

/*
 * `parindex report periodic`: Q1 2026 due 15/04/2026. X1 submitted 14/04 (on time), X2 2026-04-15T17:30Z = 16/04 00:30
 * local (late), X3 nothing (not submitted).
 */
let ws: CliWorkspace;

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-reports-');
  const actor = systemActor('test:fixture');
  await ws.withDb(async ({ db }) => {
    await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, 2026);
    for (const [code, name] of [
      ['X1', 'Xã Đồng Tâm'],
      ['X2', 'Xã Hòa Bình'],
      ['X3', 'Xã Tân Lập'],
    ] as const)
      await createUnit(db, actor, { code, name, blockCode: 'XA', year: 2026 });
    const ids = new Map((await db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
    await db.insert(reportDeadlines).values({ year: 2026, period: 'q1', dueOn: '2026-04-15' });
    await db.insert(periodicReports).values([
      { unitId: ids.get('X1')!, year: 2026, period: 'q1', documentNo: '5/BC-X1', submittedAt: new Date('2026-04-14T09:00:00+07:00') },
      { unitId: ids.get('X2')!, year: 2026, period: 'q1', submittedAt: new Date('2026-04-15T17:30:00Z') },
    ]);
  });
});
afterAll(() => ws?.close());

describe('parindex report periodic', { timeout: 180_000 }, () => {
  it('lists each unit on time, late or not submitted; refuses an unknown period', async () => {
    const res = await ws.run(['report', 'periodic', '--year', '2026', '--period', 'q1']);
    expect(res.stderr).toBe('');
    expect(res.stdout.trim().split(/\r?\n/)).toEqual([
      'unit_code,unit_name,due_on,state,submitted_on,document_no',
      'X1,Xã Đồng Tâm,2026-04-15,on_time,2026-04-14,5/BC-X1',
      'X2,Xã Hòa Bình,2026-04-15,late,2026-04-16,',
      'X3,Xã Tân Lập,2026-04-15,not_submitted,,',
    ]);
    const bad = await ws.run(['report', 'periodic', '--year', '2026', '--period', 'q5']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('period');
  });
});
