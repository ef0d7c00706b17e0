/**
 * PostgreSQL LISTEN/NOTIFY between the app servers of one database (issue 14): a server that changes something other
 * servers keep in memory (a session ended, an account disabled) sends a notification, and every server listening
 * forgets its copy at once. A notification sent inside a transaction is delivered when it commits, never when it
 * rolls back.
 */
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { DbOrTx } from './client.js';

/** Sessions to forget: the payload is a session's id hash, or `user:<id>` for every session of a user. */
export const SESSIONS_CHANNEL = 'parindex_sessions';
/** A publication or correction of results committed: the payload is the round's id. */
export const PUBLICATIONS_CHANNEL = 'parindex_publications';

export async function notify(db: DbOrTx, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

/** Stops listening. */
export type Unlisten = () => Promise<void>;

/** How long to wait before connecting the listener again after its connection was lost. */
export const LISTEN_RETRY_MS = 1_000;

/**
 * Listens to `channels` on one dedicated connection (LISTEN holds its connection; a pooled one would be handed to requests). When
 * the connection is lost, it connects again every LISTEN_RETRY_MS until it succeeds, and calls `onGap` each time
 * it is listening again: notifications sent in between were lost, so the caller forgets everything it holds.
 */
export type ChannelHandlers = Record<string, (payload: string) => void>;

export async function listenPostgres(url: string, channels: ChannelHandlers, onGap: () => void): Promise<Unlisten> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    next.on('notification', (message) => {
      channels[message.channel]?.(message.payload ?? '');
    });
    const lost = () => {
      if (client !== next) return;
      client = null;
      void next.end().catch(() => undefined);
      schedule();
    };
    next.on('error', lost);
    next.on('end', lost);
    await next.connect();
    for (const channel of Object.keys(channels)) await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      connect().then(onGap, () => schedule());
    }, LISTEN_RETRY_MS);
    retry.unref();
  };

  // A database that does not answer yet must not stop the server from starting: it keeps trying.
  await connect().catch(() => schedule());
  return async () => {
    closed = true;
    if (retry) clearTimeout(retry);
    const current = client;
    client = null;
    await current?.end().catch(() => undefined);
  };
}

/** PGlite runs in this process: its notifications reach the listeners of the same database object. */
export async function listenPglite(client: PGlite, channels: ChannelHandlers): Promise<Unlisten> {
  const unlisten = await Promise.all(Object.entries(channels).map(([channel, onMessage]) => client.listen(channel, onMessage)));
  return async () => {
    for (const stop of unlisten) await stop();
  };
}
