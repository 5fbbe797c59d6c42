import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { aiModels, USAGE_REQUEST_TYPES, USAGE_STATUSES } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { formatMicroUsd } from "@/lib/ai/pricing";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { random } from "@/lib/testing/random";
import {
  type AnalyticsQuery,
  type AnalyticsScope,
  analyticsCube,
  type Dimension,
  grainOf,
  METRICS,
  runAnalytics,
} from "./analytics";
import type { UsageRecord } from "./rollup";
import { UsageWriter } from "./writer";

describeEachEngine("usage analytics cube", ({ db }) => {
  let users: string[] = [];
  let models: { id: string; providerId: string }[] = [];
  const from = new Date("2026-05-01T00:00:00Z");
  const to = new Date("2026-05-11T00:00:00Z");

  beforeAll(async () => {
    await seedCatalog(db());
    users = [(await makeUser(db())).id, (await makeUser(db())).id, (await makeUser(db())).id];
    models = await db().select({ id: aiModels.id, providerId: aiModels.providerId }).from(aiModels).limit(6);
    const next = random(42);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
    const writer = new UsageWriter(db(), { flushIntervalMs: 5, maxBatch: 50 });
    for (let i = 0; i < 400; i++) {
      const model = pick(models);
      const status = next() < 0.8 ? "success" : pick(USAGE_STATUSES);
      const record: UsageRecord = {
        userId: pick(users),
        apiKeyId: null,
        providerId: next() < 0.03 ? null : model.providerId,
        modelId: next() < 0.1 ? null : model.id,
        providerSlug: "openai",
        modelName: "m",
        integrationId: null,
        integrationShared: false,
        conversationId: null,
        messageId: null,
        workflowRunId: null,
        templateId: null,
        sessionId: null,
        requestType: pick(USAGE_REQUEST_TYPES),
        tokensIn: Math.floor(next() * 5000),
        tokensOut: Math.floor(next() * 2000),
        tokensCached: Math.floor(next() * 100),
        cost: formatMicroUsd(BigInt(Math.floor(next() * 50_000))),
        credits: Math.floor(next() * 5),
        latencyMs: next() < 0.1 ? null : Math.floor(next() ** 2 * 150_000),
        ttftMs: next() < 0.3 ? null : Math.floor(next() ** 2 * 20_000),
        status,
        errorMessage: null,
        estimated: false,
        metadata: {},
        createdAt: new Date(from.getTime() + Math.floor(next() * (to.getTime() - from.getTime()))),
      };
      writer.enqueue(record);
    }
    await writer.flush();
  });

  it("rolls up to exactly what runAnalytics returns for the same keys", async () => {
    const scopes: AnalyticsScope[] = [{ kind: "admin" }, { kind: "user", userId: users[0] as string }];
    const shapes: Dimension[][] = [["model", "provider"], ["requestType"], ["user"]];
    let compared = 0;
    for (const scope of scopes) {
      for (const dimensions of shapes) {
        if (scope.kind === "user" && dimensions.includes("user")) continue;
        for (const granularity of ["day", "hour"] as const) {
          const base = { from, to, timezone: "America/New_York", granularity, filters: {} };
          const cube = await analyticsCube(db(), scope, { ...base, dimensions });
          const subsets: Dimension[][] = [[], ...dimensions.map((d) => [d]), dimensions];
          for (const keep of subsets) {
            for (const bucket of [true, false]) {
              const expected = await runAnalytics(db(), scope, {
                ...base,
                granularity: bucket ? granularity : "none",
                dimensions: keep,
                metrics: [...METRICS],
              });
              expect(expected.length).toBeGreaterThan(0);
              expect(cube.rows({ bucket, dimensions: keep }, METRICS)).toEqual(expected);
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it("keeps hundreds of distinct buckets apart (each line's key read from the text)", async () => {
    // Ten days by hour: about 240 bucket labels, as many as SQL counts on its own.
    const rows = await runAnalytics(
      db(),
      { kind: "admin" },
      { from, to, timezone: "UTC", granularity: "hour", dimensions: ["model"], metrics: ["requests"] },
    );
    const expected = rowsOf<{ bucket: string; model: string | null; requests: number }>(
      await db().execute(sql`select to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as bucket,
          model_id::text as model, sum(requests)::int as requests
        from usage_hourly_models where bucket_start >= ${from.toISOString()}::timestamptz and bucket_start < ${to.toISOString()}::timestamptz
        group by 1, 2 order by 1, 2`),
    );
    expect(new Set(expected.map((r) => r.bucket)).size).toBeGreaterThan(150);
    expect(rows).toEqual(expected);
  });

  it("applies the limit after ordering, like the SQL", async () => {
    const base = { from, to, timezone: "UTC", granularity: "hour" as const, filters: {} };
    const cube = await analyticsCube(db(), { kind: "admin" }, { ...base, dimensions: ["model"] });
    const expected = await runAnalytics(
      db(),
      { kind: "admin" },
      { ...base, dimensions: ["model"], metrics: ["requests"], limit: 7 },
    );
    expect(cube.rows({ bucket: true, dimensions: ["model"] }, ["requests"], 7)).toEqual(expected);
  });

  it("answers admin queries from usage_hourly_models exactly as from usage_daily's all-users grain", async () => {
    const [counts] = rowsOf<{ coarse: number; fine: number }>(
      await db().execute(sql`select (select count(*)::int from usage_hourly_models) as coarse,
        (select count(*)::int from usage_daily where user_id is null) as fine`),
    );
    // The fine grain splits hours by request type too, so the two tables really differ.
    expect(counts?.coarse).toBeGreaterThan(0);
    expect(counts?.coarse).toBeLessThan(counts?.fine ?? 0);
    const admin: AnalyticsScope = { kind: "admin" };
    const next = random(7);
    const model = models[0] as { id: string; providerId: string };
    const filterSets: NonNullable<AnalyticsQuery["filters"]>[] = [
      {},
      { providerId: model.providerId },
      { modelId: model.id },
      { providerId: model.providerId, modelId: model.id },
    ];
    const shapes: Dimension[][] = [[], ["model"], ["provider"], ["model", "provider"], ["provider", "model"]];
    let compared = 0;
    for (const dimensions of shapes) {
      for (const filters of filterSets) {
        for (const granularity of ["hour", "day", "week", "month", "none"] as const) {
          // A random window (not hour-aligned) and zone each time.
          const start = from.getTime() + Math.floor(next() * 3 * 86_400_000);
          const end = start + Math.floor((0.1 + next()) * 7 * 86_400_000);
          const timezone = ["UTC", "America/New_York", "Australia/Adelaide", "Europe/Berlin"][
            Math.floor(next() * 4)
          ];
          const query = {
            from: new Date(start),
            to: new Date(end),
            timezone,
            granularity,
            dimensions,
            filters,
          };
          expect(grainOf(admin, { dimensions, filters })).toBe("models");
          const coarse = await runAnalytics(db(), admin, { ...query, metrics: [...METRICS] });
          const fine = await runAnalytics(
            db(),
            admin,
            { ...query, metrics: [...METRICS] },
            { grain: "fine" },
          );
          expect(coarse.length).toBeGreaterThan(0);
          expect(coarse).toEqual(fine);
          const coarseCube = await analyticsCube(db(), admin, query);
          const fineCube = await analyticsCube(db(), admin, query, { grain: "fine" });
          for (const keep of [[], dimensions]) {
            for (const bucket of [true, false]) {
              expect(coarseCube.rows({ bucket, dimensions: keep }, METRICS)).toEqual(
                fineCube.rows({ bucket, dimensions: keep }, METRICS),
              );
            }
          }
          compared++;
        }
      }
    }
    expect(compared).toBe(100);
  });

  it("answers user queries, and admin queries by user, from usage_hourly_user_models exactly as from usage_daily", async () => {
    const [counts] = rowsOf<{ coarse: number; fine: number }>(
      await db().execute(sql`select (select count(*)::int from usage_hourly_user_models) as coarse,
        (select count(*)::int from usage_daily where user_id is not null) as fine`),
    );
    // The fine grain splits hours by request type too, so the two tables really differ.
    expect(counts?.coarse).toBeGreaterThan(0);
    expect(counts?.coarse).toBeLessThan(counts?.fine ?? 0);
    const next = random(11);
    const model = models[1] as { id: string; providerId: string };
    const user = users[1] as string;
    const cases: {
      scope: AnalyticsScope;
      dimensions: Dimension[];
      filters: NonNullable<AnalyticsQuery["filters"]>;
    }[] = [];
    const userScope: AnalyticsScope = { kind: "user", userId: user };
    const admin: AnalyticsScope = { kind: "admin" };
    const modelFilters = [{}, { providerId: model.providerId }, { modelId: model.id }];
    for (const filters of modelFilters) {
      for (const dimensions of [[], ["model"], ["provider"], ["model", "provider"]] as Dimension[][])
        cases.push({ scope: userScope, dimensions, filters });
      for (const dimensions of [["user"], ["user", "model"], ["provider", "user"]] as Dimension[][])
        cases.push({ scope: admin, dimensions, filters });
      cases.push({ scope: admin, dimensions: ["model"], filters: { ...filters, userId: user } });
    }
    let compared = 0;
    for (const { scope, dimensions, filters } of cases) {
      for (const granularity of ["hour", "day", "week", "none"] as const) {
        // A random window (not hour-aligned) and zone each time.
        const start = from.getTime() + Math.floor(next() * 3 * 86_400_000);
        const end = start + Math.floor((0.1 + next()) * 7 * 86_400_000);
        const timezone = ["UTC", "America/New_York", "Australia/Adelaide", "Europe/Berlin"][
          Math.floor(next() * 4)
        ];
        const query = {
          from: new Date(start),
          to: new Date(end),
          timezone,
          granularity,
          dimensions,
          filters,
        };
        expect(grainOf(scope, { dimensions, filters })).toBe("userModels");
        const coarse = await runAnalytics(db(), scope, { ...query, metrics: [...METRICS] });
        const fine = await runAnalytics(db(), scope, { ...query, metrics: [...METRICS] }, { grain: "fine" });
        expect(coarse.length).toBeGreaterThan(0);
        expect(coarse).toEqual(fine);
        const coarseCube = await analyticsCube(db(), scope, query);
        const fineCube = await analyticsCube(db(), scope, query, { grain: "fine" });
        for (const keep of [[], dimensions]) {
          for (const bucket of [true, false]) {
            expect(coarseCube.rows({ bucket, dimensions: keep }, METRICS)).toEqual(
              fineCube.rows({ bucket, dimensions: keep }, METRICS),
            );
          }
        }
        compared++;
      }
    }
    expect(compared).toBe(96);
  });
});

describe("usage analytics grain routing", () => {
  it("routes queries to the smallest grain that keeps their dimensions and filters", () => {
    const admin: AnalyticsScope = { kind: "admin" };
    const user: AnalyticsScope = { kind: "user", userId: "11111111-1111-4111-8111-111111111111" };
    const id = "22222222-2222-4222-8222-222222222222";
    expect(grainOf(admin, { dimensions: [], filters: {} })).toBe("models");
    expect(
      grainOf(admin, { dimensions: ["model", "provider"], filters: { providerId: id, modelId: id } }),
    ).toBe("models");
    expect(grainOf(admin, { dimensions: ["requestType"], filters: {} })).toBe("all");
    expect(grainOf(admin, { dimensions: ["integration"], filters: {} })).toBe("all");
    expect(grainOf(admin, { dimensions: ["template"], filters: {} })).toBe("all");
    expect(grainOf(admin, { dimensions: ["model"], filters: { requestType: "chat" } })).toBe("all");
    expect(grainOf(admin, { dimensions: ["model"], filters: { integrationId: id } })).toBe("all");
    expect(grainOf(admin, { dimensions: ["model"], filters: { templateId: id } })).toBe("all");
    expect(grainOf(admin, { dimensions: ["user"], filters: {} })).toBe("userModels");
    expect(grainOf(admin, { dimensions: ["user", "model"], filters: { providerId: id } })).toBe("userModels");
    expect(grainOf(admin, { dimensions: [], filters: { userId: id } })).toBe("userModels");
    expect(grainOf(admin, { dimensions: ["user"], filters: { requestType: "chat" } })).toBe("perUser");
    expect(grainOf(admin, { dimensions: ["model"], filters: { apiKeyId: id } })).toBe("perUser");
    expect(grainOf(admin, { dimensions: ["apiKey"], filters: {} })).toBe("perUser");
    expect(grainOf(user, { dimensions: ["model", "provider"], filters: { modelId: id } })).toBe("userModels");
    expect(grainOf(user, { dimensions: [], filters: { userId: id } })).toBe("userModels");
    expect(grainOf(user, { dimensions: ["model"], filters: { apiKeyId: id } })).toBe("user");
    expect(grainOf(user, { dimensions: ["requestType"], filters: {} })).toBe("user");
    expect(grainOf(user, { dimensions: ["model"], filters: { templateId: id } })).toBe("user");
  });
});
