import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOfDayNumber, dayNumber } from '../../src/domain/calendar.js';
import { countsForOverdue, isMonthEnd, isOverdueInProcessing, isOverdueUnresolved, overdueMonthEnds } from '../../src/domain/timeliness.js';
import {
  BARE_COLUMNS,
  countsForOverdueSql,
  monthEndOf,
  overdueInProcessingRangesSql,
  overdueMonthStartsSql,
  overdueInProcessingSql,
  overdueUnresolvedSql,
  spreadOverMonthEndsSql,
  sqlText,
} from '../../src/modules/timeliness/overdue.js';

/**
 * The overdue rule is written once in TypeScript (src/domain/timeliness.ts) and once as SQL conditions
 * (src/modules/timeliness/overdue.ts). Each case below is evaluated both ways and both answers are compared with the
 * answer worked out by hand. Due date 2025-03-21 (a Friday); "today" / the report date is given per case.
 */
const DUE = '2025-03-21';

interface Case {
  name: string;
  status: string;
  resolved: string | null;
  today: string;
  /** countsForOverdue: in the overdue rollup. */
  inRollup: boolean;
  /** isOverdueUnresolved: needs a letter before its result (today). */
  overdueUnresolved: boolean;
  /** isOverdueInProcessing at `today`, for a row of the rollup. */
  inProcessing: boolean;
}

const CASES: Case[] = [
  {
    name: 'unresolved, the day before the due date',
    status: 'processing',
    resolved: null,
    today: '2025-03-20',
    inRollup: true,
    overdueUnresolved: false,
    inProcessing: false,
  },
  { name: 'unresolved, on the due date', status: 'processing', resolved: null, today: DUE, inRollup: true, overdueUnresolved: false, inProcessing: false },
  {
    name: 'unresolved, the day after the due date',
    status: 'processing',
    resolved: null,
    today: '2025-03-22',
    inRollup: true,
    overdueUnresolved: true,
    inProcessing: true,
  },
  {
    name: 'waiting for a supplement, long after',
    status: 'needs_supplement',
    resolved: null,
    today: '2025-06-01',
    inRollup: true,
    overdueUnresolved: true,
    inProcessing: true,
  },
  {
    name: 'suspended, after the due date',
    status: 'suspended',
    resolved: null,
    today: '2025-03-24',
    inRollup: true,
    overdueUnresolved: true,
    inProcessing: true,
  },
  {
    name: 'withdrawn, after the due date',
    status: 'withdrawn',
    resolved: null,
    today: '2025-03-24',
    inRollup: false,
    overdueUnresolved: false,
    inProcessing: true,
  },
  {
    name: 'rejected, after the due date',
    status: 'rejected',
    resolved: null,
    today: '2025-03-24',
    inRollup: false,
    overdueUnresolved: false,
    inProcessing: true,
  },
  { name: 'resolved early', status: 'resolved', resolved: '2025-03-19', today: '2025-03-24', inRollup: false, overdueUnresolved: false, inProcessing: false },
  { name: 'resolved on the due date', status: 'resolved', resolved: DUE, today: '2025-03-24', inRollup: false, overdueUnresolved: false, inProcessing: false },
  {
    name: 'resolved a day late, asked after',
    status: 'resolved',
    resolved: '2025-03-22',
    today: '2025-03-24',
    inRollup: true,
    overdueUnresolved: false,
    inProcessing: false,
  },
  {
    name: 'resolved late, asked before the resolution',
    status: 'returned',
    resolved: '2025-03-25',
    today: '2025-03-24',
    inRollup: true,
    overdueUnresolved: false,
    inProcessing: true,
  },
  {
    name: 'resolved late, asked on the resolution day',
    status: 'returned',
    resolved: '2025-03-25',
    today: '2025-03-25',
    inRollup: true,
    overdueUnresolved: false,
    inProcessing: false,
  },
  {
    name: 'rejected with a result date after the due date',
    status: 'rejected',
    resolved: '2025-03-25',
    today: '2025-03-26',
    inRollup: true,
    overdueUnresolved: false,
    inProcessing: false,
  },
];

let client: PGlite;
let db: ReturnType<typeof drizzle>;

beforeAll(async () => {
  client = new PGlite();
  db = drizzle(client);
});
afterAll(async () => {
  await client.close();
});

