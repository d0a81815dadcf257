/**
 * A token bucket: `perMinute` messages a minute on average, up to `burst` at once. Time is
 * passed in (monotonic milliseconds), so the rule is tested without waiting.
 */
export class MessageRate {
  private tokens: number;
  /** When a message was last offered; null before the first. */
  lastAt: number | null = null;
  /** Refusals since the last message let through: a client that keeps going is cut off. */
  refusedInRow = 0;

  constructor(
    readonly perMinute: number,
    readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** True when one more message may pass now. */
  take(nowMs: number): boolean {
    if (this.lastAt !== null) {
      this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastAt) * this.perMinute) / 60_000);
    }
    this.lastAt = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.refusedInRow = 0;
      return true;
    }
    this.refusedInRow++;
    return false;
  }
}

/** Burst sizes: a socket may send a tenth of its minute at once; a principal may open half a minute's worth of sockets (a 2×2 wall on one token reconnecting together). */
export const messageBurst = (perMinute: number) => Math.max(1, Math.ceil(perMinute / 10));
export const connectionBurst = (perMinute: number) => Math.max(4, Math.ceil(perMinute / 2));

/** One bucket per key (a principal), forgotten once full again so the map cannot grow without end. */
export class RateBook {
  private readonly buckets = new Map<string, MessageRate>();
  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
  ) {}

  take(key: string, nowMs: number): boolean {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new MessageRate(this.perMinute, this.burst)));
    const ok = b.take(nowMs);
    if (this.buckets.size > 10_000) this.sweep(nowMs);
    return ok;
  }

  private sweep(nowMs: number): void {
    const full = (this.burst * 60_000) / this.perMinute;
    for (const [k, b] of this.buckets) if (nowMs - (b.lastAt ?? 0) > full) this.buckets.delete(k);
  }
}
