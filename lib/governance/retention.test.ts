import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { auditLogs, notifications, retentionPolicies, retentionRuns, userSessions } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { usageRecord } from "@/lib/testing/usage-records";
import { writeUsage } from "@/lib/usage/writer";
import { RetentionAdmin, runRetention } from "./retention";

describeEachEngine("retention", ({ db }) => {
  beforeAll(async () => {
    await seedCatalog(db());
  });

  it("deletes what is past its policy in batches, keeps the rest, and records the run", async () => {
    const u = await makeUser(db());
    const old = new Date(Date.now() - 200 * 86_400_000);
    // 2,500 old notifications (more than one batch) and 3 recent ones.
    await db().execute(
      sql`insert into notifications (user_id, kind, title, created_at) select ${u.id}, 'test', 'old', ${old.toISOString()}::timestamptz from generate_series(1, 2500)`,
    );
    for (let i = 0; i < 3; i++)
      await db().insert(notifications).values({ userId: u.id, kind: "test", title: "new" });
    // An ended session long ago and a live one.
    await db()
      .insert(userSessions)
      .values([
        { userId: u.id, startedAt: old, expiresAt: new Date(old.getTime() + 86_400_000) },
        { userId: u.id, expiresAt: new Date(Date.now() + 86_400_000) },
      ]);
    const results = await runRetention(db());
    expect(results?.find((r) => r.entity === "notifications")).toEqual({
      entity: "notifications",
      deleted: 2500,
      error: null,
    });
    expect(await db().select().from(notifications).where(eq(notifications.userId, u.id))).toHaveLength(3);
    expect(results?.find((r) => r.entity === "user_sessions")?.deleted).toBeGreaterThanOrEqual(1);
    expect(
      (await db().select().from(userSessions).where(eq(userSessions.userId, u.id))).length,
    ).toBeGreaterThanOrEqual(1);
    const runs = await db().select().from(retentionRuns);
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.finishedAt !== null)).toBe(true);
    const [policy] = await db()
      .select()
      .from(retentionPolicies)
      .where(eq(retentionPolicies.entity, "notifications"));
    expect(policy?.lastRunDeleted).toBe(2500);
  });

  it("admins change a policy (audited); a disabled policy deletes nothing", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const u = await makeUser(db());
    const retention = new RetentionAdmin(db(), admin.actor);
    const policy = (await retention.list()).find((p) => p.entity === "notifications");
    await retention.update(policy!.id, { enabled: false }, ctx);
    const old = new Date(Date.now() - 400 * 86_400_000);
    await db().insert(notifications).values({ userId: u.id, kind: "test", title: "ancient", createdAt: old });
    await runRetention(db());
    expect(await db().select().from(notifications).where(eq(notifications.userId, u.id))).toHaveLength(1);
    await expect(retention.update(policy!.id, { deleteAfterDays: 0 }, ctx)).rejects.toMatchObject({
      field: "deleteAfterDays",
    });
    const [entry] = await db().select().from(auditLogs).where(eq(auditLogs.entityId, policy!.id));
    expect(entry?.action).toBe("updated");
    expect(() => new RetentionAdmin(db(), u.actor)).toThrow(/Only administrators/);
  });

  it("the usage_daily policy deletes whole days of rollups at every grain: UTC days, and each user's own", async () => {
    const u = await makeUser(db());
    await db().execute(sql`update users set timezone = 'Asia/Tokyo' where id = ${u.id}`);
    const now = new Date("2025-06-10T15:00:00Z");
    // 400 days before `now` is 2024-05-06T15:00Z: UTC 5 May goes, all of UTC 6 May stays (its hours
    // before the cutoff too, or its day row would no longer equal its hours). The user's per-user
    // rows (usage_daily's too) go by their own (Tokyo) days: 6 May there starts at 5 May 15:00 UTC,
    // so the call at 16:00 UTC on the 5th stays in them, and leaves the all-users rows.
    const at = [
      "2024-05-05T10:00:00Z",
      "2024-05-05T16:00:00Z",
      "2024-05-06T03:00:00Z",
      "2025-06-10T14:00:00Z",
    ];
    await writeUsage(
      db(),
      at.map((t) => usageRecord({ userId: u.id, createdAt: new Date(t) })),
    );
    await db()
      .insert(retentionPolicies)
      .values({ entity: "usage_daily", deleteAfterDays: 400 })
      .onConflictDoUpdate({ target: retentionPolicies.entity, set: { deleteAfterDays: 400, enabled: true } });
    const results = await runRetention(db(), now);
    // usage_daily: the first call's per-user and all-users rows, the second's all-users row; hourly
    // models 2; UTC day models 1; the user's hour 1 and Tokyo day 1.
    expect(results?.find((r) => r.entity === "usage_daily")).toEqual({
      entity: "usage_daily",
      deleted: 8,
      error: null,
    });
    const left = await db().execute(
      sql`select (select count(*)::int from usage_daily) as daily, (select count(*)::int from usage_hourly_models) as models,
        (select count(*)::int from usage_hourly_user_models) as user_models,
        (select string_agg(day::text, ',' order by day) from usage_day_models) as day_models,
        (select string_agg(day::text || '=' || requests, ',' order by day) from usage_day_user_models) as user_days,
        (select to_char(min(bucket_start) at time zone 'UTC', 'YYYY-MM-DD HH24:MI') from usage_hourly_models) as first_hour`,
    );
    expect(rowsOf(left)).toEqual([
      {
        daily: 5,
        models: 2,
        user_models: 3,
        day_models: "2024-05-06,2025-06-10",
        user_days: "2024-05-06=2,2025-06-10=1",
        first_hour: "2024-05-06 03:00",
      },
    ]);
  });
});
