import { copyText, execRows } from '../../db/copy.js';
import type { Db } from '../../db/client.js';
import type { CheckedDossier } from './rules.js';

/**
 * The SQL side of a dossier import: the staging table COPY fills, the merge into `dossiers`, and the rollups.
 *
 * Rollups are kept exact by deltas: every staged dossier contributes +1 to the rollup keys of its new version and
 * the old version of every staged code that already existed (`prev`, read in the merge transaction) contributes −1;
 * the sums are added to the rollup tables and rows that fall to zero are deleted — so the incremental result is
 * row for row what `rebuildAllRollups` computes from scratch. An unchanged dossier adds and takes away the same.
 */

/** Serializes imports and rollup rebuilds on one database (transaction-level advisory lock). */
const ROLLUP_LOCK_KEY = 72_616_402;

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

const nullable = (n: number | null) => (n === null ? '\\N' : String(n));

/** One valid row as a line of COPY text. */
export function stagedLine(line: number, d: CheckedDossier): string {
  return `${line}\tt\t${copyText(d.code)}\t${d.unitId}\t${d.procedureId}\t${copyText(d.field)}\t${d.channel}\t${d.status}\t${d.receivedMs}\t${d.dueMs}\t${
    d.dueComputed ? 't' : 'f'
  }\t${nullable(d.resolvedMs)}\t${nullable(d.returnedMs)}\t${d.receivedDay}\t${d.dueDay}\t${nullable(d.resolvedDay)}\t${d.timeliness ?? '\\N'}\n`;
}

