import { eq } from "drizzle-orm";
import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { aiProviders } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { describeEachEngine } from "@/lib/testing/db";
import { HEALTH_MIN_CALLS, ProviderHealth } from "./health";

describeEachEngine("live provider health", ({ db }) => {
  let providerId: string;
  beforeAll(async () => {
    await seedCatalog(db());
    const [p] = await db().select().from(aiProviders).where(eq(aiProviders.slug, "openai"));
    providerId = p?.id as string;
  });
  afterEach(() => vi.useRealTimers());

  const status = async () =>
    (await db().select({ s: aiProviders.status }).from(aiProviders).where(eq(aiProviders.id, providerId)))[0]
      ?.s;
  const settle = () => new Promise((r) => setTimeout(r, 100));

  it("judges nothing on too few calls, then marks a failing provider degraded and recovers it", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-22T10:00:00Z"));
    const health = new ProviderHealth(db());
    for (let i = 0; i < HEALTH_MIN_CALLS - 1; i++) health.record(providerId, "server");
    expect(health.errorRate(providerId)).toBeNull();
    // Failures that are the caller's fault do not count against the provider.
    health.record(providerId, "bad_request");
    expect(health.errorRate(providerId)).toBeCloseTo(0.9);
    await settle();
    expect(await status()).toBe("degraded");

    // Ten minutes later the failures have left the window; successes bring it back.
    vi.setSystemTime(new Date("2026-11-22T10:10:30Z"));
    expect(health.errorRate(providerId)).toBeNull();
    for (let i = 0; i < HEALTH_MIN_CALLS; i++) health.record(providerId, null);
    expect(health.errorRate(providerId)).toBe(0);
    await settle();
    expect(await status()).toBe("active");
  });

  it("counts every call in the window, however many there are", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = new Date("2026-11-22T12:00:00Z").getTime();
    const health = new ProviderHealth(db());
    // 100,000 calls over 5 minutes, one in four a provider fault.
    for (let i = 0; i < 100_000; i++) {
      vi.setSystemTime(start + i * 3);
      health.record("p-busy", i % 4 === 0 ? "timeout" : null);
    }
    expect(health.errorRate("p-busy")).toBeCloseTo(0.25, 3);
  });
});
