import { sql } from 'drizzle-orm';
import { type CopyTextEncoder, execCount, execRows } from '../../db/copy.js';
import type { Db } from '../../db/client.js';
import { lockDossierWrites } from '../../db/locks.js';
import type { CheckedDossier } from './rules.js';
import type { ReasonedText } from '../../errors.js';
import { dossierText } from './reasons.js';
import { attachYearPartitions, type DetachedYearPartition, ensureStagedYearPartitions } from './partitions.js';
import { BARE_COLUMNS, countsForOverdueSql, monthEndOf, overdueMonthStartsSql, spreadOverMonthEndsSql, sqlText } from '../timeliness/overdue.js';

/**
 * The SQL side of a dossier import: the staging table COPY fills, the merge into `dossiers`, and the rollups.
 *
 * Rollups are kept exact by deltas: every inserted or changed dossier contributes +1 to the rollup keys of its new
 * version, and the old version of every changed one (`prev`, read in the merge transaction) −1; the sums are added
 * to the rollup tables and rows that fall to zero are deleted — so the incremental result is row for row what
 * `rebuildAllRollups` computes from scratch. Unchanged dossiers are left out of both sides.
 */

export const STAGING_COLUMNS =
  'line, ok, code, unit_id, procedure_id, field, channel, status, received_ms, due_ms, due_computed, resolved_ms, returned_ms, received_day, due_day, resolved_day, timeliness';

export function createStagingSql(table: string): string {
  // Temporary: it vanishes with the session, whatever happens to the process.
  return `create temp table ${table} (
    line integer not null, ok boolean not null, code text not null,
    unit_id integer, procedure_id integer, field text, channel text, status text,
    received_ms bigint, due_ms bigint, due_computed boolean, resolved_ms bigint, returned_ms bigint,
    received_day integer, due_day integer, resolved_day integer, timeliness text)`;
}

/** One valid row, as a line of COPY text. */
export function stageRow(out: CopyTextEncoder, line: number, d: CheckedDossier): void {
  out.int(line).bool(true).text(d.code).int(d.unitId).int(d.procedureId).text(d.field).text(d.channel).text(d.status);
  out.int(d.receivedMs).int(d.dueMs).bool(d.dueComputed).int(d.resolvedMs).int(d.returnedMs);
  out.int(d.receivedDay).int(d.dueDay).int(d.resolvedDay).text(d.timeliness);
  out.endRow();
}

/** A rejected row that has a code: staged (not merged) so that a later row with the same code is still caught. */
export function stageRejected(out: CopyTextEncoder, line: number, code: string): void {
  out.int(line).bool(false).text(code);
  for (let i = 0; i < 14; i++) out.nul();
  out.endRow();
}

export interface DuplicateCode {
  code: string;
  lines: number[];
  ok: boolean[];
}

/** Codes that appear on more than one line of the staged file. */
export async function findDuplicates(db: Db, staging: string): Promise<DuplicateCode[]> {
  return execRows<DuplicateCode>(
    db,
    `select code, array_agg(line order by line) as lines, array_agg(ok order by line) as ok
     from ${staging} group by code having count(*) > 1 order by min(line)`,
  );
}

/** Leaves the given lines out of the merge. */
export async function dropLines(db: Db, staging: string, lines: number[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 10_000) {
    await execRows(db, `update ${staging} set ok = false where line = any('{${lines.slice(i, i + 10_000).join(',')}}'::int[])`);
  }
}

export const SOURCE_COLUMNS = 'unit_id, field, procedure_id, channel, status, received_date, due_date, resolved_date, timeliness';

const monthOf = (column: string) => `(${column} - (extract(day from ${column})::int - 1))`;

