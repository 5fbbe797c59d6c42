import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { auditLogs, users } from "@/db/schema";
import { authenticate } from "@/lib/auth/accounts";
import { validateSession } from "@/lib/auth/sessions";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser, TEST_PASSWORD } from "@/lib/testing/fixtures";
import { AuditLogRepo } from "./audit-log";
import { AdminUsersRepo } from "./users";

describeEachEngine("admin users", ({ db }) => {
  it("is refused to non-admins", async () => {
    const u = await makeUser(db());
    expect(() => new AdminUsersRepo(db(), u.actor)).toThrow(/Only administrators/);
    expect(() => new AuditLogRepo(db(), u.actor)).toThrow(/Only administrators/);
  });

  it("suspends: sessions end at once, sign-in is refused, the audit row has before/after, ip and agent", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const victim = await makeUser(db());
    const { sessionId } = await authenticate(db(), { email: victim.email, password: TEST_PASSWORD }, ctx);
    const repo = new AdminUsersRepo(db(), admin.actor);

    await repo.suspend({ userId: victim.id }, { ip: "192.0.2.10", userAgent: "AdminBrowser/1.0" });

    expect(await validateSession(db(), sessionId)).toBeNull();
    await expect(
      authenticate(db(), { email: victim.email, password: TEST_PASSWORD }, ctx),
    ).rejects.toMatchObject({
      reason: "suspended",
    });
    const [entry] = await db()
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.entityId, victim.id), eq(auditLogs.action, "suspended")));
    expect(entry).toMatchObject({
      userId: admin.id,
      entityType: "user",
      ipAddress: "192.0.2.10",
      userAgent: "AdminBrowser/1.0",
    });
    expect(entry?.changes?.before).toEqual({ suspendedAt: null });
    expect((entry?.changes?.after as { suspendedAt?: string } | undefined)?.suspendedAt).toMatch(/^\d{4}-/);

    await expect(repo.suspend({ userId: victim.id }, ctx)).rejects.toMatchObject({ code: "conflict" });
    await repo.reinstate({ userId: victim.id }, ctx);
    await expect(
      authenticate(db(), { email: victim.email, password: TEST_PASSWORD }, ctx),
    ).resolves.toBeTruthy();
  });

  it("changes roles with an audit trail, but never the admin's own", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const u = await makeUser(db());
    const repo = new AdminUsersRepo(db(), admin.actor);
    await repo.setRole({ userId: u.id, role: "enterprise" }, ctx);
    const [row] = await db().select({ role: users.role }).from(users).where(eq(users.id, u.id));
    expect(row?.role).toBe("enterprise");
    const log = await new AuditLogRepo(db(), admin.actor).list({ action: "role_changed", entityId: u.id });
    expect(log.rows[0]?.changes).toEqual({ before: { role: "user" }, after: { role: "enterprise" } });
    expect(log.rows[0]?.actorEmail).toBe(admin.email);
    await expect(repo.setRole({ userId: admin.id, role: "user" }, ctx)).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(repo.suspend({ userId: admin.id }, ctx)).rejects.toMatchObject({ code: "conflict" });
  });

  it("rejects malformed input with a 4xx naming the field", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const repo = new AdminUsersRepo(db(), admin.actor);
    await expect(repo.setRole({ userId: "x", role: "user" }, ctx)).rejects.toMatchObject({
      code: "validation_failed",
      field: "userId",
    });
    await expect(repo.setRole({ userId: admin.id, role: "god" }, ctx)).rejects.toMatchObject({
      field: "role",
    });
    await expect(repo.suspend({ userId: "00000000-0000-4000-8000-000000000000" }, ctx)).rejects.toMatchObject(
      { code: "not_found" },
    );
  });

  it("searches by name or email and filters by status", async () => {
    const admin = await makeUser(db(), { role: "admin" });
    const target = await makeUser(db(), { name: "Zebulon Quartz" });
    const repo = new AdminUsersRepo(db(), admin.actor);
    const byName = await repo.list({ q: "zebulon" });
    expect(byName.rows.map((r) => r.id)).toEqual([target.id]);
    const byEmail = await repo.list({ q: target.email.slice(0, 8) });
    expect(byEmail.rows.map((r) => r.id)).toContain(target.id);
    await repo.suspend({ userId: target.id }, ctx);
    const suspended = await repo.list({ status: "suspended" });
    expect(suspended.rows.map((r) => r.id)).toContain(target.id);
    expect((await repo.list({ status: "active" })).rows.map((r) => r.id)).not.toContain(target.id);
    // A LIKE wildcard in the search is literal.
    expect((await repo.list({ q: "%" })).total).toBe(0);
  });
});

describeEachEngine("admin plans and budgets", ({ db }) => {
  it("assigns a plan whose limits apply at once, and overrides the budget, with audit rows", async () => {
    const { seedCatalog } = await import("@/db/seed-catalog");
    const { effectiveLimits } = await import("@/lib/billing/limits");
    await seedCatalog(db());
    const admin = await makeUser(db(), { role: "admin" });
    const u = await makeUser(db());
    const repo = new AdminUsersRepo(db(), admin.actor);
    expect((await effectiveLimits(db(), u.id)).planSlug).toBe("free");
    await repo.setPlan({ userId: u.id, plan: "enterprise" }, ctx);
    const limits = await effectiveLimits(db(), u.id);
    expect(limits).toMatchObject({ planSlug: "enterprise", maxModelsPerCompare: 8 });
    await repo.setPlan({ userId: u.id, plan: "pro" }, ctx);
    expect((await effectiveLimits(db(), u.id)).planSlug).toBe("pro");
    await expect(repo.setPlan({ userId: u.id, plan: "platinum" }, ctx)).rejects.toMatchObject({
      field: "plan",
    });

    await repo.setBudget({ userId: u.id, monthlyBudgetUsd: 12.5 }, ctx);
    expect(await effectiveLimits(db(), u.id)).toMatchObject({
      monthlyCostCapUsd: 12.5,
      capSource: "user override",
    });
    await repo.setBudget({ userId: u.id, monthlyBudgetUsd: null }, ctx);
    expect(await effectiveLimits(db(), u.id)).toMatchObject({ monthlyCostCapUsd: 100, capSource: "plan" });
    await expect(repo.setBudget({ userId: u.id, monthlyBudgetUsd: -1 }, ctx)).rejects.toMatchObject({
      field: "monthlyBudgetUsd",
    });

    const log = await new AuditLogRepo(db(), admin.actor).list({ entityId: u.id });
    expect(log.rows.map((r) => r.action)).toEqual(expect.arrayContaining(["plan_changed", "budget_changed"]));
  });
});
