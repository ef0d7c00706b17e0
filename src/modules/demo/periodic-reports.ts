import { asc, eq } from 'drizzle-orm';
import { type DbOrTx, inTransaction } from '../../db/client.js';
import { periodicReports, reportDeadlines, units } from '../../db/schema.js';
import { dateOfDayNumber, dayNumber } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { systemActor } from '../auth/actor.js';
import { recordAudit, recordAuditMany } from '../audit/service.js';
import { DemoRandom, hashUnit } from './random.js';

/**
 * The periodic reports of a demo year (docs/periodic-reports.md): the due dates of the Q1, 6-month, 9-month and yearly
 * reports, and for every active unit and every period already due by `today`, its report — most units submit on
 * time, a few late (a day to two weeks after the due date), the least diligent not at all or only as a draft — with
 * the template's sections written. The same every run (seeded per unit); one transaction with its audit rows; a year
 * that already has due dates is left alone.
 */

const TEXTS: Record<string, string> = {
  chi_dao: 'Đơn vị đã ban hành Kế hoạch cải cách hành chính năm và các kế hoạch chuyên đề; tổ chức tuyên truyền trên trang thông tin điện tử.',
  ket_qua: 'Rà soát 12 văn bản quy phạm pháp luật; đề xuất đơn giản hóa 3 thủ tục hành chính; 100 % thủ tục được công khai đúng quy định.',
  ton_tai: 'Một số nhiệm vụ số hóa hồ sơ còn chậm so với kế hoạch.',
  nguyen_nhan: 'Hạ tầng công nghệ thông tin chưa đồng bộ; nhân lực phụ trách còn kiêm nhiệm.',
  phuong_huong: 'Tiếp tục số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; tăng cường kiểm tra nội bộ.',
  de_xuat: 'Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ cải cách hành chính cho công chức cấp xã.',
};

export async function seedDemoReports(db: DbOrTx, year: number, today: LocalDate): Promise<void> {
  const existing = await db.select().from(reportDeadlines).where(eq(reportDeadlines.year, year));
  if (existing.length > 0) return;
  const actor = systemActor('demo');
  const deadlines = [
    { year, period: 'q1' as const, dueOn: `${year}-04-15` },
    { year, period: 'h1' as const, dueOn: `${year}-07-15` },
    { year, period: 'm9' as const, dueOn: `${year}-10-15` },
    { year, period: 'year' as const, dueOn: `${year}-12-15` },
  ];
  const active = await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.status, 'active')).orderBy(asc(units.code));
  const rows = active.flatMap((unit) => {
    const random = new DemoRandom(Math.floor(hashUnit(unit.code, year + 7) * 2 ** 32));
    const diligence = 0.7 + 0.28 * hashUnit(unit.code, 29);
    return deadlines
      .filter((d) => d.dueOn < today)
      .flatMap((d) => {
        const roll = random.next();
        if (roll > diligence + 0.08) return [];
        const draft = roll > diligence;
        const late = !draft && random.next() > diligence;
        const day = dateOfDayNumber(dayNumber(d.dueOn) + (late ? random.int(1, 14) : -random.int(0, 10)));
        const submittedOn = day < today ? day : today;
        return [
          {
            unitId: unit.id,
            unitCode: unit.code,
            year,
            period: d.period,
            sections: draft ? { ket_qua: TEXTS.ket_qua! } : TEXTS,
            documentNo: draft ? null : `${random.int(10, 250)}/BC-${unit.code}`,
            submittedAt: draft ? null : new Date(`${submittedOn}T${String(random.int(8, 16)).padStart(2, '0')}:30:00+07:00`),
          },
        ];
      });
  });
  await inTransaction(db, async (tx) => {
    await tx.insert(reportDeadlines).values(deadlines);
    await recordAudit(tx, actor, { action: 'update', entityType: 'report_deadlines', entityId: String(year), before: [], after: deadlines });
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const inserted = await tx
        .insert(periodicReports)
        .values(batch.map(({ unitCode: _, ...row }) => row))
        .returning();
      await recordAuditMany(
        tx,
        actor,
        inserted.map((row, j) => ({
          action: row.submittedAt ? 'submit' : 'create',
          entityType: 'periodic_report',
          entityId: `${batch[j]!.unitCode}/${year}/${row.period}`,
          after: row,
        })),
      );
    }
  });
}
