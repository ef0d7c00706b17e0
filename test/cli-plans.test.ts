import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/modules/auth/actor.js';
import { createBlock } from '../src/modules/blocks/service.js';
import { setRequiredPlans } from '../src/modules/plans/service.js';
import { createUnit } from '../src/modules/units/service.js';
import { cliWorkspace, type CliWorkspace } from './helpers/cli.js';

let ws: CliWorkspace;
const HEADER = 'unit_code,plan_code,task_code,title,area,owner,output,deadline,status,completed_on';

beforeAll(async () => {
  ws = await cliWorkspace('parindex-cli-plans-');
  const actor = systemActor('test:fixture');
  await ws.withDb(async ({ db }) => {
    await createBlock(db, actor, { code: 'XA', name: 'Khối xã' }, 2026);
    await createUnit(db, actor, { code: 'X1', name: 'Xã Đồng Tâm', blockCode: 'XA', year: 2026 });
    await createUnit(db, actor, { code: 'X2', name: 'Xã Hòa Bình', blockCode: 'XA', year: 2026 });
    await createUnit(db, actor, { code: 'X3', name: 'Xã Tân Lập', blockCode: 'XA', year: 2026 });
    await setRequiredPlans(db, actor, 2026, { blockCode: 'XA', plans: [{ kind: 'reform', name: 'Kế hoạch CCHC', dueOn: '2026-01-31' }] });
  });
});
afterAll(() => ws?.close());

describe('parindex import plan-tasks and report plans', { timeout: 180_000 }, () => {
  it('refuses a bad file with its rows and columns in Vietnamese, then imports and reports', async () => {
    const bad = path.join(ws.dir, 'bad.csv');
    fs.writeFileSync(bad, [HEADER, 'X1,KH,T1,Nhiệm vụ,,,,2026-03-31,done,'].join('\n'));
    const refused = await ws.run(['--lang', 'vi', 'import', 'plan-tasks', bad, '--year', '2026']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('dòng 2, cột completed_on: nhiệm vụ đã hoàn thành phải có ngày hoàn thành (completed_on)');

    /*
     * X1: 3 counted (T4 cancelled), done T1 and T2, T3 not done with a deadline 2026-03-31 before the as-of
     *     2026-04-15 → overdue 1; rate 2/3 = 66.67.
     * X2: one task, cancelled → counted 0, rate empty.
     * X3: 1 of 1 done → 100.00. No unit issued its required plan (the file creates plans without an issue date).
     */
    const good = path.join(ws.dir, 'tasks.csv');
    fs.writeFileSync(
      good,
      [
        HEADER,
        'X1,KH,T1,Tuyên truyền CCHC,communication,UBND xã,,2026-02-28,done,2026-02-20',
        'X1,KH,T2,Niêm yết thủ tục,administrative_procedures,Bộ phận một cửa,,2026-03-31,done,2026-03-30',
        'X1,KH,T3,Số hóa hồ sơ,digital_government,Công chức tư pháp,,2026-03-31,in_progress,',
        'X1,KH,T4,Hội thi,civil_service,,,2026-05-31,cancelled,',
        'X2,KH,T1,Tự kiểm tra,self_inspection,,,2026-06-30,cancelled,',
        'X3,KH,T1,Kế hoạch,institution,,,2026-01-31,done,2026-01-15',
      ].join('\n'),
    );
    const imported = await ws.run(['import', 'plan-tasks', good, '--year', '2026']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('plan tasks imported: 6 rows, 6 created, 0 updated, 0 unchanged; 3 plans created\n');

    const report = await ws.run(['report', 'plans', '--year', '2026', '--as-of', '2026-04-15']);
    expect(report.code).toBe(0);
    expect(report.stdout.trim().split('\n')).toEqual([
      'unit_code,plans_required,plans_issued,tasks,tasks_completed,tasks_overdue,completion_rate',
      'X1,1,0,3,2,1,66.67',
      'X2,1,0,0,0,0,',
      'X3,1,0,1,1,0,100.00',
    ]);
    const json = await ws.run(['report', 'plans', '--year', '2026', '--as-of', '2026-03-01', '--format', 'json']);
    expect(JSON.parse(json.stdout)[0]).toEqual({
      unit_code: 'X1',
      plans_required: 1,
      plans_issued: 0,
      tasks: 3,
      tasks_completed: 2,
      tasks_overdue: 0,
      completion_rate: 66.67,
    });
    const badDate = await ws.run(['--lang', 'vi', 'report', 'plans', '--year', '2026', '--as-of', '15/04/2026']);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toContain('asOf');
  });
});
