/**
 * At most `limit` events per key in any `windowMs`, counted in this process (a sliding window of the times of the
 * accepted events). Used for machine tokens: several app servers each count their own calls.
 */
export class RateWindow {
  private readonly times = new Map<string | number, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts an event at `now` when the key is under its limit; otherwise says how long until it is. */
  take(key: string | number, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const since = now - this.windowMs;
    const kept = (this.times.get(key) ?? []).filter((t) => t > since);
    if (kept.length >= this.limit) {
      this.times.set(key, kept);
      return { ok: false, retryAfterMs: kept[0]! + this.windowMs - now };
    }
    kept.push(now);
    this.times.set(key, kept);
    return { ok: true };
  }
}
