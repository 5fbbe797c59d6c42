import { createClient } from "redis";
import type { RateDecision, RequestLimiter } from "./limiter";

type Client = ReturnType<typeof createClient>;

// One round trip: count the hit and start the window on the first one.
const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {n, ttl}
`;

/**
 * Fixed-window limiter shared by every app instance through Redis (used when REDIS_URL is set).
 * A request that finds the window full is not counted. If Redis is unreachable the limiter fails
 * open for that request (and logs), rather than taking the whole product down with it.
 */
export class RedisRequestLimiter implements RequestLimiter {
  constructor(
    private readonly client: Client,
    private readonly prefix = "prism:rl:",
  ) {}

  static async connect(url: string): Promise<RedisRequestLimiter> {
    const client = createClient({
      url,
      socket: { connectTimeout: 2_000, reconnectStrategy: (n) => Math.min(n * 200, 5_000) },
    });
    client.on("error", (err) => console.error("[prism] redis", err.message));
    await client.connect();
    return new RedisRequestLimiter(client);
  }

  async consume(key: string, limit: number, windowMs = 60_000): Promise<RateDecision> {
    const window = Math.floor(Date.now() / windowMs);
    const redisKey = `${this.prefix}${key}:${window}`;
    try {
      const [count, ttl] = (await this.client.eval(SCRIPT, {
        keys: [redisKey],
        arguments: [String(windowMs)],
      })) as [number, number];
      const retryAfterSeconds = Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000));
      if (count > limit) {
        await this.client.decr(redisKey);
        return { allowed: false, remaining: 0, retryAfterSeconds, limit };
      }
      return { allowed: true, remaining: limit - count, retryAfterSeconds, limit };
    } catch (err) {
      console.error("[prism] rate limiter unavailable; allowing the request", err);
      return { allowed: true, remaining: limit, retryAfterSeconds: 1, limit };
    }
  }

  async close(): Promise<void> {
    await this.client.quit();
  }
}
