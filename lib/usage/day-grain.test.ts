import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { aiModels, USAGE_STATUSES } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { formatMicroUsd } from "@/lib/ai/pricing";
import { describeEachEngine } from "@/lib/testing/db";
import { makeUser } from "@/lib/testing/fixtures";
import { random } from "@/lib/testing/random";
import { usageRecord } from "@/lib/testing/usage-records";
import { type AnalyticsScope, analyticsCube, type Dimension, METRICS, runAnalytics } from "./analytics";
import { writeUsage } from "./writer";

const DAY = 86_400_000;
/** Usage around the spring and autumn clock changes of 2026 (EU 29 Mar / 25 Oct, US 8 Mar / 1 Nov, Adelaide 5 Apr / 4 Oct). */
const WINDOWS = [
  { from: Date.parse("2026-03-26T00:00:00Z"), to: Date.parse("2026-04-08T00:00:00Z") },
  { from: Date.parse("2026-10-01T00:00:00Z"), to: Date.parse("2026-11-04T00:00:00Z") },
];
/** Whole-hour, half-hour and quarter-hour offsets, both sides of UTC and the date line, with and without DST. */
const ZONES = [
  "UTC",
  "Europe/Berlin",
  "Europe/London",
  "America/New_York",
  "America/St_Johns",
  "Australia/Adelaide",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Tokyo",
  "Pacific/Kiritimati",
  "Pacific/Pago_Pago",
  // Clocks change at midnight: Beirut 29 Mar 00:00 → 01:00 and 25 Oct 00:00 → 24 Oct 23:00,
  // Santiago 5 Apr 00:00 → 4 Apr 23:00, Havana 1 Nov 01:00 → 00:00.
  "Asia/Beirut",
  "America/Santiago",
  "America/Havana",
];

