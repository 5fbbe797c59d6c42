/**
 * In-process fixed-window counter. Used when no REDIS_URL is configured; one instance per process,
 * so limits are per app instance in that case.
 */
export type LimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };

export class MemoryRateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one hit against key. */
  hit(key: string, now = Date.now()): LimitResult {
    const w = this.current(key, now);
    w.count += 1;
    return this.result(w, now);
  }

  /** Whether one more hit would be allowed, without counting it. */
  peek(key: string, now = Date.now()): LimitResult {
    return this.result(this.current(key, now), now, 1);
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string, now: number) {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
      if (this.windows.size > 50_000) this.sweep(now);
    }
    return w;
  }

  private result(w: { count: number; resetAt: number }, now: number, pending = 0): LimitResult {
    const used = w.count + pending;
    return {
      allowed: used <= this.limit,
      remaining: Math.max(0, this.limit - used),
      retryAfterSeconds: Math.max(1, Math.ceil((w.resetAt - now) / 1000)),
    };
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}
