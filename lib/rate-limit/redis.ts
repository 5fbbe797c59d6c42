import { createClient } from "redis";
import { log } from "@/lib/server/log";
import { MemoryRequestLimiter, type RateDecision, type RequestLimiter } from "./limiter";

export type RedisClient = ReturnType<typeof createClient>;

// One round trip: count the hit and start the window on the first one.
const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {n, ttl}
`;

/** A Redis client that reconnects by itself; commands fail fast while it is down. */
export async function connectRedis(url: string): Promise<RedisClient> {
  const client = createClient({
    url,
    // Commands fail at once while disconnected (callers fall back) instead of queueing for minutes.
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: (n) => Math.min(n * 200, 5_000) },
  });
  client.on("error", () => {}); // reported by the callers' fallbacks, once per outage
  await client.connect();
  return client;
}

/**
 * Says once when Redis stops answering and once when it is back, so an outage is one warning,
 * not one per request.
 */
export class OutageNotice {
  private down = false;
  constructor(private readonly what: string) {}
  failed(err: unknown): void {
    if (this.down) return;
    this.down = true;
    log.warn(`redis unavailable: ${this.what} fall back to this instance until it is back`, {
      error: err instanceof Error ? err.message : String(err),
    });
  }
  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    log.info(`redis is back: ${this.what} are shared again`);
  }
}

/**
 * Fixed-window limiter shared by every app instance through Redis (used when REDIS_URL is set).
 * A request that finds the window full is not counted. While Redis is unreachable the limits hold
 * per instance (an in-process limiter) and a warning is logged, rather than taking the product
 * down with it or letting every request through.
 */
export class RedisRequestLimiter implements RequestLimiter {
  private readonly fallback = new MemoryRequestLimiter();
  private readonly outage = new OutageNotice("rate limits");

  constructor(
    private readonly client: RedisClient,
    private readonly prefix = "prism:rl:",
  ) {}

  static async connect(url: string): Promise<RedisRequestLimiter> {
    return new RedisRequestLimiter(await connectRedis(url));
  }

  async consume(key: string, limit: number, windowMs = 60_000): Promise<RateDecision> {
    const window = Math.floor(Date.now() / windowMs);
    const redisKey = `${this.prefix}${key}:${window}`;
    try {
      const [count, ttl] = (await this.client.eval(SCRIPT, {
        keys: [redisKey],
        arguments: [String(windowMs)],
      })) as [number, number];
      this.outage.succeeded();
      const retryAfterSeconds = Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000));
      if (count > limit) {
        await this.client.decr(redisKey);
        return { allowed: false, remaining: 0, retryAfterSeconds, limit };
      }
      return { allowed: true, remaining: limit - count, retryAfterSeconds, limit };
    } catch (err) {
      this.outage.failed(err);
      return this.fallback.consume(key, limit, windowMs);
    }
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => {});
  }
}
