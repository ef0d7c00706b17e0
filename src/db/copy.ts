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
  /** Buffers whole lines; resolves when it may take more (back-pressure from the server or a flushed PGlite chunk). */
  write(chunk: Buffer): Promise<void>;
  /** Flushes what is left and waits until the server has taken every row. */
  end(): Promise<void>;
}

/** Text buffered before it goes to the server as one write (pg) or one COPY statement (PGlite). */
const PG_WRITE_BYTES = 64 * 1024;
const PGLITE_CHUNK_BYTES = 8 * 1024 * 1024;

/** Escapes a value for COPY's text format (backslash, tab, newline, carriage return); null is `\N`. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * COPY text written straight into bytes, a value at a time: a million rows without a million strings. Values of a
 * row are separated by tabs; `endRow()` ends it. `take()` hands over what was written and starts a new buffer.
 */
export class CopyTextEncoder {
  private buf: Buffer;
  private pos = 0;
  private rowStart = true;

  constructor(private readonly initialBytes = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.pos;
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private separate(): void {
    if (this.rowStart) this.rowStart = false;
    else this.buf[this.pos++] = 9;
  }

  /** A safe integer, or null. */
  int(value: number | null): this {
    if (value === null) return this.nul();
    this.room(24);
    this.separate();
    let n = value;
    if (n < 0) {
      this.buf[this.pos++] = 45;
      n = -n;
    }
    if (n < 2_147_483_648) this.smallInt(n | 0);
    else {
      // Epoch milliseconds and the like: two halves that fit small-integer arithmetic.
      const high = Math.floor(n / 100_000_000);
      this.smallInt(high);
      this.padded(n - high * 100_000_000, 8);
    }
    return this;
  }

  private smallInt(n: number): void {
    let digits = 1;
    for (let t = n; t >= 10; t = (t / 10) | 0) digits++;
    this.padded(n, digits);
  }

  private padded(n: number, digits: number): void {
    let at = this.pos + digits;
    this.pos = at;
    for (let k = 0; k < digits; k++) {
      const next = (n / 10) | 0;
      this.buf[--at] = 48 + n - next * 10;
      n = next;
    }
  }

  /** A text value (escaped for COPY), or null. */
  text(value: string | null): this {
    if (value === null) return this.nul();
    const length = value.length;
    this.room(length * 6 + 1);
    this.separate();
    const buf = this.buf;
    let pos = this.pos;
    // Plain ASCII needs neither escaping nor UTF-8 encoding: copied as is (codes, channels, statuses, dates).
    for (let i = 0; i < length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 128 || c === 92 || c === 9 || c === 10 || c === 13) {
        this.pos += buf.write(copyText(value), this.pos, 'utf8');
        return this;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
    return this;
  }

  bool(value: boolean): this {
    this.room(2);
    this.separate();
    this.buf[this.pos++] = value ? 116 : 102;
    return this;
  }

  nul(): this {
    this.room(3);
    this.separate();
    this.buf[this.pos++] = 92;
    this.buf[this.pos++] = 78;
    return this;
  }

  endRow(): void {
    this.room(1);
    this.buf[this.pos++] = 10;
    this.rowStart = true;
  }

  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.initialBytes);
    this.pos = 0;
    return out;
  }
}

/** Chunks held until there are enough to send at once. */
class Buffered {
  private parts: Buffer[] = [];
  size = 0;
  push(chunk: Buffer) {
    this.parts.push(chunk);
    this.size += chunk.length;
  }
  take(): Buffer[] {
    const parts = this.parts;
    this.parts = [];
    this.size = 0;
    return parts;
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
    const parts = buffer.take();
    if (!stream.write(parts.length === 1 ? parts[0]! : Buffer.concat(parts))) {
      await once(stream, 'drain'); // rejects if 'error' comes first, without leaving a listener behind
      if (failure) throw failure;
    }
  };
  return {
    async write(chunk) {
      buffer.push(chunk);
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
    await client.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob(buffer.take() as BlobPart[]) });
  };
  return {
    async write(chunk) {
      buffer.push(chunk);
      if (buffer.size >= PGLITE_CHUNK_BYTES) await flush();
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
        // With an error the pool destroys the connection instead of reusing it (a connection lost meanwhile is
        // dropped either way: it is no longer queryable).
        connection.release(failed ? new Error('bulk session ended by a failure') : undefined);
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

/** Raw SQL on a Drizzle handle (inside a transaction too): the number of rows it wrote. */
export async function execCount(db: Db, statement: string): Promise<number> {
  const result = (await db.execute(sql.raw(statement))) as unknown as { rowCount?: number | null; affectedRows?: number };
  return Number(result.rowCount ?? result.affectedRows ?? 0);
}

/** Raw SQL on a Drizzle handle (inside a transaction too), rows as objects. */
export async function execRows<T>(db: Db, statement: string): Promise<T[]> {
  const result = (await db.execute(sql.raw(statement))) as unknown as { rows: T[] };
  return result.rows;
}
