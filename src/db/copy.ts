import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Db } from './client.js';
import * as schema from './schema.js';

/**
 * Bulk loading with PostgreSQL COPY on either database kind, for imports of millions of rows.
 *
 * A BulkSession is ONE database session: temporary tables created through it stay visible to its COPY writers
 * and to its `db` (Drizzle bound to that session, for the merge transaction). On a server it holds a pooled
 * connection of its own (COPY FROM STDIN through pg-copy-streams); on PGlite — one session for the whole process —
 * it is the PGlite instance itself and COPY reads `'/dev/blob'` in bounded chunks.
 *
 * Release it with `release(failed)`: after a failure the server connection is destroyed rather than returned
 * to the pool, which ends a COPY or a transaction that was still open and drops the session's temporary tables.
 */
export interface BulkSession {
  kind: Database['kind'];
  /** Drizzle on this session's connection. */
  db: Db;
  exec(statement: string): Promise<void>;
  query<T>(statement: string): Promise<T[]>;
  /** Starts `COPY <target> FROM …` in PostgreSQL's text format; write whole lines ending with '\n'. */
  copyWriter(target: string): CopyWriter;
  release(failed: boolean): Promise<void>;
}

export interface CopyWriter {
  /** Buffers text; resolves when it may take more (back-pressure from the server or a flushed PGlite chunk). */
  write(text: string): Promise<void>;
  /** Flushes what is left and waits until the server has taken every row. */
  end(): Promise<void>;
}

/** Text buffered before it goes to the server as one write (pg) or one COPY statement (PGlite). */
const PG_WRITE_BYTES = 64 * 1024;
const PGLITE_CHUNK_CHARS = 8 * 1024 * 1024;

/** Escapes a value for COPY's text format (backslash, tab, newline, carriage return); null is `\N`. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

class Buffered {
  private parts: string[] = [];
  size = 0;
  push(text: string) {
    this.parts.push(text);
    this.size += text.length;
  }
  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    return text;
  }
}

function pgWriter(client: pg.PoolClient, target: string): CopyWriter {
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
  let failure: Error | null = null;
  stream.on('error', (error: Error) => {
    failure ??= error;
  });
  const buffer = new Buffered();
  const flush = async () => {
    if (failure) throw failure;
    if (buffer.size === 0) return;
    if (!stream.write(buffer.take())) {
      await Promise.race([once(stream, 'drain'), once(stream, 'error')]);
      if (failure) throw failure;
    }
  };
  return {
    async write(text) {
      buffer.push(text);
      if (buffer.size >= PG_WRITE_BYTES) await flush();
    },
    async end() {
      await flush();
      stream.end();
      await finished(stream);
      if (failure) throw failure;
    },
  };
}

function pgliteWriter(client: PGlite, target: string): CopyWriter {
  const buffer = new Buffered();
  const flush = async () => {
    if (buffer.size === 0) return;
    await client.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([buffer.take()]) });
  };
  return {
    async write(text) {
      buffer.push(text);
      if (buffer.size >= PGLITE_CHUNK_CHARS) await flush();
    },
    end: flush,
  };
}

export async function openBulkSession(database: Database): Promise<BulkSession> {
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'postgres') {
    const connection = await (client as pg.Pool).connect();
    // Room for the staging table in memory; refused (and not needed) once the session has used temporary tables.
    await connection.query(`set temp_buffers = '256MB'`).catch(() => undefined);
    return {
      kind: 'postgres',
      db: drizzlePg({ client: connection, schema }) as unknown as Db,
      async exec(statement) {
        await connection.query(statement);
      },
      async query<T>(statement: string) {
        return (await connection.query(statement)).rows as T[];
      },
      copyWriter: (target) => pgWriter(connection, target),
      async release(failed) {
        connection.release(failed ? true : undefined);
      },
    };
  }
  const lite = client as PGlite;
  return {
    kind: 'pglite',
    db: database.db,
    async exec(statement) {
      await lite.exec(statement);
    },
    async query<T>(statement: string) {
      return (await lite.query<T>(statement)).rows;
    },
    copyWriter: (target) => pgliteWriter(lite, target),
    async release() {
      // The PGlite session is the process's only one; the caller drops its temporary tables.
    },
  };
}

/** Raw SQL on a Drizzle handle (inside a transaction too), rows as objects. */
export async function execRows<T>(db: Db, statement: string): Promise<T[]> {
  const result = (await db.execute(sql.raw(statement))) as unknown as { rows: T[] };
  return result.rows;
}
