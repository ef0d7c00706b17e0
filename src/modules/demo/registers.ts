import { and, eq, inArray } from 'drizzle-orm';
import { type DbOrTx, inTransaction } from '../../db/client.js';
import { registerEntries, units } from '../../db/schema.js';
import type { RegisterData, RegisterKind } from '../../domain/registers.js';
import { systemActor } from '../auth/actor.js';
import { type AuditChange, recordAuditMany } from '../audit/service.js';

/**
 * The registers of the demo (docs/registers.md): a few entries in each register of the year for some departments, a
 * district and communes, the same every run (no randomness). Units missing or not active are skipped; an entry already
 * there (same unit, year, register and code) is left alone, so a second run changes nothing. One transaction, each
 * entry created audited.
 */

const DEMO_REGISTER_UNITS = ['SNV', 'STP', 'SCT', 'SYT', 'H_ANPHU', 'X001', 'X002', 'X003'] as const;

type Entry = { register: RegisterKind; code: string; title: string; entryDate: string | null; data: RegisterData };

/** The entries of the i-th demo unit: counts vary with i so that the units rank differently. */
export function demoRegisterEntries(unitCode: string, i: number, year: number): Entry[] {
  const day = (month: number, d = 15) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const doc = (n: number) => `${n}/${year}/QĐ-${unitCode}`;
  const entries: Entry[] = [];
  const issued = 1 + (i % 3);
  for (let n = 1; n <= issued; n++)
    entries.push({
      register: 'legal_documents',
      code: doc(n),
      title: `Quy định quản lý nhà nước lĩnh vực thứ ${n}`,
      entryDate: day(2 + n),
      data: { action: 'issued' },
    });
  if (i % 2 === 0)
    entries.push({ register: 'legal_documents', code: doc(10), title: 'Sửa đổi, bổ sung quy chế làm việc', entryDate: day(6), data: { action: 'amended' } });
  if (i % 3 !== 1)
    entries.push({
      register: 'legal_documents',
      code: `${5 + i}/${year - 6}/QĐ-${unitCode}`,
      title: 'Quy định đã hết phù hợp, đề nghị bãi bỏ',
      entryDate: day(9),
      data: { action: 'repeal_proposed' },
    });
  entries.push(
    {
      register: 'procedure_reviews',
      code: 'RS-1',
      title: 'Rà soát thủ tục cấp giấy phép',
      entryDate: day(4, 20),
      data: { proposal: 'simplify', procedure_code: `1.00${1000 + i}` },
    },
    {
      register: 'procedure_reviews',
      code: 'RS-2',
      title: 'Rà soát thủ tục xác nhận',
      entryDate: day(4, 20),
      data: { proposal: i % 2 ? 'simplify' : 'abolish', procedure_code: `2.00${2000 + i}` },
    },
    {
      register: 'training_courses',
      code: 'LBD-1',
      title: 'Bồi dưỡng kỹ năng giải quyết thủ tục hành chính',
      entryDate: day(5, 10),
      data: { participants: 40 + 10 * i },
    },
  );
  if (i % 2 === 0)
    entries.push({ register: 'training_courses', code: 'LBD-2', title: 'Tập huấn chuyển đổi số', entryDate: day(8, 5), data: { participants: 25 + i } });
  if (i % 2 === 0)
    entries.push({
      register: 'contests',
      code: 'HT-1',
      title: 'Hội thi tìm hiểu về cải cách hành chính',
      entryDate: day(10, 1),
      data: { participants: 100 + 20 * i },
    });
  const tested = 30 + 5 * i;
  entries.push({
    register: 'knowledge_tests',
    code: 'KT-1',
    title: 'Kiểm tra kiến thức cải cách hành chính',
    entryDate: day(11, 12),
    data: { participants: tested, passed: tested - (i % 4) },
  });
  const status = i % 3 === 2 ? 'not_applied' : i % 2 ? 'announced' : 'maintained';
  entries.push({
    register: 'quality_system',
    code: `ISO-${year}`,
    title: 'Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015',
    entryDate: status === 'not_applied' ? null : day(3, 1),
    data: { status, internal_audits: status === 'not_applied' ? 0 : 1 + (i % 2) },
  });
  return entries;
}

export async function seedDemoRegisters(db: DbOrTx, year: number): Promise<void> {
  const found = await db
    .select({ id: units.id, code: units.code })
    .from(units)
    .where(and(inArray(units.code, [...DEMO_REGISTER_UNITS]), eq(units.status, 'active')));
  const ids = new Map(found.map((u) => [u.code, u.id]));
  const rows = DEMO_REGISTER_UNITS.flatMap((code, i) => {
    const unitId = ids.get(code);
    return unitId === undefined ? [] : demoRegisterEntries(code, i, year).map((e) => ({ unitId, year, ...e }));
  });
  if (rows.length === 0) return;
  await inTransaction(db, async (tx) => {
    const added = await tx.insert(registerEntries).values(rows).onConflictDoNothing().returning();
    const audits: AuditChange[] = added.map((entry) => ({ action: 'create', entityType: 'register_entry', entityId: entry.id, after: entry }));
    await recordAuditMany(tx, systemActor('demo'), audits);
  });
}
