import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { failureCounter } from "./failures";
import { MemoryRequestLimiter } from "./limiter";
import { connectRedis, RedisRequestLimiter } from "./redis";

const url = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
let redisUp = false;
let a: RedisRequestLimiter | undefined;
let b: RedisRequestLimiter | undefined;

beforeAll(async () => {
  try {
    a = await RedisRequestLimiter.connect(url);
    b = await RedisRequestLimiter.connect(url);
    redisUp = true;
  } catch {
    redisUp = false;
  }
});
afterAll(async () => {
  await a?.close().catch(() => {});
  await b?.close().catch(() => {});
});

describe("request limiters", () => {
  it("memory: allows the limit per window, then says when to retry", async () => {
    const m = new MemoryRequestLimiter();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await m.consume("k", 3));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("redis: two app instances share one limit", async (ctx) => {
    if (!redisUp || !a || !b) ctx.skip();
    const key = `test:${randomUUID()}`;
    const seen = [];
    for (let i = 0; i < 3; i++)
      seen.push((await a!.consume(key, 5)).allowed, (await b!.consume(key, 5)).allowed);
    expect(seen).toEqual([true, true, true, true, true, false]);
    const refused = await a!.consume(key, 5);
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
  });
});

describe("when Redis goes away", () => {
  it("rate limits fall back to this instance (still enforced) with one warning per outage", async (ctx) => {
    if (!redisUp) ctx.skip();
    const limiter = await RedisRequestLimiter.connect(url);
    const warnings: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      warnings.push(String(chunk));
      return true;
    });
    try {
      await limiter.close(); // Redis is gone for this client: every command fails at once
      const key = `test:${randomUUID()}`;
      const seen = [];
      for (let i = 0; i < 4; i++) seen.push((await limiter.consume(key, 3)).allowed);
      expect(seen).toEqual([true, true, true, false]);
      const notices = warnings.filter((w) => w.includes("redis unavailable"));
      expect(notices).toHaveLength(1);
      expect(JSON.parse(notices[0] ?? "{}")).toMatchObject({ level: "warn" });
    } finally {
      spy.mockRestore();
    }
  });
});

describe("sign-in failure counters", () => {
  const saved = process.env.REDIS_URL;
  afterAll(() => {
    if (saved === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = saved;
  });

  it("count in Redis when REDIS_URL is set, so every instance sees the same failures", async (ctx) => {
    if (!redisUp || !a) ctx.skip();
    process.env.REDIS_URL = url;
    const counter = failureCounter(`t-${randomUUID()}`, 2, 60_000);
    const key = randomUUID();
    expect((await counter.peek(key)).allowed).toBe(true);
    await counter.hit(key);
    await counter.hit(key);
    expect((await counter.peek(key)).allowed).toBe(false);
    // The count lives in Redis, where every instance reads it.
    const keys = await readRedisKeys(key);
    expect(keys).toHaveLength(1);
    await counter.reset(key);
    expect((await counter.peek(key)).allowed).toBe(true);
  });

  it("hold per instance while Redis does not answer", async () => {
    process.env.REDIS_URL = "redis://127.0.0.1:9";
    const counter = failureCounter(`t-${randomUUID()}`, 2, 60_000);
    const key = randomUUID();
    await counter.hit(key);
    await counter.hit(key);
    expect((await counter.peek(key)).allowed).toBe(false);
  });
});

async function readRedisKeys(suffix: string): Promise<string[]> {
  const client = await connectRedis(url);
  try {
    return await client.keys(`prism:fail:*:${suffix}`);
  } finally {
    await client.quit();
  }
}