/** Monthly rollup rows summed from `source` (the SOURCE_COLUMNS and a sign `sg`). */
function monthlySelect(source: string): string {
  return `select unit_id, field, procedure_id, channel, month,
      sum(received)::int as received, sum(resolved)::int as resolved, sum(early)::int as early, sum(on_time)::int as on_time, sum(late)::int as late
    from (
      select unit_id, field, procedure_id, channel, ${monthOf('received_date')} as month, sg as received, 0 as resolved, 0 as early, 0 as on_time, 0 as late from ${source} src
      union all
      select unit_id, field, procedure_id, channel, ${monthOf('resolved_date')}, 0, sg,
        case when timeliness = 'early' then sg else 0 end, case when timeliness = 'on_time' then sg else 0 end, case when timeliness = 'late' then sg else 0 end
      from ${source} src where resolved_date is not null
    ) c
    group by unit_id, field, procedure_id, channel, month`;
}

/**
 * The rollups summed from the monthly one (each row exactly the sum of its monthly rows): what the reports and the
 * dashboard read instead of the monthly rows (docs/performance.md). `key` is the table's primary key; `select`
 * sums a statement giving MONTHLY_KEY and the counts into the table's rows.
 */
interface DerivedRollup {
  table: string;
  key: string;
  select: (monthly: string) => string;
}

const SUMS = `sum(received)::int as received, sum(resolved)::int as resolved, sum(early)::int as early, sum(on_time)::int as on_time, sum(late)::int as late`;

export const DERIVED_ROLLUPS: readonly DerivedRollup[] = [
  {
    // unit × field × channel × year: the reports, the dashboard's totals and breakdowns.
    table: 'dossier_yearly_rollups',
    key: 'unit_id, field, channel, year',
    select: (m) =>
      `select unit_id, field, channel, extract(year from month)::int as year, ${SUMS} from (${m}) m group by unit_id, field, channel, extract(year from month)`,
  },
  {
    // unit × month: the report by unit, the month trend without a field or channel filter.
    table: 'dossier_unit_monthly_rollups',
    key: 'unit_id, month',
    select: (m) => `select unit_id, month, ${SUMS} from (${m}) m group by unit_id, month`,
  },
  {
    // unit × field × channel × month: the month trend with a field or channel filter.
    table: 'dossier_field_monthly_rollups',
    key: 'unit_id, field, channel, month',
    select: (m) => `select unit_id, field, channel, month, ${SUMS} from (${m}) m group by unit_id, field, channel, month`,
  },
  {
    // unit × field × procedure × channel × year: the dashboard's worst procedures.
    table: 'dossier_procedure_yearly_rollups',
    key: 'unit_id, field, procedure_id, channel, year',
    select: (m) =>
      `select unit_id, field, procedure_id, channel, extract(year from month)::int as year, ${SUMS} from (${m}) m
       group by unit_id, field, procedure_id, channel, extract(year from month)`,
  },
];

/** The rows of the overdue rollup: awaiting their result, or resolved after the due date (the domain's countsForOverdue). */
const IN_OVERDUE_ROLLUP = sqlText(countsForOverdueSql(BARE_COLUMNS));

/** The overdue rollup's key (no procedure: migration 0018). */
const OVERDUE_KEY = 'unit_id, field, channel, due_date, resolved_date';

/** Overdue rollup rows from `source`: unresolved (not withdrawn or rejected) or resolved after the due date. */
function overdueSelect(source: string): string {
  return `select ${OVERDUE_KEY}, sum(sg)::int as count from ${source} src where ${IN_OVERDUE_ROLLUP} group by ${OVERDUE_KEY}`;
}

/**
 * The month-end overdue rollup's rows from overdue rollup rows `o` (unit_id, due_date, resolved_date, count): each row
 * resolved late within MONTH_END_SPREAD_MAX_DAYS counts at the month ends between its due date and its resolution.
 */
function monthEndSelect(o: string): string {
  // The set function in the select list (one ProjectSet node), not in a lateral join (a function scan per row).
  return `select ${sqlText(monthEndOf(sql.raw('m')))} as month_end, unit_id, sum(count)::int as count
    from (select unit_id, count, ${sqlText(overdueMonthStartsSql(BARE_COLUMNS))} as m from ${o} where ${sqlText(spreadOverMonthEndsSql(BARE_COLUMNS))}) s
    group by 1, 2`;
}