/** A rejected row that has a code: staged (not merged) so that a later row with the same code is still caught. */
export function rejectedLine(line: number, code: string): string {
  return `${line}\tf\t${copyText(code)}\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n`;
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

/** Overdue rollup rows from `source`: unresolved (not withdrawn or rejected) or resolved after the due date. */
function overdueSelect(source: string): string {
  return `select unit_id, field, procedure_id, channel, due_date, resolved_date, sum(sg)::int as count
    from ${source} src
    where (resolved_date is null and status not in ('withdrawn', 'rejected')) or resolved_date > due_date
    group by unit_id, field, procedure_id, channel, due_date, resolved_date`;
}

const MONTHLY_KEY = 'unit_id, field, procedure_id, channel, month';
const OVERDUE_KEY = 'unit_id, field, procedure_id, channel, due_date, resolved_date';

export async function lockRollups(db: Db): Promise<void> {
  await execRows(db, `select pg_advisory_xact_lock(${ROLLUP_LOCK_KEY})`);
}

export interface MergeCounts {
  inserted: number;
  updated: number;
}

/**
 * Merges the valid staged rows into `dossiers` and applies the rollup deltas. Must run inside a transaction
 * (temporary tables are dropped at commit). A code staged twice as valid makes PostgreSQL refuse the merge
 * (SQLSTATE 21000); the caller then reports the duplicates.
 */
export async function mergeStaging(tx: Db, staging: string, suffix: string): Promise<MergeCounts> {
  const prev = `dossier_prev_${suffix}`;
  await lockRollups(tx);
  // The old version of every staged dossier that already exists.
  await execRows(
    tx,
    `create temp table ${prev} on commit drop as
     select ${SOURCE_COLUMNS} from dossiers d where d.code in (select code from ${staging} where ok)`,
  );
  const ts = (column: string) => `(timestamptz 'epoch' + ${column} * interval '1 millisecond')`;
  const day = (column: string) => `(date '1970-01-01' + ${column})`;
  const [merged] = await execRows<{ written: number; existing: number }>(
    tx,
    `with m as (
       insert into dossiers as d (code, unit_id, procedure_id, field, channel, status, received_at, due_at, due_computed, resolved_at, returned_at,
         received_date, due_date, resolved_date, timeliness, updated_at)
       select code, unit_id, procedure_id, field, channel, status, ${ts('received_ms')}, ${ts('due_ms')}, due_computed, ${ts('resolved_ms')}, ${ts('returned_ms')},
         ${day('received_day')}, ${day('due_day')}, ${day('resolved_day')}, timeliness, now()
       from ${staging} where ok
       on conflict (code) do update set
         unit_id = excluded.unit_id, procedure_id = excluded.procedure_id, field = excluded.field, channel = excluded.channel,
         status = excluded.status, received_at = excluded.received_at, due_at = excluded.due_at, due_computed = excluded.due_computed,
         resolved_at = excluded.resolved_at, returned_at = excluded.returned_at, received_date = excluded.received_date,
         due_date = excluded.due_date, resolved_date = excluded.resolved_date, timeliness = excluded.timeliness, updated_at = now()
       where (d.unit_id, d.procedure_id, d.field, d.channel, d.status, d.received_at, d.due_at, d.due_computed, d.resolved_at, d.returned_at,
              d.received_date, d.due_date, d.resolved_date, d.timeliness)
         is distinct from
             (excluded.unit_id, excluded.procedure_id, excluded.field, excluded.channel, excluded.status, excluded.received_at, excluded.due_at,
              excluded.due_computed, excluded.resolved_at, excluded.returned_at, excluded.received_date, excluded.due_date, excluded.resolved_date,
              excluded.timeliness)
       returning 1
     )
     select (select count(*)::int from m) as written, (select count(*)::int from ${prev}) as existing`,
  );
  const [{ staged }] = (await execRows<{ staged: number }>(tx, `select count(*)::int as staged from ${staging} where ok`)) as [{ staged: number }];
  const inserted = staged - merged!.existing;
  // Every staged code contributes +1 with its new version and −1 with its old one: unchanged rows cancel out,
  // changed ones move between keys, so the rollups need neither the list of changed rows nor a rescan.
  const source = `(select unit_id, field, procedure_id, channel, status, ${day('received_day')} as received_date, ${day('due_day')} as due_date,
                     ${day('resolved_day')} as resolved_date, timeliness, 1 as sg from ${staging} where ok
                   union all
                   select ${SOURCE_COLUMNS}, -1 from ${prev})`;
  await applyDeltas(tx, source, suffix);
  return { inserted, updated: merged!.written - inserted };
}

async function applyDeltas(tx: Db, source: string, suffix: string): Promise<void> {
  const deltaMonthly = `dossier_delta_m_${suffix}`;
  const deltaOverdue = `dossier_delta_o_${suffix}`;
  await execRows(tx, `create temp table ${deltaMonthly} on commit drop as ${monthlySelect(source)}`);
  await execRows(
    tx,
    `insert into dossier_monthly_rollups as r (${MONTHLY_KEY}, received, resolved, early, on_time, late)
     select ${MONTHLY_KEY}, received, resolved, early, on_time, late from ${deltaMonthly}
     where (received, resolved, early, on_time, late) <> (0, 0, 0, 0, 0)
     on conflict (${MONTHLY_KEY}) do update set
       received = r.received + excluded.received, resolved = r.resolved + excluded.resolved, early = r.early + excluded.early,
       on_time = r.on_time + excluded.on_time, late = r.late + excluded.late`,
  );
  await execRows(
    tx,
    `delete from dossier_monthly_rollups r using ${deltaMonthly} d
     where (r.unit_id, r.field, r.procedure_id, r.channel, r.month) = (d.unit_id, d.field, d.procedure_id, d.channel, d.month)
       and (r.received, r.resolved, r.early, r.on_time, r.late) = (0, 0, 0, 0, 0)`,
  );
  await execRows(tx, `create temp table ${deltaOverdue} on commit drop as ${overdueSelect(source)}`);
  await execRows(
    tx,
    `insert into dossier_overdue_rollups as r (${OVERDUE_KEY}, count)
     select ${OVERDUE_KEY}, count from ${deltaOverdue} where count <> 0
     on conflict on constraint dossier_overdue_rollups_key do update set count = r.count + excluded.count`,
  );
  await execRows(
    tx,
    `delete from dossier_overdue_rollups r using ${deltaOverdue} d
     where (r.unit_id, r.field, r.procedure_id, r.channel, r.due_date) = (d.unit_id, d.field, d.procedure_id, d.channel, d.due_date)
       and r.resolved_date is not distinct from d.resolved_date and r.count = 0`,
  );
}

/** Recomputes both rollup tables from every dossier (inside the caller's transaction). */
export async function rebuildRollupsIn(tx: Db): Promise<void> {
  await lockRollups(tx);
  const source = `(select ${SOURCE_COLUMNS}, 1 as sg from dossiers)`;
  await execRows(tx, 'delete from dossier_monthly_rollups');
  await execRows(tx, 'delete from dossier_overdue_rollups');
  await execRows(
    tx,
    `insert into dossier_monthly_rollups (${MONTHLY_KEY}, received, resolved, early, on_time, late)
     select ${MONTHLY_KEY}, received, resolved, early, on_time, late from (${monthlySelect(source)}) m`,
  );
  await execRows(tx, `insert into dossier_overdue_rollups (${OVERDUE_KEY}, count) select ${OVERDUE_KEY}, count from (${overdueSelect(source)}) o`);
}
