import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { aiModels } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { analyticsCube, METRICS, percentileFromHistogram, runAnalytics } from "./analytics";
import type { UsageRecord } from "./rollup";
import { UsageWriter } from "./writer";

const base = (
  userId: string,
  modelId: string,
  createdAt: Date,
  over: Partial<UsageRecord> = {},
): UsageRecord => ({
  userId,
  apiKeyId: null,
  providerId: null,
  modelId,
  providerSlug: "openai",
  modelName: "m",
  integrationId: null,
  integrationShared: false,
  conversationId: null,
  messageId: null,
  workflowRunId: null,
  templateId: null,
  sessionId: null,
  requestType: "chat",
  tokensIn: 100,
  tokensOut: 50,
  tokensCached: 0,
  cost: "0.001000",
  credits: 0,
  latencyMs: 150,
  ttftMs: 40,
  status: "success",
  errorMessage: null,
  estimated: false,
  metadata: {},
  createdAt,
  ...over,
});

describeEachEngine("usage analytics", ({ db }) => {
  let alice = "";
  let bob = "";
  let models: string[] = [];
  const from = new Date("2026-03-01T00:00:00Z");
  const to = new Date("2026-03-08T00:00:00Z");

  beforeAll(async () => {
    await seedCatalog(db());
    alice = (await makeUser(db())).id;
    bob = (await makeUser(db())).id;
    models = (await db().select({ id: aiModels.id }).from(aiModels).limit(2)).map((m) => m.id);
    const writer = new UsageWriter(db());
    // Alice: 2 calls a day for 7 days at 03:30 UTC (the previous evening in New York); one error a day.
    for (let d = 0; d < 7; d++) {
      const at = new Date(Date.UTC(2026, 2, 1 + d, 3, 30));
      writer.enqueue(base(alice, models[0]!, at));
      writer.enqueue(base(alice, models[1]!, at, { status: "error", latencyMs: 1200, cost: "0.000500" }));
    }
    // Bob: 10 calls on March 2.
    for (let i = 0; i < 10; i++)
      writer.enqueue(base(bob, models[0]!, new Date("2026-03-02T12:00:00Z"), { cost: "0.010000" }));
    await writer.flush();
  });

  it("shows a user only their own usage, by day in their time zone", async () => {
    const utc = await runAnalytics(
      db(),
      { kind: "user", userId: alice },
      { metrics: ["requests", "errors", "cost"], from, to, timezone: "UTC" },
    );
    expect(utc).toHaveLength(7);
    expect(utc[0]).toEqual({ bucket: "2026-03-01T00:00:00", requests: 2, errors: 1, cost: "0.001500" });
    const ny = await runAnalytics(
      db(),
      { kind: "user", userId: alice },
      { metrics: ["requests"], from, to, timezone: "America/New_York" },
    );
    // 03:30 UTC is the evening before in New York.
    expect(ny[0]?.bucket).toBe("2026-02-28T00:00:00");
    const raw = rowsOf<{ day: string; n: number }>(
      await db().execute(sql`select to_char(date_trunc('day', created_at at time zone 'America/New_York'), 'YYYY-MM-DD"T"HH24:MI:SS') as day, count(*)::int as n
        from ai_usage_logs where user_id = ${alice} group by 1 order by 1`),
    );
    expect(ny.map((r) => ({ day: r.bucket, n: r.requests }))).toEqual(
      raw.map((r) => ({ day: r.day, n: r.n })),
    );
    // A user filter naming someone else is ignored: the scope wins.
    const sneaky = await runAnalytics(
      db(),
      { kind: "user", userId: alice },
      { metrics: ["requests"], from, to, granularity: "none", filters: { userId: bob } },
    );
    expect(sneaky).toEqual([{ bucket: null, requests: 14 }]);
  });

  it("gives admins totals from the all-users grain and per-user breakdowns from the per-user grain", async () => {
    const totals = await runAnalytics(
      db(),
      { kind: "admin" },
      { metrics: ["requests", "cost", "successRate"], from, to, granularity: "none" },
    );
    expect(totals).toEqual([{ bucket: null, requests: 24, cost: "0.110500", successRate: 17 / 24 }]);
    const byUser = await runAnalytics(
      db(),
      { kind: "admin" },
      { metrics: ["requests"], dimensions: ["user"], from, to, granularity: "none" },
    );
    expect(byUser.map((r) => [r.user, r.requests]).sort()).toEqual(
      [
        [alice, 14],
        [bob, 10],
      ].sort(),
    );
    const byModel = await runAnalytics(
      db(),
      { kind: "admin" },
      { metrics: ["requests", "errorRate"], dimensions: ["model"], from, to, granularity: "none" },
    );
    expect(byModel.find((r) => r.model === models[1])).toMatchObject({ requests: 7, errorRate: 1 });
  });

  it("estimates latency percentiles from the histograms", async () => {
    const [row] = await runAnalytics(
      db(),
      { kind: "user", userId: alice },
      { metrics: ["p50LatencyMs", "p95LatencyMs", "avgLatencyMs"], from, to, granularity: "none" },
    );
    // Half the calls took 150 ms (bucket 100–200), half 1,200 ms (bucket 1,000–1,500).
    expect(row?.avgLatencyMs).toBe(675);
    expect(row?.p50LatencyMs).toBeGreaterThanOrEqual(100);
    expect(row?.p50LatencyMs).toBeLessThanOrEqual(200);
    expect(row?.p95LatencyMs).toBeGreaterThanOrEqual(1000);
    expect(row?.p95LatencyMs).toBeLessThanOrEqual(1500);
    expect(percentileFromHistogram([0, 0, 0], 95)).toBeNull();
  });

  it("gives each view of a cube the metrics it was asked for, as runAnalytics does, and no others", async () => {
    const scope = { kind: "user" as const, userId: alice };
    const q = { from, to, timezone: "America/New_York", dimensions: ["model" as const] };
    const byDay = { bucket: true, dimensions: ["model" as const], metrics: ["requests" as const] };
    const total = { bucket: false, dimensions: [], metrics: METRICS };
    const cube = await analyticsCube(db(), scope, q, { views: [byDay, total] });
    expect(cube.rows(byDay, ["requests"])).toEqual(
      await runAnalytics(db(), scope, { ...q, metrics: ["requests"] }),
    );
    const all = await runAnalytics(db(), scope, {
      ...q,
      granularity: "none",
      dimensions: [],
      metrics: [...METRICS],
    });
    expect(cube.rows(total, METRICS)).toEqual(all);
    expect(all[0]).toMatchObject({
      requests: 14,
      errors: 7,
      cost: "0.010500",
      p95LatencyMs: expect.any(Number),
    });
    // The by-day groups were summed for requests only: their cost or percentiles were never read.
    expect(() => cube.rows(byDay, ["cost"])).toThrow(/not asked/);
    expect(() => cube.rows(byDay, ["p95LatencyMs"])).toThrow(/not asked/);
  });

  it("rejects malformed queries naming the field", async () => {
    await expect(runAnalytics(db(), { kind: "admin" }, { metrics: [], from, to })).rejects.toMatchObject({
      field: "metrics",
    });
    await expect(
      runAnalytics(db(), { kind: "admin" }, { metrics: ["requests"], from: to, to: from }),
    ).rejects.toMatchObject({ field: "to" });
    await expect(
      runAnalytics(db(), { kind: "admin" }, { metrics: ["requests"], from, to, timezone: "Mars/Base" }),
    ).rejects.toMatchObject({ field: "timezone" });
    await expect(
      runAnalytics(
        db(),
        { kind: "admin" },
        { metrics: ["requests"], from, to, dimensions: ["provider", "model", "user"] },
      ),
    ).rejects.toMatchObject({ field: "dimensions" });
  });
});
