import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditLogs, packages } from "@/db/schema";
import { seedCatalog } from "@/db/seed-catalog";
import { AdminUsersRepo } from "@/lib/admin/users";
import { describeEachEngine } from "@/lib/testing/db";
import { ctx, makeUser } from "@/lib/testing/fixtures";
import { makeGateway, mockIntegration } from "@/lib/testing/gateway";
import { type MockLlm, startMockLlm } from "@/mock-llm/server";
import { effectiveLimits } from "./limits";
import { PlanAdmin } from "./plan-admin";
import { DEFAULT_PLANS } from "./plans";

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(async () => {
  await mock.close();
});

const FREE = DEFAULT_PLANS[0]?.limits ?? {
  monthlyCredits: 0,
  maxModelsPerCompare: 0,
  requestsPerMinute: 0,
  monthlyCostCapUsd: 0,
};

describeEachEngine("admin plan limits", ({ db }) => {
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let freeId = "";

  beforeAll(async () => {
    await seedCatalog(db());
    admin = await makeUser(db(), { role: "admin" });
    const [free] = await db().select({ id: packages.id }).from(packages).where(eq(packages.slug, "free"));
    freeId = free?.id ?? "";
  });

  it("is for admins only", async () => {
    const u = await makeUser(db());
    expect(() => new PlanAdmin(db(), u.actor)).toThrow(/Only administrators/);
  });

  it("lists the plans with their limits and how many users each governs", async () => {
    const before = await new PlanAdmin(db(), admin.actor).list();
    const count = (slug: string) => before.find((p) => p.slug === slug)?.members ?? 0;
    const u = await makeUser(db());
    await new AdminUsersRepo(db(), admin.actor).setPlan({ userId: u.id, plan: "pro" }, ctx);
    const plans = await new PlanAdmin(db(), admin.actor).list();
    expect(plans.map((p) => p.slug)).toEqual(["free", "pro", "enterprise"]);
    expect(plans[0]?.limits).toEqual(FREE);
    // The new user joined on free (by tier), then moved to pro (by subscription).
    expect(plans.find((p) => p.slug === "pro")?.members).toBe(count("pro") + 1);
    expect(plans.find((p) => p.slug === "free")?.members).toBe(count("free"));
  });

  it("rejects bad limits with an error naming the field, and changes nothing", async () => {
    const plans = new PlanAdmin(db(), admin.actor);
    const ok = { planId: freeId, ...FREE };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ maxModelsPerCompare: 9 }, "maxModelsPerCompare", /at most 8/],
      [{ maxModelsPerCompare: 0 }, "maxModelsPerCompare", /At least 1/],
      [{ requestsPerMinute: 0 }, "requestsPerMinute", /At least 1/],
      [{ requestsPerMinute: 2.5 }, "requestsPerMinute", /whole number/],
      [{ monthlyCostCapUsd: -1 }, "monthlyCostCapUsd", /negative/],
      [{ monthlyCostCapUsd: 1.234 }, "monthlyCostCapUsd", /two decimals/],
      [{ monthlyCredits: "lots" }, "monthlyCredits", /credits/],
      [{ planId: "free" }, "planId", /plan id/],
    ];
    for (const [patch, field, message] of cases) {
      const err = await plans.updateLimits({ ...ok, ...patch }, ctx).catch((e: unknown) => e);
      expect(err, field).toMatchObject({ code: "validation_failed", field });
      expect(String((err as Error).message)).toMatch(new RegExp(`^${field}: `));
      expect(String((err as Error).message)).toMatch(message);
    }
    const { requestsPerMinute: _, ...missing } = ok;
    await expect(plans.updateLimits(missing, ctx)).rejects.toMatchObject({ field: "requestsPerMinute" });
    await expect(
      plans.updateLimits({ ...ok, planId: "00000000-0000-4000-8000-000000000000" }, ctx),
    ).rejects.toMatchObject({ code: "not_found" });
    const [row] = await db()
      .select({ limits: packages.limits })
      .from(packages)
      .where(eq(packages.id, freeId));
    expect(row?.limits).toEqual(FREE);
  });

  it("applies at once to every member, writes an audit row with before/after, and the gateway enforces it", async () => {
    const plans = new PlanAdmin(db(), admin.actor);
    const member = await makeUser(db());
    const { modelIds } = await mockIntegration(db(), admin.actor, mock.url, {
      models: ["mock-gpt@reply=ok"],
    });
    const modelId = modelIds["mock-gpt@reply=ok"] ?? "";
    const { gateway, writer } = makeGateway(db());
    const call = () =>
      gateway.generate({ actor: member.actor, modelId, messages: [{ role: "user", content: "hi" }] });

    // Cached by the first read; the edit must not wait for the cache to expire.
    expect(await effectiveLimits(db(), member.id)).toMatchObject({ requestsPerMinute: 20 });
    expect((await call()).status).toBe("success");

    const after = {
      monthlyCredits: 50,
      maxModelsPerCompare: 3,
      requestsPerMinute: 1,
      monthlyCostCapUsd: 7.5,
    };
    await plans.updateLimits({ planId: freeId, ...after }, { ip: "192.0.2.5", userAgent: "AdminBrowser/2" });
    expect(await effectiveLimits(db(), member.id)).toMatchObject({ ...after, planSlug: "free" });

    const [entry] = await db()
      .select()
      .from(auditLogs)
      .where(and(eq(auditLogs.entityId, freeId), eq(auditLogs.action, "limits_changed")));
    expect(entry).toMatchObject({
      userId: admin.id,
      entityType: "plan",
      ipAddress: "192.0.2.5",
      metadata: { plan: "free" },
      changes: { before: FREE, after },
    });

    // One request already made this minute: the next is over the new limit of 1.
    const refused = await call().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "rate_limited" });
    expect(String((refused as Error).message)).toMatch(/your Free plan allows 1 per minute/);

    await plans.updateLimits({ planId: freeId, ...FREE }, ctx);
    expect(await effectiveLimits(db(), member.id)).toMatchObject(FREE);
    await writer.flush();
  });
});
