/** Counts requests per key in fixed one-minute (or given) windows; limits are passed per call. */
export type RateDecision = { allowed: boolean; remaining: number; retryAfterSeconds: number; limit: number };

export interface RequestLimiter {
  consume(key: string, limit: number, windowMs?: number): Promise<RateDecision>;
}

/** In-process limiter: correct for one app instance (REDIS_URL switches to a shared one). */
export class MemoryRequestLimiter implements RequestLimiter {
  private windows = new Map<string, { count: number; resetAt: number }>();

  async consume(key: string, limit: number, windowMs = 60_000): Promise<RateDecision> {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) {
        for (const [k, v] of this.windows) if (v.resetAt <= now) this.windows.delete(k);
      }
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((w.resetAt - now) / 1000));
    if (w.count >= limit) return { allowed: false, remaining: 0, retryAfterSeconds, limit };
    w.count++;
    return { allowed: true, remaining: limit - w.count, retryAfterSeconds, limit };
  }
}