/** The rollups that count dossiers, each upserted from the overdue delta `o` (summed once): as it is, and spread over month ends. */
const COUNT_ROLLUPS = [
  { table: 'dossier_overdue_rollups', conflict: 'on constraint dossier_overdue_rollups_key', key: OVERDUE_KEY, from: 'o' },
  { table: 'dossier_overdue_month_end_rollups', conflict: '(month_end, unit_id)', key: 'month_end, unit_id', from: `(${monthEndSelect('o')}) e` },
];

const MONTHLY_KEY = 'unit_id, field, procedure_id, channel, month';

/** The rollups that sum counts, each upserted from the monthly delta: the monthly table itself, then those derived from it. */
const SUM_ROLLUPS: readonly DerivedRollup[] = [{ table: 'dossier_monthly_rollups', key: MONTHLY_KEY, select: (m) => m }, ...DERIVED_ROLLUPS];

/** Every rollup table the dossier deltas keep (and rebuildAllRollups recomputes), in the order applyDeltas upserts them. */
export const ROLLUP_TABLES: readonly string[] = [...SUM_ROLLUPS, ...COUNT_ROLLUPS].map((r) => r.table);

/** A list of column names, each prefixed with a table alias: 'a, b' → 'd.a, d.b'. */
const qualified = (columns: string, alias: string) => columns.replace(/(\w+)/g, `${alias}.$1`);

const DAY = (column: string) => `(date '1970-01-01' + ${column})`;
/** The rollup source columns (SOURCE_COLUMNS and the sign `sg` = 1) of staged rows. */
const NEW_VERSION_ROWS = `select unit_id, field, procedure_id, channel, status, ${DAY('received_day')} as received_date, ${DAY('due_day')} as due_date,
    ${DAY('resolved_day')} as resolved_date, timeliness, 1 as sg`;
const INSTANT = (column: string) => `(timestamptz 'epoch' + ${column} * interval '1 millisecond')`;

/** Thrown when a unit or procedure the rows were checked against is gone by the time of the merge. */
export class StaleReferenceError extends Error {
  readonly text: ReasonedText;
  constructor(why: string | ReasonedText) {
    const text = typeof why === 'string' ? { message: why } : why;
    super(text.message);
    this.text = text;
  }
}

/** Thrown when one code is staged as valid twice (the caller lists the duplicates). */
export class DuplicateStagedCodeError extends Error {}

async function refuseCodesStagedTwice(tx: Db, staging: string): Promise<void> {
  const [twice] = await execRows<{ any: boolean }>(tx, `select exists (select 1 from ${staging} where ok group by code having count(*) > 1) as any`);
  if (twice?.any) throw new DuplicateStagedCodeError('a code is given twice');
}

/**
 * What foreign keys would check, once for the whole staging table instead of once per row: every staged unit and
 * procedure still exists. Procedures are deleted only under the same lock; units are never deleted. `known`: the
 * staged ids when the caller has them (no pass over the staging table).
 */
async function checkReferences(tx: Db, staging: string, known?: { unitIds: number[]; procedureIds: number[] }): Promise<void> {
  const gone = (ids: number[], table: string) =>
    `(select array_agg(i order by i) from unnest('{${ids.join(',')}}'::int[]) i where not exists (select 1 from ${table} t where t.id = i))`;
  const [missing] = await execRows<{ units: number[] | null; procedures: number[] | null }>(
    tx,
    known
      ? `select ${gone(known.unitIds, 'units')} as units, ${gone(known.procedureIds, 'procedures')} as procedures`
      : `with ids as (select distinct unit_id, procedure_id from ${staging} where ok)
     select (select array_agg(distinct unit_id order by unit_id) from ids where not exists (select 1 from units u where u.id = ids.unit_id)) as units,
            (select array_agg(distinct procedure_id order by procedure_id) from ids where not exists (select 1 from procedures p where p.id = ids.procedure_id)) as procedures`,
  );
  const units = missing?.units?.length ? missing.units.join(', ') : null;
  const procedures = missing?.procedures?.length ? missing.procedures.join(', ') : null;
  if (units && procedures) throw new StaleReferenceError(dossierText('dossier_units_procedures_deleted', { units, procedures }));
  if (units) throw new StaleReferenceError(dossierText('dossier_units_deleted', { units }));
  if (procedures) throw new StaleReferenceError(dossierText('dossier_procedures_deleted', { procedures }));
}

