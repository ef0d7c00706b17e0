import { eq } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { blocks, plans, planTasks, requiredPlans } from '../../db/schema.js';
import { dateOfDayNumber, dayNumber } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import type { TaskStatus } from '../../domain/plans.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { listUnits } from '../units/service.js';
import { DEMO_LEADERS } from './cycle.js';
import { DemoRandom, hashUnit } from './random.js';

/**
 * The reform plans of the demo's current year (docs/demo.md "Plans"): the plans the organizer requires of the
 * departments and the communes, and for each of those units (but SCT, whose officer adds its plan in the walkthrough)
 * its yearly reform plan with eight tasks at every status, overdue ones included, and the required plans it issued,
 * some late, some missing. One transaction with its audit row; a year that already has plans is left alone.
 */

const REQUIRED = [
  { kind: 'reform', name: 'Kế hoạch cải cách hành chính', due: '01-31' },
  { kind: 'procedure_control', name: 'Kế hoạch kiểm soát thủ tục hành chính', due: '02-15' },
  { kind: 'communication', name: 'Kế hoạch tuyên truyền cải cách hành chính', due: '02-28' },
  { kind: 'it', name: 'Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số', due: '03-15' },
  { kind: 'self_inspection', name: 'Kế hoạch tự kiểm tra công tác cải cách hành chính', due: '02-28' },
  { kind: 'survey', name: 'Kế hoạch khảo sát sự hài lòng', due: '03-31' },
] as const;

const TASKS = [
  { area: 'Cải cách thể chế', title: 'Rà soát, hệ thống hóa văn bản quy phạm pháp luật', month: 3 },
  { area: 'Cải cách thủ tục hành chính', title: 'Rà soát, đề xuất đơn giản hóa thủ tục hành chính', month: 4 },
  { area: 'Cải cách thủ tục hành chính', title: 'Công khai thủ tục hành chính tại bộ phận một cửa', month: 2 },
  { area: 'Cải cách tổ chức bộ máy', title: 'Rà soát chức năng, nhiệm vụ các phòng chuyên môn', month: 6 },
  { area: 'Cải cách chế độ công vụ', title: 'Bồi dưỡng kỹ năng cho công chức bộ phận một cửa', month: 8 },
  { area: 'Cải cách tài chính công', title: 'Công khai dự toán, quyết toán ngân sách', month: 7 },
  { area: 'Xây dựng chính quyền số', title: 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', month: 10 },
  { area: 'Công tác chỉ đạo, điều hành', title: 'Tuyên truyền cải cách hành chính trên cổng thông tin', month: 11 },
] as const;

const WALKTHROUGH_UNIT = 'SCT';

export async function loadDemoPlans(db: Db, organizer: Actor, year: number, today: LocalDate): Promise<{ plans: number; tasks: number }> {
  const existing = await db.select({ id: plans.id }).from(plans).where(eq(plans.year, year)).limit(1);
  if (existing.length) return { plans: 0, tasks: 0 };
  const blockRows = await db.select({ id: blocks.id, code: blocks.code }).from(blocks);
  const demoBlocks = blockRows.filter((b) => b.code === 'SO' || b.code === 'XA');
  const units = (await Promise.all(demoBlocks.map((b) => listUnits(db, { year, block: b.code })))).flat().filter((u) => u.code !== WALKTHROUGH_UNIT);
  const todayNumber = dayNumber(today);
  const dateIn = (monthDay: string) => `${year}-${monthDay}`;
  const shift = (date: string, days: number) => dateOfDayNumber(dayNumber(date) + days);
  const notAfterToday = (date: string) => (date <= today ? date : null);

  return inTransaction(db, async (tx) => {
    for (const block of demoBlocks)
      await tx.insert(requiredPlans).values(REQUIRED.map((r) => ({ year, blockId: block.id, kind: r.kind, name: r.name, dueOn: dateIn(r.due) })));
    let planCount = 0;
    let taskCount = 0;
    for (const unit of units) {
      const random = new DemoRandom(Math.floor(hashUnit(unit.code, year) * 2 ** 32));
      const diligence = DEMO_LEADERS.has(unit.code) ? 1 : 0.55 + 0.4 * hashUnit(unit.code, 17);
      // The required plans: most issued on time, a few a week or two late, some (the less diligent) missing.
      const planRows = REQUIRED.flatMap((r) => {
        if (random.next() > diligence + 0.2) return [];
        const late = random.next() > diligence;
        const issuedOn = notAfterToday(shift(dateIn(r.due), late ? random.int(3, 20) : -random.int(1, 20)));
        if (!issuedOn) return [];
        return [
          {
            unitId: unit.id,
            year,
            code: `KH-${r.kind.toUpperCase().replaceAll('_', '-')}`,
            kind: r.kind,
            title: `${r.name} năm ${year}`,
            documentNo: `${random.int(1, 120)}/KH-${unit.code}`,
            issuedOn,
            dueOn: null,
          },
        ];
      });
      if (planRows.length === 0) continue;
      const inserted = await tx.insert(plans).values(planRows).returning({ id: plans.id, kind: plans.kind });
      planCount += inserted.length;
      const reformPlan = inserted.find((p) => p.kind === 'reform');
      if (!reformPlan) continue;
      const tasks = TASKS.map((task, i) => {
        const deadline = dateIn(`${String(task.month).padStart(2, '0')}-28`);
        const due = dayNumber(deadline) <= todayNumber;
        const roll = random.next();
        let status: TaskStatus;
        if (roll < 0.06) status = 'cancelled';
        else if (due) status = roll < diligence ? 'done' : roll < (1 + diligence) / 2 ? 'in_progress' : 'todo';
        else status = roll < diligence * 0.4 ? 'done' : roll < 0.7 ? 'in_progress' : 'todo';
        const completedOn = status === 'done' ? (notAfterToday(shift(deadline, -random.int(0, 25))) ?? today) : null;
        return {
          planId: reformPlan.id,
          code: `NV${String(i + 1).padStart(2, '0')}`,
          title: task.title,
          area: task.area,
          owner: random.pick(['Văn phòng', 'Phòng Tổ chức cán bộ', 'Bộ phận một cửa', 'Phòng Pháp chế']),
          output: random.pick(['Báo cáo', 'Quyết định', 'Kế hoạch', 'Văn bản đề xuất']),
          deadline,
          status,
          completedOn,
          evidence: completedOn ? `Văn bản số ${random.int(10, 400)}/BC-${unit.code}` : null,
        };
      });
      await tx.insert(planTasks).values(tasks);
      taskCount += tasks.length;
    }
    await recordAudit(tx, organizer, {
      action: 'create',
      entityType: 'plans',
      entityId: String(year),
      after: { year, requiredPlans: REQUIRED.length * demoBlocks.length, plans: planCount, tasks: taskCount, demo: true },
    });
    return { plans: planCount, tasks: taskCount };
  });
}
