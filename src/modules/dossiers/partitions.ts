import { sql } from 'drizzle-orm';
import { execRows } from '../../db/copy.js';
import { type Db, inTransaction, queryRows } from '../../db/client.js';
import { lockDossierWrites } from '../../db/locks.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { fail } from './reasons.js';

/**
 * `dossiers` is partitioned by year of receipt (migration 0015; docs/scale.md "Partitions"): one partition per year
 * from FIRST_PARTITION_YEAR to LAST_PARTITION_YEAR, made on demand by the database function dossier_year_partition
 * when an import first brings dossiers of that year (or, when none of its codes exists yet, filled first and attached
 * after, see ensureStagedYearPartitions); any other year lands in dossiers_default. The rollups are not
 * partitioned: they keep an archived year's figures (at national scale the monthly one is large too — 6.5 M rows for
 * 30 M dossiers in bench/national.ts — see docs/scale.md).
 */
export const FIRST_PARTITION_YEAR = 2000;
export const LAST_PARTITION_YEAR = 2100;

/** The year of a staged row's received_day (days since 1970-01-01), in SQL. */
const STAGED_YEAR = `extract(year from (date '1970-01-01' + received_day))::int`;

/** A year's partition made by the merge before it is attached (see ensureStagedYearPartitions). */
export interface DetachedYearPartition {
  year: number;
  table: string;
  /** The first day of the year and of the next one, in days since 1970-01-01 (the staging table's received_day). */
  fromDay: number;
  toDay: number;
}

/** The advisory lock dossier_year_partition takes while it makes a partition (migration 0015). */
const PARTITION_CREATOR_LOCK = 72616402;

const dayNumber = (year: number) => Date.UTC(year, 0, 1) / 86_400_000;

/**
 * Makes the partitions of every year among the valid staged rows (inside the merge transaction, under the dossier
 * write lock) and returns how many years they span (rows of one year are kept unique by that partition's index alone)
 * and the partitions left detached. `knownYears`: the staged years when the caller has them.
 *
 * With `detachNew` (none of the staged codes exists yet), a year that has no partition and no rows in
 * dossiers_default gets a bare table instead: the merge fills it, and attachYearPartitions then builds its indexes
 * and attaches it (in the same transaction, as dossier_year_partition does). Inserting a million rows and then
 * building the five indexes takes less than half the time of inserting them with the indexes in place
 * (bench/import-dossiers.ts, `dossiers` phase).
 */
export async function ensureStagedYearPartitions(
  tx: Db,
  staging: string,
  detachNew = false,
  knownYears?: number[],
): Promise<{ years: number; detached: DetachedYearPartition[] }> {
  const years = knownYears ?? (await execRows<{ year: number }>(tx, `select distinct ${STAGED_YEAR} as year from ${staging} where ok`)).map((r) => r.year);
  const detached: DetachedYearPartition[] = [];
  for (const year of years) {
    if (year < FIRST_PARTITION_YEAR || year > LAST_PARTITION_YEAR) continue;
    const table = `dossiers_y${year}`;
    if (detachNew) {
      await execRows(tx, `select pg_advisory_xact_lock(${PARTITION_CREATOR_LOCK})`);
      const [state] = await execRows<{ made: boolean; archived: boolean; in_default: boolean }>(
        tx,
        `select to_regclass('${table}') is not null as made, exists (select 1 from dossier_archives where year = ${year}) as archived,
           exists (select 1 from dossiers_default where received_date >= make_date(${year}, 1, 1) and received_date < make_date(${year + 1}, 1, 1)) as in_default`,
      );
      if (!state!.made && !state!.archived && !state!.in_default) {
        const part = { year, table, fromDay: dayNumber(year), toDay: dayNumber(year + 1) };
        await execRows(tx, `create table ${table} (like dossiers including defaults including constraints)`);
        // The partition's bound as a constraint: ATTACH then need not scan the rows to check it.
        await execRows(
          tx,
          `alter table ${table} add constraint ${table}_bound check (received_date >= date '${year}-01-01' and received_date < date '${year + 1}-01-01')`,
        );
        detached.push(part);
        continue;
      }
    }
    await execRows(tx, `select dossier_year_partition(${year})`);
  }
  return { years: years.length, detached };
}

