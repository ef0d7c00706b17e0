/**
 * Apology letters (phiếu xin lỗi và hẹn lại ngày trả kết quả, docs/apology-letters.md), split by operation:
 * queries.ts (which dossiers need a letter, the DOCX of letters), commands.ts (issuing and editing letters),
 * counts.ts (by unit and field), template-store.ts (the organizer's template), policies.ts (who may do what).
 * This file is what other modules read: the late dossiers without a letter, for the formula criteria.
 */
import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { apologyLetters, dossiers } from '../../db/schema.js';
import { lateCondition } from './queries.js';

/**
 * For the formula criteria: unit id → late dossiers resolved in `year` (local resolution date) that have no
 * apology letter. Units with none are absent from the map.
 */
export async function lateWithoutLetterCounts(db: DbOrTx, year: number): Promise<Map<number, number>> {
  const rows = await queryRows<{ unit_id: number; count: number }>(
    db,
    sql`select ${dossiers.unitId} as unit_id, count(*)::int as count
        from ${dossiers} left join ${apologyLetters} on ${apologyLetters.dossierCode} = ${dossiers.code}
        where ${lateCondition} and ${apologyLetters.id} is null
          and ${dossiers.resolvedDate} between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
        group by 1`,
  );
  return new Map(rows.map((r) => [Number(r.unit_id), Number(r.count)]));
}
