import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { aiModels, retentionPolicies } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { profileSchema } from "@/lib/account/profile";
import type { AppError } from "@/lib/errors";
import { runRetention } from "@/lib/governance/retention";
import { safeTimezone } from "@/lib/marketplace/creator-stats";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { usageRecord } from "@/lib/testing/usage-records";
import { isTimeZone } from "@/lib/time-zones";
import {
  type AnalyticsScope,
  analyticsCube,
  type Dimension,
  METRICS,
  runAnalytics,
  unknownZoneError,
} from "./analytics";
import { writeUsage } from "./writer";

/**
 * Edges of the day grains (migration 0007): zone names, deleted users and retention, where the day
 * path must still agree with the hourly/fine grains.
 */
describeEachEngine("usage day grains: zones, deleted users, retention", ({ db }) => {
  let model: { id: string; providerId: string };

  beforeAll(async () => {
    await seedCatalog(db());
    const [m] = await db()
      .select({ id: aiModels.id, providerId: aiModels.providerId })
      .from(aiModels)
      .limit(1);
    model = m as { id: string; providerId: string };
  });

  const call = (userId: string, at: string) =>
    usageRecord({ userId, providerId: model.providerId, modelId: model.id, createdAt: new Date(at) });

  it("refuses legacy zone names that PostgreSQL's zone data may lack, everywhere a zone is taken", () => {
    // Intl resolves both; PostgreSQL 15 does not know US/Pacific-New (tzdata dropped it in 2020), and
    // Debian moves such names to an optional package.
    for (const tz of ["US/Pacific-New", "SystemV/EST5"]) {
      expect(isTimeZone(tz), tz).toBe(false);
      expect(profileSchema.safeParse({ name: "x", timezone: tz }).success, tz).toBe(false);
      expect(safeTimezone(tz), tz).toBe("UTC");
    }
  });

  it("a zone PostgreSQL does not know is a validation error (422) naming the field, not a 500", async () => {
    const failure = await db()
      .execute(sql`select now() at time zone ${"Mars/Olympus"}`)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(failure).not.toBeNull();
    const refusal = unknownZoneError(failure);
    expect([refusal?.status, refusal?.field, refusal?.message]).toEqual([
      422,
      "timezone",
      "timezone: Unknown time zone.",
    ]);
    expect(unknownZoneError(new Error("connection reset"))).toBeNull();
  });

  it("answers an admin query filtered by a deleted user's id as the fine grain does", async () => {
    // No foreign key on the rollups: a deleted user's rows stay, and readers (analytics, retention)
    // take their days as UTC days, so deleting the user regroups their day rows into UTC days.
    const user = await makeUser(db());
    await db().execute(sql`update users set timezone = 'America/Los_Angeles' where id = ${user.id}`);
    await writeUsage(db(), [
      // 3 April 03:30 UTC is the evening of 2 April in Los Angeles (its day row is the 2nd).
      call(user.id, "2026-04-03T03:30:00Z"),
      call(user.id, "2026-04-03T12:00:00Z"),
      call(user.id, "2026-04-04T05:00:00Z"),
    ]);
    await db().execute(sql`delete from users where id = ${user.id}`);
    const [left] = rowsOf<{ n: number }>(
      await db().execute(
        sql`select count(*)::int as n from usage_day_user_models where user_id = ${user.id}`,
      ),
    );
    expect(left?.n).toBeGreaterThan(0);
    const admin: AnalyticsScope = { kind: "admin" };
    const query = {
      from: new Date("2026-04-01T00:00:00Z"),
      to: new Date("2026-04-06T00:00:00Z"),
      timezone: "UTC",
      granularity: "day" as const,
      dimensions: ["model"] as Dimension[],
      filters: { userId: user.id },
      metrics: [...METRICS],
    };
    const fine = await runAnalytics(db(), admin, query, { grain: "fine" });
    expect(fine.map((r) => [r.bucket, r.requests])).toEqual([
      ["2026-04-03T00:00:00", 2],
      ["2026-04-04T00:00:00", 1],
    ]);
    expect(await runAnalytics(db(), admin, query)).toEqual(fine);
  });

  it("after retention, a user's dashboard by model agrees with the same view from usage_daily", async () => {
    // Retention cuts every per-user grain, usage_daily's per-user rows included, at the user's own
    // midnight (their day rows are in their zone), so grainOf's choice never changes the numbers.
    const user = await makeUser(db());
    await db().execute(sql`update users set timezone = 'America/Los_Angeles' where id = ${user.id}`);
    // now - 400 days = 2024-05-06T15:00Z, whose UTC day starts on 5 May in Los Angeles: the user's
    // rows go up to the start of 5 May there (5 May 07:00 UTC), so the call at 10:00 UTC on the 5th
    // (03:00 in LA) stays in all of them.
    await writeUsage(db(), [call(user.id, "2024-05-05T10:00:00Z"), call(user.id, "2024-05-07T10:00:00Z")]);
    await db()
      .insert(retentionPolicies)
      .values({ entity: "usage_daily", deleteAfterDays: 400 })
      .onConflictDoUpdate({ target: retentionPolicies.entity, set: { deleteAfterDays: 400, enabled: true } });
    await runRetention(db(), new Date("2025-06-10T15:00:00Z"));
    const scope: AnalyticsScope = { kind: "user", userId: user.id };
    const query = {
      from: new Date("2024-05-01T00:00:00Z"),
      to: new Date("2024-05-10T00:00:00Z"),
      timezone: "America/Los_Angeles",
      granularity: "none" as const,
      dimensions: ["model"] as Dimension[],
      metrics: ["requests" as const],
    };
    const viaDays = await runAnalytics(db(), scope, query);
    const fine = await runAnalytics(db(), scope, query, { grain: "fine" });
    expect(viaDays).toEqual(fine);
  });

  it("reads today's part up to now from its day row and still gives back usage logged in a later hour", async () => {
    // The user's zone puts now near local noon, so today has past hours in range and later hours
    // out of it. Reading today from its day row (fewer past hours than the hour rows) must give
    // back every hour after the range, including one holding a call stamped ahead of the clock
    // (an instance whose clock runs fast).
    const now = Date.now();
    const offset = 12 - new Date(now).getUTCHours();
    const zone = offset === 0 ? "Etc/GMT" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
    const user = await makeUser(db());
    await db().execute(sql`update users set timezone = ${zone} where id = ${user.id}`);
    const at = (ms: number) => new Date(now + ms).toISOString();
    await writeUsage(db(), [
      call(user.id, at(-26 * 3_600_000)),
      call(user.id, at(-5 * 3_600_000)),
      call(user.id, at(-20 * 60_000)),
      call(user.id, at(3 * 3_600_000)),
    ]);
    const scope: AnalyticsScope = { kind: "user", userId: user.id };
    for (const granularity of ["day", "none"] as const) {
      const query = {
        from: new Date(now - 2 * 86_400_000),
        to: new Date(now),
        timezone: zone,
        granularity,
        dimensions: ["model"] as Dimension[],
        metrics: [...METRICS],
      };
      const fine = await runAnalytics(db(), scope, query, { grain: "fine" });
      expect(await runAnalytics(db(), scope, query), `${zone} ${granularity}`).toEqual(fine);
      expect(fine.reduce((n, r) => n + Number(r.requests), 0)).toBe(3);
    }
  });

  // Clocks falling back from 01:00 to 00:00 make midnight happen twice (Azores 25 Oct 2026 01:00 UTC,
  // Havana 1 Nov 2026 05:00 UTC): the hour between the two midnights is on the new date (the
  // writer's rule), though PostgreSQL reads that date's midnight as the later one.
  for (const { zone, at, day } of [
    { zone: "Atlantic/Azores", at: "2026-10-25T00:30:00Z", day: "2026-10-25" },
    { zone: "America/Havana", at: "2026-11-01T04:30:00Z", day: "2026-11-01" },
  ]) {
    it(`starts the day of a user in ${zone} at its first midnight when midnight happens twice`, async () => {
      const user = await makeUser(db());
      await db().execute(sql`update users set timezone = ${zone} where id = ${user.id}`);
      await writeUsage(db(), [call(user.id, at)]);
      const [row] = rowsOf<{ day: string }>(
        await db().execute(
          sql`select day::text as day from usage_day_user_models where user_id = ${user.id}`,
        ),
      );
      expect(row?.day).toBe(day);
      const scope: AnalyticsScope = { kind: "user", userId: user.id };
      const start = Date.parse(at) - 3 * 86_400_000;
      for (const timezone of [zone, "UTC"]) {
        for (const granularity of ["day", "none"] as const) {
          const query = {
            from: new Date(start),
            to: new Date(start + 6 * 86_400_000),
            timezone,
            granularity,
            dimensions: ["model"] as Dimension[],
            metrics: [...METRICS],
          };
          const fine = await runAnalytics(db(), scope, query, { grain: "fine" });
          expect(fine.map((r) => r.requests)).toEqual([1]);
          expect(await runAnalytics(db(), scope, query), `${zone} seen from ${timezone}`).toEqual(fine);
        }
      }
    });
  }

  it("refuses a dimension named twice as a validation error naming the field", async () => {
    const refusal = await runAnalytics(
      db(),
      { kind: "admin" },
      {
        from: new Date("2026-05-01T00:00:00Z"),
        to: new Date("2026-05-04T00:00:00Z"),
        dimensions: ["model", "model"],
        metrics: ["requests"],
      },
    ).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect([refusal?.status, refusal?.field]).toEqual([422, "dimensions"]);
  });

  it("keeps costs exact to the micro-dollar when a dashboard's total passes 2^53 micro-dollars", async () => {
    // Two days of one model at about six billion dollars each (rollup rows hold up to a trillion):
    // the total, 12,000,000,000.000003, is odd in micro-dollars and above 2^53, so a double cannot
    // hold it. Written to the hour and day grains alike (a day row equals its hour rows).
    const [first, second] = ["2031-01-10", "2031-01-11"];
    for (const [day, cost] of [
      [first, "6000000000.000001"],
      [second, "6000000000.000002"],
    ] as const) {
      await db().execute(sql`insert into usage_hourly_models (bucket_start, provider_id, model_id, requests, success_count, cost)
        values (${`${day}T05:00:00Z`}::timestamptz, ${model.providerId}, ${model.id}, 1, 1, ${cost})`);
      await db().execute(sql`insert into usage_day_models (day, provider_id, model_id, requests, success_count, cost)
        values (${day}::date, ${model.providerId}, ${model.id}, 1, 1, ${cost})`);
    }
    const query = {
      from: new Date(`${first}T00:00:00Z`),
      to: new Date("2031-01-12T00:00:00Z"),
      timezone: "UTC",
      granularity: "day" as const,
      dimensions: ["model"] as Dimension[],
    };
    const cube = await analyticsCube(db(), { kind: "admin" }, query);
    expect(cube.rows({ bucket: false, dimensions: [] }, ["cost"])).toEqual([
      { bucket: null, cost: "12000000000.000003" },
    ]);
    expect(cube.rows({ bucket: true, dimensions: [] }, ["cost"]).map((r) => r.cost)).toEqual([
      "6000000000.000001",
      "6000000000.000002",
    ]);
  });
});
