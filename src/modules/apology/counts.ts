/** Late and overdue dossiers of a period with and without a letter, by unit or by field (reads). */
import { inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.js';
import { apologyLetters, dossiers, units } from '../../db/schema.js';
import type { LocalDate } from '../../domain/deadlines.js';
import type { Actor } from '../auth/actor.js';
import { apologyCan, scopedUnitId } from './policies.js';
import { lateCondition, overdueCondition, unitIdOf } from './queries.js';
import { invalid } from './reasons.js';
import type { LetterCountRow, LetterCounts, LetterCountsQuery } from './schemas.js';

const emptyRow = (key: string): LetterCountRow => ({
  key,
  name: key,
  late: 0,
  lateWithLetter: 0,
  overdue: 0,
  overdueWithLetter: 0,
  letters: 0,
  missing: 0,
  issued: 0,
});

export async function letterCounts(db: Db, actor: Actor, input: LetterCountsQuery, today: LocalDate): Promise<LetterCounts> {
  if (input.from > input.to) {
    throw invalid('query.to', 'letter_counts_dates_reversed');
  }
  const unitId = scopedUnitId(actor, await unitIdOf(db, input.unit));
  const key = input.by === 'unit' ? sql`${dossiers.unitId}::text` : sql`${dossiers.field}`;
  const scope = unitId === null ? sql`true` : sql`${dossiers.unitId} = ${unitId}`;
  const dossierCounts = await queryRows<{ key: string; late: number; late_with_letter: number; overdue: number; overdue_with_letter: number }>(
    db,
    sql`select ${key} as key,
          count(*) filter (where ${dossiers.timeliness} = 'late')::int as late,
          count(${apologyLetters.id}) filter (where ${dossiers.timeliness} = 'late')::int as late_with_letter,
          count(*) filter (where ${dossiers.resolvedDate} is null)::int as overdue,
          count(${apologyLetters.id}) filter (where ${dossiers.resolvedDate} is null)::int as overdue_with_letter
        from ${dossiers} left join ${apologyLetters} on ${apologyLetters.dossierCode} = ${dossiers.code}
        where ${scope} and (
          (${lateCondition} and ${dossiers.resolvedDate} between ${input.from}::date and ${input.to}::date)
          or (${overdueCondition(today)} and ${dossiers.dueDate} between ${input.from}::date and ${input.to}::date))
        group by 1`,
  );
  const issuedCounts = await queryRows<{ key: string; issued: number }>(
    db,
    sql`select ${key} as key, count(*)::int as issued
        from ${apologyLetters} join ${dossiers} on ${dossiers.code} = ${apologyLetters.dossierCode}
        where ${scope} and ${apologyLetters.issuedOn} between ${input.from}::date and ${input.to}::date
        group by 1`,
  );
  const byKey = new Map<string, LetterCountRow>();
  const rowOf = (k: string) => {
    let row = byKey.get(k);
    if (!row) {
      row = emptyRow(k);
      byKey.set(k, row);
    }
    return row;
  };
  for (const c of dossierCounts) {
    const row = rowOf(c.key);
    Object.assign(row, { late: c.late, lateWithLetter: c.late_with_letter, overdue: c.overdue, overdueWithLetter: c.overdue_with_letter });
  }
  for (const c of issuedCounts) rowOf(c.key).issued = c.issued;
  for (const row of byKey.values()) {
    row.letters = row.lateWithLetter + row.overdueWithLetter;
    row.missing = row.late + row.overdue - row.letters;
  }
  if (input.by === 'unit' && byKey.size > 0) {
    const names = await db
      .select({ id: units.id, code: units.code, name: units.name })
      .from(units)
      .where(inArray(units.id, [...byKey.keys()].map(Number)));
    for (const u of names) Object.assign(byKey.get(String(u.id))!, { key: u.code, name: u.name });
  }
  const rows = [...byKey.values()].sort((a, b) => b.missing - a.missing || b.late + b.overdue - (a.late + a.overdue) || a.key.localeCompare(b.key, 'vi'));
  const total = emptyRow('');
  for (const row of rows) {
    for (const k of ['late', 'lateWithLetter', 'overdue', 'overdueWithLetter', 'letters', 'missing', 'issued'] as const) total[k] += row[k];
  }
  return { rows, total, can: apologyCan(actor) };
}
