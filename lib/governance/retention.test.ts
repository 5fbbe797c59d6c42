import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { auditLogs, notifications, retentionPolicies, retentionRuns, userSessions } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
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

  it("the usage_daily policy deletes old rollups at every grain, the coarse tables included", async () => {
    const u = await makeUser(db());
    const old = "2020-01-01T00:00:00Z";
    const recent = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
    for (const at of [old, recent]) {
      await db().execute(
        sql`insert into usage_daily (bucket_start, request_type, requests, success_count) values (${at}::timestamptz, 'chat', 1, 1)`,
      );
      await db().execute(
        sql`insert into usage_hourly_models (bucket_start, requests, success_count) values (${at}::timestamptz, 1, 1)`,
      );
      await db().execute(
        sql`insert into usage_hourly_user_models (bucket_start, user_id, requests, success_count) values (${at}::timestamptz, ${u.id}, 1, 1)`,
      );
    }
    await db()
      .insert(retentionPolicies)
      .values({ entity: "usage_daily", deleteAfterDays: 400 })
      .onConflictDoUpdate({ target: retentionPolicies.entity, set: { deleteAfterDays: 400, enabled: true } });
    const results = await runRetention(db());
    expect(results?.find((r) => r.entity === "usage_daily")).toEqual({
      entity: "usage_daily",
      deleted: 3,
      error: null,
    });
    const left = await db().execute(
      sql`select (select count(*)::int from usage_daily) as daily, (select count(*)::int from usage_hourly_models) as models,
        (select count(*)::int from usage_hourly_user_models) as user_models`,
    );
    expect(rowsOf(left)).toEqual([{ daily: 1, models: 1, user_models: 1 }]);
  });
});