/**
 * Indexes and attaches the partitions ensureStagedYearPartitions left detached, once their rows are in: the unique
 * index on code (a code given twice fails here with 23505, as an insert would) and, by ATTACH, the indexes of
 * `dossiers`.
 */
export async function attachYearPartitions(tx: Db, parts: DetachedYearPartition[]): Promise<void> {
  for (const p of parts) {
    await execRows(tx, `create unique index ${p.table}_code_key on ${p.table} using btree (code)`);
    await execRows(tx, `alter table dossiers attach partition ${p.table} for values from ('${p.year}-01-01') to ('${p.year + 1}-01-01')`);
    await execRows(tx, `alter table ${p.table} drop constraint ${p.table}_bound`);
  }
}

/** Staged valid rows received in an archived year: refused (their year's dossiers are not in `dossiers`). */
export async function stagedRowsOfArchivedYears(db: Db, staging: string): Promise<{ line: number; year: number }[]> {
  const [archives] = await execRows<{ any: boolean }>(db, 'select exists (select 1 from dossier_archives) as any');
  if (!archives?.any) return [];
  return execRows<{ line: number; year: number }>(
    db,
    `select s.line, ${STAGED_YEAR} as year from ${staging} s where ok and ${STAGED_YEAR} in (select year from dossier_archives) order by s.line`,
  );
}

export interface DossierYearPartition {
  year: number | null;
  table: string;
  /** The planner's estimate for large attached partitions, the exact count for small or archived ones. */
  rows: number;
  archived: boolean;
  archivedAt: string | null;
  archivedBy: string | null;
}

/** Every partition of `dossiers` (null year: the default one) and every archived year, oldest first. */
export async function dossierPartitions(db: Db): Promise<DossierYearPartition[]> {
  const partitions = await queryRows<{ table: string; estimate: number }>(
    db,
    sql`select c.relname as table, c.reltuples::float8 as estimate
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'dossiers'::regclass`,
  );
  // The planner's estimate where it has one worth having; a partition never analyzed (-1) or small is counted.
  const attached: { table: string; rows: number }[] = [];
  for (const p of partitions) {
    if (p.estimate >= 1000) attached.push({ table: p.table, rows: Math.round(p.estimate) });
    else {
      const [counted] = await queryRows<{ rows: number }>(db, sql`select count(*)::int as rows from ${sql.identifier(p.table)}`);
      attached.push({ table: p.table, rows: counted?.rows ?? 0 });
    }
  }
  const archived = await queryRows<{ year: number; table_name: string; rows: number; archived_at: Date; archived_by: string }>(
    db,
    sql`select year, table_name, rows, archived_at, archived_by from dossier_archives`,
  );
  const yearOf = (table: string) => (/^dossiers_y(\d{4})$/.exec(table) ? Number(table.slice(-4)) : null);
  return [
    ...attached.map((p) => ({ year: yearOf(p.table), table: p.table, rows: p.rows, archived: false, archivedAt: null, archivedBy: null })),
    ...archived.map((a) => ({
      year: a.year,
      table: a.table_name,
      rows: a.rows,
      archived: true,
      archivedAt: new Date(a.archived_at).toISOString(),
      archivedBy: a.archived_by,
    })),
  ].sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
}

const archiveTable = (year: number) => `dossiers_archived_y${year}`;

/**
 * Detaches the partition of a past year from `dossiers` and keeps it as the table dossiers_archived_y<year>: the
 * dossier list, search and apology letters no longer see its dossiers, imports of that year are refused, and the
 * timeliness figures of the year (the rollups) stay as they were. `today`'s year and later cannot be archived.
 */
