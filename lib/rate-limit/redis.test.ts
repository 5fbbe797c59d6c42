import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryRequestLimiter } from "./limiter";
import { RedisRequestLimiter } from "./redis";

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