/**
 * What every writer of `dossiers` and its rollups does first in its transaction: take the dossier write lock, and
 * give the rollup aggregations (up to a million rows each) room to hash in memory rather than spill to disk.
 */
async function beginDossierWrites(tx: Db): Promise<void> {
  await lockDossierWrites(tx);
  await execRows(tx, `set local work_mem = '128MB'`);
}

/**
 * Up to this many staged rows (a batch push) the temporary tables are not analyzed: PostgreSQL estimates a table
 * never analyzed from its size on disk, which plans these joins as well, and the ANALYZE statements were ~8 ms of a
 * 1,000-row batch, most of it under the dossier write lock.
 */
export const SMALL_MERGE_ROWS = 10_000;

/** What the caller knows of the staged rows, which spares the merge a pass over them. */
export interface StagedFacts {
  /** Every staged code (valid or not) appears once (import.ts keeps a fingerprint of each): the checks for a code given twice are skipped. */
  codesDistinct: boolean;
  /** The distinct years of receipt, units and procedures of the valid staged rows, exactly (absent once rows were dropped). */
  rows?: { years: number[]; unitIds: number[]; procedureIds: number[] };
}

export interface MergeCounts {
  inserted: number;
  updated: number;
  /** Milliseconds spent writing `dossiers` (with the checks before) and the rollups. */
  dossiersMs: number;
  rollupsMs: number;
}

/** The columns of `dossiers` an import writes (besides code and updated_at), and their value from a staged row. */
const WRITTEN: [column: string, staged: (alias: string) => string][] = [
  ['unit_id', (a) => `${a}.unit_id`],
  ['procedure_id', (a) => `${a}.procedure_id`],
  ['field', (a) => `${a}.field`],
  ['channel', (a) => `${a}.channel`],
  ['status', (a) => `${a}.status`],
  ['received_at', (a) => INSTANT(`${a}.received_ms`)],
  ['due_at', (a) => INSTANT(`${a}.due_ms`)],
  ['due_computed', (a) => `${a}.due_computed`],
  ['resolved_at', (a) => INSTANT(`${a}.resolved_ms`)],
  ['returned_at', (a) => INSTANT(`${a}.returned_ms`)],
  ['received_date', (a) => DAY(`${a}.received_day`)],
  ['due_date', (a) => DAY(`${a}.due_day`)],
  ['resolved_date', (a) => DAY(`${a}.resolved_day`)],
  ['timeliness', (a) => `${a}.timeliness`],
];
const WRITTEN_COLUMNS = WRITTEN.map(([c]) => c).join(', ');
/** The staged row `alias` as the row of `dossiers` it becomes (without code and updated_at), for a comparison. */
const stagedRow = (alias: string) => WRITTEN.map(([, v]) => v(alias)).join(', ');
/** The written columns of the dossier row `alias`. */
const storedRow = (alias: string) => WRITTEN.map(([c]) => `${alias}.${c}`).join(', ');
/** code, the written columns (named) and updated_at of the staged rows `st`, for an INSERT … SELECT. */
const INSERTED_VALUES = `st.code, ${WRITTEN.map(([c, v]) => `${v('st')} as ${c}`).join(', ')}, now()`;

