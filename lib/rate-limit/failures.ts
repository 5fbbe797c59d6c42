import { shared } from "@/lib/server/shared";
import { type LimitResult, MemoryRateLimiter } from "./memory";
import { connectRedis, OutageNotice, type RedisClient } from "./redis";

/**
 * Counters of failures (sign-in attempts) in a fixed window: shared by every app instance through
 * Redis when REDIS_URL is set, so an attacker cannot multiply the allowance by the number of
 * instances; per process otherwise, and while Redis is down (with one warning per outage).
 */
export interface FailureCounter {
  /** Whether one more failure would still be allowed, without counting one. */
  peek(key: string): Promise<LimitResult>;
  /** Counts one failure. */
  hit(key: string): Promise<LimitResult>;
  reset(key: string): Promise<void>;
}

const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}
`;

/** The process's Redis connection for counters (null without REDIS_URL; retried after a failure). */
const redis = shared("failure-counters-redis", () => ({
  client: null as Promise<RedisClient> | null,
  at: 0,
}));

function redisClient(): Promise<RedisClient> | null {
  const url = process.env.REDIS_URL;
  if (!url) return null;
  if (!redis.client || (redis.at && Date.now() - redis.at > 5_000)) {
    redis.at = 0;
    redis.client = connectRedis(url).catch((err: unknown) => {
      redis.at = Date.now(); // try again in a few seconds
      throw err;
    });
  }
  return redis.client;
}

class Counter implements FailureCounter {
  private readonly memory: MemoryRateLimiter;
  private readonly outage = new OutageNotice("sign-in throttles");

  constructor(
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    this.memory = new MemoryRateLimiter(limit, windowMs);
  }

  private result(count: number, ttlMs: number, pending: number): LimitResult {
    const used = count + pending;
    return {
      allowed: used <= this.limit,
      remaining: Math.max(0, this.limit - used),
      retryAfterSeconds: Math.max(1, Math.ceil((ttlMs > 0 ? ttlMs : this.windowMs) / 1000)),
    };
  }

  /** Runs `fn` on Redis when configured and answering, else on the in-process counter. */
  private async shared<T>(fn: (client: RedisClient, key: string) => Promise<T>, local: () => T, key: string) {
    const client = redisClient();
    if (!client) return local();
    try {
      const value = await fn(await client, `prism:fail:${this.name}:${key}`);
      this.outage.succeeded();
      return value;
    } catch (err) {
      this.outage.failed(err);
      return local();
    }
  }

  peek(key: string): Promise<LimitResult> {
    return this.shared(
      async (c, k) => {
        const [count, ttl] = await Promise.all([c.get(k), c.pTTL(k)]);
        return this.result(Number(count ?? 0), ttl, 1);
      },
      () => this.memory.peek(key),
      key,
    );
  }

  hit(key: string): Promise<LimitResult> {
    return this.shared(
      async (c, k) => {
        const [count, ttl] = (await c.eval(HIT, { keys: [k], arguments: [String(this.windowMs)] })) as [
          number,
          number,
        ];
        return this.result(count, ttl, 0);
      },
      () => this.memory.hit(key),
      key,
    );
  }

  async reset(key: string): Promise<void> {
    this.memory.reset(key);
    await this.shared(
      async (c, k) => {
        await c.del(k);
      },
      () => undefined,
      key,
    );
  }
}

/** A named failure counter, one per process: `limit` failures per `windowMs`. */
export function failureCounter(name: string, limit: number, windowMs: number): FailureCounter {
  return shared(`failure-counter:${name}`, () => new Counter(name, limit, windowMs));
}
