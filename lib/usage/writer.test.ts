import { randomInt } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import {
  aiModels,
  aiUsageLogs,
  HISTOGRAM_COLUMNS,
  LATENCY_BUCKETS_MS,
  USAGE_REQUEST_TYPES,
  USAGE_STATUSES,
  usageDaily,
  usageHourlyModels,
} from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { formatMicroUsd } from "@/lib/ai/pricing";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import type { UsageRecord } from "./rollup";
import { UsageWriter } from "./writer";

function record(userId: string, over: Partial<UsageRecord> = {}): UsageRecord {
  return {
    userId,
    apiKeyId: null,
    providerId: null,
    modelId: null,
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
    tokensIn: 10,
    tokensOut: 5,
    tokensCached: 0,
    cost: "0.000100",
    credits: 0,
    latencyMs: 120,
    ttftMs: 40,
    status: "success",
    errorMessage: null,
    estimated: false,
    metadata: {},
    createdAt: new Date(),
    ...over,
  };
}

type Totals = { requests: number; tokens_in: number; tokens_out: number; cost: string; errors: number };

describeEachEngine("usage writer", ({ db }) => {
  let users: string[] = [];
  let models: { id: string; providerId: string }[] = [];
  beforeAll(async () => {
    await seedCatalog(db());
    users = [(await makeUser(db())).id, (await makeUser(db())).id, (await makeUser(db())).id];
    // Day rows per user are in the user's zone: one far east (on a half-hour offset), one west.
    await db().execute(sql`update users set timezone = 'Asia/Kolkata' where id = ${users[1]}`);
    await db().execute(sql`update users set timezone = 'America/Los_Angeles' where id = ${users[2]}`);
    models = await db().select({ id: aiModels.id, providerId: aiModels.providerId }).from(aiModels).limit(3);
  });

  it("keeps every rollup grain equal to the raw logs after a randomized load", async () => {
    const writer = new UsageWriter(db(), { flushIntervalMs: 5, maxBatch: 37 });
    const now = Date.now();
    for (let i = 0; i < 600; i++) {
      const model = models[randomInt(models.length)]!;
      const noModel = randomInt(10) === 0;
      writer.enqueue(
        record(users[randomInt(users.length)]!, {
          providerId: noModel && randomInt(2) === 0 ? null : model.providerId,
          modelId: noModel ? null : model.id,
          requestType: USAGE_REQUEST_TYPES[randomInt(USAGE_REQUEST_TYPES.length)]!,
          tokensIn: randomInt(5000),
          tokensOut: randomInt(2000),
          tokensCached: randomInt(10),
          cost: formatMicroUsd(BigInt(randomInt(1_000_000))),
          status: USAGE_STATUSES[randomInt(USAGE_STATUSES.length)]!,
          latencyMs: randomInt(200_000),
          ttftMs: randomInt(3) === 0 ? null : randomInt(5000),
          // Spread over three days and many hours.
          createdAt: new Date(now - randomInt(3 * 86_400_000)),
        }),
      );
      if (i % 100 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    await writer.flush();
    expect(writer.pending).toBe(0);

    const raw = rowsOf<Totals & { day: string; user_id: string; model_id: string }>(
      await db().execute(sql`
        select date_trunc('day', created_at at time zone 'UTC')::text as day, user_id, model_id,
          count(*)::int as requests, sum(tokens_in)::int as tokens_in, sum(tokens_out)::int as tokens_out,
          sum(cost)::text as cost, count(*) filter (where status <> 'success')::int as errors
        from ai_usage_logs where model_id is not null group by 1, 2, 3 order by 1, 2, 3`),
    );
    const perUser = rowsOf<Totals & { day: string; user_id: string; model_id: string }>(
      await db().execute(sql`
        select date_trunc('day', bucket_start at time zone 'UTC')::text as day, user_id, model_id,
          sum(requests)::int as requests, sum(tokens_in)::int as tokens_in, sum(tokens_out)::int as tokens_out,
          sum(cost)::text as cost, sum(error_count + timeout_count + aborted_count)::int as errors
        from usage_daily where user_id is not null and model_id is not null group by 1, 2, 3 order by 1, 2, 3`),
    );
    expect(perUser).toEqual(raw);

    const rawAll = rowsOf<Totals & { day: string; model_id: string }>(
      await db().execute(sql`
        select date_trunc('day', created_at at time zone 'UTC')::text as day, model_id, count(*)::int as requests,
          sum(tokens_in)::int as tokens_in, sum(tokens_out)::int as tokens_out, sum(cost)::text as cost,
          count(*) filter (where status <> 'success')::int as errors
        from ai_usage_logs where model_id is not null group by 1, 2 order by 1, 2`),
    );
    const allUsers = rowsOf<Totals & { day: string; model_id: string }>(
      await db().execute(sql`
        select date_trunc('day', bucket_start at time zone 'UTC')::text as day, model_id, sum(requests)::int as requests,
          sum(tokens_in)::int as tokens_in, sum(tokens_out)::int as tokens_out, sum(cost)::text as cost,
          sum(error_count + timeout_count + aborted_count)::int as errors
        from usage_daily where user_id is null and model_id is not null group by 1, 2 order by 1, 2`),
    );
    expect(allUsers).toEqual(rawAll);

    // Histograms count exactly the rows that reported a latency.
    const [hist] = rowsOf<{ slots: number; rows: number }>(
      await db().execute(sql`
        select (select sum(${sql.raw(HISTOGRAM_COLUMNS.latency.join(" + "))})::int from usage_daily where user_id is not null) as slots,
          (select count(*)::int from ai_usage_logs where latency_ms is not null) as rows`),
    );
    expect(hist?.slots).toBe(hist?.rows);

    // The coarse grains (hour or UTC day × provider × model, all users or per user) equal the logs,
    // every measure and histogram slot.
    const measures = (from: "logs" | "rollup") =>
      from === "logs"
        ? sql`count(*)::int as requests, count(*) filter (where status = 'success')::int as success_count,
            count(*) filter (where status = 'error')::int as error_count,
            count(*) filter (where status = 'timeout')::int as timeout_count,
            count(*) filter (where status = 'aborted')::int as aborted_count,
            sum(tokens_in)::bigint::text as tokens_in, sum(tokens_out)::bigint::text as tokens_out,
            sum(tokens_cached)::bigint::text as tokens_cached, sum(cost)::text as cost, sum(credits)::bigint::text as credits,
            coalesce(sum(latency_ms), 0)::bigint::text as latency_sum_ms, count(latency_ms)::int as latency_count,
            coalesce(sum(ttft_ms), 0)::bigint::text as ttft_sum_ms, count(ttft_ms)::int as ttft_count`
        : sql`requests, success_count, error_count, timeout_count, aborted_count, tokens_in::text, tokens_out::text,
            tokens_cached::text, cost::text, credits::text, latency_sum_ms::text, latency_count, ttft_sum_ms::text, ttft_count`;
    const bounds = sql.raw(`array[${LATENCY_BUCKETS_MS.join(",")}]`);
    // Hours and UTC days; a user's days are the dates their hours start on in the user's zone.
    const hourOf = sql.raw(
      "to_char(date_trunc('hour', created_at, 'UTC') at time zone 'UTC', 'YYYY-MM-DD HH24')",
    );
    const storedHour = sql.raw("to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD HH24')");
    const grains = [
      { table: "usage_hourly_models", user: false, minRows: 50, bucket: hourOf, stored: storedHour },
      {
        table: "usage_day_models",
        user: false,
        minRows: 8,
        bucket: sql.raw("(created_at at time zone 'UTC')::date::text"),
        stored: sql.raw("day::text"),
      },
      { table: "usage_hourly_user_models", user: true, minRows: 100, bucket: hourOf, stored: storedHour },
      {
        table: "usage_day_user_models",
        user: true,
        minRows: 20,
        bucket: sql.raw(
          "(date_trunc('hour', created_at) at time zone (select usage_day_zone(timezone) from users u where u.id = user_id))::date::text",
        ),
        stored: sql.raw("day::text"),
      },
    ] as const;
    for (const grain of grains) {
      const table = sql.raw(grain.table);
      const key = sql.raw(grain.user ? "user_id, provider_id, model_id" : "provider_id, model_id");
      const order = sql.raw(grain.user ? "1, 2, 3, 4" : "1, 2, 3");
      const { bucket, stored } = grain;
      const rawRows = rowsOf(
        await db().execute(sql`
          select ${bucket} as bucket, ${key}, ${measures("logs")}
          from ai_usage_logs group by 1, ${key} order by ${order}`),
      );
      const rollupRows = rowsOf(
        await db().execute(
          sql`select ${stored} as bucket, ${key}, ${measures("rollup")} from ${table} order by ${order}`,
        ),
      );
      expect(rollupRows.length, grain.table).toBeGreaterThan(grain.minRows);
      expect(rollupRows, grain.table).toEqual(rawRows);
      for (const column of ["latency", "ttft"] as const) {
        const ms = sql.raw(`${column}_ms`);
        const rawSlots = rowsOf(
          await db().execute(sql`
            select ${bucket} as bucket, ${key},
              (select count(*) from unnest(${bounds}) b where b < ${ms})::int + 1 as slot, count(*)::int as n
            from ai_usage_logs where ${ms} is not null group by 1, ${key}, slot order by ${order}, slot`),
        );
        const storedSlots = rowsOf(
          await db().execute(sql`
            select ${stored} as bucket, ${key}, s.slot::int as slot, s.n
            from ${table}, unnest(array[${sql.raw(HISTOGRAM_COLUMNS[column].join(", "))}]) with ordinality as s(n, slot)
            where s.n > 0 order by ${order}, slot`),
        );
        expect(storedSlots, `${grain.table} ${column}`).toEqual(rawSlots);
      }
    }
  });

  it("never loses good rows when one is rejected, and reports the bad one", async () => {
    const writer = new UsageWriter(db(), { flushIntervalMs: 1000 });
    const good = users[0]!;
    const before = await db().select().from(aiUsageLogs).where(eq(aiUsageLogs.userId, good));
    writer.enqueue(record(good, { modelName: "keep-1" }));
    writer.enqueue(record("99999999-9999-4999-8999-999999999999", { modelName: "orphan" }));
    writer.enqueue(record(good, { modelName: "keep-2" }));
    const spy = console.error;
    console.error = () => {};
    await writer.flush();
    console.error = spy;
    const after = await db().select().from(aiUsageLogs).where(eq(aiUsageLogs.userId, good));
    expect(after.length - before.length).toBe(2);
    expect(writer.rejected.map((r) => r.record.modelName)).toEqual(["orphan"]);
    const [rollup] = rowsOf<{ n: number }>(
      await db().execute(
        sql`select coalesce(sum(requests), 0)::int as n from usage_daily where user_id = ${good}`,
      ),
    );
    const [logs] = rowsOf<{ n: number }>(
      await db().execute(sql`select count(*)::int as n from ai_usage_logs where user_id = ${good}`),
    );
    expect(rollup?.n).toBe(logs?.n);
    expect(writer.pendingMicroUsd(`u:${good}`)).toBe(0n);
  });

  it("merges rows whose dimensions are NULL into one rollup row per hour", async () => {
    const writer = new UsageWriter(db());
    const u = (await makeUser(db())).id;
    const at = new Date("2026-01-05T10:15:00Z");
    writer.enqueue(record(u, { createdAt: at }));
    await writer.flush();
    writer.enqueue(record(u, { createdAt: new Date("2026-01-05T10:45:00Z") }));
    await writer.flush();
    const rows = await db().select().from(usageDaily).where(eq(usageDaily.userId, u));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      requests: 2,
      tokensIn: 20,
      cost: "0.000200",
      bucketStart: new Date("2026-01-05T10:00:00Z"),
    });
    const coarse = await db()
      .select()
      .from(usageHourlyModels)
      .where(eq(usageHourlyModels.bucketStart, new Date("2026-01-05T10:00:00Z")));
    expect(coarse).toHaveLength(1);
    expect(coarse[0]).toMatchObject({
      providerId: null,
      modelId: null,
      requests: 2,
      tokensIn: 20,
      cost: "0.000200",
    });
  });
});