/**
 * Merges the valid staged rows into `dossiers` and applies the rollup deltas, inside the caller's transaction
 * (temporary tables are dropped at commit). New codes are inserted and existing ones updated where something
 * differs, in two plain statements (no ON CONFLICT: the lock keeps other writers out).
 *
 * One join of the staged rows with `dossiers` counts the codes that exist and those whose row differs; only the old
 * version of the latter is kept (`prev`), so a re-import of an unchanged file writes nothing. When no staged code
 * exists (a fresh import), the rows of a year that has no partition yet go into a new table indexed and attached
 * afterwards (partitions.ts).
 *
 * A code staged twice as valid throws DuplicateStagedCodeError, or PostgreSQL's unique violation (23505) when the
 * code is new and both rows fall in one year's partition.
 */
export async function mergeStaging(
  tx: Db,
  staging: string,
  suffix: string,
  stagedRows = Number.POSITIVE_INFINITY,
  known: StagedFacts = { codesDistinct: false },
): Promise<MergeCounts> {
  const { codesDistinct } = known;
  const small = stagedRows <= SMALL_MERGE_ROWS;
  const started = performance.now();
  const prev = `dossier_prev_${suffix}`;
  const changed = `dossier_changed_${suffix}`;
  await beginDossierWrites(tx);
  await checkReferences(tx, staging, known.rows);
  const differs = `(${storedRow('d')}) is distinct from (${stagedRow('s')})`;
  const oldVersion = `select d.code, ${qualified(SOURCE_COLUMNS, 'd')}`;
  let matched = 0;
  let changing = 0;
  let okRows = 0;
  if (small) {
    // A batch: one look-up of the staged codes in every partition; `prev` keeps the old version of every existing one
    // (flagged where it differs), which the update and the insert then read instead of looking them up again.
    await execRows(
      tx,
      `create temp table ${prev} on commit drop as
       ${oldVersion}, ${differs} as differs from ${staging} s join dossiers d on d.code = s.code where s.ok`,
    );
    const [counts] = await execRows<{ matched: number; changing: number; ok_rows: number }>(
      tx,
      `select count(*)::int as matched, (count(*) filter (where differs))::int as changing, (select count(*) from ${staging} where ok)::int as ok_rows from ${prev}`,
    );
    ({ matched, changing, ok_rows: okRows } = counts!);
  } else if ((await execRows<{ any: boolean }>(tx, `select exists (select 1 from dossiers) as any`))[0]!.any) {
    // Staged codes that exist (in any year's partition), and how many of them differ; no join when `dossiers` is empty.
    const [counts] = await execRows<{ matched: number; changing: number; ok_rows: number }>(
      tx,
      `select count(d.code)::int as matched, (count(*) filter (where d.code is not null and ${differs}))::int as changing, count(*)::int as ok_rows
       from ${staging} s left join dossiers d on d.code = s.code where s.ok`,
    );
    ({ matched, changing, ok_rows: okRows } = counts!);
  }
  // Each year's partition keeps its codes unique by its own index; a code staged for two years at once, or an
  // existing code staged twice, is found here.
  const { years, detached } = await ensureStagedYearPartitions(tx, staging, matched === 0, known.rows?.years);
  if (!codesDistinct && (years > 1 || matched > 0)) await refuseCodesStagedTwice(tx, staging);
  let updated = 0;
  let inserted = 0;
  if (matched > 0) await execRows(tx, `create temp table ${changed} (code text not null) on commit drop`);
  if (changing > 0) {
    if (!small) {
      // The old version of every staged dossier that exists and differs.
      await execRows(
        tx,
        `create temp table ${prev} on commit drop as ${oldVersion} from ${staging} s join dossiers d on d.code = s.code where s.ok and ${differs}`,
      );
      if (changing > SMALL_MERGE_ROWS) await execRows(tx, `analyze ${prev}`);
    }
    updated = await execCount(
      tx,
      `with u as (
         update dossiers d set (${WRITTEN_COLUMNS}, updated_at) = (${stagedRow('s')}, now())
         from ${staging} s
         where s.ok and s.code in (select code from ${prev}${small ? ' where differs' : ''}) and d.code = s.code and ${differs}
         returning d.code
       )
       insert into ${changed} select code from u`,
    );
  }
  const insertInto = (table: string, where: string) =>
    execCount(tx, `insert into ${table} (code, ${WRITTEN_COLUMNS}, updated_at) select ${INSERTED_VALUES} from ${staging} st where st.ok${where}`);
  if (matched === 0) {
    // Nothing staged exists: every row is inserted, a new year's rows into their detached partition.
    const inYear = (p: DetachedYearPartition) => `st.received_day >= ${p.fromDay} and st.received_day < ${p.toDay}`;
    for (const p of detached) inserted += await insertInto(p.table, ` and ${inYear(p)}`);
    if (detached.length < years) inserted += await insertInto('dossiers', detached.map((p) => ` and not (${inYear(p)})`).join(''));
    await attachYearPartitions(tx, detached);
  } else if (matched < okRows) {
    inserted = await execCount(
      tx,
      `with i as (
         insert into dossiers (code, ${WRITTEN_COLUMNS}, updated_at)
         select ${INSERTED_VALUES} from ${staging} st where st.ok and not exists (select 1 from ${small ? prev : 'dossiers'} d where d.code = st.code)
         returning code
       )
       insert into ${changed} select code from i`,
    );
  }
  if (matched > 0 && !small && inserted + updated > SMALL_MERGE_ROWS) await execRows(tx, `analyze ${changed}`);
  const dossiersDone = performance.now();
  // Only inserted and changed dossiers move the rollups: +1 with the new version, −1 with the old one.
  const moved = (alias: string) => `exists (select 1 from ${changed} c where c.code = ${alias}.code)`;
  if (inserted + updated > 0) {
    await applyDeltas(
      tx,
      matched === 0
        ? `(${NEW_VERSION_ROWS} from ${staging} st where ok)`
        : updated === 0
          ? `(${NEW_VERSION_ROWS} from ${staging} st where ok and ${moved('st')})`
          : `(${NEW_VERSION_ROWS} from ${staging} st where ok and ${moved('st')}
          union all
          select ${SOURCE_COLUMNS}, -1 from ${prev} p where ${moved('p')})`,
    );
  }
  return { inserted, updated, dossiersMs: dossiersDone - started, rollupsMs: performance.now() - dossiersDone };
}

