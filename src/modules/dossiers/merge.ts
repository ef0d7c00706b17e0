import { type CopyTextEncoder, execCount, execRows } from '../../db/copy.js';
import type { Db } from '../../db/client.js';
import { lockDossierWrites } from '../../db/locks.js';
import type { CheckedDossier } from './rules.js';
import type { ReasonedText } from '../../errors.js';
import { dossierText } from './reasons.js';
import { ensureStagedYearPartitions } from './partitions.js';
import { BARE_COLUMNS, countsForOverdueSql, sqlText } from '../timeliness/overdue.js';

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

/** Overdue rollup rows from `source`: unresolved (not withdrawn or rejected) or resolved after the due date. */
function overdueSelect(source: string): string {
  return `select unit_id, field, procedure_id, channel, due_date, resolved_date, sum(sg)::int as count
    from ${source} src
    where ${IN_OVERDUE_ROLLUP}
    group by unit_id, field, procedure_id, channel, due_date, resolved_date`;
}

const MONTHLY_KEY = 'unit_id, field, procedure_id, channel, month';
const OVERDUE_KEY = 'unit_id, field, procedure_id, channel, due_date, resolved_date';
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
 * procedure still exists. Procedures are deleted only under the same lock; units are never deleted.
 */
async function checkReferences(tx: Db, staging: string): Promise<void> {
  const [missing] = await execRows<{ units: number[] | null; procedures: number[] | null }>(
    tx,
    `with ids as (select distinct unit_id, procedure_id from ${staging} where ok)
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

export interface MergeCounts {
  inserted: number;
  updated: number;
  /** Milliseconds spent writing `dossiers` (with the checks before) and the rollups. */
  dossiersMs: number;
  rollupsMs: number;
}

/**
 * Merges the valid staged rows into `dossiers` and applies the rollup deltas, inside the caller's transaction
 * (temporary tables are dropped at commit). New codes are inserted and existing ones updated where something
 * differs, in two plain statements (no ON CONFLICT: the lock keeps other writers out). A code staged twice as
 * valid throws DuplicateStagedCodeError, or PostgreSQL's unique violation (23505) when the code is new and both rows
 * fall in one year's partition. The partitions of the staged years are made first (partitions.ts).
 */
export async function mergeStaging(tx: Db, staging: string, suffix: string, stagedRows = Number.POSITIVE_INFINITY): Promise<MergeCounts> {
  const small = stagedRows <= SMALL_MERGE_ROWS;
  const started = performance.now();
  const prev = `dossier_prev_${suffix}`;
  const changed = `dossier_changed_${suffix}`;
  await beginDossierWrites(tx);
  await checkReferences(tx, staging);
  // Each year's partition keeps its codes unique by its own index; a code staged for two years at once is found here.
  if ((await ensureStagedYearPartitions(tx, staging)) > 1) await refuseCodesStagedTwice(tx, staging);
  // The old version of every staged dossier that already exists (in any year's partition).
  await execRows(
    tx,
    `create temp table ${prev} on commit drop as
     select code, ${SOURCE_COLUMNS} from dossiers d where d.code in (select code from ${staging} where ok)`,
  );
  const [{ existing }] = (await execRows<{ existing: number }>(tx, `select count(*)::int as existing from ${prev}`)) as [{ existing: number }];
  // Temporary tables get no statistics on their own; without them the joins below may be planned as nested loops.
  if (existing > 0 && !small) await execRows(tx, `analyze ${prev}`);
  const values = `code, unit_id, procedure_id, field, channel, status, ${INSTANT('received_ms')} as received_at, ${INSTANT('due_ms')} as due_at, due_computed,
    ${INSTANT('resolved_ms')} as resolved_at, ${INSTANT('returned_ms')} as returned_at, ${DAY('received_day')} as received_date, ${DAY('due_day')} as due_date,
    ${DAY('resolved_day')} as resolved_date, timeliness`;
  const columns = `unit_id, procedure_id, field, channel, status, received_at, due_at, due_computed, resolved_at, returned_at, received_date, due_date, resolved_date, timeliness`;
  let updated = 0;
  if (existing > 0) {
    // UPDATE … FROM would quietly take one of two rows for the same code: count them first.
    const [{ matched }] = (await execRows<{ matched: number }>(
      tx,
      `select count(*)::int as matched from ${staging} s where ok and exists (select 1 from ${prev} p where p.code = s.code)`,
    )) as [{ matched: number }];
    if (matched > existing) throw new DuplicateStagedCodeError('a code is given twice');
    await execRows(tx, `create temp table ${changed} (code text not null) on commit drop`);
    const prefixed = (alias: string) => columns.replace(/(\w+)/g, `${alias}.$1`);
    updated = await execCount(
      tx,
      `with u as (
         update dossiers d set (${columns}, updated_at) = (${prefixed('s')}, now())
         from (select ${values} from ${staging} st where ok and exists (select 1 from ${prev} p where p.code = st.code)) s
         where d.code = s.code and (${prefixed('d')}) is distinct from (${prefixed('s')})
         returning d.code
       )
       insert into ${changed} select code from u`,
    );
  }
  let inserted: number;
  if (existing === 0) {
    inserted = await execCount(tx, `insert into dossiers (code, ${columns}, updated_at) select ${values}, now() from ${staging} st where ok`);
  } else {
    inserted = await execCount(
      tx,
      `with i as (
         insert into dossiers (code, ${columns}, updated_at)
         select ${values}, now() from ${staging} st where ok and not exists (select 1 from ${prev} p where p.code = st.code)
         returning code
       )
       insert into ${changed} select code from i`,
    );
    if (!small) await execRows(tx, `analyze ${changed}`);
  }
  const dossiersDone = performance.now();
  // Only inserted and changed dossiers move the rollups: +1 with the new version, −1 with the old one.
  const moved = (alias: string) => `exists (select 1 from ${changed} c where c.code = ${alias}.code)`;
  await applyDeltas(
    tx,
    existing === 0
      ? `(${NEW_VERSION_ROWS} from ${staging} st where ok)`
      : `(${NEW_VERSION_ROWS} from ${staging} st where ok and ${moved('st')}
          union all
          select ${SOURCE_COLUMNS}, -1 from ${prev} p where ${moved('p')})`,
  );
  return { inserted, updated, dossiersMs: dossiersDone - started, rollupsMs: performance.now() - dossiersDone };
}

/**
 * Adds the rollup rows of `source` (SOURCE_COLUMNS and a sign `sg`) to the rollup tables (those of DERIVED_ROLLUPS
 * take the monthly delta summed to their keys). Each table takes one upsert straight from the aggregation, which counts the rows it
 * left at zero; only when there are some (a key whose last dossier moved away) is the aggregation run again to delete
 * them. A 1,000-dossier batch thus costs two statements instead of six with two temporary tables (bench/feed-batch.ts).
 */
async function applyDeltas(tx: Db, source: string): Promise<void> {
  const counts = 'received, resolved, early, on_time, late';
  const nonZero = `(${counts}) <> (0, 0, 0, 0, 0)`;
  const addCounts = `received = r.received + excluded.received, resolved = r.resolved + excluded.resolved, early = r.early + excluded.early,
         on_time = r.on_time + excluded.on_time, late = r.late + excluded.late`;
  const isZero = '(r.received, r.resolved, r.early, r.on_time, r.late) = (0, 0, 0, 0, 0)';
  // One statement for the monthly table and those summed from it, so that the delta is aggregated once.
  const tables = [{ table: 'dossier_monthly_rollups', key: MONTHLY_KEY, select: (m: string) => m }, ...DERIVED_ROLLUPS];
  const upserts = tables.map(
    (rollup, i) => `up${i} as (
       insert into ${rollup.table} as r (${rollup.key}, ${counts})
       select ${rollup.key}, ${counts} from (${rollup.select('select * from d')}) y where ${nonZero}
       on conflict (${rollup.key}) do update set ${addCounts}
       returning ${isZero} as zero
     )`,
  );
  const [zeros] = await execRows<Record<string, number>>(
    tx,
    `with d as materialized (${monthlySelect(source)}), ${upserts.join(', ')}
     select ${tables.map((_, i) => `(select count(*) filter (where zero) from up${i})::int as z${i}`).join(', ')}`,
  );
  for (const [i, rollup] of tables.entries()) {
    if (zeros![`z${i}`] === 0) continue;
    const keys = (alias: string) => rollup.key.replace(/(\w+)/g, `${alias}.$1`);
    await execRows(
      tx,
      `delete from ${rollup.table} r using (select distinct ${rollup.key} from (${rollup.select(monthlySelect(source))}) m) d
       where (${keys('r')}) = (${keys('d')}) and ${isZero}`,
    );
  }
  const [overdue] = await execRows<{ zeros: number }>(
    tx,
    `with up as (
       insert into dossier_overdue_rollups as r (${OVERDUE_KEY}, count)
       select ${OVERDUE_KEY}, count from (${overdueSelect(source)}) d where count <> 0
       on conflict on constraint dossier_overdue_rollups_key do update set count = r.count + excluded.count
       returning r.count = 0 as zero
     )
     select count(*) filter (where zero)::int as zeros from up`,
  );
  if (overdue!.zeros > 0) {
    await execRows(
      tx,
      `delete from dossier_overdue_rollups r using (select distinct ${OVERDUE_KEY} from (${overdueSelect(source)}) o) d
       where (r.unit_id, r.field, r.procedure_id, r.channel, r.due_date) = (d.unit_id, d.field, d.procedure_id, d.channel, d.due_date)
         and r.resolved_date is not distinct from d.resolved_date and r.count = 0`,
    );
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

/** Recomputes the DERIVED_ROLLUPS from dossier_monthly_rollups (inside the caller's transaction). */
export async function rebuildDerivedRollups(tx: Db): Promise<void> {
  for (const rollup of DERIVED_ROLLUPS) {
    await execRows(tx, `delete from ${rollup.table}`);
    await execRows(
      tx,
      `insert into ${rollup.table} (${rollup.key}, received, resolved, early, on_time, late)
       select ${rollup.key}, received, resolved, early, on_time, late from (${rollup.select('select * from dossier_monthly_rollups')}) y`,
    );
  }
}
