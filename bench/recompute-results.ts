/**
 * Recomputes a national-scale year: 4,500 units × 120 criteria (540,000 scores) on PostgreSQL, through the
 * real path (computeRoundResults: load, domain rules per unit, rank, classes), against one hand-written SQL
 * aggregation of the same scores in the same run. Target: within 2× of the SQL and under 3 s.
 *   npx tsx bench/recompute-results.ts [--size small|full] [--units N] [--runs R] [--keep]
 *   (DATABASE_URL optional; a bench database is created and dropped, kept with --keep.) Full (default): 4,500 units,
 *   5 runs; small (CI): 300 units, 3 runs. BENCH_UNITS, BENCH_RUNS and BENCH_KEEP=1 still work.
 * Exits 1 if the domain computation and the SQL disagree on a unit. Figures: docs/performance.md.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { computeRoundResults } from '../src/modules/results/service.js';
import { findRound } from '../src/modules/results/queries.js';
import { benchDatabase, benchFailure, benchOptions, fmt, median, timeIt } from './lib.js';

const options = benchOptions({
  usage: 'npx tsx bench/recompute-results.ts [--size small|full] [--units N] [--runs R] [--keep]',
  numbers: { units: { full: 4500, small: 300, env: 'BENCH_UNITS' }, runs: { full: 5, small: 3, env: 'BENCH_RUNS' } },
  flags: ['keep'],
});
const UNITS = options.n.units;
const FIELDS = 10;
const LEAVES_PER_FIELD = 12; // 120 leaves in all
const RUNS = options.n.runs;

const bench = await benchDatabase('parindex_bench_recompute');
const { db } = bench.database;
try {
  const setup = await timeIt(async () => {
    await db.execute(sql`insert into blocks (code, name) values ('XA', 'Khối xã')`);
    await db.execute(
      sql`insert into frameworks (year, block_id, name, classes) values (2025, 1, 'bench', ${JSON.stringify([
        { label: 'A', min: 90 },
        { label: 'B', min: 80 },
        { label: 'C', min: 70 },
        { label: 'D', min: 0 },
      ])}::jsonb)`,
    );
    // Fields of 10 points, each with 12 leaves: 8 of 0.75 and 4 of 1 (= 10). 100 points in all.
    await db.execute(sql`insert into criteria (framework_id, code, position, title, max_points, method)
      select 1, f::text, f * 100, 'Lĩnh vực ' || f, 10, 'manual' from generate_series(1, ${FIELDS}) f
      union all
      select 1, f || '.' || l, f * 100 + l, 'Tiêu chí ' || f || '.' || l, case when l <= 8 then 0.75 else 1 end, 'manual'
      from generate_series(1, ${FIELDS}) f, generate_series(1, ${LEAVES_PER_FIELD}) l`);
    await db.execute(sql`insert into units (code, name, search_key, status, valid_from_year)
      select 'X' || lpad(i::text, 5, '0'), 'Xã ' || i, 'x' || i, 'active', 2025 from generate_series(1, ${UNITS}) i`);
    await db.execute(sql`insert into unit_memberships (unit_id, year, block_id) select id, 2025, 1 from units`);
    await db.execute(sql`insert into rounds (framework_id, year, block_id, status, historical) values (1, 2025, 1, 'approved', true)`);
    await db.execute(sql`insert into unit_assessments (round_id, unit_id) select 1, id from units`);
    // Deterministic pseudo-random stages: about 3 % not applicable, 40 % appraised, 10 % council.
    await db.execute(sql`insert into scores (round_id, unit_id, criterion_id, not_applicable, self_score, appraised_score, council_score)
      select 1, u.id, c.id, (u.id * 7 + c.id * 13) % 31 = 0,
        round((c.max_points * ((u.id * 31 + c.id * 17) % 101) / 100)::numeric, 2),
        case when (u.id + c.id) % 5 < 2 then round((c.max_points * ((u.id * 13 + c.id * 7) % 101) / 100)::numeric, 2) end,
        case when (u.id * 3 + c.id) % 10 = 0 then round((c.max_points * ((u.id * 11 + c.id * 5) % 101) / 100)::numeric, 2) end
      from units u cross join criteria c where c.code like '%.%'`);
    await db.execute(sql`analyze`);
  });
  const [{ n }] = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from scores`)) as [{ n: number }];
  console.log(`setup: ${UNITS} units × ${FIELDS * LEAVES_PER_FIELD} criteria = ${n} scores in ${fmt(setup.ms)}`);

  const round = (await findRound(db, 2025, 'XA'))!;
  // The baseline: one SQL statement computing score, applicable max, index and rank per unit from the same rows.
  const baseline = () =>
    queryRows<{ unit_id: number; idx: string; rnk: number }>(
      db,
      sql`with per_unit as (
            select s.unit_id,
                   sum(case when s.not_applicable then 0 else coalesce(s.council_score, s.appraised_score, s.self_score, 0) end) as score,
                   sum(case when s.not_applicable then 0 else c.max_points end) as max_score
            from scores s join criteria c on c.id = s.criterion_id
            where s.round_id = ${round.id}
            group by s.unit_id)
          select unit_id, round(score * 100 / nullif(max_score, 0), 2) as idx,
                 rank() over (order by round(score * 100 / nullif(max_score, 0), 2) desc) as rnk
          from per_unit`,
    );
  const real = () => computeRoundResults(db, round);

  // Warm both paths once, and check they agree on every unit's index and rank.
  const [sqlRows, results] = [await baseline(), await real()];
  const byCode = new Map(results.units.map((u) => [Number(u.unitCode.slice(1)), u]));
  let mismatches = 0;
  for (const row of sqlRows) {
    const unit = byCode.get(row.unit_id);
    if (!unit || unit.index !== Number(row.idx) || unit.rank !== Number(row.rnk)) {
      if (mismatches++ === 0) console.log('first difference:', row, unit && { index: unit.index, rank: unit.rank });
    }
  }
  console.log(`check: ${sqlRows.length} units compared, ${mismatches} differ between the SQL and the domain computation`);
  if (mismatches > 0 || sqlRows.length !== UNITS || results.units.length !== UNITS) {
    benchFailure(`${mismatches} of ${UNITS} units differ (SQL ${sqlRows.length} rows, computeRoundResults ${results.units.length} units)`);
  }

  const sqlTimes: number[] = [];
  const realTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    sqlTimes.push((await timeIt(baseline)).ms);
    realTimes.push((await timeIt(real)).ms);
  }
  const s = median(sqlTimes);
  const r = median(realTimes);
  console.log(`hand-written SQL aggregation: median ${fmt(s)} over ${RUNS} runs (${sqlTimes.map(fmt).join(', ')})`);
  console.log(`computeRoundResults (real path): median ${fmt(r)} over ${RUNS} runs (${realTimes.map(fmt).join(', ')})`);
  console.log(`ratio real / SQL: ${(r / s).toFixed(2)} (target ≤ 2.00); real under 3 s: ${r < 3000 ? 'yes' : 'no'}`);
  // The packed vectors are kept by triggers on scores: what that costs a write.
  const oneUnit = await timeIt(() => db.execute(sql`update scores set self_score = self_score where round_id = ${round.id} and unit_id = 1`));
  const oneScore = await timeIt(() =>
    db.execute(sql`update scores set self_score = self_score where round_id = ${round.id} and unit_id = 2 and criterion_id = 20`),
  );
  console.log(
    `writes with the score_vectors triggers: one score ${fmt(oneScore.ms)}, one unit's ${FIELDS * LEAVES_PER_FIELD} scores ${fmt(oneUnit.ms)}, the whole round's insert in the setup above`,
  );
} finally {
  if (options.flag('keep') || process.env.BENCH_KEEP) {
    console.log(`kept: ${bench.url}`);
    await bench.database.close();
  } else await bench.drop();
}