/**
 * Adds the rollup rows of `source` (SOURCE_COLUMNS and a sign `sg`) to the rollup tables (those of DERIVED_ROLLUPS
 * take the monthly delta summed to their keys), in one statement: the monthly delta is aggregated once, each table
 * takes one upsert, and the rows an upsert leaves at zero (a key whose last dossier moved away, the unresolved row of
 * a dossier now resolved) are noted by their `ctid`, which the upsert returns; they are then deleted by a TID scan.
 * A join on the keys instead depends on the planner's estimate of the rows at zero, which ANALYZE never sees: a
 * re-import of 1,000,000 changed dossiers into the national benchmark's table ran such a delete for over 16 minutes
 * (the plan was not captured; docs/scale.md).
 */
async function applyDeltas(tx: Db, source: string): Promise<void> {
  const counts = 'received, resolved, early, on_time, late';
  const nonZero = `(${counts}) <> (0, 0, 0, 0, 0)`;
  const addCounts = `received = r.received + excluded.received, resolved = r.resolved + excluded.resolved, early = r.early + excluded.early,
         on_time = r.on_time + excluded.on_time, late = r.late + excluded.late`;
  const isZero = '(r.received, r.resolved, r.early, r.on_time, r.late) = (0, 0, 0, 0, 0)';
  const upserts = SUM_ROLLUPS.map(
    (rollup, i) => `up${i} as (
       insert into ${rollup.table} as r (${rollup.key}, ${counts})
       select ${rollup.key}, ${counts} from (${rollup.select('select * from d')}) y where ${nonZero}
       on conflict (${rollup.key}) do update set ${addCounts}
       returning r.ctid as row_id, ${isZero} as zero
     )`,
  );
  const countZero = 'r.count = 0';
  for (const rollup of COUNT_ROLLUPS) {
    upserts.push(`up${upserts.length} as (
       insert into ${rollup.table} as r (${rollup.key}, count)
       select ${rollup.key}, count from ${rollup.from} where count <> 0
       on conflict ${rollup.conflict} do update set count = r.count + excluded.count
       returning r.ctid as row_id, ${countZero} as zero
     )`);
  }
  const zeroRows = 'dossier_rollup_zero_rows';
  await execRows(tx, `create temp table ${zeroRows} (rollup integer not null, row_id tid not null) on commit drop`);
  const zeros = await execRows<{ rollup: number }>(
    tx,
    `with d as materialized (${monthlySelect(source)}), o as materialized (${overdueSelect(source)}), ${upserts.join(', ')},
       z as (insert into ${zeroRows} ${upserts.map((_, i) => `select ${i}, row_id from up${i} where zero`).join(' union all ')} returning rollup)
     select distinct rollup from z`,
  );
  // Upsert i of the statement, its table and its zero test.
  const upserted = [...SUM_ROLLUPS.map(({ table }) => ({ table, zero: isZero })), ...COUNT_ROLLUPS.map(({ table }) => ({ table, zero: countZero }))];
  for (const { rollup } of zeros) {
    const { table, zero } = upserted[rollup]!;
    await execRows(tx, `delete from ${table} r where r.ctid = any(array(select row_id from ${zeroRows} where rollup = ${rollup})) and ${zero}`);
  }
}

