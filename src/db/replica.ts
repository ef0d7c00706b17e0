import { sql } from 'drizzle-orm';
import { type Db, queryRows } from './client.js';

/**
 * Reads routed to a streaming replica (issue 14, docs/scale.md "A read replica"). Reports, dashboards, public pages
 * and exports read from the replica (routes marked `reads: 'replica'`); everything else, every write, and every read
 * by a client within `readYourWritesMs` of its own write (the write cookie, src/http/app.ts) go to the primary. A
 * replica that does not answer, or lags more than `maxLagMs`, is left aside until it catches up: reads fall back to
 * the primary rather than show old figures.
 */

export interface ReplicaConnection {
  db: Db;
  close(): Promise<void>;
}

export interface ReplicaStatus {
  configured: boolean;
  /** The replica answered the last check (null when there is none). */
  reachable: boolean | null;
  /** Seconds since the last transaction the replica has replayed, 0 when it has replayed all it received. */
  lagSeconds: number | null;
  /** WAL the primary has written that the replica has not replayed yet. */
  lagBytes: number | null;
  /** Whether routed reads go to the replica now (reachable and within the allowed lag). */
  usedForReads: boolean;
  checkedAt: string | null;
}

export interface ReadRoutingOptions {
  maxLagMs: number;
  readYourWritesMs: number;
  /** How long one check of the replica's lag is trusted. */
  checkEveryMs?: number;
  /** How long a check may take before the replica counts as unreachable. */
  checkTimeoutMs?: number;
}

const NO_REPLICA: ReplicaStatus = { configured: false, reachable: null, lagSeconds: null, lagBytes: null, usedForReads: false, checkedAt: null };

export class ReadRouting {
  private status: ReplicaStatus;
  private checkedAtMs = -Infinity;
  private checking: Promise<ReplicaStatus> | null = null;
  /** The primary's WAL positions at the recent checks, oldest first (a few minutes' worth). */
  private readonly samples: WalSample[] = [];
  private readonly checkEveryMs: number;
  private readonly checkTimeoutMs: number;

  constructor(
    private readonly primary: Db,
    private readonly replica: ReplicaConnection | null,
    private readonly options: ReadRoutingOptions,
  ) {
    this.status = replica ? { ...NO_REPLICA, configured: true } : NO_REPLICA;
    this.checkEveryMs = options.checkEveryMs ?? 1_000;
    this.checkTimeoutMs = options.checkTimeoutMs ?? 1_000;
  }

  get readYourWritesMs(): number {
    return this.options.readYourWritesMs;
  }

  /**
   * The database a routed read goes to: the primary when there is no usable replica or the client wrote at
   * `lastWriteMs` less than readYourWritesMs before `nowMs`. The first routed read after start goes to the primary
   * while the replica's first check runs.
   */
  async reader(lastWriteMs: number | null, nowMs: number): Promise<Db> {
    if (!this.replica) return this.primary;
    if (lastWriteMs !== null && nowMs - lastWriteMs < this.options.readYourWritesMs) return this.primary;
    // A replica left aside (or not checked yet) is checked in the background: reads do not wait for one that is down.
    if (!this.status.usedForReads) {
      void this.current();
      return this.primary;
    }
    return (await this.current()).usedForReads ? this.replica.db : this.primary;
  }

  /** The replica's state, checked at most every checkEveryMs (one check at a time, shared by concurrent callers). */
  async current(): Promise<ReplicaStatus> {
    if (!this.replica) return NO_REPLICA;
    if (performance.now() - this.checkedAtMs < this.checkEveryMs) return this.status;
    this.checking ??= this.check(this.replica).finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async check(replica: ReplicaConnection): Promise<ReplicaStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('replica check timed out')), this.checkTimeoutMs);
    });
    const measured = this.measureLag(replica.db);
    measured.catch(() => undefined);
    let status: ReplicaStatus;
    try {
      const lag = await Promise.race([measured, timeout]);
      const usable = lag.inRecovery && lag.lagSeconds * 1000 <= this.options.maxLagMs;
      status = {
        configured: true,
        reachable: true,
        lagSeconds: lag.lagSeconds,
        lagBytes: lag.lagBytes,
        usedForReads: usable,
        checkedAt: new Date().toISOString(),
      };
    } catch {
      status = { configured: true, reachable: false, lagSeconds: null, lagBytes: null, usedForReads: false, checkedAt: new Date().toISOString() };
    } finally {
      clearTimeout(timer);
    }
    this.status = status;
    this.checkedAtMs = performance.now();
    return status;
  }

  /**
   * The primary's WAL position first, then the replica's replay position: a replica that keeps up has replayed at
   * least what the primary had a moment before. A server that is not in recovery is no replica (a wrong URL): never
   * used for reads.
   */
  private async measureLag(replica: Db): Promise<{ inRecovery: boolean; lagSeconds: number; lagBytes: number }> {
    const [primary] = await queryRows<{ lsn: string }>(this.primary, sql`select pg_current_wal_lsn()::text as lsn`);
    const atMs = Date.now();
    const [row] = await queryRows<{ in_recovery: boolean; replay_lsn: string | null; since_commit: number | null }>(
      replica,
      sql`select pg_is_in_recovery() as in_recovery, pg_last_wal_replay_lsn()::text as replay_lsn,
                 extract(epoch from (clock_timestamp() - pg_last_xact_replay_timestamp()))::float8 as since_commit`,
    );
    if (!row?.in_recovery || row.replay_lsn === null || !primary) return { inRecovery: false, lagSeconds: 0, lagBytes: 0 };
    const primaryLsn = lsnBytes(primary.lsn);
    const replayLsn = lsnBytes(row.replay_lsn);
    this.samples.push({ atMs, lsn: primaryLsn });
    const keepMs = Math.max(SAMPLES_KEPT_MS, 2 * this.options.maxLagMs);
    while (this.samples.length > 1 && atMs - this.samples[0]!.atMs > keepMs) this.samples.shift();
    const lagSeconds = lagFromSamples(this.samples, replayLsn, Date.now(), Math.max(0, Number(row.since_commit ?? 0)));
    return { inRecovery: true, lagSeconds, lagBytes: Number(primaryLsn > replayLsn ? primaryLsn - replayLsn : 0n) };
  }

  async close(): Promise<void> {
    await this.replica?.close();
  }
}

/** A WAL position ('16/B374D848') as a number of bytes. */
export function lsnBytes(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** Where the primary's WAL was at a moment, as seen by one of this server's checks. */
export interface WalSample {
  atMs: number;
  lsn: bigint;
}

/**
 * The replica's lag in time from the primary's WAL positions this server saw at its checks: the time since the
 * primary was where the replica has now replayed to (0 when it has replayed all the primary had written at this
 * check). A long transaction (a million-row import) keeps the replica close behind in bytes, and so does this;
 * "time since the last replayed commit" would call it minutes behind. Without an earlier sample at or below the
 * replay position, `fallbackSeconds` (that measure, from the replica) is all there is.
 */
export function lagFromSamples(samples: readonly WalSample[], replayLsn: bigint, nowMs: number, fallbackSeconds: number): number {
  const latest = samples.at(-1);
  if (latest && replayLsn >= latest.lsn) return 0;
  for (let i = samples.length - 1; i >= 0; i--) {
    if (samples[i]!.lsn <= replayLsn) return Math.max(0, (nowMs - samples[i]!.atMs) / 1000);
  }
  return fallbackSeconds;
}

const SAMPLES_KEPT_MS = 5 * 60_000;