export async function archiveDossierYear(db: Db, actor: Actor, year: number, currentYear: number): Promise<{ year: number; table: string; rows: number }> {
  if (year >= currentYear) throw fail('dossier_year_current', { year, current: currentYear });
  return inTransaction(db, async (tx) => {
    await lockDossierWrites(tx);
    const [known] = await queryRows<{ year: number }>(tx, sql`select year from dossier_archives where year = ${year}`);
    if (known) throw fail('dossier_year_already_archived', { year });
    const partition = `dossiers_y${year}`;
    const [exists] = await queryRows<{ attached: boolean }>(
      tx,
      sql`select exists (select 1 from pg_inherits i where i.inhparent = 'dossiers'::regclass and i.inhrelid = to_regclass(${partition})) as attached`,
    );
    if (!exists?.attached) throw fail('dossier_year_not_partitioned', { year });
    const [{ rows }] = (await queryRows<{ rows: number }>(tx, sql.raw(`select count(*)::int as rows from ${partition}`))) as [{ rows: number }];
    await tx.execute(sql.raw(`alter table dossiers detach partition ${partition}`));
    await tx.execute(sql.raw(`alter table ${partition} rename to ${archiveTable(year)}`));
    await tx.execute(sql.raw(`alter index ${partition}_code_key rename to ${archiveTable(year)}_code_key`));
    await tx.execute(
      sql`insert into dossier_archives (year, table_name, rows, archived_by) values (${year}, ${archiveTable(year)}, ${rows}, ${actor.username})`,
    );
    await recordAudit(tx, actor, { action: 'archive', entityType: 'dossier_year', entityId: year, after: { year, table: archiveTable(year), rows } });
    return { year, table: archiveTable(year), rows };
  });
}

/** Attaches an archived year back to `dossiers`, as it was. */
export async function restoreDossierYear(db: Db, actor: Actor, year: number): Promise<{ year: number; table: string; rows: number }> {
  return inTransaction(db, async (tx) => {
    await lockDossierWrites(tx);
    const [known] = await queryRows<{ table_name: string; rows: number }>(tx, sql`select table_name, rows from dossier_archives where year = ${year}`);
    if (!known) throw fail('dossier_year_not_archived', { year });
    const partition = `dossiers_y${year}`;
    await tx.execute(sql.raw(`alter table ${known.table_name} rename to ${partition}`));
    await tx.execute(sql.raw(`alter index ${known.table_name}_code_key rename to ${partition}_code_key`));
    await tx.execute(sql.raw(`alter table dossiers attach partition ${partition} for values from ('${year}-01-01') to ('${year + 1}-01-01')`));
    await tx.execute(sql`delete from dossier_archives where year = ${year}`);
    await recordAudit(tx, actor, {
      action: 'restore',
      entityType: 'dossier_year',
      entityId: year,
      before: { year, table: known.table_name, rows: known.rows },
    });
    return { year, table: partition, rows: known.rows };
  });
}

/** The name of an archived year's table. */
export const ARCHIVED_DOSSIER_YEAR = /^dossiers_archived_y\d{4}$/;

/** An archived year's table, empty, as archiving leaves it (a restore loads its rows from a backup). */
export function createArchivedYearSql(table: string): string {
  if (!ARCHIVED_DOSSIER_YEAR.test(table)) throw new Error(`not an archived year: ${table}`);
  return `create table if not exists ${table} (like dossiers including defaults including constraints);
          create unique index if not exists ${table}_code_key on ${table} using btree (code)`;
}

/** Moves the rows of every year the default partition holds into that year's partition (made as needed). */
export const DOSSIERS_INTO_YEAR_PARTITIONS_SQL = `select dossier_year_partition(year) from (
    select distinct extract(year from received_date)::int as year from dossiers_default) years
  where year between ${FIRST_PARTITION_YEAR} and ${LAST_PARTITION_YEAR} order by year`;
