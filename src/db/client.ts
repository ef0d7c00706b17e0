import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.js';
import { markDatabaseUnavailable } from './unavailable.js';
import { type ChannelHandlers, listenPglite, listenPostgres, type Unlisten } from './notify.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction is a PgDatabase too: functions that may run inside one or outside take a DbOrTx. */
export type DbOrTx = Db;

declare const inTransactionBrand: unique symbol;
/**
 * A handle that is known to be inside a transaction. Only `inTransaction` makes one, and the audit log takes
 * nothing else: "the audit row is written in the transaction of the change" is checked by the compiler.
 */
export type Tx = Db & { readonly [inTransactionBrand]: true };

/** Runs `work` in one transaction (nested: a savepoint when `db` is already a transaction). */
export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx as unknown as Tx));
}

/** Rows of a raw SQL query; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

export interface Database {
  kind: 'postgres' | 'pglite';
  db: Db;
  /**
   * Runs pending migrations; safe to call from several app servers at once on PostgreSQL. `folder`: another
   * migrations folder (a test of one migration applies those before it first).
   */
  migrate(folder?: string): Promise<void>;
  migrationStatus(): Promise<{ version: string | null; count: number }>;
  /**
   * LISTENs on channels (src/db/notify.ts), on one connection; `onGap` is called when notifications may have been
   * lost (the listening connection was lost and is back).
   */
  listen(channels: ChannelHandlers, onGap: () => void): Promise<Unlisten>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, 'migrations');
// Any constant works; it only has to be the same for every parindex server on one database.
const MIGRATION_LOCK_KEY = 72_616_401;

export interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

function readJournalFile(): { entries: JournalEntry[] } {
  return JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
}

/** The migrations this code knows, in order. */
export const readJournal = (): JournalEntry[] => readJournalFile().entries;

/**
 * A copy of the migrations folder whose journal stops after its first `count` migrations: what migrates a database
 * to an older schema (a restore of an archive made by older code; a test of one migration). The caller removes it.
 */
export async function migrationsFolderUpTo(count: number): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'parindex-migrations-'));
  await fsp.mkdir(path.join(dir, 'meta'));
  const journal = readJournalFile();
  const entries = journal.entries.slice(0, count);
  await fsp.writeFile(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  for (const entry of entries) await fsp.copyFile(path.join(MIGRATIONS_DIR, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
  return dir;
}

async function migrationStatus(db: Db): Promise<{ version: string | null; count: number }> {
  const exists = await queryRows<{ present: boolean }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!exists[0]?.present) return { version: null, count: 0 };
  const applied = await queryRows<{ created_at: string }>(db, sql`select created_at from drizzle.__drizzle_migrations order by created_at`);
  const journal = readJournal();
  const lastApplied = applied.at(-1);
  const entry = lastApplied ? journal.find((e) => String(e.when) === String(lastApplied.created_at)) : undefined;
  return { version: entry?.tag ?? null, count: applied.length };
}

/** Connections of one app server to a PostgreSQL server. */
export const POOL_SIZE = 10;
/**
 * How long a request waits for a connection (a new one, or a free one when all POOL_SIZE are busy) before it is
 * answered 503 database_unavailable: a server that does not answer must not hold requests for ever.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The pg pool, made to survive its database (issue 9). node-postgres reports a lost connection (a terminated
 * backend, a restart, a pooler or network reset) as an 'error' event on the client; the pool listens only while
 * the client is idle, and an 'error' event nobody listens to ends the process. So:
 * - every client gets a listener of its own for its whole life: a connection lost while a request holds it (a
 *   transaction, the COPY session of an import) fails that request's queries with the error, nothing else, and
 *   the client leaves the pool at once (see below);
 * - an idle client's error (reported by the pool) is dropped with the client;
 * - an error while connecting (refused, timed out, "database is not accepting connections", too many clients)
 *   is marked as database-unavailable, whatever its SQLSTATE, so that the request is answered 503;
 * - TCP keep-alive finds a connection whose peer went away without a word.
 * The pool opens new connections on demand, so it recovers by itself as soon as the server answers again.
 */
function openPool(url: string, { readOnly = false }: { readOnly?: boolean } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  pool.on('error', () => undefined);
  // pg-pool keeps no public way to drop a client someone holds; these internals are checked before use.
  const internals = pool as unknown as {
    _clients?: unknown[];
    _idle?: { client: unknown }[];
    _remove?: (client: unknown, callback?: () => void) => void;
    _pulseQueue?: () => void;
  };
  const heldByRequest = (client: unknown) =>
    Array.isArray(internals._clients) &&
    Array.isArray(internals._idle) &&
    internals._clients.includes(client) &&
    !internals._idle.some((i) => i.client === client);
  pool.on('connect', (client) => {
    client.on('error', () => {
      // Lost while a request holds it: taken out of the pool's count now (ended, and the next waiting request
      // gets a new connection), because a holder may never release it — drizzle's transaction() does not when
      // its BEGIN fails — and ten such clients would leave the pool with no connection for good. Releasing it
      // later is harmless. (An idle client is the pool's own listener's business.)
      if (heldByRequest(client) && internals._remove && internals._pulseQueue) {
        internals._remove.call(pool, client, internals._pulseQueue.bind(pool));
      }
    });
  });
  // pool.query() and drizzle's transactions both go through connect(callback) or connect().
  const connect = pool.connect.bind(pool) as (
    callback?: (err: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void,
  ) => unknown;
  (pool as { connect: unknown }).connect = (callback?: (err: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void) => {
    if (callback) return connect((err, client, done) => callback(err ? markDatabaseUnavailable(err) : err, client, done));
    return (connect() as Promise<pg.PoolClient>).catch((err: Error) => {
      throw markDatabaseUnavailable(err);
    });
  };
  return pool;
}

/**
 * A read-only pool on a streaming replica (DATABASE_REPLICA_URL, src/db/replica.ts): no migrations (the primary's
 * arrive by replication), and every transaction read-only, so a write routed there by mistake fails loudly.
 */
export function openReplica(url: string): { db: Db; close(): Promise<void> } {
  const pool = openPool(url, { readOnly: true });
  return { db: drizzlePg({ client: pool, schema }) as unknown as Db, close: () => pool.end() };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = openPool(target.url);
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return {
      kind: 'postgres',
      db,
      async migrate(folder = MIGRATIONS_DIR) {
        const client = await pool.connect();
        try {
          await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
          try {
            await migratePg(drizzlePg({ client, schema }), { migrationsFolder: folder });
          } finally {
            await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
          }
        } finally {
          client.release();
        }
      },
      migrationStatus: () => migrationStatus(db),
      listen: (channels, onGap) => listenPostgres(target.url, channels, onGap),
      close: () => pool.end(),
    };
  }
  if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
  const client = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async migrate(folder = MIGRATIONS_DIR) {
      await migratePglite(drizzlePglite({ client, schema }), { migrationsFolder: folder });
    },
    migrationStatus: () => migrationStatus(db),
    listen: (channels) => listenPglite(client, channels),
    close: () => client.close(),
  };
}
