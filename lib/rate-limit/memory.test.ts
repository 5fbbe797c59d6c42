import { describe, expect, it } from "vitest";
import { MemoryRateLimiter } from "./memory";

describe("MemoryRateLimiter", () => {
  it("allows `limit` hits per window, then refuses with the time left", () => {
    const rl = new MemoryRateLimiter(3, 60_000);
    const t = 1_000_000;
    expect([1, 2, 3].map(() => rl.hit("k", t).allowed)).toEqual([true, true, true]);
    expect(rl.peek("k", t).allowed).toBe(false);
    const refused = rl.hit("k", t + 30_000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(30);
    expect(rl.hit("other", t).allowed).toBe(true);
    expect(rl.hit("k", t + 60_001).allowed).toBe(true);
  });

  it("peek does not count", () => {
    const rl = new MemoryRateLimiter(1, 1000);
    expect(rl.peek("k", 0).allowed).toBe(true);
    expect(rl.peek("k", 0).allowed).toBe(true);
    expect(rl.hit("k", 0).allowed).toBe(true);
    expect(rl.peek("k", 0).allowed).toBe(false);
  });
});
