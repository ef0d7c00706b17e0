import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { type DbOrTx, inTransaction } from '../../db/client.js';
import { inspectionFindings, inspectionMembers, inspections, remediationItems, units, users } from '../../db/schema.js';
import { systemActor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';

/**
 * The demo's inspections (docs/inspections.md): four inspections of the year over the active units (evenly spread
 * over the units sorted by code, so the same units each time), the first concluded, two conducted, the last planned;
 * a team of the admin and appraiser accounts when there are any (an appraiser leads); findings and remediation items,
 * one closed with evidence and one past its deadline. A year that already has inspections is left alone.
 */

const ACTOR = systemActor('demo');
const AREAS = ['Công tác chỉ đạo, điều hành CCHC', 'Cải cách thủ tục hành chính', 'Hiện đại hóa hành chính'];

interface DemoInspection {
  status: 'planned' | 'conducted' | 'concluded';
  plannedFrom: string;
  plannedTo: string;
  conductedOn: string | null;
  concludedOn: string | null;
}

const plan = (year: number): DemoInspection[] => [
  { status: 'concluded', plannedFrom: `${year}-04-14`, plannedTo: `${year}-04-15`, conductedOn: `${year}-04-15`, concludedOn: `${year}-05-05` },
  { status: 'conducted', plannedFrom: `${year}-06-09`, plannedTo: `${year}-06-10`, conductedOn: `${year}-06-10`, concludedOn: null },
  { status: 'conducted', plannedFrom: `${year}-08-18`, plannedTo: `${year}-08-19`, conductedOn: `${year}-08-19`, concludedOn: null },
  { status: 'planned', plannedFrom: `${year}-11-10`, plannedTo: `${year}-11-12`, conductedOn: null, concludedOn: null },
];

export async function seedDemoInspections(db: DbOrTx, year: number): Promise<void> {
  const [existing] = await db.select({ n: count() }).from(inspections).where(eq(inspections.year, year));
  if (Number(existing?.n ?? 0) > 0) return;
  const active = await db.select({ id: units.id, name: units.name }).from(units).where(eq(units.status, 'active')).orderBy(asc(units.code));
  if (active.length === 0) return;
  const staff = await db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(inArray(users.role, ['admin', 'appraiser']), eq(users.disabled, false)))
    .orderBy(asc(users.id));
  const lead = staff.find((u) => u.role === 'appraiser') ?? staff[0];
  const team = lead
    ? [
        { userId: lead.id, lead: true },
        ...staff
          .filter((u) => u.id !== lead.id)
          .slice(0, 1)
          .map((u) => ({ userId: u.id, lead: false })),
      ]
    : [];

  const planned = plan(year);
  const picks = Math.min(planned.length, active.length);
  await inTransaction(db, async (tx) => {
    for (let i = 0; i < picks; i++) {
      const unit = active[Math.floor((i * active.length) / picks)]!;
      const p = planned[i]!;
      const [row] = await tx
        .insert(inspections)
        .values({
          year,
          unitId: unit.id,
          plannedFrom: p.plannedFrom,
          plannedTo: p.plannedTo,
          status: p.status,
          conductedOn: p.conductedOn,
          concludedOn: p.concludedOn,
          decisionNo: `${15 + i}/QĐ-SNV`,
          areas: AREAS,
          conclusion:
            p.status === 'concluded'
              ? `${unit.name} triển khai cơ bản đầy đủ các nhiệm vụ CCHC năm ${year}; cần khắc phục việc ban hành kế hoạch chậm và cập nhật hệ thống quản lý chất lượng.`
              : null,
        })
        .returning();
      const id = row!.id;
      if (team.length > 0) await tx.insert(inspectionMembers).values(team.map((m) => ({ inspectionId: id, ...m })));
      if (p.status !== 'planned') {
        const findings = await tx
          .insert(inspectionFindings)
          .values([
            {
              inspectionId: id,
              kind: 'strength' as const,
              area: AREAS[0],
              text: 'Ban hành đầy đủ kế hoạch CCHC và kế hoạch kiểm soát thủ tục hành chính.',
              position: 0,
            },
            { inspectionId: id, kind: 'shortcoming' as const, area: AREAS[0], text: 'Kế hoạch CCHC ban hành chậm so với thời hạn.', position: 1 },
            { inspectionId: id, kind: 'shortcoming' as const, area: AREAS[2], text: 'Hệ thống quản lý chất lượng ISO 9001 chưa được cập nhật.', position: 2 },
            {
              inspectionId: id,
              kind: 'recommendation' as const,
              area: AREAS[2],
              text: 'Cập nhật hệ thống quản lý chất lượng theo TCVN ISO 9001:2015.',
              position: 3,
            },
          ])
          .returning({ id: inspectionFindings.id, kind: inspectionFindings.kind });
        const recommendation = findings.find((f) => f.kind === 'recommendation')!.id;
        const items =
          i === 0
            ? [
                // Closed with evidence before its deadline.
                {
                  title: 'Ban hành kế hoạch khắc phục sau kiểm tra',
                  owner: 'Văn phòng',
                  deadline: `${year}-05-31`,
                  closedOn: `${year}-05-20`,
                  evidence: 'Kế hoạch số 45/KH ngày 20/5',
                },
                // Past its deadline, still open.
                { title: 'Cập nhật ISO 9001:2015', owner: 'Văn phòng', deadline: `${year}-07-31`, findingId: recommendation },
              ]
            : [{ title: 'Cập nhật ISO 9001:2015', owner: 'Văn phòng', deadline: `${year}-12-31`, findingId: recommendation }];
        await tx.insert(remediationItems).values(items.map((item) => ({ inspectionId: id, ...item })));
      }
      await recordAudit(tx, ACTOR, { action: 'create', entityType: 'inspection', entityId: id, after: { ...row, members: team } });
    }
  });
}