describeEachEngine("usage day grains", ({ db }) => {
  let users: string[] = [];
  let models: { id: string; providerId: string }[] = [];

  beforeAll(async () => {
    await seedCatalog(db());
    // Users whose own days (their day rows) are Berlin's, Kolkata's, Beirut's, Santiago's and the
    // Azores' (whose midnight happens twice on 25 October).
    users = [];
    for (const zone of [
      "Europe/Berlin",
      "Asia/Kolkata",
      "Asia/Beirut",
      "America/Santiago",
      "Atlantic/Azores",
    ]) {
      const user = await makeUser(db());
      await db().execute(sql`update users set timezone = ${zone} where id = ${user.id}`);
      users.push(user.id);
    }
    models = await db().select({ id: aiModels.id, providerId: aiModels.providerId }).from(aiModels).limit(6);
    const next = random(2026);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
    const records = [];
    for (let i = 0; i < 1500; i++) {
      const window = pick(WINDOWS);
      // models[4] is rare (some of its days have usage only in an hour a plan subtracts); models[5]
      // gets one call only, below.
      const model =
        next() < 0.04 ? (models[4] as { id: string; providerId: string }) : pick(models.slice(0, 4));
      records.push(
        usageRecord({
          userId: pick(users),
          providerId: model.providerId,
          modelId: next() < 0.05 ? null : model.id,
          tokensIn: Math.floor(next() * 5000),
          tokensOut: Math.floor(next() * 2000),
          cost: formatMicroUsd(BigInt(Math.floor(next() * 50_000))),
          status: next() < 0.8 ? "success" : pick(USAGE_STATUSES),
          latencyMs: next() < 0.1 ? null : Math.floor(next() ** 2 * 150_000),
          ttftMs: next() < 0.3 ? null : Math.floor(next() ** 2 * 20_000),
          createdAt: new Date(window.from + Math.floor(next() * (window.to - window.from))),
        }),
      );
    }
    // Berlin's 2 April (CEST) is 1 April 22:00 to 2 April 22:00 UTC: a call at 2 April 22:30 UTC is
    // in the UTC day's row but belongs to Berlin's 3 April.
    const lone = models[5] as { id: string; providerId: string };
    records.push(
      usageRecord({
        userId: users[0] as string,
        providerId: lone.providerId,
        modelId: lone.id,
        createdAt: new Date("2026-04-02T22:30:00Z"),
      }),
    );
    await writeUsage(db(), records);
  });

  /** Rows of a day grain that differ from its hour rows summed per day (UTC days, or the user's). */
  async function dayRowsOffBy(): Promise<Record<string, { n: number; differing: number }>> {
    const measures = "sum(requests)::int, sum(cost)::text, sum(latency_h3)::int, sum(ttft_sum_ms)::bigint";
    const out: Record<string, { n: number; differing: number }> = {};
    for (const [day, hour, key, dayOf] of [
      [
        "usage_day_models",
        "usage_hourly_models",
        "provider_id, model_id",
        "(bucket_start at time zone 'UTC')::date",
      ],
      [
        "usage_day_user_models",
        "usage_hourly_user_models",
        "user_id, provider_id, model_id",
        "(bucket_start at time zone (select usage_day_zone(timezone) from users u where u.id = user_id))::date",
      ],
    ] as const) {
      const [row] = rowsOf<{ n: number; differing: number }>(
        await db().execute(sql`
          with h as (select ${sql.raw(dayOf)} as day, ${sql.raw(key)}, ${sql.raw(measures)} from ${sql.raw(hour)} group by 1, ${sql.raw(key)}),
          d as (select day, ${sql.raw(key)}, ${sql.raw(measures)} from ${sql.raw(day)} group by 1, ${sql.raw(key)})
          select (select count(*)::int from d) as n,
            (select count(*)::int from ((table d except table h) union all (table h except table d)) x) as differing`),
      );
      out[day] = row as { n: number; differing: number };
    }
    return out;
  }

  it("keeps each day row equal to the sum of its hour rows (UTC days, and each user's own days)", async () => {
    const off = await dayRowsOffBy();
    expect(off.usage_day_models?.n).toBeGreaterThan(40);
    expect(off.usage_day_user_models?.n).toBeGreaterThan(80);
    expect(off).toEqual({
      usage_day_models: { n: off.usage_day_models?.n, differing: 0 },
      usage_day_user_models: { n: off.usage_day_user_models?.n, differing: 0 },
    });
  });

  it("puts an hour on the date it starts on in the user's zone, half-hour offsets included", async () => {
    const user = await makeUser(db());
    await db().execute(sql`update users set timezone = 'Asia/Kolkata' where id = ${user.id}`);
    const model = models[0] as { id: string; providerId: string };
    // Kolkata's 2 April starts at 1 April 18:30 UTC: the hour from 18:00 UTC (23:30 there) is the
    // 1st, the hour from 19:00 UTC the 2nd.
    await writeUsage(
      db(),
      ["2026-04-01T18:40:00Z", "2026-04-01T19:05:00Z", "2026-04-01T19:55:00Z"].map((at) =>
        usageRecord({
          userId: user.id,
          providerId: model.providerId,
          modelId: model.id,
          createdAt: new Date(at),
        }),
      ),
    );
    const days = rowsOf<{ day: string; n: number }>(
      await db().execute(sql`select day::text as day, requests as n from usage_day_user_models
        where user_id = ${user.id} order by day`),
    );
    expect(days).toEqual([
      { day: "2026-04-01", n: 1 },
      { day: "2026-04-02", n: 2 },
    ]);
  });

  it("puts usage in the viewer's day even when it sits in an hour the UTC day row must give back", async () => {
    const lone = models[5] as { id: string; providerId: string };
    const query = {
      from: new Date("2026-04-01T22:00:00Z"),
      to: new Date("2026-04-04T22:00:00Z"),
      timezone: "Europe/Berlin",
      granularity: "day" as const,
      dimensions: ["model"] as Dimension[],
      filters: { modelId: lone.id },
      metrics: ["requests" as const],
    };
    // All users' day rows are UTC days.
    const scope: AnalyticsScope = { kind: "admin" };
    const fine = await runAnalytics(db(), scope, query, { grain: "fine" });
    expect(await runAnalytics(db(), scope, query)).toEqual(fine);
    expect(fine).toEqual([{ bucket: "2026-04-03T00:00:00", model: lone.id, requests: 1 }]);
    // The UTC day row of 2 April has the call (and is read for Berlin's 2 April, minus its last hours).
    const [utc] = rowsOf<{ n: number }>(
      await db().execute(sql`select coalesce(sum(requests), 0)::int as n from usage_day_models
        where model_id = ${lone.id} and day = '2026-04-02'`),
    );
    expect(utc?.n).toBe(1);
  });

  it("answers every zone, granularity and range exactly as the hourly rows do, across clock changes", async () => {
    const next = random(99);
    const admin: AnalyticsScope = { kind: "admin" };
    // Admin (UTC days) and each user (their own days), seen from every zone.
    const scopes: AnalyticsScope[] = [admin, ...users.map((userId) => ({ kind: "user" as const, userId }))];
    const shapes: Dimension[][] = [[], ["model"], ["model", "provider"]];
    let compared = 0;
    for (const timezone of ZONES) {
      for (const granularity of ["day", "week", "month", "none"] as const) {
        const window = WINDOWS[compared % 2] as { from: number; to: number };
        // A random window, or whole days (custom ranges start at a midnight), some longer than the data.
        const aligned = next() < 0.3;
        let start = window.from - DAY + Math.floor(next() * 6 * DAY);
        if (aligned) start = Math.floor(start / DAY) * DAY;
        const end = start + (aligned ? Math.ceil(next() * 20) * DAY : Math.floor((0.05 + next()) * 20 * DAY));
        const scope = scopes[compared % scopes.length] as AnalyticsScope;
        const dimensions = shapes[Math.floor(compared / 3) % 3] as Dimension[];
        const query = {
          from: new Date(start),
          to: new Date(end),
          timezone,
          granularity,
          dimensions,
          filters: {},
        };
        const viaDays = await runAnalytics(db(), scope, { ...query, metrics: [...METRICS] });
        const viaHours = await runAnalytics(
          db(),
          scope,
          { ...query, metrics: [...METRICS] },
          { grain: "fine" },
        );
        expect(
          viaDays,
          `${timezone} ${granularity} ${query.from.toISOString()}–${query.to.toISOString()}`,
        ).toEqual(viaHours);
        expect(viaHours.length).toBeGreaterThan(0);
        const cube = await analyticsCube(db(), scope, query);
        const fineCube = await analyticsCube(db(), scope, query, { grain: "fine" });
        expect(cube.rows({ bucket: true, dimensions }, METRICS)).toEqual(
          fineCube.rows({ bucket: true, dimensions }, METRICS),
        );
        compared++;
      }
    }
    expect(compared).toBe(ZONES.length * 4);
  });

  it("regroups a user's day rows when their zone changes, even while usage is being written", async () => {
    const user = users[0] as string;
    const scope: AnalyticsScope = { kind: "user", userId: user };
    const query = {
      from: new Date("2026-03-26T00:00:00Z"),
      to: new Date("2026-04-08T00:00:00Z"),
      timezone: "America/New_York",
      granularity: "day" as const,
      dimensions: ["model"] as Dimension[],
      metrics: [...METRICS],
    };
    const model = models[0] as { id: string; providerId: string };
    const call = (at: string) =>
      usageRecord({ userId: user, providerId: model.providerId, modelId: model.id, createdAt: new Date(at) });
    // The zone changes in one transaction while a write for the same user starts: the writer waits
    // for the regrouping (or the regrouping for the writer), never interleaves with it.
    let written: Promise<void> | null = null;
    await db().transaction(async (tx) => {
      await tx.execute(sql`update users set timezone = 'America/New_York' where id = ${user}`);
      written = writeUsage(db(), [call("2026-04-03T03:30:00Z"), call("2026-04-03T04:30:00Z")]);
      await new Promise((r) => setTimeout(r, 50));
    });
    await written;
    const [days] = rowsOf<{ day: string; n: number }>(
      await db().execute(sql`select day::text as day, sum(requests)::int as n from usage_day_user_models
        where user_id = ${user} and model_id = ${model.id} and day in ('2026-04-02', '2026-04-03') group by 1 order by 1 limit 1`),
    );
    // 03:30 UTC on 3 April is the evening of the 2nd in New York.
    expect(days?.day).toBe("2026-04-02");
    expect((await dayRowsOffBy()).usage_day_user_models?.differing).toBe(0);
    expect(await runAnalytics(db(), scope, query)).toEqual(
      await runAnalytics(db(), scope, query, { grain: "fine" }),
    );
    // A zone PostgreSQL does not know (written around the app's validation) falls back to UTC days.
    await db().execute(sql`update users set timezone = 'Mars/Olympus' where id = ${user}`);
    await writeUsage(db(), [call("2026-04-03T23:30:00Z")]);
    expect((await dayRowsOffBy()).usage_day_user_models?.differing).toBe(0);
    const utcQuery = { ...query, timezone: "UTC" };
    expect(await runAnalytics(db(), scope, utcQuery)).toEqual(
      await runAnalytics(db(), scope, utcQuery, { grain: "fine" }),
    );
  });
});
