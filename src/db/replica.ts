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
   * `lastWriteMs` less than readYourWritesMs before `nowMs`.
   */
  async reader(lastWriteMs: number | null, nowMs: number): Promise<Db> {
    if (!this.replica) return this.primary;
    if (lastWriteMs !== null && nowMs - lastWriteMs < this.options.readYourWritesMs) return this.primary;
    const status = await this.current();
    return status.usedForReads ? this.replica.db : this.primary;
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
    const measured = measureLag(this.primary, replica.db);
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

  async close(): Promise<void> {
    await this.replica?.close();
  }
}

/**
 * The replica's lag: in time, since the last transaction it replayed (0 when it has replayed all it received, so an
 * idle primary does not look like a lagging replica); in bytes, the primary's WAL position minus the replica's replay
 * position. A server that is not in recovery is no replica (a misconfigured URL): never used for reads.
 */
async function measureLag(primary: Db, replica: Db): Promise<{ inRecovery: boolean; lagSeconds: number; lagBytes: number }> {
  const [row] = await queryRows<{ in_recovery: boolean; lag_seconds: number | null; replay_lsn: string | null }>(
    replica,
    sql`select pg_is_in_recovery() as in_recovery,
               case when not pg_is_in_recovery() or pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                    else coalesce(extract(epoch from (clock_timestamp() - pg_last_xact_replay_timestamp())), 0) end::float8 as lag_seconds,
               pg_last_wal_replay_lsn()::text as replay_lsn`,
  );
  if (!row?.in_recovery || row.replay_lsn === null) return { inRecovery: false, lagSeconds: 0, lagBytes: 0 };
  const [bytes] = await queryRows<{ lag_bytes: string }>(
    primary,
    sql`select greatest(pg_wal_lsn_diff(pg_current_wal_lsn(), ${row.replay_lsn}::pg_lsn), 0)::bigint::text as lag_bytes`,
  );
  return { inRecovery: true, lagSeconds: Math.max(0, Number(row.lag_seconds ?? 0)), lagBytes: Number(bytes?.lag_bytes ?? 0) };
}
