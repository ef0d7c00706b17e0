import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { dayNumber } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { awaitsResult, isOverdueUnresolved } from '../../domain/timeliness.js';
import { awaitsResultSql, type OverdueColumns, overdueUnresolvedSql } from '../timeliness/overdue.js';
import type { DossierStanding } from './schemas.js';

/**
 * A dossier's timeliness at the report date (today), built from the rules of src/domain/timeliness.ts and their SQL
 * twins in src/modules/timeliness/overdue.ts, never a copy of them:
 * - resolved: its stored timeliness (early / on_time / late, classifyTimeliness at import);
 * - overdue: awaiting its result and due before today (isOverdueUnresolved — the dossiers that need a letter);
 * - pending: awaiting its result, due today or later;
 * - none (null): withdrawn or rejected without a result.
 * test/api/dossier-search.test.ts checks that the filter (SQL) and the answer (TypeScript) agree on every case.
 */
export function dossierStanding(
  row: { status: string; resolvedDate: string | null; dueDate: string; timeliness: 'early' | 'on_time' | 'late' | null },
  today: LocalDate,
): DossierStanding | null {
  if (row.resolvedDate !== null) return row.timeliness;
  const due = dayNumber(row.dueDate);
  if (isOverdueUnresolved(row.status, null, due, dayNumber(today))) return 'overdue';
  if (awaitsResult(row.status, null)) return 'pending';
  return null;
}

/** Late or overdue: a dossier that needs an apology letter (the apology module's rule). */
export function needsLetter(standing: DossierStanding | null): boolean {
  return standing === 'late' || standing === 'overdue';
}

/** The SQL twin of dossierStanding(row, today) = standing. */
export function standingSql(standing: DossierStanding, c: OverdueColumns & { timeliness: SQLWrapper }, today: LocalDate): SQL {
  switch (standing) {
    case 'early':
    case 'on_time':
    case 'late':
      return sql`(${c.resolvedDate} is not null and ${c.timeliness} = ${standing})`;
    case 'overdue':
      return overdueUnresolvedSql(c, today);
    case 'pending':
      return sql`(${awaitsResultSql(c)} and ${c.dueDate} >= ${today}::date)`;
  }
}