/**
 * Recomputes dossier_monthly_rollups and dossier_overdue_rollups from every dossier, and the DERIVED_ROLLUPS from the
 * monthly ones, in one transaction (imports keep them current by deltas; this is the reference and the repair).
 */
export async function rebuildAllRollups(db: Db): Promise<void> {
  await db.transaction(async (tx) => rebuildRollupsIn(tx));
}

/** Recomputes every rollup table from the dossiers (inside the caller's transaction). */
export async function rebuildRollupsIn(tx: Db): Promise<void> {
  await beginDossierWrites(tx);
  const source = `(select ${SOURCE_COLUMNS}, 1 as sg from dossiers)`;
  await execRows(tx, 'delete from dossier_monthly_rollups');
  await execRows(tx, 'delete from dossier_overdue_rollups');
  await execRows(
    tx,
    `insert into dossier_monthly_rollups (${MONTHLY_KEY}, received, resolved, early, on_time, late)
     select ${MONTHLY_KEY}, received, resolved, early, on_time, late from (${monthlySelect(source)}) m`,
  );
  await execRows(tx, `insert into dossier_overdue_rollups (${OVERDUE_KEY}, count) select ${OVERDUE_KEY}, count from (${overdueSelect(source)}) o`);
  await rebuildDerivedRollups(tx);
}

/**
 * Recomputes the DERIVED_ROLLUPS from dossier_monthly_rollups, and the month-end overdue rollup from the overdue one
 * (inside the caller's transaction).
 */
export async function rebuildDerivedRollups(tx: Db): Promise<void> {
  for (const rollup of DERIVED_ROLLUPS) {
    await execRows(tx, `delete from ${rollup.table}`);
    await execRows(
      tx,
      `insert into ${rollup.table} (${rollup.key}, received, resolved, early, on_time, late)
       select ${rollup.key}, received, resolved, early, on_time, late from (${rollup.select('select * from dossier_monthly_rollups')}) y`,
    );
  }
  await execRows(tx, 'delete from dossier_overdue_month_end_rollups');
  await execRows(
    tx,
    `insert into dossier_overdue_month_end_rollups (month_end, unit_id, count)
     select month_end, unit_id, count from (${monthEndSelect('dossier_overdue_rollups')}) e where count <> 0`,
  );
}