async function inSql(c: Case) {
  const [unresolvedRange, resolvedRange] = overdueInProcessingRangesSql(BARE_COLUMNS, c.today);
  const result = await db.execute(
    sql`select ${countsForOverdueSql(BARE_COLUMNS)} as in_rollup, ${overdueUnresolvedSql(BARE_COLUMNS, c.today)} as overdue_unresolved,
               ${overdueInProcessingSql(BARE_COLUMNS, c.today)} as in_processing,
               ${unresolvedRange} as unresolved_range, ${resolvedRange} as resolved_range
        from (select ${c.status}::text as status, ${c.resolved}::date as resolved_date, ${DUE}::date as due_date) d`,
  );
  const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
  // The two ranges the reports read never both hold, and one holds exactly when the row is overdue in processing.
  const ranges = [row.unresolved_range, row.resolved_range].filter((held) => held === true).length;
  expect(ranges).toBeLessThanOrEqual(1);
  // `null or false` is null in SQL: a row the condition does not select.
  const inProcessing = row.in_processing === true;
  expect(ranges === 1).toBe(inProcessing);
  return { inRollup: row.in_rollup === true, overdueUnresolved: row.overdue_unresolved === true, inProcessing };
}

describe('the overdue rule in TypeScript and in SQL', () => {
  it.each(CASES)('$name', async (c) => {
    const resolved = c.resolved === null ? null : dayNumber(c.resolved);
    const due = dayNumber(DUE);
    const today = dayNumber(c.today);
    const expected = { inRollup: c.inRollup, overdueUnresolved: c.overdueUnresolved, inProcessing: c.inProcessing };
    expect({
      inRollup: countsForOverdue(c.status, resolved, due),
      overdueUnresolved: isOverdueUnresolved(c.status, resolved, due, today),
      inProcessing: isOverdueInProcessing(due, resolved, today),
    }).toEqual(expected);
    expect(await inSql(c)).toEqual(expected);
  });

  it('gives the dossier merge its condition as text over bare column names', () => {
    expect(sqlText(countsForOverdueSql(BARE_COLUMNS))).toBe(
      "((resolved_date is null and status not in ('withdrawn', 'rejected')) or resolved_date > due_date)",
    );
    expect(() => sqlText(overdueUnresolvedSql(BARE_COLUMNS, DUE))).toThrow(/parameters/);
  });
});

/** The month ends at which a dossier resolved late counts in the month-end overdue rollup, worked out by hand. */
const MONTH_END_CASES: { due: string; resolved: string; ends: string[] }[] = [
  { due: '2025-01-20', resolved: '2025-03-05', ends: ['2025-01-31', '2025-02-28'] },
  { due: '2025-01-31', resolved: '2025-02-28', ends: [] },
  { due: '2025-01-31', resolved: '2025-03-01', ends: ['2025-02-28'] },
  { due: '2024-02-15', resolved: '2024-03-01', ends: ['2024-02-29'] },
  { due: '2024-12-30', resolved: '2025-01-01', ends: ['2024-12-31'] },
  { due: '2024-12-31', resolved: '2025-01-31', ends: [] },
  { due: '2025-03-21', resolved: '2025-03-22', ends: [] },
  { due: '2025-03-21', resolved: '2025-03-21', ends: [] },
  { due: '2025-03-21', resolved: '2025-03-10', ends: [] },
  // 400 days late: every month end from January 2025 to January 2026 (13); 401 days: none (read as it is).
  {
    due: '2025-01-01',
    resolved: '2026-02-05',
    ends: [
      ...['01-31', '02-28', '03-31', '04-30', '05-31', '06-30', '07-31', '08-31', '09-30', '10-31', '11-30', '12-31'].map((d) => `2025-${d}`),
      '2026-01-31',
    ],
  },
  { due: '2025-01-01', resolved: '2026-02-06', ends: [] },
];

describe('the month ends of a late dossier in TypeScript and in SQL', () => {
  it.each(MONTH_END_CASES)('due $due, resolved $resolved', async ({ due, resolved, ends }) => {
    expect(overdueMonthEnds(dayNumber(due), dayNumber(resolved)).map(dateOfDayNumber)).toEqual(ends);
    const result = await db.execute(
      sql`select coalesce(array_agg(to_char(${monthEndOf(sql.raw('m'))}, 'YYYY-MM-DD') order by m), '{}') as ends
          from (select ${due}::date as due_date, ${resolved}::date as resolved_date) d
          cross join lateral ${overdueMonthStartsSql(BARE_COLUMNS)} m where ${spreadOverMonthEndsSql(BARE_COLUMNS)}`,
    );
    expect((result as unknown as { rows: { ends: string[] }[] }).rows[0]!.ends).toEqual(ends);
    // Each is a month end, and overdue there by the rule.
    for (const end of ends) {
      expect(isMonthEnd(dayNumber(end))).toBe(true);
      expect(isOverdueInProcessing(dayNumber(due), dayNumber(resolved), dayNumber(end))).toBe(true);
    }
  });

  it('knows the last day of a month', () => {
    expect(['2024-02-29', '2025-02-28', '2025-04-30', '2025-12-31'].map((d) => isMonthEnd(dayNumber(d)))).toEqual([true, true, true, true]);
    expect(['2024-02-28', '2025-02-27', '2025-04-29', '2025-12-01'].map((d) => isMonthEnd(dayNumber(d)))).toEqual([false, false, false, false]);
  });
});
