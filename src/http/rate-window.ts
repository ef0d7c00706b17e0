import { and, asc, count, eq, lte, sql } from 'drizzle-orm';
import { type Db, inTransaction } from '../db/client.js';
import { apiTokenCalls } from '../db/schema.js';

export type Taken = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * At most `limit` calls per machine token in any `windowMs` (a sliding window of the times of the accepted calls),
 * counted in the database: every app server on one database counts the same calls (issue 14). Each call takes a
 * per-token transaction lock, drops the token's calls older than the window, counts the rest and, under the limit,
 * records itself — so parallel calls on several servers never let more than `limit` through.
 */
export class RateWindow {
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts a call at `now` when the token is under its limit; otherwise says how long until it is. */
  take(db: Db, tokenId: number, now: number): Promise<Taken> {
    const since = new Date(now - this.windowMs);
    return inTransaction(db, async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`machine-calls:${tokenId}`}, 0))`);
      await tx.delete(apiTokenCalls).where(and(eq(apiTokenCalls.tokenId, tokenId), lte(apiTokenCalls.calledAt, since)));
      const [row] = await tx.select({ calls: count() }).from(apiTokenCalls).where(eq(apiTokenCalls.tokenId, tokenId));
      if ((row?.calls ?? 0) >= this.limit) {
        const [oldest] = await tx
          .select({ calledAt: apiTokenCalls.calledAt })
          .from(apiTokenCalls)
          .where(eq(apiTokenCalls.tokenId, tokenId))
          .orderBy(asc(apiTokenCalls.calledAt))
          .limit(1);
        return { ok: false, retryAfterMs: (oldest?.calledAt.getTime() ?? now) + this.windowMs - now };
      }
      await tx.insert(apiTokenCalls).values({ tokenId, calledAt: new Date(now) });
      return { ok: true } as const;
    });
  }
}
