import fs from 'node:fs';
import path from 'node:path';

/**
 * What a backup holds of the database, read from the catalog rather than listed by hand, so a table added by a
 * later migration is backed up without touching this module.
 */

/** Tables left out: signing in again after a restore is fine, and a session must not outlive its backup. */
export const SKIPPED_TABLES = new Set(['sessions', 'api_token_calls']);

/**
 * Left out too, and not required empty before a restore: the one row of the reference data's version, which the
 * migrations make and a restore gives a new value (dossiers/reference-data.ts).
 */
export const VERSION_TABLES = new Set(['reference_data_version']);

/** Runs one statement on the session the backup or restore uses; rows as objects. */
export type Query = <T>(statement: string) => Promise<T[]>;

export interface TableInfo {
  name: string;
  /** Stored columns in table order (generated columns are left out: PostgreSQL computes them again). */
  columns: string[];
}

export interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The application's tables (schema `public`, ordinary tables) in dependency order: a table comes after every table
 * its foreign keys point to (ties by name, so the order is stable). A cycle, which the schema does not have, is
 * broken by name; restore drops and re-adds the foreign keys anyway.
 */
export async function listTables(query: Query): Promise<TableInfo[]> {
  const tables = await query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`,
  );
  const names = tables.map((t) => t.name).filter((name) => !SKIPPED_TABLES.has(name) && !VERSION_TABLES.has(name));
  const edges = await query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent from pg_constraint k
       join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = 'public' and k.conrelid <> k.confrelid`,
  );
  const columns = await query<{ table_name: string; column_name: string }>(
    `select c.relname as table_name, a.attname as column_name from pg_attribute a
       join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by c.relname, a.attnum`,
  );
  const parents = new Map<string, Set<string>>(names.map((name) => [name, new Set()]));
  for (const edge of edges) if (parents.has(edge.child) && parents.has(edge.parent)) parents.get(edge.child)!.add(edge.parent);
  const ordered: string[] = [];
  const done = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((name) => !done.has(name) && [...parents.get(name)!].every((p) => done.has(p)));
    const next = ready.length ? ready : [names.find((name) => !done.has(name))!];
    for (const name of next) {
      done.add(name);
      ordered.push(name);
    }
  }
  const columnsOf = new Map<string, string[]>();
  for (const row of columns) {
    if (!columnsOf.has(row.table_name)) columnsOf.set(row.table_name, []);
    columnsOf.get(row.table_name)!.push(row.column_name);
  }
  return ordered.map((name) => ({ name, columns: columnsOf.get(name) ?? [] }));
}

/** The sequences of schema `public` (the serial ids). */
export async function listSequences(query: Query): Promise<string[]> {
  const rows = await query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'S' order by c.relname`,
  );
  return rows.map((r) => r.name);
}

export interface SequenceValue {
  name: string;
  last_value: string;
  is_called: boolean;
}

export async function readSequence(query: Query, name: string): Promise<SequenceValue> {
  const [row] = await query<{ last_value: string | number; is_called: boolean }>(`select last_value::text as last_value, is_called from ${quoteIdent(name)}`);
  return { name, last_value: String(row!.last_value), is_called: row!.is_called };
}

/** Foreign keys declared on the given tables, with their definitions (to drop before a bulk load and add again). */
export async function listForeignKeys(query: Query, tables: string[]): Promise<ForeignKey[]> {
  if (tables.length === 0) return [];
  return query<ForeignKey>(
    `select c.relname as table, k.conname as name, pg_get_constraintdef(k.oid) as definition from pg_constraint k
       join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = 'public' and c.relname in (${tables.map(quoteLiteral).join(', ')})
      order by c.relname, k.conname`,
  );
}

/** Tables among the given ones with triggers of their own (not the internal ones behind foreign keys). */
export async function tablesWithUserTriggers(query: Query, tables: string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const rows = await query<{ name: string }>(
    `select distinct c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where not t.tgisinternal and n.nspname = 'public' and c.relname in (${tables.map(quoteLiteral).join(', ')}) order by 1`,
  );
  return rows.map((r) => r.name);
}

/** The names of the given tables that hold at least one row. */
export async function nonEmptyTables(query: Query, tables: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of tables) {
    const [row] = await query<{ present: boolean }>(`select exists (select 1 from ${quoteIdent(table)}) as present`);
    if (row?.present) found.push(table);
  }
  return found;
}

/** The application's version (package.json). */
export function appVersion(): string {
  const file = path.resolve(import.meta.dirname, '..', '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
