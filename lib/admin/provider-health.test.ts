import { and, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { aiModels, aiProviders } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { usageRecord } from "@/lib/testing/usage-records";
import type { UsageRecord } from "@/lib/usage/rollup";
import { UsageWriter } from "@/lib/usage/writer";
import { healthSeries, ProviderHealthRepo } from "./provider-health";

const now = new Date("2026-05-10T12:30:00Z");
const at = (iso: string) => new Date(`2026-05-${iso}Z`);

describeEachEngine("admin provider health", ({ db }) => {
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let openai = "";
  let anthropic = "";
  let google = "";
  let modelA = "";
  let modelB = "";
  let modelC = "";

  beforeAll(async () => {
    await seedCatalog(db());
    admin = await makeUser(db(), { role: "admin" });
    const alice = (await makeUser(db())).id;
    const bob = (await makeUser(db())).id;
    const providers = await db().select({ id: aiProviders.id, slug: aiProviders.slug }).from(aiProviders);
    const id = (slug: string) => providers.find((p) => p.slug === slug)?.id ?? "";
    [openai, anthropic, google] = [id("openai"), id("anthropic"), id("google")];
    const modelsOf = async (providerId: string) =>
      (await db().select({ id: aiModels.id }).from(aiModels).where(eq(aiModels.providerId, providerId))).map(
        (m) => m.id,
      );
    [modelA = "", modelB = ""] = await modelsOf(openai);
    [modelC = ""] = await modelsOf(anthropic);

    const writer = new UsageWriter(db());
    const call = (over: Partial<UsageRecord> & Pick<UsageRecord, "userId" | "createdAt">) =>
      writer.enqueue(usageRecord(over));
    const a = { providerId: openai, modelId: modelA };
    // OpenAI model A: 20 fine calls at 11:10 (half of them Bob's), two old errors, one timeout at 09:20.
    for (let i = 0; i < 20; i++) call({ ...a, userId: i % 2 ? alice : bob, createdAt: at("10T11:10:00") });
    for (let i = 0; i < 2; i++)
      call({ ...a, userId: alice, createdAt: at("10T03:15:00"), status: "error", errorMessage: "HTTP 500" });
    call({
      ...a,
      userId: bob,
      createdAt: at("10T09:20:00"),
      status: "timeout",
      errorMessage: "No first token within 60 s",
      latencyMs: 60_000,
      ttftMs: null,
    });
    // OpenAI model B: 5 slow calls.
    for (let i = 0; i < 5; i++)
      call({
        providerId: openai,
        modelId: modelB,
        userId: alice,
        createdAt: at("10T12:05:00"),
        latencyMs: 1200,
      });
    // Anthropic: 8 of 12 recent calls fail.
    for (let i = 0; i < 12; i++)
      call({
        providerId: anthropic,
        modelId: modelC,
        userId: alice,
        createdAt: new Date(at("10T12:00:00").getTime() + i * 60_000),
        ...(i < 8 ? { status: "error" as const, errorMessage: `Overloaded ${i}` } : {}),
      });
    // Older than 24 hours: not counted.
    for (let i = 0; i < 30; i++) call({ ...a, userId: alice, createdAt: at("09T10:00:00") });
    await writer.flush();
    expect(writer.rejected).toEqual([]);
  });

  it("is for admins only", async () => {
    const u = await makeUser(db());
    expect(() => new ProviderHealthRepo(db(), u.actor)).toThrow(/Only administrators/);
  });

  it("reports 24 hours per provider and model from the all-users rollups, degraded first", async () => {
    const report = await new ProviderHealthRepo(db(), admin.actor).report({ timezone: "UTC", now });
    expect(report.buckets).toHaveLength(24);
    expect(report.buckets[0]).toBe("2026-05-09T13:00:00");
    expect(report.buckets.at(-1)).toBe("2026-05-10T12:00:00");
    expect(report.providers.map((p) => p.slug)).toEqual(["anthropic", "openai"]);

    const [ant, oai] = report.providers;
    expect(ant).toMatchObject({ requests: 12, errors: 8, status: "degraded", liveStatus: "active" });
    expect(ant?.errorRate).toBeCloseTo(8 / 12);
    expect(ant?.lastError).toMatchObject({ message: "Overloaded 7", status: "error" });
    expect(ant?.lastError?.at.toISOString()).toBe("2026-05-10T12:07:00.000Z");

    // Counted once although the calls belong to two users (the all-users grain, not per-user rows).
    expect(oai).toMatchObject({ requests: 28, errors: 3, status: "healthy" });
    expect(oai?.lastError).toMatchObject({ message: "No first token within 60 s", status: "timeout" });
    expect(oai?.p50LatencyMs).toBeGreaterThanOrEqual(100);
    expect(oai?.p50LatencyMs).toBeLessThanOrEqual(200);
    expect(oai?.p95LatencyMs).toBeGreaterThanOrEqual(1000);
    expect(oai?.avgTtftMs).toBe(40);

    const a = oai?.models.find((m) => m.id === modelA);
    const b = oai?.models.find((m) => m.id === modelB);
    expect(a).toMatchObject({ requests: 23, errors: 3, status: "healthy" });
    expect(a?.lastError?.at.toISOString()).toBe("2026-05-10T09:20:00.000Z");
    expect(b).toMatchObject({ requests: 5, errors: 0, status: "too_few_calls", lastError: null });
    expect(b?.p50LatencyMs).toBeGreaterThanOrEqual(1000);
  });

  it("charts hourly error counts and latency, for all providers or one", async () => {
    const repo = new ProviderHealthRepo(db(), admin.actor);
    const all = await repo.report({ timezone: "UTC", now });
    expect(all.timeline.map((r) => [r.bucket, r.requests, r.errors])).toEqual([
      ["2026-05-10T03:00:00", 2, 2],
      ["2026-05-10T09:00:00", 1, 1],
      ["2026-05-10T11:00:00", 20, 0],
      ["2026-05-10T12:00:00", 17, 8],
    ]);
    const one = await repo.report({ timezone: "UTC", now, providerId: anthropic });
    expect(one.timeline.map((r) => [r.bucket, r.requests, r.errors])).toEqual([
      ["2026-05-10T12:00:00", 12, 8],
    ]);
    // Buckets are labelled in the viewer's zone.
    const tokyo = await repo.report({ timezone: "Asia/Tokyo", now });
    expect(tokyo.buckets.at(-1)).toBe("2026-05-10T21:00:00");
    expect(tokyo.timeline.at(-1)?.bucket).toBe("2026-05-10T21:00:00");

    // Chart points: one per hour, gaps where nothing happened.
    const { errors, latency } = healthSeries(all);
    expect(errors).toHaveLength(24);
    expect(errors.find((p) => p.bucket === "2026-05-10T12:00:00")).toMatchObject({ requests: 17 });
    expect(errors.find((p) => p.bucket === "2026-05-10T12:00:00")?.rate).toBeCloseTo(8 / 17);
    expect(errors.find((p) => p.bucket === "2026-05-10T11:00:00")).toMatchObject({ requests: 20, rate: 0 });
    expect(errors.find((p) => p.bucket === "2026-05-10T10:00:00")).toEqual({
      bucket: "2026-05-10T10:00:00",
      requests: undefined,
      rate: undefined,
    });
    expect(latency.find((p) => p.bucket === "2026-05-10T09:00:00")?.p95LatencyMs).toBeGreaterThan(30_000);
    expect(latency.find((p) => p.bucket === "2026-05-10T10:00:00")?.p50LatencyMs).toBeUndefined();
  });

  it("shows a provider the gateway marked degraded even without traffic", async () => {
    await db()
      .update(aiProviders)
      .set({ status: "degraded" })
      .where(and(eq(aiProviders.id, google)));
    const report = await new ProviderHealthRepo(db(), admin.actor).report({ timezone: "UTC", now });
    expect(report.providers.find((p) => p.id === google)).toMatchObject({
      requests: 0,
      status: "degraded",
      liveStatus: "degraded",
      lastError: null,
    });
    await db().update(aiProviders).set({ status: "active" }).where(eq(aiProviders.id, google));
  });
});
