import { asc, eq } from 'drizzle-orm';
import { type DbOrTx, inTransaction } from '../../db/client.js';
import { periodicReports, reportDeadlines, units } from '../../db/schema.js';
import { systemActor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';

/**
 * The periodic reports of a demo year (docs/periodic-reports.md): the due dates of the Q1, 6-month, 9-month and yearly
 * reports, and the Q1 reports of the first active units by code — three submitted on time, one late, one a draft —
 * with the template's sections written. One transaction with its audit rows; a year that already has due dates is left
 * alone. Not wired into the demo here (the demo's service calls it).
 */

const TEXTS: Record<string, string> = {
  chi_dao: 'Đơn vị đã ban hành Kế hoạch cải cách hành chính năm và các kế hoạch chuyên đề; tổ chức tuyên truyền trên trang thông tin điện tử.',
  ket_qua: 'Rà soát 12 văn bản quy phạm pháp luật; đề xuất đơn giản hóa 3 thủ tục hành chính; 100 % thủ tục được công khai đúng quy định.',
  ton_tai: 'Một số nhiệm vụ số hóa hồ sơ còn chậm so với kế hoạch.',
  nguyen_nhan: 'Hạ tầng công nghệ thông tin chưa đồng bộ; nhân lực phụ trách còn kiêm nhiệm.',
  phuong_huong: 'Tiếp tục số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; tăng cường kiểm tra nội bộ.',
  de_xuat: 'Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ cải cách hành chính cho công chức cấp xã.',
};

export async function seedDemoReports(db: DbOrTx, year: number): Promise<void> {
  const existing = await db.select().from(reportDeadlines).where(eq(reportDeadlines.year, year));
  if (existing.length > 0) return;
  const actor = systemActor('demo');
  const deadlines = [
    { year, period: 'q1' as const, dueOn: `${year}-04-15` },
    { year, period: 'h1' as const, dueOn: `${year}-07-15` },
    { year, period: 'm9' as const, dueOn: `${year}-10-15` },
    { year, period: 'year' as const, dueOn: `${year}-12-15` },
  ];
  const active = await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.status, 'active')).orderBy(asc(units.code)).limit(5);
  // On time: 10, 12 and 14 April; late: 18 April (after the 15th); the fifth unit keeps a draft.
  const submitted = [`${year}-04-10T09:00:00+07:00`, `${year}-04-12T15:30:00+07:00`, `${year}-04-14T10:00:00+07:00`, `${year}-04-18T08:45:00+07:00`, null];
  await inTransaction(db, async (tx) => {
    await tx.insert(reportDeadlines).values(deadlines);
    await recordAudit(tx, actor, { action: 'update', entityType: 'report_deadlines', entityId: String(year), before: [], after: deadlines });
    for (const [i, unit] of active.entries()) {
      const at = submitted[i] ?? null;
      const [row] = await tx
        .insert(periodicReports)
        .values({
          unitId: unit.id,
          year,
          period: 'q1',
          sections: at ? TEXTS : { ket_qua: TEXTS.ket_qua! },
          documentNo: at ? `${10 + i}/BC-${unit.code}` : null,
          submittedAt: at ? new Date(at) : null,
        })
        .returning();
      await recordAudit(tx, actor, { action: at ? 'submit' : 'create', entityType: 'periodic_report', entityId: `${unit.code}/${year}/q1`, after: row });
    }
  });
}
